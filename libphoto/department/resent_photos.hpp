#pragma once
// Of the photos one student sent (a first try, then a re-send named "(1)" or mailed again),
// the one to use: the best verdict first (ready, then fixable, then retake, then unreadable),
// then the newest file, then sort_inbox's order (not a copy, larger, first by name). A student
// who sent a smiling photo and then a good one gets the good one, not a request to retake.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libphoto/analysis/analysis.hpp"
#include "libphoto/checks/checks.hpp"
#include "libphoto/face/face.hpp"
#include "libphoto/framing/framing.hpp"
#include "libphoto/department/inbox.hpp"
#include "libphoto/analysis/preset.hpp"
#include "libphoto/core/lang.hpp"

namespace photo {

// One photo read, analysed and checked, or the reason it could not be.
struct AssessedPhoto {
    const InboxEntry* entry = nullptr;
    std::shared_ptr<const Bytes> bytes;
    std::optional<Analysis> analysis;
    std::vector<CheckResult> checks;
    std::string error;           // set when the file could not be read or analysed
    std::int64_t mtime_ns = 0;   // the file's (an archive member's as the archive records it)

    // 0 ready, 1 fixable, 2 retake, 3 error: lower is better.
    int rank() const;
};

AssessedPhoto assess_photo(const InboxEntry& entry, const Preset& preset, const FaceModel& model, Lang lang);

// The index of the photo to use among `photos`, given in sort_inbox's order of preference.
std::size_t best_photo(const std::vector<AssessedPhoto>& photos);

// For the manifest: why `photos[chosen]` was used of the several sent, e.g. "同一学生有 2 张照片，
// 使用本张：其他照片需重拍（另见 x.jpg）".
std::string choice_note(const std::vector<AssessedPhoto>& photos, std::size_t chosen, Lang lang);

}  // namespace photo
