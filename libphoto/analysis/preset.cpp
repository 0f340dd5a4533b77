#include "libphoto/analysis/preset.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "libphoto/core/error.hpp"
#include "libphoto/core/suggest.hpp"
#include "libphoto/core/ascii.hpp"
#include "libphoto/analysis/yaml_reader.hpp"

namespace fs = std::filesystem;

namespace photo {

std::optional<cv::Scalar> parse_hex_color(const std::string& text) {
    std::string t = text;
    if (!t.empty() && t[0] == '#') t.erase(0, 1);
    if (t.size() != 6 || t.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
        return std::nullopt;
    const unsigned long v = std::stoul(t, nullptr, 16);
    return cv::Scalar(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff);
}

const NamedColor* Preset::background(const std::string& name) const {
    for (const auto& c : backgrounds)
        if (c.name == name) return &c;
    return nullptr;
}

Preset load_preset_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(Errc::preset_invalid, path + ": cannot read the file");
    std::ostringstream text;
    text << in.rdbuf();  // an empty file fails this but is simply an empty (invalid) preset
    return parse_preset(text.str(), path);
}

Preset parse_preset(const std::string& yaml, const std::string& path) {
    YAML::Node root;
    try {
        root = YAML::Load(yaml);
    } catch (const YAML::ParserException& e) {
        throw Error(Errc::preset_invalid, fmt::format("{}:{}: {}", path, e.mark.line + 1, e.msg));
    }
    const YamlReader r(path, Errc::preset_invalid);
    r.only_keys(root, "", {"name", "name_en", "source", "output", "backgrounds", "framing", "capture"});

    Preset p;
    p.id = fs::path(path).stem().string();
    p.file = path;
    p.name = r.get<std::string>(root, "name", "name");
    p.name_en = r.get_or<std::string>(root, "name_en", "name_en", p.name);
    p.source = r.get<std::string>(root, "source", "source");

    const YAML::Node out = r.child(root, "output", true);
    r.only_keys(out, "output", {"width", "height", "dpi", "jpeg_quality_min", "file_kb", "background_tolerance"});
    p.width = r.get<int>(out, "width", "output.width");
    p.height = r.get<int>(out, "height", "output.height");
    if (p.width < 16 || p.height < 16 || p.width > 8000 || p.height > 8000)
        r.fail(out, "output.width/height", "must be between 16 and 8000 pixels");
    p.dpi = r.get_or<int>(out, "dpi", "output.dpi", 300);
    p.quality_min = r.get_or<int>(out, "jpeg_quality_min", "output.jpeg_quality_min", 60);
    p.background_tolerance = r.get_or<double>(out, "background_tolerance", "output.background_tolerance", 12);
    if (auto kb = r.band(out, "file_kb", "output.file_kb")) {
        p.kb_min = kb->lo;
        p.kb_max = kb->hi;
    }

    const YAML::Node bgs = r.child(root, "backgrounds", true);
    if (!bgs.IsMap() || bgs.size() == 0) r.fail(bgs, "backgrounds", "expected name: \"#RRGGBB\" pairs");
    for (const auto& kv : bgs) {  // yaml-cpp keeps the file's order: the first is the default
        const std::string name = r.key(kv.first, "backgrounds");
        const std::string hex = kv.second.as<std::string>("");
        const auto bgr = parse_hex_color(hex);
        if (!bgr) r.fail(kv.second, "backgrounds." + name, "expected a colour like \"#64C5FF\"");
        p.backgrounds.push_back({name, *bgr, hex});
    }

    const YAML::Node fr = r.child(root, "framing", true);
    r.only_keys(fr, "framing", {"crown_px", "eye_line_px", "face_width_px", "head_height_px", "centre_tolerance_px"});
    p.crown_px = r.band(fr, "crown_px", "framing.crown_px");
    p.eye_line_px = r.band(fr, "eye_line_px", "framing.eye_line_px");
    p.face_width_px = r.band(fr, "face_width_px", "framing.face_width_px");
    p.head_height_px = r.band(fr, "head_height_px", "framing.head_height_px");
    p.centre_tolerance_px = r.get_or<double>(fr, "centre_tolerance_px", "framing.centre_tolerance_px", p.width * 0.05);
    if (!p.face_width_px && !p.head_height_px)
        r.fail(fr, "framing", "needs face_width_px or head_height_px to know the scale");
    if (!p.crown_px && !p.eye_line_px)
        r.fail(fr, "framing", "needs crown_px or eye_line_px to know the vertical position");

    if (const YAML::Node cap = root["capture"]) {
        CaptureLimits& c = p.capture;
        const std::vector<std::pair<const char*, double*>> keys = {
            {"second_face_ratio", &c.second_face_ratio}, {"max_upscale", &c.max_upscale},
            {"max_roll_degrees", &c.max_roll_degrees}, {"max_yaw_ratio", &c.max_yaw_ratio},
            {"max_bottom_extension", &c.max_bottom_extension},
            {"max_continued_invented_share", &c.max_continued_invented_share}, {"min_eye_openness", &c.min_eye_openness},
            {"max_mouth_opening", &c.max_mouth_opening}, {"max_background_gradient", &c.max_background_gradient},
            {"max_person_share", &c.max_person_share}, {"max_background_intrusion", &c.max_background_intrusion},
            {"max_background_straight_edges", &c.max_background_straight_edges},
            {"min_frame_backdrop", &c.min_frame_backdrop}, {"min_side_backdrop", &c.min_side_backdrop},
            {"max_background_edges", &c.max_background_edges}, {"max_clothing_backdrop_share", &c.max_clothing_backdrop_share},
            {"max_matte_unsure", &c.max_matte_unsure},
            {"max_cheek_imbalance", &c.max_cheek_imbalance}, {"min_face_luminance", &c.min_face_luminance},
            {"max_face_luminance", &c.max_face_luminance}, {"max_face_clipped", &c.max_face_clipped},
            {"min_sharpness", &c.min_sharpness}, {"blown_level", &c.blown_level}, {"crushed_level", &c.crushed_level}};
        std::set<std::string> allowed;
        for (const auto& [key, value] : keys) allowed.insert(key);
        r.only_keys(cap, "capture", allowed);
        for (const auto& [key, value] : keys) *value = r.get_or(cap, key, std::string("capture.") + key, *value);
    }
    return p;
}

std::vector<std::string> preset_dirs() {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("IDPHOTO_PRESETS"); env && *env) dirs.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) dirs.push_back((exe.parent_path().parent_path() / "share" / "idphoto" / "presets").string());
    dirs.emplace_back(IDPHOTO_SOURCE_PRESETS);
    return dirs;
}

namespace {
// The preset files of the search path by id (file stem), the first folder's winning.
std::vector<std::pair<std::string, fs::path>> preset_files() {
    return yaml_files(preset_dirs(), [](std::string s) { return s; });
}
}  // namespace

Preset find_preset(const std::string& id_or_path) {
    if (id_or_path.find('/') != std::string::npos || fs::path(id_or_path).extension() == ".yaml")
        return load_preset_file(id_or_path);
    const auto files = preset_files();
    for (const auto& [id, file] : files)  // CHSI, Passport: ids are names, not file names
        if (ascii_lower(id) == ascii_lower(id_or_path)) return load_preset_file(file.string());
    std::vector<std::string> ids;
    for (const auto& f : files) ids.push_back(f.first);
    throw Error(Errc::preset_unknown, unknown_name_message("preset", id_or_path, ids, "idphoto presets"));
}

std::vector<Preset> list_presets() {
    std::vector<Preset> all;
    for (const auto& f : preset_files()) all.push_back(load_preset_file(f.second.string()));
    return all;
}

}  // namespace photo
