#pragma once
// Zip archives in and out. Departments receive photos as zips made on Chinese Windows, whose
// member names are GBK bytes without the UTF-8 flag, and hand the academic affairs office one
// zip back. Reading is hostile-input code: nothing is ever written outside the folder the
// caller gave, links and devices are refused, and zip bombs stop while streaming. One bad
// member is a problem in the list, never a crash or an exception for the whole archive.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace photo {

// Guards checked while a zip is streamed, so a bomb stops early and leaves no partial file.
struct ExtractLimits {
    std::uint64_t max_total_bytes = 2ull << 30;     // all members together; the rest is not read
    std::uint64_t max_member_bytes = 200ull << 20;  // one member (read_file reads at most 200 MB)
    std::size_t max_members = 20000;                // entries of any kind, folders included
    double max_ratio = 200.0;                       // uncompressed : compressed, per member...
    std::uint64_t ratio_after_bytes = 4ull << 20;   // ...once the member is this large
};

struct ArchiveMember {
    std::string name;    // UTF-8 path inside the zip, '/'-separated, without "." or empty parts
    std::string path;    // the extracted file: dest_dir + "/" + name
    std::uint64_t size = 0;
};

struct ArchiveProblem {
    std::string name;    // UTF-8 member name as stored (GBK decoded); "" for the zip as a whole
    std::string reason;  // one line, e.g. "path leaves the archive (../)"
};

// Extracts the regular files of a zip below `dest_dir`, a private folder the caller made
// (mkdtemp, mode 0700), and returns them in archive order. Folder entries create folders and
// are not returned. Members whose name is absolute or has a ".." part, links, devices,
// password-protected members, duplicates and members over a limit are skipped and reported in
// `problems` (appended to). Member names that are not valid UTF-8 are decoded as GBK
// (GB18030); a name with the UTF-8 flag is taken as UTF-8. Nested zips are extracted as
// ordinary files, never opened. Files are created 0600 with O_EXCL|O_NOFOLLOW, folders 0700,
// and no symlink is followed on the way down. A damaged or truncated zip gives the members
// read before the damage plus a problem.
// Throws Error("io.read") when the zip cannot be opened, Error("archive.read") when it is no
// zip or nothing in it can be read, Error("io.write") when dest_dir cannot be opened.
std::vector<ArchiveMember> extract_zip(const std::string& zip_path, const std::string& dest_dir,
                                       const ExtractLimits& limits,
                                       std::vector<ArchiveProblem>& problems);

// Writes a zip of `entries` (name inside the zip, file on disk), deflated, with UTF-8 names
// and the UTF-8 flag set, in the given order. The zip is written to a temporary file in the
// destination folder and renamed into place, so a failure never leaves a partial zip.
// Throws Error("archive.write") for a bad or duplicate entry name (absolute, "..", empty
// part, backslash, not UTF-8), Error("io.read") when an entry file cannot be read and
// Error("io.write") when the zip cannot be written.
void write_zip(const std::string& zip_path,
               const std::vector<std::pair<std::string, std::string>>& entries);

}  // namespace photo
