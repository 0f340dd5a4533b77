// speed_report [FOLDER] [--idphoto PATH] [--runs N] [--batch N] [--shared DIR] [--convert PATH] [--keep]: where
// the time of `idphoto make` goes on 12-megapixel photos, and how it compares with the least any
// tool must do.
//
// Every photo in FOLDER (default: the samples) is upscaled to a 12 MP JPEG (4032x3024, or
// 3024x4032 for a portrait) in a temporary folder; every figure below is measured in this
// run on those same files, best of N runs (the machine may be busy):
//   - model load: no cache (dlib's .dat and compiled-in detector), first run (builds the
//     cache), warm cache;
//   - per photo, models loaded once: load_image + analyse + make_photo;
//   - the floor: OpenCV full decode + resize to 480x640 + JPEG encode;
//   - ImageMagick `convert IN -resize 480x640^ -gravity center -extent 480x640 OUT`, if found
//     (--convert names the binary, e.g. /usr/bin/convert where a wrapper comes first on PATH);
//   - with --idphoto: the whole `idphoto make IN -o OUT` process, cold start, warm cache;
//     `idphoto batch` over --batch N (default 200) copies of the 12 MP files with --jobs 1
//     and --jobs 2 (per photo = wall time / N, models loaded once per process) and its peak
//     RSS; `idphoto check` over the same N files;
//   - with --shared DIR (e.g. ../shared/testdata): batch --jobs 1 and 2 and the floor over
//     every photo under DIR as it is (their own sizes);
//   - peak RSS (getrusage / wait4; per stage where the kernel lets the peak be reset).
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include <fmt/core.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libphoto/core/memory.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/face/face.hpp"
#include "libphoto/io/image_io.hpp"
#include "libphoto/render/make.hpp"

extern char** environ;

using namespace photo;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// Best (smallest) wall time of `runs` calls, in ms.
double best_of(int runs, const std::function<void()>& f) {
    double best = std::numeric_limits<double>::infinity();
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        f();
        best = std::min(best, ms_since(t0));
    }
    return best;
}

long self_peak_kb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

// Peak RSS since the last reset_peak(), from /proc (Linux >= 4.0 lets it be reset); -1 if unknown.
bool reset_peak() {
    std::ofstream f("/proc/self/clear_refs");
    f << "5";
    f.flush();
    return bool(f);
}
long stage_peak_kb() {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
    return -1;
}

std::string find_on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    if (!path) return "";
    std::string all = path;
    std::size_t start = 0;
    while (start <= all.size()) {
        const std::size_t end = std::min(all.find(':', start), all.size());
        const fs::path candidate = fs::path(all.substr(start, end - start)) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
        start = end + 1;
    }
    return "";
}

struct ProcessRun {
    double ms = 0;
    int status = -1;       // exit code, or -1 if it did not start or was killed
    long peak_kb = 0;
};

// Runs argv without a shell, output to /dev/null, with extra environment variables.
ProcessRun run_process(const std::vector<std::string>& args, const std::vector<std::string>& extra_env = {}) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<std::string> env_store(extra_env);
    std::vector<char*> envp;
    for (auto& e : env_store) envp.push_back(e.data());
    for (char** e = environ; *e; ++e) {
        const std::string entry = *e;
        const bool overridden = std::any_of(extra_env.begin(), extra_env.end(), [&](const std::string& x) {
            return entry.compare(0, x.find('=') + 1, x, 0, x.find('=') + 1) == 0;
        });
        if (!overridden) envp.push_back(*e);
    }
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    ProcessRun run;
    pid_t pid = 0;
    const auto t0 = Clock::now();
    const int err = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (err != 0) return run;
    int status = 0;
    rusage ru{};
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
    }
    run.ms = ms_since(t0);
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.peak_kb = ru.ru_maxrss;
    return run;
}

