// Matte segmentation (compute_matte): a hard person/backdrop segmentation at a small working
// size (where the decisions are made), then soft edges at a medium size with a guided filter.
// The backdrop model (backdrop_model.hpp) drives the segmentation and, later, the
// decontamination of edge colours (composite.cpp). evaluate.cpp reads the matte at any size.
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
#include "libphoto/matte/backdrop_cues.hpp"
#include "libphoto/matte/edge_alpha.hpp"
#include "libphoto/matte/matte_internal.hpp"
#include "libphoto/core/hot_loop.hpp"
#include "libphoto/io/resample.hpp"

namespace photo {

using namespace matte_internal;
namespace {

// Long side of the segmentation image: enough for a shoulder or an arm to stay several
// pixels wide, small enough that every pass over it takes well under a millisecond.
constexpr int kSegLongSide = 320;
// Guided filter radius (pixels at kEdgeLongSide): spans a wisp's transition plus the
// misplacement of an edge upsampled from kSegLongSide. Regularisation in squared 8-bit
// units: colour variation below ~10 levels is noise, not an edge.
constexpr int kGuideRadius = 8;
constexpr double kGuideEps = 100.0;
// Border strips whose statistics teach the first pass what this backdrop's noise and
// shading look like (fraction of the shorter side).
constexpr double kStatsBand = 0.06;
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

// Area reduction to `long_side` (a copy when the image is no larger).

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

// The photo at the two working sizes: the edge image, where the soft edge is shaped, and the
// segmentation image, where person and backdrop are told apart.
struct WorkingImages {
    cv::Mat mid;    // CV_8UC3, long side kEdgeLongSide
    cv::Mat small;  // CV_32FC3, long side kSegLongSide
    cv::Mat seed;   // CV_8U at small's size: the face and the body below it, known to be person
    Texture texture;
};

WorkingImages working_images(const cv::Mat& bgr, const std::optional<Face>& face) {
    WorkingImages w;
    // The segmentation image from the edge image, not from the photo: kEdgeLongSide is twice
    // kSegLongSide, so that second reduction is OpenCV's fast 2x2 average (a reduction by a
    // fraction from a 1/4-scale decode costs ~4 ms each).
    w.mid = reduce_long_side(bgr, kEdgeLongSide);
    reduce_long_side(w.mid, kSegLongSide).convertTo(w.small, CV_32F);
    const double seg_scale = double(w.small.cols) / bgr.cols;
    w.seed = cv::Mat::zeros(w.small.size(), CV_8U);
    if (face) draw_face_seed(w.seed, *face, seg_scale);
    w.texture = local_texture(w.mid, w.small.size());
    return w;
}

// The backdrop model and the pixels measured against it, after kRefits refits on the
// backdrop each pass found.
struct BackdropFit {
    BackdropModel model;
    cv::Mat bd;             // the model rendered at the segmentation size
    cv::Mat shade, chroma;  // each pixel against the model
    cv::Mat strict;         // the model's colour and shading, and plain
    cv::Mat like;           // backdrop-like: strict, or a shadow or fold of it
    cv::Mat backdrop_mask;  // backdrop-like and joined to the border
    Tolerance tol{};        // the last pass's, for see_through()
};

BackdropFit fit_backdrop(const WorkingImages& w) {
    const cv::Mat& small = w.small;
    const cv::Mat& texture = w.texture.least;
    const cv::Mat& texture_plain = w.texture.plain;
    BackdropFit f;
    f.model = fit_backdrop_on_border(small);
    cv::Mat stats_mask = border_band(small.size(), kStatsBand);
    cv::Mat top_and_sides = stats_mask.clone();
    top_and_sides.rowRange(small.rows - std::min(small.rows, band_width(small.size(), kStatsBand)), small.rows) = 0;
    const double top_and_sides_px = cv::countNonZero(top_and_sides);
    cv::Mat backdrop_like;
    for (int pass = 0; pass <= kRefits; ++pass) {
        if (pass > 0) f.model = refit_backdrop(small, stats_mask, f.model, kRefitTerms);
        f.bd = f.model.render(small.size());
        compare_to_backdrop(small, f.bd, f.shade, f.chroma);
        f.tol = learn_tolerance(f.shade, f.chroma, texture, texture_plain, stats_mask);
        f.strict = (backdrop_distance(small, f.bd, f.tol.shade_low, f.tol.shade_high) < f.tol.chroma) & (texture < f.tol.texture);
        // Darker or lighter than the model but of its colour: a shadow or a fold where the
        // shading is smooth, or a wide slope that is not texture once the slope is removed.
        // On a coloured backdrop its colour is enough, however sharp the shading: a cloth's
        // wrinkle ridges are its blue, darker or lighter (on a white or grey wall, grey hair
        // and garments have the wall's colour too, and only the smoothness tells them apart).
        const ShadeSlope slope = shade_slope(f.shade);
        const cv::Mat ramp = penumbra(slope) & (w.texture.detrended < f.tol.texture_plain);
        const cv::Mat shaded = backdrop_distance(small, f.bd, kShadowLow, kShadeHigh) < f.tol.chroma;
        const cv::Mat shadow = is_coloured(f.bd) ? shaded : shaded & (smooth(slope) | ramp);
        f.like = (f.strict | shadow) & ((texture < f.tol.texture) | ramp) & ~w.seed;
        backdrop_like = (f.strict | shadow) & ((texture_plain < f.tol.texture_plain) | ramp) & ~w.seed;
        f.backdrop_mask = backdrop_from_border(backdrop_like, false);
        if (cv::countNonZero(top_and_sides & f.backdrop_mask) < kPlainBorderShare * top_and_sides_px)
            f.backdrop_mask = backdrop_from_border(backdrop_like, true);  // no plain backdrop: every edge alike
        stats_mask = f.backdrop_mask & f.strict;
    }
    return f;
}

// Thin backdrop-like regions hanging off the border backdrop (between hair strands, along an
// edge) are backdrop; broad ones (a smooth light garment) are the person.
void add_thin_backdrop(BackdropFit& f) {
    cv::Mat cand = f.like & ~f.backdrop_mask, labels, dist;
    const int n = cv::connectedComponents(cand, labels, 4, CV_32S);
    cv::distanceTransform(cand, dist, cv::DIST_L2, 3);
    cv::Mat near_bd;
    cv::dilate(f.backdrop_mask, near_bd, cv::Mat());
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
            if (f.strict.at<uchar>(y, x)) ++scnt[l[x]];
            maxd[l[x]] = std::max(maxd[l[x]], d[x]);
        }
    }
    for (int y = 0; y < labels.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        uchar* b = f.backdrop_mask.ptr<uchar>(y);
        for (int x = 0; x < labels.cols; ++x)
            if (l[x] && touch[l[x]] && maxd[l[x]] <= kThinRadius && cnt[l[x]] <= kThinArea * double(labels.total()) && scnt[l[x]] >= kThinStrict * cnt[l[x]]) b[x] = 255;
    }
}

