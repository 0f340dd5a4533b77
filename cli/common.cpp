#include "cli/common.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "libphoto/error.hpp"
#include "libphoto/suggest.hpp"

namespace cli {

void print_error(const std::string& file, const std::string& reason) {
    std::string line = file.empty() ? "idphoto: " + reason : "idphoto: " + file + ": " + reason;
    for (char& c : line)  // one line, whatever the file name holds
        if (c == '\n' || c == '\r') c = ' ';
    fmt::print(stderr, "{}\n", line);
}

void print_error(const std::string& file, const std::exception& e, photo::Lang lang) {
    print_error(file, photo::error_message(e, lang));
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

void add_common_options(CLI::App* cmd, CommonArgs& args, const std::string& lang_what) {
    cmd->add_option("-p,--preset", args.preset, "Photo standard: a name from `idphoto presets` (any case) or a .yaml file")
        ->capture_default_str();
    cmd->add_option("--lang", args.lang, lang_what + " (default: from the locale, else Chinese)")
        ->check(CLI::IsMember({"zh", "en"}));
    cmd->add_option("--landmarks", args.landmarks, "dlib 68-point model (default $IDPHOTO_LANDMARKS or libdlib-data's)");
}

std::string typo_hint(const CLI::App& app, const std::vector<std::string>& args) {
    std::string lang;  // --lang as given, though the line did not parse
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--lang" && i + 1 < args.size()) lang = args[i + 1];
        if (args[i].rfind("--lang=", 0) == 0) lang = args[i].substr(7);
    }
    const bool zh = photo::parse_lang(lang) == photo::Lang::zh;
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
