#include "libphoto/matte/backdrop_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "libphoto/matte/float_order.hpp"
#include "libphoto/core/hot_loop.hpp"

namespace photo {
namespace {

// Border strips the first fit looks at, as a fraction of the shorter side: wide enough to
// average out noise and cloth texture, narrow enough to stay mostly off the person.
constexpr double kBorderFraction = 0.06;
// At most this many samples per fit: more does not change a 10-term model.
constexpr int kMaxSamples = 6000;
// Histogram cells for the dominant border colour (32 levels per channel): coarse enough that
// a gradient backdrop still has one clear mode, fine enough to split it from skin or clothes.
constexpr int kHistLevels = 8;
// Distance (8-bit units, shading forgiven) within which a border pixel starts as backdrop,
// relative to the dominant colour: generous, because a gradient drifts from its mode.
constexpr double kInitialTolerance = 45.0;
// Trimmed refits: keep samples within kTrimFactor x the median inlier residual, never fewer
// than kMinTolerance (sensor noise and JPEG at working size are a few units).
constexpr double kTrimFactor = 3.0;
constexpr double kMinTolerance = 10.0;
constexpr int kTrimRounds = 4;
// Shading forgiven while picking the first border samples: a gradient backdrop darkens to
// about half of its mode across the frame; a highlight adds a quarter at most.
constexpr double kShadeLow = 0.5;
constexpr double kShadeHigh = 1.25;

void basis(double u, double v, int terms, double* out) {
    const double all[BackdropModel::kTerms] = {1, u, v, u * u, u * v, v * v, u * u * u, u * u * v, u * v * v, v * v * v};
    std::copy(all, all + terms, out);
}

// A backdrop sample with its basis values, computed once: the trimmed fits evaluate them
// for every sample in every round.
struct Sample {
    Sample(double u, double v, const cv::Vec3f& colour) : c(colour) { basis(u, v, BackdropModel::kTerms, phi); }
    cv::Vec3f c;
    double phi[BackdropModel::kTerms];
};

// The model at a sample: BackdropModel::at from the stored basis.
cv::Vec3f model_at(const BackdropModel& m, const Sample& s) {
    cv::Vec3d c(0, 0, 0);
    for (int i = 0; i < m.terms; ++i) c += m.coef[i] * s.phi[i];
    return cv::Vec3f(float(c[0]), float(c[1]), float(c[2]));
}

double norm_coord(int x, int n) { return n > 1 ? 2.0 * x / (n - 1) - 1.0 : 0.0; }

// Euclidean colour distance after the best shading factor within [kShadeLow, kShadeHigh].
inline float shade_of(const cv::Vec3f& i, const cv::Vec3f& b) {
    const float bb = b.dot(b);
    return bb > 1e-3f ? i.dot(b) / bb : 1.f;
}

inline float shaded_distance(const cv::Vec3f& i, const cv::Vec3f& b, float lo = kShadeLow, float hi = kShadeHigh) {
    const float s = std::clamp(shade_of(i, b), lo, hi);
    const cv::Vec3f r = i - s * b;
    return std::sqrt(r.dot(r));
}

// The normal equations of the least-squares fit over a set of samples, for all terms at once:
// a fit of lower order solves the leading block (the basis is ordered by degree), and a sample
// that joins or leaves the set between trimming rounds costs one update, not a pass over all.
struct NormalEquations {
    static constexpr int T = BackdropModel::kTerms;
    double A[T][T] = {};  // upper triangle of sum phi phi^T
    double B[T][3] = {};  // sum phi c^T
    int n = 0;

