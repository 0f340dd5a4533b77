// Capture checks on the face and pose: from the detector and the landmarks.
#include <cmath>

#include "libphoto/checks/check_helpers.hpp"

namespace photo::check_impl {

constexpr auto kCapture = CheckGroup::capture;

// face.count: exactly one face; a second face counts when its box has at least
// `second_face_ratio` of the main face's area (small faces in a poster behind do not).
CheckResult face_count(const CheckInput& in) {
    const auto& faces = in.analysis.faces;
    const double ratio = in.preset.capture.second_face_ratio;
    int comparable = 0;
    for (const auto& f : faces) comparable += f.area() >= ratio * faces.front().area();
    const std::string limit = fmt::format("1 (faces >= {:.0f}% of the largest)", ratio * 100);
    if (comparable == 1) return result("face.count", kCapture, CheckStatus::pass, 1, limit);
    if (comparable == 0)
        return result("face.count", kCapture, CheckStatus::fail, 0, limit,
                      "照片中没有检测到正面人脸：请正对镜头、露出整张脸重新拍摄",
                      "no frontal face found: retake facing the camera with the whole face visible");
    return result("face.count", kCapture, CheckStatus::fail, comparable, limit,
                  fmt::format("照片中有 {} 张人脸：请单人重新拍摄", comparable),
                  fmt::format("{} faces in the photo: retake with one person only", comparable));
}

// face.resolution: how much the source pixels must be enlarged to reach the preset's face
// size (output pixels per original pixel); more than `max_upscale` turns the face soft.
CheckResult face_resolution(const CheckInput& in) {
    const double max_up = in.preset.capture.max_upscale;
    // Without a face, the least enlargement any crop needs: the photo's height to the preset's.
    const double upscale = in.plan ? in.plan->scale * in.analysis.image.scale
                                   : double(in.preset.height) / in.analysis.image.full_size.height;
    if (!in.plan && upscale <= max_up) return skip("face.resolution", kCapture, "没有人脸", "no face");
    const std::string limit = fmt::format("<= {:.2f}", max_up);
    if (upscale <= max_up) return result("face.resolution", kCapture, CheckStatus::pass, upscale, limit);
    return result("face.resolution", kCapture, CheckStatus::fail, upscale, limit,
                  fmt::format("照片分辨率太低（人脸需放大 {:.1f} 倍）：请发送原图或离镜头近一些重拍", upscale),
                  fmt::format("resolution too low (the face would be enlarged {:.1f}x): send the original "
                              "photo or retake closer to the camera", upscale));
}

// face.cut_off: the frame cuts the crown, chin or face sides, or no crop that meets the
// preset's bands stays inside the photo at the bottom (the body would have to be invented).
CheckResult face_cut_off(const CheckInput& in) {
    const Analysis& a = in.analysis;
    if (!a.head || !in.plan) return skip("face.cut_off", kCapture, "没有人脸", "no face");
    const HeadMeasures& h = *a.head;
    const bool crown_cut = h.crown_cut, chin_cut = h.chin_cut, side_cut = h.side_cut;
    // No crop both keeps the measures in their bands and continues no more clothing than the
    // preset allows: there is not enough of the person below the chin.
    const bool body_missing = !in.plan->fits || in.plan->margin < 0;
    const std::string limit = fmt::format("crown, chin and face inside the photo; <= {:.0f} px continued below, "
                                          "<= {:.2f} of it invented",
                                          in.preset.capture.max_bottom_extension * in.preset.height,
                                          in.preset.capture.max_continued_invented_share);
    // The face's own edges first: the landmarks place them surely, the crown comes from the matte.
    if (chin_cut || side_cut)
        return result("face.cut_off", kCapture, CheckStatus::fail, std::nullopt, limit,
                      "脸部被照片边缘切掉：请让整张脸都在画面内重新拍摄",
                      "the face is cut off by the frame: retake with the whole face inside the picture");
    if (crown_cut)
        return result("face.cut_off", kCapture, CheckStatus::fail, h.crown_y, limit,
                      "头顶被照片上边缘切掉：请在头顶上方留出空间重新拍摄",
                      "the top of the head is cut off by the frame: retake with space above the head");
    if (body_missing)
        return result("face.cut_off", kCapture, CheckStatus::fail, in.plan->bottom_overflow_px, limit,
                      "下巴以下拍得太少，无法按标准构图：请拍到肩膀以下重新拍摄",
                      "too little below the chin to frame the photo: retake including the shoulders");
    // The clothing to continue below the photo crosses too much skin to continue unseen.
    if (in.plan->continued_invented_share > in.preset.capture.max_continued_invented_share)
        return result("face.cut_off", kCapture, CheckStatus::fail, in.plan->continued_invented_share, limit,
                      "照片底边太靠近脖子，衣服无法自然延续：请拍到肩膀以下重新拍摄",
                      "the photo ends too close to the neck to continue the clothing: retake including the shoulders");
    return result("face.cut_off", kCapture, CheckStatus::pass, 0, limit);
}

// pose.roll: angle of the line through the two eye centres; CHSI forbids rotating the photo,
// so a tilted head cannot be fixed.
CheckResult pose_roll(const CheckInput& in) {
    if (!in.analysis.head) return skip("pose.roll", kCapture, "没有人脸", "no face");
    const double roll = in.analysis.head->roll_degrees;
    const double max_roll = in.preset.capture.max_roll_degrees;
    const std::string limit = fmt::format("|roll| <= {:.0f} deg", max_roll);
    if (std::abs(roll) <= max_roll) return result("pose.roll", kCapture, CheckStatus::pass, roll, limit);
    return result("pose.roll", kCapture, CheckStatus::fail, roll, limit,
                  fmt::format("头部倾斜 {:.0f}°：请端正头部、双眼保持水平重新拍摄", std::abs(roll)),
                  fmt::format("head tilted {:.0f} degrees: retake with the head upright and eyes level", std::abs(roll)));
}

// pose.yaw: the nose tip's offset between the two jaw sides, as a share of the jaw width.
CheckResult pose_yaw(const CheckInput& in) {
    if (!in.analysis.head) return skip("pose.yaw", kCapture, "没有人脸", "no face");
    const double yaw = in.analysis.head->yaw_ratio;
    const double max_yaw = in.preset.capture.max_yaw_ratio;
    const std::string limit = fmt::format("|yaw| <= {:.2f}", max_yaw);
    if (std::abs(yaw) <= max_yaw) return result("pose.yaw", kCapture, CheckStatus::pass, yaw, limit);
    return result("pose.yaw", kCapture, CheckStatus::fail, yaw, limit,
                  "头部侧转：请正对镜头重新拍摄", "head turned to one side: retake facing the camera");
}


// eyes.open: lid distance over eye width from the six landmarks of each eye, both averaged.
CheckResult eyes_open(const CheckInput& in) {
    if (!in.analysis.measures) return skip("eyes.open", kCapture);
    const double v = in.analysis.measures->eye_openness, lim = in.preset.capture.min_eye_openness;
    const std::string limit = fmt::format(">= {:.2f}", lim);
    if (v >= lim) return pass("eyes.open", kCapture, v, limit);
    return result("eyes.open", kCapture, CheckStatus::fail, v, limit, "眼睛没有睁开：请睁眼平视镜头重新拍摄",
                  "eyes closed: retake with the eyes open, looking at the camera");
}

// mouth.closed: inner lip distance over the inner mouth width.
CheckResult mouth_closed(const CheckInput& in) {
    if (!in.analysis.measures) return skip("mouth.closed", kCapture);
    const double v = in.analysis.measures->mouth_opening, lim = in.preset.capture.max_mouth_opening;
    const std::string limit = fmt::format("<= {:.2f}", lim);
    if (v <= lim) return pass("mouth.closed", kCapture, v, limit);
    return result("mouth.closed", kCapture, CheckStatus::fail, v, limit, "嘴巴张开或露齿：请闭合嘴唇、表情自然重新拍摄",
                  "mouth open: retake with the lips closed and a natural expression");
}

}  // namespace photo::check_impl
