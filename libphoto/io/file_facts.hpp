#pragma once
// Facts about a submitted file as a file, not as pixels: container format, extension, size,
// stored dimensions, JPEG coding (baseline/progressive, chroma subsampling), density and an
// estimate of the JPEG quality. The submission checks (file.format, file.dimensions,
// file.dpi, file.size_kb, file.quality) are made from these. Nothing is decoded, and every
// read is bounds-checked: the bytes are untrusted. Unknown facts keep their defaults.
#include <cstddef>
#include <optional>
#include <string>

#include "libphoto/io/image_io.hpp"

namespace photo {

struct FileFacts {
    std::string format;          // as photo::sniff_format gives ("jpeg","png","webp",...), "" unknown
    std::string extension;       // lower-case extension of the file name without dot ("jpg"), "" for stdin
    std::size_t bytes = 0;
    int width = 0, height = 0;   // as stored (before EXIF orientation); 0 when unknown
    bool jpeg_baseline = false;  // SOF0 (or SOF1) present and no progressive/lossless SOF
    bool jpeg_progressive = false;
    int jfif_units = -1;         // JFIF APP0 units (0 none, 1 dpi, 2 dpcm); -1 without JFIF
    int density_x = 0, density_y = 0;  // JFIF densities
    std::optional<double> dpi;   // from JFIF (units 1, or 2 converted) or else EXIF XResolution/ResolutionUnit; nullopt when unknown
    std::optional<int> jpeg_quality;  // IJG quality estimated from the first luminance DQT table
    bool chroma_subsampled = false;   // 4:2:0 / 4:2:2 (for information)
};

// `file_name` only gives the extension ("-" is standard input).
FileFacts read_file_facts(const Bytes& bytes, const std::string& file_name);

// The IJG (libjpeg) quality 1..100 whose scaling of the standard luminance table is nearest
// (sum of absolute differences; the lowest quality on ties) to `table`, 64 values in zigzag
// order as a DQT stores them. `sixteen_bit`: the table was stored with 16-bit precision
// (scaled values then clamp at 32767 rather than 255).
int estimate_ijg_quality(const int (&table)[64], bool sixteen_bit);

}  // namespace photo
