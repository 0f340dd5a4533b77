// Zip reading and writing with libarchive. libarchive converts member names between the zip's
// charset and the *current locale*, so both directions run with this thread switched to
// C.UTF-8 (uselocale, nothing process-wide): UTF-8-flagged names then arrive as UTF-8, and
// names without the flag arrive as their raw bytes, which we decode as GBK when they are not
// valid UTF-8. Extraction writes through directory file descriptors (openat, O_NOFOLLOW,
// O_EXCL), so a path is never resolved through anything the archive made.
#include "libphoto/archive.hpp"
#include "libphoto/image_io.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>

#include "libphoto/error.hpp"
#include "libphoto/roster.hpp"

namespace photo {
namespace {

constexpr std::size_t kBlock = 64 * 1024;

std::string reason(int err) { return std::strerror(err); }

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

std::string archive_message(archive* a, const char* fallback) {
    const char* s = archive_error_string(a);
    return s && *s ? std::string(s) : std::string(fallback);
}

std::string megabytes(std::uint64_t bytes) {
    return std::to_string((bytes + (1u << 20) - 1) >> 20) + " MB";
}

// The member name as UTF-8: as stored when it is valid UTF-8 (always so for flagged names,
// which libarchive has converted), else decoded as GBK.
std::string decode_name(const std::string& raw) {
    if (text::valid_utf8(raw)) return raw;
    try {
        return text::gbk_to_utf8(raw);
    } catch (const Error&) {  // no GBK in this iconv: keep what is readable
        return text::encode_utf8(text::decode_utf8(raw));
    }
}

// The parts of a member path, or an empty vector and `why` when it must not be extracted.
// Backslashes count as separators (some Windows tools write them); this runs after GBK
// decoding, so a GBK trail byte 0x5C is never mistaken for one.
std::vector<std::string> split_member_path(const std::string& name, std::string& why) {
    std::string s = name;
    for (char& c : s)
        if (c == '\\') c = '/';
    if (!s.empty() && s[0] == '/') {
        why = "absolute path: not extracted";
        return {};
    }
    if (s.size() >= 2 && s[1] == ':' && ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'))) {
        why = "absolute path (drive letter): not extracted";
        return {};
    }
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t end = s.find('/', start);
        if (end == std::string::npos) end = s.size();
        std::string part = s.substr(start, end - start);
        if (part == "..") {
            why = "path leaves the archive (../): not extracted";
            return {};
        }
        if (!part.empty() && part != ".") parts.push_back(part);
        start = end + 1;
    }
    if (parts.empty()) why = "empty name: not extracted";
    return parts;
}

std::string join(const std::vector<std::string>& parts, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        if (i) out += '/';
        out += parts[i];
    }
    return out;
}

// Opens (creating as needed, 0700) the folder made of the first `count` parts below `root`,
// never following a symlink. Returns an invalid Fd and sets `why` on failure.
Fd open_folder(int root, const std::vector<std::string>& parts, std::size_t count, std::string& why) {
    Fd dir(::fcntl(root, F_DUPFD_CLOEXEC, 0));
    if (dir.get() < 0) {
        why = "cannot open the destination folder: " + reason(errno);
        return Fd();
    }
    for (std::size_t i = 0; i < count; ++i) {
        const char* part = parts[i].c_str();
        if (::mkdirat(dir.get(), part, 0700) != 0 && errno != EEXIST) {
            why = "cannot create folder " + join(parts, i + 1) + ": " + reason(errno);
            return Fd();
        }
        Fd next(::openat(dir.get(), part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (next.get() < 0) {
            const int err = errno;
            why = err == ENOTDIR || err == ELOOP
                      ? "a file of the same name as folder " + join(parts, i + 1) + " is in the zip: not extracted"
                      : "cannot open folder " + join(parts, i + 1) + ": " + reason(err);
            return Fd();
        }
        dir = std::move(next);
    }
    return dir;
}

bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += n;
        size -= std::size_t(n);
    }
    return true;
}

enum class Outcome { extracted, skipped, stop };

