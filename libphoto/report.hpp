#pragma once
// What the commands print: one JSON object per photo (stable keys, for scripts) and short
// human lines in Chinese or English. The CLI only chooses between them.
#include <string>

#include "libphoto/make.hpp"

namespace photo {

enum class Lang { zh, en };

// zh unless the locale ($LC_ALL, $LC_MESSAGES, $LANG) asks for English.
Lang lang_from_locale();
// "zh" / "en" / "" (locale).
Lang parse_lang(const std::string& text);

const std::string& message(const CheckResult& c, Lang lang);

// {"file","output","status","reasons","crop","measures", ...} as issue #2 defines it.
// `status` is "ok", "retake" or "error"; `error` is the message when status is "error".
std::string make_json(const std::string& file, const std::string& output, const MakeResult* result,
                      const std::string& error = "");

}  // namespace photo
