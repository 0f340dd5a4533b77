#pragma once
// The code-point classes file-name parsing and name comparison share (naming_tokens.cpp,
// naming_match.cpp). Internal to libphoto/department.
#include <algorithm>
#include <string>

#include "libphoto/department/text.hpp"

namespace photo::naming_chars {

using U32 = std::u32string;

inline bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
inline bool is_latin(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
inline char32_t lower(char32_t c) { return (c >= U'A' && c <= U'Z') ? c - U'A' + U'a' : c; }

inline bool is_han(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) ||   // CJK Unified Ideographs
           (c >= 0x3400 && c <= 0x4DBF) ||   // Extension A
           (c >= 0xF900 && c <= 0xFAFF) ||   // Compatibility Ideographs
           (c >= 0x20000 && c <= 0x3134F);   // Extensions B-G (rare characters in names)
}

// The middle dot of minority and transliterated names, in the forms input methods produce.
inline bool is_name_dot(char32_t c) {
    return c == 0x00B7 || c == 0x30FB || c == 0x2022 || c == 0xFF65 || c == 0x2027 || c == 0x2E31;
}

inline U32 lower(U32 s) {
    std::transform(s.begin(), s.end(), s.begin(), [](char32_t c) { return lower(c); });
    return s;
}

inline std::string to_utf8(const U32& s) { return text::encode_utf8(s); }

}  // namespace photo::naming_chars
