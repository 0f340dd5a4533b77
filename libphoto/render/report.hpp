#pragma once
// What the commands print: one JSON object per photo (stable keys, for scripts) and short
// human lines in Chinese or English. The CLI only chooses between them.
#include <string>

#include "libphoto/core/lang.hpp"
#include "libphoto/render/make.hpp"

namespace photo {

const std::string& message(const CheckResult& c, Lang lang);

// What make continued below the photo's bottom edge, for a person to judge ("" when
// nothing): how many output rows, and the share of them invented over skin at the edge.
std::string continuation_note(const FramingPlan& plan, Lang lang);

// {"file","output","status","reasons","crop","measures", ...} as issue #2 defines it.
// `status` is "ok", "retake" or "error"; `error` is the message when status is "error", and
// `error_code` its stable code (core/error_codes.hpp), which scripts match on.
std::string make_json(const std::string& file, const std::string& output, const MakeResult* result,
                      const std::string& error = "", Lang lang = Lang::en, const std::string& error_code = "");

// {"id","group","status","value","limit","message"} for each check, as a JSON array.
std::string checks_json(const std::vector<CheckResult>& checks, Lang lang);

// {"file","verdict":"ready"|"fixable"|"retake"|"error","checks":[...]} (issue #3); with
// `error` set, verdict is "error" and the message and its code are given.
std::string check_json(const std::string& file, const std::vector<CheckResult>& checks, const std::string& error,
                       Lang lang, const std::string& error_code = "");

// The stable code of an exception for the JSON: an Error's own, "internal" for anything else.
std::string error_code_of(const std::exception& e);

}  // namespace photo
