// The continued band below a tight photo: skin runs closed like a neckline (bottom_edge.hpp
// finds them), and how much of the band that invents.
#include "libphoto/framing/continue_clothing.hpp"

#include <algorithm>
#include <cmath>

#include "libphoto/framing/framing.hpp"
#include "libphoto/io/resample.hpp"

namespace photo {

namespace {
// The open width of a run `k` rows into the continued band: it closes by close_rate on each side.
double open_width(const SkinRun& r, double width, int k) { return std::max(0.0, width - 2 * r.close_rate * k); }
}  // namespace

double continued_invented_share(const BottomEdge& edge, const FramingPlan& plan, int out_height) {
    const int rows = int(std::lround(plan.bottom_overflow_px));
    if (rows <= 0 || edge.person_width <= 0 || out_height <= 0) return 0;
    double invented = 0;
    for (const SkinRun& r : edge.skin) {
        const double width = (r.x1 - r.x0) * plan.scale;
        for (int k = 1; k <= rows; ++k) invented += width - open_width(r, width, k);
    }
    return invented / (edge.person_width * plan.scale * rows);
}

void continue_clothing(cv::Mat& out, const BottomEdge& edge, const FramingPlan& plan) {
    CV_Assert(out.type() == CV_8UC3);
    const int first = out.rows - int(std::lround(plan.bottom_overflow_px));
    if (first >= out.rows || first <= 0) return;
    // The continued row is blurred sideways (resample.hpp): the run's edges reach that far
    // into the clothing beside it, and the fill starts where the clothing is clothing again.
    const double blur = 2 * kContinuedRowBlurShare * out.cols;
    for (const SkinRun& r : edge.skin) {
        const double a = (r.x0 - plan.crop.x) * plan.scale - blur, b = (r.x1 - plan.crop.x) * plan.scale + blur;
        const int x0 = std::max(1, int(std::floor(a))), x1 = std::min(out.cols - 1, int(std::ceil(b)));
        if (x0 >= x1) continue;
        for (int y = first; y < out.rows; ++y) {
            const double open = open_width(r, b - a, y - first + 1), lo = a + (b - a - open) / 2, hi = lo + open;
            auto* row = out.ptr<cv::Vec3b>(y);
            // The clothing on this row just outside the run (itself continued from the edge).
            const cv::Vec3f left(row[x0 - 1]), right(row[x1]);
            for (int x = x0; x < x1; ++x) {
                // Coverage of the pixel by clothing: 1 outside [lo, hi), a fraction at its edges.
                const double cover = 1 - std::clamp(std::min(x + 1.0, hi) - std::max(double(x), lo), 0.0, 1.0);
                if (cover <= 0) continue;  // still open: the skin continues
                const float t = float(std::clamp((x + 0.5 - a) / std::max(1.0, b - a), 0.0, 1.0));
                const cv::Vec3f c = (left * (1 - t) + right * t) * float(cover) + cv::Vec3f(row[x]) * float(1 - cover);
                row[x] = cv::Vec3b(cv::saturate_cast<uchar>(c[0]), cv::saturate_cast<uchar>(c[1]), cv::saturate_cast<uchar>(c[2]));
            }
        }
    }
}

}  // namespace photo
