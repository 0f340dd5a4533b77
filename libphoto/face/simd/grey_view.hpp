#pragma once
// A grey image over the caller's pixels in dlib's generic image interface: the AVX2 module
// (hog_avx2.cpp) hands the program's cv::Mat to dlib without a copy or an OpenCV dependency.
#include <cstddef>

#include <dlib/image_processing/generic_image.h>

namespace idphoto_hog {

struct GreyView {
    const unsigned char* pixels;
    long rows, cols;
    std::size_t stride;
};

// dlib's generic image interface, found by argument-dependent lookup.
inline long num_rows(const GreyView& v) { return v.rows; }
inline long num_columns(const GreyView& v) { return v.cols; }
inline const void* image_data(const GreyView& v) { return v.pixels; }
inline long width_step(const GreyView& v) { return long(v.stride); }

}  // namespace idphoto_hog

namespace dlib {
template <>
struct image_traits<idphoto_hog::GreyView> {
    typedef unsigned char pixel_type;
};
}  // namespace dlib
