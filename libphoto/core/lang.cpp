#include "libphoto/core/lang.hpp"

#include <cstdlib>

namespace photo {

Lang lang_from_locale() {
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(var);
        if (v && *v) return std::string(v).rfind("en", 0) == 0 ? Lang::en : Lang::zh;
    }
    return Lang::zh;
}

Lang parse_lang(const std::string& text) {
    if (text == "en") return Lang::en;
    if (text == "zh") return Lang::zh;
    return lang_from_locale();
}

}  // namespace photo
