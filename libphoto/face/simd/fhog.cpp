// Compiled for AVX2 + FMA with -ffp-contract=off, into the module only (hog_avx2.cpp). Each
// step names the lines of dlib's impl_extract_fhog_features (dlib/image_transforms/fhog.h)
// whose arithmetic it repeats.
#include "libphoto/face/simd/fhog.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <dlib/image_transforms/fhog.h>

namespace idphoto_hog {

namespace {

constexpr int kBins = 18;  // signed orientations: 9 directions and their opposites

// dlib's unit vectors of the 9 directions.
constexpr float kDirX[9] = {1.0000f, 0.9397f, 0.7660f, 0.500f, 0.1736f, -0.1736f, -0.5000f, -0.7660f, -0.9397f};
constexpr float kDirY[9] = {0.0000f, 0.3420f, 0.6428f, 0.8660f, 0.9848f, 0.9848f, 0.8660f, 0.6428f, 0.3420f};

// The orientation histograms of the cells, with a cell of padding all round.
class Histograms {
public:
    Histograms(int rows, int cols) : cols_(cols + 2), bins_(std::size_t(rows + 2) * std::size_t(cols + 2) * kBins, 0.f) {}
    float* at(int r, int c) { return &bins_[(std::size_t(r) * std::size_t(cols_) + std::size_t(c)) * kBins]; }

private:
    int cols_;
    std::vector<float> bins_;
};

inline __m256i load8(const unsigned char* p) {
    return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
}

// Eight pixels of row y from column x (dlib's vector columns): gradient from the four
// neighbours, orientation, and the four bilinear votes of each pixel, lane by lane.
inline void vote8(const unsigned char* up, const unsigned char* row, const unsigned char* down, int x, int cell_size,
                  float vy0, float vy1, float* hist_r0, float* hist_r1) {
    const __m256 gx = _mm256_cvtepi32_ps(_mm256_sub_epi32(load8(row + x + 1), load8(row + x - 1)));
    const __m256 gy = _mm256_cvtepi32_ps(_mm256_sub_epi32(load8(down + x), load8(up + x)));
    const __m256 v = _mm256_sqrt_ps(_mm256_add_ps(_mm256_mul_ps(gx, gx), _mm256_mul_ps(gy, gy)));

    const __m256 xx = _mm256_cvtepi32_ps(_mm256_add_epi32(_mm256_set1_epi32(x), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)));
    const __m256 xp = _mm256_add_ps(_mm256_div_ps(_mm256_add_ps(xx, _mm256_set1_ps(0.5f)), _mm256_set1_ps(float(cell_size))),
                                    _mm256_set1_ps(0.5f));
    const __m256i ixp = _mm256_cvttps_epi32(xp);
    const __m256 vx0 = _mm256_sub_ps(xp, _mm256_cvtepi32_ps(ixp));
    const __m256 vx1 = _mm256_sub_ps(_mm256_set1_ps(1.f), vx0);

    // dlib keeps the first direction whose dot product, or its negation, beats the best so
    // far: the first largest |dot|, taken as o when the dot is positive and o + 9 when not.
    const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    __m256 best = _mm256_setzero_ps(), best_o = _mm256_setzero_ps();
    for (int o = 0; o < 9; ++o) {
        const __m256 dot = _mm256_add_ps(_mm256_mul_ps(gx, _mm256_set1_ps(kDirX[o])), _mm256_mul_ps(gy, _mm256_set1_ps(kDirY[o])));
        const __m256 mag = _mm256_and_ps(dot, abs_mask);
        const __m256 beats = _mm256_cmp_ps(mag, best, _CMP_GT_OQ);
        best = _mm256_max_ps(mag, best);
        // The sign bit of the dot picks o + 9 (negative) or o.
        const __m256 index = _mm256_blendv_ps(_mm256_set1_ps(float(o)), _mm256_set1_ps(float(o + 9)), dot);
        best_o = _mm256_blendv_ps(best_o, index, beats);
    }

