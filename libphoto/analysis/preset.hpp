#pragma once
// A photo standard, read from one YAML file in presets/. Adding a standard means adding a
// file: every size, colour, band and limit the pipeline and the checks use comes from here.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

namespace photo {

// A closed interval [lo, hi] in output pixels (or the unit its name gives).
struct Band {
    double lo = 0, hi = 0;
    bool contains(double v) const { return v >= lo && v <= hi; }
    double mid() const { return (lo + hi) / 2; }
    double width() const { return hi - lo; }
};

struct NamedColor {
    std::string name;       // "blue"
    cv::Scalar bgr;         // OpenCV order
    std::string hex;        // "#64C5FF"
};

// Limits of the capture checks (a failure means the photo must be retaken). The defaults
// hold when a preset file does not name a key; each key is documented in presets/chsi.yaml.
struct CaptureLimits {
    double second_face_ratio = 0.3;  // face.count: a second face this large (area, vs main) counts
    double max_upscale = 2.0;        // face.resolution: most the face may be enlarged
    double max_roll_degrees = 6;     // pose.roll
    double max_yaw_ratio = 0.25;     // pose.yaw: |nose offset between jaw sides| / jaw width
    // face.cut_off: most of the output height that may be continued below the photo's
    // bottom edge (clothing extended downwards); beyond it the photo needs a retake.
    double max_bottom_extension = 0.12;
    // face.cut_off: most of the continued band's person pixels that may be invented (skin at
    // the bottom edge closed like a neckline) rather than copied from the bottom row.
    double max_continued_invented_share = 0.25;
    double min_eye_openness = 0.15;  // eyes.open: lid distance / eye width
    double max_mouth_opening = 0.15; // mouth.closed: inner lip distance / inner mouth width
    double max_background_gradient = 0.55;  // background.uniform: grey levels per face-scale px
    double max_person_share = 0.9;   // background.uniform: the matte found (almost) no backdrop
    double max_background_intrusion = 0.012;  // background.uniform: crop window share of things
                                              // beside or above the head that are not the person
    double max_background_straight_edges = 0.3;  // background.uniform: jaw widths of long straight
                                                 // edges beside and above the head (frames, shelves)
    double min_frame_backdrop = 0.8;  // background.uniform: share of the top and upper side
                                      // strips of the photo that is backdrop
    double min_side_backdrop = 0.9;   // background.uniform: the same for the side strips alone
    double max_background_edges = 0.25;  // background.uniform: jaw widths of sharp edges inside the
                                         // backdrop beside and above the head (stars, letters)
    double max_clothing_backdrop_share = 0.5;  // clothing.contrast: clothing lost in the backdrop
    double max_matte_unsure = 0.2;   // matte.confidence: share of the outline's band in the crop
                                     // window where person and backdrop are too alike to matte
    double max_cheek_imbalance = 0.3;      // lighting.even: |left - right| / brighter cheek
    double min_face_luminance = 45, max_face_luminance = 230;  // lighting.exposure
    double max_face_clipped = 0.1;   // lighting.exposure: share blown out or crushed
    double blown_level = 250, crushed_level = 5;  // lighting.exposure: a face pixel this bright
                                                  // (this dark) or more is blown out (crushed)
    double min_sharpness = 20;       // image.sharpness: Laplacian variance at face scale
};

struct Preset {
    std::string id;            // file stem: "chsi"
    std::string name;          // Chinese name
    std::string name_en;
    std::string source;        // which published rule the numbers follow
    std::string file;          // where it was read from

    int width = 0, height = 0; // output pixels
    int dpi = 300;
    int quality_min = 60;      // JPEG quality floor
    double kb_min = 0, kb_max = 0;  // file size range in KiB (0 = unbounded)
    double background_tolerance = 12;  // background.color: RGB distance to an allowed colour

    std::vector<NamedColor> backgrounds;  // allowed backdrop colours; first is the default

    // Framing bands in output pixels, measured from the top edge; any may be absent.
    std::optional<Band> crown_px;       // top of the hair
    std::optional<Band> eye_line_px;
    std::optional<Band> face_width_px;  // cheek to cheek (jaw points 0-16)
    std::optional<Band> head_height_px; // crown to chin
    double centre_tolerance_px = 0;     // |face centre - image centre|

    CaptureLimits capture;

    const NamedColor* background(const std::string& name) const;
};

// Parses one preset file. Throws Error(Errc::preset_invalid, "<file>:<line>: <key>: <reason>").
Preset load_preset_file(const std::string& path);

// The same from YAML text already read: `path` gives the id (its stem), Preset::file and the
// "<file>" of the messages, so the errors read exactly as load_preset_file's.
Preset parse_preset(const std::string& yaml, const std::string& path);

// Folders searched for presets, in order: $IDPHOTO_PRESETS, the installed share folder next
// to the executable, then the source tree's presets/ (so a build runs without installing).
std::vector<std::string> preset_dirs();

// A preset by id ("chsi", any case: "CHSI") or by path to a .yaml file. Throws
// Error(Errc::preset_unknown) naming the presets there are and the nearest one.
Preset find_preset(const std::string& id_or_path);

// Every preset in preset_dirs(), first occurrence of an id wins. Malformed files throw.
std::vector<Preset> list_presets();

// "#RRGGBB" or "RRGGBB" -> BGR; nullopt when malformed.
std::optional<cv::Scalar> parse_hex_color(const std::string& text);

}  // namespace photo
