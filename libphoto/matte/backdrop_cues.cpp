// What tells backdrop from person on the segmentation image (backdrop_cues.hpp): the noise and
// shading this backdrop shows on its border, local texture, and smooth shading slopes (a cast
// shadow's penumbra) as against a silhouette's sharp ones.
#include "libphoto/matte/backdrop_cues.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "libphoto/matte/box_means.hpp"
#include "libphoto/matte/float_order.hpp"

namespace photo::matte_internal {
namespace {

// Samples for those statistics: colour within this of the model (8-bit units) and shading
// within [kShadowLow, kShadeHigh]; anything else on the border is the person.
constexpr float kStatsChroma = 10.f;
// Shading range = centre +- kShadeSpread x the half-width of the shortest interval holding
// half of the backdrop samples (a spread estimate the person's pixels on the border cannot
// inflate while they are under half), never narrower than 1 +- kMinShadeSlack (JPEG, light
// fall-off the model misses). Shadows and wrinkles beyond it go through the smooth path.
constexpr float kShadeSpread = 4.f;
constexpr float kMinShadeSlack = 0.04f;
// Colour threshold = kNoiseFactor x the backdrop samples' 99th-percentile colour residual,
// within [kMinChroma, kMaxChroma] (8-bit units): noise adapts it, the cap keeps pastel
// clothes from passing as backdrop.
constexpr float kNoiseFactor = 2.0f;
constexpr float kMinChroma = 6.f;
constexpr float kMaxChroma = 16.f;
// Darker-than-backdrop regions count as shadow only where the shading varies slowly: a cast
// shadow's penumbra changes by a few percent per pixel at kSegLongSide, the silhouette of a
// grey garment or hair against the wall by far more.
constexpr float kShadowGradient = 0.02f;
// A steeper slope still counts as a penumbra when it is wide: at least kMinPenumbraWidth
// pixels (the sigma of a blurred step, at kSegLongSide; a silhouette reduced to this size is
// ~1 px after the 3x3 blur, a shadow cast a few centimetres behind the head 2 px or more),
// measured over kRampReach pixels either side, and never steeper than kMaxPenumbraGradient
// (the darkest shadow, 1 - kShadowLow, over that width).
constexpr float kMinPenumbraWidth = 1.5f;
constexpr float kRampReach = 3.f;
constexpr float kMaxPenumbraGradient = 0.15f;
// Texture gate: a backdrop pixel's local contrast (std of grey in 3x3 at kEdgeLongSide,
// averaged to kSegLongSide) stays within kTextureFactor x the backdrop samples' 99th
// percentile (its own noise), at least kMinTexture levels. Grey hair on a grey wall has the
// wall's colour but not its smoothness.
constexpr float kTextureFactor = 1.5f;
constexpr float kMinTexture = 2.5f;

}  // namespace

Tolerance learn_tolerance(const cv::Mat& shade, const cv::Mat& chroma, const cv::Mat& texture,
                          const cv::Mat& texture_plain, const cv::Mat& sample_mask) {
    std::vector<float> s, c, tx, txp;
    for (int y = 0; y < shade.rows; ++y) {
        const float* sp = shade.ptr<float>(y);
        const float* cp = chroma.ptr<float>(y);
        const float* tp = texture.ptr<float>(y);
        const float* tpp = texture_plain.ptr<float>(y);
        const uchar* m = sample_mask.ptr<uchar>(y);
        for (int x = 0; x < shade.cols; ++x)
            if (m[x] && cp[x] < kStatsChroma && sp[x] > kShadowLow && sp[x] < kShadeHigh)
                s.push_back(sp[x]), c.push_back(cp[x]), tx.push_back(tp[x]), txp.push_back(tpp[x]);
    }
    Tolerance t{1.f - kMinShadeSlack, 1.f + kMinShadeSlack, kMinChroma, kMinTexture, kMinTexture};
    if (s.size() < 50) return t;
    const std::vector<float> sh = s;  // unsorted, paired with c
    auto pct = [](const std::vector<float>& v, double q) { return nth_nonnegative(v, std::min(v.size() - 1, size_t(q * v.size()))); };
    // Shortest interval holding half of the sorted shading samples.
    sort_nonnegative(s);  // all within (kShadowLow, kShadeHigh)
    const size_t half = s.size() / 2;
    size_t best = 0;
    for (size_t i = 0; i + half < s.size(); ++i)
        if (s[i + half] - s[i] < s[best + half] - s[best]) best = i;
    const float centre = 0.5f * (s[best] + s[best + half]);
    const float spread = std::max(kMinShadeSlack, kShadeSpread * 0.5f * (s[best + half] - s[best]));
    t.shade_low = std::max(kShadowLow, centre - spread);
    t.shade_high = std::min(kShadeHigh, centre + spread);
    std::vector<float> in, tin, tinp;
    for (size_t i = 0; i < c.size(); ++i)
        if (sh[i] >= t.shade_low && sh[i] <= t.shade_high) in.push_back(c[i]), tin.push_back(tx[i]), tinp.push_back(txp[i]);
    if (in.size() >= 50) {
        t.chroma = std::clamp(kNoiseFactor * pct(in, 0.99), kMinChroma, kMaxChroma);
        t.texture = std::max(kMinTexture, kTextureFactor * pct(tin, 0.99));
        t.texture_plain = std::max(kMinTexture, kTextureFactor * pct(tinp, 0.99));
    }
    return t;
}

// Local contrast: std of grey over 3x3 at the size of `fine`, area-averaged to `size`; as
// `least` the least textured pixel of each 3x3 first, as `plain` without that, and as
// `detrended` what is left once the 3x3's best plane is removed (a shadow's penumbra or a
// fold of the cloth is a slope, not texture; hair and weave are not planes). All from one
// grey image and one pass of the 3x3 statistics.

Texture local_texture(const cv::Mat& fine8, cv::Size size) {
    cv::Mat g, m, m2, sq, gx, gy;
    cv::cvtColor(fine8, g, cv::COLOR_BGR2GRAY);
    g.convertTo(g, CV_32F);
    cv::blur(g, m, cv::Size(3, 3));
    cv::blur(g.mul(g), m2, cv::Size(3, 3));
    cv::Mat var = cv::max(m2 - m.mul(m), 0.0);
    // The plane's slopes: sum of x I over the 3x3 / sum of x^2 (6); the plane explains
    // 6/9 (gx^2 + gy^2) of the window's variance.
    const cv::Mat diff = (cv::Mat_<float>(1, 3) << -1.f / 6, 0.f, 1.f / 6), sum = (cv::Mat_<float>(1, 3) << 1.f, 1.f, 1.f);
    cv::sepFilter2D(g, gx, CV_32F, diff, sum);
    cv::sepFilter2D(g, gy, CV_32F, sum, diff);
    cv::Mat residual = cv::max(var - (2.f / 3) * (gx.mul(gx) + gy.mul(gy)), 0.0);
    Texture t;
    cv::sqrt(residual, residual);
    resize_area(residual, t.detrended, size);
    cv::sqrt(var, sq);
    resize_area(sq, t.plain, size);
    // The least textured pixel of each 3x3: a narrow gap onto the backdrop between an arm and
    // the body is only a few pixels wide and every one of them is next to an edge.
    cv::erode(sq, sq, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
    resize_area(sq, t.least, size);
    return t;
}

// The shading blurred a little and its gradient (per pixel of `shade`), for smooth() and
// penumbra().

ShadeSlope shade_slope(const cv::Mat& shade) {
    ShadeSlope s;
    cv::GaussianBlur(shade, s.blurred, cv::Size(3, 3), 0);
    cv::Sobel(s.blurred, s.gx, CV_32F, 1, 0, 3, 1.0 / 8);
    cv::Sobel(s.blurred, s.gy, CV_32F, 0, 1, 3, 1.0 / 8);
    cv::magnitude(s.gx, s.gy, s.magnitude);
    return s;
}

// Where the shading changes slowly enough to be a shadow's penumbra (CV_8UC1 255).
cv::Mat smooth(const ShadeSlope& s) { return s.magnitude < kShadowGradient; }

// Where the shading is a wide monotone slope (CV_8UC1 255): a sharper penumbra or a cloth's
// fold, which smooth() refuses. The width of the slope through a pixel is the step across
// it, kRampReach pixels either way along the gradient, over the steepest gradient nearby,
// as for a blurred step (step = width x sqrt(2 pi) x steepest gradient). The silhouette of a
// garment or a lock of hair is a step one pixel wide; a strand is a line with no step across.
cv::Mat penumbra(const ShadeSlope& s) {
    cv::Mat steepest;
    cv::dilate(s.magnitude, steepest, cv::Mat());
    const int w = s.blurred.cols, h = s.blurred.rows;
    auto at = [&](float x, float y) {  // bilinear, clamped to the image
        x = std::clamp(x, 0.f, float(w - 1)), y = std::clamp(y, 0.f, float(h - 1));
        const int x0 = std::min(int(x), std::max(0, w - 2)), y0 = std::min(int(y), std::max(0, h - 2));
        const int x1 = std::min(x0 + 1, w - 1), y1 = std::min(y0 + 1, h - 1);
        const float fx = x - x0, fy = y - y0;
        const float* r0 = s.blurred.ptr<float>(y0);
        const float* r1 = s.blurred.ptr<float>(y1);
        return (r0[x0] * (1 - fx) + r0[x1] * fx) * (1 - fy) + (r1[x0] * (1 - fx) + r1[x1] * fx) * fy;
    };
    const float root_2pi = std::sqrt(2.f * float(CV_PI));
    cv::Mat out(s.blurred.size(), CV_8U, cv::Scalar(0));
    for (int y = 0; y < h; ++y) {
        const float* gx = s.gx.ptr<float>(y);
        const float* gy = s.gy.ptr<float>(y);
        const float* g = s.magnitude.ptr<float>(y);
        const float* gmax = steepest.ptr<float>(y);
        const float* c = s.blurred.ptr<float>(y);
        uchar* o = out.ptr<uchar>(y);
        for (int x = 0; x < w; ++x) {
            if (g[x] < kShadowGradient || gmax[x] > kMaxPenumbraGradient) continue;
            const float nx = gx[x] / g[x] * kRampReach, ny = gy[x] / g[x] * kRampReach;
            const float up = at(x + nx, y + ny), down = at(x - nx, y - ny);
            const bool monotone = down <= c[x] && c[x] <= up;
            o[x] = monotone && (up - down) >= kMinPenumbraWidth * root_2pi * gmax[x] ? 255 : 0;
        }
    }
    return out;
}

}  // namespace photo::matte_internal
