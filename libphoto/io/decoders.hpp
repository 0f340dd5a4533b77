#pragma once
// One decoder per format, each over the library that format's reference implementation lives
// in (libjpeg-turbo, libpng, libwebp, libtiff; BMP is simple enough to read here). Why not
// OpenCV's imgcodecs: linking it pulls ~140 shared libraries (GDAL, GDCM, VTK, ...) into
// every process, ~0.2 s of start-up before the first line of main, a third of a cold
// `idphoto make`.
//
// Each returns the stored pixels as 8-bit BGR (CV_8UC3) or BGRA (CV_8UC4), not yet turned
// upright, and throws Error(Errc::image_decode) with a reason a person can act on. The caller
// (decode_image) has already checked the header's size against the pixel limit.
#include "libphoto/io/image_io.hpp"

namespace photo {

// Error(Errc::image_too_large) for a w x h image above max_pixels, as every decoder words it.
[[noreturn]] void throw_too_large(std::int64_t w, std::int64_t h, std::int64_t max_pixels);

// `reduction` 1, 2, 4 or 8: DCT-scaled decoding. CMYK (Adobe, as Photoshop writes it) and
// greyscale come out as BGR.
cv::Mat decode_jpeg(const Bytes& bytes, int reduction);
// 16-bit channels scaled to 8, palettes and grey expanded, transparency kept as alpha.
cv::Mat decode_png(const Bytes& bytes);
// Still images only: an animation is refused.
cv::Mat decode_webp(const Bytes& bytes);
// The first image of the file, any layout libtiff's RGBA reader handles, in stored order
// (the Orientation tag is not applied). Its size is asked of libtiff, which decodes the first
// of duplicated ImageWidth/ImageLength tags, and refused above max_pixels (image.too_large)
// before any strip is read.
cv::Mat decode_tiff(const Bytes& bytes, std::int64_t max_pixels);
// Uncompressed or bit-field BMPs of 1, 4, 8, 16, 24 or 32 bits; a 32-bit BMP's fourth byte is
// ignored (it is rarely real alpha). RLE-compressed BMPs are refused.
cv::Mat decode_bmp(const Bytes& bytes);

}  // namespace photo
