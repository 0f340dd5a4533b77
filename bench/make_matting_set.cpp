// make_matting_set SHARED_MATTING_DIR OUT_DIR [--variants N] [--seed S]: matting composites
// the analysis was never tuned on, for matting_report OUT_DIR (issue #18).
//
// The shared set has 8 portraits over one backdrop of each kind; a matte tuned on those can
// fit their particular noise, shadow and wrinkles. This program puts the same 8 portraits over
// NEW backdrops of the four kinds with other parameters, drawn per image from a seeded
// generator (the same files on every run and machine, given the same OpenCV and libjpeg):
//   blue_gradient  two blues, any direction, a vignette, light noise;
//   white_shadow   a white or slightly tinted wall, a light fall-off from anywhere, the
//                  person's cast shadow shifted a little so that it touches the hair and the
//                  shoulders, from sharp to soft, keeping 58-85 % of the light;
//   grey_noise     a grey wall of any brightness and sensor noise of 1.5-6 levels over the whole
//                  photo (the person too, as a sensor does), fine or a little blotchy, JPEG 70-92;
//   blue_cloth     a blue cloth whose wrinkles are ridges of a random scale and depth.
// Writes OUT_DIR/<portrait>_<kind>_<variant>.jpg, one OUT_DIR/<portrait>_alpha.png per portrait
// (the exact alpha, unchanged) and OUT_DIR/index.csv (image,alpha,background,source,params),
// the format matting_report reads; `source` is the shared portrait's, so the tuning and
// reporting halves (bench/labelled.hpp) hold the same people as in the shared set.
//
// The foreground is not known apart from the shared composite I = a F + (1 - a) B. Its
// blue_gradient version's backdrop B is a smooth vertical gradient: a cubic fitted on the pure
// backdrop (alpha 0, away from the person) explains it to JPEG's 0.6 levels. So the new
// composite is I + (1 - a) (B_new - B), which is a F + (1 - a) B_new exactly up to that JPEG
// error (in the translucent band it is the old composite's JPEG ringing that stays).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libphoto/department/inputs.hpp"

namespace {

// The shared composite whose backdrop is smooth enough to be modelled and removed.
constexpr const char* kSourceKind = "blue_gradient";
// The old backdrop is fitted on alpha-0 pixels at least this far (pixels) from any person
// pixel (JPEG ringing around the edge is not backdrop), every kFitStep-th pixel.
constexpr int kFitMargin = 4;
constexpr int kFitStep = 3;
// Variants per portrait and kind by default (8 portraits x 4 kinds x 3 = 96 composites).
constexpr int kDefaultVariants = 3;

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) {
        while (!cell.empty() && (cell.back() == '\r' || cell.back() == ' ')) cell.pop_back();
        out.push_back(cell);
    }
    return out;
}

std::string stem(const std::string& file) { return file.substr(0, file.rfind('.')); }

// Coordinates in [-1, 1] over the image, as the matte's backdrop model uses them.
double norm_coord(int x, int n) { return n > 1 ? 2.0 * x / (n - 1) - 1.0 : 0.0; }

void cubic_basis(double u, double v, double* phi) {
    const double all[10] = {1, u, v, u * u, u * v, v * v, u * u * u, u * u * v, u * v * v, v * v * v};
    std::copy(all, all + 10, phi);
}

// A colour image filled by f(u, v) (CV_32FC3, 8-bit units).
template <class F>
cv::Mat render(cv::Size size, F f) {
    cv::Mat out(size, CV_32FC3);
    for (int y = 0; y < size.height; ++y) {
        auto* row = out.ptr<cv::Vec3f>(y);
        for (int x = 0; x < size.width; ++x) row[x] = f(norm_coord(x, size.width), norm_coord(y, size.height));
    }
    return out;
}

// The shared composite's backdrop at every pixel (CV_32FC3): a least-squares cubic per
// channel on the pure backdrop.
cv::Mat fit_old_backdrop(const cv::Mat& image, const cv::Mat& alpha8) {
    cv::Mat pure;
    cv::erode(alpha8 == 0, pure, cv::Mat(), cv::Point(-1, -1), kFitMargin);
    cv::Mat A(0, 10, CV_64F), Y(0, 3, CV_64F);
    for (int y = 0; y < image.rows; y += kFitStep)
        for (int x = 0; x < image.cols; x += kFitStep) {
            if (!pure.at<uchar>(y, x)) continue;
            double phi[10];
            cubic_basis(norm_coord(x, image.cols), norm_coord(y, image.rows), phi);
            A.push_back(cv::Mat(1, 10, CV_64F, phi));
            const cv::Vec3b c = image.at<cv::Vec3b>(y, x);
            double colour[3] = {double(c[0]), double(c[1]), double(c[2])};
            Y.push_back(cv::Mat(1, 3, CV_64F, colour));
        }
    cv::Mat X;
    cv::solve(A, Y, X, cv::DECOMP_SVD);
    return render(image.size(), [&](double u, double v) {
        double phi[10];
        cubic_basis(u, v, phi);
        cv::Vec3f c(0, 0, 0);
        for (int i = 0; i < 10; ++i)
            for (int ch = 0; ch < 3; ++ch) c[ch] += float(phi[i] * X.at<double>(i, ch));
        return c;
    });
}

