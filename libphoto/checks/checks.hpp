#pragma once
// Checks as data: each check has a stable id, a group, a one-sentence account of what it
// measures, and a pure function over the analysis that returns the raw value, the limit it
// was held against (from the preset) and advice in Chinese and English.
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "libphoto/analysis/analysis.hpp"
#include "libphoto/framing/framing.hpp"
#include "libphoto/analysis/preset.hpp"

namespace photo {

enum class CheckGroup { capture, submission };  // capture fails mean retake; submission, fixable
// accepted: it failed, and a person who looked at the photo decided it may be used all the
// same (make --accept, bundle's overrides file); it no longer decides the verdict.
enum class CheckStatus { pass, warn, fail, skip, accepted };

struct CheckResult {
    std::string id;                // "face.count"
    CheckGroup group = CheckGroup::capture;
    CheckStatus status = CheckStatus::skip;
    std::optional<double> value;   // the raw measure
    std::string limit;             // what it was held against, e.g. "<= 6" or "[50, 110]"
    std::string message_zh;        // what is wrong and what to do; empty on pass
    std::string message_en;
};

// What a check may read: the analysis, the preset and the framing plan derived from them.
struct CheckInput {
    const Analysis& analysis;
    const Preset& preset;
    const std::optional<FramingPlan>& plan;
};

struct CheckDef {
    std::string id;
    CheckGroup group;
    std::string measure;           // one sentence: how the value is measured
    std::function<CheckResult(const CheckInput&)> run;
};

// Every check, in the order they are reported: the first failing one is the reason a person
// is told first, so the most fundamental come first. No face, then a backdrop that is not
// plain (a cluttered scene also confuses the head's measures: fix the backdrop first).
const std::vector<CheckDef>& all_checks();

// Runs every check, or only those of `group`.
std::vector<CheckResult> run_checks(const CheckInput& in, std::optional<CheckGroup> group = std::nullopt);

// ready: every check passes; fixable: only submission checks fail (make fixes them);
// retake: a capture check fails.
enum class Verdict { ready, fixable, retake };
Verdict verdict_of(const std::vector<CheckResult>& results);

// Marks the failed checks whose ids are in `ids` as accepted, their messages saying so
// ("accepted by a person"); `note` (why, by whom) is appended when given.
void accept_checks(std::vector<CheckResult>& results, const std::set<std::string>& ids, const std::string& note = "");

// Throws Error(Errc::usage_accept) for an id that is no capture check (submission checks are
// make's to fix, not a person's to accept), naming the nearest capture check.
void check_acceptable(const std::set<std::string>& ids);

const char* to_string(CheckGroup g);
const char* to_string(Verdict v);
const char* to_string(CheckStatus s);

}  // namespace photo
