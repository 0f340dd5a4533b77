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

// A progressive (or other multi-scan) JPEG: the decoder keeps every DCT coefficient of every
// component (2 bytes each, one per sample) until the last scan, and each scan is a pass over
// the blocks of its components however few bytes it takes in the file. Measured on this
// project's 2-core VM (bench/hostile_report): a refinement scan walks all 63 coefficients of
// a block even when the file holds no bit for it, ~33 ns per block; a page of coefficients
// touched first costs ~15 us. A 120 MP grey file of 250 such scans took 16.5 s, in colour
// 24 s and 700 MB (issue #15).
//
// Samples held as coefficients (all components, rounded up to whole blocks and MCUs): 300 MB.
// That holds a 120 MP grey image, 100 MP at 4:2:0 and 50 MP at 4:4:4, so a 48 MP phone photo
// saved again as progressive at full chroma still decodes; a full-size decode at the limit
// then needs ~450-600 MB with its output. Refused right after the header, before any scan.
inline constexpr std::int64_t kMaxJpegCoefficients = 150'000'000;
// Block visits of all scans together: each scan adds the blocks of its components. Real
// progressive files visit each block 5-12 times (libjpeg's default script 4.7-6, mozjpeg's
// about 10 on luma and fewer on chroma): a 100 MP 4:2:0 file with libjpeg's script makes 12.5 M,
// a 48 MP 4:4:4 one 10.7 M, 120 MP grey with 10 scans 18.75 M. 20 M visits cost at most
// ~0.7 s here. Counted as each scan starts, so the scan that would pass it is never decoded.
inline constexpr std::int64_t kMaxJpegScanBlocks = 20'000'000;
// Scans of one JPEG, whatever their size: each also costs its markers and tables, and a tiny
// image with thousands of them would pass the budget above. Real ones have about ten.
inline constexpr int kMaxJpegScans = 256;

}  // namespace photo::limits