    const __m256 wx1 = _mm256_mul_ps(vx1, v), wx0 = _mm256_mul_ps(vx0, v);
    alignas(32) float v11[8], v01[8], v10[8], v00[8];
    alignas(32) std::int32_t bin[8], col[8];
    _mm256_store_ps(v11, _mm256_mul_ps(_mm256_set1_ps(vy1), wx1));
    _mm256_store_ps(v01, _mm256_mul_ps(_mm256_set1_ps(vy0), wx1));
    _mm256_store_ps(v10, _mm256_mul_ps(_mm256_set1_ps(vy1), wx0));
    _mm256_store_ps(v00, _mm256_mul_ps(_mm256_set1_ps(vy0), wx0));
    _mm256_store_si256(reinterpret_cast<__m256i*>(bin), _mm256_cvttps_epi32(best_o));
    _mm256_store_si256(reinterpret_cast<__m256i*>(col), ixp);
    for (int k = 0; k < 8; ++k) {  // in pixel order, as dlib adds them
        const std::size_t c = std::size_t(col[k]) * kBins + std::size_t(bin[k]);
        hist_r0[c] += v11[k];
        hist_r1[c] += v01[k];
        hist_r0[c + kBins] += v10[k];
        hist_r1[c + kBins] += v00[k];
    }
}

// One pixel as dlib's scalar columns do it (other rounding of the vote weights).
inline void vote1(const unsigned char* up, const unsigned char* row, const unsigned char* down, int x, int cell_size,
                  float vy0, float vy1, float* hist_r0, float* hist_r1) {
    const float gx = float(int(row[x + 1]) - int(row[x - 1]));
    const float gy = float(int(down[x]) - int(up[x]));
    float v = gx * gx + gy * gy;
    float best_dot = 0;
    int best_o = 0;
    for (int o = 0; o < 9; o++) {
        const float dot = kDirX[o] * gx + kDirY[o] * gy;
        if (dot > best_dot) {
            best_dot = dot;
            best_o = o;
        } else if (-dot > best_dot) {
            best_dot = -dot;
            best_o = o + 9;
        }
    }
    v = std::sqrt(v);
    const float xp = float((double(x) + 0.5) / double(cell_size) - 0.5);
    const int ixp = int(std::floor(xp));
    const float vx0 = xp - float(ixp);
    const float vx1 = float(1.0 - vx0);
    const std::size_t c = std::size_t(ixp + 1) * kBins + std::size_t(best_o);
    hist_r0[c] += vy1 * vx1 * v;
    hist_r1[c] += vy0 * vx1 * v;
    hist_r0[c + kBins] += vy1 * vx0 * v;
    hist_r1[c + kBins] += vy0 * vx0 * v;
}

}  // namespace

