#pragma once
// Turning the command line's files and folders into the list of photos to process.
#include <cstdint>
#include <string>
#include <vector>

namespace photo {

struct InputFile {
    std::string path;       // as it can be opened
    std::string relative;   // path below the folder it was found in (the file name for a file)
    bool from_folder = false;  // found by walking a folder (not named): a non-image is ignored
};

struct InputProblem {
    std::string path;
    std::string reason;     // one line: why it is not processed
};

struct InputList {
    std::vector<InputFile> files;       // in a stable order: sorted by path within each argument
    std::vector<InputProblem> problems; // missing paths, unreadable folders, special files
};

// Files are taken as given; folders are walked recursively without following symbolic links
// to folders (so a link loop cannot trap the walk); hidden files and our own temporary files
// are skipped. Nothing is opened or read here.
InputList collect_inputs(const std::vector<std::string>& paths);

// Splits files into images (recognised by their first bytes) and the rest (notes, .DS_Store,
// documents), which callers list as ignored. Unreadable files count as images so that
// reading them later reports the reason.
void split_images(const std::vector<InputFile>& files, std::vector<InputFile>& images, std::vector<InputFile>& ignored);

// A stable 64-bit FNV-1a hash, for shards and resume keys (the same on every machine).
std::uint64_t fnv1a(const void* data, std::size_t size, std::uint64_t seed = 1469598103934665603ull);

}  // namespace photo
