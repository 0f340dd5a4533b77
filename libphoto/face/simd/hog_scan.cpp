// Compiled for AVX2 + FMA, into the module only (hog_avx2.cpp). Each step below is the step of
// dlib's object_detector::operator() and impl::detect_from_fhog_pyramid it replaces, in the
// same order, so that the detections come out in the same order with the same scores.
#include "libphoto/face/simd/hog_scan.hpp"

#include <algorithm>

#include "libphoto/face/simd/fhog.hpp"

namespace idphoto_hog {

namespace {
// impl::create_fhog_pyramid with extract_fhog (fhog.hpp) for dlib's feature extractor: the
// same levels, each from the one before by the same pyramid_down.
template <class Pyramid>
void fhog_pyramid(const GreyView& img, dlib::array<dlib::array<dlib::array2d<float>>>& feats, int cell_size,
                  int filter_rows_padding, int filter_cols_padding, unsigned long min_width, unsigned long min_height,
                  unsigned long max_levels) {
    unsigned long levels = 0;
    dlib::rectangle rect = dlib::get_rect(img);
    Pyramid pyr;
    do {
        rect = pyr.rect_down(rect);
        ++levels;
    } while (rect.width() >= min_width && rect.height() >= min_height && levels < max_levels);
    if (feats.max_size() < levels) feats.set_max_size(levels);
    feats.set_size(levels);

    extract_fhog(img.pixels, img.rows, img.cols, img.stride, feats[0], cell_size, filter_rows_padding,
                 filter_cols_padding);
    dlib::array2d<unsigned char> temp1, temp2;
    for (unsigned long i = 1; i < feats.size(); ++i) {
        if (i == 1) pyr(img, temp1);
        else pyr(temp2, temp1);
        extract_fhog(&temp1[0][0], temp1.nr(), temp1.nc(), std::size_t(dlib::width_step(temp1)), feats[i], cell_size,
                     filter_rows_padding, filter_cols_padding);
        swap(temp1, temp2);
    }
}
}  // namespace

std::optional<FastScan> FastScan::from(const dlib::frontal_face_detector& detector, unsigned long max_levels) {
    const Scanner& scanner = detector.get_scanner();
    std::vector<FilterBanks::PlaneTerms> rows, cols;
    std::vector<double> thresholds;
    long window_rows = -1, window_cols = -1;
    for (unsigned long i = 0; i < detector.num_detectors(); ++i) {
        // The filter bank object_detector builds from the same weights when it loads.
        const Scanner::fhog_filterbank bank = scanner.build_fhog_filterbank(detector.get_w(i));
        if (bank.filters.empty()) return std::nullopt;
        if (window_rows >= 0 && (bank.filters[0].nr() != window_rows || bank.filters[0].nc() != window_cols))
            return std::nullopt;
        window_rows = bank.filters[0].nr(), window_cols = bank.filters[0].nc();
        rows.push_back(bank.row_filters);
        cols.push_back(bank.col_filters);
        thresholds.push_back(detector.get_w(i)(scanner.get_num_dimensions()));
    }
    std::optional<FilterBanks> banks = FilterBanks::from(rows, cols);
    if (!banks) return std::nullopt;
    FastScan scan(std::move(*banks));
    scan.fe_ = scanner.get_feature_extractor();
    scan.overlaps_ = detector.get_overlap_tester();
    scan.thresholds_ = thresholds;
    scan.cell_size_ = int(scanner.get_cell_size());
    // compute_fhog_window_size(), which the filters are made to: the window in cells.
    scan.window_rows_ = (unsigned long)window_rows;
    scan.window_cols_ = (unsigned long)window_cols;
    scan.padding_ = scanner.get_padding();
    scan.min_level_width_ = scanner.get_min_pyramid_layer_width();
    scan.min_level_height_ = scanner.get_min_pyramid_layer_height();
    scan.max_levels_ = std::min(max_levels, scanner.get_max_pyramid_levels());
    return scan;
}

FastScan FastScan::with_max_levels(unsigned long max_levels) const {
    FastScan scan = *this;
    scan.max_levels_ = std::min(max_levels, max_levels_);
    return scan;
}

std::vector<dlib::rect_detection> FastScan::operator()(const GreyView& img, double adjust_threshold) const {
    // scan_fhog_pyramid::load
    dlib::array<dlib::array<dlib::array2d<float>>> feats;
    fhog_pyramid<Scanner::pyramid_type>(img, feats, cell_size_, int(window_rows_), int(window_cols_), min_level_width_,
                                        min_level_height_, max_levels_);

    // impl::detect_from_fhog_pyramid for every component, one level at a time for all of them.
    const unsigned long box_rows = window_rows_ - 2 * padding_, box_cols = window_cols_ - 2 * padding_;
    std::vector<std::vector<std::pair<double, dlib::rectangle>>> dets(banks_.detectors());
    std::vector<Saliency> saliency;
    Scanner::pyramid_type pyr;
    for (unsigned long l = 0; l < feats.size(); ++l) {
        banks_.apply(feats[l], saliency);
        for (std::size_t d = 0; d < saliency.size(); ++d) {
            const Saliency& s = saliency[d];
            const double thresh = thresholds_[d] + adjust_threshold;
            for (long r = s.first_row; r < s.first_row + s.rows; ++r)
                for (long c = s.first_col; c < s.first_col + s.cols; ++c) {
                    if (!(s.at(r, c) >= thresh)) continue;  // as dlib tests it (NaN too)
                    dlib::rectangle rect = fe_.feats_to_image(dlib::centered_rect(dlib::point(c, r), box_cols, box_rows),
                                                              cell_size_, window_rows_, window_cols_);
                    dets[d].push_back(std::make_pair(s.at(r, c), pyr.rect_up(rect, l)));
                }
        }
    }

    // object_detector::operator(): confidences over the bias, then non-maximum suppression.
    std::vector<dlib::rect_detection> all;
    for (std::size_t d = 0; d < dets.size(); ++d) {
        std::sort(dets[d].rbegin(), dets[d].rend(), dlib::impl::compare_pair_rect);
        for (const auto& [score, rect] : dets[d]) {
            dlib::rect_detection temp;
            temp.detection_confidence = score - thresholds_[d];
            temp.weight_index = d;
            temp.rect = rect;
            all.push_back(temp);
        }
    }
    if (dets.size() > 1) std::sort(all.rbegin(), all.rend());
    std::vector<dlib::rect_detection> found;
    for (const auto& det : all) {
        const bool overlaps = std::any_of(found.begin(), found.end(),
                                          [&](const dlib::rect_detection& f) { return overlaps_(f.rect, det.rect); });
        if (!overlaps) found.push_back(det);
    }
    return found;
}

}  // namespace idphoto_hog
