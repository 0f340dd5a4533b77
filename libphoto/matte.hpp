#pragma once
// Alpha matte of a person in front of a plain but imperfect backdrop (light fall-off, a
// cast shadow, a wrinkled cloth, sensor noise), and compositing onto a new backdrop with the
// old backdrop's colour removed from the edges (so hair does not keep a halo).
#include <optional>

#include <opencv2/core.hpp>

#include "libphoto/face.hpp"

namespace photo {

struct Matte {
    cv::Mat alpha;       // CV_32FC1 in [0,1], same size as the image; 1 = person
    cv::Mat backdrop;    // CV_32FC3 BGR in [0,255]: the estimated old backdrop colour at every
                         // pixel (a smooth model), used to decontaminate edges
};

// `face`, when known, seeds the foreground (the face and the body below it are person).
// Works without a face too (then the person is what differs from the backdrop model and
// touches the bottom edge).
Matte compute_matte(const cv::Mat& bgr, const std::optional<Face>& face = std::nullopt);

// out = F * a + new_bg * (1 - a), where F is the observed colour with the old backdrop's
// contribution removed: F = (I - (1 - a) * B_old) / a, clamped, and blended towards nearby
// solid-foreground colour where a is small. Returns CV_8UC3.
cv::Mat composite(const cv::Mat& bgr, const Matte& matte, const cv::Scalar& new_bg_bgr);

}  // namespace photo
