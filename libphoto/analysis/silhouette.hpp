#pragma once
// Where the person of an ID photo can be, from the landmarks alone: the head with any
// hairstyle, the neck and the shoulders widening below. Whatever the matte calls person
// outside it is not the person (a poster, a door frame, a flag's stars, another person's
// shoulder) and stays in the photo after the backdrop is replaced; and the window a crop of
// this face can show tells which part of the scene matters.
#include <opencv2/core.hpp>

#include "libphoto/face/face.hpp"

namespace photo {

// CV_8UC1 mask of `size` (255 = the person may be there), for landmarks in image pixels
// multiplied by `scale` to reach the mask's pixels.
cv::Mat silhouette_mask(cv::Size size, const Face& face, double scale);

// The part of the scene an ID crop of this face can show (any of the presets' bands), in the
// mask's pixels, clipped to `size`.
cv::Rect crop_window(cv::Size size, const Face& face, double scale);

}  // namespace photo
