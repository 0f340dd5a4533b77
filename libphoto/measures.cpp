#include "libphoto/measures.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "libphoto/lab.hpp"
#include "libphoto/resample.hpp"

namespace photo {

namespace {
// All pixel measures are taken with the image scaled so the face (jaw width) is this wide.
constexpr double kFaceScaleWidth = 160;
// The backdrop is measured with the photo scaled to this width.
constexpr double kBackdropWidth = 400;
// Backdrop pixels: alpha below this, and this far (backdrop-scale px) from the person's edge.
constexpr float kBackdropAlpha = 0.05f;
constexpr int kBackdropErode = 6;
// Without a matte: the top strip and the side strips of the upper part, as shares of the size.
constexpr double kStripTop = 0.12, kStripSide = 0.1, kStripSideDepth = 0.55;
// Fewer backdrop pixels than this share of the photo: too little backdrop to judge.
constexpr double kMinBackdropShare = 0.02;
// Blur before the gradient: removes sensor noise and cloth grain, keeps objects and edges.
constexpr double kBackdropBlurSigma = 2.0;
// Cheek patch: centred between the jaw outline and the nose, radius as a share of the jaw width.
constexpr double kCheekRadius = 0.09;
// Clothing: from this many eye-to-chin distances below the chin, over +- this share of the jaw width.
constexpr double kClothingBelowChin = 0.5;
constexpr double kClothingHalfWidth = 0.6;
// A clothing pixel this close (CIE76 delta E) to the backdrop behind it cannot be separated.
constexpr double kClothingMatchDeltaE = 10;
// Top strip for the backdrop colour: this share of the image height.
constexpr double kTopStripShare = 0.04;

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

BackdropMeasures measure_backdrop(const cv::Mat& bgr, const Matte* matte) {
    BackdropMeasures m;
    const double s = kBackdropWidth / bgr.cols;
    cv::Mat img, grey;
    resize_scaled(bgr, img, s);
    if (img.empty()) return m;
    cv::cvtColor(img, grey, cv::COLOR_BGR2GRAY);

    cv::Mat is_backdrop;
    if (matte) {
        cv::Mat alpha;
        resize_area(matte->alpha_low, alpha, img.size());
        is_backdrop = alpha < kBackdropAlpha;
        m.person_share = cv::mean(alpha)[0];
    } else {
        is_backdrop = cv::Mat::zeros(img.size(), CV_8U);
        const int side = int(img.cols * kStripSide), depth = int(img.rows * kStripSideDepth);
        is_backdrop(cv::Rect(0, 0, img.cols, std::max(1, int(img.rows * kStripTop)))).setTo(255);
        is_backdrop(cv::Rect(0, 0, side, depth)).setTo(255);
        is_backdrop(cv::Rect(img.cols - side, 0, side, depth)).setTo(255);
    }
    const cv::Rect top(0, 0, img.cols, std::max(1, int(img.rows * kTopStripShare)));
    const cv::Mat top_backdrop = is_backdrop(top);
    m.top_colour = cv::countNonZero(top_backdrop) > 0 ? cv::mean(img(top), top_backdrop) : cv::mean(img(top));

    // Mean gradient of the blurred luminance over the backdrop, away from the person's edge.
    cv::Mat far_backdrop;
    const int k = 2 * kBackdropErode + 1;
    cv::erode(is_backdrop, far_backdrop, cv::getStructuringElement(cv::MORPH_ELLIPSE, {k, k}), {-1, -1}, 1,
              cv::BORDER_CONSTANT, cv::Scalar(255));
    if (cv::countNonZero(far_backdrop) > kMinBackdropShare * img.total()) {
        cv::Mat smooth, gx, gy, mag;
        cv::GaussianBlur(grey, smooth, cv::Size(), kBackdropBlurSigma);
        cv::Sobel(smooth, gx, CV_32F, 1, 0, 3, 1.0 / 8);
        cv::Sobel(smooth, gy, CV_32F, 0, 1, 3, 1.0 / 8);
        cv::magnitude(gx, gy, mag);
        m.gradient = cv::mean(mag, far_backdrop)[0];
    }
    return m;
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
    m.face_blown = cv::countNonZero((grey >= 250) & face_mask) / face_px;
    m.face_crushed = cv::countNonZero((grey <= 5) & face_mask) / face_px;

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
