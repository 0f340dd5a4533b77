// Matte pipeline: a hard person/backdrop segmentation at a small working size (where the
// decisions are made), then soft edges at a medium size with a guided filter, upsampled to the
// image. The backdrop model (backdrop_model.hpp) drives both the segmentation and, later,
// the decontamination of edge colours in composite().
#include "libphoto/matte/matte.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "libphoto/matte/backdrop_model.hpp"
#include "libphoto/matte/box_means.hpp"
#include "libphoto/matte/float_order.hpp"
#include "libphoto/matte/guided_filter.hpp"
#include "libphoto/core/hot_loop.hpp"
#include "libphoto/io/resample.hpp"

namespace photo {
namespace {

// Long side of the segmentation image: enough for a shoulder or an arm to stay several
// pixels wide, small enough that every pass over it takes well under a millisecond.
constexpr int kSegLongSide = 320;
// Long side at which the guided filter shapes the edges: resolves hair wisps; ~10 ms.
constexpr int kEdgeLongSide = 640;
// Guided filter radius (pixels at kEdgeLongSide): spans a wisp's transition plus the
// misplacement of an edge upsampled from kSegLongSide. Regularisation in squared 8-bit
// units: colour variation below ~10 levels is noise, not an edge.
constexpr int kGuideRadius = 8;
constexpr double kGuideEps = 100.0;
// Border strips whose statistics teach the first pass what this backdrop's noise and
// shading look like (fraction of the shorter side).
constexpr double kStatsBand = 0.06;
// Samples for those statistics: colour within this of the model (8-bit units) and shading
// within [kShadowLow, kShadeHigh]; anything else on the border is the person.
constexpr float kStatsChroma = 10.f;
// The darkest cast shadow still taken for backdrop (studio and wall shadows keep over 60 %
// of the light), and the brightest highlight (a wrinkle's ridge).
constexpr float kShadowLow = 0.6f;
constexpr float kShadeHigh = 1.35f;
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
// The bottom edge seeds the backdrop only when the backdrop is plain: at least this share of
// the top and side strips is backdrop (plain backdrops measure 0.76-0.99 on the shared photos
// and composites, a cluttered room 0.4). Otherwise every edge seeds alike, so clutter reached
// only from the bottom still counts as background for the checks.
constexpr double kPlainBorderShare = 0.6;
// Refits of the backdrop model on the pixels found to be backdrop (the border strips alone
// cannot see a vignette's centre), with the full cubic.
constexpr int kRefits = 2;
constexpr int kRefitTerms = 10;
// Foreground islands smaller than this fraction of the working image are noise or texture.
constexpr double kMinIslandFraction = 0.0015;
// Enclosed backdrop-like regions smaller than this fraction are clothing that resembles the
// backdrop (filled) unless they were found to be a gap (below); larger ones are kept.
constexpr double kMaxHoleFraction = 0.004;
// An enclosed backdrop-like region is a gap onto the backdrop when at least kGapStrictShare
// of it matches the model strictly and that part covers kMinGapFraction of the image (a
// pixel or two of clothing in the backdrop colour does not).
constexpr double kMinGapFraction = 0.0008;
constexpr double kGapStrictShare = 0.6;
// ... and only where its brightness is the model's within this factor (a backdrop-coloured
// garment is lit differently from the wall behind it).
constexpr float kGapShade = 0.02f;
// On a coloured backdrop (model's mean max - min channel >= kColouredBackdrop levels) an
// enclosed backdrop-like region is also a gap, whatever its shading, when it is a compact
// blob (a disc of radius kGapRadius at kSegLongSide fits in it).
constexpr double kColouredBackdrop = 40.0;
constexpr float kGapRadius = 3.f;
constexpr double kGapSaturation = 0.8;
// Backdrop-like pixels are gated on texture twice: the full 3x3 contrast decides what joins
// the border backdrop (a smooth light garment's folds stop it); the least textured pixel of
// each 3x3 additionally lets in small thin regions hanging off that backdrop (between hair
// strands): at most kThinRadius pixels from their own edge and kThinArea of the image, and
// at least kThinStrict of them matching the model strictly (the strip along a light
// garment's silhouette is a shadow or a mix, not the backdrop's own colour and brightness).
constexpr double kThinArea = 0.001;
constexpr float kThinRadius = 2.5f;
constexpr double kThinStrict = 0.9;
// Edge band at kEdgeLongSide (pixels each side of the upsampled segmentation boundary) where
// alpha is re-estimated from the compositing equation: covers the misplacement of a boundary
// upsampled from kSegLongSide plus the width over which hair thins out.
constexpr int kBandRadius = 5;
// Backdrop seen through the person's outline (between curls and strands of hair): pixels of
// the person within kSeeThroughDepth of its outline (pixels at kEdgeLongSide) that have the
// backdrop's colour, and those within kSeeThroughReach of them (the strands around a gap are
// mixed too), get their alpha from the compositing equation as the band does. The
// segmentation at kSegLongSide fills such gaps (textured, often enclosed), and a band of
// kBandRadius does not reach most of them (a head of curls is 10-20 px deep here). Only on a
// coloured backdrop: on a white or grey one, white letters, shoes or a knit at the outline
// have the backdrop's colour too (tried: they became holes).
constexpr int kSeeThroughDepth = 20;
constexpr int kSeeThroughReach = 2;
// Foreground colour in the band = average of solid foreground within this radius.
constexpr int kForegroundReach = 12;
// Backdrop colour in the band = average of sure backdrop within the same reach, when it covers
// at least this share of the window (else the model).
constexpr float kMinLocalBackdrop = 0.1f;
// ... but first the sure backdrop nearest to the pixel, averaged over kNearReach around that
// nearest pixel, when it is within kNearestBackdrop: a cast shadow beside the person is darker
// than the wall a window's width away, and against that wall it would read as a little of a
// dark foreground (a halo the width of the window).
constexpr int kNearReach = 2;
constexpr float kNearestBackdrop = 2.f * kBandRadius + 2.f;
// Below this foreground-to-backdrop colour difference (8-bit units) the equation is
// ill-conditioned and the segmentation is kept.
constexpr float kMinContrast = 48.f;
// The backdrop's colour for see_through(): within kSeeThroughChroma (8-bit units) of it at a shading
// the backdrop shows. Most such gaps are crossed by fine strands, so they are mixes rather than
// the backdrop's own colour within its noise (tol.chroma, 6-16: it found a third of the gain);
// half the least contrast the equation trusts (kMinContrast) is a colour that is more
// backdrop than any foreground the equation would accept. (32 made holes: 0.8 % on one photo.)
constexpr float kSeeThroughChroma = kMinContrast / 2;
// Compositing: pixels above kSolidAlpha give the nearby foreground colour; below
// kTrustAlpha the unmixed colour amplifies noise and model error by 1/a, so it is blended
// towards that nearby colour.
constexpr float kSolidAlpha = 0.95f;
constexpr float kTrustAlpha = 0.4f;
// Alpha this close to 0 or 1 is snapped: the guided filter's ripple is not translucency.
constexpr float kSnap = 0.02f;

// Area reduction to `long_side` (a copy when the image is no larger).
cv::Mat reduce_long_side(const cv::Mat& m, int long_side) {
    const double s = double(long_side) / std::max(m.cols, m.rows);
    if (s >= 1.0) return m.clone();
    cv::Mat out;
    resize_area(m, out, cv::Size(std::max(1, int(std::lround(m.cols * s))), std::max(1, int(std::lround(m.rows * s)))));
    return out;
}

// Sure foreground from the face: the face itself (jaw hull raised to the brow line and a bit
// above) and the neck below the chin. Drawn on `mask` at `scale` (image -> mask pixels).
void draw_face_seed(cv::Mat& mask, const Face& face, double scale) {
    std::vector<cv::Point> hull_pts;
    for (int i = 0; i <= 26; ++i) hull_pts.emplace_back(cv::Point(int(face.points[i].x * scale), int(face.points[i].y * scale)));
    std::vector<cv::Point> hull;
    cv::convexHull(hull_pts, hull);
    cv::fillConvexPoly(mask, hull, 255);
    // Neck: a column from the chin down, as wide as the mouth, a third of the face long.
    const cv::Point2d chin = face.points[8];
    const double mouth_w = std::abs(face.points[54].x - face.points[48].x);
    const double face_h = chin.y - std::min(face.points[19].y, face.points[24].y);
    const cv::Rect neck(int((chin.x - mouth_w * 0.5) * scale), int(chin.y * scale), int(mouth_w * scale),
                        int(face_h * 0.35 * scale));
    cv::rectangle(mask, neck & cv::Rect(0, 0, mask.cols, mask.rows), 255, cv::FILLED);
}

int band_width(cv::Size size, double fraction) {
    return std::max(2, int(std::lround(fraction * std::min(size.width, size.height))));
}

cv::Mat border_band(cv::Size size, double fraction) {
    const int band = band_width(size, fraction);
    cv::Mat m(size, CV_8U, cv::Scalar(255));
    m(cv::Rect(band, band, std::max(0, size.width - 2 * band), std::max(0, size.height - 2 * band))) = 0;
    return m;
}

// What "looks like this backdrop" means in this image: its shading range and colour noise,
// learnt from pixels known (or, on the first pass, likely) to be backdrop, and its local
// contrast by both texture measures (local_texture's least and plain).
struct Tolerance {
    float shade_low, shade_high, chroma, texture, texture_plain;
};

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
struct Texture {
    cv::Mat least, plain, detrended;
};

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
struct ShadeSlope {
    cv::Mat blurred, gx, gy, magnitude;
};

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

// Whether the backdrop (the model rendered, `bd`) is coloured: its mean's max - min channel is
// at least kColouredBackdrop. Only then does having its colour say much: white or grey
// clothes match a white or grey wall too.
bool is_coloured(const cv::Mat& bd) {
    const cv::Scalar mc = cv::mean(bd);
    return std::max({mc[0], mc[1], mc[2]}) - std::min({mc[0], mc[1], mc[2]}) >= kColouredBackdrop;
}

// Backdrop = backdrop-like pixels connected to the image border. Returns CV_8UC1 255 = backdrop.
// With `bottom` false the bottom edge does not count: a portrait's bottom edge cuts through
// the person, and light clothing there on a light backdrop would otherwise join the backdrop
// (what lies beside the person at the bottom is reached from the sides, or found as a gap).
cv::Mat backdrop_from_border(const cv::Mat& like, bool bottom = true) {
    cv::Mat labels;
    const int n = cv::connectedComponents(like, labels, 4, CV_32S);
    std::vector<char> touches(n, 0);
    const int w = like.cols, h = like.rows;
    for (int x = 0; x < w; ++x) touches[labels.at<int>(0, x)] = 1;
    if (bottom)
        for (int x = 0; x < w; ++x) touches[labels.at<int>(h - 1, x)] = 1;
    for (int y = 0; y < h; ++y) touches[labels.at<int>(y, 0)] = touches[labels.at<int>(y, w - 1)] = 1;
    touches[0] = 0;  // label 0 = not backdrop-like
    cv::Mat out(like.size(), CV_8U);
    for (int y = 0; y < h; ++y) {
        const int* l = labels.ptr<int>(y);
        uchar* o = out.ptr<uchar>(y);
        for (int x = 0; x < w; ++x) o[x] = touches[l[x]] ? 255 : 0;
    }
    return out;
}

// Removes components of `mask` (255) smaller than `min_area` (4-connected).
void drop_small(cv::Mat& mask, int min_area) {
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 4, CV_32S);
    std::vector<char> drop(n, 0);
    for (int i = 1; i < n; ++i) drop[i] = stats.at<int>(i, cv::CC_STAT_AREA) < min_area;
    for (int y = 0; y < mask.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        uchar* m = mask.ptr<uchar>(y);
        for (int x = 0; x < mask.cols; ++x)
            if (drop[l[x]]) m[x] = 0;
    }
}

// The colour of the sure backdrop (where `outer` is 0) nearest to each pixel of `band`: the
// mean of the sure backdrop within kNearReach of that nearest pixel (CV_32FC3), and where it
// is known (CV_8UC1 255: some sure backdrop within kNearestBackdrop).
struct NearBackdrop {
    cv::Mat colour, known;
};

NearBackdrop near_backdrop(const cv::Mat& mid8, const cv::Mat& outer, const cv::Mat& band) {
    NearBackdrop nb{cv::Mat(mid8.size(), CV_32FC3, cv::Scalar::all(0)), cv::Mat(mid8.size(), CV_8U, cv::Scalar(0))};
    if (cv::countNonZero(outer) == int(outer.total())) return nb;  // no sure backdrop at all
    cv::Mat dist, labels;
    cv::distanceTransform(outer, dist, labels, cv::DIST_L2, cv::DIST_MASK_5, cv::DIST_LABEL_PIXEL);
    // Each sure-backdrop pixel is its own label: where it is, and its mean once computed.
    std::vector<cv::Point> where(std::size_t(outer.total()) + 1);
    for (int y = 0; y < outer.rows; ++y) {
        const uchar* o = outer.ptr<uchar>(y);
        const int* l = labels.ptr<int>(y);
        for (int x = 0; x < outer.cols; ++x)
            if (!o[x]) where[std::size_t(l[x])] = {x, y};
    }
    std::vector<cv::Vec3f> mean(where.size());
    std::vector<char> done(where.size(), 0);
    auto mean_at = [&](int label) {
        if (done[std::size_t(label)]) return mean[std::size_t(label)];
        const cv::Point p = where[std::size_t(label)];
        cv::Vec3f sum(0, 0, 0);
        int n = 0;
        for (int y = std::max(0, p.y - kNearReach); y <= std::min(outer.rows - 1, p.y + kNearReach); ++y) {
            const uchar* o = outer.ptr<uchar>(y);
            const auto* I = mid8.ptr<cv::Vec3b>(y);
            for (int x = std::max(0, p.x - kNearReach); x <= std::min(outer.cols - 1, p.x + kNearReach); ++x)
                if (!o[x]) sum += cv::Vec3f(I[x]), ++n;
        }
        done[std::size_t(label)] = 1;
        return mean[std::size_t(label)] = sum * (1.f / float(n));  // n >= 1: the pixel itself
    };
    for (int y = 0; y < band.rows; ++y) {
        const uchar* b = band.ptr<uchar>(y);
        const float* d = dist.ptr<float>(y);
        const int* l = labels.ptr<int>(y);
        auto* c = nb.colour.ptr<cv::Vec3f>(y);
        uchar* k = nb.known.ptr<uchar>(y);
        for (int x = 0; x < band.cols; ++x)
            if (b[x] && d[x] <= kNearestBackdrop) c[x] = mean_at(l[x]), k[x] = 255;
    }
    return nb;
}

// The person's pixels (255 in `hard`) where the backdrop shows through near its outline
// (CV_8UC1 255): within kSeeThroughDepth of the outline, within kSeeThroughChroma of the
// model `backdrop` (at mid8's size) at a shading within `tol`, with those within
// kSeeThroughReach of them.
cv::Mat see_through(const cv::Mat& mid8, const cv::Mat& backdrop, const cv::Mat& hard, const Tolerance& tol) {
    cv::Mat depth, mid32;
    cv::distanceTransform(hard, depth, cv::DIST_L2, cv::DIST_MASK_3);
    mid8.convertTo(mid32, CV_32F);
    cv::Mat gap = (backdrop_distance(mid32, backdrop, tol.shade_low, tol.shade_high) < kSeeThroughChroma) & hard & (depth <= kSeeThroughDepth);
    cv::dilate(gap, gap, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * kSeeThroughReach + 1, 2 * kSeeThroughReach + 1)));
    return gap & hard;
}

