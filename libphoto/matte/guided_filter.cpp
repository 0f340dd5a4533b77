#include "libphoto/matte/guided_filter.hpp"

#include <cstdint>
#include <cstring>
#include <vector>

#include "libphoto/matte/box_means.hpp"
#include "libphoto/core/hot_loop.hpp"

namespace photo {

namespace {

// Mean of the source in a window below which (or above 1 minus which) the window is flat.
constexpr double kFlat = 1e-4;

template <typename T>
__attribute__((always_inline)) inline void apply(const cv::Mat& guide, const cv::Mat& mab, cv::Mat& q) {
    q.create(guide.size(), CV_32F);
    for (int y = 0; y < guide.rows; ++y) {
        const auto* c = guide.ptr<cv::Vec<T, 3>>(y);
        const auto* m = mab.ptr<cv::Vec4f>(y);
        float* o = q.ptr<float>(y);
        for (int x = 0; x < guide.cols; ++x)
            o[x] = m[x][0] * float(c[x][0]) + m[x][1] * float(c[x][1]) + m[x][2] * float(c[x][2]) + m[x][3];
    }
}

}  // namespace

PHOTO_HOT_LOOP cv::Mat guided_coefficients(const cv::Mat& guide, const cv::Mat& src, int radius, double eps) {
    CV_Assert(guide.type() == CV_8UC3 && src.type() == CV_32FC1 && guide.size() == src.size());
    const int rows = guide.rows, cols = guide.cols;
    // Pass 1: means of I (3), p, I p (3) and the upper triangle of I I^T (6) -> a (3), b.
    // `mean` holds them in that order for one row; coefficients() turns a row into a and b.
    cv::Mat ab(rows, cols, CV_32FC4);  // a (3) and b per pixel
    auto coefficients = [&](int y, const float* mean) {
        auto* o = ab.ptr<cv::Vec4f>(y);
        for (int x = 0; x < cols; ++x, mean += 13) {
            const double p = mean[3];
            // A window that is all backdrop or all person (most of them) has nothing to
            // follow: a = 0, b = p, without the 3x3 inverse.
            if (p < kFlat || p > 1 - kFlat) {
                o[x] = cv::Vec4f(0.f, 0.f, 0.f, float(p));
                continue;
            }
            const cv::Vec3d m(mean[0], mean[1], mean[2]);
            const double s00 = mean[7] - m[0] * m[0] + eps, s01 = mean[8] - m[0] * m[1], s02 = mean[9] - m[0] * m[2];
            const double s11 = mean[10] - m[1] * m[1] + eps, s12 = mean[11] - m[1] * m[2], s22 = mean[12] - m[2] * m[2] + eps;
            const cv::Vec3d c(mean[4] - m[0] * p, mean[5] - m[1] * p, mean[6] - m[2] * p);
            // Symmetric 3x3 inverse by cofactors.
            const double c00 = s11 * s22 - s12 * s12, c01 = s02 * s12 - s01 * s22, c02 = s01 * s12 - s02 * s11;
            const double c11 = s00 * s22 - s02 * s02, c12 = s01 * s02 - s00 * s12, c22 = s00 * s11 - s01 * s01;
            const double inv = 1.0 / (s00 * c00 + s01 * c01 + s02 * c02);
            const double a0 = (c00 * c[0] + c01 * c[1] + c02 * c[2]) * inv;
            const double a1 = (c01 * c[0] + c11 * c[1] + c12 * c[2]) * inv;
            const double a2 = (c02 * c[0] + c12 * c[1] + c22 * c[2]) * inv;
            o[x] = cv::Vec4f(float(a0), float(a1), float(a2), float(p - a0 * m[0] - a1 * m[1] - a2 * m[2]));
        }
    };
    // I and I I^T are integers: summed in int32 (the same sums as in doubles, box_means.hpp),
    // beside p and I p in doubles, row for row.
    auto whole = [&](int y, std::int32_t* o) {
        const uchar* g = guide.ptr<uchar>(y);
        for (int x = 0; x < cols; ++x, o += 9, g += 3) {
            const std::int32_t c0 = g[0], c1 = g[1], c2 = g[2];
            o[0] = c0, o[1] = c1, o[2] = c2;
            o[3] = c0 * c0, o[4] = c0 * c1, o[5] = c0 * c2, o[6] = c1 * c1, o[7] = c1 * c2, o[8] = c2 * c2;
        }
    };
    auto weighted = [&](int y, float* o) {
        const float* p = src.ptr<float>(y);
        const uchar* g = guide.ptr<uchar>(y);
        for (int x = 0; x < cols; ++x, o += 4, g += 3)
            o[0] = p[x], o[1] = float(g[0]) * p[x], o[2] = float(g[1]) * p[x], o[3] = float(g[2]) * p[x];
    };
    BoxMeanRows<9, Border::reflect, std::int32_t, decltype(whole)> ints(rows, cols, radius, whole);
    BoxMeanRows<4, Border::reflect, float, decltype(weighted)> floats(rows, cols, radius, weighted);
    std::vector<float> mean(std::size_t(cols) * 13);
    for (int y = 0; y < rows; ++y) {
        const float* mi = ints.next();
        const float* mf = floats.next();
        float* m = mean.data();
        for (int x = 0; x < cols; ++x, m += 13, mi += 9, mf += 4) {
            m[0] = mi[0], m[1] = mi[1], m[2] = mi[2], m[3] = mf[0], m[4] = mf[1], m[5] = mf[2], m[6] = mf[3];
            for (int k = 0; k < 6; ++k) m[7 + k] = mi[3 + k];
        }
        coefficients(y, mean.data());
    }
    // Pass 2: the coefficients averaged over the same windows.
    cv::Mat out(rows, cols, CV_32FC4);
    box_means<4>(
        rows, cols, radius, [&](int y, float* o) { std::memcpy(o, ab.ptr<float>(y), sizeof(float) * 4 * std::size_t(cols)); },
        [&](int y, const float* mean) { std::memcpy(out.ptr<float>(y), mean, sizeof(float) * 4 * std::size_t(cols)); });
    return out;
}

PHOTO_HOT_LOOP cv::Mat apply_coefficients(const cv::Mat& coefficients, const cv::Mat& guide) {
    CV_Assert(guide.channels() == 3 && coefficients.type() == CV_32FC4 && coefficients.size() == guide.size());
    cv::Mat q;
    if (guide.depth() == CV_8U) apply<uchar>(guide, coefficients, q);
    else apply<float>(guide, coefficients, q);
    return q;
}

}  // namespace photo
