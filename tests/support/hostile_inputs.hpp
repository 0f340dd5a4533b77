#pragma once
// Hostile inputs of the security review (issue #15), built byte by byte so that the tests and
// bench/hostile_report.cpp try the very same files without committing large ones.
#include <cstdint>
#include <string>

#include "libphoto/io/image_io.hpp"

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

// A progressive JPEG of `width` x `height` (each at most 65535) with `components` colour
// components (1 grey, 3 colour; all at full resolution) and `scans` scans in all: one DC scan
// of all components, then one AC scan of the first component (1..63, Al 1) and refinement
// scans of it (1..63, Ah 1, Al 0) until `scans`. Each AC scan is a few end-of-band runs of
// 32767 blocks, so a scan costs a few bytes of file and a whole pass of the decoder over the
// component's coefficients; 250 of them on 120 MP are 270 KB (most of it the DC scan's one bit
// per block).
photo::Bytes progressive_jpeg(std::uint32_t width, std::uint32_t height, int scans, int components = 1);

}  // namespace hostile
