// idphoto: compliant 学信网 graduation photos, and plain answers about photos that are not.
#include <CLI/CLI.hpp>
#include <opencv2/core/utils/logger.hpp>

#include "cli/common.hpp"
#include "libphoto/core/memory.hpp"

int main(int argc, char** argv) {
    photo::retain_freed_memory();  // page faults cost more than the work here (memory.hpp)
    // Errors are reported one line per file by idphoto itself; OpenCV's own chatter is not.
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);
    cli::set_help_lang(cli::help_lang_from_args(std::vector<std::string>(argv + 1, argv + argc)));
    CLI::App app{"idphoto " IDPHOTO_VERSION + cli::tr("：生成符合学信网要求的毕业证照片（480x640），并说明不能用的照片错在哪里",
                                                      ": make compliant graduation-certificate photos (学信网, 480x640) and "
                                                      "say what is wrong with photos that cannot be used")};
    app.require_subcommand(1);
    cli::localise_help(app);
    int exit_code = cli::kOk;
    cli::register_make(app, exit_code);
    cli::register_check(app, exit_code);
    cli::register_batch(app, exit_code);
    cli::register_rename(app, exit_code);
    cli::register_bundle(app, exit_code);
    cli::register_matte(app, exit_code);
    cli::register_presets(app, exit_code);
    cli::register_sheet(app, exit_code);
    for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        sub->group(cli::tr("子命令", "Subcommands"));
        if (CLI::Option* help = sub->get_help_ptr()) help->group(cli::tr("选项", "Options"));  // made before the defaults
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() != 0) {
            const std::string hint = cli::typo_hint(app, std::vector<std::string>(argv + 1, argv + argc));
            if (!hint.empty()) {
                cli::print_error("", hint);
                return cli::kError;
            }
        }
        if (e.get_exit_code() != 0 && cli::help_lang() == photo::Lang::zh) {
            cli::print_error("", cli::usage_error_zh(e));  // CLI11's own words are English
            return cli::kError;
        }
        const int code = app.exit(e);
        return code == 0 ? cli::kOk : cli::kError;  // usage errors are errors (2), --help is not
    }
    return exit_code;
}
