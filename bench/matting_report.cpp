// Matte accuracy and speed on composites with exact alpha: reads <dir>/index.csv (columns
// image,alpha,background,source), runs compute_matte on each whole image without a face, and
// prints per backdrop kind and overall: mean alpha MSE, the fraction of solid-person pixels
// (true alpha > 0.95) that get alpha < 0.5 ("holes"), and mean milliseconds per image.
//   matting_report <dir> [--each] [--dump <out_dir>]
// --each prints every image; --dump writes each estimated alpha as <out_dir>/<image>.png.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libphoto/memory.hpp"
#include "libphoto/matte.hpp"

namespace {

// A solid person pixel, and what counts as a hole in it.
constexpr double kSolid = 0.95;
constexpr double kHole = 0.5;

struct Sum {
    double mse = 0, holes = 0, ms = 0;
    int n = 0;
    void add(double m, double h, double t) { mse += m, holes += h, ms += t, ++n; }
};

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

void print_row(const std::string& name, const Sum& s) {
    std::printf("%-16s %4d %12.5f %10.3f%% %9.1f\n", name.c_str(), s.n, s.mse / s.n, 100 * s.holes / s.n, s.ms / s.n);
}

}  // namespace

int main(int argc, char** argv) {
    photo::retain_freed_memory();  // as idphoto does (libphoto/memory.hpp)
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <dir with index.csv> [--each] [--dump <out_dir>]\n", argv[0]);
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
        std::fprintf(stderr, "cannot read %s/index.csv\n", dir.c_str());
        return 1;
    }
    std::string line;
    std::getline(index, line);  // header
    std::map<std::string, Sum> kinds;
    Sum all;
    while (std::getline(index, line)) {
        const auto cells = split(line);
        if (cells.size() < 3) continue;
        const cv::Mat img = cv::imread(dir + "/" + cells[0], cv::IMREAD_COLOR);
        cv::Mat truth = cv::imread(dir + "/" + cells[1], cv::IMREAD_GRAYSCALE);
        if (img.empty() || truth.empty() || truth.size() != img.size()) {
            std::fprintf(stderr, "skipping %s: unreadable or size mismatch\n", cells[0].c_str());
            continue;
        }
        truth.convertTo(truth, CV_32F, 1.0 / 255);
        const auto t0 = std::chrono::steady_clock::now();
        const photo::Matte m = photo::compute_matte(img);
        const cv::Mat alpha = photo::matte_alpha(m, img, cv::Rect2d(0, 0, img.cols, img.rows));
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        cv::Mat diff = alpha - truth;
        const double mse = diff.dot(diff) / double(diff.total());
        const cv::Mat solid = truth > kSolid;
        const int n_solid = cv::countNonZero(solid);
        const int n_holes = cv::countNonZero(solid & (alpha < kHole));
        const double holes = n_solid ? double(n_holes) / n_solid : 0.0;
        kinds[cells[2]].add(mse, holes, ms);
        all.add(mse, holes, ms);
        if (each) std::printf("%-40s %10.5f %9.3f%% %8.1f ms\n", cells[0].c_str(), mse, 100 * holes, ms);
        if (!dump.empty()) {
            cv::Mat a8;
            alpha.convertTo(a8, CV_8U, 255);
            cv::imwrite(dump + "/" + cells[0] + ".png", a8);
        }
    }
    if (all.n == 0) {
        std::fprintf(stderr, "no images\n");
        return 1;
    }
    std::printf("%-16s %4s %12s %11s %9s\n", "backdrop", "n", "alpha MSE", "holes", "ms/image");
    for (const auto& [name, s] : kinds) print_row(name, s);
    print_row("overall", all);
    return 0;
}
