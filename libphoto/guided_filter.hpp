#pragma once
// Colour guided filter (He et al. 2010): edge-aware smoothing of a mask along the guide
// image's edges. Our own because OpenCV's ximgproc version loses precision on float guides
// in [0,1] and runs a general multi-channel path several times slower than needed here.
#include <opencv2/core.hpp>

namespace photo {

// `guide` CV_8UC3 or CV_32FC3 in 8-bit units, `src` CV_32FC1; `eps` in squared 8-bit units
// (how much colour variance counts as an edge). Returns CV_32FC1, not clamped.
cv::Mat guided_filter(const cv::Mat& guide, const cv::Mat& src, int radius, double eps);

// Fast guided filter (He & Sun 2015): the linear coefficients are fitted on `guide_low` /
// `src_low`, upsampled bilinearly and applied to `guide_full`, so the output follows the
// full-resolution colour edges (hair strands) at the cost of a low-resolution fit. `radius`
// in pixels of the low resolution. Returns CV_32FC1 at guide_full's size, not clamped.
cv::Mat guided_filter_upsampled(const cv::Mat& guide_low, const cv::Mat& src_low, const cv::Mat& guide_full,
                                int radius, double eps);

}  // namespace photo
