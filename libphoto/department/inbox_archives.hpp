#pragma once
// The inputs of bundle, with archives (zip, RAR, 7z, tar) and mail (.eml, mbox) unpacked: each goes into a private
// temporary folder (mode 0700) that is removed when the UnpackedInbox goes away. An archive
// that cannot be read is a problem naming it, never skipped in silence.
#include <string>
#include <vector>

#include "libphoto/department/inputs.hpp"
#include "libphoto/department/originals.hpp"

namespace photo {

struct UnpackedInbox {
    std::vector<InputFile> files;        // plain files and archive members (relative = name in the archive)
    std::vector<InputProblem> problems;  // missing paths, refused members, unreadable archives
    Originals originals;                 // as collect_inputs gives them, archives included
    std::vector<std::string> temp_dirs;

    UnpackedInbox() = default;
    UnpackedInbox(const UnpackedInbox&) = delete;
    UnpackedInbox& operator=(const UnpackedInbox&) = delete;
    UnpackedInbox(UnpackedInbox&&) = default;
    ~UnpackedInbox();
};

// `output_dir` as for collect_inputs: nothing in it is read.
UnpackedInbox unpack_inbox(const std::vector<std::string>& paths, const std::string& output_dir);

}  // namespace photo