// Backdrop seen through an enclosed gap (between an arm and the body, under a raised hand):
// backdrop-like regions cut off from the border that mostly match the model strictly (its
// colour and brightness, not only a shadow of it) over more than a speck. They join the
// backdrop; the gaps are returned, so that hole filling leaves them open.
cv::Mat add_enclosed_gaps(const WorkingImages& w, BackdropFit& f) {
    const cv::Mat& small = w.small;
    cv::Mat gaps = cv::Mat::zeros(small.size(), CV_8U);
    // Seen through a gap, the backdrop is as bright as the model says (no shadow, no
    // highlight): a white shirt on a white wall is lit differently from the wall.
    const cv::Mat exact = f.strict & (f.shade > 1.f - kGapShade) & (f.shade < 1.f + kGapShade);
    cv::Mat enclosed = f.like & ~f.backdrop_mask, labels, stats, cent;
    const int n = cv::connectedComponentsWithStats(enclosed, labels, stats, cent, 4, CV_32S);
    std::vector<int> strict_count(n, 0);
    for (int y = 0; y < labels.rows; ++y) {
        const int* l = labels.ptr<int>(y);
        for (int x = 0; x < labels.cols; ++x)
            if (l[x] && exact.at<uchar>(y, x)) ++strict_count[l[x]];
    }
    // A compact blob (a disc of kGapRadius fits in it) is a gap even where shaded (the
    // arm's shadow, a fold): hair that resembles the backdrop is thin.
    const bool coloured = is_coloured(f.bd);  // only then does matching its colour say much
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
        const auto* B = f.bd.ptr<cv::Vec3f>(y);
        const float* sh = f.shade.ptr<float>(y);
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
        uchar* b = f.backdrop_mask.ptr<uchar>(y);
        uchar* g = gaps.ptr<uchar>(y);
        for (int x = 0; x < labels.cols; ++x)
            if (gap[l[x]]) b[x] = g[x] = 255;
    }
    return gaps;
}

// Person = everything but the backdrop, without specks, with small enclosed backdrop-like
// holes filled (not the gaps).
cv::Mat person_mask(const cv::Mat& backdrop_mask, const cv::Mat& gaps) {
    cv::Mat person = ~backdrop_mask;
    const double area = double(person.total());
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
    return person;
}

// Soft edges: guided filter of the hard mask at the edge size, guided by the image. Only its
// coefficients are kept; the alpha is computed where it is needed (matte_alpha).
Matte soft_edges(cv::Size image_size, const WorkingImages& w, const cv::Mat& person, const BackdropFit& f) {
    cv::Mat hard;
    cv::resize(person, hard, w.mid.size(), 0, 0, cv::INTER_LINEAR);
    hard = hard > 127;
    Matte m;
    m.image_size = image_size;
    m.backdrop_low = f.model.render(w.mid.size());
    const cv::Mat see = is_coloured(f.bd) ? see_through(w.mid, m.backdrop_low, hard, f.tol) : cv::Mat();
    m.coefficients = guided_coefficients(w.mid, edge_alpha(w.mid, m.backdrop_low, hard, see, m.band_low), kGuideRadius, kGuideEps);
    m.alpha_low = apply_coefficients(m.coefficients, w.mid);
    snap(m.alpha_low);
    return m;
}

}  // namespace

// The steps, each named above: working images, the backdrop fit, thin backdrop and enclosed
// gaps added to it, the person mask, its soft edges.
Matte compute_matte(const cv::Mat& bgr, const std::optional<Face>& face) {
    CV_Assert(bgr.type() == CV_8UC3 && !bgr.empty());
    const WorkingImages w = working_images(bgr, face);
    BackdropFit fit = fit_backdrop(w);
    add_thin_backdrop(fit);
    const cv::Mat gaps = add_enclosed_gaps(w, fit);
    return soft_edges(bgr.size(), w, person_mask(fit.backdrop_mask, gaps), fit);
}

}  // namespace photo
