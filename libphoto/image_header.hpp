#pragma once
// Reads what a file says about itself without decoding any pixels: the stored width and
// height (so a decompression bomb is refused before a buffer is allocated), the EXIF
// orientation, and whether the container is obviously cut short. Every read is
// bounds-checked: these functions see untrusted bytes.
#include <cstdint>
#include <string>

#include "libphoto/image_io.hpp"

namespace photo {

struct ImageHeader {
    bool ok = false;          // false: the header is missing or damaged
    std::int64_t width = 0;   // as stored, before orientation
    std::int64_t height = 0;
    int orientation = 1;      // EXIF/TIFF orientation 1..8 (1 when absent or invalid)
    bool truncated = false;   // the container ends before its last segment/chunk
};

// `format` is what sniff_format returned ("jpeg", "png", "webp", "bmp", "tiff", "gif").
// HEIC/AVIF sizes come from libheif instead; for them this returns ok = false.
ImageHeader read_image_header(const Bytes& bytes, const std::string& format);

// Orientation tag (274) of the first IFD of a TIFF structure ("II*\0..." / "MM\0*...");
// also accepts a leading "Exif\0\0". Returns 1 when absent or invalid.
int tiff_orientation(const std::uint8_t* data, std::size_t size);

}  // namespace photo
