#pragma once
// The inputs of bundle, with zip archives unpacked: each zip goes into a private temporary
// folder (mode 0700) that is removed when the UnpackedInbox goes away.
#include <string>
#include <vector>

#include "libphoto/inputs.hpp"
#include "libphoto/originals.hpp"

namespace photo {

struct UnpackedInbox {
    std::vector<InputFile> files;        // plain files and zip members (relative = name in the zip)
    std::vector<InputProblem> problems;  // missing paths, refused zip members, unreadable zips
    Originals originals;                 // as collect_inputs gives them, zips included
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
