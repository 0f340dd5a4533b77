#pragma once
// The picture that shows a student where the head must sit: the photo with the preset's
// bands (crown, eye line, face width, centre line) and the measured positions drawn over it,
// failing items in red, labelled (头顶应在此区域 ...) in the reader's language.
#include <vector>

#include <opencv2/core.hpp>

#include "libphoto/analysis/analysis.hpp"
#include "libphoto/checks/checks.hpp"
#include "libphoto/core/lang.hpp"
#include "libphoto/analysis/preset.hpp"

namespace photo {

// The photo scaled to the preset's height, with bands and measures, labelled in `lang` (in
// English when no installed font has Chinese). CV_8UC3.
cv::Mat draw_overlay(const Analysis& analysis, const Preset& preset, const std::vector<CheckResult>& checks,
                     Lang lang = Lang::zh);

}  // namespace photo
