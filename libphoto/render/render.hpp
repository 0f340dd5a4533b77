#pragma once
// Cut the planned crop out of the photo at output size and put the person on the new
// backdrop. Only the crop is resampled, so the cost is that of the output, not the input.
#include <opencv2/core.hpp>

#include "libphoto/framing/continue_clothing.hpp"
#include "libphoto/framing/framing.hpp"
#include "libphoto/matte/matte.hpp"

namespace photo {

// The finished photo (CV_8UC3, preset size): crop, composite onto `background_bgr`. The
// matte is in working-image pixels (the plan's); `bgr` may be a sharper decode of the same
// photo, `image_scale` times the working size, so an enlarged crop keeps the original detail.
// `edge`, when given, closes the skin crossing the bottom edge in the rows continued below it.
cv::Mat render(const cv::Mat& bgr, double image_scale, const Matte& matte, const FramingPlan& plan,
               cv::Size out_size, const cv::Scalar& background_bgr, const BottomEdge* edge = nullptr);

}  // namespace photo
