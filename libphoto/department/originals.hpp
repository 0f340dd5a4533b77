#pragma once
// The files a run reads, known by device and inode, so that no output is ever written over
// one of them. A path is compared by the file it names, not by how it is spelt: "x.jpg",
// "./x.jpg", "d/../x.jpg", a hard link or a symbolic link to it are the same original. (A file
// named "--overlay=x.jpg" once turned `idphoto check *.jpg` into writing a PNG over x.jpg.)
#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <utility>

namespace photo {

// Device and inode of the file `path` names (symbolic links followed); nullopt for "-", an
// empty path, or a path that cannot be stat'ed.
using FileId = std::pair<dev_t, ino_t>;
std::optional<FileId> file_id(const std::string& path);

class Originals {
public:
    // Remembers the file at `path`; "-" (standard input) and paths that cannot be stat'ed are
    // left out (nothing can be written over a file that is not there).
    void add(const std::string& path);
    // The original that `path` names (as it was added), or "" when it names none.
    std::string original_at(const std::string& path) const;
    // Throws Error(Errc::usage_output) when `output` names an original; `option` is what the
    // person changes (e.g. "-o", "--overlay").
    void refuse_output(const std::string& output, const std::string& option = "-o") const;

private:
    std::map<FileId, std::string> files_;
};

}  // namespace photo
