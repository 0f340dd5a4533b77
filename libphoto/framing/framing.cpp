#include "libphoto/framing/framing.hpp"

#include "libphoto/framing/continue_clothing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace photo {

namespace {
// Candidate scales and vertical offsets searched: a 2-D grid is cheap (a few thousand
// evaluations of arithmetic) and, unlike a closed form, takes any combination of bands.
constexpr int kScaleSteps = 160;
constexpr int kOffsetSteps = 160;
// Margins beyond this share of a band buy little robustness; up to it they are traded one
// for one against the share of the output height continued below the photo's bottom edge.
constexpr double kComfortMargin = 0.12;
constexpr double kOverflowCost = 1.0;
// Among equally good crops, the better centred one wins.
constexpr double kMarginTieBreak = 0.01;

double score(const FramingPlan& c, double out_height) {
    return std::min(c.margin, kComfortMargin) + kMarginTieBreak * c.margin -
           kOverflowCost * c.bottom_overflow_px / out_height;
}

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

    const double max_overflow_px = p.capture.max_bottom_extension * p.height;
    std::optional<FramingPlan> best;
    auto better = [&](const FramingPlan& c, const FramingPlan& b) {
        if (c.fits != b.fits) return c.fits;
        if (!c.fits) return c.bottom_overflow_px < b.bottom_overflow_px;
        return score(c, p.height) > score(b, p.height);
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
            c.fits = c.bottom_overflow_px <= max_overflow_px;
            if (!best || better(c, *best)) best = c;
        }
    }
    if (best && a.bottom_edge) best->continued_invented_share = continued_invented_share(*a.bottom_edge, *best, p.height);
    return best;
}

}  // namespace photo
