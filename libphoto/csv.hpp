#pragma once
// One CSV field as Excel reads it: quoted when it holds a comma, a quote or a line break.
#include <string>

namespace photo {

inline std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace photo
