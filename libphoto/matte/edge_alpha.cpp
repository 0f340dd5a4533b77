// The soft edge's alpha (edge_alpha.hpp): the compositing equation I = a F + (1 - a) B solved
// for a in a band around the outline, with B the nearest sure backdrop's colour and F the
// nearby solid foreground's.
#include "libphoto/matte/edge_alpha.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "libphoto/core/hot_loop.hpp"
#include "libphoto/matte/backdrop_model.hpp"
#include "libphoto/matte/box_means.hpp"
#include "libphoto/matte/matte.hpp"

namespace photo::matte_internal {
namespace {

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

}  // namespace

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


}  // namespace photo::matte_internal
