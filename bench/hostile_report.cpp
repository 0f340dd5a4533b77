// hostile_report: what each decompression bomb of the security review (issue #15) costs until
// it is refused or decoded: wall time and peak RSS, each input decoded by decode_image in a
// child forked from this small process (so the peak is that input's own), with make's load
// options (the DCT-reduced JPEG decode) and with none (full size, the most a decode may
// build). The inputs are built by tests/support/hostile_inputs, the same files bombs_test
// refuses; the HEIC ones are the fuzz regressions. The goal: <= 2 s and <= 600 MB each.
// It prints figures; it asserts nothing.
//
//   build/bench/hostile_report
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "libphoto/error.hpp"
#include "libphoto/image_io.hpp"
#include "libphoto/make.hpp"
#include "libphoto/preset.hpp"
#include "tests/support/hostile_inputs.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Case {
    std::string name;
    std::function<photo::Bytes()> build;
};

// What the child reports through a pipe: the error code, or "decoded WxH".
struct Outcome {
    double ms = 0;
    long peak_kb = 0;
    std::string result;
};

Outcome decode_in_child(const photo::Bytes& bytes, const photo::LoadOptions& options) {
    int fds[2];
    if (::pipe(fds) != 0) return {0, 0, "no pipe"};
    std::fflush(stdout);
    const auto t0 = Clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        std::string result;
        try {
            const photo::LoadedImage img = photo::decode_image(bytes, options);
            result = fmt::format("decoded {}x{}", img.bgr.cols, img.bgr.rows);
        } catch (const photo::Error& e) {
            result = e.code();
        } catch (const std::exception& e) {
            result = std::string("exception: ") + e.what();
        }
        (void)!::write(fds[1], result.data(), result.size());
        ::_exit(0);
    }
    ::close(fds[1]);
    char buf[256] = {};
    std::string result;
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) result.append(buf, std::size_t(n));
    ::close(fds[0]);
    int status = 0;
    rusage ru{};
    ::wait4(pid, &status, 0, &ru);
    Outcome o;
    o.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    o.peak_kb = ru.ru_maxrss;
    o.result = WIFEXITED(status) ? result : fmt::format("killed by signal {}", WTERMSIG(status));
    return o;
}

}  // namespace

int main() {
    const std::string regressions = std::string(IDPHOTO_FUZZ_INPUTS) + "/regressions/image/";
    const std::vector<Case> cases = {
        {"TIFF, 14000x14000 then 16x16 in its size tags", [] { return hostile::tiff_with_duplicate_size(14000); }},
        {"HEIC grid, ispe 31x40, canvas 30000x30000",
         [&] { return photo::read_file(regressions + "bomb-heic-grid-ispe-31x40-canvas-30000x30000.heic"); }},
        {"HEIC grid, one tile named 1600 times", [&] { return photo::read_file(regressions + "bomb-heic-grid-1600-repeated-tiles.heic"); }},
        {"progressive JPEG 12000x10000 grey, 250 scans", [] { return hostile::progressive_jpeg(12000, 10000, 250, 1); }},
        {"progressive JPEG 12000x10000 colour, 250 scans", [] { return hostile::progressive_jpeg(12000, 10000, 250, 3); }},
        {"progressive JPEG 12000x10000 grey, 10 scans", [] { return hostile::progressive_jpeg(12000, 10000, 10, 1); }},
        {"progressive JPEG 8000x6000 colour, 10 scans (48 MP)", [] { return hostile::progressive_jpeg(8000, 6000, 10, 3); }},
    };
    const photo::LoadOptions make_like = photo::load_options_for(photo::find_preset("chsi"));  // as make and check load
    fmt::print("{:<52} {:>9}  {:<22} {:>9} {:>8}   {:<22} {:>9} {:>8}\n", "input", "KB", "make's load", "s", "peak MB",
               "full decode", "s", "peak MB");
    for (const Case& c : cases) {
        photo::Bytes bytes;
        try {
            bytes = c.build();
        } catch (const std::exception& e) {
            fmt::print("{:<52} not built: {}\n", c.name, e.what());
            continue;
        }
        const Outcome a = decode_in_child(bytes, make_like), b = decode_in_child(bytes, {});
        fmt::print("{:<52} {:>9.1f}  {:<22} {:>9.2f} {:>8.0f}   {:<22} {:>9.2f} {:>8.0f}\n", c.name, bytes.size() / 1024.0,
                   a.result, a.ms / 1000, a.peak_kb / 1024.0, b.result, b.ms / 1000, b.peak_kb / 1024.0);
    }
    return 0;
}