// Alpha in the band around the boundary of `hard` from I = a F + (1 - a) B (as the distance
// from B relative to that of F), with F the nearby
// solid foreground colour and B the nearby sure backdrop colour (a cast shadow or a fold next
// to the person is darker than the smooth model; measured against the model it would read as
// a little of a dark foreground: a halo), the model where no sure backdrop is near; the hard
// mask elsewhere, and where F and B are too alike to tell. CV_32FC1. Pixels of `see_through`
// (empty, or CV_8UC1 255 where the backdrop shows through the person) join the band.
// `band` receives the band's state (Matte::band_low): 0 outside it, kBandSure where the
// equation gave the alpha, kBandUnsure where foreground and backdrop are too alike to tell
// (the segmentation's step is kept, and may be a hole or a fringe).
PHOTO_HOT_LOOP cv::Mat edge_alpha(const cv::Mat& mid8, const cv::Mat& backdrop, const cv::Mat& hard, const cv::Mat& see_through,
                                  cv::Mat& band) {
    const cv::Mat k = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * kBandRadius + 1, 2 * kBandRadius + 1));
    cv::Mat inner, outer;
    cv::erode(hard, inner, k);
    cv::dilate(hard, outer, k);
    if (!see_through.empty()) inner &= ~see_through;
    band = outer & ~inner;
    const NearBackdrop near = near_backdrop(mid8, outer, band);
    // Means over the reach of the solid foreground's colour and of the sure backdrop's, with
    // the share of the window each covers (so the colours can be normalised to those pixels).
    const int reach = kForegroundReach;
    const float min_bg = kMinLocalBackdrop;
    const float one_pixel = 1.f / float((2 * reach + 1) * (2 * reach + 1));  // a share of the window
    cv::Mat out;
    hard.convertTo(out, CV_32F, 1.0 / 255);
    box_means<8, Border::reflect, std::int32_t>(
        mid8.rows, mid8.cols, reach,
        [&](int y, std::int32_t* o) {
            const auto* I = mid8.ptr<cv::Vec3b>(y);
            const uchar* in = inner.ptr<uchar>(y);
            const uchar* ou = outer.ptr<uchar>(y);
            for (int x = 0; x < mid8.cols; ++x, o += 8) {
                const std::int32_t f = in[x] ? 1 : 0, b = ou[x] ? 0 : 1;
                for (int c = 0; c < 3; ++c) o[c] = f * I[x][c], o[4 + c] = b * I[x][c];
                o[3] = f, o[7] = b;
            }
        },
        [&](int y, const float* m) {
            const uchar* in = inner.ptr<uchar>(y);
            const uchar* ou = outer.ptr<uchar>(y);
            const auto* I = mid8.ptr<cv::Vec3b>(y);
            const auto* Bm = backdrop.ptr<cv::Vec3f>(y);
            const auto* Bn = near.colour.ptr<cv::Vec3f>(y);
            const uchar* known = near.known.ptr<uchar>(y);
            float* o = out.ptr<float>(y);
            uchar* st = band.ptr<uchar>(y);
            for (int x = 0; x < mid8.cols; ++x, m += 8) {
                const float W = m[3], BW = m[7];
                if (in[x] || !ou[x]) continue;  // solid or backdrop
                st[x] = kBandSure;
                if (W < 0.5f * one_pixel) continue;  // no foreground near: the backdrop's side of the band
                const cv::Vec3f B = known[x] ? Bn[x] : BW >= min_bg ? cv::Vec3f(m[4], m[5], m[6]) * (1.f / BW) : Bm[x];
                const cv::Vec3f fb = cv::Vec3f(m[0], m[1], m[2]) * (1.f / W) - B;
                const float n2 = fb.dot(fb);
                if (n2 < kMinContrast * kMinContrast) {
                    st[x] = kBandUnsure;
                    continue;
                }
                // |I - B| / |F - B| rather than the projection on F - B: exact for a mix of F and
                // B, and a foreground pixel whose own colour differs from the nearby average F (a
                // pattern, a highlight) still reads as foreground instead of as a hole.
                const cv::Vec3f ib = cv::Vec3f(I[x]) - B;
                o[x] = std::min(1.f, std::sqrt(ib.dot(ib) / n2));
            }
        });
    return out;
}

