#pragma once
// Alpha matte of a person in front of a plain but imperfect backdrop (light fall-off, a
// cast shadow, a wrinkled cloth, sensor noise), and compositing onto a new backdrop with the
// old backdrop's colour removed from the edges (so hair does not keep a halo).
#include <optional>

#include <opencv2/core.hpp>

#include "libphoto/face/face.hpp"

namespace photo {

// The matte as the (fast) guided filter leaves it: linear coefficients on a grid of the edge
// size (~640 px long side), from which the alpha of any region of the photo is computed at
// any resolution from the photo's own colours there. So `make` evaluates it for the output's
// pixels only, and the measures read the small maps; nothing is ever the size of the photo.
// States of Matte::band_low.
constexpr unsigned char kBandSure = 1;
constexpr unsigned char kBandUnsure = 2;

struct Matte {
    cv::Size image_size;   // the photo it describes (the maps' coordinates scale to it)
    cv::Mat coefficients;  // CV_32FC4 (a_b, a_g, a_r, b): alpha = a . BGR + b
    cv::Mat alpha_low;     // CV_32FC1 in [0,1] at the maps' size: the alpha of the whole photo
    cv::Mat backdrop_low;  // CV_32FC3 BGR in [0,255] at the maps' size: the old backdrop colour
                           // estimated at every pixel (a smooth model), to decontaminate edges
    cv::Mat band_low;      // CV_8UC1 at the maps' size: the band around the person's outline
                           // where the alpha was estimated, kBandSure where foreground and
                           // backdrop differ enough for the compositing equation, kBandUnsure
                           // where they do not (the alpha there is a guess: a hole or a fringe)

    // `region` in photo pixels -> the same region in the maps' pixels (pixel centres at integers).
    cv::Rect2d to_low(const cv::Rect2d& region) const;
};

// Share of the band around the person's outline inside `region` (photo pixels) where the
// alpha is a guess (kBandUnsure); nullopt when the region holds none of the band.
std::optional<double> unsure_share(const Matte& matte, const cv::Rect2d& region);

// `face`, when known, seeds the foreground (the face and the body below it are person).
// Works without a face too (then the person is what differs from the backdrop model and
// touches the bottom edge).
Matte compute_matte(const cv::Mat& bgr, const std::optional<Face>& face = std::nullopt);

// Alpha (CV_32FC1 in [0,1]) at guide's pixels, where `guide` is the photo's `region` (photo
// pixels; may reach beyond the photo) resampled to guide's size, as resample_crop makes it.
// Above and beside the photo alpha is 0; below it the bottom rows continue. For the whole
// photo: matte_alpha(m, bgr, {0, 0, bgr.cols, bgr.rows}).
cv::Mat matte_alpha(const Matte& matte, const cv::Mat& guide, const cv::Rect2d& region);

// The old backdrop colour (CV_32FC3) over `region` at `size`.
cv::Mat matte_backdrop(const Matte& matte, cv::Size size, const cv::Rect2d& region);

// out = F * a + new_bg * (1 - a), where F is the observed colour with the old backdrop's
// contribution removed: F = (I - (1 - a) * B_old) / a, clamped, and blended towards nearby
// solid-foreground colour where a is small. `alpha` CV_32FC1 and `old_backdrop` CV_32FC3 at
// bgr's size. Returns CV_8UC3.
cv::Mat composite(const cv::Mat& bgr, const cv::Mat& alpha, const cv::Mat& old_backdrop, const cv::Scalar& new_bg_bgr);

}  // namespace photo
