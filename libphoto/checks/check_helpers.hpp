#pragma once
// Internal to the checks_*.cpp files: building results, and the check functions they define.
#include <optional>
#include <string>

#include <fmt/format.h>

#include "libphoto/checks/checks.hpp"

namespace photo::check_impl {

inline CheckResult result(const char* id, CheckGroup g, CheckStatus st, std::optional<double> value,
                          std::string limit, std::string zh = {}, std::string en = {}) {
    return {id, g, st, value, std::move(limit), std::move(zh), std::move(en)};
}

inline CheckResult pass(const char* id, CheckGroup g, std::optional<double> value, std::string limit) {
    return result(id, g, CheckStatus::pass, value, std::move(limit));
}

inline CheckResult skip(const char* id, CheckGroup g, const char* why_zh = "没有人脸", const char* why_en = "no face") {
    return result(id, g, CheckStatus::skip, std::nullopt, "", why_zh, why_en);
}

inline std::string band_text(double lo, double hi) { return fmt::format("[{:g}, {:g}]", lo, hi); }

// checks_capture.cpp: a failure means the student must take a new photo.
CheckResult face_count(const CheckInput&);
CheckResult face_resolution(const CheckInput&);
CheckResult face_cut_off(const CheckInput&);
CheckResult pose_roll(const CheckInput&);
CheckResult pose_yaw(const CheckInput&);
CheckResult eyes_open(const CheckInput&);
CheckResult mouth_closed(const CheckInput&);
// checks_scene.cpp: backdrop, clothing, light and focus; also capture.
CheckResult background_uniform(const CheckInput&);
CheckResult clothing_contrast(const CheckInput&);
CheckResult lighting_even(const CheckInput&);
CheckResult lighting_exposure(const CheckInput&);
CheckResult image_sharpness(const CheckInput&);
CheckResult matte_confidence(const CheckInput&);
// checks_submission.cpp: a failure alone means `make` can fix it.
CheckResult file_format(const CheckInput&);
CheckResult file_dimensions(const CheckInput&);
CheckResult file_dpi(const CheckInput&);
CheckResult file_size_kb(const CheckInput&);
CheckResult file_quality(const CheckInput&);
CheckResult background_color(const CheckInput&);
CheckResult framing_crown(const CheckInput&);
CheckResult framing_eyes(const CheckInput&);
CheckResult framing_face_width(const CheckInput&);
CheckResult framing_centre(const CheckInput&);

}  // namespace photo::check_impl
