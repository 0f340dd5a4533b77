#include "libphoto/analysis/backdrop_measures.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "libphoto/io/resample.hpp"
#include "libphoto/analysis/silhouette.hpp"

namespace photo {

namespace {
// The backdrop is measured with the photo scaled to this width.
constexpr double kBackdropWidth = 400;
// Backdrop pixels: alpha below this, and this far (backdrop-scale px) from the person's edge.
constexpr float kBackdropAlpha = 0.05f;
constexpr int kBackdropErode = 6;
// A pixel the matte calls person at this alpha or more is kept by the composite.
constexpr float kPersonAlpha = 0.5f;
// Without a matte: the top strip and the side strips of the upper part, as shares of the size.
constexpr double kStripTop = 0.12, kStripSide = 0.1, kStripSideDepth = 0.55;
// Fewer backdrop pixels than this share of the photo (or of the crop window): too little
// backdrop to judge.
constexpr double kMinBackdropShare = 0.02;
// Blur before the gradient: removes sensor noise and cloth grain, keeps objects and edges.
constexpr double kBackdropBlurSigma = 2.0;
// Top strip for the backdrop colour: this share of the image height.
constexpr double kTopStripShare = 0.04;
// Frame strips for frame_backdrop: this share of the shorter side.
constexpr double kFrameStrip = 0.05;
// Straight edges: Canny's thresholds on the lightly blurred grey (8-bit levels), the shortest
// segment that counts (jaw widths: longer than any stretch of a hairline, an ear or a glasses
// temple), and how far beyond the face hull (jaw widths) brows, glasses rims and ears reach.
constexpr double kEdgeLow = 20, kEdgeHigh = 60;
constexpr double kEdgeBlurSigma = 1.0;
constexpr double kMinStraight = 0.35;
constexpr double kFaceHullGrowth = 0.25;
// Backdrop edges: the blur before Canny (backdrop-scale px), enough to remove sensor noise and
// a wall's grain.
constexpr double kBackdropEdgeSigma = 1.5;

cv::Point scaled(const cv::Point2d& p, double s) { return {int(p.x * s), int(p.y * s)}; }

// What the matte calls `person` (CV_8U 255) but cannot be the person: outside the `outline`,
// or above the chin and not joined to the face (above the shoulders a person is one piece).
// Joined is judged above the chin only: another person beside the head, or a dark object
// down to the shoulders, touches this person's clothing at the bottom but not the head.
cv::Mat not_the_person(const cv::Mat& person, const cv::Mat& outline, const Face& face, double s) {
    cv::Mat out = person & ~outline;
    const int chin_row = std::clamp(int(face.chin().y * s), 0, person.rows);
    const cv::Point nose = scaled(face.points[30], s);
    if (chin_row <= nose.y || nose.y < 0 || nose.x < 0 || nose.x >= person.cols) return out;
    cv::Mat labels;
    cv::connectedComponents(person.rowRange(0, chin_row), labels, 8, CV_32S);
    const int face_label = labels.at<int>(nose.y, nose.x);
    for (int y = 0; y < chin_row; ++y) {
        const int* l = labels.ptr<int>(y);
        uchar* o = out.ptr<uchar>(y);
        for (int x = 0; x < person.cols; ++x)
            if (l[x] && l[x] != face_label) o[x] = 255;
    }
    return out;
}

// Long straight edges beside and above the head, in jaw widths.
double straight_edges(const cv::Mat& grey, const Face& face, double s, const cv::Rect& window) {
    const double w = face.jaw_width() * s;
    cv::Mat region = cv::Mat::zeros(grey.size(), CV_8U);
    const int chin_row = std::clamp(int(face.chin().y * s), 0, grey.rows);
    region(cv::Rect(0, 0, grey.cols, chin_row) & window).setTo(255);
    std::vector<cv::Point> pts, hull;
    for (int i = 0; i <= 26; ++i) pts.push_back(scaled(face.points[i], s));
    cv::convexHull(pts, hull);
    cv::fillConvexPoly(region, hull, cv::Scalar(0));
    const int grow = 2 * int(kFaceHullGrowth * w) + 1;
    cv::erode(region, region, cv::getStructuringElement(cv::MORPH_ELLIPSE, {grow, grow}));
    cv::Mat smooth, edges;
    cv::GaussianBlur(grey, smooth, cv::Size(), kEdgeBlurSigma);
    cv::Canny(smooth, edges, kEdgeLow, kEdgeHigh);
    edges &= region;
    std::vector<cv::Vec4i> lines;
    const double min_len = kMinStraight * w;
    cv::HoughLinesP(edges, lines, 1, CV_PI / 180, std::max(10, int(min_len * 0.6)), min_len, 2);
    double total = 0;
    for (const auto& l : lines) total += std::hypot(l[2] - l[0], l[3] - l[1]);
    return total / std::max(1.0, w);
}

// Length of the edges (Canny on each noise-blurred colour channel) inside `backdrop`, at least
// kBackdropErode from anything else, above the chin and inside `window`, in jaw widths.
double backdrop_edges(const cv::Mat& bgr, const cv::Mat& backdrop, const Face& face, double s, const cv::Rect& window) {
    cv::Mat region;
    const int k = 2 * kBackdropErode + 1;
    cv::erode(backdrop, region, cv::getStructuringElement(cv::MORPH_ELLIPSE, {k, k}), {-1, -1}, 1,
              cv::BORDER_CONSTANT, cv::Scalar(255));
    const int chin_row = std::clamp(int(face.chin().y * s), 0, bgr.rows);
    cv::Mat above = cv::Mat::zeros(bgr.size(), CV_8U);
    above(cv::Rect(0, 0, bgr.cols, chin_row) & window).setTo(255);
    // Each colour channel on its own: a yellow star on a grey wall has the wall's luminance.
    cv::Mat smooth, edges = cv::Mat::zeros(bgr.size(), CV_8U);
    cv::GaussianBlur(bgr, smooth, cv::Size(), kBackdropEdgeSigma);
    std::vector<cv::Mat> channels;
    cv::split(smooth, channels);
    for (const cv::Mat& c : channels) {
        cv::Mat e;
        cv::Canny(c, e, kEdgeLow, kEdgeHigh);
        edges |= e;
    }
    edges &= region & above;
    return cv::countNonZero(edges) / std::max(1.0, face.jaw_width() * s);
}

// Share of the top strip and the side strips down to the eye line that is not `person`.
double frame_backdrop(const cv::Mat& person, const Face& face, double s, bool with_top) {
    const int band = std::max(2, int(kFrameStrip * std::min(person.cols, person.rows)));
    const int eye_row = std::clamp(int(face.eye_line_y() * s), band, person.rows);
    cv::Mat strips = cv::Mat::zeros(person.size(), CV_8U);
    if (with_top) strips(cv::Rect(0, 0, person.cols, band)).setTo(255);
    strips(cv::Rect(0, 0, band, eye_row)).setTo(255);
    strips(cv::Rect(person.cols - band, 0, band, eye_row)).setTo(255);
    return cv::countNonZero(strips & ~person) / double(cv::countNonZero(strips));
}

// Where a portrait without a face found has none of the person: the top strip and the side
// strips of the upper part.
cv::Mat portrait_strips(cv::Size size) {
    cv::Mat m = cv::Mat::zeros(size, CV_8U);
    const int side = int(size.width * kStripSide), depth = int(size.height * kStripSideDepth);
    m(cv::Rect(0, 0, size.width, std::max(1, int(size.height * kStripTop)))).setTo(255);
    m(cv::Rect(0, 0, side, depth)).setTo(255);
    m(cv::Rect(size.width - side, 0, side, depth)).setTo(255);
    return m;
}

// Mean gradient of the blurred luminance over `backdrop` (CV_8U) inside `window`, away from
// the person's edge; nullopt when too little backdrop is left.
std::optional<double> mean_gradient(const cv::Mat& grey, const cv::Mat& backdrop, const cv::Rect& window) {
    cv::Mat far;
    const int k = 2 * kBackdropErode + 1;
    cv::erode(backdrop, far, cv::getStructuringElement(cv::MORPH_ELLIPSE, {k, k}), {-1, -1}, 1, cv::BORDER_CONSTANT,
              cv::Scalar(255));
    far = far(window);
    if (cv::countNonZero(far) <= kMinBackdropShare * window.area()) return std::nullopt;
    cv::Mat smooth, gx, gy, mag;
    cv::GaussianBlur(grey, smooth, cv::Size(), kBackdropBlurSigma);
    cv::Sobel(smooth(window), gx, CV_32F, 1, 0, 3, 1.0 / 8);
    cv::Sobel(smooth(window), gy, CV_32F, 0, 1, 3, 1.0 / 8);
    cv::magnitude(gx, gy, mag);
    return cv::mean(mag, far)[0];
}
}  // namespace

BackdropMeasures measure_backdrop(const cv::Mat& bgr, const Matte* matte, const Face* face) {
    BackdropMeasures m;
    const double s = kBackdropWidth / bgr.cols;
    cv::Mat img, grey;
    resize_scaled(bgr, img, s);
    if (img.empty()) return m;
    cv::cvtColor(img, grey, cv::COLOR_BGR2GRAY);

    cv::Mat is_backdrop;
    cv::Rect window(0, 0, img.cols, img.rows);  // what the measures look at
    if (matte) {
        cv::Mat alpha;
        resize_area(matte->alpha_low, alpha, img.size());
        is_backdrop = alpha < kBackdropAlpha;
        m.person_share = cv::mean(alpha)[0];
        if (face) {
            // The person is what the matte calls person inside the outline a head and shoulders
            // can have and, above the chin, joined to the face; the rest of the window a crop
            // shows is backdrop, whatever its colour.
            const cv::Mat person = alpha >= kPersonAlpha;
            const cv::Mat outline = silhouette_mask(img.size(), *face, s);
            window = crop_window(img.size(), *face, s);
            const cv::Mat intruding = not_the_person(person, outline, *face, s);
            // Backdrop is judged on the faint alpha too: the matte's soft halo round a star or
            // a letter is not the person either, and would hide the object's edges.
            is_backdrop |= ~outline | not_the_person(alpha >= kBackdropAlpha, outline, *face, s);
            m.intrusion = cv::countNonZero(intruding(window)) / double(std::max(1, window.area()));
            m.straight_edges = straight_edges(grey, *face, s, window);
            m.frame_backdrop = frame_backdrop(person, *face, s, true);
            m.side_backdrop = frame_backdrop(person, *face, s, false);
            m.backdrop_edges = backdrop_edges(img, is_backdrop, *face, s, window);
        }
    } else {
        is_backdrop = portrait_strips(img.size());
    }
    const cv::Rect top(0, 0, img.cols, std::max(1, int(img.rows * kTopStripShare)));
    const cv::Mat top_backdrop = is_backdrop(top);
    m.top_colour = cv::countNonZero(top_backdrop) > 0 ? cv::mean(img(top), top_backdrop) : cv::mean(img(top));
    m.gradient = mean_gradient(grey, is_backdrop, window);
    return m;
}

}  // namespace photo
