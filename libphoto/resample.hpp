#pragma once
// One resampling for everything cut out of a photo at output size: the image, the matte's
// coefficients and its backdrop model all go through it, so they stay aligned to the pixel.
#include <opencv2/core.hpp>

namespace photo {

// Resamples `src` (any type) inside `crop` (src pixels, pixel centres at integers; may reach
// beyond the image) to `out_size`; above and beside the image is `fill`, below it the last
// rows continue (clothing extended downwards).
cv::Mat resample_crop(const cv::Mat& src, const cv::Rect2d& crop, cv::Size out_size, const cv::Scalar& fill);

}  // namespace photo
