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
// BORDER_REFLECT_101, cv::boxFilter's default).
// `source(y, row)` fills row y's N Samples per pixel, once per row of the window (kept in a
// ring of 2r+1 rows until it leaves); `sink(y, means)` takes output row y, N floats per pixel.
// Samples are floats summed in doubles, or integers (products of 8-bit values and 0/1
// weights) summed in int32: the same sums exactly, since doubles hold such integers exactly,
// so the same means, and integer sums are a vector add per pixel instead of N dependent
// double additions. An int32 sum holds 2r+1 squared 8-bit squares for r up to 90.
// Always inlined: a caller compiled for AVX2 (hot_loop.hpp) then gets these loops for AVX2 too.
template <int N, Border B = Border::reflect, typename Sample = float, class Source, class Sink>
__attribute__((always_inline)) inline void box_means(int rows, int cols, int r, Source&& source, Sink&& sink) {
    using Sum = std::conditional_t<std::is_integral_v<Sample>, std::int32_t, double>;
    auto reflect = [](int i, int n) { return B == Border::reflect ? photo::reflect(i, n) : reflect_101(i, n); };
    const int window = 2 * r + 1;
    assert(!std::is_integral_v<Sample> || r <= 90);
    const std::size_t row_size = std::size_t(cols) * N;
    std::vector<Sum> col(row_size, 0);
    std::vector<Sample> ring(row_size * std::size_t(window)), in(row_size);
    std::vector<float> mean(row_size);
    // Window position p (-r <= p < rows + r) lives in slot p mod window: the row entering
    // at p + window takes the place of the one leaving.
    auto slot = [&](int p) { return ring.data() + std::size_t(((p % window) + window) % window) * row_size; };
    for (int p = -r; p <= r; ++p) {
        Sample* s = slot(p);
        source(reflect(p, rows), s);
        for (std::size_t i = 0; i < row_size; ++i) col[i] += s[i];
    }
    // Column indices entering and leaving the horizontal window at each x.
    std::vector<std::size_t> enter(static_cast<std::size_t>(cols)), leave(static_cast<std::size_t>(cols));
    for (int x = 0; x < cols; ++x) {
        enter[std::size_t(x)] = std::size_t(reflect(x + r + 1, cols)) * N;
        leave[std::size_t(x)] = std::size_t(reflect(x - r, cols)) * N;
    }
    const double norm = 1.0 / double(window * window);
    for (int y = 0; y < rows; ++y) {
        Sum win[N] = {};
        for (int x = -r; x <= r; ++x)
            for (int c = 0; c < N; ++c) win[c] += col[std::size_t(reflect(x, cols)) * N + c];
        for (int x = 0; x < cols; ++x) {
            for (int c = 0; c < N; ++c) mean[std::size_t(x) * N + c] = float(double(win[c]) * norm);
            const std::size_t e = enter[std::size_t(x)], l = leave[std::size_t(x)];
            for (int c = 0; c < N; ++c) win[c] += col[e + c] - col[l + c];
        }
        sink(y, mean.data());
        if (y + 1 < rows) {
            Sample* s = slot(y + r + 1);  // holds row y - r, which leaves now
            source(reflect(y + r + 1, rows), in.data());
            for (std::size_t i = 0; i < row_size; ++i) col[i] += in[i];
            for (std::size_t i = 0; i < row_size; ++i) col[i] -= s[i];
            std::copy(in.begin(), in.end(), s);
        }
    }
}

}  // namespace photo
