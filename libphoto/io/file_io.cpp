// read_file and write_file_atomic (file_io.hpp): plain POSIX, so errors carry
// the system's reason; writes go through AtomicFile, so a failed one leaves no partial file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <tuple>
#include <utility>
#include <vector>

#include "libphoto/core/ascii.hpp"
#include "libphoto/io/atomic_file.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/file_io.hpp"

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
            throw Error(Errc::io_read, "cannot read: " + reason(err) +
                                       (err == EISDIR ? " (give the path of a photo file)" : ""),
                        "无法读取：" + errno_text_zh(err) + (err == EISDIR ? "（请给出照片文件的路径）" : ""));
        }
        if (got == 0) break;
        if (data.size() + std::size_t(got) > kMaxFileBytes)
            throw Error(Errc::io_read, "the file is larger than 200 MB, too large for a photo: send a smaller file",
                        "文件超过 200 MB，不可能是一张照片：请发送较小的文件");
        data.insert(data.end(), chunk, chunk + got);
    }
    return data;
}

}  // namespace

Bytes read_file(const std::string& path) {
    if (path == "-") return read_fd(STDIN_FILENO, 0);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        throw Error(Errc::io_read, "cannot open: " + reason(err) + (err == ENOENT ? " (check the path)" : ""),
                    "无法打开：" + errno_text_zh(err) + (err == ENOENT ? "（请检查路径）" : ""));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        const bool dir = S_ISDIR(st.st_mode);
        const int err = errno;
        ::close(fd);
        throw Error(Errc::io_read,
                    dir ? "cannot read: it is a folder, not a photo file (give the path of a photo file)"
                        : "cannot read: " + reason(err),
                    dir ? "无法读取：这是文件夹，不是照片文件（请给出照片文件的路径）" : "无法读取：" + errno_text_zh(err));
    }
    if (S_ISREG(st.st_mode) && std::size_t(st.st_size) > kMaxFileBytes) {
        ::close(fd);
        throw Error(Errc::io_read, "the file is larger than 200 MB, too large for a photo: send a smaller file",
                    "文件超过 200 MB，不可能是一张照片：请发送较小的文件");
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
        if (!write_all(STDOUT_FILENO, data.data(), data.size())) {
            const int err = errno;
            throw Error(Errc::io_write, "cannot write: " + reason(err) + (err == ENOSPC ? " (free some disk space)" : ""));
        }
        return;
    }
    AtomicFile out(path);
    out.write(data.data(), data.size());
    out.commit();
}

void check_output_extension(const std::string& path, const std::string& format) {
    static const std::vector<std::pair<std::string, std::string>> kExtensions = {
        {".jpg", "jpeg"}, {".jpeg", "jpeg"}, {".jpe", "jpeg"}, {".png", "png"},   {".webp", "webp"},
        {".bmp", "bmp"},  {".tif", "tiff"},  {".tiff", "tiff"}, {".gif", "gif"}, {".heic", "heic"},
        {".heif", "heic"}, {".pdf", "pdf"}};
    // What the refusal calls the output and the extension it suggests.
    static const std::vector<std::tuple<std::string, std::string, std::string>> kNames = {
        {"jpeg", "JPEG", ".jpg"}, {"png", "PNG", ".png"}, {"pdf", "PDF", ".pdf"}};
    if (path == "-") return;
    const std::size_t dot = path.rfind('.');
    if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return;
    const std::string ext = ascii_lower(path.substr(dot));
    std::string name = format, suggested = "." + format;
    for (const auto& [f, n, e] : kNames)
        if (f == format) name = n, suggested = e;
    for (const auto& [e, f] : kExtensions)
        if (e == ext && f != format)
            throw Error(Errc::usage_output,
                        "the output is a " + name + " but " + path + " names a " + f + " file: name it " + suggested,
                        "输出是 " + name + " 文件，但 " + path + " 的扩展名是 " + f + "：请改用 " + suggested);
}

}  // namespace photo
