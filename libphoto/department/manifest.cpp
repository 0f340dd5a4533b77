#include "libphoto/department/manifest.hpp"

#include <map>

#include <fmt/format.h>

namespace photo {

namespace {
struct Words {
    const char *code, *zh, *en;
};

const Words& words(RowStatus s) {
    static const Words table[] = {
        {"ready", "合格", "ready"},
        {"fixed", "已修复", "fixed"},
        {"retake", "需重拍", "retake"},
        {"missing", "缺交", "missing"},
        {"name_mismatch", "姓名不符", "name mismatch"},
        {"error", "无法使用", "error"},
        {"unmatched", "未匹配", "unmatched"},
        {"duplicate", "重复", "duplicate"},
        {"ignored", "非图片", "ignored"},
        {"unreadable", "无法读取", "unreadable"},
    };
    return table[static_cast<int>(s)];
}
}  // namespace

const char* to_string(RowStatus s) { return words(s).code; }

const char* label(RowStatus s, Lang lang) { return lang == Lang::zh ? words(s).zh : words(s).en; }

std::uint32_t status_fill(RowStatus s) {
    constexpr std::uint32_t kGood = 0xC6EFCE, kBad = 0xFFC7CE, kNeutral = 0xFFEB9C, kOther = 0xEDEDED;
    switch (s) {
        case RowStatus::ready:
        case RowStatus::fixed: return kGood;
        case RowStatus::retake:
        case RowStatus::error:
        case RowStatus::name_mismatch: return kBad;
        case RowStatus::missing: return kNeutral;
        default: return kOther;
    }
}

std::optional<RowStatus> parse_row_status(const std::string& cell) {
    for (int i = 0; i <= static_cast<int>(RowStatus::unreadable); ++i) {
        const Words& w = words(static_cast<RowStatus>(i));
        if (cell == w.code || cell == w.zh || cell == w.en) return static_cast<RowStatus>(i);
    }
    return std::nullopt;
}

bool needs_action(RowStatus s) {
    return s == RowStatus::retake || s == RowStatus::missing || s == RowStatus::name_mismatch || s == RowStatus::error;
}

std::string summarise(const std::vector<BundleRow>& rows, std::size_t students, Lang lang) {
    const bool zh = lang == Lang::zh;
    std::map<RowStatus, int> of_students, others;
    for (std::size_t i = 0; i < rows.size(); ++i) ++(i < students ? of_students : others)[rows[i].status];
    const auto list = [&](const std::map<RowStatus, int>& counts) {
        std::string out;
        for (const auto& [status, n] : counts) out += fmt::format("{}{} {}", out.empty() ? "" : zh ? "，" : ", ", n, label(status, lang));
        return out;
    };
    std::string text = fmt::format(zh ? "{} 名学生：{}" : "{} students: {}", students, of_students.empty() ? "-" : list(of_students));
    if (!others.empty()) text += fmt::format(zh ? "\n其他文件：{}" : "\nother files: {}", list(others));
    return text;
}

}  // namespace photo
