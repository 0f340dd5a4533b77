// idphoto check FILE|FOLDER...: ready, fixable or retake for each photo, with the reasons.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <fmt/core.h>

#include "cli/common.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/encode_png.hpp"
#include "libphoto/department/inputs.hpp"
#include "libphoto/render/make.hpp"
#include "libphoto/department/originals.hpp"
#include "libphoto/department/output_folder.hpp"
#include "libphoto/render/overlay.hpp"
#include "libphoto/render/report.hpp"

namespace cli {

namespace {
struct CheckArgs {
    std::vector<std::string> inputs;
    std::string overlay;
    CommonArgs common;
    bool json = false, all = false, list = false;
};

// --list: every check with its group and what it measures (limits come from the preset).
int list_checks() {
    for (const auto& def : photo::all_checks())
        fmt::print("{:<20} {:<10} {}\n", def.id, photo::to_string(def.group), def.measure);
    return kOk;
}

struct Style {  // ANSI colours on a terminal unless NO_COLOR is set
    bool on = isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    std::string red(const std::string& s) const { return on ? "\033[31m" + s + "\033[0m" : s; }
    std::string yellow(const std::string& s) const { return on ? "\033[33m" + s + "\033[0m" : s; }
    std::string green(const std::string& s) const { return on ? "\033[32m" + s + "\033[0m" : s; }
    std::string dim(const std::string& s) const { return on ? "\033[2m" + s + "\033[0m" : s; }
};

std::string verdict_text(photo::Verdict v, photo::Lang lang, const Style& st) {
    const bool zh = lang == photo::Lang::zh;
    switch (v) {
        case photo::Verdict::ready: return st.green(zh ? "可以直接提交 (ready)" : "ready: submit as it is");
        case photo::Verdict::fixable: return st.yellow(zh ? "可以修复 (fixable)：运行 idphoto make" : "fixable: run idphoto make");
        case photo::Verdict::retake: return st.red(zh ? "需要重拍 (retake)" : "retake: a new photo is needed");
    }
    return "";
}

void print_table(const std::string& file, const std::vector<photo::CheckResult>& checks, photo::Lang lang,
                 bool all, const Style& st) {
    fmt::print("{}  {}\n", file, verdict_text(photo::verdict_of(checks), lang, st));
    for (const auto& c : checks) {
        const bool failed = c.status == photo::CheckStatus::fail || c.status == photo::CheckStatus::warn;
        if (!failed && !all) continue;
        const std::string mark = c.status == photo::CheckStatus::fail ? st.red("✗")
                                 : c.status == photo::CheckStatus::pass ? st.green("✓")
                                                                        : st.dim("-");
        const std::string value = c.value ? fmt::format("{:.2f}", *c.value) : "-";
        fmt::print("  {} {:<20} {:>9}  {}\n", mark, c.id, value,
                   failed ? photo::message(c, lang) : st.dim(c.limit));
    }
}

// One photo named: --overlay names the PNG. Several, or a folder: --overlay names a folder,
// one PNG per photo, named after its path below the folder given (sub/a.jpg: sub_a.guide.png).
bool overlay_is_folder(const CheckArgs& args) {
    return args.inputs.size() > 1 || std::filesystem::is_directory(args.inputs.front());
}

std::string overlay_path(const CheckArgs& args, const photo::InputFile& input) {
    if (!overlay_is_folder(args)) return args.overlay;
    std::string name = std::filesystem::path(input.relative).replace_extension().string();
    std::replace(name.begin(), name.end(), '/', '_');
    return (std::filesystem::path(args.overlay) / (name + ".guide.png")).string();
}

int run_check(const CheckArgs& args) {
    if (args.list) return list_checks();
    if (args.inputs.empty()) {
        print_error("", "check needs at least one photo (or --list); see idphoto check --help");
        return kError;
    }
    const photo::Lang lang = photo::parse_lang(args.common.lang);
    const Style style;
    photo::Preset preset;
    std::shared_ptr<const photo::FaceModel> model;
    photo::InputList list;
    try {
        preset = photo::find_preset(args.common.preset);
        const std::string overlay_dir = !args.overlay.empty() && overlay_is_folder(args) ? args.overlay : "";
        // Folders are walked for photos; the photos of a bundle or batch are checked like any.
        list = photo::collect_inputs(args.inputs, overlay_dir, photo::EarlierOutputs::read);
        model = face_model(args.common.landmarks);
        if (!overlay_dir.empty()) {
            std::filesystem::create_directories(overlay_dir);
            photo::mark_output_folder(overlay_dir);
        }
    } catch (const std::exception& e) {
        print_error("", e, lang);
        return kError;
    }
    int exit_code = list.problems.empty() ? kOk : kError;
    for (const auto& p : list.problems) {
        print_problem(p, lang);
        if (args.json) fmt::print("{}\n", photo::check_json(p.path, {}, p.reason, lang, "io.read"));
    }
    // A file named is checked whatever it holds (its error says why); a folder's other files
    // (notes, .DS_Store) are not photos.
    std::vector<photo::InputFile> photos, not_photos, files;
    photo::split_images(list.files, photos, not_photos);
    std::set<std::string> skipped;
    for (const auto& f : not_photos)
        if (f.from_folder) skipped.insert(f.path);
    for (const auto& f : list.files)  // in the order given
        if (!skipped.count(f.path)) files.push_back(f);
    for (const auto& arg : args.inputs) {  // a folder without a photo is a mistake worth a line
        std::error_code ec;
        if (!std::filesystem::is_directory(arg, ec)) continue;
        const bool any = std::any_of(files.begin(), files.end(), [&](const photo::InputFile& f) {
            return f.from_folder && f.path.compare(0, arg.size(), arg) == 0;
        });
        if (any) continue;
        const std::string why = lang == photo::Lang::zh ? "文件夹中没有照片：请给出照片文件或放有照片的文件夹"
                                                        : "no photo in this folder: give photo files or a folder that holds them";
        print_error(arg, why);
        if (args.json) fmt::print("{}\n", photo::check_json(arg, {}, why, lang, "io.read"));
        exit_code = kError;
    }
    const photo::Originals& originals = list.originals;  // a guide picture never replaces a photo
    for (const auto& file : files) {
        const std::string& input = file.path;
        try {
            if (!args.overlay.empty()) originals.refuse_output(overlay_path(args, file), "--overlay");
            const photo::Analysis a = photo::analyse_file_for(preset, input, *model);
            const auto checks = photo::check_photo(a, preset);
            if (args.json)
                fmt::print("{}\n", photo::check_json(input, checks, "", lang));
            else
                print_table(input, checks, lang, args.all, style);
            if (!args.overlay.empty()) {
                photo::write_file_atomic(overlay_path(args, file),
                                         photo::encode_png(photo::draw_overlay(a, preset, checks, lang)));
            }
            if (photo::verdict_of(checks) != photo::Verdict::ready && exit_code == kOk) exit_code = kNeedsWork;
        } catch (const std::exception& e) {
            print_error(input, e, lang);
            if (args.json)
                fmt::print("{}\n", photo::check_json(input, {}, photo::error_message(e, lang), lang, photo::error_code_of(e)));
            exit_code = kError;
        }
        std::fflush(stdout);
    }
    return exit_code;
}
}  // namespace

void register_check(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<CheckArgs>();
    CLI::App* cmd = app.add_subcommand("check", tr("检查照片：合格（可直接提交）、可修复（idphoto make 能修好）\n"
                                                   "或需重拍（说明原因）。退出码 0 全部合格，1 有照片要处理，2 出错。",
                                                   "Judge photos: ready (submit as is), fixable (idphoto make fixes it)\n"
                                                   "or retake (with the reason). Exit 0 all ready, 1 any needs work, 2 errors."));
    cmd->add_option("inputs", args->inputs, tr("要检查的照片或照片文件夹（- 表示标准输入）", "Photos or folders of photos to check (- for stdin)"));
    cmd->add_flag("--list", args->list, tr("列出所有检查项：编号、类别和测量内容", "List every check: id, group and what it measures"));
    cmd->add_flag("--json", args->json, tr("JSON Lines：每张照片一个对象", "JSON Lines: one object per photo"));
    cmd->add_flag("-a,--all", args->all, tr("列出所有检查项，而不只是不通过的", "List every check, not only the failing ones"));
    cmd->add_option("--overlay", args->overlay,
                    tr("输出一张标有各区域和测量位置的指引图（PNG）；多张照片时给一个文件夹",
                       "Write a guide picture (PNG) with the bands and measured positions; a folder for several photos"));
    add_common_options(cmd, args->common, tr("提示语言", "Message language"));
    cmd->callback([args, &exit_code] { exit_code = run_check(*args); });
}

}  // namespace cli
