// roster_report: how matching an inbox against a roster scales with the roster (issue #15:
// bundle was quadratic, a 200k-row roster and one "张三的照片.txt" did not finish in 30 s).
// Generates rosters of several sizes itself (学号,姓名; unique names from a few hundred
// characters) and prints, per size, the time of each step bundle takes before any photo is
// looked at, each in a forked child so that its peak RSS is its own:
//   - parse_roster of the CSV text, RosterIndex over it;
//   - sort_inbox of 1000 file names (half by 学号 and name, half by name only) and one that
//     names nobody, then the walk over every student that bundle and rename make;
// and with --idphoto, the whole `idphoto bundle --roster R -o OUT -- INBOX` process on an
// inbox of the one file that names nobody (time and peak RSS from wait4). It prints figures;
// it asserts nothing. Linear matching shows as a time per row that stays flat across sizes.
//
//   build/bench/roster_report [--idphoto build/cli/idphoto] [--sizes 10000,50000,200000]
#include <spawn.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "libphoto/department/inbox.hpp"
#include "libphoto/department/roster.hpp"
#include "libphoto/department/roster_index.hpp"

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

constexpr int kFiles = 1000;  // photos in the inbox of the in-process run

// A name for row i: one of 100 family names and two of 40 given-name characters (160000
// names), then a fourth character for larger rosters, so every name is unique.
std::string name_of(std::size_t i) {
    static const std::u32string family = U"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    static const std::u32string given = U"伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力林斌宇浩凯健俊帆鹏";
    std::u32string name;
    name += family[i % 100];
    name += given[(i / 100) % 40];
    name += given[(i / 4000) % 40];
    if (i >= 160000) name += given[(i / 160000) % 40];
    return photo::text::encode_utf8(name);
}

std::string student_id_of(std::size_t i) { return std::to_string(2021000000 + i); }

std::string roster_csv(std::size_t n) {
    std::string csv = "学号,姓名\r\n";
    for (std::size_t i = 0; i < n; ++i) csv += student_id_of(i) + "," + name_of(i) + "\r\n";
    return csv;
}

// Runs `job` in a forked child; its wall time and peak RSS (the child starts from this small
// process, so the peak is the job's own plus the program).
struct Measure {
    double ms = 0;
    long peak_kb = 0;
    int status = -1;
};

Measure in_child(const std::function<void()>& job) {
    std::fflush(stdout);
    Measure m;
    const auto t0 = Clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        job();
        std::fflush(stdout);
        ::_exit(0);
    }
    int status = 0;
    rusage ru{};
    ::wait4(pid, &status, 0, &ru);
    m.ms = ms_since(t0);
    m.peak_kb = ru.ru_maxrss;
    m.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return m;
}

Measure run_process(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    Measure m;
    pid_t pid = 0;
    const auto t0 = Clock::now();
    const int err = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (err != 0) return m;
    int status = 0;
    rusage ru{};
    ::wait4(pid, &status, 0, &ru);
    m.ms = ms_since(t0);
    m.peak_kb = ru.ru_maxrss;
    m.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return m;
}

// The in-process steps, printed by the child as one line.
void match_steps(const std::string& csv, std::size_t n) {
    auto t0 = Clock::now();
    const photo::Roster roster = photo::parse_roster(csv, "generated.csv");
    const double parse_ms = ms_since(t0);
    t0 = Clock::now();
    const photo::RosterIndex index(roster);
    const double index_ms = ms_since(t0);

    std::vector<photo::InputFile> files;
    for (int k = 0; k < kFiles; ++k) {
        const std::size_t i = std::size_t(k) * (n / kFiles);
        const std::string name = k % 2 ? name_of(i) + ".jpg" : student_id_of(i) + " " + name_of(i) + ".jpg";
        files.push_back({"/nonexistent/" + name, name, true});
    }
    files.push_back({"/nonexistent/张三的照片.jpg", "张三的照片.jpg", true});
    t0 = Clock::now();
    const auto entries = photo::sort_inbox(files, index);
    const double sort_ms = ms_since(t0);
    t0 = Clock::now();
    const photo::StudentEntries by_student(entries);
    std::size_t with_photo = 0;
    for (const auto& st : roster.students) with_photo += by_student.chosen(st) != nullptr;
    const double walk_ms = ms_since(t0);
    fmt::print("{:>8} {:>10.1f} {:>10.1f} {:>10.1f} {:>10.1f} {:>9.2f} us  {:>6}\n", n, parse_ms, index_ms, sort_ms,
               walk_ms, 1000.0 * (parse_ms + index_ms + sort_ms + walk_ms) / double(n), with_photo);
}

std::vector<std::size_t> parse_sizes(const std::string& s) {
    std::vector<std::size_t> out;
    for (std::size_t at = 0; at < s.size();) {
        const std::size_t comma = s.find(',', at);
        out.push_back(std::stoul(s.substr(at, comma - at)));
        at = comma == std::string::npos ? s.size() : comma + 1;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::string idphoto;
    std::vector<std::size_t> sizes = {10000, 50000, 200000};
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--idphoto" && i + 1 < argc) idphoto = argv[++i];
        else if (a == "--sizes" && i + 1 < argc) sizes = parse_sizes(argv[++i]);
        else {
            fmt::print(stderr, "usage: roster_report [--idphoto PATH] [--sizes N,N,...]\n");
            return 2;
        }
    }
    std::string tmpl = (fs::temp_directory_path() / "idphoto-roster-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) {
        fmt::print(stderr, "roster_report: cannot make a temporary folder\n");
        return 2;
    }
    const fs::path tmp = tmpl;

    fmt::print("in process, {} photos named for students (half by name only) and one named for nobody; ms\n", kFiles);
    fmt::print("{:>8} {:>10} {:>10} {:>10} {:>10} {:>12}  {:>6}\n", "rows", "parse", "index", "sort_inbox", "walk",
               "per row", "chosen");
    for (const std::size_t n : sizes) {
        const std::string csv = roster_csv(n);
        const Measure m = in_child([&] { match_steps(csv, n); });
        if (m.status != 0) fmt::print("{:>8} failed (status {})\n", n, m.status);
    }

    if (!idphoto.empty()) {
        fmt::print("\n`idphoto bundle` with one file that names nobody (张三的照片.txt)\n");
        fmt::print("{:>8} {:>10} {:>12} {:>10} {:>6}\n", "rows", "s", "us per row", "peak MB", "exit");
        const fs::path inbox = tmp / "inbox";
        fs::create_directories(inbox);
        std::ofstream(inbox / "张三的照片.txt") << "不是照片\n";
        for (const std::size_t n : sizes) {
            const fs::path roster = tmp / fmt::format("roster-{}.csv", n);
            std::ofstream(roster, std::ios::binary) << roster_csv(n);
            const fs::path out = tmp / fmt::format("out-{}", n);
            const Measure m = run_process({idphoto, "bundle", "--roster", roster.string(), "-o", out.string(), "--",
                                           inbox.string()});
            fmt::print("{:>8} {:>10.2f} {:>12.2f} {:>10.0f} {:>6}\n", n, m.ms / 1000.0, 1000.0 * m.ms / double(n),
                       double(m.peak_kb) / 1024.0, m.status);
        }
    }
    std::error_code ec;
    fs::remove_all(tmp, ec);
    return 0;
}
