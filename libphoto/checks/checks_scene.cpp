// Capture checks on the scene: backdrop, clothing, light and focus, from ImageMeasures.
#include <algorithm>
#include <cmath>

#include "libphoto/checks/check_helpers.hpp"

namespace photo::check_impl {

namespace {
constexpr auto kCapture = CheckGroup::capture;
}

// background.uniform: gradients and soft fall-off are fine (make replaces the backdrop);
// clutter, texture, objects and other people are not. Each measure of BackdropMeasures is held
// against its limit; the first that fails gives the value and the advice.
CheckResult background_uniform(const CheckInput& in) {
    const BackdropMeasures& m = in.analysis.backdrop;
    const CaptureLimits& c = in.preset.capture;
    const std::string limit =
        fmt::format("gradient <= {:.2f}, person share <= {:.2f}, intrusion <= {:.3f}, straight edges <= {:.2f}, "
                    "backdrop edges <= {:.2f}, frame backdrop >= {:.2f}, side backdrop >= {:.2f}",
                    c.max_background_gradient, c.max_person_share, c.max_background_intrusion,
                    c.max_background_straight_edges, c.max_background_edges, c.min_frame_backdrop,
                    c.min_side_backdrop);
    auto fail = [&](std::optional<double> v, const char* zh, const char* en) {
        return result("background.uniform", kCapture, CheckStatus::fail, v, limit, zh, en);
    };
    if (m.person_share.value_or(0) > c.max_person_share || !m.gradient)
        return fail(m.person_share, "背景不是纯色，无法分离人像：请在纯色墙壁或幕布前重新拍摄",
                    "no plain backdrop to separate the person from: retake in front of a plain wall or cloth");
    if (m.intrusion && *m.intrusion > c.max_background_intrusion)
        return fail(m.intrusion, "头部旁边或上方有其他物体或人（换背景后仍会留在照片里）：请在纯色背景前单人重新拍摄",
                    "objects or people beside or above the head (they would stay after the backdrop is replaced): "
                    "retake alone in front of a plain backdrop");
    if (m.straight_edges && *m.straight_edges > c.max_background_straight_edges)
        return fail(m.straight_edges, "背景中有门框、画框、书架或文字等物体：请在没有杂物的纯色墙壁前重新拍摄",
                    "the backdrop shows frames, shelves or lettering: retake in front of a bare plain wall");
    if (m.backdrop_edges && *m.backdrop_edges > c.max_background_edges)
        return fail(m.backdrop_edges, "背景上有图案、文字或物体（如旗帜、横幅、灯具）：请在纯色墙壁或幕布前重新拍摄",
                    "the backdrop shows patterns, lettering or objects (a flag, a banner, a lamp): retake in front of a "
                    "plain wall or cloth");
    // When the frame cuts the head, its strips hold the head, not the scene (face.cut_off).
    const bool head_cut = in.analysis.head && (in.analysis.head->crown_cut || in.analysis.head->side_cut);
    const char* scene_zh = "头部上方和两侧不是纯色背景（有景物、杂物或他人）：请在纯色墙壁或幕布前单人重新拍摄";
    const char* scene_en = "the scene above and beside the head is not a plain backdrop (objects or other people): "
                           "retake alone in front of a plain wall or cloth";
    if (m.frame_backdrop && *m.frame_backdrop < c.min_frame_backdrop && !head_cut)
        return fail(m.frame_backdrop, scene_zh, scene_en);
    if (m.side_backdrop && *m.side_backdrop < c.min_side_backdrop && !head_cut)
        return fail(m.side_backdrop, scene_zh, scene_en);
    const double g = *m.gradient;
    if (g > c.max_background_gradient)
        return fail(g, "背景不是纯色（有杂物、纹理或其他人）：请在纯色背景前重新拍摄",
                    "the backdrop is not plain (objects, texture or other people): retake in front of a plain backdrop");
    return pass("background.uniform", kCapture, g, limit);
}

// clothing.contrast: clothing that matches the backdrop cannot be told apart from it.
CheckResult clothing_contrast(const CheckInput& in) {
    const auto& m = in.analysis.measures;
    if (!m || !m->clothing_backdrop_share)
        return skip("clothing.contrast", kCapture, "照片中没有衣服部分", "no clothing in the photo");
    const double v = *m->clothing_backdrop_share, lim = in.preset.capture.max_clothing_backdrop_share;
    const std::string limit = fmt::format("share like the backdrop <= {:.2f}", lim);
    if (v <= lim) return pass("clothing.contrast", kCapture, v, limit);
    return result("clothing.contrast", kCapture, CheckStatus::fail, v, limit,
                  "衣服颜色与背景太接近：请换一件与背景颜色不同的衣服重新拍摄",
                  "clothing too close to the backdrop colour: retake wearing a colour that differs from the backdrop");
}

// lighting.even: one side of the face much darker than the other (side light, shadow).
CheckResult lighting_even(const CheckInput& in) {
    const auto& m = in.analysis.measures;
    if (!m) return skip("lighting.even", kCapture);
    const double brighter = std::max({m->cheek_left, m->cheek_right, 1.0});
    const double v = std::abs(m->cheek_left - m->cheek_right) / brighter;
    const double lim = in.preset.capture.max_cheek_imbalance;
    const std::string limit = fmt::format("<= {:.2f}", lim);
    if (v <= lim) return pass("lighting.even", kCapture, v, limit);
    const bool left_darker = m->cheek_left < m->cheek_right;  // image left = subject's right
    return result("lighting.even", kCapture, CheckStatus::fail, v, limit,
                  fmt::format("脸部左右光照不均（{}侧偏暗 {:.0f}%）：请面向光源、让光线均匀照在脸上重新拍摄",
                              left_darker ? "右" : "左", v * 100),
                  fmt::format("uneven light on the face (the {} side is {:.0f}% darker): retake facing the light",
                              left_darker ? "subject's right" : "subject's left", v * 100));
}

// lighting.exposure: the face too dark, too bright, or clipped.
CheckResult lighting_exposure(const CheckInput& in) {
    const auto& m = in.analysis.measures;
    if (!m) return skip("lighting.exposure", kCapture);
    const CaptureLimits& c = in.preset.capture;
    const std::string limit = fmt::format("face luminance {}, clipped <= {:.0f}%",
                                          band_text(c.min_face_luminance, c.max_face_luminance), c.max_face_clipped * 100);
    const double v = m->face_luminance;
    if (v < c.min_face_luminance || m->share_at_most(int(c.crushed_level)) > c.max_face_clipped)
        return result("lighting.exposure", kCapture, CheckStatus::fail, v, limit, "脸部太暗：请在光线充足处重新拍摄",
                      "the face is too dark: retake in better light");
    if (v > c.max_face_luminance || m->share_at_least(int(c.blown_level)) > c.max_face_clipped)
        return result("lighting.exposure", kCapture, CheckStatus::fail, v, limit,
                      "脸部过曝（太亮）：请避免强光直射、关闭闪光灯重新拍摄",
                      "the face is over-exposed: retake without flash or harsh direct light");
    return pass("lighting.exposure", kCapture, v, limit);
}

// image.sharpness: a blurred or out-of-focus face.
CheckResult image_sharpness(const CheckInput& in) {
    const auto& m = in.analysis.measures;
    if (!m) return skip("image.sharpness", kCapture);
    const double v = m->sharpness, lim = in.preset.capture.min_sharpness;
    const std::string limit = fmt::format(">= {:.0f}", lim);
    if (v >= lim) return pass("image.sharpness", kCapture, v, limit);
    return result("image.sharpness", kCapture, CheckStatus::fail, v, limit,
                  "照片模糊：请对焦清楚、保持相机稳定重新拍摄", "the face is blurred: retake in focus, holding the camera still");
}

// matte.confidence: where hair or clothing is too like the backdrop beside it, the matte can
// only guess the outline, and the new backdrop would show holes in the person or keep a fringe
// of the old one. Reported last of the capture checks: a cluttered backdrop, clothing in the
// backdrop's colour or a dark photo is the more useful reason when it is one.
CheckResult matte_confidence(const CheckInput& in) {
    const std::optional<double>& v = in.analysis.matte_unsure;
    if (!v) return skip("matte.confidence", kCapture, "没有人像轮廓", "no outline of the person");
    const double lim = in.preset.capture.max_matte_unsure;
    const std::string limit = fmt::format("unsure share of the outline <= {:.2f}", lim);
    if (*v <= lim) return pass("matte.confidence", kCapture, v, limit);
    return result("matte.confidence", kCapture, CheckStatus::fail, v, limit,
                  fmt::format("头发或衣服的颜色与背景太接近（{:.0f}% 的轮廓无法分辨），换背景后会出现缺口或残留的旧背景边："
                              "请在与头发、衣服颜色不同的纯色背景前、光线均匀处重新拍摄",
                              *v * 100),
                  fmt::format("hair or clothing too close to the backdrop's colour ({:.0f}% of the outline cannot be told "
                              "apart): a new backdrop would show holes or a fringe of the old one; retake in front of a "
                              "plain backdrop that differs from your hair and clothing, in even light",
                              *v * 100));
}

}  // namespace photo::check_impl
