#include "libphoto/checks/verify.hpp"

#include <cmath>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

namespace photo {

namespace {
// The referee's numbers: a pixel is "not backdrop" 60 RGB units away from its colour; the
// top strip is 8 rows.
constexpr double kCrownDistance = 60;
constexpr int kTopStripRows = 8;
// The referee's spread limit for that strip; the distance limit is the preset's
// background_tolerance (12 for CHSI, as the referee uses).
constexpr double kTopStripMaxSpread = 6;

// JFIF APP0 right after SOI: FFD8 FFE0 len "JFIF\0" ver(2) units Xdensity Ydensity.
void read_jfif(const Bytes& b, Verified& v) {
    if (b.size() < 18 || b[0] != 0xFF || b[1] != 0xD8 || b[2] != 0xFF || b[3] != 0xE0) return;
    if (std::string(b.begin() + 6, b.begin() + 10) != "JFIF") return;
    v.jfif_units = b[13];
    v.dpi_x = b[14] << 8 | b[15];
    v.dpi_y = b[16] << 8 | b[17];
}
}  // namespace

Verified verify_photo(const cv::Mat& bgr, const cv::Scalar& backdrop, const FaceModel& model, const Bytes* file) {
    Verified v;
    v.size = bgr.size();
    if (file) {
        v.bytes = file->size();
        read_jfif(*file, v);
    }
    const auto found = model.detect(bgr);
    v.faces = int(found.size());
    if (!found.empty()) {
        const Face& f = found.front();
        v.eye_y = f.eye_line_y();
        v.face_w = f.jaw_width();
        v.centre_offset = f.centre_x() - bgr.cols / 2.0;
    }
    for (int y = 0; y < bgr.rows && v.crown < 0; ++y)
        for (int x = bgr.cols / 4; x < bgr.cols * 3 / 4; ++x) {
            const cv::Vec3b p = bgr.at<cv::Vec3b>(y, x);
            if (std::hypot(p[0] - backdrop[0], p[1] - backdrop[1], p[2] - backdrop[2]) > kCrownDistance) {
                v.crown = y;
                break;
            }
        }
    cv::Scalar mean, sd;
    cv::meanStdDev(bgr(cv::Rect(0, 0, bgr.cols, std::min(kTopStripRows, bgr.rows))), mean, sd);
    v.top_strip_distance = cv::norm(mean - backdrop);
    v.top_strip_sd = std::max({sd[0], sd[1], sd[2]});
    return v;
}

std::vector<std::string> verify_failures(const Verified& v, const Preset& p) {
    std::vector<std::string> bad;
    auto band = [&](const char* what, double value, const std::optional<Band>& b) {
        if (b && !b->contains(value)) bad.push_back(fmt::format("{} {:.0f}", what, value));
    };
    if (v.size != cv::Size(p.width, p.height)) bad.push_back(fmt::format("size {}x{}", v.size.width, v.size.height));
    if (v.jfif_units != 1 || v.dpi_x != p.dpi || v.dpi_y != p.dpi)
        bad.push_back(fmt::format("density units {} {}x{}", v.jfif_units, v.dpi_x, v.dpi_y));
    if (p.kb_max > 0 && (v.bytes < p.kb_min * 1000 || v.bytes > p.kb_max * 1024))
        bad.push_back(fmt::format("bytes {}", v.bytes));
    if (v.faces != 1) {
        bad.push_back(fmt::format("faces {}", v.faces));
        return bad;
    }
    band("crown", v.crown, p.crown_px);
    band("eye_y", v.eye_y, p.eye_line_px);
    band("face_w", v.face_w, p.face_width_px);
    if (std::abs(v.centre_offset) > p.centre_tolerance_px) bad.push_back(fmt::format("centre {:+.0f}", v.centre_offset));
    if (v.top_strip_distance > p.background_tolerance) bad.push_back(fmt::format("bg_dist {:.1f}", v.top_strip_distance));
    if (v.top_strip_sd > kTopStripMaxSpread) bad.push_back(fmt::format("bg_sd {:.1f}", v.top_strip_sd));
    return bad;
}

}  // namespace photo