// The random draws of one composite, and what was drawn (for the index).
struct Draw {
    cv::RNG rng;
    std::string params;
    double uniform(const char* name, double lo, double hi) {
        const double v = rng.uniform(lo, hi);
        params += fmt::format("{}{}={:.3g}", params.empty() ? "" : ";", name, v);
        return v;
    }
    double sign(const char* name) { return uniform(name, 0, 1) < 0.5 ? -1.0 : 1.0; }
};

// Multiplies every channel of `bgr` by the single-channel `factor`.
void shade(cv::Mat& bgr, const cv::Mat& factor) {
    cv::Mat f3;
    cv::merge(std::vector<cv::Mat>{factor, factor, factor}, f3);
    bgr = bgr.mul(f3);
}

// Light falling off from a point anywhere near the middle (CV_32FC1 factor <= 1).
cv::Mat fall_off(cv::Size size, Draw& d, double max_strength) {
    const double cu = d.uniform("light_u", -0.6, 0.6), cv_ = d.uniform("light_v", -0.6, 0.6);
    const double k = d.uniform("fall_off", 0.03, max_strength);
    cv::Mat out(size, CV_32F);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            const double du = norm_coord(x, size.width) - cu, dv = norm_coord(y, size.height) - cv_;
            out.at<float>(y, x) = float(1.0 - k * std::min(1.0, 0.5 * (du * du + dv * dv)));
        }
    return out;
}

cv::Mat blue_gradient(cv::Size size, Draw& d) {
    // Draws in statements or declarators of their own: the order in which a function's
    // arguments or an operator's operands are evaluated is the compiler's choice.
    const double b0 = d.uniform("b0", 235, 255), g0 = d.uniform("g0", 175, 215), r0 = d.uniform("r0", 80, 135);
    const double depth = d.uniform("depth", 0.72, 0.92);  // the far end's brightness
    const double g_drop = d.uniform("g_drop", 0.85, 1.0), r_drop = d.uniform("r_drop", 0.7, 1.0);
    const cv::Vec3f top{float(b0), float(g0), float(r0)};
    const cv::Vec3f far(float(b0 * depth), float(g0 * depth * g_drop), float(r0 * depth * r_drop));
    const double angle = d.uniform("angle", 0, 2 * CV_PI), c = std::cos(angle), s = std::sin(angle);
    cv::Mat bd = render(size, [&](double u, double v) {
        const float t = float(std::clamp(0.5 + 0.5 * (u * c + v * s), 0.0, 1.0));
        return top * (1.f - t) + far * t;
    });
    shade(bd, fall_off(size, d, 0.15));
    return bd;
}

// The person's cast shadow on the wall: the alpha shifted by a few per cent of the frame (so
// it touches the hair and shoulders on one side), blurred from sharp to soft.
cv::Mat cast_shadow(const cv::Mat& alpha, Draw& d) {
    const double side = std::max(alpha.cols, alpha.rows);
    const double side_sign = d.sign("shadow_side");
    const double dx = side_sign * d.uniform("shadow_dx", 0.008, 0.05) * alpha.cols;
    const double dy = d.uniform("shadow_dy", -0.01, 0.03) * alpha.rows;
    const double sigma = d.uniform("shadow_soft", 0.003, 0.03) * side;
    const double darkness = d.uniform("shadow_dark", 0.15, 0.42);
    cv::Mat a, shifted, soft;
    alpha.convertTo(a, CV_32F, 1.0 / 255);
    const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, dx, 0, 1, dy);
    cv::warpAffine(a, shifted, shift, a.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::GaussianBlur(shifted, soft, cv::Size(0, 0), sigma);
    return 1.0 - darkness * soft;
}

cv::Mat white_shadow(cv::Size size, const cv::Mat& alpha, Draw& d) {
    const double white = d.uniform("white", 205, 245), warm = d.uniform("warm", -7, 7), green = d.uniform("green", -2, 2);
    const cv::Vec3f wall(float(white - warm), float(white + green), float(white + warm));
    cv::Mat bd(size, CV_32FC3, cv::Scalar(wall[0], wall[1], wall[2]));
    shade(bd, fall_off(size, d, 0.25));
    shade(bd, cast_shadow(alpha, d));
    return bd;
}

