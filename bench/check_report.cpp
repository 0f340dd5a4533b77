// check_report DATA_DIR [--preset ID] [--labels FILE DIR]...: the accuracy of `check` on
// labelled photos, printed for the tuning and the reporting half (bench/labelled.hpp).
//
// DATA_DIR holds labels.csv (file,verdict,expected_failures,note) as in shared/testdata; each
// --labels adds a further labelled set whose files are relative to DIR. Prints each photo's
// half, verdict and failed ids, then per half: usable photos (FIXABLE/READY) accepted, bad
// photos (RETAKE) caught, the labelled reason among the failed ids, the labelled reason
// given first, and the time per photo.
#include <chrono>

#include <fmt/core.h>

#include "bench/labelled.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/render/make.hpp"
#include "libphoto/core/memory.hpp"

using namespace photo;

int main(int argc, char** argv) {
    photo::retain_freed_memory();  // as idphoto does (libphoto/memory.hpp)
    const auto args = bench::parse_report_args(argc, argv, "check_report");
    if (!args) return 2;
    const Preset preset = find_preset(args->preset_id);
    const auto model = FaceModel::load();
    bench::Tally usable, caught, named, first;
    double ms = 0;
    int photos = 0;
    for (const auto& l : args->labels) {
        if (l.verdict != "FIXABLE" && l.verdict != "RETAKE" && l.verdict != "READY") continue;
        const bench::Half half = bench::half_of(l.file);
        std::string verdict;
        std::vector<std::string> failed;  // capture failures first, in the order check reports them
        const auto t0 = std::chrono::steady_clock::now();
        try {
            const Analysis a = analyse_file(l.path(), *model, load_options_for(preset), analyse_options_for(preset));
            const auto checks = run_checks({a, preset, plan_framing(a, preset)});
            verdict = to_string(verdict_of(checks));
            for (const auto& c : checks)
                if (c.status == CheckStatus::fail) failed.push_back(c.id);
        } catch (const Error& e) {
            verdict = "error";
            failed.push_back(e.what());
        }
        ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        ++photos;
        bool good = false;
        if (l.verdict == "FIXABLE" || l.verdict == "READY") {
            good = verdict == "fixable" || verdict == "ready";
            usable.add(half, good);
        } else {
            good = verdict == "retake";
            caught.add(half, good);
        }
        if (!l.expected.empty()) {
            const bool found = std::find(failed.begin(), failed.end(), l.expected) != failed.end();
            named.add(half, found);
            first.add(half, !failed.empty() && failed.front() == l.expected);
            good = good && found;
        }
        std::string ids;
        for (const auto& f : failed) ids += (ids.empty() ? "" : " ") + f;
        fmt::print("{:<4} {:<9} {:<8} {:<8} {:<52} {}\n", good ? "ok" : "BAD", bench::to_string(half), l.verdict,
                   verdict, l.file, ids);
    }
    for (const bench::Half h : bench::kHalves) {
        fmt::print("\n{} half:\n", bench::to_string(h));
        fmt::print("  usable photos (FIXABLE/READY) accepted: {}\n", usable.text(h));
        fmt::print("  bad photos (RETAKE) judged retake:      {}\n", caught.text(h));
        fmt::print("  labelled check id among the failed:     {}\n", named.text(h));
        fmt::print("  labelled check id given first:          {}\n", first.text(h));
    }
    fmt::print("\nmean time per photo (read+decode+analyse+checks, models loaded once): {:.0f} ms\n",
               ms / std::max(1, photos));
    return 0;
}
