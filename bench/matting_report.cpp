// Matte accuracy and speed on composites with exact alpha: reads <dir>/index.csv (columns
// image,alpha,background,source), runs compute_matte on each whole image without a face, and
// prints per backdrop kind, for the tuning and the reporting half (bench/labelled.hpp, by the
// source portrait, so one person's backdrops stay in one half) and overall: mean and worst
// alpha MSE, the mean and worst fraction of solid-person pixels (true alpha > 0.95) that get
// alpha < 0.5 ("holes"), and mean milliseconds per image; then the worst image of each kind.
//   matting_report <dir> [--each] [--dump <out_dir>]
// --each prints every image with its half; --dump
// writes each estimated alpha as <out_dir>/<image>.png.
#include <algorithm>
#include <array>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "bench/labelled.hpp"
#include "libphoto/matte/matte.hpp"
#include "libphoto/core/memory.hpp"

namespace {

// A solid person pixel, and what counts as a hole in it.
constexpr double kSolid = 0.95;
constexpr double kHole = 0.5;

struct Result {
    std::string image;
    bench::Half half;
    double mse, holes, ms;
    double unsure;  // the matte's own unsure share of its band (photo::unsure_share), whole image
};

struct Sum {
    double mse = 0, holes = 0, ms = 0, max_mse = 0, max_holes = 0;
    int n = 0;
    void add(const Result& r) {
        mse += r.mse, holes += r.holes, ms += r.ms, ++n;
        max_mse = std::max(max_mse, r.mse), max_holes = std::max(max_holes, r.holes);
    }
};

// A kind's figures per half.
using Halves = std::array<Sum, 2>;

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

// compute_matte on one composite, judged against its exact alpha.
std::optional<Result> measure(const std::string& dir, const std::vector<std::string>& cells, const std::string& dump) {
    const cv::Mat img = cv::imread(dir + "/" + cells[0], cv::IMREAD_COLOR);
    cv::Mat truth = cv::imread(dir + "/" + cells[1], cv::IMREAD_GRAYSCALE);
    if (img.empty() || truth.empty() || truth.size() != img.size()) {
        fmt::print(stderr, "skipping {}: unreadable or size mismatch\n", cells[0]);
        return std::nullopt;
    }
    truth.convertTo(truth, CV_32F, 1.0 / 255);
    const auto t0 = std::chrono::steady_clock::now();
    const photo::Matte m = photo::compute_matte(img);
    const cv::Mat alpha = photo::matte_alpha(m, img, cv::Rect2d(0, 0, img.cols, img.rows));
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    cv::Mat diff = alpha - truth;
    const cv::Mat solid = truth > kSolid;
    const int n_solid = cv::countNonZero(solid);
    const int n_holes = cv::countNonZero(solid & (alpha < kHole));
    if (!dump.empty()) {
        cv::Mat a8;
        alpha.convertTo(a8, CV_8U, 255);
        cv::imwrite(dump + "/" + cells[0] + ".png", a8);
    }
    const std::string source = cells.size() > 3 && !cells[3].empty() ? cells[3] : cells[0];
    return Result{cells[0], bench::half_of(source), diff.dot(diff) / double(diff.total()),
                  n_solid ? double(n_holes) / n_solid : 0.0, ms,
                  photo::unsure_share(m, cv::Rect2d(0, 0, img.cols, img.rows)).value_or(0.0)};
}

void print_row(const std::string& name, const char* half, const Sum& s) {
    if (s.n == 0) return;
    fmt::print("{:<16} {:<9} {:>3} {:>10.5f} {:>10.5f} {:>8.3f}% {:>8.3f}% {:>8.1f}\n", name, half, s.n, s.mse / s.n,
               s.max_mse, 100 * s.holes / s.n, 100 * s.max_holes, s.ms / s.n);
}

}  // namespace

int main(int argc, char** argv) {
    photo::retain_freed_memory();  // as idphoto does (libphoto/memory.hpp)
    if (argc < 2) {
        fmt::print(stderr, "usage: {} <dir with index.csv> [--each] [--dump <out_dir>]\n", argv[0]);
        return 2;
    }
    cv::setNumThreads(1);  // the speed target is for one core
    const std::string dir = argv[1];
    bool each = false;
    std::string dump;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--each") each = true;
        else if (a == "--dump" && i + 1 < argc) dump = argv[++i];
    }
    std::ifstream index(dir + "/index.csv");
    if (!index) {
        fmt::print(stderr, "cannot read {}/index.csv\n", dir);
        return 1;
    }
    std::string line;
    std::getline(index, line);  // header
    std::map<std::string, Halves> kinds;
    std::map<std::string, Result> worst;  // by MSE, per kind
    Halves all;
    Sum both;  // the whole set, as the figures before the split
    if (each) fmt::print("{:<44} {:<9} {:>10} {:>9} {:>7} {:>7}\n", "image", "half", "alpha MSE", "holes", "ms", "unsure");
    while (std::getline(index, line)) {
        const auto cells = split(line);
        if (cells.size() < 3) continue;
        const auto r = measure(dir, cells, dump);
        if (!r) continue;
        kinds[cells[2]][int(r->half)].add(*r);
        all[int(r->half)].add(*r);
        both.add(*r);
        if (!worst.count(cells[2]) || r->mse > worst.at(cells[2]).mse) worst.insert_or_assign(cells[2], *r);
        if (each)
            fmt::print("{:<44} {:<9} {:>10.5f} {:>8.3f}% {:>7.1f} {:>6.1f}%\n", r->image, bench::to_string(r->half), r->mse,
                       100 * r->holes, r->ms, 100 * r->unsure);
    }
    if (both.n == 0) {
        fmt::print(stderr, "no images\n");
        return 1;
    }
    if (each) fmt::print("\n");
    fmt::print("{:<16} {:<9} {:>3} {:>10} {:>10} {:>9} {:>9} {:>8}\n", "backdrop", "half", "n", "alpha MSE", "worst",
               "holes", "worst", "ms/image");
    for (const auto& [name, s] : kinds)
        for (const bench::Half h : bench::kHalves) print_row(name, bench::to_string(h), s[int(h)]);
    for (const bench::Half h : bench::kHalves) print_row("overall", bench::to_string(h), all[int(h)]);
    print_row("overall", "both", both);
    fmt::print("\nworst image per backdrop kind (by alpha MSE):\n");
    for (const auto& [name, r] : worst)
        fmt::print("  {:<16} {:<44} {:<9} {:.5f} {:.3f}%\n", name, r.image, bench::to_string(r.half), r.mse,
                   100 * r.holes);
    return 0;
}