// Alpha this close to 0 or 1 is snapped (and so clamped): the guided filter's ripple is not
// translucency.
void snap(cv::Mat& alpha) {
    alpha.forEach<float>([](float& a, const int*) { a = a < kSnap ? 0.f : a > 1.f - kSnap ? 1.f : a; });
}

}  // namespace

Matte compute_matte(const cv::Mat& bgr, const std::optional<Face>& face) {
    CV_Assert(bgr.type() == CV_8UC3 && !bgr.empty());
    // The segmentation image from the edge image, not from the photo: kEdgeLongSide is twice
    // kSegLongSide, so that second reduction is OpenCV's fast 2x2 average (a reduction by a
    // fraction from a 1/4-scale decode costs ~4 ms each).
    const cv::Mat mid = reduce_long_side(bgr, kEdgeLongSide);
    cv::Mat small8 = reduce_long_side(mid, kSegLongSide), small;
    small8.convertTo(small, CV_32F);
    const double seg_scale = double(small.cols) / bgr.cols;

    cv::Mat seed = cv::Mat::zeros(small.size(), CV_8U);
    if (face) draw_face_seed(seed, *face, seg_scale);

    const Texture tex = local_texture(mid, small.size());
    const cv::Mat& texture = tex.least;
    const cv::Mat& texture_plain = tex.plain;

    BackdropModel model = fit_backdrop_on_border(small);
    cv::Mat stats_mask = border_band(small.size(), kStatsBand);
    cv::Mat top_and_sides = stats_mask.clone();
    top_and_sides.rowRange(small.rows - std::min(small.rows, band_width(small.size(), kStatsBand)), small.rows) = 0;
    const double top_and_sides_px = cv::countNonZero(top_and_sides);
    cv::Mat backdrop_mask, like, strict, shade, chroma, bd, backdrop_like;  // bd: the model rendered at the small size
    Tolerance tol{};  // the last pass's, for see_through()
    for (int pass = 0; pass <= kRefits; ++pass) {
        if (pass > 0) model = refit_backdrop(small, stats_mask, model, kRefitTerms);
        bd = model.render(small.size());
        compare_to_backdrop(small, bd, shade, chroma);
        tol = learn_tolerance(shade, chroma, texture, texture_plain, stats_mask);
        strict = (backdrop_distance(small, bd, tol.shade_low, tol.shade_high) < tol.chroma) & (texture < tol.texture);
        // Darker or lighter than the model but of its colour: a shadow or a fold where the
        // shading is smooth, or a wide slope that is not texture once the slope is removed.
        // On a coloured backdrop its colour is enough, however sharp the shading: a cloth's
        // wrinkle ridges are its blue, darker or lighter (on a white or grey wall, grey hair
        // and garments have the wall's colour too, and only the smoothness tells them apart).
        const ShadeSlope slope = shade_slope(shade);
        const cv::Mat ramp = penumbra(slope) & (tex.detrended < tol.texture_plain);
        const cv::Mat shaded = backdrop_distance(small, bd, kShadowLow, kShadeHigh) < tol.chroma;
        const cv::Mat shadow = is_coloured(bd) ? shaded : shaded & (smooth(slope) | ramp);
        like = (strict | shadow) & ((texture < tol.texture) | ramp) & ~seed;
        backdrop_like = (strict | shadow) & ((texture_plain < tol.texture_plain) | ramp) & ~seed;
        backdrop_mask = backdrop_from_border(backdrop_like, false);
        if (cv::countNonZero(top_and_sides & backdrop_mask) < kPlainBorderShare * top_and_sides_px)
            backdrop_mask = backdrop_from_border(backdrop_like, true);  // no plain backdrop: every edge alike
        stats_mask = backdrop_mask & strict;
    }

    // Thin backdrop-like regions hanging off the border backdrop (between hair strands,
    // along an edge) are backdrop; broad ones (a smooth light garment) are the person.
    {
        cv::Mat cand = like & ~backdrop_mask, labels, dist;
        const int n = cv::connectedComponents(cand, labels, 4, CV_32S);
        cv::distanceTransform(cand, dist, cv::DIST_L2, 3);
        cv::Mat near_bd;
        cv::dilate(backdrop_mask, near_bd, cv::Mat());
        std::vector<char> touch(n, 0);
        std::vector<float> maxd(n, 0.f);
        std::vector<int> cnt(n, 0), scnt(n, 0);
        for (int y = 0; y < labels.rows; ++y) {
            const int* l = labels.ptr<int>(y);
            const float* d = dist.ptr<float>(y);
            const uchar* nb = near_bd.ptr<uchar>(y);
            for (int x = 0; x < labels.cols; ++x) {
                if (!l[x]) continue;
                if (nb[x]) touch[l[x]] = 1;
                ++cnt[l[x]];
                if (strict.at<uchar>(y, x)) ++scnt[l[x]];
                maxd[l[x]] = std::max(maxd[l[x]], d[x]);
            }
        }
        for (int y = 0; y < labels.rows; ++y) {
            const int* l = labels.ptr<int>(y);
            uchar* b = backdrop_mask.ptr<uchar>(y);
            for (int x = 0; x < labels.cols; ++x)
                if (l[x] && touch[l[x]] && maxd[l[x]] <= kThinRadius && cnt[l[x]] <= kThinArea * double(labels.total()) && scnt[l[x]] >= kThinStrict * cnt[l[x]]) b[x] = 255;
        }
    }

    // Backdrop seen through an enclosed gap (between an arm and the body, under a raised
    // hand): backdrop-like regions cut off from the border that mostly match the model
    // strictly (its colour and brightness, not only a shadow of it) over more than a speck.
    cv::Mat gaps = cv::Mat::zeros(small.size(), CV_8U);
    {
        // Seen through a gap, the backdrop is as bright as the model says (no shadow, no
        // highlight): a white shirt on a white wall is lit differently from the wall.
        const cv::Mat exact = strict & (shade > 1.f - kGapShade) & (shade < 1.f + kGapShade);
        cv::Mat enclosed = like & ~backdrop_mask, labels, stats, cent;
        const int n = cv::connectedComponentsWithStats(enclosed, labels, stats, cent, 4, CV_32S);
        std::vector<int> strict_count(n, 0);
        for (int y = 0; y < labels.rows; ++y) {
            const int* l = labels.ptr<int>(y);
            for (int x = 0; x < labels.cols; ++x)
                if (l[x] && exact.at<uchar>(y, x)) ++strict_count[l[x]];
        }
        // A compact blob (a disc of kGapRadius fits in it) is a gap even where shaded (the
        // arm's shadow, a fold): hair that resembles the backdrop is thin.
        const bool coloured = is_coloured(bd);  // only then does matching its colour say much
        cv::Mat dist;
        cv::distanceTransform(enclosed, dist, cv::DIST_L2, 3);
        // ... and keeps the backdrop's saturation at its shading (a shadow on a blue wall is
        // a darker blue; the shaded side of a white shirt there is only tinted).
        std::vector<float> maxd(n, 0.f);
        std::vector<double> sat(n, 0.0), sat_model(n, 0.0);
        auto spread = [](const cv::Vec3f& c) { return std::max({c[0], c[1], c[2]}) - std::min({c[0], c[1], c[2]}); };
        for (int y = 0; y < labels.rows; ++y) {
            const int* l = labels.ptr<int>(y);
            const float* d = dist.ptr<float>(y);
            const auto* I = small.ptr<cv::Vec3f>(y);
            const auto* B = bd.ptr<cv::Vec3f>(y);
            const float* sh = shade.ptr<float>(y);
            for (int x = 0; x < labels.cols; ++x)
                if (l[x]) {
                    maxd[l[x]] = std::max(maxd[l[x]], d[x]);
                    sat[l[x]] += spread(I[x]);
                    sat_model[l[x]] += sh[x] * spread(B[x]);
                }
        }
        std::vector<char> gap(n, 0);
        // Backdrop reached only through the bottom edge (between an arm and the body, cut by
        // the frame) counts however small and thin, when it is exactly the backdrop's colour
        // and light, or keeps a coloured backdrop's saturation.
        std::vector<char> at_bottom(n, 0);
        for (int x = 0; x < labels.cols; ++x) at_bottom[labels.at<int>(labels.rows - 1, x)] = 1;
        const double min_gap = kMinGapFraction * double(small.total());
        for (int i = 1; i < n; ++i)
            gap[i] = (strict_count[i] >= (at_bottom[i] ? 1.0 : min_gap) &&
                      strict_count[i] >= kGapStrictShare * stats.at<int>(i, cv::CC_STAT_AREA)) ||
                     (coloured && (at_bottom[i] || (maxd[i] >= kGapRadius && stats.at<int>(i, cv::CC_STAT_AREA) >= min_gap)) &&
                      sat[i] >= kGapSaturation * sat_model[i]);
        for (int y = 0; y < labels.rows; ++y) {
            const int* l = labels.ptr<int>(y);
            uchar* b = backdrop_mask.ptr<uchar>(y);
            uchar* g = gaps.ptr<uchar>(y);
            for (int x = 0; x < labels.cols; ++x)
                if (gap[l[x]]) b[x] = g[x] = 255;
        }
    }

    // Person = everything else, without specks, with small enclosed backdrop-like holes filled.
    cv::Mat person = ~backdrop_mask;
    const double area = double(small.total());
    drop_small(person, int(kMinIslandFraction * area));
    cv::Mat holes = ~person;
    // Holes are the non-person components that do not touch the border.
    cv::Mat outside = backdrop_from_border(holes);
    holes &= ~outside;
    cv::Mat small_holes = holes.clone();
    {
        cv::Mat big = holes.clone();
        drop_small(big, int(kMaxHoleFraction * area));
        small_holes &= ~big;
    }
    person |= small_holes & ~gaps;

    // Soft edges: guided filter of the hard mask at the edge size, guided by the image. Only
    // its coefficients are kept; the alpha is computed where it is needed (matte_alpha).
    cv::Mat hard;
    cv::resize(person, hard, mid.size(), 0, 0, cv::INTER_LINEAR);
    hard = hard > 127;
    Matte m;
    m.image_size = bgr.size();
    m.backdrop_low = model.render(mid.size());
    const cv::Mat see = is_coloured(bd) ? see_through(mid, m.backdrop_low, hard, tol) : cv::Mat();
    m.coefficients = guided_coefficients(mid, edge_alpha(mid, m.backdrop_low, hard, see, m.band_low), kGuideRadius, kGuideEps);
    m.alpha_low = apply_coefficients(m.coefficients, mid);
    snap(m.alpha_low);
    return m;
}

