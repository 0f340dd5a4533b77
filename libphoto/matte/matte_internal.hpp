#pragma once
// What the matte's own files share (segment.cpp, evaluate.cpp, composite.cpp): the edge image's size and how
// it is made, and the alphas and reach that decide which colours count as solid foreground.
// Internal to libphoto/matte.
#include <algorithm>
#include <cmath>

#include <opencv2/core.hpp>

#include "libphoto/io/resample.hpp"

namespace photo::matte_internal {

// Long side at which the guided filter shapes the edges: resolves hair wisps; ~10 ms.
constexpr int kEdgeLongSide = 640;

// Foreground colour in the band = average of solid foreground within this radius.
constexpr int kForegroundReach = 12;

// Compositing: pixels above kSolidAlpha give the nearby foreground colour; below
// kTrustAlpha the unmixed colour amplifies noise and model error by 1/a, so it is blended
// towards that nearby colour.
constexpr float kSolidAlpha = 0.95f;
constexpr float kTrustAlpha = 0.4f;

// Alpha this close to 0 or 1 is snapped: the guided filter's ripple is not translucency.
constexpr float kSnap = 0.02f;

// Alpha within kSnap of 0 or 1 is snapped (and so clamped): the guided filter's ripple is not
// translucency. For the segment's low-resolution alpha and every evaluation of the matte.
inline void snap(cv::Mat& alpha) {
    alpha.forEach<float>([](float& a, const int*) { a = a < kSnap ? 0.f : a > 1.f - kSnap ? 1.f : a; });
}

// The darkest cast shadow still taken for backdrop (studio and wall shadows keep over 60 %
// of the light), and the brightest highlight (a wrinkle's ridge).
constexpr float kShadowLow = 0.6f;
constexpr float kShadeHigh = 1.35f;

// What the segmentation learnt of this backdrop from its border: the shading range, colour
// distance and texture a backdrop pixel shows (segment.cpp), used again to find the backdrop
// seen through the outline (edge_alpha.cpp).
struct Tolerance {
    float shade_low, shade_high, chroma, texture, texture_plain;
};

// `m` reduced (area average) so its long side is `long_side`; a copy when already smaller.
inline cv::Mat reduce_long_side(const cv::Mat& m, int long_side) {
    const double s = double(long_side) / std::max(m.cols, m.rows);
    if (s >= 1.0) return m.clone();
    cv::Mat out;
    resize_area(m, out, cv::Size(std::max(1, int(std::lround(m.cols * s))), std::max(1, int(std::lround(m.rows * s)))));
    return out;
}

}  // namespace photo::matte_internal
