#pragma once
// `make`: the whole pipeline for one photo, in the order it runs:
//   load -> analyse (faces, landmarks, matte, measures) -> checks -> framing -> render -> encode.
// A photo that fails a capture check is refused with the failing check ids; nothing is made,
// unless a person accepted those checks (MakeOptions::accept).
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "libphoto/analysis/analysis.hpp"
#include "libphoto/checks/checks.hpp"
#include "libphoto/io/encode_jpeg.hpp"
#include "libphoto/framing/framing.hpp"
#include "libphoto/render/per_photo.hpp"  // the step before make: analyse_for, check_photo
#include "libphoto/analysis/preset.hpp"

namespace photo {

struct MakeOptions {
    std::string background;       // a preset colour name or "#RRGGBB"; empty = preset default
    std::string comment;          // written into the JPEG (batch: what made the file)
    std::set<std::string> accept = {};  // capture checks a person accepted (check_acceptable ids)
    std::string accept_note = {};       // why, by whom: shown with each accepted check
};

struct MakeResult {
    std::vector<CheckResult> checks;   // the capture checks that decided
    std::vector<std::string> reasons;  // ids of the failed ones; empty when made
    std::optional<FramingPlan> plan;
    cv::Rect2d crop_original;          // the crop in the original photo's pixels
    double scale_original = 0;         // output pixels per original pixel
    std::optional<Encoded> jpeg;       // the finished file, when made

    bool made() const { return jpeg.has_value(); }
};

// Background by preset colour name or "#RRGGBB". Throws Error(Errc::usage_background).
NamedColor resolve_background(const Preset& preset, const std::string& name_or_hex);

MakeResult make_photo(const Analysis& analysis, const Preset& preset, const MakeOptions& options);

}  // namespace photo