struct Extractor {
    archive* a;
    int root;
    std::string dest;
    const ExtractLimits& limits;
    std::vector<ArchiveMember>& members;
    std::vector<ArchiveProblem>& problems;
    std::uint64_t total = 0;
    bool fatal = false;  // libarchive cannot go on (truncated or damaged data)

    Outcome problem(const std::string& name, const std::string& why, Outcome o = Outcome::skipped) {
        problems.push_back({name, why});
        return o;
    }

    // Streams the current entry's data into parts (a regular file). The partial file is
    // removed whenever the member is refused or damaged.
    Outcome extract_file(const std::string& name, const std::vector<std::string>& parts) {
        std::string why;
        Fd dir = open_folder(root, parts, parts.size() - 1, why);
        if (dir.get() < 0) return problem(name, why);
        const std::string& leaf = parts.back();
        Fd out(::openat(dir.get(), leaf.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (out.get() < 0) {
            const int err = errno;
            return problem(name, err == EEXIST ? "another member has the same name: only the first was extracted"
                                               : "cannot create the file: " + reason(err));
        }
        const la_int64_t start = archive_filter_bytes(a, -1);
        std::uint64_t written = 0;
        std::string refused;
        Outcome refused_outcome = Outcome::skipped;
        static thread_local char buf[kBlock];
        while (true) {
            const la_ssize_t n = archive_read_data(a, buf, sizeof buf);
            if (n == 0) break;
            if (n < 0) {
                if (n == ARCHIVE_FATAL) fatal = true;
                refused = "damaged or cut short (" + archive_message(a, "cannot read the data") + "): not extracted";
                break;
            }
            written += std::uint64_t(n);
            if (written > limits.max_member_bytes) {
                refused = "larger than " + megabytes(limits.max_member_bytes) + " unpacked: not extracted";
                break;
            }
            if (total + written > limits.max_total_bytes) {
                refused = "the zip unpacks to more than " + megabytes(limits.max_total_bytes) +
                          ": stopped here, later members not extracted";
                refused_outcome = Outcome::stop;
                break;
            }
            if (written >= limits.ratio_after_bytes) {
                // Bytes libarchive took from the file since the header, plus its read-ahead
                // block, so buffering can only make the ratio look smaller, never larger.
                const double packed = double(archive_filter_bytes(a, -1) - start) + double(kBlock);
                if (double(written) > limits.max_ratio * packed) {
                    refused = "compressed more than " + std::to_string(int(limits.max_ratio)) +
                              ":1, as zip bombs are: not extracted";
                    break;
                }
            }
            if (!write_all(out.get(), buf, std::size_t(n))) {
                const int err = errno;
                refused = "cannot write the file: " + reason(err) + (err == ENOSPC ? " (free some disk space)" : "");
                refused_outcome = err == ENOSPC ? Outcome::stop : Outcome::skipped;
                break;
            }
        }
        if (refused.empty() && out.close() != 0) refused = "cannot write the file: " + reason(errno);
        if (!refused.empty()) {
            out.reset();
            ::unlinkat(dir.get(), leaf.c_str(), 0);
            return problem(name, refused, fatal ? Outcome::stop : refused_outcome);
        }
        total += written;
        members.push_back({join(parts, parts.size()), dest + "/" + join(parts, parts.size()), written});
        return Outcome::extracted;
    }

    Outcome entry(archive_entry* e) {
        const char* raw = archive_entry_pathname(e);
        if (!raw) raw = archive_entry_pathname_utf8(e);
        if (!raw) return problem("", "a member name cannot be read: not extracted");
        const std::string name = decode_name(raw);

        std::string why;
        const std::vector<std::string> parts = split_member_path(name, why);
        if (parts.empty()) return problem(name, why);

        if (archive_entry_hardlink(e)) return problem(name, "a hard link: not extracted");
        const mode_t type = archive_entry_filetype(e);
        if (type == AE_IFLNK) return problem(name, "a symbolic link: not extracted");
        if (type == AE_IFDIR) {
            Fd dir = open_folder(root, parts, parts.size(), why);
            return dir.get() < 0 ? problem(name, why) : Outcome::skipped;
        }
        if (type != AE_IFREG && type != 0) return problem(name, "a device or special file: not extracted");
        if (archive_entry_is_encrypted(e))
            return problem(name, "password-protected: not extracted (send the zip without a password)");
        if (archive_entry_size_is_set(e) && archive_entry_size(e) >= 0 &&
            std::uint64_t(archive_entry_size(e)) > limits.max_member_bytes)
            return problem(name, "larger than " + megabytes(limits.max_member_bytes) + " unpacked: not extracted");
        return extract_file(name, parts);
    }
};

void check_entry_name(const std::string& name) {
    const auto bad = [&](const std::string& why) {
        throw Error("archive.write", "cannot put \"" + name + "\" in a zip: " + why);
    };
    if (name.empty()) bad("the name is empty");
    if (!text::valid_utf8(name)) bad("the name is not UTF-8");
    if (name.find('\\') != std::string::npos) bad("the name has a backslash");
    if (name[0] == '/') bad("the name is an absolute path");
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t end = name.find('/', start);
        if (end == std::string::npos) end = name.size();
        const std::string part = name.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") bad("the name has an empty, \".\" or \"..\" part");
        start = end + 1;
    }
}

