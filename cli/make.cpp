// idphoto make IN -o OUT: one photo in, one compliant photo out, or a refusal that says why.
#include <algorithm>
#include <filesystem>

#include <fmt/core.h>

#include "cli/common.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/department/originals.hpp"
#include "libphoto/render/make.hpp"
#include "libphoto/render/report.hpp"

namespace cli {

namespace {
struct MakeArgs {
    std::string input, output, background;
    CommonArgs common;
    std::vector<std::string> accept;
    bool json = false;
};

int run_make(const MakeArgs& args) {
    const photo::Lang lang = photo::parse_lang(args.common.lang);
    photo::MakeResult result;
    try {
        photo::Originals original;
        original.add(args.input);
        original.refuse_output(args.output);
        photo::check_output_extension(args.output, "jpeg");
        photo::check_acceptable({args.accept.begin(), args.accept.end()});
        const photo::Preset preset = photo::find_preset(args.common.preset);
        photo::resolve_background(preset, args.background);  // a bad colour is a usage error: fail before work
        const auto model = face_model(args.common.landmarks);
        const photo::Analysis analysis = photo::analyse_file_for(preset, args.input, *model);
        photo::MakeOptions options;
        options.background = args.background;
        options.accept = {args.accept.begin(), args.accept.end()};
        result = photo::make_photo(analysis, preset, options);
        if (result.made()) photo::write_file_atomic(args.output, result.jpeg->bytes);
    } catch (const photo::Error& e) {
        print_error(args.input, e, lang);
        if (args.json) fmt::print("{}\n", photo::make_json(args.input, args.output, nullptr, photo::error_message(e, lang), lang, photo::error_code_of(e)));
        return kError;
    } catch (const std::exception& e) {  // OpenCV or dlib on input we did not foresee
        print_error(args.input, std::string("unexpected failure: ") + e.what());
        if (args.json) fmt::print("{}\n", photo::make_json(args.input, args.output, nullptr, photo::error_message(e, lang), lang, photo::error_code_of(e)));
        return kError;
    }

    if (args.json) {
        // With -o - the photo goes to stdout, so the JSON goes to stderr instead.
        std::FILE* to = args.output == "-" ? stderr : stdout;
        fmt::print(to, "{}\n", photo::make_json(args.input, args.output, &result, "", lang));
    } else if (result.made()) {
        const auto& m = result.plan->measures;
        const auto& j = *result.jpeg;
        std::FILE* to = args.output == "-" ? stderr : stdout;
        if (lang == photo::Lang::zh)
            fmt::print(to, "已生成 {}（{:.1f} KB，质量 {}）：头顶 {:.0f} px，眼线 {:.0f} px，脸宽 {:.0f} px，偏离中线 {:+.0f} px\n",
                       args.output, j.bytes.size() / 1024.0, j.quality, m.crown_px, m.eye_line_px,
                       m.face_width_px, m.centre_offset_px);
        else
            fmt::print(to, "made {} ({:.1f} KB, quality {}): crown {:.0f} px, eye line {:.0f} px, face width {:.0f} px, centre {:+.0f} px\n",
                       args.output, j.bytes.size() / 1024.0, j.quality, m.crown_px, m.eye_line_px,
                       m.face_width_px, m.centre_offset_px);
        for (const auto& c : result.checks)  // said every time: a person decided this
            if (c.status == photo::CheckStatus::accepted) fmt::print(to, "  {} {}\n", c.id, photo::message(c, lang));
        if (!j.size_in_range)
            print_error(args.input, lang == photo::Lang::zh ? "提示：文件大小不在标准范围内（质量已到上限或下限）"
                                                             : "note: file size outside the preset's range at any allowed quality");
    }
    if (result.made()) return kOk;
    for (const auto& id : result.reasons) {
        const auto c = std::find_if(result.checks.begin(), result.checks.end(), [&](const auto& r) { return r.id == id; });
        if (c != result.checks.end()) print_error(args.input, retake_text(*c, lang));
    }
    return kNeedsWork;
}
}  // namespace

void register_make(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<MakeArgs>();
    CLI::App* cmd = app.add_subcommand("make", tr("生成一张合格照片：裁剪、换背景、尺寸、dpi、文件大小。\n"
                                                  "退出码 0 已生成，1 需重拍（原因在 stderr），2 出错。",
                                                  "Make one compliant photo: crop, new background, size, dpi, KB.\n"
                                                  "Exit 0 made, 1 refused (retake; reasons on stderr), 2 error."));
    cmd->add_option("input", args->input,
                    tr("要转换的照片（JPEG、PNG、WebP、BMP、TIFF、HEIC；- 表示标准输入）",
                       "Photo to convert (JPEG, PNG, WebP, BMP, TIFF, HEIC; - for stdin)"))
        ->required();
    cmd->add_option("-o,--output", args->output, tr("输出 JPEG 的路径（- 表示标准输出）", "Where to write the JPEG (- for stdout)"))
        ->required();
    cmd->add_option("--accept", args->accept,
                    tr("即使这项拍摄检查不通过也生成：你看过照片并接受它（可重复；\n"
                       "例如 --accept mouth.closed；输出和 JSON 中会注明）",
                       "Make it although this capture check fails: you looked at the photo and accept it (repeatable;\n"
                       "e.g. --accept mouth.closed; the photo then says so in make's output and JSON)"))
        ->allow_extra_args(false);  // one id per --accept, so the photo after it is not taken for a second id
    cmd->add_option("-b,--background", args->background,
                    tr("背景：规格中的颜色名（chsi：blue、white、grey）或 #RRGGBB",
                       "Backdrop: a preset colour (chsi: blue, white, grey) or #RRGGBB"));
    cmd->add_flag("--json", args->json, tr("输出一个 JSON 对象而不是文字", "Print one JSON object instead of text"));
    add_common_options(cmd, args->common, tr("提示语言", "Message language"));
    cmd->callback([args, &exit_code] { exit_code = run_make(*args); });
}

}  // namespace cli
