#include "libphoto/framing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace photo {

namespace {
// Candidate scales and vertical offsets searched: a 2-D grid is cheap (a few thousand
// evaluations of arithmetic) and, unlike a closed form, takes any combination of bands.
constexpr int kScaleSteps = 160;
constexpr int kOffsetSteps = 160;
// Output rows below the photo's bottom edge tolerated before the crop counts as inventing
// body (a row or two is lost to rounding at the edge).
constexpr double kBottomSlackPx = 2.0;

double margin_of(double v, const std::optional<Band>& band) {
    if (!band) return std::numeric_limits<double>::infinity();
    return std::min(v - band->lo, band->hi - v) / std::max(1.0, band->width());
}
}  // namespace

OutputMeasures project(const HeadMeasures& h, const cv::Rect2d& crop, double s, const Preset& p) {
    OutputMeasures m;
    m.crown_px = (h.crown_y - crop.y) * s;
    m.eye_line_px = (h.eye_y - crop.y) * s;
    m.face_width_px = h.face_width * s;
    m.head_height_px = (h.chin_y - h.crown_y) * s;
    m.centre_offset_px = (h.centre_x - crop.x) * s - p.width / 2.0;
    return m;
}

double band_margin(const OutputMeasures& m, const Preset& p) {
    double worst = std::min({margin_of(m.crown_px, p.crown_px), margin_of(m.eye_line_px, p.eye_line_px),
                             margin_of(m.face_width_px, p.face_width_px),
                             margin_of(m.head_height_px, p.head_height_px)});
    if (p.centre_tolerance_px > 0)
        worst = std::min(worst, 0.5 * (1 - std::abs(m.centre_offset_px) / p.centre_tolerance_px));
    return worst;
}

std::optional<FramingPlan> plan_framing(const Analysis& a, const Preset& p) {
    if (!a.head) return std::nullopt;
    const HeadMeasures& h = *a.head;
    const double image_h = a.image.bgr.rows;

    // The scale range: every scale that can put the face width (or head height) in its band.
    double s_lo = 0, s_hi = 0;
    if (p.face_width_px) {
        s_lo = p.face_width_px->lo / h.face_width;
        s_hi = p.face_width_px->hi / h.face_width;
    } else {
        const double head = std::max(1.0, h.chin_y - h.crown_y);
        s_lo = p.head_height_px->lo / head;
        s_hi = p.head_height_px->hi / head;
    }
    // The vertical offset range: every crop top that can put the crown or eye line in band.
    const Band& anchor_band = p.crown_px ? *p.crown_px : *p.eye_line_px;
    const double anchor_y = p.crown_px ? h.crown_y : h.eye_y;

    std::optional<FramingPlan> best;
    double free_margin = -std::numeric_limits<double>::infinity();
    auto better = [](const FramingPlan& c, const FramingPlan& b) {
        const bool c_fits = c.bottom_overflow_px <= kBottomSlackPx, b_fits = b.bottom_overflow_px <= kBottomSlackPx;
        if (c_fits != b_fits) return c_fits;
        if (!c_fits) return c.bottom_overflow_px < b.bottom_overflow_px;
        return c.margin > b.margin;
    };
    for (int i = 0; i <= kScaleSteps; ++i) {
        const double s = s_lo + (s_hi - s_lo) * i / kScaleSteps;
        const double crop_w = p.width / s, crop_h = p.height / s;
        const double x = h.centre_x - crop_w / 2;
        for (int j = 0; j <= kOffsetSteps; ++j) {
            const double anchor_out = anchor_band.lo + anchor_band.width() * j / kOffsetSteps;
            const double y = anchor_y - anchor_out / s;
            FramingPlan c;
            c.crop = cv::Rect2d(x, y, crop_w, crop_h);
            c.scale = s;
            c.measures = project(h, c.crop, s, p);
            c.margin = band_margin(c.measures, p);
            c.bottom_overflow_px = std::max(0.0, (y + crop_h - image_h) * s);
            free_margin = std::max(free_margin, c.margin);
            if (!best || better(c, *best)) best = c;
        }
    }
    best->free_margin = free_margin;
    return best;
}

}  // namespace photo
