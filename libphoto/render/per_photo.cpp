#include "libphoto/render/per_photo.hpp"

#include <algorithm>

#include "libphoto/framing/framing.hpp"

namespace photo {

namespace {
// The analysed image keeps at least this multiple of the output's longer side: a 12 MP JPEG
// is then decoded at 1/4 (~30 ms instead of ~140 ms) and analysed at ~1000 px. When the crop
// would have to be enlarged from that size, render decodes the photo again, sharper.
constexpr double kWorkingSizeOverOutput = 1.5;
}  // namespace

LoadOptions load_options_for(const Preset& preset) {
    LoadOptions o;
    o.min_long_side = int(kWorkingSizeOverOutput * std::max(preset.width, preset.height));
    return o;
}

AnalyseOptions analyse_options_for(const Preset& preset) {
    AnalyseOptions o;
    o.min_face_share = preset.capture.second_face_ratio;
    return o;
}

Analysis analyse_for(const Preset& preset, std::shared_ptr<const Bytes> bytes, const std::string& name,
                     const FaceModel& model) {
    return analyse_bytes(std::move(bytes), name, model, load_options_for(preset), analyse_options_for(preset));
}

Analysis analyse_file_for(const Preset& preset, const std::string& path, const FaceModel& model) {
    return analyse_file(path, model, load_options_for(preset), analyse_options_for(preset));
}

std::vector<CheckResult> check_photo(const Analysis& analysis, const Preset& preset) {
    return run_checks({analysis, preset, plan_framing(analysis, preset)});
}

}  // namespace photo
