// idphoto batch INPUT... -o DIR: make for every photo, on every core, resumable.
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include <fmt/core.h>

#include "cli/common.hpp"
#include "libphoto/department/inbox_archives.hpp"
#include "libphoto/department/batch.hpp"
#include "libphoto/core/error.hpp"

namespace cli {

namespace {
struct BatchArgs {
    std::vector<std::string> inputs;
    std::string out_dir, background, shard;
    CommonArgs common;
    int jobs = 0;
    bool quiet = false;
};

// "K/N" -> (K-1, N); throws on anything else.
std::pair<int, int> parse_shard(const std::string& text) {
    int k = 0, n = 0;
    char slash = 0;
    if (std::sscanf(text.c_str(), "%d%c%d", &k, &slash, &n) != 3 || slash != '/' || n < 1 || k < 1 || k > n)
        throw photo::Error(photo::Errc::usage_shard, "--shard takes K/N with 1 <= K <= N, e.g. 3/8");
    return {k - 1, n};
}

// A progress line: a bar with count, rate and time left on a terminal, plain lines otherwise.
// Errors are always said; a photo to retake is said with its first reason unless --quiet
// (report.csv lists them all).
class ProgressPrinter {
public:
    ProgressPrinter(bool quiet, photo::Lang lang) : quiet_(quiet), tty_(isatty(STDERR_FILENO)), lang_(lang) {}

