#pragma once
// `rename`: copies each student's chosen photo into a folder under a normalised name
// ("{学号}_{姓名}.jpg"). Inputs are only read: never modified, moved or deleted.
#include <string>
#include <vector>

#include "libphoto/department/inbox.hpp"

namespace photo {

struct RenameStep {
    const InboxEntry* entry = nullptr;
    std::string target;      // DIR/<pattern>.<original extension, lower case>
    bool copied = false;
    bool already = false;    // the target exists with the same bytes
    std::string error;       // one line, when the copy failed or would overwrite another file
};

// One step per chosen entry. Throws Error(Errc::naming_pattern) for a bad pattern.
std::vector<RenameStep> plan_renames(const std::vector<InboxEntry>& entries, const std::string& out_dir,
                                     const std::string& pattern);

// Copies (read + atomic write). An existing target with other bytes is never overwritten.
void apply_rename(RenameStep& step);

}  // namespace photo