cv::Mat grey_wall(cv::Size size, Draw& d) {
    const double grey = d.uniform("grey", 140, 235), slope = d.uniform("slope", -8, 8);
    const double tint_b = d.uniform("tint_b", -3, 3), tint_r = d.uniform("tint_r", -3, 3);
    const cv::Vec3f tint(float(tint_b), 0.f, float(tint_r));
    const double angle = d.uniform("angle", 0, 2 * CV_PI), c = std::cos(angle), s = std::sin(angle);
    return render(size, [&](double u, double v) {
        const float g = float(grey + slope * (u * c + v * s));
        return cv::Vec3f(g, g, g) + tint;
    });
}

// Wrinkles: ridges of random direction and phase at a wavelength around `scale` of the
// frame, each fading out over part of it, summed into a shading factor of the drawn depth.
cv::Mat wrinkles(cv::Size size, Draw& d) {
    const double scale = d.uniform("wrinkle_scale", 0.1, 0.4), depth = d.uniform("wrinkle_depth", 0.03, 0.1);
    constexpr int kRidges = 7;
    struct Ridge { double c, s, wavelength, phase, cu, cv, radius; };
    std::vector<Ridge> ridges;
    for (int i = 0; i < kRidges; ++i) {
        const double a = d.rng.uniform(0.0, CV_PI);
        // A braced list is evaluated left to right (an argument list would not be).
        ridges.push_back({std::cos(a), std::sin(a), scale * d.rng.uniform(0.6, 1.6), d.rng.uniform(0.0, 2 * CV_PI),
                          d.rng.uniform(-1.0, 1.0), d.rng.uniform(-1.0, 1.0), d.rng.uniform(0.3, 0.8)});
    }
    cv::Mat field(size, CV_32F);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) {
            const double u = norm_coord(x, size.width), v = norm_coord(y, size.height);
            double sum = 0;
            for (const auto& r : ridges) {
                const double du = u - r.cu, dv = v - r.cv;
                const double envelope = std::exp(-(du * du + dv * dv) / (r.radius * r.radius));
                sum += envelope * std::sin(2 * CV_PI * (u * r.c + v * r.s) / r.wavelength + r.phase);
            }
            field.at<float>(y, x) = float(sum);
        }
    cv::Scalar mean, sd;
    cv::meanStdDev(field, mean, sd);
    return 1.0 + (field - mean[0]) * (depth / std::max(1e-6, sd[0]));
}

cv::Mat blue_cloth(cv::Size size, Draw& d) {
    const double b = d.uniform("b", 185, 235), g = d.uniform("g", 95, 150), r = d.uniform("r", 25, 70);
    cv::Mat bd(size, CV_32FC3, cv::Scalar(b, g, r));
    shade(bd, wrinkles(size, d));
    shade(bd, fall_off(size, d, 0.15));
    return bd;
}

// Sensor noise over the whole photo: grey grain of `sd` levels plus a third of it per
// channel, blurred by up to a pixel (demosaicing makes it blotchy), its level kept.
void add_noise(cv::Mat& bgr, double sd, Draw& d) {
    const double blur = d.uniform("noise_blur", 0.0, 1.0);
    cv::Mat grain(bgr.size(), CV_32F), colour(bgr.size(), CV_32FC3);
    d.rng.fill(grain, cv::RNG::NORMAL, 0.0, 1.0);
    d.rng.fill(colour, cv::RNG::NORMAL, cv::Scalar::all(0.0), cv::Scalar::all(1.0 / 3));
    if (blur > 0.3) {
        // A blurred unit noise has a lower sd: restore it so `sd` is what the photo shows.
        cv::GaussianBlur(grain, grain, cv::Size(0, 0), blur);
        cv::GaussianBlur(colour, colour, cv::Size(0, 0), blur);
        cv::Scalar m, s;
        cv::meanStdDev(grain, m, s);
        grain /= s[0];
        colour /= s[0];
    }
    cv::Mat g3;
    cv::merge(std::vector<cv::Mat>{grain, grain, grain}, g3);
    bgr += (g3 + colour) * sd;
}

struct Kind {
    const char* name;
    double noise_lo, noise_hi;  // sensor noise sd, 8-bit levels
    int quality_lo, quality_hi;  // JPEG quality
};
// grey_noise is the kind whose noise matters; the others get a phone's usual light grain.
constexpr Kind kKinds[] = {
    {"blue_gradient", 0.3, 1.5, 80, 95},
    {"white_shadow", 0.3, 1.5, 80, 95},
    {"grey_noise", 1.5, 6.0, 70, 92},
    {"blue_cloth", 0.3, 1.5, 80, 95},
};