    void add(const Sample& s, double weight) {  // +1 joins, -1 leaves
        const double c[3] = {weight * s.c[0], weight * s.c[1], weight * s.c[2]};
        for (int i = 0; i < T; ++i) {
            const double wp = weight * s.phi[i];
            for (int j = i; j < T; ++j) A[i][j] += wp * s.phi[j];
            for (int ch = 0; ch < 3; ++ch) B[i][ch] += s.phi[i] * c[ch];
        }
        n += weight > 0 ? 1 : -1;
    }
};

BackdropModel solve(const NormalEquations& ne, int terms) {
    // Too few samples for the terms asked: fall back to fewer rather than extrapolate wildly.
    while (terms > 1 && ne.n < 4 * terms) terms = terms >= 10 ? 6 : terms >= 6 ? 3 : 1;
    cv::Mat ata(terms, terms, CV_64F), atb(terms, 3, CV_64F);
    for (int i = 0; i < terms; ++i) {
        for (int j = 0; j < terms; ++j) ata.at<double>(i, j) = i <= j ? ne.A[i][j] : ne.A[j][i];
        for (int c = 0; c < 3; ++c) atb.at<double>(i, c) = ne.B[i][c];
    }
    // A small ridge keeps the fit sane when the samples sit on a thin ring.
    for (int i = 1; i < terms; ++i) ata.at<double>(i, i) += 1e-3 * std::max(1, ne.n);
    cv::Mat x;
    BackdropModel m;
    m.terms = terms;
    if (ne.n <= 0 || !cv::solve(ata, atb, x, cv::DECOMP_CHOLESKY)) {
        m.terms = 1;
        m.coef[0] = cv::Vec3d(128, 128, 128);
        return m;
    }
    for (int i = 0; i < terms; ++i) m.coef[i] = cv::Vec3d(x.at<double>(i, 0), x.at<double>(i, 1), x.at<double>(i, 2));
    return m;
}

// The samples by column (each basis term and colour channel a contiguous array), so that
// the residuals of all samples are computed a term at a time, 4 samples to an AVX2 register;
// padded with zeros to whole blocks of 4.
struct SampleColumns {
    explicit SampleColumns(const std::vector<Sample>& s) : n(s.size()) {
        const std::size_t padded = (n + 3) / 4 * 4;
        for (auto& p : phi) p.assign(padded, 0.0);
        for (auto& c : colour) c.assign(padded, 0.f);
        for (std::size_t k = 0; k < n; ++k) {
            for (int i = 0; i < BackdropModel::kTerms; ++i) phi[i][k] = s[k].phi[i];
            for (int ch = 0; ch < 3; ++ch) colour[ch][k] = s[k].c[ch];
        }
    }
    std::size_t n;
    std::vector<double> phi[BackdropModel::kTerms];
    std::vector<float> colour[3];
};

// |colour - model| of every sample, as model_at() and cv::Vec3f's dot() compute it for one
// (the same sums in the same order, so the same floats), but a term at a time over all
// samples instead of a sample at a time: the sample loop's 10 dependent additions and the
// square root no longer wait on each other, 1.5-2 % of a batch before.
PHOTO_HOT_LOOP void residuals(const SampleColumns& s, const BackdropModel& m, std::vector<float>& res) {
    // 4 samples a block, as GCC vectors (one AVX2 register of doubles per channel; two SSE
    // ones in the baseline build); every lane does model_at()'s sums in its order.
    typedef double v4d __attribute__((vector_size(32)));
    const std::size_t blocks = (s.n + 3) / 4;
    res.resize(4 * blocks);  // the padding's residuals are dropped at the end
    for (std::size_t b = 0; b < blocks; ++b) {
        v4d acc[3] = {};
        for (int i = 0; i < m.terms; ++i) {
            v4d phi;
            std::memcpy(&phi, &s.phi[i][4 * b], sizeof phi);
            for (int ch = 0; ch < 3; ++ch) acc[ch] += m.coef[i][ch] * phi;
        }
        for (std::size_t l = 0; l < 4; ++l) {
            const std::size_t k = 4 * b + l;
            const float r0 = s.colour[0][k] - float(acc[0][l]);
            const float r1 = s.colour[1][k] - float(acc[1][l]);
            const float r2 = s.colour[2][k] - float(acc[2][l]);
            float dot = 0;
            dot += r0 * r0;
            dot += r1 * r1;
            dot += r2 * r2;
            res[k] = std::sqrt(dot);
        }
    }
    res.resize(s.n);
}

// Trimmed refits at increasing order: each round keeps the samples the current model explains.
PHOTO_HOT_LOOP BackdropModel trimmed_fit(const std::vector<Sample>& s, std::vector<char>& use, BackdropModel m,
                          const std::vector<int>& orders) {
    NormalEquations ne;
    for (size_t k = 0; k < s.size(); ++k)
        if (use[k]) ne.add(s[k], 1.0);
    const SampleColumns columns(s);
    std::vector<float> res(s.size()), in;
    in.reserve(s.size());
    for (int terms : orders) {
        for (int round = 0; round < kTrimRounds; ++round) {
            m = solve(ne, terms);
            in.clear();
            residuals(columns, m, res);
            for (size_t k = 0; k < s.size(); ++k)
                if (use[k]) in.push_back(res[k]);
            if (in.empty()) break;
            const double tol = std::max(kMinTolerance, kTrimFactor * nth_nonnegative(in, in.size() / 2));
            int changed = 0;
            for (size_t k = 0; k < s.size(); ++k) {
                const char now = res[k] < tol;
                if (now != use[k]) ne.add(s[k], now ? 1.0 : -1.0), ++changed;
                use[k] = now;
            }
            // Converged: the same samples give the same model, so further rounds at this
            // order would repeat this one exactly.
            if (changed == 0) break;
        }
    }
    return solve(ne, orders.back());
}

}  // namespace

cv::Vec3f BackdropModel::at(double u, double v) const {
    double phi[kTerms];
    basis(u, v, terms, phi);
    cv::Vec3d c(0, 0, 0);
    for (int i = 0; i < terms; ++i) c += coef[i] * phi[i];
    return cv::Vec3f(float(c[0]), float(c[1]), float(c[2]));
}

PHOTO_HOT_LOOP cv::Mat BackdropModel::render(cv::Size size) const {
    cv::Mat out(size, CV_32FC3);
    // The polynomial per row is a cubic in u with v-dependent coefficients, evaluated by
    // Horner per channel on plain doubles (the column coordinates computed once), which the
    // compiler keeps in registers: ~3x faster than the same arithmetic on cv::Vec3d.
    std::vector<double> us(std::size_t(std::max(0, size.width)));
    for (int x = 0; x < size.width; ++x) us[std::size_t(x)] = norm_coord(x, size.width);
    auto c = [&](int i, int k) { return i < terms ? coef[i][k] : 0.0; };
    for (int y = 0; y < size.height; ++y) {
        const double v = norm_coord(y, size.height);
        double a0[3], a1[3], a2[3], a3[3];  // coefficients of 1, u, u^2, u^3 for this row
        for (int k = 0; k < 3; ++k) {
            a0[k] = c(0, k) + c(2, k) * v + c(5, k) * v * v + c(9, k) * v * v * v;
            a1[k] = c(1, k) + c(4, k) * v + c(8, k) * v * v;
            a2[k] = c(3, k) + c(7, k) * v;
            a3[k] = c(6, k);
        }
        float* row = out.ptr<float>(y);
        for (int x = 0; x < size.width; ++x) {
            const double u = us[std::size_t(x)];
            for (int k = 0; k < 3; ++k)
                row[3 * x + k] = float(std::clamp(a0[k] + u * (a1[k] + u * (a2[k] + u * a3[k])), 0.0, 255.0));
        }
    }
    return out;
}

BackdropModel fit_backdrop_on_border(const cv::Mat& bgr32) {
    const int w = bgr32.cols, h = bgr32.rows;
    const int band = std::max(2, int(std::lround(kBorderFraction * std::min(w, h))));
    const long ring = 2L * band * (w + h);
    const int step = std::max(1, int(std::sqrt(double(ring) / kMaxSamples)));
    std::vector<Sample> s;
    for (int y = 0; y < h; y += step) {
        const auto* row = bgr32.ptr<cv::Vec3f>(y);
        const bool edge_row = y < band || y >= h - band;
        for (int x = 0; x < w; x += edge_row ? step : 1) {
            if (!edge_row && x >= band && x < w - band) {
                x = w - band - 1;
                continue;
            }
            if (!edge_row && (x % step)) continue;
            s.emplace_back(norm_coord(x, w), norm_coord(y, h), row[x]);
        }
    }
    // Dominant colour: the fullest histogram cell (with its neighbours) of the border.
    constexpr int L = kHistLevels;
    std::vector<int> hist(L * L * L, 0);
    auto cell = [&](const cv::Vec3f& c) {
        int q[3];
        for (int k = 0; k < 3; ++k) q[k] = std::clamp(int(c[k] * L / 256.f), 0, L - 1);
        return (q[0] * L + q[1]) * L + q[2];
    };
    for (const auto& p : s) ++hist[cell(p.c)];
    int best = 0, best_count = -1;
    for (int b = 0; b < L; ++b)
        for (int g = 0; g < L; ++g)
            for (int r = 0; r < L; ++r) {
                int n = 0;
                for (int db = -1; db <= 1; ++db)
                    for (int dg = -1; dg <= 1; ++dg)
                        for (int dr = -1; dr <= 1; ++dr) {
                            const int B = b + db, G = g + dg, R = r + dr;
                            if (B < 0 || G < 0 || R < 0 || B >= L || G >= L || R >= L) continue;
                            n += hist[(B * L + G) * L + R] * (db == 0 && dg == 0 && dr == 0 ? 2 : 1);
                        }
                if (n > best_count) best_count = n, best = (b * L + g) * L + r;
            }
    cv::Vec3d mean(0, 0, 0);
    int n = 0;
    for (const auto& p : s)
        if (cell(p.c) == best) mean += cv::Vec3d(p.c), ++n;
    const cv::Vec3f mode = n ? cv::Vec3f(mean / n) : cv::Vec3f(128, 128, 128);
    std::vector<char> use(s.size());
    for (size_t k = 0; k < s.size(); ++k) use[k] = shaded_distance(s[k].c, mode) < kInitialTolerance;
    BackdropModel m;
    m.coef[0] = cv::Vec3d(mode);
    // Linear first: a ring with the person on one side can bend a quadratic before the
    // trimming has removed the person.
    return trimmed_fit(s, use, m, {3, 6});
}

BackdropModel refit_backdrop(const cv::Mat& bgr32, const cv::Mat& weight, const BackdropModel& start, int terms) {
    const int w = bgr32.cols, h = bgr32.rows;
    const int nz = cv::countNonZero(weight);
    const int step = std::max(1, int(std::sqrt(double(nz) / kMaxSamples)));
    std::vector<Sample> s;
    for (int y = 0; y < h; y += step) {
        const auto* row = bgr32.ptr<cv::Vec3f>(y);
        const auto* wr = weight.ptr<uchar>(y);
        for (int x = 0; x < w; x += step)
            if (wr[x]) s.emplace_back(norm_coord(x, w), norm_coord(y, h), row[x]);
    }
    std::vector<char> use(s.size());
    for (size_t k = 0; k < s.size(); ++k) {
        const cv::Vec3f r = s[k].c - model_at(start, s[k]);
        use[k] = std::sqrt(r.dot(r)) < kInitialTolerance;
    }
    std::vector<int> orders{std::min(terms, 6)};
    if (terms > 6) orders.push_back(terms);
    return trimmed_fit(s, use, start, orders);
}

PHOTO_HOT_LOOP void compare_to_backdrop(const cv::Mat& bgr32, const cv::Mat& backdrop32, cv::Mat& shade, cv::Mat& chroma) {
    CV_Assert(bgr32.type() == CV_32FC3 && backdrop32.type() == CV_32FC3 && bgr32.size() == backdrop32.size());
    shade.create(bgr32.size(), CV_32F);
    chroma.create(bgr32.size(), CV_32F);
    for (int y = 0; y < bgr32.rows; ++y) {
        const auto* i = bgr32.ptr<cv::Vec3f>(y);
        const auto* b = backdrop32.ptr<cv::Vec3f>(y);
        auto* s = shade.ptr<float>(y);
        auto* c = chroma.ptr<float>(y);
        for (int x = 0; x < bgr32.cols; ++x) {
            s[x] = shade_of(i[x], b[x]);
            const cv::Vec3f r = i[x] - s[x] * b[x];
            c[x] = std::sqrt(r.dot(r));
        }
    }
}

PHOTO_HOT_LOOP cv::Mat backdrop_distance(const cv::Mat& bgr32, const cv::Mat& backdrop32, float shade_low, float shade_high) {
    CV_Assert(bgr32.type() == CV_32FC3 && backdrop32.type() == CV_32FC3 && bgr32.size() == backdrop32.size());
    cv::Mat d(bgr32.size(), CV_32F);
    for (int y = 0; y < d.rows; ++y) {
        const auto* i = bgr32.ptr<cv::Vec3f>(y);
        const auto* b = backdrop32.ptr<cv::Vec3f>(y);
        auto* o = d.ptr<float>(y);
        for (int x = 0; x < d.cols; ++x) o[x] = shaded_distance(i[x], b[x], shade_low, shade_high);
    }
    return d;
}

}  // namespace photo
