#pragma once
// The soft edge's alpha (segment.cpp's last step, internal to libphoto/matte): in a band
// around the hard segmentation's outline, and where the backdrop is seen through the
// outline, alpha comes from the compositing equation against the nearest sure backdrop's
// colour; elsewhere the hard mask stands.
#include <opencv2/core.hpp>

#include "libphoto/matte/matte_internal.hpp"

namespace photo::matte_internal {

// Pixels of the person near its outline that show the backdrop's colour (CV_8UC1 255), with
// those beside them: gaps between curls and strands. Only meaningful on a coloured backdrop.
cv::Mat see_through(const cv::Mat& mid8, const cv::Mat& backdrop, const cv::Mat& hard, const Tolerance& tol);

// Alpha at the edge image's size (CV_32FC1) from `hard` (CV_8UC1 person mask there), the
// old backdrop (CV_32FC3) and `see_through` (may be empty); `band` receives kBandSure /
// kBandUnsure (matte.hpp) where the alpha was estimated.
cv::Mat edge_alpha(const cv::Mat& mid8, const cv::Mat& backdrop, const cv::Mat& hard, const cv::Mat& see_through,
                                  cv::Mat& band);

}  // namespace photo::matte_internal
