#pragma once
// One way to write a file that readers see either as it was or whole: a temporary file beside
// the target (so the rename stays on one file system), then rename. file_io's photos and
// lists, write_zip's zip and model_cache's cached models all write through it.
#include <chrono>
#include <string>

namespace photo {

// Writes all of `data` to `fd`, going on after EINTR and short writes. False with errno set.
bool write_all(int fd, const void* data, std::size_t size);

// Permission bits for a new file: 0666 minus the process umask (read without changing it,
// which would race with other threads).
unsigned new_file_mode();

class AtomicFile {
public:
    enum class Durability {
        fsync,  // the data and the rename reach the disk before commit() returns: photos, lists
        none,   // a cache whose checksum catches a file cut short by a crash (saves ~100 ms)
    };
    // Creates ".<name>.tmp-XXXXXX" in the target's folder. Throws Error(Errc::io_write) when the
    // path is empty or a folder, or the temporary file cannot be created.
    explicit AtomicFile(std::string path, Durability durability = Durability::fsync);
    ~AtomicFile();  // removes the temporary file unless commit() succeeded
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    int fd() const { return fd_; }
    const std::string& path() const { return path_; }
    // The temporary file, for a library that writes only to a file it opens by name itself
    // (libxlsxwriter): it must write into this same file, not replace it.
    const std::string& temporary_path() const { return tmp_; }
    // Throws Error(Errc::io_write) with the reason (and what to do on a full disk).
    void write(const void* data, std::size_t size);
    // Gives the file the mode of the file it replaces (else new_file_mode()), flushes it as
    // asked, closes it and renames it over the target. Throws Error(Errc::io_write).
    void commit();

private:
    std::string path_, dir_, tmp_;
    int fd_ = -1;
    unsigned mode_;
    Durability durability_;
    bool committed_ = false;
};

// Removes the temporary files AtomicFile leaves behind in `dir` when its writer is killed,
// once they are older than `age`, so that no live writer can still be filling them.
void remove_stale_temporaries(const std::string& dir, std::chrono::minutes age);

}  // namespace photo
