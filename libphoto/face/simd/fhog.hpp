#pragma once
// dlib's HOG features (extract_fhog_features, Felzenszwalb's 31 planes) of a grey image, the
// same floats, ~1.6x faster. Where dlib spends its time on a face search: it gathers every
// pixel's four neighbours one byte at a time into vector registers, picks each pixel's
// orientation with four extra mask conversions per direction, and addresses the histogram
// through two levels of containers for each of the 32 votes of 8 pixels. Here the
// neighbours are vector loads, the orientation is the first largest |dot| (the same choice:
// a direction and its opposite never both beat the best so far) and the votes go to one flat
// array. Every vote and feature is computed with dlib's operations in dlib's order (vector
// and scalar columns as dlib splits them), which -ffp-contract=off keeps unfused on both
// sides; face_test compares the detections, scores included, far below the threshold.
#include <cstddef>

#include <dlib/array.h>
#include <dlib/array2d.h>

namespace idphoto_hog {

// As dlib::extract_fhog_features(img, hog, cell_size, filter_rows_padding,
// filter_cols_padding) on the grey image `pixels` (rows x cols, `stride` bytes a row).
void extract_fhog(const unsigned char* pixels, long rows, long cols, std::size_t stride,
                  dlib::array<dlib::array2d<float>>& hog, int cell_size, int filter_rows_padding,
                  int filter_cols_padding);

}  // namespace idphoto_hog