cv::Rect2d Matte::to_low(const cv::Rect2d& r) const {
    const double kx = double(coefficients.cols) / image_size.width, ky = double(coefficients.rows) / image_size.height;
    // Pixel centres: photo x maps to (x + 0.5) kx - 0.5 in the maps, as cv::resize maps them.
    return {(r.x + 0.5) * kx - 0.5, (r.y + 0.5) * ky - 0.5, r.width * kx, r.height * ky};
}

std::optional<double> unsure_share(const Matte& matte, const cv::Rect2d& region) {
    if (matte.band_low.empty()) return std::nullopt;
    const cv::Rect2d low = matte.to_low(region);
    const cv::Rect r = cv::Rect(int(std::floor(low.x + 0.5)), int(std::floor(low.y + 0.5)), int(std::lround(low.width)),
                                int(std::lround(low.height))) &
                       cv::Rect(0, 0, matte.band_low.cols, matte.band_low.rows);
    if (r.empty()) return std::nullopt;
    const cv::Mat b = matte.band_low(r);
    const int band = cv::countNonZero(b), unsure = cv::countNonZero(b == kBandUnsure);
    if (band == 0) return std::nullopt;
    return double(unsure) / band;
}

namespace {
// A map of the matte resampled over `region` at `size`. The map is padded by one replicated
// pixel first: the photo's outermost pixels lie half a map pixel beyond the map's outermost
// centres, where resample_crop would otherwise see "outside". Only the part of the padded
// map that resample_crop reads is built (copyMakeBorder of a ROI takes the pixels around it
// from the whole map and replicates only at its true edges): padding the whole 640 px map
// of coefficients was a 5 MB copy per call.
cv::Mat resample_map(const Matte& matte, const cv::Mat& map, cv::Size size, const cv::Rect2d& region,
                     const cv::Scalar& fill) {
    cv::Rect2d low = matte.to_low(region);
    low.x += 1, low.y += 1;  // in the padded map
    // The padded columns [a, b) resample_crop reads (its part plus one), as map ROI [r0, r1):
    // the padded ROI covers padded columns [r0, r1 + 2).
    auto roi = [](double start, double length, int n) {
        const int a = std::clamp(int(std::floor(start)) - 1, 0, n + 2);
        const int b = std::clamp(int(std::ceil(start + length)) + 2, 0, n + 2);
        const int r0 = std::clamp(a, 0, n - 1);
        return cv::Range(r0, std::clamp(b - 2, r0 + 1, n));
    };
    const cv::Range cols = roi(low.x, low.width, map.cols), rows = roi(low.y, low.height, map.rows);
    cv::Mat padded;
    cv::copyMakeBorder(map(rows, cols), padded, 1, 1, 1, 1, cv::BORDER_REPLICATE);
    low.x -= cols.start, low.y -= rows.start;
    return resample_crop(padded, low, size, fill);
}
}  // namespace

