#include "libphoto/guided_filter.hpp"

#include <opencv2/imgproc.hpp>

namespace photo {

namespace {

template <typename T>
void apply(const cv::Mat& guide, const cv::Mat& mab, cv::Mat& q) {
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

cv::Mat guided_coefficients(const cv::Mat& guide, const cv::Mat& src, int radius, double eps) {
    CV_Assert(guide.channels() == 3 && src.type() == CV_32FC1 && guide.size() == src.size());
    cv::Mat I;
    guide.convertTo(I, CV_32FC3);
    const cv::Size k(2 * radius + 1, 2 * radius + 1);
    auto box = [&](const cv::Mat& m) {
        cv::Mat out;
        cv::boxFilter(m, out, CV_32F, k, cv::Point(-1, -1), true, cv::BORDER_REFLECT);
        return out;
    };
    // Per-pixel products packed so each box filter pass covers several channels at once.
    cv::Mat ip(I.size(), CV_32FC3), ii_a(I.size(), CV_32FC3), ii_b(I.size(), CV_32FC3);
    for (int y = 0; y < I.rows; ++y) {
        const auto* c = I.ptr<cv::Vec3f>(y);
        const float* p = src.ptr<float>(y);
        auto* o = ip.ptr<cv::Vec3f>(y);
        auto* a = ii_a.ptr<cv::Vec3f>(y);
        auto* b = ii_b.ptr<cv::Vec3f>(y);
        for (int x = 0; x < I.cols; ++x) {
            o[x] = c[x] * p[x];
            a[x] = cv::Vec3f(c[x][0] * c[x][0], c[x][0] * c[x][1], c[x][0] * c[x][2]);
            b[x] = cv::Vec3f(c[x][1] * c[x][1], c[x][1] * c[x][2], c[x][2] * c[x][2]);
        }
    }
    const cv::Mat mI = box(I), mp = box(src), mIp = box(ip), mIIa = box(ii_a), mIIb = box(ii_b);
    cv::Mat ab(I.size(), CV_32FC4);  // a (3) and b per pixel
    for (int y = 0; y < I.rows; ++y) {
        const auto* mi = mI.ptr<cv::Vec3f>(y);
        const float* p = mp.ptr<float>(y);
        const auto* mip = mIp.ptr<cv::Vec3f>(y);
        const auto* sa = mIIa.ptr<cv::Vec3f>(y);
        const auto* sb = mIIb.ptr<cv::Vec3f>(y);
        auto* o = ab.ptr<cv::Vec4f>(y);
        for (int x = 0; x < I.cols; ++x) {
            const cv::Vec3d m(mi[x]);
            const double s00 = sa[x][0] - m[0] * m[0] + eps, s01 = sa[x][1] - m[0] * m[1], s02 = sa[x][2] - m[0] * m[2];
            const double s11 = sb[x][0] - m[1] * m[1] + eps, s12 = sb[x][1] - m[1] * m[2], s22 = sb[x][2] - m[2] * m[2] + eps;
            const cv::Vec3d c(mip[x][0] - m[0] * p[x], mip[x][1] - m[1] * p[x], mip[x][2] - m[2] * p[x]);
            // Symmetric 3x3 inverse by cofactors.
            const double c00 = s11 * s22 - s12 * s12, c01 = s02 * s12 - s01 * s22, c02 = s01 * s12 - s02 * s11;
            const double c11 = s00 * s22 - s02 * s02, c12 = s01 * s02 - s00 * s12, c22 = s00 * s11 - s01 * s01;
            const double inv = 1.0 / (s00 * c00 + s01 * c01 + s02 * c02);
            const double a0 = (c00 * c[0] + c01 * c[1] + c02 * c[2]) * inv;
            const double a1 = (c01 * c[0] + c11 * c[1] + c12 * c[2]) * inv;
            const double a2 = (c02 * c[0] + c12 * c[1] + c22 * c[2]) * inv;
            o[x] = cv::Vec4f(float(a0), float(a1), float(a2), float(p[x] - a0 * m[0] - a1 * m[1] - a2 * m[2]));
        }
    }
    return box(ab);
}

cv::Mat apply_coefficients(const cv::Mat& coefficients, const cv::Mat& guide) {
    CV_Assert(guide.channels() == 3 && coefficients.type() == CV_32FC4 && coefficients.size() == guide.size());
    cv::Mat q;
    if (guide.depth() == CV_8U) apply<uchar>(guide, coefficients, q);
    else apply<float>(guide, coefficients, q);
    return q;
}

}  // namespace photo
