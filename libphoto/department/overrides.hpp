#pragma once
// The department's word over the tool's: overrides.csv beside bundle's manifest, one row per
// student a person has looked at (学号, decision, note), honoured by every later run and
// recorded in the manifest. Decisions:
//   accept [CHECK_ID ...]  (接受)       use the photo although capture checks fail (those named,
//                                        else all): a smile the office allows, a shadow it does not mind
//   accept_name            (姓名已核对)  the file names someone else, but it is this student's photo
#include <map>
#include <set>
#include <string>
#include <vector>

#include "libphoto/department/roster.hpp"

namespace photo {

struct Override {
    bool accept = false;              // accept failing capture checks
    std::set<std::string> checks;     // those to accept; empty: every one that fails
    bool accept_name = false;         // a name_mismatch file is this student's
    std::string note;                 // who decided and why, as written
    int line = 0;
};

struct Overrides {
    std::map<std::string, Override> by_student_id;
    std::vector<RosterIssue> issues;  // rows not understood: line, code, zh/en message
};

// The header bundle writes when the folder has no overrides.csv yet, for staff to fill in.
std::string overrides_template();

// Parses overrides.csv (UTF-8, BOM or GBK, as Excel saves). A row naming no roster student,
// or a decision or check id not understood, is an issue and left out.
Overrides parse_overrides(const std::string& bytes, const Roster& roster);

// "接受（mouth.closed）：教务处同意" / "accepted (mouth.closed): the office agreed", for the manifest.
std::string describe(const Override& o, bool zh);

}  // namespace photo
