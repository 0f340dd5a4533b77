#pragma once
// The per-photo step every command shares (make, check, batch, bundle): a file analysed at
// the size its preset needs, then checked. One place, so that the commands cannot drift
// apart in how they read a photo.
#include <memory>
#include <string>
#include <vector>

#include "libphoto/analysis/analysis.hpp"
#include "libphoto/checks/checks.hpp"
#include "libphoto/face/face.hpp"
#include "libphoto/analysis/preset.hpp"

namespace photo {

// The decode size the analysis needs for this preset: large enough that the crop is not
// enlarged, small enough that a 12 MP JPEG is DCT-reduced.
LoadOptions load_options_for(const Preset& preset);

// What the analysis must find for this preset's checks: faces down to the share of the main
// face that face.count counts.
AnalyseOptions analyse_options_for(const Preset& preset);

// The bytes of a photo file analysed for `preset` (`name` for messages and the extension).
// Throws Error (image.*) for unusable bytes.
Analysis analyse_for(const Preset& preset, std::shared_ptr<const Bytes> bytes, const std::string& name,
                     const FaceModel& model);
// The same for a file ("-": standard input). Throws Error (io.read, image.*).
Analysis analyse_file_for(const Preset& preset, const std::string& path, const FaceModel& model);

// Every check of `preset` on the analysis, with the framing plan they judge.
std::vector<CheckResult> check_photo(const Analysis& analysis, const Preset& preset);

}  // namespace photo
