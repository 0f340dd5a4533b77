#pragma once
// One resampling for everything cut out of a photo at output size: the image, the matte's
// coefficients and its backdrop model all go through it, so they stay aligned to the pixel.
#include <opencv2/core.hpp>

namespace photo {

// The row continued below the photo is blurred sideways with a sigma of this share of the
// width: the continued part reads as out-of-focus clothing.
constexpr double kContinuedRowBlurShare = 0.03;

// Resamples `src` (any type) inside `crop` (src pixels, pixel centres at integers; may reach
// beyond the image) to `out_size`; above and beside the image is `fill`, below it the last
// rows continue (clothing extended downwards).
cv::Mat resample_crop(const cv::Mat& src, const cv::Rect2d& crop, cv::Size out_size, const cv::Scalar& fill);

// cv::resize(src, dst, dsize, fx, fy, INTER_AREA), the same sizes and the same area weights,
// but a reduction by a fraction (the analysis reduces a 1/4-scale decode to 640, 400 and
// 320 px and to the face measures' scale) runs as two separable passes whose inner loops the
// compiler vectorises: ~4x faster than OpenCV 4.6's generic area path, which took ~4 ms per
// reduction of a 1000 px colour image. Integer factors and enlargements go to cv::resize.
// CV_8U or CV_32F, 1 to 4 channels.
void resize_area(const cv::Mat& src, cv::Mat& dst, cv::Size dsize, double fx = 0, double fy = 0);

// `src` scaled by `scale` in both directions: by area when reducing, bilinear when enlarging.
void resize_scaled(const cv::Mat& src, cv::Mat& dst, double scale);

}  // namespace photo
