#pragma once
// HEIC / HEIF / AVIF through libheif. libheif applies the container's rotation and mirror
// (irot/imir) while decoding, so what comes out is upright.
#include <cstdint>

#include <opencv2/core.hpp>

#include "libphoto/io/image_io.hpp"

namespace photo {

// Decodes the primary image to 8-bit BGR (CV_8UC3) or BGRA (CV_8UC4, when it has alpha).
// Refuses images above max_pixels before decoding. Throws Error(Errc::image_decode |
// "image.too_large").
cv::Mat decode_heif(const Bytes& bytes, std::int64_t max_pixels);

}  // namespace photo
