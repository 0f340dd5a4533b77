#pragma once
// The cues segment.cpp tells backdrop from person by (backdrop_cues.cpp): what noise, shading
// and texture this backdrop shows on its border, local texture, and shading slopes. Internal
// to libphoto/matte.
#include <opencv2/core.hpp>

#include "libphoto/matte/matte_internal.hpp"

namespace photo::matte_internal {

// Local contrast at the segmentation size: the least textured pixel of each 3x3, without that,
// and with the 3x3's best plane removed (local_texture).
struct Texture {
    cv::Mat least, plain, detrended;
};

// The shading blurred a little and its gradient (shade_slope).
struct ShadeSlope {
    cv::Mat blurred, gx, gy, magnitude;
};

// What this backdrop's own pixels (`sample_mask`, the border strips at first) show: shading
// range, colour distance, texture.
Tolerance learn_tolerance(const cv::Mat& shade, const cv::Mat& chroma, const cv::Mat& texture,
                          const cv::Mat& texture_plain, const cv::Mat& sample_mask);
// `fine8` (CV_8UC3 edge image) measured and averaged down to `size`.
Texture local_texture(const cv::Mat& fine8, cv::Size size);
ShadeSlope shade_slope(const cv::Mat& shade);
// Where the shading changes slowly enough to be a shadow's penumbra (CV_8UC1 255).
cv::Mat smooth(const ShadeSlope& s);
// Where the shading is a wide monotone slope: a sharper penumbra or a cloth's fold (CV_8UC1 255).
cv::Mat penumbra(const ShadeSlope& s);

}  // namespace photo::matte_internal
