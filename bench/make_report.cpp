// make_report DATA_DIR [PRESET]: the accuracy of `make` on a labelled folder.
//
// DATA_DIR holds labels.csv (file,verdict,expected_failures,note) as in shared/testdata.
// For every FIXABLE photo: make it, then measure the output independently (verify_photo:
// decode, re-detect the face, crown by colour, JFIF header) against every number of the
// preset. For every RETAKE photo labelled face.count, face.cut_off or face.resolution:
// make must refuse it with that id. Prints one line per photo and a summary.
#include <chrono>
#include <fstream>
#include <sstream>

#include <fmt/core.h>
#include <opencv2/imgcodecs.hpp>

#include "libphoto/memory.hpp"
#include "libphoto/error.hpp"
#include "libphoto/make.hpp"
#include "libphoto/verify.hpp"

using namespace photo;

namespace {
struct Label {
    std::string file, verdict, expected;
};

std::vector<Label> read_labels(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error("io.read", "cannot read " + path);
    std::vector<Label> labels;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::stringstream ss(line);
        Label l;
        std::getline(ss, l.file, ',');
        std::getline(ss, l.verdict, ',');
        std::getline(ss, l.expected, ',');
        if (!l.file.empty()) labels.push_back(l);
    }
    return labels;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}
}  // namespace

int main(int argc, char** argv) {
    photo::retain_freed_memory();  // as idphoto does (libphoto/memory.hpp)
    if (argc < 2) {
        fmt::print(stderr, "usage: make_report DATA_DIR [PRESET]   (e.g. ../shared/testdata)\n");
        return 2;
    }
    const std::string dir = argv[1];
    const Preset preset = find_preset(argc > 2 ? argv[2] : "chsi");
    const auto model = FaceModel::load();
    const cv::Scalar backdrop = preset.backgrounds.front().bgr;

    int fixable = 0, fixable_ok = 0, refusals = 0, refusals_ok = 0;
    double total_ms = 0;
    for (const Label& l : read_labels(dir + "/labels.csv")) {
        const bool is_fixable = l.verdict == "FIXABLE";
        const bool is_refusal = l.verdict == "RETAKE" &&
                                (l.expected == "face.count" || l.expected == "face.cut_off" || l.expected == "face.resolution");
        if (!is_fixable && !is_refusal) continue;
        std::string outcome;
        bool good = false;
        try {
            const auto t0 = std::chrono::steady_clock::now();
            const Analysis a = analyse(load_image(dir + "/" + l.file, load_options_for(preset)), *model, l.file);
            const MakeResult r = make_photo(a, preset, {});
            total_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            if (is_fixable && r.made()) {
                const cv::Mat out = cv::imdecode(r.jpeg->bytes, cv::IMREAD_COLOR);
                const Verified v = verify_photo(out, backdrop, *model, &r.jpeg->bytes);
                const auto bad = verify_failures(v, preset);
                good = bad.empty();
                outcome = fmt::format("crown {:.0f} eye {:.0f} face {:.0f} centre {:+.0f} {:.1f}KB q{} bg {:.1f}/{:.1f}",
                                      v.crown, v.eye_y, v.face_w, v.centre_offset, v.bytes / 1024.0,
                                      r.jpeg->quality, v.top_strip_distance, v.top_strip_sd);
                for (const auto& b : bad) outcome += " FAIL:" + b;
            } else if (is_fixable) {
                outcome = "refused:";
                for (const auto& id : r.reasons) outcome += " " + id;
            } else {
                good = !r.made() && contains(r.reasons, l.expected);
                outcome = r.made() ? "made (should refuse)" : "refused:";
                for (const auto& id : r.reasons) outcome += " " + id;
            }
        } catch (const Error& e) {
            outcome = std::string("error: ") + e.what();
            good = is_refusal;  // an unreadable "photo" is refused too, but say so
        }
        (is_fixable ? fixable : refusals)++;
        (is_fixable ? fixable_ok : refusals_ok) += good;
        fmt::print("{:<4} {:<8} {:<52} {}\n", good ? "ok" : "BAD", is_fixable ? "FIXABLE" : l.expected, l.file, outcome);
    }
    fmt::print("\nFIXABLE made and compliant (independent measurement): {}/{}\n", fixable_ok, fixable);
    fmt::print("RETAKE (face.count/cut_off/resolution) refused with the labelled id: {}/{}\n", refusals_ok, refusals);
    fmt::print("mean time per photo (decode+analyse+make, models loaded once): {:.0f} ms\n",
               total_ms / std::max(1, fixable + refusals));
    return 0;
}