// Linux carries the spawning process's peak RSS into the child at exec, so children spawned
// from this (large) process would report this one's peak. A helper forked at the start, while
// this process is small, spawns them instead. Requests and replies go through pipes.
class Spawner {
public:
    Spawner() {
        int req[2], rep[2];
        if (::pipe(req) != 0 || ::pipe(rep) != 0) return;
        pid_ = ::fork();
        if (pid_ == 0) {
            ::close(req[1]);
            ::close(rep[0]);
            serve(req[0], rep[1]);
            ::_exit(0);
        }
        ::close(req[0]);
        ::close(rep[1]);
        to_ = req[1];
        from_ = rep[0];
    }
    ~Spawner() {
        if (pid_ <= 0) return;
        ::close(to_);
        ::close(from_);
        int status;
        ::waitpid(pid_, &status, 0);
    }
    ProcessRun run(const std::vector<std::string>& args, const std::vector<std::string>& env) {
        if (pid_ <= 0) return run_process(args, env);
        std::string msg;
        put(msg, args);
        put(msg, env);
        ProcessRun r;
        if (!write_all(to_, msg.data(), msg.size()) || !read_all(from_, &r, sizeof r)) return ProcessRun{};
        return r;
    }

private:
    static void put(std::string& msg, const std::vector<std::string>& v) {
        const std::uint32_t n = std::uint32_t(v.size());
        msg.append(reinterpret_cast<const char*>(&n), 4);
        for (const auto& s : v) {
            const std::uint32_t len = std::uint32_t(s.size());
            msg.append(reinterpret_cast<const char*>(&len), 4);
            msg += s;
        }
    }
    static bool get(int fd, std::vector<std::string>& v) {
        std::uint32_t n;
        if (!read_all(fd, &n, 4)) return false;
        v.resize(n);
        for (auto& s : v) {
            std::uint32_t len;
            if (!read_all(fd, &len, 4)) return false;
            s.resize(len);
            if (len && !read_all(fd, s.data(), len)) return false;
        }
        return true;
    }
    static bool read_all(int fd, void* p, std::size_t n) {
        auto* b = static_cast<char*>(p);
        while (n > 0) {
            const ssize_t k = ::read(fd, b, n);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) return false;
            b += k, n -= std::size_t(k);
        }
        return true;
    }
    static bool write_all(int fd, const void* p, std::size_t n) {
        const auto* b = static_cast<const char*>(p);
        while (n > 0) {
            const ssize_t k = ::write(fd, b, n);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) return false;
            b += k, n -= std::size_t(k);
        }
        return true;
    }
    static void serve(int in, int out) {
        std::vector<std::string> args, env;
        while (get(in, args) && get(in, env)) {
            const ProcessRun r = run_process(args, env);
            if (!write_all(out, &r, sizeof r)) break;
        }
    }

    pid_t pid_ = -1;
    int to_ = -1, from_ = -1;
};

ProcessRun best_process(Spawner& spawner, int runs, const std::vector<std::string>& args,
                        const std::vector<std::string>& env = {}) {
    ProcessRun best;
    best.ms = std::numeric_limits<double>::infinity();
    for (int i = 0; i < runs; ++i) {
        const ProcessRun r = spawner.run(args, env);
        if (r.status < 0 && i == 0) return r;
        if (r.ms < best.ms) best = r;
    }
    return best;
}

bool is_photo(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    const std::string name = p.filename().string();
    if (name.find("_alpha") != std::string::npos || name.find("_thumb") != std::string::npos) return false;
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp" || ext == ".bmp" || ext == ".tif" ||
           ext == ".tiff";
}

// The photo upscaled to cover 12 MP in its own orientation, centre-cropped, as a q92 JPEG.
std::string make_12mp(const fs::path& src, const fs::path& dir) {
    const cv::Mat in = cv::imread(src.string(), cv::IMREAD_COLOR);
    if (in.empty()) return "";
    const cv::Size out = in.cols >= in.rows ? cv::Size(4032, 3024) : cv::Size(3024, 4032);
    const double s = std::max(double(out.width) / in.cols, double(out.height) / in.rows);
    cv::Mat big;
    cv::resize(in, big, cv::Size(), s, s, cv::INTER_CUBIC);
    const cv::Rect roi((big.cols - out.width) / 2, (big.rows - out.height) / 2, out.width, out.height);
    const std::string file = (dir / (src.stem().string() + "_12mp.jpg")).string();
    if (!cv::imwrite(file, big(roi), {cv::IMWRITE_JPEG_QUALITY, 92})) return "";
    return file;
}

