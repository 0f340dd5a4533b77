#pragma once
// `batch`: make for every photo in a list, on every core, resumable. Each output records in
// a JPEG comment which input bytes and settings made it, so a run that was killed half-way
// and started again skips what is done and redoes only the rest; outputs are written
// atomically, so none is ever half-written.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libphoto/face/face.hpp"
#include "libphoto/department/inputs.hpp"
#include "libphoto/render/make.hpp"
#include "libphoto/analysis/preset.hpp"
#include "libphoto/core/lang.hpp"

namespace photo {

struct BatchOptions {
    std::string out_dir;
    std::string background;     // as for make
    int jobs = 0;               // 0 = one per core
    int shard_index = 0;        // take the inputs whose path hashes to shard_index mod shard_count
    int shard_count = 1;
    Lang lang = Lang::en;       // of the check messages in report.jsonl
};

// ignored: a file in a folder that is not an image (a note, a .DS_Store).
enum class BatchStatus { made, skipped, retake, error, ignored };

struct BatchItem {
    InputFile input;
    std::string output;         // DIR/<relative stem>.jpg
    BatchStatus status = BatchStatus::error;
    std::string json;           // the make JSON line for the report
    std::vector<std::string> reasons;
    std::vector<CheckResult> failed;  // retake: the checks that failed, with their advice
    std::string error;
    std::optional<OutputMeasures> measures;
    std::size_t bytes = 0;
};

struct BatchSummary {
    std::vector<BatchItem> items;  // in input order
    int made = 0, skipped = 0, retake = 0, errors = 0, ignored = 0;
};

// Called from worker threads, one call at a time, after each photo.
using BatchProgress = std::function<void(const BatchItem& item, std::size_t done, std::size_t total)>;

// The inputs this shard takes (all of them for one shard), in order.
std::vector<InputFile> shard_of(const std::vector<InputFile>& inputs, int index, int count);

// Runs make over `inputs` and writes the photos and DIR/report.jsonl + DIR/report.csv; an
// output that would replace one of `originals` (InputList::originals) is that photo's error.
// Throws Error(Errc::io_write) when the output folder cannot be made or written, and
// Error(Errc::usage_output) when a report would replace an original.
BatchSummary run_batch(const std::vector<InputFile>& inputs, const Originals& originals, const Preset& preset,
                       const BatchOptions& options, const FaceModel& model, const BatchProgress& progress);

const char* to_string(BatchStatus s);

}  // namespace photo
