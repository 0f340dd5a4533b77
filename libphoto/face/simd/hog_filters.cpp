// Compiled for AVX2 + FMA, into the module only (hog_avx2.cpp).
#include "libphoto/face/simd/hog_filters.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

namespace idphoto_hog {

namespace {

// dlib centres a filter of n taps at n / 2: output column c reads input columns
// [c - kFirst, c - kFirst + kTaps).
constexpr long kFirst = kTaps / 2;
constexpr long kLast = (kTaps - 1) / 2;  // outputs stop this many columns (rows) before the end

// Lanes past the last output column read at most this far past the row (kept in padding).
constexpr std::size_t kPad = 8 + kTaps;

std::size_t round8(std::size_t n) { return (n + 7) / 8 * 8; }

// x[0..kTaps) . w as dlib's vector columns sum it: three accumulators over taps (0,3,6,9),
// (1,4,7), (2,5,8), each adding rounded products from zero, then a + (b + c). The module is
// built with -ffp-contract=off (libphoto/CMakeLists.txt): without it the compiler fuses some
// of dlib's multiplies and adds and not others, differently in each place it inlines them.
inline __m256 interleaved(const __m256* x, const __m256* w) {
    const __m256 zero = _mm256_setzero_ps();
    __m256 a = _mm256_add_ps(zero, _mm256_mul_ps(x[0], w[0]));
    __m256 b = _mm256_add_ps(zero, _mm256_mul_ps(x[1], w[1]));
    __m256 c = _mm256_add_ps(zero, _mm256_mul_ps(x[2], w[2]));
    a = _mm256_add_ps(a, _mm256_mul_ps(x[3], w[3]));
    b = _mm256_add_ps(b, _mm256_mul_ps(x[4], w[4]));
    c = _mm256_add_ps(c, _mm256_mul_ps(x[5], w[5]));
    a = _mm256_add_ps(a, _mm256_mul_ps(x[6], w[6]));
    b = _mm256_add_ps(b, _mm256_mul_ps(x[7], w[7]));
    c = _mm256_add_ps(c, _mm256_mul_ps(x[8], w[8]));
    a = _mm256_add_ps(a, _mm256_mul_ps(x[9], w[9]));
    return _mm256_add_ps(a, _mm256_add_ps(b, c));
}

// The same as dlib's scalar tail columns sum it: rounded products added in tap order from zero.
inline __m256 tail_sum(const __m256* x, const __m256* w) {
    __m256 a = _mm256_setzero_ps();
    for (int n = 0; n < kTaps; ++n) a = _mm256_add_ps(a, _mm256_mul_ps(x[n], w[n]));
    return a;
}

inline void load_taps(const float (*taps)[8], __m256* w) {
    for (int n = 0; n < kTaps; ++n) w[n] = _mm256_load_ps(taps[n]);
}

static_assert(kTaps == 10, "interleaved() is written out for dlib's 10-tap filters");

}  // namespace

std::optional<FilterBanks> FilterBanks::from(const std::vector<PlaneTerms>& row_filters,
                                             const std::vector<PlaneTerms>& col_filters) {
    FilterBanks banks;
    banks.detectors_ = row_filters.size();
    if (banks.detectors_ == 0 || col_filters.size() != banks.detectors_) return std::nullopt;
    const std::size_t planes = row_filters[0].size();
    banks.by_plane_.resize(planes);
    for (std::size_t d = 0; d < banks.detectors_; ++d) {
        if (row_filters[d].size() != planes || col_filters[d].size() != planes) return std::nullopt;
        for (std::size_t i = 0; i < planes; ++i) {
            if (row_filters[d][i].size() != col_filters[d][i].size()) return std::nullopt;
            for (std::size_t j = 0; j < row_filters[d][i].size(); ++j) {
                const auto& rf = row_filters[d][i][j];
                const auto& cf = col_filters[d][i][j];
                if (rf.size() != kTaps || cf.size() != kTaps) return std::nullopt;
                Term t;
                t.detector = d;
                for (int n = 0; n < kTaps; ++n)
                    for (int k = 0; k < 8; ++k) t.row[n][k] = rf(n), t.col[n][k] = cf(n);
                banks.by_plane_[i].push_back(t);
            }
        }
    }
    return banks;
}

void FilterBanks::apply(const dlib::array<dlib::array2d<float>>& planes, std::vector<Saliency>& out) const {
    out.assign(detectors_, Saliency{});
    if (planes.size() != by_plane_.size() || planes.size() == 0) return;
    const long nr = planes[0].nr(), nc = planes[0].nc();
    // Outputs where dlib computes them: [kFirst, n - kLast) in both directions.
    const long rows = nr - kLast - kFirst, cols = nc - kLast - kFirst;
    if (rows <= 0 || cols <= 0) return;
    const std::size_t full = std::size_t(cols) / 8;     // blocks dlib runs 8 at a time
    const bool tail = std::size_t(cols) % 8 != 0;       // its last columns, one at a time
    const std::size_t blocks = full + (tail ? 1 : 0);
    const std::size_t stride = round8(std::size_t(nc) + kPad);  // padded plane row
    const std::size_t sstride = blocks * 8;                    // scratch and saliency row

    for (auto& s : out) {
        s.first_row = kFirst, s.first_col = kFirst, s.rows = rows, s.cols = cols, s.stride = sstride;
        s.values.assign(std::size_t(rows) * sstride, 0.f);
    }
    std::vector<char> started(detectors_, 0);

    std::size_t most_terms = 0;
    for (const auto& terms : by_plane_) most_terms = std::max(most_terms, terms.size());
    std::vector<float> plane(std::size_t(nr) * stride, 0.f);
    // The row-filtered plane for each of the plane's terms.
    std::vector<float> scratch(most_terms * std::size_t(nr) * sstride);

    for (std::size_t i = 0; i < by_plane_.size(); ++i) {
        const std::vector<Term>& terms = by_plane_[i];
        if (terms.empty()) continue;
        if (planes[i].nr() != nr || planes[i].nc() != nc) return;  // never: planes share a size
        for (long r = 0; r < nr; ++r)
            std::memcpy(&plane[std::size_t(r) * stride], &planes[i][r][0], sizeof(float) * std::size_t(nc));

        // Row filters: output column kFirst + x reads plane columns [x, x + kTaps).
        for (long r = 0; r < nr; ++r) {
            const float* in = &plane[std::size_t(r) * stride];
            for (std::size_t b = 0; b < blocks; ++b) {
                __m256 x[kTaps];
                for (int n = 0; n < kTaps; ++n) x[n] = _mm256_loadu_ps(in + 8 * b + std::size_t(n));
                const bool vector_block = b < full;
                for (std::size_t t = 0; t < terms.size(); ++t) {
                    __m256 w[kTaps];  // read by the multiplies from memory: x stays in registers
                    load_taps(terms[t].row, w);
                    const __m256 v = vector_block ? interleaved(x, w) : tail_sum(x, w);
                    _mm256_storeu_ps(&scratch[(t * std::size_t(nr) + std::size_t(r)) * sstride + 8 * b], v);
                }
            }
        }

        // Column filters, added into each term's detector in dlib's order.
        for (std::size_t t = 0; t < terms.size(); ++t) {
            Saliency& s = out[terms[t].detector];
            const bool first = !started[terms[t].detector];
            started[terms[t].detector] = 1;
            const float* sc = &scratch[t * std::size_t(nr) * sstride];
            __m256 w[kTaps];  // in registers for the whole plane: one load per multiply
            load_taps(terms[t].col, w);
            for (long r = 0; r < rows; ++r) {
                float* o = &s.values[std::size_t(r) * sstride];
                for (std::size_t b = 0; b < blocks; ++b) {
                    __m256 x[kTaps];
                    for (int m = 0; m < kTaps; ++m)
                        x[m] = _mm256_loadu_ps(sc + (std::size_t(r) + std::size_t(m)) * sstride + 8 * b);
                    __m256 v = b < full ? interleaved(x, w) : tail_sum(x, w);
                    if (!first) v = _mm256_add_ps(v, _mm256_loadu_ps(o + 8 * b));
                    _mm256_storeu_ps(o + 8 * b, v);
                }
            }
        }
    }
}

}  // namespace idphoto_hog
