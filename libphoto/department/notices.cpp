#include "libphoto/department/notices.hpp"

#include <fmt/format.h>

namespace photo {

namespace {
// What every notice asks for: the rules a student needs to take the photo again, and the name
// that lets the department match it without asking (naming.hpp reads it).
std::string how_to_send(const BundleRow& row, Lang lang) {
    if (lang == Lang::zh)
        return fmt::format(
            "要求：近期正面免冠彩色照片，白色、蓝色或浅灰色纯色背景，头部居中、不歪斜，嘴唇自然闭合（笑不露齿），"
            "不戴帽子和有色眼镜，不修图。\n请把照片命名为“{} {}.jpg”，直接回复本邮件发送。\n",
            row.student_id, row.name);
    return fmt::format(
        "What is needed: a recent colour photo facing the camera, bare-headed, on a plain white, blue or light grey "
        "background, head centred and level, lips closed (no teeth showing), no hat or tinted glasses, not retouched.\n"
        "Name the file \"{} {}.jpg\" and send it as a reply to this email.\n",
        row.student_id, row.name);
}

std::string source_file(const BundleRow& row) {
    const auto colon = row.source.rfind(':');
    const auto slash = row.source.find_last_of('/');
    const auto cut = colon != std::string::npos && (slash == std::string::npos || colon > slash) ? colon : slash;
    return cut == std::string::npos ? row.source : row.source.substr(cut + 1);
}
}  // namespace

bool needs_notice(RowStatus s) { return s == RowStatus::retake || s == RowStatus::error || s == RowStatus::missing; }

std::string notice_text(const BundleRow& row, Lang lang) {
    const bool zh = lang == Lang::zh;
    std::string text = fmt::format(zh ? "{}同学：\n\n" : "Dear {},\n\n", row.name);
    if (row.status == RowStatus::missing)
        text += zh ? "我们还没有收到你的毕业证照片（学信网图像采集）。\n"
                   : "We have not received your graduation certificate photo (CHSI) yet.\n";
    else
        text += fmt::format(zh ? "你发来的照片“{}”不能用于毕业证（学信网）：{}\n" : "The photo you sent, \"{}\", cannot be used for the graduation certificate (CHSI): {}\n",
                            source_file(row), row.reason);
    return text + "\n" + how_to_send(row, lang);
}

std::string notice_file_name(const BundleRow& row) { return "notices/" + row.student_id + " " + row.name + ".txt"; }

}  // namespace photo
