#include "cli/common.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "libphoto/core/error.hpp"
#include "libphoto/core/suggest.hpp"

namespace cli {

void print_error(const std::string& file, const std::string& reason) {
    std::string line = file.empty() ? "idphoto: " + reason : "idphoto: " + file + ": " + reason;
    for (char& c : line)  // one line, whatever the file name holds
        if (c == '\n' || c == '\r') c = ' ';
    fmt::print(stderr, "{}\n", line);
}

namespace {
photo::Lang g_help_lang = photo::Lang::zh;
}

void set_help_lang(photo::Lang lang) { g_help_lang = lang; }
photo::Lang help_lang() { return g_help_lang; }

photo::Lang help_lang_from_args(const std::vector<std::string>& args) {
    std::string lang;  // --lang as given, though the line has not been parsed yet
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--") break;
        if (args[i] == "--lang" && i + 1 < args.size()) lang = args[i + 1];
        if (args[i].rfind("--lang=", 0) == 0) lang = args[i].substr(7);
    }
    return photo::parse_lang(lang);
}

std::string tr(const char* zh, const char* en) { return g_help_lang == photo::Lang::zh ? zh : en; }

void localise_help(CLI::App& app) {
    if (g_help_lang == photo::Lang::zh) app.option_defaults()->group("选项");  // before the flags, which take it
    app.set_help_flag("-h,--help", tr("显示帮助并退出", "Print this help message and exit"));
    app.set_version_flag("--version", IDPHOTO_VERSION, tr("显示版本并退出", "Display program version information and exit"));
    if (g_help_lang != photo::Lang::zh) return;
    auto f = app.get_formatter();
    for (const auto& [en, zh] : std::vector<std::pair<const char*, const char*>>{
             {"Usage", "用法"}, {"OPTIONS", "选项"}, {"SUBCOMMAND", "子命令"}, {"SUBCOMMANDS", "子命令"},
             {"Positionals", "位置参数"}, {"Needs", "需要"}, {"Excludes", "不能与"}, {"Env", "环境变量"}})
        f->label(en, zh);
    // TEXT, INT and REQUIRED stay: CLI11 pads the option column by bytes, so Chinese there would
    // push the descriptions out of line.
}

std::string usage_error_zh(const CLI::ParseError& e) {
    const char* kind = "命令行有误";
    if (dynamic_cast<const CLI::RequiredError*>(&e)) kind = "缺少必填的参数";
    else if (dynamic_cast<const CLI::ExtrasError*>(&e)) kind = "有多余的参数";
    else if (dynamic_cast<const CLI::ValidationError*>(&e) || dynamic_cast<const CLI::ConversionError*>(&e)) kind = "参数的值不对";
    else if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) kind = "参数的个数不对";
    return fmt::format("{}（{}）：运行 idphoto --help 或 idphoto 子命令 --help 查看用法", kind, e.what());
}

void print_error(const std::string& file, const std::exception& e, photo::Lang lang) {
    print_error(file, photo::error_message(e, lang));
}

void print_problem(const photo::InputProblem& problem, photo::Lang lang) {
    if (lang == photo::Lang::en) return print_error(problem.path, problem.reason);
    print_error(problem.path, problem.reason_zh.empty() ? "无法读取或解出：" + problem.reason : problem.reason_zh);
}

std::string retake_text(const photo::CheckResult& check, photo::Lang lang) {
    const bool zh = lang == photo::Lang::zh;
    return (zh ? "需要重拍（" : "retake (") + check.id + (zh ? "）：" : "): ") + photo::message(check, lang);
}

void print_roster_issues(const std::string& roster_path, const photo::Roster& roster, bool zh) {
    for (const auto& issue : roster.issues)
        print_error(roster_path, fmt::format("{} {}: {}", zh ? "第" : "line", issue.line,
                                             zh ? issue.message_zh : issue.message_en));
}

std::shared_ptr<const photo::FaceModel> face_model(const std::string& landmark_path) {
    static std::shared_ptr<const photo::FaceModel> model;
    if (!model) model = photo::FaceModel::load(landmark_path);
    return model;
}

void add_lang_option(CLI::App* cmd, std::string& lang, const std::string& what) {
    cmd->add_option("--lang", lang, what + tr("（默认：按系统语言，否则中文）", " (default: from the locale, else Chinese)"))
        ->check(CLI::IsMember({"zh", "en"}));
}

void add_landmarks_option(CLI::App* cmd, std::string& landmarks) {
    cmd->add_option("--landmarks", landmarks,
                    tr("dlib 68 点人脸特征模型（默认 $IDPHOTO_LANDMARKS 或 libdlib-data 自带的）",
                       "dlib 68-point model (default $IDPHOTO_LANDMARKS or libdlib-data's)"));
}

void add_common_options(CLI::App* cmd, CommonArgs& args, const std::string& lang_what) {
    cmd->add_option("-p,--preset", args.preset,
                    tr("照片规格：`idphoto presets` 列出的名称（不分大小写）或一个 .yaml 文件",
                       "Photo standard: a name from `idphoto presets` (any case) or a .yaml file"))
        ->capture_default_str();
    add_lang_option(cmd, args.lang, lang_what);
    add_landmarks_option(cmd, args.landmarks);
}

std::string typo_hint(const CLI::App& app, const std::vector<std::string>& args) {
    const bool zh = help_lang_from_args(args) == photo::Lang::zh;
    if (args.empty() || args[0].empty() || args[0][0] == '-') return "";
    std::vector<std::string> commands;
    const CLI::App* cmd = nullptr;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        commands.push_back(sub->get_name());
        if (sub->get_name() == args[0]) cmd = sub;
    }
    if (!cmd) {
        const std::string near = photo::closest(args[0], commands);
        if (near.empty()) return "";
        return zh ? fmt::format("没有 '{}' 这个命令，是不是要用 '{}'？（idphoto --help 列出所有命令）", args[0], near)
                  : fmt::format("unknown command '{}': did you mean '{}'? (idphoto --help lists them)", args[0], near);
    }
    std::vector<std::string> options;
    for (const CLI::Option* o : cmd->get_options()) {
        for (const auto& l : o->get_lnames()) options.push_back("--" + l);
        for (const auto& s : o->get_snames()) options.push_back("-" + s);
    }
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--") break;  // what follows is files
        if (args[i].size() < 3 || args[i].compare(0, 2, "--") != 0) continue;
        const std::string word = args[i].substr(0, args[i].find('='));
        if (std::find(options.begin(), options.end(), word) != options.end()) continue;
        const std::string near = photo::closest(word, options);
        if (near.empty()) continue;
        return zh ? fmt::format("{} 没有 '{}' 这个选项，是不是要用 '{}'？（idphoto {} --help 列出所有选项）", cmd->get_name(), word,
                                near, cmd->get_name())
                  : fmt::format("{} has no option '{}': did you mean '{}'? (idphoto {} --help lists them)", cmd->get_name(),
                                word, near, cmd->get_name());
    }
    return "";
}

}  // namespace cli
