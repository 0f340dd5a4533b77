#include "libphoto/analysis/measures.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "libphoto/matte/lab.hpp"
#include "libphoto/io/resample.hpp"

namespace photo {

namespace {
// All pixel measures are taken with the image scaled so the face (jaw width) is this wide.
constexpr double kFaceScaleWidth = 160;
// Cheek patch: centred between the jaw outline and the nose, radius as a share of the jaw width.
constexpr double kCheekRadius = 0.09;
// Clothing: from this many eye-to-chin distances below the chin, over +- this share of the jaw width.
constexpr double kClothingBelowChin = 0.5;
constexpr double kClothingHalfWidth = 0.6;
// A clothing pixel this close (CIE76 delta E) to the backdrop behind it cannot be separated.
constexpr double kClothingMatchDeltaE = 10;

double mean_in_circle(const cv::Mat& grey, cv::Point2d c, double r) {
    cv::Mat mask = cv::Mat::zeros(grey.size(), CV_8U);
    cv::circle(mask, c, std::max(1, int(std::lround(r))), cv::Scalar(255), cv::FILLED);
    return cv::mean(grey, mask)[0];
}

double lid_ratio(const Face& f, int first) {  // first = 36 (right eye) or 42 (left eye)
    const auto& p = f.points;
    const double lids = cv::norm(p[first + 1] - p[first + 5]) + cv::norm(p[first + 2] - p[first + 4]);
    return lids / (2 * std::max(1.0, cv::norm(p[first] - p[first + 3])));
}
}  // namespace

double ImageMeasures::share_at_least(int level) const {
    double share = 0;
    for (int v = std::max(level, 0); v < 256; ++v) share += face_histogram[std::size_t(v)];
    return share;
}

double ImageMeasures::share_at_most(int level) const {
    double share = 0;
    for (int v = 0; v <= std::min(level, 255); ++v) share += face_histogram[std::size_t(v)];
    return share;
}

ImageMeasures measure_image(const cv::Mat& bgr, const Face& face_in, const Matte* matte) {
    ImageMeasures m;
    const double s = kFaceScaleWidth / std::max(1.0, face_in.jaw_width());
    cv::Mat img;
    resize_scaled(bgr, img, s);
    if (img.empty()) return m;
    Face face = face_in;  // landmarks in the scaled image
    for (auto& p : face.points) p *= s;
    face.box = cv::Rect2d(face.box.x * s, face.box.y * s, face.box.width * s, face.box.height * s);
    cv::Mat grey;
    cv::cvtColor(img, grey, cv::COLOR_BGR2GRAY);
    const auto& p = face.points;

    // Eyes and mouth, from the landmarks alone.
    m.eye_openness = (lid_ratio(face, 36) + lid_ratio(face, 42)) / 2;
    const double inner_width = std::max(1.0, cv::norm(p[60] - p[64]));
    m.mouth_opening = (cv::norm(p[61] - p[67]) + cv::norm(p[62] - p[66]) + cv::norm(p[63] - p[65])) / (3 * inner_width);

    // Cheeks: between jaw point 2 (14) and the nose wing 31 (35), below the eyes.
    const double r = kCheekRadius * kFaceScaleWidth;
    m.cheek_left = mean_in_circle(grey, (p[2] + p[31]) * 0.5, r);
    m.cheek_right = mean_in_circle(grey, (p[14] + p[35]) * 0.5, r);

    // Face exposure over the hull of jaw and brows.
    std::vector<cv::Point> hull_pts;
    for (int i = 0; i <= 26; ++i) hull_pts.emplace_back(cv::Point(int(p[i].x), int(p[i].y)));
    std::vector<cv::Point> hull;
    cv::convexHull(hull_pts, hull);
    cv::Mat face_mask = cv::Mat::zeros(grey.size(), CV_8U);
    cv::fillConvexPoly(face_mask, hull, cv::Scalar(255));
    const double face_px = std::max(1, cv::countNonZero(face_mask));
    m.face_luminance = cv::mean(grey, face_mask)[0];
    for (int y = 0; y < grey.rows; ++y) {
        const std::uint8_t* g = grey.ptr<std::uint8_t>(y);
        const std::uint8_t* in = face_mask.ptr<std::uint8_t>(y);
        for (int x = 0; x < grey.cols; ++x)
            if (in[x]) m.face_histogram[g[x]] += 1 / face_px;
    }

    // Sharpness: Laplacian variance over the face hull.
    cv::Mat lap;
    cv::Laplacian(grey, lap, CV_32F);
    cv::Scalar lap_mean, lap_sd;
    cv::meanStdDev(lap, lap_mean, lap_sd, face_mask);
    m.sharpness = lap_sd[0] * lap_sd[0];

    if (!matte) return m;
    cv::Mat backdrop;
    resize_area(matte->backdrop_low, backdrop, img.size());

    // Clothing: the region below the chin against the old backdrop model over the same pixels.
    const double eye_chin = std::max(1.0, face.chin().y - face.eye_line_y());
    const int y0 = int(face.chin().y + kClothingBelowChin * eye_chin);
    const int half = int(kClothingHalfWidth * kFaceScaleWidth);
    const cv::Rect torso = cv::Rect(int(face.centre_x()) - half, y0, 2 * half, img.rows - y0) & cv::Rect(0, 0, img.cols, img.rows);
    if (torso.height >= 4 && torso.width >= 4) {
        cv::Mat cloth, back;
        img(torso).convertTo(cloth, CV_32FC3, 1 / 255.0);
        backdrop(torso).convertTo(back, CV_32FC3, 1 / 255.0);
        cv::Mat diff = bgr_to_lab(cloth) - bgr_to_lab(back), dist;
        diff = diff.reshape(1, int(diff.total()));
        cv::reduce(diff.mul(diff), dist, 1, cv::REDUCE_SUM);
        m.clothing_backdrop_share =
            cv::countNonZero(dist < kClothingMatchDeltaE * kClothingMatchDeltaE) / double(dist.total());
    }
    return m;
}

}  // namespace photo
