#pragma once
// The rows bundle reports (manifest.csv, retake.csv, review.html and the summary): one per
// roster student, then one per file that belongs to no student. Its own header, so that the
// page and the lists depend on the rows and not on the whole bundle.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libphoto/core/lang.hpp"

namespace photo {

enum class RowStatus {
    ready,          // submitted as it was
    fixed,          // made by make
    retake,         // a capture check failed: a new photo is needed
    missing,        // nothing received
    name_mismatch,  // the file names someone else: a person must look
    error,          // what was sent cannot be used (not a photo, cut short, unreadable archive)
    unmatched,      // a file that names no roster student
    duplicate,      // another photo of the same student was used
    ignored,        // not an image
    unreadable,     // a file or archive member that could not be read at all
};

// The stable code ("name_mismatch"): review.html's filters, the English lists.
const char* to_string(RowStatus s);
// The word a person reads: 合格/已修复/需重拍/缺交/姓名不符/无法使用/未匹配/重复/非图片/无法读取, or
// the English words.
const char* label(RowStatus s, Lang lang);
// The row's fill in manifest.xlsx (0xRRGGBB): Excel's own "good" green, "bad" red and
// "neutral" yellow, so the sheet reads like a conditional format a secretary would set.
std::uint32_t status_fill(RowStatus s);
// The status a manifest.csv cell names: the code, or the Chinese or English word (bundle
// writes the word in zh and the code in en); nullopt for anything else.
std::optional<RowStatus> parse_row_status(const std::string& cell);
// Whether the row is a roster student that still needs something done (retake.csv).
bool needs_action(RowStatus s);

struct BundleRow;

// The summary a person reads after a bundle: "32 名学生：28 已修复，3 需重拍，1 缺交" whose
// counts add up to the roster (the first `students` rows are its students), then, when there
// are any, a line for the files that are nobody's ("其他文件：2 未匹配，1 重复").
std::string summarise(const std::vector<BundleRow>& rows, std::size_t students, Lang lang);

// One manifest row: a roster student, or a file that belongs to no roster student.
struct BundleRow {
    std::string student_id, name;
    RowStatus status = RowStatus::missing;
    std::string reason;     // in the chosen language; what the student or clerk must do
    std::string source;     // the input file
    std::string output;     // photos/<id>.jpg, relative to the bundle folder
    std::string before_jpeg, after_jpeg;  // small thumbnails for review.html (JPEG bytes)
    std::string continued;  // what make continued below the photo (continuation_note), for review.html
    std::string override_note;  // the department's decision from overrides.csv, when one was applied
    std::string sender;         // the address the photo was mailed from, when it came by email
};

}  // namespace photo
