#include "cli/common.hpp"

#include <fmt/format.h>

#include "libphoto/error.hpp"

namespace cli {

void print_error(const std::string& file, const std::string& reason) {
    std::string line = file.empty() ? "idphoto: " + reason : "idphoto: " + file + ": " + reason;
    for (char& c : line)  // one line, whatever the file name holds
        if (c == '\n' || c == '\r') c = ' ';
    fmt::print(stderr, "{}\n", line);
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

}  // namespace cli
