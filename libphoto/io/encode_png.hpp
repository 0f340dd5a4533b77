#pragma once
// Lossless PNG output (the alpha matte, the guide overlay) through libpng.
#include <opencv2/core.hpp>

#include "libphoto/io/image_io.hpp"

namespace photo {

// 8-bit grey (CV_8UC1), BGR (CV_8UC3) or BGRA (CV_8UC4). Throws Error(Errc::image_encode).
Bytes encode_png(const cv::Mat& image);

}  // namespace photo
