#include "libphoto/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "libphoto/core/error.hpp"

namespace photo {

namespace {
std::string reason(int err) { return std::strerror(err); }

// The part of temporary names that remove_stale_temporaries looks for.
constexpr const char* kTempMark = ".tmp-";
}  // namespace

bool write_all(int fd, const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += n;
        size -= std::size_t(n);
    }
    return true;
}

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

AtomicFile::AtomicFile(std::string path, Durability durability)
    : path_(std::move(path)), mode_(new_file_mode()), durability_(durability) {
    if (path_.empty()) throw Error(Errc::io_write, "no output path given: name an output file");
    const std::size_t slash = path_.rfind('/');
    dir_ = slash == std::string::npos ? "." : slash == 0 ? "/" : path_.substr(0, slash);
    const std::string base = slash == std::string::npos ? path_ : path_.substr(slash + 1);
    if (base.empty() || base == "." || base == "..")
        throw Error(Errc::io_write, "the output path is a folder: add a file name");
    struct stat st {};
    if (::stat(path_.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) throw Error(Errc::io_write, "the output path is a folder: add a file name");
        if (S_ISREG(st.st_mode)) mode_ = st.st_mode & 07777;  // keep the replaced file's mode
    }
    tmp_ = dir_ + "/." + base + kTempMark + "XXXXXX";
    fd_ = ::mkostemp(tmp_.data(), O_CLOEXEC);
    if (fd_ < 0) {
        const int err = errno;
        throw Error(Errc::io_write, "cannot create a file in the output folder " + dir_ + ": " + reason(err) +
                                    (err == ENOENT ? " (create the folder first)" : ""));
    }
}

AtomicFile::~AtomicFile() {
    if (committed_) return;
    if (fd_ >= 0) ::close(fd_);
    ::unlink(tmp_.c_str());
}

void AtomicFile::write(const void* data, std::size_t size) {
    if (!write_all(fd_, data, size)) {
        const int err = errno;
        throw Error(Errc::io_write, "cannot write: " + reason(err) + (err == ENOSPC ? " (free some disk space)" : ""));
    }
}

void AtomicFile::commit() {
    if (::fchmod(fd_, mode_) != 0) throw Error(Errc::io_write, "cannot set file permissions: " + reason(errno));
    if (durability_ == Durability::fsync && ::fsync(fd_) != 0)
        throw Error(Errc::io_write, "cannot flush " + path_ + " to disk: " + reason(errno));
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw Error(Errc::io_write, "cannot write " + path_ + ": " + reason(errno));
    if (::rename(tmp_.c_str(), path_.c_str()) != 0)
        throw Error(Errc::io_write, "cannot replace the output file " + path_ + ": " + reason(errno));
    committed_ = true;
    if (durability_ == Durability::none) return;
    // Make the rename itself durable; failure here loses nothing already visible.
    const int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

void remove_stale_temporaries(const std::string& dir, std::chrono::minutes age) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto now = fs::file_time_type::clock::now();
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().filename().string().find(kTempMark) == std::string::npos) continue;
        std::error_code ec2;
        const auto written = fs::last_write_time(it->path(), ec2);
        if (!ec2 && now - written > age) fs::remove(it->path(), ec2);
    }
}

}  // namespace photo
