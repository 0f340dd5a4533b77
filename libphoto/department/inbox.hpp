#pragma once
// Sorting an inbox of emailed photos against the class roster: who sent which file, which
// files belong to nobody, which students sent several (one is chosen, and we say why).
#include <string>
#include <unordered_map>
#include <vector>

#include "libphoto/department/inputs.hpp"
#include "libphoto/department/naming.hpp"
#include "libphoto/department/roster.hpp"
#include "libphoto/department/roster_index.hpp"

namespace photo {

enum class InboxStatus {
    chosen,         // the photo used for its student
    duplicate,      // another photo of the same student was chosen
    name_mismatch,  // the 学号 is on the roster but the file names someone else: a person must look
    unmatched,      // the 学号/身份证号 is on no roster row
    no_id,          // neither an id nor a unique name in the file name
};

struct InboxEntry {
    InputFile input;
    ParsedName parsed;
    InboxStatus status = InboxStatus::no_id;
    const Student* student = nullptr;  // chosen, duplicate and name_mismatch
    bool matched_by_name = false;
    std::string note_zh, note_en;      // why (which duplicate was chosen, whose name it carries)
};

// Every input gets one entry, in input order. Of several photos for one student the chosen
// one is: not marked as a copy ("(1)", 副本) before one that is; then the larger file (more
// detail); then the first by name. That is a guess from the names alone: bundle checks every
// photo of such a student and uses the best (resent_photos.hpp).
std::vector<InboxEntry> sort_inbox(const std::vector<InputFile>& inputs, const RosterIndex& roster);
std::vector<InboxEntry> sort_inbox(const std::vector<InputFile>& inputs, const Roster& roster);

// Each student's entries, gathered in one pass over the inbox, so that a walk over the roster
// asks a table rather than every entry for every student (that walk was quadratic: issue #15).
// Keeps pointers into `entries`, which must outlive it, unchanged.
class StudentEntries {
public:
    explicit StudentEntries(const std::vector<InboxEntry>& entries);
    // The chosen entry of the student with this 学号, or nullptr when none.
    const InboxEntry* chosen(const Student& student) const;
    // The last name_mismatch entry that points at this student, or nullptr.
    const InboxEntry* name_mismatch(const Student& student) const;

private:
    std::unordered_map<std::string, const InboxEntry*> chosen_;
    std::unordered_map<const Student*, const InboxEntry*> name_mismatch_;
};

const char* to_string(InboxStatus s);

}  // namespace photo
