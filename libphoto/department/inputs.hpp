#pragma once
// Turning the command line's files and folders into the list of photos to process.
#include <cstdint>
#include <string>
#include <vector>

#include "libphoto/department/originals.hpp"

namespace photo {

struct InputFile {
    std::string path;       // as it can be opened
    std::string relative;   // path below the folder it was found in (the file name for a file)
    bool from_folder = false;  // found by walking a folder (not named): a non-image is ignored
    std::string shown = {}; // how people know it, when not by `path`: "mail.zip:member.jpg" for a
                            // member of an archive (its `path` is a private temporary file)

    // For an email attachment (mail_inbox.hpp): texts that may name the student when the file
    // name does not (the message's subject, then the sender's display name), and whom to answer.
    std::vector<std::string> identity = {};
    std::string sender = {};

    // The name to show in messages, lists and review.html.
    const std::string& name() const { return shown.empty() ? path : shown; }
};

struct InputProblem {
    std::string path;       // as shown: "mail.zip:member.jpg" for a member of an archive
    std::string reason;     // one line: why it is not processed
    std::string file_name = {};  // the name that may carry 学号 and 姓名 (a member's own name); "": path's
    std::string reason_zh = {};  // `reason` in Chinese, "" when only the English one is known
};

struct InputList {
    std::vector<InputFile> files;       // in a stable order: sorted by path within each argument
    std::vector<InputProblem> problems; // missing paths, unreadable folders, special files
    Originals originals;                // every file named or found, those refused too: no output replaces one
};

// Files are taken as given; folders are walked recursively without following symbolic links
// to folders (so a link loop cannot trap the walk); hidden files and our own temporary files
// are skipped. Nothing is opened or read here.
// `output_dir` is the folder the run writes into: nothing in it is ever an input, so a run whose
// -o lies inside the inbox never reads the outputs of the last one (out/out/*.jpg, its zip
// unpacked as more photos), nor those of another command (output_folder.hpp). A walk enters
// neither it nor a marked folder; a path named inside either is a problem. Compared by device
// and inode, as Originals does. Throws Error(Errc::usage_output) when a folder named is `output_dir`.
// `earlier`: whether the folders earlier runs marked are kept out too (batch, rename, bundle)
// or read (check, which only reads photos: checking a bundle's photos/ is a reason to run it).
enum class EarlierOutputs { skipped, read };
InputList collect_inputs(const std::vector<std::string>& paths, const std::string& output_dir = "",
                         EarlierOutputs earlier = EarlierOutputs::skipped);

// Whether a path (any of its '/'-separated parts) is what an operating system leaves beside
// photos: dot files (.DS_Store, ._x.jpg), Thumbs.db, desktop.ini, a Mac zip's __MACOSX. A
// folder walk and an archive skip them without a word: they are nobody's photo.
bool system_file(const std::string& path);

// Splits files into images (recognised by their first bytes) and the rest (notes, .DS_Store,
// documents), which callers list as ignored. Unreadable files count as images so that
// reading them later reports the reason.
void split_images(const std::vector<InputFile>& files, std::vector<InputFile>& images, std::vector<InputFile>& ignored);

// A stable 64-bit FNV-1a hash, for shards and resume keys (the same on every machine).
std::uint64_t fnv1a(const void* data, std::size_t size, std::uint64_t seed = 1469598103934665603ull);

// MurmurHash3's 64-bit finaliser: every input bit reaches every output bit (FNV's low bits
// are weak on their own).
inline std::uint64_t mix64(std::uint64_t h) {
    h ^= h >> 33, h *= 0xff51afd7ed558ccdull, h ^= h >> 33, h *= 0xc4ceb9fe1a85ec53ull, h ^= h >> 33;
    return h;
}

// A stable 64-bit hash of a file's bytes, for resume keys: four lanes of 8-byte words, ~10x
// faster than fnv1a (a 12 MP JPEG took ~1 ms byte by byte, 1.5 % of a batch). Detects
// changes, not adversaries.
std::uint64_t content_hash(const void* data, std::size_t size);

}  // namespace photo
