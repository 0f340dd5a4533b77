#pragma once
// A smooth model of a plain backdrop's colour (light fall-off, gradients, vignettes), fitted
// robustly on the image border, and a per-pixel distance to it that forgives shading (cast
// shadows, cloth wrinkles) but not a change of colour or a large change of brightness.
#include <array>
#include <vector>

#include <opencv2/core.hpp>

namespace photo {

// Per-channel polynomial in normalised coordinates u, v in [-1, 1] (u = x, v = y over the
// whole image, so the model evaluates at any resolution of the same picture).
struct BackdropModel {
    static constexpr int kTerms = 10;  // full cubic in (u, v)
    int terms = 1;                     // how many of the terms are in use (1, 3, 6 or 10)
    std::array<cv::Vec3d, kTerms> coef{};

    cv::Vec3f at(double u, double v) const;
    // CV_32FC3 BGR in [0, 255], the model over a `size` image.
    cv::Mat render(cv::Size size) const;
};

// Robust fit on the border strips of `bgr32` (CV_32FC3): starts from the dominant border
// colour, then refits with trimming so that a person touching the border does not bend it.
BackdropModel fit_backdrop_on_border(const cv::Mat& bgr32);

// Refit on the pixels where `weight` (CV_8UC1) is non-zero, with up to `terms` terms,
// trimming outliers of the model `start`.
BackdropModel refit_backdrop(const cv::Mat& bgr32, const cv::Mat& weight, const BackdropModel& start,
                             int terms);

// Each pixel against the backdrop model: `shade` (CV_32FC1) is the brightness factor that best
// explains the pixel as the backdrop (1 = as bright, <1 darker: shadow, fold) and `chroma`
// (CV_32FC1, 8-bit units) what that factor leaves unexplained (a change of colour).
void compare_to_backdrop(const cv::Mat& bgr32, const cv::Mat& backdrop32, cv::Mat& shade, cv::Mat& chroma);

// Distance (8-bit units) of each pixel from the backdrop once the shading factor is clamped to
// [shade_low, shade_high]: 0 for pure shading within the range, growing with colour change
// and with brightness beyond the range. CV_32FC1.
cv::Mat backdrop_distance(const cv::Mat& bgr32, const cv::Mat& backdrop32, float shade_low, float shade_high);

}  // namespace photo
