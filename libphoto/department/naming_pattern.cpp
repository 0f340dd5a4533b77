// rename's --pattern: "{学号}_{姓名}" filled from a roster row, as a safe file name.
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
// Patterns

struct Field {
    std::string_view zh, en;
    std::string Student::*member;
};

constexpr std::array<Field, 5> kFields = {{
    {"学号", "student_id", &Student::student_id},
    {"姓名", "name", &Student::name},
    {"身份证号", "id_number", &Student::id_number},
    {"院系", "department", &Student::department},
    {"班级", "class", &Student::class_name},
}};

const Field* find_field(const std::string& key) {
    for (const Field& f : kFields)
        if (key == f.zh || key == f.en) return &f;
    return nullptr;
}

bool forbidden_in_file_name(char32_t c) {
    constexpr std::u32string_view kForbidden = U"/\\:*?\"<>|";
    constexpr char32_t kFirstPrintable = 0x20, kDelete = 0x7F;
    return c < kFirstPrintable || c == kDelete || kForbidden.find(c) != std::u32string_view::npos;
}

std::string sanitise_file_name(const std::string& name) {
    U32 s = text::decode_utf8(name);
    std::replace_if(s.begin(), s.end(), forbidden_in_file_name, U'_');
    while (!s.empty() && (s.back() == U'.' || text::is_space(s.back()))) s.pop_back();
    return to_utf8(s);
}

std::string field_value(const std::string& key, const Student& student) {
    const Field* field = find_field(key);
    if (!field)
        throw Error(Errc::naming_pattern, "unknown field {" + key +
                                          "}; use {学号} {姓名} {身份证号} {院系} {班级} or "
                                          "{student_id} {name} {id_number} {department} {class}");
    const std::string& value = student.*(field->member);
    if (value.empty())
        throw Error(Errc::naming_pattern, "{" + key + "} is empty for " + student.student_id + " " +
                                          student.name + " (roster line " +
                                          std::to_string(student.line) + ")");
    return value;
}


}  // namespace

std::string format_pattern(const std::string& pattern, const Student& student) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '{') {
            out += pattern[i];
            continue;
        }
        const auto close = pattern.find('}', i);
        if (close == std::string::npos)
            throw Error(Errc::naming_pattern, "a { in the pattern is never closed: " + pattern);
        out += field_value(text::trim(pattern.substr(i + 1, close - i - 1)), student);
        i = close;
    }
    out = sanitise_file_name(out);
    if (out.empty()) throw Error(Errc::naming_pattern, "the pattern gives an empty file name: " + pattern);
    return out;
}

}  // namespace photo
