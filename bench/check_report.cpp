// check_report DATA_DIR [PRESET]: the accuracy of `check` on a labelled folder.
//
// DATA_DIR holds labels.csv (file,verdict,expected_failures,note) as in shared/testdata.
// Prints each photo's verdict and failed ids, then: FIXABLE judged fixable or ready,
// RETAKE judged retake, labelled failures found among the failed ids, time per photo.
#include <chrono>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "libphoto/memory.hpp"
#include "libphoto/error.hpp"
#include "libphoto/make.hpp"

using namespace photo;

int main(int argc, char** argv) {
    photo::retain_freed_memory();  // as idphoto does (libphoto/memory.hpp)
    if (argc < 2) {
        fmt::print(stderr, "usage: check_report DATA_DIR [PRESET]   (e.g. ../shared/testdata)\n");
        return 2;
    }
    const std::string dir = argv[1];
    const Preset preset = find_preset(argc > 2 ? argv[2] : "chsi");
    const auto model = FaceModel::load();
    std::ifstream labels(dir + "/labels.csv");
    if (!labels) {
        fmt::print(stderr, "cannot read {}/labels.csv\n", dir);
        return 2;
    }
    int fixable = 0, fixable_ok = 0, retake = 0, retake_ok = 0, ids = 0, ids_ok = 0, photos = 0;
    double ms = 0;
    std::string line;
    std::getline(labels, line);
    while (std::getline(labels, line)) {
        std::stringstream ss(line);
        std::string file, want, expected;
        std::getline(ss, file, ',');
        std::getline(ss, want, ',');
        std::getline(ss, expected, ',');
        if (want != "FIXABLE" && want != "RETAKE" && want != "READY") continue;
        std::string verdict, failed;
        const auto t0 = std::chrono::steady_clock::now();
        try {
            const Analysis a = analyse_file(dir + "/" + file, *model, load_options_for(preset));
            const auto checks = run_checks({a, preset, plan_framing(a, preset)});
            verdict = to_string(verdict_of(checks));
            for (const auto& c : checks)
                if (c.status == CheckStatus::fail) failed += (failed.empty() ? "" : " ") + c.id;
        } catch (const Error& e) {
            verdict = "error";
            failed = e.what();
        }
        ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        ++photos;
        bool good = false;
        if (want == "FIXABLE" || want == "READY") {
            good = verdict == "fixable" || verdict == "ready";
            ++fixable;
            fixable_ok += good;
        } else {
            good = verdict == "retake";
            ++retake;
            retake_ok += good;
        }
        if (!expected.empty()) {
            const bool found = (" " + failed + " ").find(" " + expected + " ") != std::string::npos;
            ++ids;
            ids_ok += found;
            good = good && found;
        }
        fmt::print("{:<4} {:<8} {:<8} {:<52} {}\n", good ? "ok" : "BAD", want, verdict, file, failed);
    }
    auto pct = [](int a, int b) { return b ? 100.0 * a / b : 0.0; };
    fmt::print("\nFIXABLE/READY judged fixable or ready: {}/{} ({:.0f}%)\n", fixable_ok, fixable, pct(fixable_ok, fixable));
    fmt::print("RETAKE judged retake: {}/{} ({:.0f}%)\n", retake_ok, retake, pct(retake_ok, retake));
    fmt::print("labelled check id among the failed: {}/{} ({:.0f}%)\n", ids_ok, ids, pct(ids_ok, ids));
    fmt::print("mean time per photo (read+decode+analyse+checks, models loaded once): {:.0f} ms\n", ms / std::max(1, photos));
    return 0;
}
