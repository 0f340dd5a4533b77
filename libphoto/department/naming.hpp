#pragma once
// Photo file names as graduates send them ("16307110000 张三 (1).png", "张三-16307110000.jpeg",
// "１６３０７１１００００张三.JPG", "学号+姓名.jpg" typed literally, ...) read into 学号 and 姓名,
// matched against the roster, and new names made from a pattern. A name in the file that
// disagrees with the roster is reported, never silently accepted: a swapped or mistyped file
// would otherwise put one graduate's photo on another's diploma record.
#include <string>

#include "libphoto/department/roster.hpp"
#include "libphoto/department/roster_index.hpp"

namespace photo {

struct ParsedName {
    std::string student_id;  // the longest run of 6-14 digits (ASCII), "" when none
    std::string id_number;   // an 18-character 身份证号 (upper-case X), "" when none
    std::string name;        // 2-4 Chinese characters, a name with a middle dot, or Latin words
    bool copy_suffix = false;  // "(1)", "（2）", "副本", "copy": a likely duplicate of another file
};

// Reads only the last path component ('/' or '\\'). A name that is not valid UTF-8 (a zip
// made on Chinese Windows stores GBK names) is decoded as GBK. Never throws.
ParsedName parse_photo_name(const std::string& file_name);

enum class MatchStatus {
    matched,        // the 学号/身份证号 is on the roster and the name (if any) agrees
    name_mismatch,  // the 学号/身份证号 is on the roster but the file names someone else
    unmatched,      // the 学号/身份证号 is not on the roster
    no_id,          // no 学号/身份证号 in the file name, and its name matches no single student
};

struct Match {
    MatchStatus status = MatchStatus::no_id;
    const Student* student = nullptr;  // set for matched and name_mismatch (the roster's student)
    bool matched_by_name = false;      // matched only by a unique exact name: worth a look
};

// By 学号, else by 身份证号, else by a name that exactly one student has. Digits of a length
// that no 学号 on the roster has are not a 学号 (a camera's IMG_20240512_093012.jpg). Names compare after
// folding full-width characters and ignoring spaces, middle dots and (for Latin names) case
// and word order. Constant time with the index; the Roster form builds one per call, for a
// single lookup only (a loop over files or students must build the index once).
Match match_photo(const ParsedName& parsed, const RosterIndex& roster);
Match match_photo(const ParsedName& parsed, const Roster& roster);

// Whether two names are the same person's as match_photo compares them.
bool same_name(const std::string& a, const std::string& b);

// The two forms of a name that same_name compares, in code points: its words (split at
// spaces, middle dots and . _ - ,) folded to half-width lower case and joined ("zhangsan",
// "张三"), and the same words sorted and joined with a space (Latin names in either order).
// Both are empty when the name has no words. same_name(a, b) is: neither empty, and either
// form equal; a roster index keys its students by both.
struct NameKeys {
    std::u32string joined, sorted;
};
NameKeys name_keys(const std::string& name);

// Fills {学号}/{student_id}, {姓名}/{name}, {身份证号}/{id_number}, {院系}/{department},
// {班级}/{class}; characters no file system accepts (/ \ : * ? " < > | and control characters)
// become '_', and trailing dots and spaces (which Windows drops) are removed. Throws
// Error(Errc::naming_pattern) for an unknown or unclosed field, a field the student lacks, or an
// empty result. No extension is added.
std::string format_pattern(const std::string& pattern, const Student& student);

}  // namespace photo
