#include "libphoto/checks/checks.hpp"

#include <algorithm>

#include "libphoto/checks/check_helpers.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/core/suggest.hpp"

namespace photo {

using namespace check_impl;

const std::vector<CheckDef>& all_checks() {
    constexpr auto cap = CheckGroup::capture;
    constexpr auto sub = CheckGroup::submission;
    static const std::vector<CheckDef> checks = {
        {"face.count", cap, "faces found by dlib's HOG detector whose area is at least a set share of the largest", face_count},
        {"background.uniform", cap, "the backdrop outside the person's outline in the window a crop shows: things beside or above the head that are not the person, long straight edges, the share of the frame's top and upper sides that is backdrop, the mean luminance gradient after a noise blur (OFIQ's background uniformity), and the share of the photo the matte calls person", background_uniform},
        {"face.resolution", cap, "output pixels per original pixel needed to bring the face to the preset's width", face_resolution},
        {"face.cut_off", cap, "crown, chin and face sides inside the photo, and how much clothing a crop meeting the bands must continue below it", face_cut_off},
        {"pose.roll", cap, "angle in degrees of the line through the two eye centres", pose_roll},
        {"pose.yaw", cap, "nose tip offset between the jaw sides as a share of the jaw width", pose_yaw},
        {"eyes.open", cap, "lid distance over eye width from the six landmarks of each eye", eyes_open},
        {"mouth.closed", cap, "inner lip distance over inner mouth width", mouth_closed},
        {"clothing.contrast", cap, "share of the clothing below the chin within 10 delta E (CIE76) of the old backdrop behind it", clothing_contrast},
        {"lighting.even", cap, "luminance difference of the two cheek patches over the brighter one", lighting_even},
        {"lighting.exposure", cap, "mean face luminance and the share of face pixels blown out or crushed", lighting_exposure},
        {"image.sharpness", cap, "variance of the Laplacian over the face at a fixed face width", image_sharpness},
        {"matte.confidence", cap, "share of the band around the person's outline, in the window a crop shows, where the solid person and the backdrop beside it differ by less than the matte needs to estimate alpha (48 RGB units)", matte_confidence},
        {"file.format", sub, "content format, baseline coding and the .jpg extension", file_format},
        {"file.dimensions", sub, "pixel width and height of the file", file_dimensions},
        {"file.dpi", sub, "density in the JFIF header (or EXIF)", file_dpi},
        {"file.size_kb", sub, "file size in KiB", file_size_kb},
        {"file.quality", sub, "IJG quality estimated from the luminance quantisation table", file_quality},
        {"background.color", sub, "RGB distance of the backdrop's top strip to the nearest allowed colour", background_color},
        {"framing.crown", sub, "top of the hair to the top edge, in the preset's pixels", framing_crown},
        {"framing.eyes", sub, "eye line to the top edge, in the preset's pixels", framing_eyes},
        {"framing.face_width", sub, "jaw point 0 to 16, in the preset's pixels", framing_face_width},
        {"framing.centre", sub, "face centre to the vertical mid-line, in the preset's pixels", framing_centre},
    };
    return checks;
}

std::vector<CheckResult> run_checks(const CheckInput& in, std::optional<CheckGroup> group) {
    std::vector<CheckResult> out;
    for (const auto& def : all_checks())
        if (!group || def.group == *group) out.push_back(def.run(in));
    return out;
}

Verdict verdict_of(const std::vector<CheckResult>& results) {
    Verdict v = Verdict::ready;
    for (const auto& r : results) {
        if (r.status != CheckStatus::fail) continue;
        if (r.group == CheckGroup::capture) return Verdict::retake;
        v = Verdict::fixable;
    }
    return v;
}

const char* to_string(Verdict v) {
    switch (v) {
        case Verdict::ready: return "ready";
        case Verdict::fixable: return "fixable";
        case Verdict::retake: return "retake";
    }
    return "retake";
}

void accept_checks(std::vector<CheckResult>& results, const std::set<std::string>& ids, const std::string& note) {
    for (auto& r : results) {
        if (r.status != CheckStatus::fail || !ids.count(r.id)) continue;
        r.status = CheckStatus::accepted;
        r.message_zh = "已人工接受：" + r.message_zh + (note.empty() ? "" : "（" + note + "）");
        r.message_en = "accepted by a person: " + r.message_en + (note.empty() ? "" : " (" + note + ")");
    }
}

void check_acceptable(const std::set<std::string>& ids) {
    std::vector<std::string> capture;
    for (const auto& def : all_checks())
        if (def.group == CheckGroup::capture) capture.push_back(def.id);
    for (const auto& id : ids) {
        if (std::find(capture.begin(), capture.end(), id) != capture.end()) continue;
        const bool submission = std::any_of(all_checks().begin(), all_checks().end(),
                                            [&](const CheckDef& d) { return d.id == id; });
        const std::string near = closest(id, capture);
        throw Error(Errc::usage_accept, submission ? "--accept " + id + ": make fixes " + id + " itself; only capture checks are accepted"
                                               : "--accept " + id + ": no such capture check" +
                                                     (near.empty() ? "" : ": did you mean '" + near + "'?") +
                                                     " (idphoto check --list)");
    }
}

const char* to_string(CheckGroup g) { return g == CheckGroup::capture ? "capture" : "submission"; }

const char* to_string(CheckStatus s) {
    switch (s) {
        case CheckStatus::pass: return "pass";
        case CheckStatus::warn: return "warn";
        case CheckStatus::fail: return "fail";
        case CheckStatus::skip: return "skip";
        case CheckStatus::accepted: return "accepted";
    }
    return "skip";
}

}  // namespace photo
