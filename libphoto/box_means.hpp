#pragma once
// Box means computed one output row at a time from running column sums. Why: the matte's box
// filters over many channels at the edge size (~640 px) each took whole-image temporaries,
// ~50 MB in all, and on a VM whose memory the host backs lazily every fresh page costs
// ~15 us to touch (libphoto/memory.hpp): a cold `idphoto make` spent more time faulting
// pages in than filtering. Here the memory is one row of sums.
#include <cstddef>
#include <vector>

namespace photo {

// OpenCV's BORDER_REFLECT index (fedcba|abcdefgh|hgfedcb), for windows up to the image size.
inline int reflect(int i, int n) {
    while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
    return i;
}

// Box means over (2r+1)^2 windows of N channels, with BORDER_REFLECT as cv::boxFilter has it.
// `source(y, row)` fills row y's N floats per pixel (each row is asked for twice: entering and
// leaving the window); `sink(y, means)` takes output row y, N floats per pixel.
template <int N, class Source, class Sink>
inline void box_means(int rows, int cols, int r, Source&& source, Sink&& sink) {
    std::vector<double> col(std::size_t(cols) * N, 0.0);
    std::vector<float> in(std::size_t(cols) * N), mean(std::size_t(cols) * N);
    auto add_row = [&](int y, double sign) {
        source(reflect(y, rows), in.data());
        for (std::size_t i = 0; i < col.size(); ++i) col[i] += sign * in[i];
    };
    for (int y = -r; y <= r; ++y) add_row(y, 1.0);
    const double norm = 1.0 / double((2 * r + 1) * (2 * r + 1));
    for (int y = 0; y < rows; ++y) {
        double win[N] = {};
        for (int x = -r; x <= r; ++x)
            for (int c = 0; c < N; ++c) win[c] += col[std::size_t(reflect(x, cols)) * N + c];
        for (int x = 0; x < cols; ++x) {
            for (int c = 0; c < N; ++c) mean[std::size_t(x) * N + c] = float(win[c] * norm);
            const std::size_t enter = std::size_t(reflect(x + r + 1, cols)) * N;
            const std::size_t leave = std::size_t(reflect(x - r, cols)) * N;
            for (int c = 0; c < N; ++c) win[c] += col[enter + c] - col[leave + c];
        }
        sink(y, mean.data());
        if (y + 1 < rows) add_row(y + r + 1, 1.0), add_row(y - r, -1.0);
    }
}

}  // namespace photo
