#pragma once
// Archives in and out. Departments receive photos as zips made on Chinese Windows, whose
// member names are GBK bytes without the UTF-8 flag (and as RAR, 7z or tar now and then), and
// hand the academic affairs office one zip back (extract_archive.cpp, write_zip.cpp). Reading is hostile-input code: nothing is ever written outside the folder the
// caller gave, links and devices are refused, and zip bombs stop while streaming. One bad
// member is a problem in the list, never a crash or an exception for the whole archive.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "libphoto/core/bytes.hpp"

namespace photo {

// Guards checked while an archive is streamed, so a bomb stops early and leaves no partial file.
struct ExtractLimits {
    std::uint64_t max_total_bytes = 2ull << 30;     // all members together; the rest is not read
    std::uint64_t max_member_bytes = 200ull << 20;  // one member (read_file reads at most 200 MB)
    std::size_t max_members = 20000;                // entries of any kind, folders included
    double max_ratio = 200.0;                       // uncompressed : compressed, per member and for all...
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
    std::string reason_zh = {};  // the same in Chinese
};

// What kind of archive the file is, from its first bytes `head` (at least 512 of them when
// the file has them: a tar says so at byte 257), else from its name: "zip", "7z", "rar",
// "tar", "gzip", "bzip2", "xz" (or the extension: "tgz", ...), "" for no archive. A file
// named like an archive whose bytes say nothing (an empty .zip, a renamed document) is one,
// so that it is named as unreadable instead of passing unseen; a photo is never one.
std::string archive_kind(const std::string& path, const Bytes& head);

// Extracts the regular files of a zip, tar (also gzip-, bzip2- or xz-compressed), 7z or RAR
// archive below `dest_dir`, a private folder the caller made (mkdtemp, mode 0700), and returns
// them in archive order. Folder entries create folders and are not returned. Members whose
// name is absolute or has a ".." part, links, devices, password-protected members, duplicates
// and members over a limit are skipped and reported in `problems` (appended to). Member names
// that are not valid UTF-8 are decoded as GBK (GB18030); names the archive marks as Unicode
// are taken as such. Nested archives are extracted as ordinary files, never opened. Files are
// created 0600 with O_EXCL|O_NOFOLLOW and the member's modification time, folders 0700, and
// no symlink is followed on the way
// down. A damaged or truncated archive gives the members read before the damage plus a
// problem. The whole archive is held to max_ratio as each member is: 320 members of 4 MB of
// zeros each, 1.3 MB packed, stop after a few of them.
// Throws Error(Errc::io_read) when the file cannot be opened, Error(Errc::archive_read) when it is no
// archive this build reads, is damaged before its first member or holds no file at all, and
// Error(Errc::io_write) when dest_dir cannot be opened.
std::vector<ArchiveMember> extract_archive(const std::string& path, const std::string& dest_dir,
                                           const ExtractLimits& limits, std::vector<ArchiveProblem>& problems);

// Writes a zip of `entries` (name inside the zip, file on disk), deflated, with UTF-8 names
// and the UTF-8 flag set, in the given order. The zip is written to a temporary file in the
// destination folder and renamed into place, so a failure never leaves a partial zip.
// Throws Error(Errc::archive_write) for a bad or duplicate entry name (absolute, "..", empty
// part, backslash, not UTF-8), Error(Errc::io_read) when an entry file cannot be read and
// Error(Errc::io_write) when the zip cannot be written.
void write_zip(const std::string& zip_path,
               const std::vector<std::pair<std::string, std::string>>& entries);

}  // namespace photo
