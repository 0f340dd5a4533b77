#pragma once
// dlib's object_detector<scan_fhog_pyramid> search, step for step, with the filtering done by
// FilterBanks (hog_filters.hpp) for all components of the detector at once. The pyramid, the
// HOG features, the thresholds, the boxes and the non-maximum suppression are dlib's own
// code; the detections are the same as dlib's, score for score.
#include <optional>
#include <vector>

#include <dlib/image_processing/frontal_face_detector.h>

#include "libphoto/face/simd/grey_view.hpp"
#include "libphoto/face/simd/hog_filters.hpp"

namespace idphoto_hog {

class FastScan {
public:
    // A scan of `detector`'s first `max_levels` pyramid levels (its own count when larger);
    // null when its filters are not the kind FilterBanks handles.
    static std::optional<FastScan> from(const dlib::frontal_face_detector& detector, unsigned long max_levels);

    // The same scan of at most `max_levels` levels (the filters are not built again).
    FastScan with_max_levels(unsigned long max_levels) const;

    // What detector(img, dets, adjust_threshold) would give, with the level cap.
    std::vector<dlib::rect_detection> operator()(const GreyView& img, double adjust_threshold = 0) const;

private:
    using Scanner = dlib::frontal_face_detector::image_scanner_type;
    explicit FastScan(FilterBanks banks) : banks_(std::move(banks)) {}

    FilterBanks banks_;
    Scanner::feature_extractor_type fe_;
    dlib::test_box_overlap overlaps_;
    std::vector<double> thresholds_;  // per component: its bias, as object_detector reads it
    int cell_size_ = 8;
    unsigned long window_rows_ = 0, window_cols_ = 0;  // filter size in cells
    unsigned long padding_ = 0;
    unsigned long min_level_width_ = 0, min_level_height_ = 0, max_levels_ = 0;
};

}  // namespace idphoto_hog
