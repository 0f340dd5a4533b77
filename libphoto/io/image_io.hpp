#pragma once
// Loading and saving files. Images are recognised by their content, never by the file
// extension (people send WebP named .jpg). Everything that comes out of here is 8-bit BGR,
// upright (EXIF orientation applied), with transparency flattened onto white.
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "libphoto/core/bytes.hpp"
#include "libphoto/io/file_io.hpp"  // read_file for load_image's callers
#include "libphoto/core/limits.hpp"

namespace photo {

struct LoadOptions {
    // Refuse images with more pixels than this before any pixel buffer is allocated.
    std::int64_t max_pixels = limits::kMaxPixels;
    // 0: decode at full size. Otherwise a JPEG may be decoded at a reduced DCT scale
    // (1/2, 1/4, 1/8) as long as its longer side stays >= this many pixels.
    int min_long_side = 0;
};

struct LoadedImage {
    cv::Mat bgr;                 // CV_8UC3, upright
    cv::Size full_size;          // size of the upright image at full resolution
    double scale = 1.0;          // bgr.cols / full_size.width (1 unless DCT-scaled)
    std::string format;          // "jpeg", "png", "webp", "bmp", "tiff", "heic", "avif"
};

// "jpeg", "png", ... or "" when the bytes are no image format we read.
std::string sniff_format(const Bytes& bytes);

// Decodes bytes. Throws Error(Errc::image_decode | "image.too_large" | "image.format").
LoadedImage decode_image(const Bytes& bytes, const LoadOptions& options = {});

// read_file + decode_image.
LoadedImage load_image(const std::string& path, const LoadOptions& options = {});


}  // namespace photo
