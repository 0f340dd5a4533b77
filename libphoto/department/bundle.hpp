#pragma once
// `bundle`: the department's whole job. Sort the inbox against the roster, check every
// chosen photo, keep the ready ones as they are, make the fixable ones, and write what goes
// to the academic affairs office (photos/ and one zip) and what stays with the department
// (manifest.csv, retake.csv, review.html).
#include <string>
#include <vector>

#include "libphoto/face/face.hpp"
#include "libphoto/department/inbox.hpp"
#include "libphoto/department/manifest.hpp"
#include "libphoto/department/originals.hpp"
#include "libphoto/analysis/preset.hpp"
#include "libphoto/core/lang.hpp"

namespace photo {

struct BundleOptions {
    std::string out_dir;
    std::string background;            // as for make
    bool name_by_id_number = false;    // photos/<身份证号>.jpg instead of <学号>.jpg
    Lang lang = Lang::zh;
    int jobs = 0;
};

struct BundleResult {
    std::vector<BundleRow> rows;
    std::vector<RosterIssue> override_issues;  // rows of overrides.csv not used, with their lines
    std::string overrides_path;                // DIR/overrides.csv: read, or written empty to fill in
    std::string zip_path;
    int ready = 0, fixed = 0, needs_action = 0;
};

// What bundle reads: the images and the other files of the inbox (archive members unpacked),
// what could not be read, and every original file, which no output may overwrite.
struct BundleInputs {
    std::vector<InputFile> images, ignored;
    std::vector<InputProblem> problems;  // files that could not be read: each is a manifest row
    Originals originals;
};

// Zips the photos with `zip` (a function so that the archive module stays optional here).
using ZipWriter = void (*)(const std::string& zip_path, const std::vector<std::pair<std::string, std::string>>& entries);

// DIR/overrides.csv (overrides.hpp) is read when it is there, and written with its header
// only when it is not, for staff to fill in before the next run.
// Throws Error(Errc::usage_output) before any work when a list or the zip would overwrite an
// original; a photo that would is that student's error.
BundleResult run_bundle(const BundleInputs& inputs, const Roster& roster, const Preset& preset,
                        const BundleOptions& options, const FaceModel& model, ZipWriter zip);

}  // namespace photo