cv::Mat matte_alpha(const Matte& matte, const cv::Mat& guide, const cv::Rect2d& region) {
    cv::Mat alpha = apply_coefficients(resample_map(matte, matte.coefficients, guide.size(), region, cv::Scalar::all(0)), guide);
    snap(alpha);
    // Above and beside the photo there is no person (the padding's replicated border would
    // otherwise reach half a map pixel into it); below it the clothing continues.
    const double sx = guide.cols / region.width, sy = guide.rows / region.height;
    for (int y = 0; y < alpha.rows; ++y) {
        const double py = region.y + y / sy;
        float* a = alpha.ptr<float>(y);
        for (int x = 0; x < alpha.cols; ++x) {
            const double px = region.x + x / sx;
            if (py < 0 || px < 0 || px > matte.image_size.width - 1) a[x] = 0.f;
        }
    }
    return alpha;
}

cv::Mat matte_backdrop(const Matte& matte, cv::Size size, const cv::Rect2d& region) {
    return resample_map(matte, matte.backdrop_low, size, region, cv::Scalar::all(0));
}

namespace {
// One output row of composite(): `near` and `have_near` are the nearby solid foreground colour
// and whether there is any, for this row.
inline void composite_row(const cv::Vec3b* i, const float* a, const cv::Vec3f* b, const cv::Vec3f* near,
                          const uchar* have_near, const cv::Vec3f& nb, int cols, cv::Vec3b* o) {
    const cv::Vec3b plain(cv::saturate_cast<uchar>(nb[0]), cv::saturate_cast<uchar>(nb[1]), cv::saturate_cast<uchar>(nb[2]));
    for (int x = 0; x < cols; ++x) {
        const float al = std::clamp(a[x], 0.f, 1.f);
        if (al >= 1.f) {
            o[x] = i[x];
            continue;
        }
        if (al <= 0.f) {
            o[x] = plain;
            continue;
        }
        const cv::Vec3f I(i[x]);
        cv::Vec3f f = (I - (1.f - al) * b[x]) * (1.f / al);
        for (int k = 0; k < 3; ++k) f[k] = std::clamp(f[k], 0.f, 255.f);
        if (have_near[x]) {
            // Trust the unmixed colour fully from kTrustAlpha up, the nearby solid colour below.
            const float t = std::clamp(al / kTrustAlpha, 0.f, 1.f);
            f = t * f + (1.f - t) * near[x];
        }
        const cv::Vec3f c = al * f + (1.f - al) * nb;
        o[x] = cv::Vec3b(cv::saturate_cast<uchar>(c[0]), cv::saturate_cast<uchar>(c[1]), cv::saturate_cast<uchar>(c[2]));
    }
}
}  // namespace

