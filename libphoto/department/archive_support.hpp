#pragma once
// What reading and writing archives share (extract_archive.cpp, write_zip.cpp): libarchive
// converts member names between the archive's charset and the *current locale*, so both
// directions run with this thread switched to C.UTF-8 (uselocale, nothing process-wide);
// file descriptors that close themselves; libarchive's own error text. Internal to libphoto.
#include <archive.h>
#include <locale.h>
#include <unistd.h>

#include <cstring>
#include <string>

namespace photo::archive_support {
inline constexpr std::size_t kBlock = 64 * 1024;

inline std::string reason(int err) { return std::strerror(err); }

// Switches this thread's locale to UTF-8 for the lifetime of the object.
class Utf8Locale {
public:
    Utf8Locale() {
        for (const char* name : {"C.UTF-8", "C.utf8", "en_US.UTF-8"}) {
            loc_ = ::newlocale(LC_CTYPE_MASK, name, locale_t(0));
            if (loc_) break;
        }
        if (loc_) old_ = ::uselocale(loc_);
    }
    ~Utf8Locale() {
        if (loc_) {
            ::uselocale(old_);
            ::freelocale(loc_);
        }
    }
    Utf8Locale(const Utf8Locale&) = delete;
    Utf8Locale& operator=(const Utf8Locale&) = delete;

private:
    locale_t loc_ = locale_t(0);
    locale_t old_ = locale_t(0);
};

class Fd {
public:
    explicit Fd(int fd = -1) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    Fd& operator=(Fd&& o) noexcept {
        if (this != &o) {
            reset();
            fd_ = o.fd_;
            o.fd_ = -1;
        }
        return *this;
    }
    int get() const { return fd_; }
    void reset() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    // Closes now and reports close(2)'s result (a late write error shows up here).
    int close() {
        const int r = fd_ >= 0 ? ::close(fd_) : 0;
        fd_ = -1;
        return r;
    }

private:
    int fd_;
};

struct ReadDeleter {
    void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteDeleter {
    void operator()(archive* a) const { archive_write_free(a); }
};

inline std::string archive_message(archive* a, const char* fallback) {
    const char* s = archive_error_string(a);
    return s && *s ? std::string(s) : std::string(fallback);
}

}  // namespace photo::archive_support
