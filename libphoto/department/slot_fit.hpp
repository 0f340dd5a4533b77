#pragma once
// A finished photo into a box of another shape (a print's slot, a contact sheet's cell):
// cropped, never stretched. The top is kept, because the head is near it and must not be cut;
// the crop is centred across, as the face is.
#include <opencv2/core.hpp>

namespace photo {

// The part of an image of `image` size that has `box`'s aspect ratio: full width and the top
// rows when the box is wider than the image, full height and the middle columns otherwise.
cv::Rect top_crop(cv::Size image, cv::Size box);

// That part of `bgr`, resampled to exactly `box` (by area when reducing, bicubic when
// enlarging); a copy of `bgr` when the sizes already match.
cv::Mat fit_to_box(const cv::Mat& bgr, cv::Size box);

}  // namespace photo