PHOTO_HOT_LOOP cv::Mat composite(const cv::Mat& bgr, const cv::Mat& alpha, const cv::Mat& old_backdrop, const cv::Scalar& new_bg_bgr) {
    CV_Assert(bgr.type() == CV_8UC3 && alpha.type() == CV_32FC1 && alpha.size() == bgr.size() &&
              old_backdrop.type() == CV_32FC3 && old_backdrop.size() == bgr.size());
    const cv::Vec3f nb{float(new_bg_bgr[0]), float(new_bg_bgr[1]), float(new_bg_bgr[2])};
    cv::Mat out(bgr.size(), CV_8UC3);
    // Nearby solid foreground colour: the mean colour of the pixels above kSolidAlpha within
    // kForegroundReach (at kEdgeLongSide, cv::boxFilter's border), the fallback where alpha is
    // too small for (I - (1 - a) B) / a to be trusted. Box means a row at a time: an output
    // within kEdgeLongSide (the CHSI photo) is composited row by row as they come, without a
    // whole-image temporary.
    const double s = double(kEdgeLongSide) / std::max(bgr.cols, bgr.rows);
    const cv::Mat mid = s >= 1.0 ? bgr : reduce_long_side(bgr, kEdgeLongSide);
    cv::Mat amid;
    if (s >= 1.0) amid = alpha;
    else resize_area(alpha, amid, mid.size());
    const float one_pixel = 1.f / float((2 * kForegroundReach + 1) * (2 * kForegroundReach + 1));
    std::vector<cv::Vec3f> near_row(std::size_t(mid.cols));
    std::vector<uchar> have_row(std::size_t(mid.cols));
    cv::Mat near_fg, have_near;  // at mid's size, when it is not the output's
    if (s < 1.0) near_fg.create(mid.size(), CV_32FC3), have_near.create(mid.size(), CV_8U);
    box_means<4, Border::reflect_101, std::int32_t>(
        mid.rows, mid.cols, kForegroundReach,
        [&](int y, std::int32_t* o) {
            const auto* I = mid.ptr<cv::Vec3b>(y);
            const float* a = amid.ptr<float>(y);
            for (int x = 0; x < mid.cols; ++x, o += 4) {
                const std::int32_t f = a[x] > kSolidAlpha ? 1 : 0;
                o[0] = f * I[x][0], o[1] = f * I[x][1], o[2] = f * I[x][2], o[3] = f;
            }
        },
        [&](int y, const float* m) {
            cv::Vec3f* nf = s < 1.0 ? near_fg.ptr<cv::Vec3f>(y) : near_row.data();
            uchar* hn = s < 1.0 ? have_near.ptr<uchar>(y) : have_row.data();
            for (int x = 0; x < mid.cols; ++x, m += 4) {
                hn[x] = m[3] > 0.5f * one_pixel;  // at least one solid pixel
                nf[x] = hn[x] ? cv::Vec3f(m[0], m[1], m[2]) * (1.f / m[3]) : cv::Vec3f(0, 0, 0);
            }
            if (s >= 1.0)
                composite_row(bgr.ptr<cv::Vec3b>(y), alpha.ptr<float>(y), old_backdrop.ptr<cv::Vec3f>(y), nf, hn, nb,
                              bgr.cols, out.ptr<cv::Vec3b>(y));
        });
    if (s < 1.0) {
        cv::resize(near_fg, near_fg, bgr.size(), 0, 0, cv::INTER_LINEAR);
        cv::resize(have_near, have_near, bgr.size(), 0, 0, cv::INTER_NEAREST);
        for (int y = 0; y < bgr.rows; ++y)
            composite_row(bgr.ptr<cv::Vec3b>(y), alpha.ptr<float>(y), old_backdrop.ptr<cv::Vec3f>(y),
                          near_fg.ptr<cv::Vec3f>(y), have_near.ptr<uchar>(y), nb, bgr.cols, out.ptr<cv::Vec3b>(y));
    }
    return out;
}

}  // namespace photo
