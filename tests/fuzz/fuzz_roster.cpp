// libFuzzer target for the roster reader (roster.hpp): the input is the bytes of a CSV file
// as a department might send it. Either it is refused with a roster error, or every student
// kept and every issue reported must be what roster.hpp describes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "invariant.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/department/naming.hpp"
#include "libphoto/department/roster.hpp"

namespace {

using photo::text::valid_utf8;

bool ascii_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 17 digits and a digit or X: the shape of a 身份证号, which must then pass its checksum.
bool id_number_shaped(const std::string& s) {
    return s.size() == 18 && ascii_digits(s.substr(0, 17)) && (ascii_digits(s.substr(17)) || s[17] == 'X');
}

void check_student(const photo::Student& s, std::set<std::string>& ids,
                   std::set<std::string>& id_numbers) {
    fuzz::require(ascii_digits(s.student_id), "a kept 学号 is ASCII digits");
    fuzz::require(!s.name.empty(), "a kept student has a name");
    for (const std::string* f : {&s.student_id, &s.name, &s.id_number, &s.department, &s.class_name})
        fuzz::require(valid_utf8(*f), "every cell is UTF-8");
    fuzz::require(s.line >= 1, "lines count from 1");
    fuzz::require(ids.insert(s.student_id).second, "no 学号 is kept twice");
    fuzz::require(s.id_number.empty() || id_numbers.insert(s.id_number).second, "no 身份证号 is kept twice");
    fuzz::require(!id_number_shaped(s.id_number) || photo::valid_id_number(s.id_number),
                  "a kept 身份证号 passes its check character");
}

// find() and match_photo scan the roster, so only the first students are looked up: all of
// them would make a 64 KB roster of short rows quadratic and hide real slowness in the noise.
constexpr std::size_t kLookedUp = 16;

void check_lookups(const photo::Roster& r, const photo::Student& s) {
    fuzz::require(r.find(s.student_id) == &s, "find gives the student with that 学号");
    fuzz::require(s.id_number.empty() || r.find_id_number(s.id_number) == &s,
                  "find_id_number gives the student with that number");
    // The names a roster holds are what the file-name matcher compares against.
    const photo::Match m = photo::match_photo(photo::parse_photo_name(s.student_id + " " + s.name + ".jpg"), r);
    const auto& all = r.students;
    fuzz::require(!m.student || (m.student >= all.data() && m.student < all.data() + all.size()),
                  "a match points at a kept student");
}

void check_issue(const photo::RosterIssue& i) {
    static const std::set<std::string> codes = {"empty_student_id", "bad_student_id", "duplicate_id",
                                                "empty_name", "control_in_name", "bad_id_number", "duplicate_id_number",
                                                "unterminated_quote"};
    fuzz::require(codes.count(i.code) == 1, "an issue has a documented code");
    fuzz::require(i.line >= 1, "an issue names a line");
    fuzz::require(valid_utf8(i.message_zh) && valid_utf8(i.message_en), "issue messages are UTF-8");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    photo::Roster roster;
    try {
        roster = photo::parse_roster(std::string(reinterpret_cast<const char*>(data), size), "roster.csv");
    } catch (const photo::Error& e) {
        fuzz::require(e.code() == "roster.invalid", "a refused roster is roster.invalid");
        return 0;
    }
    static const std::set<std::string> encodings = {"utf-8", "utf-8-bom", "gbk", "utf-16"};
    fuzz::require(encodings.count(roster.encoding) == 1, "the encoding is one roster.hpp names");
    std::set<std::string> ids, id_numbers;
    for (const photo::Student& s : roster.students) check_student(s, ids, id_numbers);
    for (const photo::RosterIssue& i : roster.issues) check_issue(i);
    for (std::size_t i = 0; i < std::min(kLookedUp, roster.students.size()); ++i)
        check_lookups(roster, roster.students[i]);
    return 0;
}
