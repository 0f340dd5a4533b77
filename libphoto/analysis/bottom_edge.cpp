#include "libphoto/analysis/bottom_edge.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "libphoto/matte/lab.hpp"

namespace photo {

namespace {
// The bottom edge is read as the mean of this many rows (JPEG noise, a stray hair).
constexpr int kEdgeRows = 3;
// Person pixels of the edge: the matte at least this sure.
constexpr float kPersonAlpha = 0.9f;
// Skin: within this distance of the cheeks' mean colour in CIE L*a*b*, lightness weighted by
// kSkinLightnessWeight (a neck in the shade of the chin is much darker than the cheeks but of
// their hue; a black, white or blue shirt is far from any skin in a* and b*).
constexpr double kSkinDeltaE = 14;
constexpr float kSkinLightnessWeight = 0.25f;
// Cheek patches: between jaw point 2 (14) and the nose wing 31 (35), radius in jaw widths.
constexpr double kCheekRadius = 0.09;
// A skin run counts between clothing at most this many jaw widths wide (a neck is ~0.5);
// wider is a garment of skin colour, which continues as it is.
constexpr double kMaxRunFaces = 0.9;
// Clothing colour beside a run: the mean of this many person pixels next to it.
constexpr int kBesideRun = 4;
// The shaded transition from skin to clothing belongs to the run (else it is smeared down
// beside the closed skin): up to this many jaw widths beyond the skin, the pixels that are not
// yet within kClothingDeltaE of the clothing farther out.
constexpr double kTransitionFaces = 0.1;
constexpr double kClothingDeltaE = 12;
// In the continued band a run closes as the neckline above it opens: its half-width's change
// per row over the kSlopeFaces jaw widths above the edge, kept within [kMinCloseRate,
// kMaxCloseRate] output pixels per row on each side (a V-neck's sides to a crew neck's bottom).
constexpr double kSlopeFaces = 0.1;
constexpr double kMinCloseRate = 0.5, kMaxCloseRate = 3.0;

cv::Vec3f cheek_colour(const cv::Mat& bgr, const Face& f) {
    cv::Mat mask = cv::Mat::zeros(bgr.size(), CV_8U);
    const int r = std::max(1, int(kCheekRadius * f.jaw_width()));
    cv::circle(mask, (f.points[2] + f.points[31]) * 0.5, r, cv::Scalar(255), cv::FILLED);
    cv::circle(mask, (f.points[14] + f.points[35]) * 0.5, r, cv::Scalar(255), cv::FILLED);
    const cv::Scalar m = cv::mean(bgr, mask);
    return {float(m[0]), float(m[1]), float(m[2])};
}

cv::Vec3f mean_of(const std::vector<cv::Vec3f>& row, int from, int to) {  // [from, to)
    cv::Vec3f sum(0, 0, 0);
    for (int x = from; x < to; ++x) sum += row[x];
    return sum * (1.f / float(std::max(1, to - from)));
}

double delta_e2(const cv::Vec3f& bgr_a, const cv::Vec3f& bgr_b) {
    const cv::Vec3f d = bgr_to_lab(bgr_a * (1.f / 255)) - bgr_to_lab(bgr_b * (1.f / 255));
    return d.dot(d);
}

// Output pixels a run of `width` keeps open in continued row `k` (1 = the first).

// Width of the not-clothing span around `centre` in row `y` of `bgr`, between the clothing
// colours `left` and `right`, searched up to `reach` pixels each way.
double span_width(const cv::Mat& bgr, int y, int centre, const cv::Vec3f& left, const cv::Vec3f& right, int reach) {
    const auto* row = bgr.ptr<cv::Vec3b>(y);
    const double near2 = kClothingDeltaE * kClothingDeltaE;
    int a = centre, b = centre;
    while (a > std::max(0, centre - reach) && delta_e2(cv::Vec3f(row[a - 1]), left) > near2) --a;
    while (b < std::min(bgr.cols - 1, centre + reach) && delta_e2(cv::Vec3f(row[b + 1]), right) > near2) ++b;
    return b - a + 1;
}
}  // namespace

BottomEdge measure_bottom_edge(const cv::Mat& bgr, const Matte& matte, const Face& face) {
    BottomEdge edge;
    const int rows = std::min(kEdgeRows, bgr.rows);
    const cv::Rect strip(0, bgr.rows - rows, bgr.cols, rows);
    const cv::Mat alpha = matte_alpha(matte, bgr(strip), strip);
    cv::Mat mean_bgr, mean_alpha;
    cv::reduce(bgr(strip), mean_bgr, 0, cv::REDUCE_AVG, CV_32F);
    cv::reduce(alpha, mean_alpha, 0, cv::REDUCE_AVG, CV_32F);
    std::vector<cv::Vec3f> colour(bgr.cols);
    std::vector<char> person(bgr.cols), skin(bgr.cols);
    const cv::Vec3f cheek = bgr_to_lab(cheek_colour(bgr, face) * (1.f / 255));
    for (int x = 0; x < bgr.cols; ++x) {
        colour[x] = mean_bgr.at<cv::Vec3f>(0, x);
        person[x] = mean_alpha.at<float>(0, x) >= kPersonAlpha;
        cv::Vec3f d = bgr_to_lab(colour[x] * (1.f / 255)) - cheek;
        d[0] *= kSkinLightnessWeight;
        skin[x] = person[x] && d.dot(d) < kSkinDeltaE * kSkinDeltaE;
        edge.person_width += person[x];
    }
    const double w = face.jaw_width(), max_run = kMaxRunFaces * w;
    const int transition = std::max(1, int(kTransitionFaces * w));
    auto all_person = [&](int from, int to) {
        return from >= 0 && to <= bgr.cols && std::all_of(person.begin() + from, person.begin() + to, [](char p) { return p; });
    };
    const double near2 = kClothingDeltaE * kClothingDeltaE;
    for (int x = 0; x < bgr.cols;) {
        if (!skin[x]) { ++x; continue; }
        int end = x;
        while (end < bgr.cols && skin[end]) ++end;
        const int skin_end = end;
        // Clothing on both sides, farther out than the shaded transition.
        const int l0 = x - transition - kBesideRun, r1 = end + transition + kBesideRun;
        if (all_person(l0, x) && all_person(end, r1) && end - x <= max_run) {
            SkinRun run;
            run.left = mean_of(colour, l0, l0 + kBesideRun);
            run.right = mean_of(colour, r1 - kBesideRun, r1);
            while (x > l0 + kBesideRun && delta_e2(colour[x - 1], run.left) > near2) --x;
            while (end < r1 - kBesideRun && delta_e2(colour[end], run.right) > near2) ++end;
            run.x0 = x, run.x1 = end;
            // How fast the neckline opens above the edge: the run's width there.
            const int up = std::max(1, int(kSlopeFaces * w));
            const int y = std::max(0, bgr.rows - 1 - up);
            const double above = span_width(bgr, y, (x + end) / 2, run.left, run.right, int(max_run));
            run.close_rate = std::clamp((above - (end - x)) / (2.0 * up), kMinCloseRate, kMaxCloseRate);
            edge.skin.push_back(run);
        }
        x = std::max(end, skin_end);
    }
    return edge;
}

}  // namespace photo
