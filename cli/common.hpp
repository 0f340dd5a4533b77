#pragma once
// What every subcommand shares: exit codes, the one-line error format, model loading.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "libphoto/checks/checks.hpp"
#include "libphoto/face/face.hpp"
#include "libphoto/render/report.hpp"
#include "libphoto/department/inputs.hpp"
#include "libphoto/department/roster.hpp"

namespace cli {

// The language of --help and of the messages CLI11 prints before a command runs: --lang as
// written on the command line, else the locale (main sets it before any option is added).
void set_help_lang(photo::Lang lang);
photo::Lang help_lang();
photo::Lang help_lang_from_args(const std::vector<std::string>& args);
// The help text in that language.
std::string tr(const char* zh, const char* en);
// CLI11's own words in --help (Usage, Options, REQUIRED, TEXT ...) and the help flag, in that
// language. Call before the subcommands are added: they copy the help flag and option group.
void localise_help(CLI::App& app);
// A command-line error CLI11 reports in English, said in Chinese: what kind of mistake, CLI11's
// detail, and where to look ("运行 idphoto --help 查看用法").
std::string usage_error_zh(const CLI::ParseError& e);

// The inputs of batch, rename and bundle, and -j, explained the same everywhere.
inline std::string inputs_help() {
    return tr("照片、文件夹（含子文件夹）、压缩包（zip、RAR、7z、tar）和邮件（.eml、mbox）",
              "Photos, folders (recursive), archives (zip, RAR, 7z, tar) and mail (.eml, mbox)");
}
inline std::string jobs_help() { return tr("同时处理的照片数（默认：每个核一张）", "Photos processed at once (default: one per core)"); }

// --roster's help, the same for rename and bundle.
inline std::string roster_help() {
    return tr("班级名单：Excel .xlsx（第一张工作表）或 CSV（UTF-8、带 BOM 的 UTF-8 或 GBK）",
              "Class roster: Excel .xlsx (first sheet) or CSV (UTF-8, UTF-8 with BOM or GBK)");
}

// Exit codes, the same for every command.
enum Exit : int { kOk = 0, kNeedsWork = 1, kError = 2 };

// "idphoto: <file>: <reason>" on stderr, one line.
void print_error(const std::string& file, const std::string& reason);
// The same for an exception, in the reader's language (photo::error_message).
void print_error(const std::string& file, const std::exception& e, photo::Lang lang);

// A file of the inputs that could not be read or unpacked, one line on stderr, in the reader's
// language (a reason known only in English gets the lead "无法读取或解出：").
void print_problem(const photo::InputProblem& problem, photo::Lang lang);

// "需要重拍（id）：advice" / "retake (id): advice" for a failed check.
std::string retake_text(const photo::CheckResult& check, photo::Lang lang);

// One line per bad roster row: "<roster>: line N: <what is wrong>".
void print_roster_issues(const std::string& roster_path, const photo::Roster& roster, bool zh);

// Loads the face models once per process (the landmark path option wins over the default).
std::shared_ptr<const photo::FaceModel> face_model(const std::string& landmark_path);

// "Did you mean 'check'?" for a mistyped subcommand or long option in `args` (argv without the
// program), in the locale's language; "" when nothing is near. CLI11 says only that the word
// was not expected, or that a subcommand is required.
std::string typo_hint(const CLI::App& app, const std::vector<std::string>& args);

// The options every photo command shares, spelt and explained the same everywhere.
struct CommonArgs {
    std::string preset = "chsi", lang, landmarks;
};
// -p/--preset, --lang zh|en (`lang_what` says what it sets, e.g. "Language of the lists", in
// the help language) and --landmarks.
void add_common_options(CLI::App* cmd, CommonArgs& args, const std::string& lang_what);
// --lang and --landmarks alone, for the commands that take no preset.
void add_lang_option(CLI::App* cmd, std::string& lang, const std::string& what);
void add_landmarks_option(CLI::App* cmd, std::string& landmarks);

// Each subcommand registers itself and stores its exit code in `exit_code` when it runs.
void register_make(CLI::App& app, int& exit_code);
void register_check(CLI::App& app, int& exit_code);
void register_batch(CLI::App& app, int& exit_code);
void register_rename(CLI::App& app, int& exit_code);
void register_bundle(CLI::App& app, int& exit_code);
void register_matte(CLI::App& app, int& exit_code);
void register_presets(CLI::App& app, int& exit_code);
void register_sheet(CLI::App& app, int& exit_code);

}  // namespace cli
