#pragma once
// Hostile inputs of the security review (issue #15), built byte by byte so that the tests and
// bench/hostile_report.cpp try the very same files without committing large ones.
#include <cstdint>
#include <string>

#include "libphoto/image_io.hpp"

namespace hostile {

// A greyscale PackBits TIFF whose first IFD names ImageWidth/ImageLength twice: first
// `real` x `real` (what libtiff decodes), then 16x16 (what a reader keeping the last tag
// sees). No pixel data at all: libtiff decodes the missing strips as blank.
photo::Bytes tiff_with_duplicate_size(std::uint32_t real);

// A PackBits TIFF of `width` x `height` pixels of `samples` 8-bit samples each, in one strip:
// few pixels, but the strip libtiff decodes them from is width * height * samples bytes.
photo::Bytes tiff_with_samples(std::uint32_t width, std::uint32_t height, unsigned samples);

// A grey PackBits TIFF of `size` x `size` pixels stored in tiles of `tile` x `tile`: a tile
// far larger than the image is one huge buffer for a few pixels.
photo::Bytes tiff_with_tiles(std::uint32_t size, std::uint32_t tile);

}  // namespace hostile
