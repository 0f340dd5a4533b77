#pragma once
// ASCII case folding for extensions, ids and magic words (file names' own case is kept
// elsewhere; text.hpp folds full-width and other Unicode). Written once: extensions, preset
// and layout ids, archive and mail recognition all need it.
#include <cctype>
#include <cstring>
#include <string>

namespace photo {

inline std::string ascii_lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Whether `s` ends with `tail`, ignoring ASCII case (`tail` in any case).
inline bool ends_with_ci(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && ascii_lower(s.substr(s.size() - tail.size())) == ascii_lower(tail);
}

}  // namespace photo
