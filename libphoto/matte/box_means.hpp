#pragma once
// Box means computed one output row at a time from running column sums. Why: the matte's box
// filters over many channels at the edge size (~640 px) each took whole-image temporaries,
// ~50 MB in all, and on a VM whose memory the host backs lazily every fresh page costs
// ~15 us to touch (libphoto/memory.hpp): a cold `idphoto make` spent more time faulting
// pages in than filtering. Here the memory is one row of sums and the 2r+1 source rows of
// the window (~0.6 MB for the guided filter at 640 px).
#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

namespace photo {

// OpenCV's BORDER_REFLECT index (fedcba|abcdefgh|hgfedcb), for windows up to the image size.
inline int reflect(int i, int n) {
    while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
    return i;
}

// OpenCV's BORDER_REFLECT_101 (BORDER_DEFAULT, cv::boxFilter's) index (gfedcb|abcdefgh|gfedcba).
inline int reflect_101(int i, int n) {
    if (n == 1) return 0;
    while (i < 0 || i >= n) i = i < 0 ? -i : 2 * n - i - 2;
    return i;
}

enum class Border { reflect, reflect_101 };

// Box means over (2r+1)^2 windows of N channels, with OpenCV's BORDER_REFLECT (or
// BORDER_REFLECT_101, cv::boxFilter's default), one output row at a time.
// `source(y, row)` fills row y's N Samples per pixel, once per row of the window (kept in a
// ring of 2r+1 rows until it leaves); next() gives the next output row's means, N floats per
// pixel, from row 0 on. Two of them run side by side when a caller needs channels of both
// kinds for the same row (the guided filter).
// Samples are floats summed in doubles, or integers (products of 8-bit values and 0/1
// weights) summed in int32: the same sums exactly, since doubles hold such integers exactly,
// so the same means, and integer sums are a vector add per pixel instead of N dependent
// double additions. An int32 sum holds 2r+1 squared 8-bit squares for r up to 90.
// Always inlined: a caller compiled for AVX2 (hot_loop.hpp) then gets these loops for AVX2 too.
template <int N, Border B, typename Sample, class Source>
class BoxMeanRows {
public:
    __attribute__((always_inline)) BoxMeanRows(int rows, int cols, int r, Source source)
        : source_(std::move(source)), rows_(rows), cols_(cols), r_(r), window_(2 * r + 1),
          row_size_(std::size_t(cols) * N), col_(row_size_, 0), ring_(row_size_ * std::size_t(window_)),
          in_(row_size_), mean_(row_size_), enter_(std::size_t(cols)), leave_(std::size_t(cols)),
          norm_(1.0 / double(window_ * window_)) {
        assert(!std::is_integral_v<Sample> || r <= 90);
        for (int p = -r; p <= r; ++p) {
            Sample* s = slot(p);
            source_(reflect(p, rows), s);
            for (std::size_t i = 0; i < row_size_; ++i) col_[i] += s[i];
        }
        // Column indices entering and leaving the horizontal window at each x.
        for (int x = 0; x < cols; ++x) {
            enter_[std::size_t(x)] = std::size_t(reflect(x + r + 1, cols)) * N;
            leave_[std::size_t(x)] = std::size_t(reflect(x - r, cols)) * N;
        }
    }

    __attribute__((always_inline)) const float* next() {
        if (y_ > 0) {  // the window moves down a row: row y + r enters, row y - r - 1 leaves
            Sample* s = slot(y_ + r_);  // holds the row that leaves
            source_(reflect(y_ + r_, rows_), in_.data());
            for (std::size_t i = 0; i < row_size_; ++i) col_[i] += in_[i];
            for (std::size_t i = 0; i < row_size_; ++i) col_[i] -= s[i];
            std::copy(in_.begin(), in_.end(), s);
        }
        Sum win[N] = {};
        for (int x = -r_; x <= r_; ++x)
            for (int c = 0; c < N; ++c) win[c] += col_[std::size_t(reflect(x, cols_)) * N + c];
        for (int x = 0; x < cols_; ++x) {
            for (int c = 0; c < N; ++c) mean_[std::size_t(x) * N + c] = float(double(win[c]) * norm_);
            const std::size_t e = enter_[std::size_t(x)], l = leave_[std::size_t(x)];
            for (int c = 0; c < N; ++c) win[c] += col_[e + c] - col_[l + c];
        }
        ++y_;
        return mean_.data();
    }

private:
    using Sum = std::conditional_t<std::is_integral_v<Sample>, std::int32_t, double>;
    static int reflect(int i, int n) { return B == Border::reflect ? photo::reflect(i, n) : reflect_101(i, n); }
    // Window position p (-r <= p < rows + r) lives in slot p mod window: the row entering
    // at p + window takes the place of the one leaving.
    Sample* slot(int p) { return ring_.data() + std::size_t(((p % window_) + window_) % window_) * row_size_; }

    Source source_;
    int rows_, cols_, r_, window_;
    std::size_t row_size_;
    std::vector<Sum> col_;
    std::vector<Sample> ring_, in_;
    std::vector<float> mean_;
    std::vector<std::size_t> enter_, leave_;
    double norm_;
    int y_ = 0;
};

// All rows of BoxMeanRows in order: `sink(y, means)` takes output row y.
template <int N, Border B = Border::reflect, typename Sample = float, class Source, class Sink>
__attribute__((always_inline)) inline void box_means(int rows, int cols, int r, Source&& source, Sink&& sink) {
    BoxMeanRows<N, B, Sample, std::decay_t<Source>> means(rows, cols, r, std::forward<Source>(source));
    for (int y = 0; y < rows; ++y) sink(y, means.next());
}

}  // namespace photo
