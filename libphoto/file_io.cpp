// read_file and write_file_atomic (declared in image_io.hpp): plain POSIX, so errors carry
// the system's reason and a failed write never leaves a partial file behind.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "libphoto/error.hpp"
#include "libphoto/image_io.hpp"

namespace photo {
namespace {

constexpr std::size_t kMaxFileBytes = 200u * 1024 * 1024;

std::string reason(int err) { return std::strerror(err); }

// Reads fd to the end, at most kMaxFileBytes.
Bytes read_fd(int fd, std::size_t size_hint) {
    Bytes data;
    data.reserve(std::min(size_hint, kMaxFileBytes) + 1);
    std::uint8_t chunk[1 << 16];
    while (true) {
        const ssize_t got = ::read(fd, chunk, sizeof chunk);
        if (got < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            throw Error("io.read", "cannot read: " + reason(err) +
                                       (err == EISDIR ? " (give the path of a photo file)" : ""));
        }
        if (got == 0) break;
        if (data.size() + std::size_t(got) > kMaxFileBytes)
            throw Error("io.read", "the file is larger than 200 MB, too large for a photo: "
                                   "send a smaller file");
        data.insert(data.end(), chunk, chunk + got);
    }
    return data;
}

void write_all(int fd, const Bytes& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            throw Error("io.write", "cannot write: " + reason(err) +
                                        (err == ENOSPC ? " (free some disk space)" : ""));
        }
        done += std::size_t(n);
    }
}

}  // namespace

// Permission bits for a new file: 0666 minus the process umask (read without changing it).
unsigned new_file_mode() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("Umask:", 0) == 0) {
            try {
                return unsigned(0666 & ~std::stoul(line.substr(6), nullptr, 8));
            } catch (...) {
                break;
            }
        }
    }
    return 0644;
}


Bytes read_file(const std::string& path) {
    if (path == "-") return read_fd(STDIN_FILENO, 0);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        throw Error("io.read", "cannot open: " + reason(err) +
                                   (err == ENOENT ? " (check the path)" : ""));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        const bool dir = S_ISDIR(st.st_mode);
        const int err = errno;
        ::close(fd);
        throw Error("io.read", dir ? "cannot read: it is a folder, not a photo file (give the "
                                     "path of a photo file)"
                                   : "cannot read: " + reason(err));
    }
    if (S_ISREG(st.st_mode) && std::size_t(st.st_size) > kMaxFileBytes) {
        ::close(fd);
        throw Error("io.read", "the file is larger than 200 MB, too large for a photo: send a "
                               "smaller file");
    }
    try {
        Bytes data = read_fd(fd, S_ISREG(st.st_mode) ? std::size_t(st.st_size) : 0);
        ::close(fd);
        return data;
    } catch (...) {
        ::close(fd);
        throw;
    }
}

void write_file_atomic(const std::string& path, const Bytes& data) {
    if (path == "-") {
        std::cout.flush();
        std::fflush(stdout);
        write_all(STDOUT_FILENO, data);
        return;
    }
    if (path.empty()) throw Error("io.write", "no output path given: name an output file");
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    if (base.empty() || base == "." || base == "..")
        throw Error("io.write", "the output path is a folder: add a file name");

    struct stat st {};
    mode_t mode = new_file_mode();
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode))
            throw Error("io.write", "the output path is a folder: add a file name");
        if (S_ISREG(st.st_mode)) mode = st.st_mode & 07777;  // keep the replaced file's mode
    }

    std::string tmp = dir + "/." + base + ".tmp-XXXXXX";
    const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        throw Error("io.write", "cannot create a file in the output folder " + dir + ": " + reason(err) +
                                    (err == ENOENT ? " (create the folder first)" : ""));
    }
    try {
        if (::fchmod(fd, mode) != 0)
            throw Error("io.write", "cannot set file permissions: " + reason(errno));
        write_all(fd, data);
        if (::fsync(fd) != 0) throw Error("io.write", "cannot flush " + path + " to disk: " + reason(errno));
    } catch (...) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw Error("io.write", "cannot write " + path + ": " + reason(err));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw Error("io.write", "cannot replace the output file " + path + ": " + reason(err));
    }
    // Make the rename itself durable; failure here loses nothing already visible.
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

}  // namespace photo
