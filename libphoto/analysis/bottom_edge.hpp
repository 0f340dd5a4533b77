#pragma once
// The bottom edge of a tight photo, measured once (analysis), for the clothing continued
// below it (framing/continue_clothing.hpp). Tight ID photos end at the shoulders, and
// a crop that meets the bands may need a little more below them (at most the preset's
// capture.max_bottom_extension). The bottom row is continued downwards, which is invisible on
// a plain garment but smears whatever else crosses the edge: the skin of a V-neck or the
// neck becomes a blurred block over the shirt. So the skin between clothing at the bottom
// edge is found once (analysis), and in the continued band it closes like a neckline, the
// clothing colours on either side taking its place; how much of the band had to be invented
// that way is the band's quality measure (face.cut_off holds it against the preset).
#include <vector>

#include <opencv2/core.hpp>

#include "libphoto/face/face.hpp"
#include "libphoto/matte/matte.hpp"

namespace photo {

// A run of skin at the photo's bottom edge with clothing on both sides, in working-image x.
struct SkinRun {
    double x0 = 0, x1 = 0;           // [x0, x1)
    cv::Vec3f left, right;           // the clothing colour (BGR, 0-255) beside it
    double close_rate = 1;           // output pixels per continued row it closes by on each side
};

struct BottomEdge {
    std::vector<SkinRun> skin;       // between clothing: a V-neck, an open collar, the neck
    double person_width = 0;         // working-image pixels of the bottom row that are person
};

// The bottom edge of `bgr` (the working image) under `matte`; skin is what is close to the
// colour of `face`'s cheeks.
BottomEdge measure_bottom_edge(const cv::Mat& bgr, const Matte& matte, const Face& face);

}  // namespace photo
