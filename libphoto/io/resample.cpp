#include "libphoto/io/resample.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "libphoto/core/hot_loop.hpp"

namespace photo {

namespace {
// Rows averaged for the row that is continued below the photo (and blurred sideways by
// kContinuedRowBlurShare): repeating the last row as it is would draw every thread and JPEG
// block as a long streak.
constexpr int kContinueRows = 8;

// The row that continues `part` below the photo: its last rows averaged, blurred sideways.
cv::Mat continued_row(const cv::Mat& part) {
    const int k = std::min(kContinueRows, part.rows);
    cv::Mat last;
    cv::reduce(part.rowRange(part.rows - k, part.rows), last, 0, cv::REDUCE_AVG, CV_32F);
    cv::GaussianBlur(last, last, cv::Size(0, 1), std::max(1.0, kContinuedRowBlurShare * part.cols), 0,
                     cv::BORDER_REPLICATE);
    last.convertTo(last, part.type());
    return last;
}

cv::Mat continue_downwards(const cv::Mat& part, int rows) {
    const cv::Mat last = continued_row(part);
    cv::Mat out(part.rows + rows, part.cols, part.type());
    part.copyTo(out.rowRange(0, part.rows));
    for (int y = part.rows; y < out.rows; ++y) last.copyTo(out.row(y));
    return out;
}

// Where one axis of the output samples the source: output i reads source coordinate
// (i - t) / k between pixels `at[i]` and `at[i] + 1` with weight `w[i]` on the second,
// for i in [begin, end) (elsewhere the 2-pixel neighbourhood leaves the source, and the
// output keeps its fill, as warpAffine's BORDER_TRANSPARENT leaves it).
struct LinearTaps {
    int begin = 0, end = 0;
    std::vector<int> at;
    std::vector<float> w;
};

LinearTaps linear_taps(int out_n, int src_n, double k, double t) {
    LinearTaps l;
    l.at.assign(std::size_t(out_n), 0);
    l.w.assign(std::size_t(out_n), 0.f);
    l.begin = out_n;
    for (int i = 0; i < out_n; ++i) {
        const double f = (i - t) / k;
        const double f0 = std::floor(f);
        if (f0 < 0 || f0 >= src_n - 1) continue;  // k > 0: the valid outputs are one run
        l.at[std::size_t(i)] = int(f0);
        l.w[std::size_t(i)] = float(f - f0);
        l.begin = std::min(l.begin, i);
        l.end = i + 1;
    }
    if (l.end <= l.begin) l.begin = l.end = 0;
    return l;
}

// A source image whose rows below `rows_real` are all `continued` (the photo continued
// downwards), without copying the image to make them.
struct Rows {
    const cv::Mat& real;
    const cv::Mat* continued;  // one row, or null
    int rows;                  // real rows + continued rows
    const uchar* operator()(int y) const { return y < real.rows ? real.ptr(y) : continued->ptr(0); }
};

// out(x, y) = src((x - tx) / kx, (y - ty) / ky), bilinear: the axis-aligned case of
// warpAffine(INTER_LINEAR, BORDER_TRANSPARENT), as two passes (two source rows blended
// into one, then each output pixel from two neighbours of that row) in float, without
// warpAffine's 1/32-pixel coordinate grid; 3-4x faster on the float maps. Returns the
// output rectangle it wrote; the rest is left for the fill.
template <typename T, int CN>
__attribute__((always_inline)) inline cv::Rect bilinear_scale(const Rows& src, cv::Mat& out, double kx, double tx,
                                                              double ky, double ty) {
    const LinearTaps h = linear_taps(out.cols, src.real.cols, kx, tx), v = linear_taps(out.rows, src.rows, ky, ty);
    if (h.begin == h.end || v.begin == v.end) return {};
    const int c0 = h.at[std::size_t(h.begin)], c1 = h.at[std::size_t(h.end - 1)] + 2;  // source columns read
    std::vector<float> row(std::size_t(c1 - c0) * CN);
    for (int y = v.begin; y < v.end; ++y) {
        const float wy = v.w[std::size_t(y)];
        const T* a = reinterpret_cast<const T*>(src(v.at[std::size_t(y)])) + std::size_t(c0) * CN;
        const T* b = reinterpret_cast<const T*>(src(v.at[std::size_t(y)] + 1)) + std::size_t(c0) * CN;
        for (std::size_t i = 0; i < row.size(); ++i) row[i] = float(a[i]) + wy * (float(b[i]) - float(a[i]));
        T* o = out.ptr<T>(y);
        for (int x = h.begin; x < h.end; ++x) {
            const float wx = h.w[std::size_t(x)];
            const float* p = row.data() + std::size_t(h.at[std::size_t(x)] - c0) * CN;
            for (int c = 0; c < CN; ++c) o[std::size_t(x) * CN + c] = cv::saturate_cast<T>(p[c] + wx * (p[CN + c] - p[c]));
        }
    }
    return {h.begin, v.begin, h.end - h.begin, v.end - v.begin};
}

// The same for the common types; nullopt for the rest (warpAffine's job).
PHOTO_HOT_LOOP std::optional<cv::Rect> scale_into(const Rows& src, cv::Mat& out, double kx, double tx, double ky,
                                                  double ty) {
    switch (src.real.type()) {
        case CV_8UC3: return bilinear_scale<uchar, 3>(src, out, kx, tx, ky, ty);
        case CV_8UC1: return bilinear_scale<uchar, 1>(src, out, kx, tx, ky, ty);
        case CV_32FC1: return bilinear_scale<float, 1>(src, out, kx, tx, ky, ty);
        case CV_32FC3: return bilinear_scale<float, 3>(src, out, kx, tx, ky, ty);
        case CV_32FC4: return bilinear_scale<float, 4>(src, out, kx, tx, ky, ty);
        default: return std::nullopt;
    }
}

// Sets everything of `out` outside `written` to `fill`.
void fill_around(cv::Mat& out, const cv::Rect& written, const cv::Scalar& fill) {
    if (written.empty()) {
        out.setTo(fill);
        return;
    }
    out.rowRange(0, written.y).setTo(fill);
    out.rowRange(written.y + written.height, out.rows).setTo(fill);
    const cv::Mat band = out.rowRange(written.y, written.y + written.height);
    band.colRange(0, written.x).setTo(fill);
    band.colRange(written.x + written.width, out.cols).setTo(fill);
}
}  // namespace

cv::Mat resample_crop(const cv::Mat& src, const cv::Rect2d& crop, cv::Size out_size, const cv::Scalar& fill) {
    const double sx = out_size.width / crop.width, sy = out_size.height / crop.height;
    cv::Mat out(out_size, src.type());
    // The part of the source the crop covers; below the bottom edge the last rows continue
    // (clothing extended downwards), above and beside the photo is `fill`.
    const int x0 = std::max(0, int(std::floor(crop.x)));
    const int y0 = std::max(0, int(std::floor(crop.y)));
    const int x1 = std::min(src.cols, int(std::ceil(crop.x + crop.width)) + 1);
    const int y1 = std::min(src.rows, int(std::ceil(crop.y + crop.height)) + 1);
    if (x1 - x0 < 1 || y1 - y0 < 1) {
        out.setTo(fill);
        return out;
    }
    cv::Mat part = src(cv::Rect(x0, y0, x1 - x0, y1 - y0));
    const int below = std::max(0, int(std::ceil(crop.y + crop.height)) + 1 - src.rows);
    const int part_w = part.cols, part_h = part.rows + below;

    // A strong reduction is done first by an area resize (bilinear sampling has no INTER_AREA) to
    // twice the output density; the bilinear step does the rest and the sub-pixel placement.
    // Otherwise the continued rows are read in place, not copied below the part.
    cv::Mat continued;
    if (sx < 0.5) {
        if (below > 0) part = continue_downwards(part, below);
        const double pre = sx * 2;
        cv::Mat reduced;
        resize_area(part, reduced, cv::Size(), pre, pre);
        part = reduced;
    } else if (below > 0) {
        continued = continued_row(part);
    }
    const Rows rows{part, continued.empty() ? nullptr : &continued, part.rows + (continued.empty() ? 0 : below)};
    const double px = part.cols / double(part_w), py = rows.rows / double(part_h);
    // output = (source - crop origin) * s, source = (x0, y0) + part pixel / p
    const double kx = sx / px, tx = (x0 - crop.x) * sx, ky = sy / py, ty = (y0 - crop.y) * sy;
    if (const std::optional<cv::Rect> written = scale_into(rows, out, kx, tx, ky, ty)) {
        fill_around(out, *written, fill);
        return out;
    }
    // Other types: warpAffine over the materialised part.
    if (!continued.empty()) part = continue_downwards(part, below);
    out.setTo(fill);
    const cv::Mat m = (cv::Mat_<double>(2, 3) << kx, 0, tx, 0, ky, ty);
    cv::warpAffine(part, out, m, out.size(), cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
    return out;
}


namespace {
// Area weights along one axis, as OpenCV's computeResizeAreaTab: each output cell of width
// `scale` (source pixels) takes the source pixels it overlaps, weighted by the overlap over
// the cell's width (cut at the image's end). Stored as `taps` weights per output pixel from
// `first`, unused taps zero, so the loops have a fixed length.
struct AreaTaps {
    int taps = 0;
    std::vector<int> first;
    std::vector<float> weight;  // taps per output pixel
};

AreaTaps area_taps(int src_n, int dst_n, double scale) {
    AreaTaps t;
    t.taps = int(std::ceil(scale)) + 1;
    t.first.assign(std::size_t(dst_n), 0);
    t.weight.assign(std::size_t(dst_n) * std::size_t(t.taps), 0.f);
    for (int d = 0; d < dst_n; ++d) {
        const double f1 = d * scale, f2 = f1 + scale;
        const double cell = std::min(scale, src_n - f1);
        int s1 = int(std::ceil(f1)), s2 = int(std::floor(f2));
        s2 = std::min(s2, src_n - 1);
        s1 = std::min(s1, s2);
        std::vector<std::pair<int, float>> w;
        if (s1 - f1 > 1e-3) w.emplace_back(s1 - 1, float((s1 - f1) / cell));
        for (int s = s1; s < s2; ++s) w.emplace_back(s, float(1.0 / cell));
        if (f2 - s2 > 1e-3) w.emplace_back(s2, float(std::min(std::min(f2 - s2, 1.0), cell) / cell));
        CV_Assert(!w.empty() && int(w.size()) <= t.taps);
        t.first[std::size_t(d)] = w.front().first;
        for (const auto& [s, a] : w) t.weight[std::size_t(d) * t.taps + std::size_t(s - w.front().first)] = a;
        // Taps past the image's end keep weight 0 but must index inside it.
        t.first[std::size_t(d)] = std::min(t.first[std::size_t(d)], std::max(0, src_n - t.taps));
        if (t.first[std::size_t(d)] != w.front().first) {
            const int shift = w.front().first - t.first[std::size_t(d)];
            float* row = &t.weight[std::size_t(d) * t.taps];
            for (int k = t.taps - 1; k >= 0; --k) row[k] = k - shift >= 0 ? row[k - shift] : 0.f;
        }
    }
    return t;
}

// One output row from the vertically reduced row: `taps` weighted source pixels per output
// pixel. The usual tap counts (a reduction by 1.1-4x) are compiled with the count fixed
// (TAPS; 0 = h.taps at run time), so the loops unroll: ~3x fewer instructions.
template <typename T, int CN, int TAPS>
__attribute__((always_inline)) inline void horizontal_taps(const float* column, const AreaTaps& h, T* o, int dw) {
    const int taps = TAPS ? TAPS : h.taps;
    for (int x = 0; x < dw; ++x) {
        const float* w = &h.weight[std::size_t(x) * std::size_t(taps)];
        const float* p = column + std::size_t(h.first[std::size_t(x)]) * CN;
        float sum[CN] = {};
        for (int k = 0; k < taps; ++k)
            for (int c = 0; c < CN; ++c) sum[c] += w[k] * p[k * CN + c];
        for (int c = 0; c < CN; ++c) o[std::size_t(x) * CN + c] = cv::saturate_cast<T>(sum[c]);
    }
}

template <typename T, int CN>
__attribute__((always_inline)) inline void horizontal(const float* column, const AreaTaps& h, T* o, int dw) {
    switch (h.taps) {
        case 3: return horizontal_taps<T, CN, 3>(column, h, o, dw);
        case 4: return horizontal_taps<T, CN, 4>(column, h, o, dw);
        case 5: return horizontal_taps<T, CN, 5>(column, h, o, dw);
        default: return horizontal_taps<T, CN, 0>(column, h, o, dw);
    }
}

// Vertical first: each output row is a weighted sum of whole source rows (contiguous, so
// it vectorises), then one horizontal pass over that single row.
template <typename T, int CN>
__attribute__((always_inline)) inline void area_reduce(const cv::Mat& src, cv::Mat& dst, const AreaTaps& h, const AreaTaps& v) {
    const int dw = dst.cols;
    const std::size_t src_len = std::size_t(src.cols) * CN;
    std::vector<float> column(src_len);
    for (int y = 0; y < dst.rows; ++y) {
        std::fill(column.begin(), column.end(), 0.f);
        const float* wv = &v.weight[std::size_t(y) * v.taps];
        for (int k = 0; k < v.taps; ++k) {
            const float w = wv[k];
            if (w == 0.f) continue;
            const T* s = src.ptr<T>(v.first[std::size_t(y)] + k);
            float* c = column.data();
            for (std::size_t i = 0; i < src_len; ++i) c[i] += w * float(s[i]);
        }
        horizontal<T, CN>(column.data(), h, dst.ptr<T>(y), dw);
    }
}
}  // namespace

PHOTO_HOT_LOOP void resize_area(const cv::Mat& src, cv::Mat& dst, const cv::Size asked, double fx, double fy) {
    // The sizes and scales exactly as cv::resize derives them.
    cv::Size dsize = asked;
    double inv_x = fx, inv_y = fy;
    if (dsize.empty()) {
        dsize = cv::Size(cv::saturate_cast<int>(src.cols * fx), cv::saturate_cast<int>(src.rows * fy));
    } else {
        inv_x = double(dsize.width) / src.cols;
        inv_y = double(dsize.height) / src.rows;
    }
    const double scale_x = 1.0 / inv_x, scale_y = 1.0 / inv_y;
    const bool integer = std::abs(scale_x - std::round(scale_x)) < DBL_EPSILON && std::abs(scale_y - std::round(scale_y)) < DBL_EPSILON;
    const int depth = src.depth(), cn = src.channels();
    if (scale_x < 1 || scale_y < 1 || integer || dsize.empty() || (depth != CV_8U && depth != CV_32F) || cn > 4 ||
        &src == &dst || src.cols <= int(std::ceil(scale_x)) + 1 || src.rows <= int(std::ceil(scale_y)) + 1) {
        cv::resize(src, dst, asked, fx, fy, cv::INTER_AREA);
        return;
    }
    const AreaTaps h = area_taps(src.cols, dsize.width, scale_x), v = area_taps(src.rows, dsize.height, scale_y);
    dst.create(dsize, src.type());
    switch (depth * 8 + cn) {
        case CV_8U * 8 + 1: area_reduce<uchar, 1>(src, dst, h, v); break;
        case CV_8U * 8 + 2: area_reduce<uchar, 2>(src, dst, h, v); break;
        case CV_8U * 8 + 3: area_reduce<uchar, 3>(src, dst, h, v); break;
        case CV_8U * 8 + 4: area_reduce<uchar, 4>(src, dst, h, v); break;
        case CV_32F * 8 + 1: area_reduce<float, 1>(src, dst, h, v); break;
        case CV_32F * 8 + 2: area_reduce<float, 2>(src, dst, h, v); break;
        case CV_32F * 8 + 3: area_reduce<float, 3>(src, dst, h, v); break;
        default: area_reduce<float, 4>(src, dst, h, v); break;
    }
}

void resize_scaled(const cv::Mat& src, cv::Mat& dst, double scale) {
    if (scale < 1) resize_area(src, dst, cv::Size(), scale, scale);
    else cv::resize(src, dst, cv::Size(), scale, scale, cv::INTER_LINEAR);
}

}  // namespace photo
