#pragma once
// The separable HOG filters of all of a detector's components, applied to one pyramid level
// together. What dlib does (float_spatially_filter_image_separable) one rank-1 term at a time,
// ~305 times per level for the frontal face detector: load the plane's inputs and the tap for
// every multiply-add (two loads per FMA, where the processor does two loads a cycle) and run
// the last (width mod 8) columns one float at a time, which on the 28-70 column planes of a
// face search is a third of the work. Here a row of inputs is loaded once for all terms of
// its plane, taps are kept pre-broadcast, and the last columns run 8 at a time too.
//
// Every output is the same float as dlib's: each one is summed from the same rounded products
// in the same order (three interleaved accumulators in dlib's vector columns, one sequential
// accumulator in its scalar tail columns), and each detector's terms are added in dlib's
// order. face_test holds the two to equal scores, also far below the detection threshold.
#include <cstddef>
#include <optional>
#include <vector>

#include <dlib/array.h>
#include <dlib/array2d.h>
#include <dlib/matrix.h>

namespace idphoto_hog {

// Filter taps per direction: 80 px windows of 8 px cells. Detectors with other sizes are left
// to dlib's own scan.
constexpr int kTaps = 10;

// One detector's response on one pyramid level, where dlib computes it: rows [first_row,
// first_row + rows) and columns [first_col, first_col + cols) of the level's feature planes.
struct Saliency {
    long first_row = 0, first_col = 0, rows = 0, cols = 0;
    std::size_t stride = 0;
    std::vector<float> values;  // rows x stride, row-major
    float at(long r, long c) const {
        return values[std::size_t(r - first_row) * stride + std::size_t(c - first_col)];
    }
};

class FilterBanks {
public:
    // One detector's separable filters: per feature plane, its rank-1 terms (row and column
    // filters), as dlib's fhog_filterbank holds them. Null when a filter is not kTaps long.
    using PlaneTerms = std::vector<std::vector<dlib::matrix<float, 0, 1>>>;
    static std::optional<FilterBanks> from(const std::vector<PlaneTerms>& row_filters,
                                           const std::vector<PlaneTerms>& col_filters);

    std::size_t detectors() const { return detectors_; }

    // The saliency of every detector on one level's feature planes (`out` resized to
    // detectors()); a level too small for a window leaves rows or cols 0.
    void apply(const dlib::array<dlib::array2d<float>>& planes, std::vector<Saliency>& out) const;

private:
    struct alignas(32) Term {
        float row[kTaps][8];  // each tap broadcast to the 8 lanes of an AVX register
        float col[kTaps][8];
        std::size_t detector;
    };
    std::vector<std::vector<Term>> by_plane_;  // per plane: terms in (detector, term) order
    std::size_t detectors_ = 0;
};

}  // namespace idphoto_hog
