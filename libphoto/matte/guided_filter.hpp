#pragma once
// Colour guided filter (He et al. 2010) in the "fast" form (He & Sun 2015): the linear
// coefficients q = a . I + b are fitted on a low-resolution guide and applied to the guide at
// whatever resolution and region the output needs, so the alpha follows the full-resolution
// colour edges (hair strands) at the cost of a low-resolution fit. Our own because OpenCV's
// ximgproc version loses precision on float guides in [0,1], runs a general multi-channel path
// several times slower than needed here, and cannot hand out its coefficients.
#include <opencv2/core.hpp>

namespace photo {

// Box-averaged coefficients (a_b, a_g, a_r, b) as CV_32FC4 at guide's size. `guide` CV_8UC3
// (its integer products are summed exactly in int32), `src` CV_32FC1 in [0, 1] (an alpha: a window whose mean is
// within 1e-4 of 0 or 1 is taken as flat); `eps` in squared 8-bit units (how much colour
// variance counts as an edge).
cv::Mat guided_coefficients(const cv::Mat& guide, const cv::Mat& src, int radius, double eps);

// q = a . I + b per pixel; `coefficients` (CV_32FC4) already resampled to guide's size and
// region. Returns CV_32FC1, not clamped.
cv::Mat apply_coefficients(const cv::Mat& coefficients, const cv::Mat& guide);

}  // namespace photo
