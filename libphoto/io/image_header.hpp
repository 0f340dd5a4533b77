#pragma once
// Reads what a file says about itself without decoding any pixels: the stored width and
// height (so a decompression bomb is refused before a buffer is allocated), the EXIF
// orientation, and whether the container is obviously cut short. Every read is
// bounds-checked: these functions see untrusted bytes.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "libphoto/io/image_io.hpp"

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

// Horizontal resolution in dots per inch from XResolution (282) and ResolutionUnit (296) of
// the first IFD (unit inch when absent, cm converted); same input as tiff_orientation.
// Returns 0 when absent, invalid, or the unit is "none".
double tiff_dpi(const std::uint8_t* data, std::size_t size);

// One JPEG marker segment as the header walk sees it.
struct JpegSegment {
    std::uint8_t marker = 0;              // e.g. 0xC0 (SOF0), 0xDB (DQT), 0xE0 (APP0)
    const std::uint8_t* data = nullptr;   // just after the two length bytes
    std::size_t size = 0;                 // declared length - 2, clipped to the bytes present
    bool complete = false;                // all declared bytes are present
};

enum class JpegWalkEnd { scan, eoi, truncated, damaged, stopped };

// Walks the marker segments of a JPEG (bytes from SOI on) up to and including the first SOS,
// calling visit for each, also for one cut short by the end of the data (complete = false,
// the walk then ends as truncated). visit returns false to stop the walk. Stray and fill
// bytes and markers without a length are skipped as libjpeg does. With JpegWalkEnd::scan,
// *scan_offset (if given) is the offset of the entropy-coded data after the SOS.
JpegWalkEnd walk_jpeg_segments(const std::uint8_t* data, std::size_t size,
                               const std::function<bool(const JpegSegment&)>& visit,
                               std::size_t* scan_offset = nullptr);

}  // namespace photo
