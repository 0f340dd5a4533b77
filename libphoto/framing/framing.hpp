#pragma once
// Where to cut: the crop rectangle and scale that put every measured position of the head as
// far inside the preset's bands as possible. Never rotates or mirrors (CHSI forbids both).
#include <optional>

#include <opencv2/core.hpp>

#include "libphoto/analysis/analysis.hpp"
#include "libphoto/analysis/preset.hpp"

namespace photo {

// The head's positions in the output photo, in output pixels.
struct OutputMeasures {
    double crown_px = 0;
    double eye_line_px = 0;
    double face_width_px = 0;
    double head_height_px = 0;
    double centre_offset_px = 0;  // face centre minus image centre
};

struct FramingPlan {
    cv::Rect2d crop;        // in working-image pixels; may extend beyond the image (padded)
    double scale = 1;       // output pixels per working-image pixel
    double margin = 0;      // worst band margin as a share of its band width (0.5 = centred)
    double bottom_overflow_px = 0;  // output rows below the photo's bottom edge, filled by
                                    // continuing the clothing downwards (render)
    bool fits = true;       // overflow within the preset's capture.max_bottom_extension
    double continued_invented_share = 0;  // of the continued band's person pixels, the share
                                          // invented rather than copied (continue_clothing.hpp)
    OutputMeasures measures;
};

// Output positions of the head for a given crop. Pure arithmetic, shared by the planner and
// the checks so both speak of the same numbers.
OutputMeasures project(const HeadMeasures& head, const cv::Rect2d& crop, double scale, const Preset& preset);

// The best crop: the measures well inside their bands, and as little as possible continued
// below the photo's bottom edge (tight ID photos end at the shoulders; a little more
// clothing is continued, more than the preset allows means face.cut_off). nullopt only
// without head measures.
std::optional<FramingPlan> plan_framing(const Analysis& analysis, const Preset& preset);

// Worst margin of the measures against the preset bands (negative: outside a band).
double band_margin(const OutputMeasures& m, const Preset& preset);

}  // namespace photo
