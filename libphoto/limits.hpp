#pragma once
// Every limit that bounds what one untrusted input may cost, in one place. The goal (issue
// #15): any single photo or archive is decoded, or refused, within about 2 s and 600 MB of
// memory on an ordinary machine, whatever its few bytes claim. Each limit says why it is
// where it is.
#include <cstdint>

namespace photo::limits {

// Pixels of one image. A 48 MP phone photo has room to spare; 120 MP decoded to 8-bit BGR is
// 360 MB, the most one decode may allocate for its output. Checked against what the decoder
// will really build (the JPEG frame, the TIFF tags libtiff reads, the HEIC grid's canvas),
// not only against what a header declares.
inline constexpr std::int64_t kMaxPixels = 120'000'000;

// Tiles of one HEIC grid, each decoded on its own even when the grid names the same tile
// again and again. An iPhone's 48 MP HEIC is 16x12 tiles of 512x512 (192); 1024 such tiles
// are 268 MP, more than kMaxPixels lets through anyway.
inline constexpr std::int64_t kMaxHeicGridTiles = 1024;

}  // namespace photo::limits