// Appends one file on disk as `name` to the zip being written.
void add_file(archive* a, const std::string& name, const std::string& file) {
    Fd in(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.get() < 0) throw Error("io.read", "cannot open " + file + ": " + reason(errno));
    struct stat st {};
    if (::fstat(in.get(), &st) != 0) throw Error("io.read", "cannot read " + file + ": " + reason(errno));
    if (!S_ISREG(st.st_mode)) throw Error("io.read", "cannot put " + file + " in a zip: it is not a file");

    std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(), archive_entry_free);
    if (!e) throw std::bad_alloc();
    archive_entry_copy_pathname(e.get(), name.c_str());  // UTF-8: the thread locale is UTF-8
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), st.st_size);
    archive_entry_set_mtime(e.get(), st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    if (archive_write_header(a, e.get()) < ARCHIVE_OK)
        throw Error("io.write", "cannot add " + name + " to the zip: " + archive_message(a, "unknown error"));

    static thread_local char buf[kBlock];
    std::uint64_t done = 0;
    while (true) {
        const ssize_t n = ::read(in.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Error("io.read", "cannot read " + file + ": " + reason(errno));
        }
        if (n == 0) break;
        if (archive_write_data(a, buf, std::size_t(n)) != n)
            throw Error("io.write", "cannot write the zip: " + archive_message(a, "unknown error"));
        done += std::uint64_t(n);
    }
    if (done != std::uint64_t(st.st_size))
        throw Error("io.read", "cannot read " + file + ": it changed while it was being zipped");
    if (archive_write_finish_entry(a) < ARCHIVE_OK)
        throw Error("io.write", "cannot write the zip: " + archive_message(a, "unknown error"));
}

}  // namespace

