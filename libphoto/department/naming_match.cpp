// Matching a parsed file name to the roster: names compared by their words (either order for
// Latin names, separators and middle dots ignored), then the 学号 or 身份证号 looked up.
#include "libphoto/department/naming.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "libphoto/core/error.hpp"
#include "libphoto/department/naming_chars.hpp"

namespace photo {
namespace {

using namespace naming_chars;

// ---------------------------------------------------------------------------------------
// Name comparison

// Spaces, middle dots and the separators people put between given and family names.
bool name_separator(char32_t c) {
    return text::is_space(c) || is_name_dot(c) || c == U'.' || c == U'_' || c == U'-' || c == U',';
}

std::vector<U32> name_words(const std::string& name) {
    const U32 s = text::decode_utf8(text::to_half_width(name, text::HalfWidth::ascii));
    std::vector<U32> words(1);
    for (char32_t c : s) {
        if (!name_separator(c)) words.back() += lower(c);
        else if (!words.back().empty()) words.emplace_back();
    }
    if (words.back().empty()) words.pop_back();
    return words;
}

U32 concat(const std::vector<U32>& words) {
    U32 out;
    for (const U32& w : words) out += w;
    return out;
}

}  // namespace

NameKeys name_keys(const std::string& name) {
    std::vector<U32> words = name_words(name);
    NameKeys keys;
    if (words.empty()) return keys;
    keys.joined = concat(words);
    // Latin names come in either order ("Smith John" in a passport-style roster). A space
    // never occurs inside a word (it separates them), so equal keys mean equal sorted words.
    std::sort(words.begin(), words.end());
    for (const U32& w : words) keys.sorted += (keys.sorted.empty() ? U"" : U" ") + w;
    return keys;
}

bool same_name(const std::string& a, const std::string& b) {
    const NameKeys ka = name_keys(a), kb = name_keys(b);
    if (ka.joined.empty() || kb.joined.empty()) return false;
    return ka.joined == kb.joined || ka.sorted == kb.sorted;
}

namespace {

Match judge(const ParsedName& parsed, const Student& student) {
    const bool name_differs = !parsed.name.empty() && !same_name(parsed.name, student.name);
    const bool id_number_differs = !parsed.id_number.empty() && !student.id_number.empty() &&
                                   parsed.id_number != student.id_number;
    const auto status = (name_differs || id_number_differs) ? MatchStatus::name_mismatch
                                                            : MatchStatus::matched;
    return {status, &student, false};
}

}  // namespace

Match match_photo(const ParsedName& parsed, const RosterIndex& roster) {
    // Digits of a length no 学号 on the roster has are a camera's date or counter
    // (IMG_20240512_093012.jpg, mmexport1715480000000.jpg): the file names no student by number.
    const bool student_id_shaped = !parsed.student_id.empty() && roster.has_student_id_length(parsed.student_id.size());
    const bool has_id = student_id_shaped || !parsed.id_number.empty();
    if (!has_id) {
        const Student* s = parsed.name.empty() ? nullptr : roster.only_with_name(parsed.name);
        return s ? Match{MatchStatus::matched, s, true} : Match{};
    }
    const Student* by_student_id = student_id_shaped ? roster.find(parsed.student_id) : nullptr;
    if (by_student_id) return judge(parsed, *by_student_id);
    if (const Student* s = roster.find_id_number(parsed.id_number)) return judge(parsed, *s);
    return {MatchStatus::unmatched, nullptr, false};
}

Match match_photo(const ParsedName& parsed, const Roster& roster) {
    return match_photo(parsed, RosterIndex(roster));
}
}  // namespace photo
