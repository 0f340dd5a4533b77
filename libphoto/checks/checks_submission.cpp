// Submission checks: the file and the framing as they are. A failure here alone means the
// photo is usable and `make` fixes it (crop, backdrop colour, size, dpi, KB).
#include <algorithm>
#include <cmath>

#include "libphoto/checks/check_helpers.hpp"

namespace photo::check_impl {

namespace {
constexpr auto kSub = CheckGroup::submission;

CheckResult fixable(const char* id, std::optional<double> v, std::string limit, std::string zh, std::string en) {
    return result(id, kSub, CheckStatus::fail, v, std::move(limit), std::move(zh), std::move(en));
}

// A framing measure in the preset's pixels: the photo as it is, scaled to the preset's height
// when its size differs (then file.dimensions fails too, and make fixes both).
CheckResult framing_band(const CheckInput& in, const char* id, double working_value,
                         const std::optional<Band>& band, const char* what_zh, const char* what_en, bool horizontal) {
    if (!in.analysis.head || !band) return skip(id, kSub);
    const Analysis& a = in.analysis;
    const double to_preset = horizontal ? double(in.preset.width) / a.image.bgr.cols
                                        : double(in.preset.height) / a.image.bgr.rows;
    const double v = working_value * to_preset;
    const std::string limit = band_text(band->lo, band->hi) + " px";
    if (band->contains(v)) return pass(id, kSub, v, limit);
    return fixable(id, v, limit, fmt::format("{}为 {:.0f} px，应在 {:g}-{:g} px：make 会重新裁剪", what_zh, v, band->lo, band->hi),
                   fmt::format("{} is {:.0f} px, must be {:g}-{:g} px: make will re-crop", what_en, v, band->lo, band->hi));
}
}  // namespace

CheckResult file_format(const CheckInput& in) {
    if (!in.analysis.file) return skip("file.format", kSub, "不是文件", "not from a file");
    const FileFacts& f = *in.analysis.file;
    const bool ok = f.format == "jpeg" && f.jpeg_baseline && (f.extension == "jpg" || f.extension.empty());
    const std::string limit = "baseline JPEG named .jpg";
    if (ok) return pass("file.format", kSub, std::nullopt, limit);
    return fixable("file.format", std::nullopt, limit,
                   fmt::format("文件格式为 {}{}（扩展名 .{}），要求 .jpg 基线 JPEG：make 会转换", f.format,
                               f.jpeg_progressive ? "（渐进式）" : "", f.extension),
                   fmt::format("the file is {}{} named .{}, a baseline JPEG named .jpg is required: make converts it",
                               f.format, f.jpeg_progressive ? " (progressive)" : "", f.extension));
}

CheckResult file_dimensions(const CheckInput& in) {
    const cv::Size s = in.analysis.image.full_size;
    const std::string limit = fmt::format("{}x{}", in.preset.width, in.preset.height);
    if (s.width == in.preset.width && s.height == in.preset.height)
        return pass("file.dimensions", kSub, s.width, limit);
    return fixable("file.dimensions", s.width, limit,
                   fmt::format("尺寸为 {}x{}，要求 {}：make 会裁剪缩放", s.width, s.height, limit),
                   fmt::format("size is {}x{}, {} is required: make crops and scales it", s.width, s.height, limit));
}

CheckResult file_dpi(const CheckInput& in) {
    if (!in.analysis.file) return skip("file.dpi", kSub, "不是文件", "not from a file");
    const auto dpi = in.analysis.file->dpi;
    const std::string limit = fmt::format("{} dpi", in.preset.dpi);
    if (dpi && std::lround(*dpi) == in.preset.dpi) return pass("file.dpi", kSub, *dpi, limit);
    return fixable("file.dpi", dpi, limit,
                   dpi ? fmt::format("分辨率为 {:.0f} dpi，要求 {}：make 会写入", *dpi, limit)
                       : fmt::format("文件没有记录分辨率，要求 {}：make 会写入", limit),
                   dpi ? fmt::format("density is {:.0f} dpi, {} is required: make writes it", *dpi, limit)
                       : fmt::format("the file records no density, {} is required: make writes it", limit));
}

CheckResult file_size_kb(const CheckInput& in) {
    if (!in.analysis.file) return skip("file.size_kb", kSub, "不是文件", "not from a file");
    if (in.preset.kb_max <= 0) return skip("file.size_kb", kSub, "标准未规定大小", "no size range in the preset");
    const double kb = in.analysis.file->bytes / 1024.0;
    const std::string limit = band_text(in.preset.kb_min, in.preset.kb_max) + " KB";
    if (kb >= in.preset.kb_min && kb <= in.preset.kb_max) return pass("file.size_kb", kSub, kb, limit);
    return fixable("file.size_kb", kb, limit, fmt::format("文件大小 {:.1f} KB，要求 {}：make 会调整", kb, limit),
                   fmt::format("file size {:.1f} KB, {} is required: make adjusts it", kb, limit));
}

CheckResult file_quality(const CheckInput& in) {
    if (!in.analysis.file || !in.analysis.file->jpeg_quality)
        return skip("file.quality", kSub, "不是 JPEG", "not a JPEG");
    const int q = *in.analysis.file->jpeg_quality;
    const std::string limit = fmt::format(">= {}", in.preset.quality_min);
    if (q >= in.preset.quality_min) return pass("file.quality", kSub, q, limit);
    return fixable("file.quality", q, limit, fmt::format("JPEG 质量约 {}，要求 {}：make 会重新编码", q, limit),
                   fmt::format("JPEG quality about {}, {} is required: make re-encodes it", q, limit));
}

// background.color: the backdrop's top strip against the nearest allowed colour.
CheckResult background_color(const CheckInput& in) {
    const cv::Scalar top = in.analysis.backdrop.top_colour;
    const NamedColor* nearest = nullptr;
    double best = 1e9;
    for (const auto& c : in.preset.backgrounds) {
        const double d = cv::norm(top - c.bgr);
        if (d < best) best = d, nearest = &c;
    }
    std::string names;
    for (const auto& c : in.preset.backgrounds) names += (names.empty() ? "" : "/") + c.name;
    const std::string limit = fmt::format("<= {:g} from {}", in.preset.background_tolerance, names);
    if (best <= in.preset.background_tolerance) return pass("background.color", kSub, best, limit);
    return fixable("background.color", best, limit,
                   fmt::format("背景颜色 RGB({:.0f},{:.0f},{:.0f}) 不是标准颜色：make 会换成 {}", top[2], top[1], top[0],
                               in.preset.backgrounds.front().name),
                   fmt::format("backdrop colour RGB({:.0f},{:.0f},{:.0f}) is not an allowed one: make replaces it ({} by default)",
                               top[2], top[1], top[0], nearest ? in.preset.backgrounds.front().name : ""));
}

CheckResult framing_crown(const CheckInput& in) {
    if (!in.analysis.head) return skip("framing.crown", kSub);
    return framing_band(in, "framing.crown", in.analysis.head->crown_y, in.preset.crown_px, "头顶到上边缘",
                        "top of the head to the top edge", false);
}

CheckResult framing_eyes(const CheckInput& in) {
    if (!in.analysis.head) return skip("framing.eyes", kSub);
    return framing_band(in, "framing.eyes", in.analysis.head->eye_y, in.preset.eye_line_px, "眼睛到上边缘",
                        "eye line to the top edge", false);
}

CheckResult framing_face_width(const CheckInput& in) {
    if (!in.analysis.head) return skip("framing.face_width", kSub);
    return framing_band(in, "framing.face_width", in.analysis.head->face_width, in.preset.face_width_px, "脸宽",
                        "face width", true);
}

CheckResult framing_centre(const CheckInput& in) {
    if (!in.analysis.head) return skip("framing.centre", kSub);
    const Analysis& a = in.analysis;
    const double v = (a.head->centre_x - a.image.bgr.cols / 2.0) * in.preset.width / a.image.bgr.cols;
    const double tol = in.preset.centre_tolerance_px;
    const std::string limit = fmt::format("|offset| <= {:g} px", tol);
    if (std::abs(v) <= tol) return pass("framing.centre", kSub, v, limit);
    return fixable("framing.centre", v, limit, fmt::format("脸部偏离中线 {:+.0f} px：make 会重新居中", v),
                   fmt::format("the face is {:+.0f} px off centre: make will re-centre it", v));
}

}  // namespace photo::check_impl
