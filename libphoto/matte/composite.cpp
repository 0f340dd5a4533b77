// Compositing onto a new backdrop (matte.hpp): the old backdrop's colour taken out of the
// edges first, so hair does not keep a halo.
#include "libphoto/matte/matte.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "libphoto/core/hot_loop.hpp"
#include "libphoto/matte/box_means.hpp"
#include "libphoto/matte/matte_internal.hpp"
#include "libphoto/io/resample.hpp"

namespace photo {

using namespace matte_internal;

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
