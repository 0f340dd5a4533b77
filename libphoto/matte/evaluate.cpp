// Reading a matte (matte.hpp): its alpha and old backdrop over any region of the photo at any
// size, from the guided filter's coefficients and the photo's own colours there, and the share
// of its outline that is a guess.
#include "libphoto/matte/matte.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "libphoto/matte/guided_filter.hpp"
#include "libphoto/matte/matte_internal.hpp"
#include "libphoto/io/resample.hpp"

namespace photo {

using namespace matte_internal;

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

}  // namespace photo
