// hostile_report: what each decompression bomb of the security review (issue #15) costs until
// it is refused or decoded: wall time and peak RSS, each input decoded by decode_image in a
// child forked from this small process (so the peak is that input's own), with make's load
// options (the DCT-reduced JPEG decode) and with none (full size, the most a decode may
// build). The inputs are built by tests/support/hostile_inputs, the same files bombs_test
// refuses; the HEIC ones are the fuzz regressions. Then zip bombs, unpacked as bundle unpacks
// an inbox (extract_archive, default limits). The goal: <= 2 s and <= 600 MB each.
// It prints figures; it asserts nothing.
//
//   build/bench/hostile_report
#include <archive.h>
#include <archive_entry.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "libphoto/department/archive.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/image_io.hpp"
#include "libphoto/render/make.hpp"
#include "libphoto/analysis/preset.hpp"
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

// Runs `work` in a forked child and reports its wall time, peak RSS and result line.
Outcome in_child(const std::function<std::string()>& work) {
    int fds[2];
    if (::pipe(fds) != 0) return {0, 0, "no pipe"};
    std::fflush(stdout);
    const auto t0 = Clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        std::string result;
        try {
            result = work();
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

Outcome decode_in_child(const photo::Bytes& bytes, const photo::LoadOptions& options) {
    return in_child([&] {
        const photo::LoadedImage img = photo::decode_image(bytes, options);
        return fmt::format("decoded {}x{}", img.bgr.cols, img.bgr.rows);
    });
}

// A zip of `members` members of `member_bytes` zeros each, deflated.
void zip_of_zeros(const std::string& path, int members, std::size_t member_bytes) {
    archive* a = archive_write_new();
    archive_write_set_format_zip(a);
    archive_write_open_filename(a, path.c_str());
    const std::string zeros(member_bytes, '\0');
    for (int i = 0; i < members; ++i) {
        archive_entry* e = archive_entry_new();
        archive_entry_copy_pathname(e, fmt::format("part{:03}.bmp", i).c_str());
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, la_int64_t(member_bytes));
        archive_write_header(a, e);
        archive_write_data(a, zeros.data(), zeros.size());
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
}

// Unpacks an archive as bundle does (default limits) into a fresh folder below `scratch`.
Outcome extract_in_child(const std::string& archive_path, const std::string& scratch) {
    return in_child([&] {
        const std::string dest = scratch + "/unpacked";
        std::filesystem::remove_all(dest);
        std::filesystem::create_directory(dest);
        std::vector<photo::ArchiveProblem> problems;
        const auto members = photo::extract_archive(archive_path, dest, {}, problems);
        std::uint64_t bytes = 0;
        for (const auto& m : members) bytes += m.size;
        return fmt::format("{} members, {:.0f} MB{}", members.size(), bytes / 1048576.0,
                           problems.empty() ? "" : ", stopped");
    });
}

void archive_report() {
    char tmpl[] = "/tmp/hostile_report.XXXXXX";
    if (!::mkdtemp(tmpl)) return;
    const std::string scratch = tmpl;
    struct ArchiveCase {
        const char* name;
        int members;
        std::size_t member_bytes;
    };
    fmt::print("\n{:<52} {:>9}  {:<30} {:>9} {:>8}\n", "archive (bundle's unpacking, default limits)", "KB", "result", "s", "peak MB");
    for (const ArchiveCase& c : {ArchiveCase{"zip, 320 members of 4 MB - 1 of zeros (1.28 GB)", 320, (4u << 20) - 1},
                                 ArchiveCase{"zip, one member of 300 MB of zeros", 1, 300u << 20},
                                 ArchiveCase{"zip, 20000 empty members", 20000, 0}}) {
        const std::string path = scratch + "/bomb.zip";
        zip_of_zeros(path, c.members, c.member_bytes);
        const Outcome o = extract_in_child(path, scratch);
        fmt::print("{:<52} {:>9.1f}  {:<30} {:>9.2f} {:>8.0f}\n", c.name, std::filesystem::file_size(path) / 1024.0, o.result,
                   o.ms / 1000, o.peak_kb / 1024.0);
    }
    std::filesystem::remove_all(scratch);
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
    archive_report();
    return 0;
}
