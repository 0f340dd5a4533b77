#pragma once
// What every subcommand shares: exit codes, the one-line error format, model loading.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "libphoto/checks.hpp"
#include "libphoto/face.hpp"
#include "libphoto/report.hpp"
#include "libphoto/roster.hpp"

namespace cli {

// --roster's help, the same for rename and bundle.
inline const char* const kRosterHelp = "Class roster: Excel .xlsx (first sheet) or CSV (UTF-8, UTF-8 with BOM or GBK)";

// Exit codes, the same for every command.
enum Exit : int { kOk = 0, kNeedsWork = 1, kError = 2 };

// "idphoto: <file>: <reason>" on stderr, one line.
void print_error(const std::string& file, const std::string& reason);
// The same for an exception, in the reader's language (photo::error_message).
void print_error(const std::string& file, const std::exception& e, photo::Lang lang);

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
// -p/--preset, --lang zh|en (`lang_what` says what it sets, e.g. "Language of the lists") and
// --landmarks.
void add_common_options(CLI::App* cmd, CommonArgs& args, const std::string& lang_what);

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
