#pragma once
// The language people read: Chinese by default (the users are Chinese departments and
// students), English when asked or when the locale is English. Its own header, at the bottom
// of the library, so that the lists, the page and the messages need not include the reports.
#include <string>

namespace photo {

enum class Lang { zh, en };

// zh unless the locale ($LC_ALL, $LC_MESSAGES, $LANG) asks for English.
Lang lang_from_locale();
// "zh" / "en" / "" (locale).
Lang parse_lang(const std::string& text);

}  // namespace photo
