#include "libphoto/matte/lab.hpp"

#include <cmath>

namespace photo {

namespace {
float linear_from_srgb(float c) { return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); }

// CIE's f(t): cube root above (6/29)^3, a line below it.
float lab_f(float t) { return t > 0.008856f ? std::cbrt(t) : 7.787f * t + 16.f / 116.f; }
}  // namespace

cv::Vec3f bgr_to_lab(const cv::Vec3f& bgr) {
    const float b = linear_from_srgb(bgr[0]), g = linear_from_srgb(bgr[1]), r = linear_from_srgb(bgr[2]);
    // sRGB -> XYZ, normalised by the D65 white point (Xn 0.950456, Zn 1.088754).
    const float x = (0.412453f * r + 0.357580f * g + 0.180423f * b) / 0.950456f;
    const float y = 0.212671f * r + 0.715160f * g + 0.072169f * b;
    const float z = (0.019334f * r + 0.119193f * g + 0.950227f * b) / 1.088754f;
    const float fx = lab_f(x), fy = lab_f(y), fz = lab_f(z);
    const float L = y > 0.008856f ? 116.f * fy - 16.f : 903.3f * y;
    return {L, 500.f * (fx - fy), 200.f * (fy - fz)};
}

cv::Mat bgr_to_lab(const cv::Mat& bgr32) {
    CV_Assert(bgr32.type() == CV_32FC3);
    cv::Mat out(bgr32.size(), CV_32FC3);
    for (int y = 0; y < bgr32.rows; ++y) {
        const auto* in = bgr32.ptr<cv::Vec3f>(y);
        auto* o = out.ptr<cv::Vec3f>(y);
        for (int x = 0; x < bgr32.cols; ++x) o[x] = bgr_to_lab(in[x]);
    }
    return out;
}

}  // namespace photo
