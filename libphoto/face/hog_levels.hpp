#pragma once
// A copy of dlib's HOG detector that scans only the first `levels` levels of its image
// pyramid (the largest images, where the smallest faces are found). Shared by face.cpp and
// the AVX2 module (simd/hog_avx2.cpp), which each compile dlib's templates for themselves.
#include <vector>

#include <dlib/image_processing/frontal_face_detector.h>

namespace photo {

// The filters are processed again from the weights (~1 ms): build it once, not per photo.
inline dlib::frontal_face_detector with_pyramid_levels(const dlib::frontal_face_detector& d, unsigned long levels) {
    dlib::frontal_face_detector::image_scanner_type scanner;
    scanner.copy_configuration(d.get_scanner());
    scanner.set_max_pyramid_levels(levels);
    std::vector<dlib::frontal_face_detector::feature_vector_type> w;
    for (unsigned long i = 0; i < d.num_detectors(); ++i) w.push_back(d.get_w(i));
    return dlib::frontal_face_detector(scanner, d.get_overlap_tester(), w);
}

}  // namespace photo