// The floor: OpenCV full decode + resize to 480x640 + JPEG encode, best of `runs`, in ms.
double floor_ms(const std::string& file, int runs) {
    return best_of(runs, [&] {
        const cv::Mat full = cv::imread(file, cv::IMREAD_COLOR);
        if (full.empty()) return;
        cv::Mat small;
        cv::resize(full, small, cv::Size(480, 640), 0, 0, cv::INTER_AREA);
        std::vector<unsigned char> out;
        cv::imencode(".jpg", small, out, {cv::IMWRITE_JPEG_QUALITY, 90});
    });
}

// Every photo under `dir` (recursively), as the shared test data holds them.
std::vector<std::string> photos_under(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && is_photo(it->path())) out.push_back(it->path().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string ratio(double a, double b) { return b > 0 && std::isfinite(a) ? fmt::format("{:.2f}x", a / b) : "-"; }
std::string mb(long kb) { return kb > 0 ? fmt::format("{:.0f} MB", kb / 1024.0) : "-"; }

}  // namespace

int main(int argc, char** argv) {
    photo::retain_freed_memory();  // as idphoto does (libphoto/memory.hpp)
    Spawner spawner;  // first, while this process is small
    std::string folder = "/work/main/samples", idphoto, convert;
    int runs = 3, batch_n = 200;
    bool keep = false;
    std::string shared;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--idphoto" && i + 1 < argc) idphoto = argv[++i];
        else if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--batch" && i + 1 < argc) batch_n = std::max(1, std::atoi(argv[++i]));
        else if (a == "--shared" && i + 1 < argc) shared = argv[++i];
        else if (a == "--keep") keep = true;
        else if (a == "--convert" && i + 1 < argc) convert = argv[++i];
        else if (!a.empty() && a[0] != '-') folder = a;
        else {
            fmt::print(stderr, "usage: speed_report [FOLDER] [--idphoto PATH] [--runs N] [--batch N] [--shared DIR] [--convert PATH] [--keep]\n");
            return 2;
        }
    }

    std::string tmpl = (fs::temp_directory_path() / "idphoto-speed-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) {
        fmt::print(stderr, "speed_report: cannot make a temporary folder\n");
        return 2;
    }
    const fs::path tmp = tmpl;
    const fs::path cache = tmp / "cache";

    std::vector<fs::path> sources;
    for (const auto& e : fs::directory_iterator(folder))
        if (e.is_regular_file() && is_photo(e.path())) sources.push_back(e.path());
    std::sort(sources.begin(), sources.end());
    std::vector<std::pair<std::string, std::string>> photos;  // name, 12 MP file
    for (const auto& s : sources)
        if (const std::string f = make_12mp(s, tmp); !f.empty()) photos.emplace_back(s.filename().string(), f);
    if (photos.empty()) {
        fmt::print(stderr, "speed_report: no photos in {}\n", folder);
        return 2;
    }
    const bool per_stage_rss = reset_peak() && stage_peak_kb() > 0;

    fmt::print("speed_report: {} photos from {} as 12 MP JPEGs (q92) in {}; best of {} runs; {} CPUs\n\n",
               photos.size(), folder, tmp.string(), runs, std::thread::hardware_concurrency());

    // --- Model load. Warm first (a cache built in a child process would not be timed), so the
    // per-stage peaks are not hidden under the cold loads' larger ones.
    FaceModelOptions no_cache;
    no_cache.use_cache = false;
    FaceModelOptions with_cache;
    with_cache.cache_dir = cache.string();
    FaceModel::load("", with_cache);  // builds the cache the warm runs read
    reset_peak();
    std::shared_ptr<const FaceModel> model;
    const double warm = best_of(runs, [&] { model = FaceModel::load("", with_cache); });
    const long warm_peak = stage_peak_kb();
    const bool warm_hit = model->source().landmarks_from_cache && model->source().detector_from_cache;

    // --- Per photo, models loaded once.
    const Preset preset = find_preset("chsi");
    struct Row {
        std::string name;
        double decode = 0, analyse = 0, make = 0, total = 0, floor = 0, magick = -1;
        bool made = false;
        ProcessRun process;
    };
    std::vector<Row> rows;
    reset_peak();
    for (const auto& [name, file] : photos) {
        Row r;
        r.name = name;
        r.total = std::numeric_limits<double>::infinity();
        for (int i = 0; i < runs; ++i) try {
            const auto t0 = Clock::now();
            LoadedImage image = load_image(file, load_options_for(preset));
            const double t_decode = ms_since(t0);
            const auto t1 = Clock::now();
            const Analysis a = analyse(std::move(image), *model, file, analyse_options_for(preset));
            const double t_analyse = ms_since(t1);
            const auto t2 = Clock::now();
            const MakeResult m = make_photo(a, preset, {});
            const double t_make = ms_since(t2);
            if (t_decode + t_analyse + t_make < r.total) {
                r.decode = t_decode, r.analyse = t_analyse, r.make = t_make;
                r.total = t_decode + t_analyse + t_make;
                r.made = m.made();
            }
        } catch (const std::exception& e) {
            fmt::print(stderr, "speed_report: {}: {}\n", name, e.what());
            break;
        }
        // The floor, what any tool must do with this file, right after: this VM's speed drifts
        // by 10-20 % within a minute, so the two are compared from the same moment.
        r.floor = floor_ms(file, runs);
        rows.push_back(r);
    }
    const long pipeline_peak = stage_peak_kb();

    // --- ImageMagick.
    if (convert.empty()) convert = find_on_path("convert");
    if (!convert.empty())
        for (std::size_t i = 0; i < photos.size(); ++i) {
            const ProcessRun p = best_process(spawner, runs, {convert, photos[i].second, "-resize", "480x640^", "-gravity",
                                                     "center", "-extent", "480x640", (tmp / "magick.jpg").string()});
            if (p.status == 0) rows[i].magick = p.ms;
        }

    // --- The whole idphoto process, cold start, model cache warm (and once with none).
    ProcessRun first_process, startup;
    if (!idphoto.empty()) {
        // Start-up and exit alone: dynamic linking and library initialisers, no work.
        startup = best_process(spawner, runs, {idphoto, "--help"});
        const std::string env = "IDPHOTO_CACHE_DIR=" + cache.string();
        for (std::size_t i = 0; i < photos.size(); ++i)
            rows[i].process = best_process(spawner, runs, {idphoto, "make", photos[i].second, "-o", (tmp / "out.jpg").string(),
                                                  "--lang", "en"}, {env});
        first_process = spawner.run({idphoto, "make", photos[0].second, "-o", (tmp / "out.jpg").string(), "--lang", "en"},
                                    {"IDPHOTO_CACHE_DIR=" + (tmp / "empty-cache").string()});
    }

    // --- Batches: N copies of the 12 MP files (hard links where the file system allows),
    // `idphoto batch` processes with 1 job and with 2, each into a fresh output folder.
    struct BatchRun {
        std::string what;
        int n = 0;
        ProcessRun jobs1, jobs2, check;
        double floor = 0;  // mean floor per photo of the same files
    };
    std::vector<BatchRun> batches;
    if (!idphoto.empty()) {
        const std::string env = "IDPHOTO_CACHE_DIR=" + cache.string();
        // Best of `runs` for each job count, 1 and 2 alternating: on this VM the run right after
        // a burst of work on both cores (ImageMagick above) was once 40 % slower than the rest.
        // Peak RSS is the largest of the runs.
        auto run_batches = [&](BatchRun b, const fs::path& in, const std::vector<std::string>& files) {
            for (int run = 0; run < runs; ++run)
                for (int jobs : {1, 2}) {
                    const fs::path out = tmp / fmt::format("batch-out-{}", jobs);
                    std::error_code ec;
                    fs::remove_all(out, ec);
                    const ProcessRun r = spawner.run(
                        {idphoto, "batch", in.string(), "-o", out.string(), "--jobs", std::to_string(jobs), "--quiet"}, {env});
                    fs::remove_all(out, ec);
                    ProcessRun& best = jobs == 1 ? b.jobs1 : b.jobs2;
                    const long peak = std::max(best.peak_kb, r.peak_kb);
                    if (run == 0 || (r.status == best.status && r.ms < best.ms)) best = r;
                    best.peak_kb = peak;
                }
            std::vector<std::string> check_args{idphoto, "check", "--json", "--lang", "en"};
            check_args.insert(check_args.end(), files.begin(), files.end());
            b.check = spawner.run(check_args, {env});
            batches.push_back(b);
        };
        const fs::path in = tmp / "batch-in";
        fs::create_directories(in);
        std::vector<std::string> files;
        double floor_sum = 0;
        for (int i = 0; i < batch_n; ++i) {
            const auto& [name, file] = photos[std::size_t(i) % photos.size()];
            const fs::path copy = in / fmt::format("{:04d}_{}", i, fs::path(file).filename().string());
            std::error_code ec;
            fs::create_hard_link(file, copy, ec);
            if (ec) fs::copy_file(file, copy, ec);
            files.push_back(copy.string());
            floor_sum += rows[std::size_t(i) % photos.size()].floor;
        }
        BatchRun b;
        b.what = fmt::format("{} x 12 MP ({} files repeated)", batch_n, photos.size());
        b.n = batch_n;
        b.floor = floor_sum / batch_n;
        run_batches(b, in, files);
        // The floor once more after the batches, each file's the best of both measurements
        // (never an easier target for the batch than the floor at its fastest).
        for (std::size_t i = 0; i < photos.size(); ++i)
            rows[i].floor = std::min(rows[i].floor, floor_ms(photos[i].second, runs));
        floor_sum = 0;
        for (int i = 0; i < batch_n; ++i) floor_sum += rows[std::size_t(i) % photos.size()].floor;
        batches.back().floor = floor_sum / batch_n;
        if (!shared.empty()) {
            const std::vector<std::string> sh = photos_under(shared);
            if (!sh.empty()) {
                BatchRun s;
                s.what = fmt::format("{} photos of {}", sh.size(), shared);
                s.n = int(sh.size());
                double sum = 0;
                for (const auto& f : sh) sum += floor_ms(f, runs);
                s.floor = sum / double(sh.size());
                run_batches(s, shared, sh);
            }
        }
    }

    // --- Cold model loads last: their peaks are the largest.
    reset_peak();
    const double cold = best_of(runs, [&] { FaceModel::load("", no_cache); });
    const long cold_peak = stage_peak_kb();
    double first = std::numeric_limits<double>::infinity();
    for (int i = 0; i < runs; ++i) {
        std::error_code ec;
        fs::remove_all(tmp / "first-cache", ec);
        FaceModelOptions o;
        o.cache_dir = (tmp / "first-cache").string();
        first = std::min(first, best_of(1, [&] { FaceModel::load("", o); }));
    }

    // --- Report.
    fmt::print("model load (detector + 68 landmarks)       ms   vs no cache   peak RSS\n");
    fmt::print("  no cache (.dat + dlib's compressed det) {:7.1f}   {:>9}   {:>8}\n", cold, "1.00x",
               per_stage_rss ? mb(cold_peak) : "-");
    fmt::print("  first run (same + write the cache)      {:7.1f}   {:>9}\n", first, ratio(first, cold));
    fmt::print("  warm cache{:<30}{:7.1f}   {:>9}   {:>8}\n", warm_hit ? " (mapped)" : " (MISSED!)", warm,
               ratio(warm, cold), per_stage_rss ? mb(warm_peak) : "-");
    fmt::print("face detector: {}\n\n", model->source().simd_module.empty()
                                             ? std::string("built-in (x86-64 baseline; no AVX2 module in use)")
                                             : "AVX2 module " + model->source().simd_module);

    fmt::print("per 12 MP photo, ms     decode analyse    make   total |  floor  total/floor | convert  /floor");
    if (!idphoto.empty()) fmt::print(" | idphoto process  /0.6s  peak RSS");
    fmt::print("\n");
    double sum_total = 0, sum_floor = 0, sum_magick = 0, sum_process = 0;
    int n_magick = 0, n_process = 0;
    for (const Row& r : rows) {
        fmt::print("  {:<20.20} {:7.1f} {:7.1f} {:7.1f} {:7.1f} | {:6.1f} {:>12} | {:>7} {:>7}", r.name, r.decode,
                   r.analyse, r.make, r.total, r.floor, ratio(r.total, r.floor),
                   r.magick >= 0 ? fmt::format("{:.1f}", r.magick) : "-", r.magick >= 0 ? ratio(r.magick, r.floor) : "-");
        if (!idphoto.empty())
            fmt::print(" | {:>10} {:>4} {:>6} {:>9}", r.process.status >= 0 ? fmt::format("{:.1f}", r.process.ms) : "-",
                       r.process.status == 0 ? "made" : r.process.status == 1 ? "ref." : "err",
                       r.process.status >= 0 ? ratio(r.process.ms, 600) : "-", mb(r.process.peak_kb));
        fmt::print("{}\n", r.made ? "" : "   (refused: no photo made)");
        sum_total += r.total, sum_floor += r.floor;
        if (r.magick >= 0) sum_magick += r.magick, ++n_magick;
        if (r.process.status >= 0) sum_process += r.process.ms, ++n_process;
    }
    const double n = double(rows.size());
    fmt::print("  {:<20} {:>7} {:>7} {:>7} {:7.1f} | {:6.1f} {:>12} | {:>7} {:>7}", "mean", "", "", "", sum_total / n,
               sum_floor / n, ratio(sum_total, sum_floor), n_magick ? fmt::format("{:.1f}", sum_magick / n_magick) : "-",
               n_magick ? ratio(sum_magick / n_magick, sum_floor / n) : "-");
    if (!idphoto.empty())
        fmt::print(" | {:>10} {:>4} {:>6}", n_process ? fmt::format("{:.1f}", sum_process / n_process) : "-", "",
                   n_process ? ratio(sum_process / n_process, 600) : "-");
    fmt::print("\n\n");
    if (!idphoto.empty() && startup.status >= 0)
        fmt::print("idphoto --help (process start-up and exit only): {:.1f} ms ({} the 0.6 s goal), peak RSS {}\n",
                   startup.ms, ratio(startup.ms, 600), mb(startup.peak_kb));
    if (!idphoto.empty() && first_process.status >= 0)
        fmt::print("idphoto process with an empty model cache (first ever run): {:.1f} ms ({} the 0.6 s goal), peak RSS {}\n",
                   first_process.ms, ratio(first_process.ms, 600), mb(first_process.peak_kb));
    if (per_stage_rss)
        fmt::print("peak RSS of this process: models warm {}, + pipeline on all photos {}, models cold {}\n",
                   mb(warm_peak), mb(pipeline_peak), mb(cold_peak));
    else
        fmt::print("peak RSS of this process: {} (per-stage peaks unavailable: /proc/self/clear_refs not writable)\n",
                   mb(self_peak_kb()));
    if (!batches.empty()) {
        fmt::print("\nidphoto batch, one process (models loaded once), per photo = wall / photos:\n");
        fmt::print("  {:<44} {:>9} {:>9} {:>7} {:>9} {:>9} {:>7} {:>8} {:>9}\n", "photos", "1 job ms", "/floor", "RSS",
                   "2 jobs ms", "/floor", "speedup", "RSS", "check ms");
        for (const BatchRun& b : batches) {
            auto per = [&](const ProcessRun& r) { return r.status >= 0 ? r.ms / b.n : -1.0; };
            auto cell = [](double v) { return v >= 0 ? fmt::format("{:.1f}", v) : std::string("-"); };
            fmt::print("  {:<44.44} {:>9} {:>9} {:>7} {:>9} {:>9} {:>7} {:>8} {:>9}\n", b.what, cell(per(b.jobs1)),
                       per(b.jobs1) >= 0 ? ratio(per(b.jobs1), b.floor) : "-", mb(b.jobs1.peak_kb), cell(per(b.jobs2)),
                       per(b.jobs2) >= 0 ? ratio(per(b.jobs2), b.floor) : "-", mb(b.jobs2.peak_kb),
                       per(b.jobs2) > 0 ? ratio(per(b.jobs1), per(b.jobs2)) : "-", cell(per(b.check)));
            fmt::print("  {:<44} floor {:.1f} ms per photo (mean over the same files)\n", "", b.floor);
        }
        fmt::print("  targets: 1 job <= 1.00x the floor, 2 jobs >= 1.80x faster than 1, peak RSS <= 400 MB for 200 12 MP photos\n");
    }
    fmt::print("ImageMagick convert: {}\n", convert.empty() ? "not installed" : convert);

    if (!keep) {
        std::error_code ec;
        fs::remove_all(tmp, ec);
    }
    return 0;
}
