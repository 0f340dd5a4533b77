// libFuzzer target for the preset parser (preset.hpp): the input is the text of a preset
// YAML file. Either it is refused with preset.invalid and a "<file>:" message, or the preset
// holds what the pipeline relies on (the checks load_preset_file documents and makes).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "invariant.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/analysis/preset.hpp"

namespace {

const std::string kPath = "presets/fuzz.yaml";

void check_band(const std::optional<photo::Band>& b) {
    if (!b) return;
    fuzz::require(std::isfinite(b->lo) && std::isfinite(b->hi) && b->lo <= b->hi,
                  "a band is a closed interval [lo, hi] of numbers");
}

void check_preset(const photo::Preset& p) {
    fuzz::require(p.id == "fuzz" && p.file == kPath, "the id is the file stem");
    fuzz::require(p.width >= 16 && p.width <= 8000 && p.height >= 16 && p.height <= 8000,
                  "the output size is 16-8000 pixels");
    fuzz::require(!p.backgrounds.empty(), "a preset has a default background");
    for (const photo::NamedColor& c : p.backgrounds)
        fuzz::require(photo::parse_hex_color(c.hex) == std::optional<cv::Scalar>(c.bgr),
                      "a background's colour is its hex");
    for (const auto* b : {&p.crown_px, &p.eye_line_px, &p.face_width_px, &p.head_height_px}) check_band(*b);
    fuzz::require(p.face_width_px || p.head_height_px, "the scale is known");
    fuzz::require(p.crown_px || p.eye_line_px, "the vertical position is known");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        check_preset(photo::parse_preset(std::string(reinterpret_cast<const char*>(data), size), kPath));
    } catch (const photo::Error& e) {
        fuzz::require(e.code() == "preset.invalid", "a refused preset is preset.invalid");
        fuzz::require(std::string(e.what()).rfind(kPath + ":", 0) == 0, "the message starts with the file");
    }
    return 0;
}
