#pragma once
// Labelled data for the accuracy reports: labels.csv rows (file,verdict,expected_failures,note)
// and the split into a tuning half and a reporting half.
//
// Our own labelled photos score 100 % while photos nobody here saw score lower: whatever the
// analysis is tuned on, it fits. So every report prints both halves, and a change is judged on
// the half it was not tuned on (the reporting half). The half is a stable hash of the name (the
// same on every machine and in every run), never a choice: a file cannot be moved to the half
// where it helps.
#include <array>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "libphoto/core/error.hpp"
#include "libphoto/department/inputs.hpp"

namespace bench {

enum class Half { tuning, reporting };

// The half of a name: photos by their path in the labels, composites by their source portrait
// (one person's four backdrops stay in one half, or the reporting half would hold people the
// analysis was tuned on).
inline Half half_of(const std::string& name) {
    return (photo::mix64(photo::fnv1a(name.data(), name.size())) & 1) ? Half::reporting : Half::tuning;
}

inline const char* to_string(Half h) { return h == Half::tuning ? "tuning" : "reporting"; }

constexpr std::array<Half, 2> kHalves = {Half::tuning, Half::reporting};

struct Label {
    std::string file, verdict, expected, note;
    std::string dir;  // the folder `file` is relative to
    std::string path() const { return dir + "/" + file; }
};

// Rows of `labels_csv`, whose files are relative to `dir`. Throws photo::Error(photo::Errc::io_read).
inline std::vector<Label> read_labels(const std::string& labels_csv, const std::string& dir) {
    std::ifstream in(labels_csv);
    if (!in) throw photo::Error(photo::Errc::io_read, "cannot read " + labels_csv);
    std::vector<Label> labels;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        std::stringstream ss(line);
        Label l;
        std::getline(ss, l.file, ',');
        std::getline(ss, l.verdict, ',');
        std::getline(ss, l.expected, ',');
        std::getline(ss, l.note);
        l.dir = dir;
        if (!l.file.empty()) labels.push_back(l);
    }
    return labels;
}

// A report's command line: DATA_DIR [--preset ID] [--labels FILE DIR]... (the older form
// DATA_DIR PRESET too). The labels are DATA_DIR/labels.csv, then each further labelled set
// whose files are relative to its DIR (e.g. bench/labels_shared_extra.csv over
// ../shared/testdata, or the folder bench/make_unseen_set wrote).
struct ReportArgs {
    std::string preset_id = "chsi";
    std::vector<Label> labels;
};

// Prints the usage or the error and returns nullopt when the arguments or the labels are wrong.
inline std::optional<ReportArgs> parse_report_args(int argc, char** argv, const char* program) {
    if (argc < 2) {
        fmt::print(stderr, "usage: {} DATA_DIR [--preset ID] [--labels FILE DIR]...   (e.g. ../shared/testdata)\n", program);
        return std::nullopt;
    }
    ReportArgs r;
    std::vector<std::pair<std::string, std::string>> sets = {{std::string(argv[1]) + "/labels.csv", argv[1]}};
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--preset" && i + 1 < argc) r.preset_id = argv[++i];
        else if (a == "--labels" && i + 2 < argc) sets.emplace_back(argv[i + 1], argv[i + 2]), i += 2;
        else if (i == 2 && a[0] != '-') r.preset_id = a;
        else {
            fmt::print(stderr, "{}: unknown argument {}\n", program, a);
            return std::nullopt;
        }
    }
    try {
        for (const auto& [csv, dir] : sets) {
            auto more = read_labels(csv, dir);
            r.labels.insert(r.labels.end(), more.begin(), more.end());
        }
    } catch (const photo::Error& e) {
        fmt::print(stderr, "{}: {}\n", program, e.what());
        return std::nullopt;
    }
    return r;
}

// A count of hits out of a total, per half.
struct Tally {
    std::array<int, 2> hits{}, total{};
    void add(Half h, bool hit) { total[int(h)] += 1, hits[int(h)] += hit; }
    std::string text(Half h) const {
        const int t = total[int(h)], k = hits[int(h)];
        return fmt::format("{}/{} ({:.0f}%)", k, t, t ? 100.0 * k / t : 0.0);
    }
};

}  // namespace bench
