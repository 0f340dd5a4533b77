#pragma once
// The short message a department pastes into its reply to a student who must send a photo
// (again): whom it is for, what was wrong, and what to do, in the reader's language.
#include <string>

#include "libphoto/department/manifest.hpp"

namespace photo {

// Whether a row gets a notice: its student must send a photo (retake, error, missing).
bool needs_notice(RowStatus s);

// A few lines of plain text for the row's student, naming the photo's file when there was one.
std::string notice_text(const BundleRow& row, Lang lang);

// "notices/2021301001 张伟.txt": the notice's file below the bundle folder.
std::string notice_file_name(const BundleRow& row);

}  // namespace photo