void extract_fhog(const unsigned char* pixels, long rows, long cols, std::size_t stride,
                  dlib::array<dlib::array2d<float>>& hog, int cell_size, int filter_rows_padding,
                  int filter_cols_padding) {
    using dlib::simd4f;
    const int cells_nr = int(float(rows) / float(cell_size) + 0.5f);
    const int cells_nc = int(float(cols) / float(cell_size) + 0.5f);
    if (cells_nr == 0 || cells_nc == 0) {
        hog.clear();
        return;
    }
    Histograms hist(cells_nr, cells_nc);
    std::vector<float> norm(std::size_t(cells_nr) * std::size_t(cells_nc), 0.f);
    const int hog_nr = std::max(cells_nr - 2, 0), hog_nc = std::max(cells_nc - 2, 0);
    if (hog_nr == 0 || hog_nc == 0) {
        hog.clear();
        return;
    }
    const int padding_rows_offset = (filter_rows_padding - 1) / 2;
    const int padding_cols_offset = (filter_cols_padding - 1) / 2;
    dlib::impl_fhog::init_hog(hog, hog_nr, hog_nc, filter_rows_padding, filter_cols_padding);

    // The gradient histograms.
    const int visible_nr = int(std::min(long(cells_nr) * cell_size, rows)) - 1;
    const int visible_nc = int(std::min(long(cells_nc) * cell_size, cols)) - 1;
    for (int y = 1; y < visible_nr; y++) {
        const float yp = float((double(float(y)) + 0.5) / double(float(cell_size)) - 0.5);
        const int iyp = int(std::floor(yp));
        const float vy0 = yp - float(iyp);
        const float vy1 = float(1.0 - vy0);
        const unsigned char* up = pixels + std::size_t(y - 1) * stride;
        const unsigned char* row = up + stride;
        const unsigned char* down = row + stride;
        float* h0 = hist.at(iyp + 1, 0);
        float* h1 = hist.at(iyp + 2, 0);
        int x = 1;
        for (; x < visible_nc - 7; x += 8) vote8(up, row, down, x, cell_size, vy0, vy1, h0, h1);
        for (; x < visible_nc; x++) vote1(up, row, down, x, cell_size, vy0, vy1, h0, h1);
    }

    // The energy of each cell, summed over orientations.
    for (int r = 0; r < cells_nr; ++r)
        for (int c = 0; c < cells_nc; ++c) {
            const float* h = hist.at(r + 1, c + 1);
            float& n = norm[std::size_t(r) * std::size_t(cells_nc) + std::size_t(c)];
            for (int o = 0; o < 9; o++) n += (h[o] + h[o + 9]) * (h[o] + h[o + 9]);
        }

    // The features: dlib's code with its own vector type, on these arrays.
    auto nm = [&](int r, int c) { return norm[std::size_t(r) * std::size_t(cells_nc) + std::size_t(c)]; };
    const float eps = 0.0001f;
    for (int y = 0; y < hog_nr; y++) {
        const int yy = y + padding_rows_offset;
        for (int x = 0; x < hog_nc; x++) {
            const simd4f z1(nm(y + 1, x + 1), nm(y, x + 1), nm(y + 1, x), nm(y, x));
            const simd4f z2(nm(y + 1, x + 2), nm(y, x + 2), nm(y + 1, x + 1), nm(y, x + 1));
            const simd4f z3(nm(y + 2, x + 1), nm(y + 1, x + 1), nm(y + 2, x), nm(y + 1, x));
            const simd4f z4(nm(y + 2, x + 2), nm(y + 1, x + 2), nm(y + 2, x + 1), nm(y + 1, x + 1));
            const simd4f nn = simd4f(0.2f) * dlib::sqrt(z1 + z2 + z3 + z4 + eps);
            const simd4f n = simd4f(0.1f) / nn;
            simd4f t = 0;
            const int xx = x + padding_cols_offset;
            const float* h = hist.at(y + 2, x + 2);
            // contrast-sensitive features
            for (int o = 0; o < 18; o += 3) {
                const simd4f h0 = dlib::min(simd4f(h[o]), nn) * n;
                const simd4f h1 = dlib::min(simd4f(h[o + 1]), nn) * n;
                const simd4f h2 = dlib::min(simd4f(h[o + 2]), nn) * n;
                hog[o][yy][xx] = dlib::sum(h0);
                hog[o + 1][yy][xx] = dlib::sum(h1);
                hog[o + 2][yy][xx] = dlib::sum(h2);
                t += h0 + h1 + h2;
            }
            t *= float(2 * 0.2357);
            // contrast-insensitive features
            for (int o = 0; o < 9; o += 3) {
                const simd4f h0 = dlib::min(simd4f(h[o] + h[o + 9]), nn) * n;
                const simd4f h1 = dlib::min(simd4f(h[o + 1] + h[o + 9 + 1]), nn) * n;
                const simd4f h2 = dlib::min(simd4f(h[o + 2] + h[o + 9 + 2]), nn) * n;
                hog[o + 18][yy][xx] = dlib::sum(h0);
                hog[o + 18 + 1][yy][xx] = dlib::sum(h1);
                hog[o + 18 + 2][yy][xx] = dlib::sum(h2);
            }
            // texture features
            float temp[4];
            t.store(temp);
            hog[27][yy][xx] = temp[0];
            hog[28][yy][xx] = temp[1];
            hog[29][yy][xx] = temp[2];
            hog[30][yy][xx] = temp[3];
        }
    }
}

}  // namespace idphoto_hog
