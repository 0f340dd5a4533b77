#pragma once
// Baseline JPEG with a JFIF density, at a quality found by search so that the file lands in
// the preset's size range. Files are never padded to reach a size.
#include <cstddef>
#include <string>

#include <opencv2/core.hpp>

#include "libphoto/io/image_io.hpp"

namespace photo {

struct EncodeOptions {
    int dpi = 300;
    int quality_floor = 60;       // never encode below this quality
    int quality_ceiling = 95;     // never above (larger files buy nothing visible)
    std::size_t min_bytes = 0;    // size range to land in; 0 = no bound
    std::size_t max_bytes = 0;
    std::string comment;          // a JPEG COM segment (batch records what made the file)
};

struct Encoded {
    Bytes bytes;
    int quality = 0;
    bool size_in_range = true;    // false when no quality in [floor, ceiling] reaches it
    int encodes = 0;              // how many qualities were tried to find it
};

// One baseline JPEG (4:2:0, optimised Huffman tables, JFIF units = dots per inch).
Bytes encode_jpeg(const cv::Mat& bgr, int quality, int dpi, const std::string& comment = "");

// Searches the quality (binary search; each probe is one encode) for the highest quality
// whose size is <= max_bytes, and reports whether min_bytes was also met.
Encoded encode_jpeg_sized(const cv::Mat& bgr, const EncodeOptions& options);

}  // namespace photo