    void operator()(const photo::BatchItem& item, std::size_t done, std::size_t total) {
        // An ignored file is said too: an empty or text "photo.jpg" is a student's missing photo.
        if (item.status == photo::BatchStatus::error || item.status == photo::BatchStatus::ignored)
            print_line(item.input.name() + ": " + item.error);
        if (quiet_) return;
        if (item.status == photo::BatchStatus::retake && !item.failed.empty())
            print_line(item.input.name() + ": " + retake_text(item.failed.front(), lang_));
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        const double rate = done / std::max(secs, 1e-3);
        const double eta = (total - done) / std::max(rate, 1e-9);
        if (tty_) {
            const int width = 30, filled = int(width * done / std::max<std::size_t>(total, 1));
            fmt::print(stderr, "\r[{}{}] {}/{}  {:.1f}/s  ETA {}:{:02d} ", std::string(filled, '='),
                       std::string(width - filled, ' '), done, total, rate, int(eta) / 60, int(eta) % 60);
            if (done == total) fmt::print(stderr, "\n");
        } else {
            fmt::print(stderr, "{}/{} {} {}\n", done, total, status_word(item.status), item.input.name());
        }
    }

private:
    // Chinese for a person; the stable code (report.jsonl's) in English.
    const char* status_word(photo::BatchStatus s) const {
        if (lang_ == photo::Lang::en) return photo::to_string(s);
        switch (s) {
            case photo::BatchStatus::made: return "已生成";
            case photo::BatchStatus::skipped: return "已生成过";
            case photo::BatchStatus::retake: return "需重拍";
            case photo::BatchStatus::ignored: return "非图片";
            case photo::BatchStatus::error: return "出错";
        }
        return photo::to_string(s);
    }
    void print_line(const std::string& text) {
        if (tty_) fmt::print(stderr, "\r\033[K");
        print_error("", text);
    }
    bool quiet_, tty_;
    photo::Lang lang_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

int run_batch(const BatchArgs& args) {
    photo::BatchOptions options;
    options.out_dir = args.out_dir;
    options.background = args.background;
    options.jobs = args.jobs;
    options.lang = photo::parse_lang(args.common.lang);
    try {
        if (!args.shard.empty()) std::tie(options.shard_index, options.shard_count) = parse_shard(args.shard);
        const photo::Preset preset = photo::find_preset(args.common.preset);
        // Archives are unpacked into a private temporary folder, removed when this ends.
        const photo::UnpackedInbox list = photo::unpack_inbox(args.inputs, args.out_dir);
        for (const auto& p : list.problems) print_problem(p, options.lang);
        const auto inputs = photo::shard_of(list.files, options.shard_index, options.shard_count);
        const auto model = face_model(args.common.landmarks);
        ProgressPrinter progress(args.quiet, options.lang);
        const photo::BatchSummary s = photo::run_batch(inputs, list.originals, preset, options, *model, std::ref(progress));
        if (options.lang == photo::Lang::zh)
            fmt::print("{} 个文件：{} 张已生成，{} 张此前已生成，{} 张需重拍，{} 个错误，{} 个不是图片（已略过）；报告见 {}/report.csv\n",
                       s.items.size(), s.made, s.skipped, s.retake, s.errors, s.ignored, args.out_dir);
        else
            fmt::print("{} files: {} made, {} already made, {} to retake, {} errors, {} not images (ignored); report in {}/report.csv\n",
                       s.items.size(), s.made, s.skipped, s.retake, s.errors, s.ignored, args.out_dir);
        if (s.errors > 0 || !list.problems.empty()) return kError;
        return s.retake > 0 ? kNeedsWork : kOk;
    } catch (const std::exception& e) {
        print_error("", e, options.lang);
        return kError;
    }
}
}  // namespace

void register_batch(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<BatchArgs>();
    CLI::App* cmd = app.add_subcommand(
        "batch",
        tr("把文件和文件夹（含子文件夹）中的每张照片生成到 DIR/<名称>.jpg，保持子文件夹结构，\n"
           "并写 DIR/report.jsonl 和 DIR/report.csv。再次运行即可续做：同一输入和设置已生成的照片会跳过。\n"
           "退出码 0 全部生成，1 有照片需重拍，2 出错。\n"
           "大批量可用 --shard K/N 分到多台机器（例如 Slurm 数组作业运行\n"
           "`idphoto batch -o out/ --shard $((SLURM_ARRAY_TASK_ID+1))/$SLURM_ARRAY_TASK_COUNT -- in/`，或\n"
           "GNU parallel：`parallel -S host1,host2 idphoto batch -o out/ --shard {}/8 -- in/ ::: $(seq 8)`）。",
           "Make every photo in files and folders (recursive) into DIR/<name>.jpg, mirroring subfolders,\n"
           "with DIR/report.jsonl and DIR/report.csv. Run it again to resume: photos already made from the\n"
           "same input and settings are skipped. Exit 0 all made, 1 some must be retaken, 2 errors.\n"
           "Split a huge run over machines with --shard K/N (e.g. a Slurm array job runs\n"
           "`idphoto batch -o out/ --shard $((SLURM_ARRAY_TASK_ID+1))/$SLURM_ARRAY_TASK_COUNT -- in/`, or\n"
           "GNU parallel: `parallel -S host1,host2 idphoto batch -o out/ --shard {}/8 -- in/ ::: $(seq 8)`)."));
    cmd->add_option("inputs", args->inputs, inputs_help())->required();
    cmd->add_option("-o,--output", args->out_dir, tr("输出文件夹", "Output folder"))->required();
    cmd->add_option("-b,--background", args->background, tr("背景：规格中的颜色名或 #RRGGBB", "Backdrop: a preset colour name or #RRGGBB"));
    cmd->add_option("-j,--jobs", args->jobs, jobs_help())->check(CLI::Range(0, 256));
    cmd->add_option("--shard", args->shard,
                    tr("只做 N 份中的第 K 份（从 1 起），按路径的稳定哈希划分", "Take only share K of N (1-based), split by a stable hash of the path"));
    cmd->add_flag("-q,--quiet", args->quiet, tr("不显示进度（错误仍会显示）", "No progress output (errors are still printed)"));
    add_common_options(cmd, args->common, tr("输出和 report.jsonl 的语言", "Language of the output and report.jsonl"));
    cmd->callback([args, &exit_code] { exit_code = run_batch(*args); });
}

}  // namespace cli
