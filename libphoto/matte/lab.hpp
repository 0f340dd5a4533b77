#pragma once
// CIE L*a*b* (D65) of sRGB colours, pixel by pixel. Why not cv::cvtColor(COLOR_BGR2Lab): on
// its first use in a process OpenCV builds its Lab tables in software floating point, about
// 1.3 G instructions (~0.3 s, a third of a cold `idphoto make`), to convert a few thousand
// clothing pixels.
#include <opencv2/core.hpp>

namespace photo {

// `bgr` in [0, 1] (sRGB, gamma-encoded) -> L in [0, 100], a and b around 0: the same formulae
// as OpenCV's float conversion.
cv::Vec3f bgr_to_lab(const cv::Vec3f& bgr);

// CV_32FC3 BGR in [0, 1] -> CV_32FC3 Lab.
cv::Mat bgr_to_lab(const cv::Mat& bgr32);

}  // namespace photo
