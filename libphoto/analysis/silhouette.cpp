#include "libphoto/analysis/silhouette.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace photo {

namespace {
// All in jaw widths (w), from the face centre and the eye line. Measured on the shared
// portraits, hair reaches 0.58-0.92 w beside the face centre and the crown 0.83-1.36 w above
// the eye line; the outline leaves some room for fuller hair. (Not much more: on a tight ID
// photo the frame is ~1.8 w wide, and an outline wider than that would leave nothing beside
// the head to judge.)
constexpr double kHairSide = 1.0;     // head and hair: an ellipse this wide each side ...
constexpr double kHairTop = 1.6;      // ... reaching this far above the eye line
// Below the eye line, hair may hang down straight beside the face and neck to here below
// the chin (long hair on the shoulders is inside the shoulders' outline anyway).
constexpr double kHairBelowChin = 0.6;
// Neck and shoulders: from this far below the chin the outline widens from the neck's half
// width to the shoulders' over the next kShoulderDrop, and on at kShoulderSlope below.
constexpr double kNeckStart = 0.1;
constexpr double kNeckHalf = 0.9;
constexpr double kShoulderHalf = 2.2;
constexpr double kShoulderDrop = 0.6;
constexpr double kShoulderSlope = 0.6;
// The window a crop can show: the widest one has the smallest face any preset allows
// (CHSI: 180 of 480 px, 2.7 w wide), its top the largest eye-line distance over that face
// (300 / 180 = 1.7 w above the eyes), its bottom 2.4 w below them.
constexpr double kWindowHalf = 1.35;
constexpr double kWindowAbove = 1.7;
constexpr double kWindowBelow = 2.4;
}  // namespace

cv::Mat silhouette_mask(cv::Size size, const Face& face, double scale) {
    cv::Mat mask = cv::Mat::zeros(size, CV_8U);
    const double w = face.jaw_width() * scale;
    const double cx = face.centre_x() * scale, eye = face.eye_line_y() * scale, chin = face.chin().y * scale;
    // The head: the upper half of an ellipse over the eye line, then straight down.
    cv::ellipse(mask, cv::Point(int(cx), int(eye)), cv::Size(int(kHairSide * w), int(kHairTop * w)), 0, 180, 360,
                cv::Scalar(255), cv::FILLED);
    const int hair_bottom = int(chin + kHairBelowChin * w);
    cv::rectangle(mask, cv::Point(int(cx - kHairSide * w), int(eye)), cv::Point(int(cx + kHairSide * w), hair_bottom),
                  cv::Scalar(255), cv::FILLED);
    // Neck and shoulders down to the bottom edge.
    const double y0 = chin + kNeckStart * w, y1 = y0 + kShoulderDrop * w;
    const double bottom = std::max(double(size.height), y1);
    const double half_bottom = kShoulderHalf * w + kShoulderSlope * (bottom - y1);
    const std::vector<cv::Point> body = {
        {int(cx - kNeckHalf * w), int(y0)},          {int(cx + kNeckHalf * w), int(y0)},
        {int(cx + kShoulderHalf * w), int(y1)},      {int(cx + half_bottom), int(bottom)},
        {int(cx - half_bottom), int(bottom)},        {int(cx - kShoulderHalf * w), int(y1)}};
    cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{body}, cv::Scalar(255));
    return mask;
}

cv::Rect crop_window(cv::Size size, const Face& face, double scale) {
    const double w = face.jaw_width() * scale;
    const double cx = face.centre_x() * scale, eye = face.eye_line_y() * scale;
    const cv::Rect r(int(std::floor(cx - kWindowHalf * w)), int(std::floor(eye - kWindowAbove * w)),
                     int(std::ceil(2 * kWindowHalf * w)), int(std::ceil((kWindowAbove + kWindowBelow) * w)));
    return r & cv::Rect(0, 0, size.width, size.height);
}

}  // namespace photo
