#pragma once
// Clothing continued below the photo's bottom edge (analysis/bottom_edge.hpp says why): in the
// continued rows the skin runs of the bottom edge close like a neckline, and the share of the
// band that had to be invented so is the band's quality measure (face.cut_off).
#include <opencv2/core.hpp>

#include "libphoto/analysis/bottom_edge.hpp"

namespace photo {

struct FramingPlan;

// How much of the continued band, in output pixels of the person, cannot be copied from the
// bottom row and is invented by closing the skin runs: 0 when nothing is continued or the
// edge is plain clothing.
double continued_invented_share(const BottomEdge& edge, const FramingPlan& plan, int out_height);

// Closes the skin runs in the continued rows of `out` (the rendered crop, CV_8UC3, before
// compositing), from the first continued row down.
void continue_clothing(cv::Mat& out, const BottomEdge& edge, const FramingPlan& plan);

}  // namespace photo
