#pragma once
// One CSV field as Excel reads it: quoted when it holds a comma, a quote or a line break, and
// never a live formula. Cells come from rosters and file names, which anyone can write: one
// that starts with = + - @, a tab or a carriage return would be run by Excel as a formula
// (=HYPERLINK(...) to a phishing page, =cmd|' /C calc'!A0 to a program), so it gets a leading
// apostrophe, as OWASP's advice on CSV injection says; Excel then shows it as text.
#include <string>

namespace photo {

inline bool csv_formula_like(const std::string& s) {
    return !s.empty() && std::string("=+-@\t\r").find(s[0]) != std::string::npos;
}

inline std::string csv_field(const std::string& cell) {
    const std::string s = csv_formula_like(cell) ? "'" + cell : cell;
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace photo