cv::Mat new_backdrop(const Kind& k, cv::Size size, const cv::Mat& alpha, Draw& d) {
    const std::string n = k.name;
    if (n == "blue_gradient") return blue_gradient(size, d);
    if (n == "white_shadow") return white_shadow(size, alpha, d);
    if (n == "grey_noise") return grey_wall(size, d);
    return blue_cloth(size, d);
}

struct Portrait {
    std::string source, image, alpha;  // index.csv's cells of the blue_gradient composite
};

std::vector<Portrait> read_portraits(const std::string& dir) {
    std::ifstream index(dir + "/index.csv");
    if (!index) throw std::runtime_error("cannot read " + dir + "/index.csv");
    std::vector<Portrait> out;
    std::string line;
    std::getline(index, line);  // header
    while (std::getline(index, line)) {
        const auto c = split(line);
        if (c.size() >= 4 && c[2] == kSourceKind) out.push_back({c[3], c[0], c[1]});
    }
    return out;
}

// One composite of `p` (loaded as image, alpha8, old backdrop) over a new backdrop of kind `k`.
// Returns the index.csv row.
std::string make_one(const Portrait& p, const cv::Mat& image, const cv::Mat& alpha8, const cv::Mat& old_bd, const Kind& k,
                     int variant, std::uint64_t seed, const std::string& out_dir, const std::string& alpha_file) {
    const std::string name = fmt::format("{}_{}_{}.jpg", stem(p.source), k.name, variant);
    Draw d{cv::RNG(photo::mix64(photo::fnv1a(name.data(), name.size()) ^ seed)), ""};
    const cv::Mat bd = new_backdrop(k, image.size(), alpha8, d);
    cv::Mat backdrop_share, out;  // 1 - a, single channel (a scalar minus a 3-channel Mat would touch channel 0 only)
    alpha8.convertTo(backdrop_share, CV_32F, -1.0 / 255, 1.0);
    image.convertTo(out, CV_32FC3);
    cv::Mat change = bd - old_bd;
    shade(change, backdrop_share);
    out += change;
    add_noise(out, d.uniform("noise", k.noise_lo, k.noise_hi), d);
    const int quality = int(std::lround(d.uniform("jpeg", k.quality_lo, k.quality_hi)));
    cv::Mat out8;
    out.convertTo(out8, CV_8UC3);  // rounds and saturates
    if (!cv::imwrite(out_dir + "/" + name, out8, {cv::IMWRITE_JPEG_QUALITY, quality}))
        throw std::runtime_error("cannot write " + out_dir + "/" + name);
    return fmt::format("{},{},{},{},{}\n", name, alpha_file, k.name, p.source, d.params);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        fmt::print(stderr, "usage: make_matting_set SHARED_MATTING_DIR OUT_DIR [--variants N] [--seed S]\n");
        return 2;
    }
    const std::string in_dir = argv[1], out_dir = argv[2];
    int variants = kDefaultVariants;
    std::uint64_t seed = 18;
    for (int i = 3; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--variants") variants = std::max(1, std::atoi(argv[i + 1]));
        else if (a == "--seed") seed = std::strtoull(argv[i + 1], nullptr, 10);
        else {
            fmt::print(stderr, "make_matting_set: unknown argument {}\n", a);
            return 2;
        }
    }
    cv::setNumThreads(1);  // the same floats whatever the machine's cores
    try {
        std::string index = "image,alpha,background,source,params\n";
        for (const Portrait& p : read_portraits(in_dir)) {
            const cv::Mat image = cv::imread(in_dir + "/" + p.image, cv::IMREAD_COLOR);
            const cv::Mat alpha8 = cv::imread(in_dir + "/" + p.alpha, cv::IMREAD_GRAYSCALE);
            if (image.empty() || alpha8.size() != image.size()) throw std::runtime_error("cannot read " + p.image);
            const cv::Mat old_bd = fit_old_backdrop(image, alpha8);
            const std::string alpha_file = stem(p.source) + "_alpha.png";
            if (!cv::imwrite(out_dir + "/" + alpha_file, alpha8)) throw std::runtime_error("cannot write " + out_dir + "/" + alpha_file);
            for (const Kind& k : kKinds)
                for (int v = 1; v <= variants; ++v) index += make_one(p, image, alpha8, old_bd, k, v, seed, out_dir, alpha_file);
        }
        std::ofstream(out_dir + "/index.csv") << index;
    } catch (const std::exception& e) {
        fmt::print(stderr, "make_matting_set: {}\n", e.what());
        return 1;
    }
    fmt::print("wrote {}/index.csv\n", out_dir);
    return 0;
}
