#pragma once
// An independent measurement of a finished photo, made the way shared/tools/referee.cpp
// makes it: decode the file, detect the face again, find the crown as the first row whose
// middle half holds a pixel far from the backdrop colour, read the JFIF density. It trusts
// nothing the pipeline reported, so tests and the accuracy report use it to judge outputs.
#include <optional>

#include <opencv2/core.hpp>

#include "libphoto/face/face.hpp"
#include "libphoto/io/image_io.hpp"
#include "libphoto/analysis/preset.hpp"

namespace photo {

struct Verified {
    cv::Size size;
    int faces = 0;
    double crown = -1, eye_y = 0, face_w = 0, centre_offset = 0;
    int jfif_units = -1, dpi_x = 0, dpi_y = 0;
    std::size_t bytes = 0;
    double top_strip_distance = 1e9;  // mean colour of the top 8 rows vs the backdrop colour
    double top_strip_sd = 1e9;        // largest channel spread of those pixels
};

// Measures decoded pixels (and, when given, the file bytes for the JFIF header and size).
Verified verify_photo(const cv::Mat& bgr, const cv::Scalar& backdrop_bgr, const FaceModel& faces,
                      const Bytes* file = nullptr);

// Every number of the preset met? Lists the failed items ("crown 47", "bytes 41012", ...).
std::vector<std::string> verify_failures(const Verified& v, const Preset& preset);

}  // namespace photo