std::vector<ArchiveMember> extract_zip(const std::string& zip_path, const std::string& dest_dir,
                                       const ExtractLimits& limits,
                                       std::vector<ArchiveProblem>& problems) {
    Fd in(::open(zip_path.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.get() < 0) {
        const int err = errno;
        throw Error("io.read", "cannot open the zip: " + reason(err) + (err == ENOENT ? " (check the path)" : ""));
    }
    struct stat st {};
    if (::fstat(in.get(), &st) != 0) throw Error("io.read", "cannot read the zip: " + reason(errno));
    if (S_ISDIR(st.st_mode)) throw Error("io.read", "cannot read the zip: it is a folder");
    Fd root(::open(dest_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (root.get() < 0) throw Error("io.write", "cannot open the folder to unpack into: " + reason(errno));

    Utf8Locale utf8;
    std::unique_ptr<archive, ReadDeleter> a(archive_read_new());
    if (!a) throw std::bad_alloc();
    archive_read_support_format_zip(a.get());
    if (archive_read_open_fd(a.get(), in.get(), kBlock) != ARCHIVE_OK)
        throw Error("archive.read", "cannot read the zip: " + archive_message(a.get(), "unknown error"));

    std::vector<ArchiveMember> members;
    std::string dest = dest_dir;
    while (dest.size() > 1 && dest.back() == '/') dest.pop_back();
    Extractor x{a.get(), root.get(), dest, limits, members, problems};
    std::size_t headers = 0;
    while (true) {
        archive_entry* e = nullptr;
        const int r = archive_read_next_header(a.get(), &e);
        if (r == ARCHIVE_EOF) break;
        if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY || !e) {
            const std::string why = archive_message(a.get(), "unknown error");
            if (headers == 0) throw Error("archive.read", "not a zip archive, or a damaged one: " + why);
            problems.push_back({"", "the zip is damaged or cut short after " + std::to_string(headers) +
                                        " members, the rest cannot be read: " + why});
            break;
        }
        if (++headers > limits.max_members) {
            problems.push_back({"", "more than " + std::to_string(limits.max_members) +
                                        " members: stopped, later members not extracted"});
            break;
        }
        if (r == ARCHIVE_FAILED) {  // this header is unusable, the next may be fine
            const char* raw = archive_entry_pathname(e);
            problems.push_back({raw ? decode_name(raw) : "", "damaged: " + archive_message(a.get(), "unreadable header")});
            continue;
        }
        if (x.entry(e) == Outcome::stop || x.fatal) break;
    }
    return members;
}

void write_zip(const std::string& zip_path,
               const std::vector<std::pair<std::string, std::string>>& entries) {
    std::set<std::string> names;
    for (const auto& entry : entries) {
        check_entry_name(entry.first);
        if (!names.insert(entry.first).second)
            throw Error("archive.write", "two files would be \"" + entry.first + "\" in the zip");
    }
    if (zip_path.empty()) throw Error("io.write", "no output path given: name a zip file");
    const std::size_t slash = zip_path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : zip_path.substr(0, slash);
    const std::string base = slash == std::string::npos ? zip_path : zip_path.substr(slash + 1);
    if (base.empty() || base == "." || base == "..")
        throw Error("io.write", "the output path is a folder: add a zip file name");

    struct stat st {};
    mode_t mode = mode_t(new_file_mode());
    if (::stat(zip_path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) throw Error("io.write", "the output path is a folder: add a zip file name");
        if (S_ISREG(st.st_mode)) mode = st.st_mode & 07777;
    }

    std::string tmp = dir + "/." + base + ".tmp-XXXXXX";
    Fd fd(::mkostemp(tmp.data(), O_CLOEXEC));
    if (fd.get() < 0) {
        const int err = errno;
        throw Error("io.write", "cannot create a file in the output folder: " + reason(err) +
                                    (err == ENOENT ? " (create the folder first)" : ""));
    }
    try {
        Utf8Locale utf8;
        std::unique_ptr<archive, WriteDeleter> a(archive_write_new());
        if (!a) throw std::bad_alloc();
        if (archive_write_set_format_zip(a.get()) != ARCHIVE_OK ||
            archive_write_set_options(a.get(), "zip:compression=deflate,zip:hdrcharset=UTF-8") != ARCHIVE_OK ||
            archive_write_set_bytes_in_last_block(a.get(), 1) != ARCHIVE_OK ||
            archive_write_open_fd(a.get(), fd.get()) != ARCHIVE_OK)
            throw Error("io.write", "cannot start the zip: " + archive_message(a.get(), "unknown error"));
        for (const auto& [name, file] : entries) add_file(a.get(), name, file);
        if (archive_write_close(a.get()) != ARCHIVE_OK)
            throw Error("io.write", "cannot finish the zip: " + archive_message(a.get(), "unknown error"));
        if (::fchmod(fd.get(), mode) != 0) throw Error("io.write", "cannot set file permissions: " + reason(errno));
        if (::fsync(fd.get()) != 0) throw Error("io.write", "cannot flush to disk: " + reason(errno));
        if (fd.close() != 0) throw Error("io.write", "cannot write the zip: " + reason(errno));
    } catch (...) {
        fd.reset();
        ::unlink(tmp.c_str());
        throw;
    }
    if (::rename(tmp.c_str(), zip_path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        throw Error("io.write", "cannot replace the zip: " + reason(err));
    }
    Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (d.get() >= 0) ::fsync(d.get());
}

}  // namespace photo
