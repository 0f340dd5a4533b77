#pragma once
// Folders that idphoto writes into (batch's and rename's -o, bundle's -o and its photos/, the
// guide pictures of check --overlay) hold a hidden marker file, so that a later run never
// reads them as inputs: with -o inside the inbox, a second batch took out/*.jpg as photos
// (out/out/*.jpg) and bundle unpacked its own zip as more students' photos. collect_inputs
// does not walk into a marked folder and refuses one named on the command line.
#include <string>

namespace photo {

inline constexpr const char* kOutputMarker = ".idphoto-output";

// Writes the marker into `dir` (which exists) unless it is there. Best effort: a folder that
// cannot take the marker cannot take the outputs either, and that error is reported there.
void mark_output_folder(const std::string& dir);

// Whether `dir` holds the marker.
bool is_output_folder(const std::string& dir);

}  // namespace photo
