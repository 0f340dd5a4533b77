#include "libphoto/resample.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace photo {

namespace {
// Rows averaged and the horizontal blur applied to the row that is continued below the photo:
// repeating the last row as it is would draw every thread and JPEG block as a long streak.
// The blur is a share of the width: the continued part reads as out-of-focus clothing.
constexpr int kContinueRows = 8;
constexpr double kContinueBlurShare = 0.03;

cv::Mat continue_downwards(const cv::Mat& part, int rows) {
    const int k = std::min(kContinueRows, part.rows);
    cv::Mat last;
    cv::reduce(part.rowRange(part.rows - k, part.rows), last, 0, cv::REDUCE_AVG, CV_32F);
    cv::GaussianBlur(last, last, cv::Size(0, 1), std::max(1.0, kContinueBlurShare * part.cols), 0,
                     cv::BORDER_REPLICATE);
    last.convertTo(last, part.type());
    cv::Mat out(part.rows + rows, part.cols, part.type());
    part.copyTo(out.rowRange(0, part.rows));
    for (int y = part.rows; y < out.rows; ++y) last.copyTo(out.row(y));
    return out;
}
}  // namespace

cv::Mat resample_crop(const cv::Mat& src, const cv::Rect2d& crop, cv::Size out_size, const cv::Scalar& fill) {
    const double sx = out_size.width / crop.width, sy = out_size.height / crop.height;
    cv::Mat out(out_size, src.type(), fill);
    // The part of the source the crop covers; below the bottom edge the last rows continue
    // (clothing extended downwards), above and beside the photo is `fill`.
    const int x0 = std::max(0, int(std::floor(crop.x)));
    const int y0 = std::max(0, int(std::floor(crop.y)));
    const int x1 = std::min(src.cols, int(std::ceil(crop.x + crop.width)) + 1);
    const int y1 = std::min(src.rows, int(std::ceil(crop.y + crop.height)) + 1);
    if (x1 - x0 < 1 || y1 - y0 < 1) return out;
    cv::Mat part = src(cv::Rect(x0, y0, x1 - x0, y1 - y0));
    const int below = std::max(0, int(std::ceil(crop.y + crop.height)) + 1 - src.rows);
    if (below > 0) part = continue_downwards(part, below);
    const int part_w = part.cols, part_h = part.rows;

    // A strong reduction is done first by an area resize (warpAffine has no INTER_AREA) to
    // twice the output density; the affine step does the rest and the sub-pixel placement.
    if (sx < 0.5) {
        const double pre = sx * 2;
        cv::resize(part, part, cv::Size(), pre, pre, cv::INTER_AREA);
    }
    const double px = part.cols / double(part_w), py = part.rows / double(part_h);
    // output = (source - crop origin) * s, source = (x0, y0) + part pixel / p
    const cv::Mat m = (cv::Mat_<double>(2, 3) << sx / px, 0, (x0 - crop.x) * sx,
                                                 0, sy / py, (y0 - crop.y) * sy);
    cv::warpAffine(part, out, m, out_size, cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
    return out;
}

}  // namespace photo
