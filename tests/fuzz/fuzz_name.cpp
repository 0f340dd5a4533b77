// libFuzzer target for photo file names (naming.hpp): the input is one file name as a zip or
// a chat app delivers it, in any bytes. It is parsed, matched against a small roster, compared
// as a name and used as a rename pattern; each must keep what naming.hpp promises.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "invariant.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/department/naming.hpp"

namespace {

using photo::text::valid_utf8;

// Every pattern field is set for someone and empty for someone, and two students share a
// name (so a match by name alone must not pick either).
const photo::Roster& roster() {
    static const photo::Roster r = [] {
        photo::Roster r;
        r.students = {
            {"16307110000", "张三", "11010519491231002X", "计算机学院", "计科1班", 2},
            {"16307110001", "李四", "", "数学学院", "", 3},
            {"16307110002", "李四", "440304199001011233", "", "", 4},
            {"20210001", "John Smith", "E12345678", "", "", 5},
            {"20210002", "买买提·艾力", "", "", "2班", 6},
        };
        return r;
    }();
    return r;
}

bool all_of(const std::string& s, bool (*pred)(char)) { return std::all_of(s.begin(), s.end(), pred); }
bool ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool digit_or_x(char c) { return ascii_digit(c) || c == 'X'; }

void check_parsed(const photo::ParsedName& p) {
    fuzz::require(valid_utf8(p.name), "the parsed name is UTF-8");
    fuzz::require(p.student_id.empty() || (p.student_id.size() >= 6 && p.student_id.size() <= 14 &&
                                           all_of(p.student_id, ascii_digit)),
                  "a parsed 学号 is 6-14 ASCII digits");
    fuzz::require(p.id_number.empty() || (p.id_number.size() == 18 && all_of(p.id_number, digit_or_x)),
                  "a parsed 身份证号 is 18 digits or X, upper-case");
}

void check_match(const photo::Match& m) {
    const bool has_student = m.status == photo::MatchStatus::matched ||
                             m.status == photo::MatchStatus::name_mismatch;
    fuzz::require(has_student == (m.student != nullptr), "a student is given exactly when matched or mismatched");
    const auto& all = roster().students;
    fuzz::require(!m.student || (m.student >= all.data() && m.student < all.data() + all.size()),
                  "the matched student is the roster's");
}

// Output of format_pattern: what every file system accepts, as naming.hpp lists it.
void check_file_name(const std::string& name) {
    fuzz::require(!name.empty() && valid_utf8(name), "a formatted name is non-empty UTF-8");
    const std::u32string s = photo::text::decode_utf8(name);
    constexpr std::u32string_view kForbidden = U"/\\:*?\"<>|";
    for (char32_t c : s)
        fuzz::require(c >= 0x20 && c != 0x7F && kForbidden.find(c) == std::u32string_view::npos,
                      "a formatted name has no character a file system refuses");
    fuzz::require(s.back() != U'.' && !photo::text::is_space(s.back()),
                  "a formatted name does not end in a dot or a space");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);

    const photo::ParsedName parsed = photo::parse_photo_name(input);  // documented never to throw
    check_parsed(parsed);
    check_match(photo::match_photo(parsed, roster()));
    fuzz::require(photo::same_name(input, parsed.name) == photo::same_name(parsed.name, input),
                  "same_name is symmetric");

    for (const photo::Student& s : roster().students) {
        try {
            check_file_name(photo::format_pattern(input, s));
        } catch (const photo::Error& e) {
            fuzz::require(e.code() == "naming.pattern", "format_pattern throws only naming.pattern");
        }
    }
    return 0;
}
