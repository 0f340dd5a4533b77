// make_report DATA_DIR [--preset ID] [--labels FILE DIR]...: the accuracy of `make` on labelled
// photos, printed for the tuning and the reporting half (bench/labelled.hpp).
//
// DATA_DIR holds labels.csv (file,verdict,expected_failures,note) as in shared/testdata; each
// --labels adds a further labelled set whose files are relative to DIR.
// For every FIXABLE photo: make it, then measure the output independently (verify_photo:
// decode, re-detect the face, crown by colour, JFIF header) against every number of the
// preset. Every RETAKE photo must be refused, with the labelled id among the reasons: nothing
// is made of a photo that needs a retake. Prints one line per photo and a summary.
#include <algorithm>
#include <chrono>

#include <fmt/core.h>
#include <opencv2/imgcodecs.hpp>

#include "bench/labelled.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/core/memory.hpp"
#include "libphoto/render/make.hpp"
#include "libphoto/checks/verify.hpp"

using namespace photo;

namespace {
bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}
}  // namespace

int main(int argc, char** argv) {
    photo::retain_freed_memory();  // as idphoto does (libphoto/memory.hpp)
    const auto args = bench::parse_report_args(argc, argv, "make_report");
    if (!args) return 2;
    const Preset preset = find_preset(args->preset_id);
    const auto model = FaceModel::load();
    const cv::Scalar backdrop = preset.backgrounds.front().bgr;

    bench::Tally made, refused;
    int photos = 0;
    double total_ms = 0;
    for (const bench::Label& l : args->labels) {
        const bool is_fixable = l.verdict == "FIXABLE";
        const bool is_refusal = l.verdict == "RETAKE";
        if (!is_fixable && !is_refusal) continue;
        std::string outcome;
        bool good = false;
        try {
            const auto t0 = std::chrono::steady_clock::now();
            const Analysis a = analyse(load_image(l.path(), load_options_for(preset)), *model, l.file, analyse_options_for(preset));
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
                good = !r.made() && (l.expected.empty() || contains(r.reasons, l.expected));
                outcome = r.made() ? "made (should refuse)" : "refused:";
                for (const auto& id : r.reasons) outcome += " " + id;
            }
        } catch (const Error& e) {
            outcome = std::string("error: ") + e.what();
            good = is_refusal;  // an unreadable "photo" is refused too, but say so
        }
        const bench::Half half = bench::half_of(l.file);
        (is_fixable ? made : refused).add(half, good);
        ++photos;
        fmt::print("{:<4} {:<9} {:<8} {:<52} {}\n", good ? "ok" : "BAD", bench::to_string(half),
                   is_fixable ? "FIXABLE" : l.expected, l.file, outcome);
    }
    for (const bench::Half h : bench::kHalves) {
        fmt::print("\n{} half:\n", bench::to_string(h));
        fmt::print("  FIXABLE made and compliant (independent measurement): {}\n", made.text(h));
        fmt::print("  RETAKE refused (with the labelled id): {}\n", refused.text(h));
    }
    fmt::print("\nmean time per photo (decode+analyse+make, models loaded once): {:.0f} ms\n",
               total_ms / std::max(1, photos));
    return 0;
}
