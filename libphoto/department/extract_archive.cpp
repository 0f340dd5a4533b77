// Reading archives with libarchive: zips as Chinese Windows writes them (GBK names without the
// UTF-8 flag), tars, 7z and RAR. Names arrive as UTF-8 (archive_support.hpp's thread locale) or
// as their raw bytes, which we decode as GBK when they are not valid UTF-8. Extraction writes
// through directory file descriptors (openat, O_NOFOLLOW, O_EXCL), so a path is never
// resolved through anything the archive made.
#include "libphoto/department/archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>

#include "libphoto/department/archive_support.hpp"
#include "libphoto/core/ascii.hpp"
#include "libphoto/io/atomic_file.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/image_io.hpp"
#include "libphoto/department/roster.hpp"

namespace photo {
namespace {
using namespace archive_support;

// What to do about an archive that cannot be read, said after the reason.
const std::string kResend = ": ask for the photos as a zip or as separate files";
const std::string kResend_zh = "：请对方把照片打成 zip 或逐个文件重新发送";

// A reason in English and Chinese.
struct Why {
    std::string en, zh;
    bool empty() const { return en.empty(); }
};

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
std::vector<std::string> split_member_path(const std::string& name, Why& why) {
    std::string s = name;
    for (char& c : s)
        if (c == '\\') c = '/';
    if (!s.empty() && s[0] == '/') {
        why = {"absolute path: not extracted", "绝对路径，未解出"};
        return {};
    }
    if (s.size() >= 2 && s[1] == ':' && ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z'))) {
        why = {"absolute path (drive letter): not extracted", "绝对路径（带盘符），未解出"};
        return {};
    }
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t end = s.find('/', start);
        if (end == std::string::npos) end = s.size();
        std::string part = s.substr(start, end - start);
        if (part == "..") {
            why = {"path leaves the archive (../): not extracted", "路径指向压缩包之外（../），未解出"};
            return {};
        }
        if (!part.empty() && part != ".") parts.push_back(part);
        start = end + 1;
    }
    if (parts.empty()) why = {"empty name: not extracted", "名称为空，未解出"};
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
Fd open_folder(int root, const std::vector<std::string>& parts, std::size_t count, Why& why) {
    Fd dir(::fcntl(root, F_DUPFD_CLOEXEC, 0));
    if (dir.get() < 0) {
        why = {"cannot open the destination folder: " + reason(errno), "无法打开解压目标文件夹：" + errno_text_zh(errno)};
        return Fd();
    }
    for (std::size_t i = 0; i < count; ++i) {
        const char* part = parts[i].c_str();
        if (::mkdirat(dir.get(), part, 0700) != 0 && errno != EEXIST) {
            why = {"cannot create folder " + join(parts, i + 1) + ": " + reason(errno),
                   "无法创建文件夹 " + join(parts, i + 1) + "：" + errno_text_zh(errno)};
            return Fd();
        }
        Fd next(::openat(dir.get(), part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (next.get() < 0) {
            const int err = errno;
            why = err == ENOTDIR || err == ELOOP
                      ? Why{"a file of the same name as folder " + join(parts, i + 1) + " is in the archive: not extracted",
                            "压缩包里有与文件夹 " + join(parts, i + 1) + " 同名的文件，未解出"}
                      : Why{"cannot open folder " + join(parts, i + 1) + ": " + reason(err),
                            "无法打开文件夹 " + join(parts, i + 1) + "：" + errno_text_zh(err)};
            return Fd();
        }
        dir = std::move(next);
    }
    return dir;
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

    // Whether `unpacked` bytes made from `packed` bytes of the file look like a bomb. Only
    // past ratio_after_bytes: a small member of flat colour or text compresses as well.
    // `packed` counts libarchive's read-ahead block, so buffering can only make the ratio
    // look smaller, never larger.
    bool too_compressed(std::uint64_t unpacked, la_int64_t packed) const {
        return unpacked >= limits.ratio_after_bytes && double(unpacked) > limits.max_ratio * double(packed + la_int64_t(kBlock));
    }

    Outcome problem(const std::string& name, const Why& why, Outcome o = Outcome::skipped) {
        problems.push_back({name, why.en, why.zh});
        return o;
    }

    // Streams the current entry's data into parts (a regular file). The partial file is
    // removed whenever the member is refused or damaged.
    Outcome extract_file(const std::string& name, const std::vector<std::string>& parts, archive_entry* e) {
        Why why;
        Fd dir = open_folder(root, parts, parts.size() - 1, why);
        if (dir.get() < 0) return problem(name, why);
        const std::string& leaf = parts.back();
        Fd out(::openat(dir.get(), leaf.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (out.get() < 0) {
            const int err = errno;
            return problem(name, err == EEXIST ? Why{"another member has the same name: only the first was extracted",
                                                     "有同名的文件，只解出了第一个"}
                                               : Why{"cannot create the file: " + reason(err), "无法创建文件：" + errno_text_zh(err)});
        }
        const la_int64_t start = archive_filter_bytes(a, -1);
        std::uint64_t written = 0;
        Why refused;
        Outcome refused_outcome = Outcome::skipped;
        static thread_local char buf[kBlock];
        while (true) {
            const la_ssize_t n = archive_read_data(a, buf, sizeof buf);
            if (n == 0) break;
            if (n < 0) {
                if (n == ARCHIVE_FATAL) fatal = true;
                refused = {"damaged or cut short (" + archive_message(a, "cannot read the data") + "): not extracted",
                           "已损坏或不完整（" + archive_message(a, "cannot read the data") + "），未解出"};
                break;
            }
            written += std::uint64_t(n);
            if (written > limits.max_member_bytes) {
                refused = {"larger than " + megabytes(limits.max_member_bytes) + " unpacked: not extracted",
                           "解压后超过 " + megabytes(limits.max_member_bytes) + "，未解出"};
                break;
            }
            if (total + written > limits.max_total_bytes) {
                refused = {"the archive unpacks to more than " + megabytes(limits.max_total_bytes) +
                               ": stopped here, later members not extracted",
                           "压缩包解压后超过 " + megabytes(limits.max_total_bytes) + "：到此为止，后面的文件未解出"};
                refused_outcome = Outcome::stop;
                break;
            }
            const la_int64_t read_so_far = archive_filter_bytes(a, -1);
            if (too_compressed(written, read_so_far - start)) {
                refused = {"compressed more than " + std::to_string(int(limits.max_ratio)) + ":1, as zip bombs are: not extracted",
                           "压缩比超过 " + std::to_string(int(limits.max_ratio)) + ":1（压缩炸弹的特征），未解出"};
                break;
            }
            // Many members each under ratio_after_bytes (320 x 4 MB of zeros in 1.3 MB) pass
            // the test above one by one: the archive as a whole is held to the same ratio.
            if (too_compressed(total + written, read_so_far)) {
                refused = {"the archive unpacks to more than " + std::to_string(int(limits.max_ratio)) +
                               " times the bytes read, as zip bombs do: stopped here, later members not extracted",
                           "压缩包解压后超过读入字节的 " + std::to_string(int(limits.max_ratio)) +
                               " 倍（压缩炸弹的特征）：到此为止，后面的文件未解出"};
                refused_outcome = Outcome::stop;
                break;
            }
            if (!write_all(out.get(), buf, std::size_t(n))) {
                const int err = errno;
                refused = {"cannot write the file: " + reason(err) + (err == ENOSPC ? " (free some disk space)" : ""),
                           "无法写入文件：" + errno_text_zh(err) + (err == ENOSPC ? "（请腾出磁盘空间）" : "")};
                refused_outcome = err == ENOSPC ? Outcome::stop : Outcome::skipped;
                break;
            }
        }
        if (refused.empty() && archive_entry_mtime_is_set(e)) {
            // The member's own time, not the unpacking's: of a student's photos the newest is
            // used (resent_photos.hpp). Best effort: a time that cannot be set changes no byte.
            const timespec times[2] = {{0, UTIME_OMIT}, {archive_entry_mtime(e), archive_entry_mtime_nsec(e)}};
            ::futimens(out.get(), times);
        }
        if (refused.empty() && out.close() != 0) refused = {"cannot write the file: " + reason(errno), "无法写入文件：" + errno_text_zh(errno)};
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
        if (!raw) return problem("", {"a member name cannot be read: not extracted", "文件名无法读取，未解出"});
        const std::string name = decode_name(raw);

        Why why;
        const std::vector<std::string> parts = split_member_path(name, why);
        if (parts.empty()) return problem(name, why);

        if (archive_entry_hardlink(e)) return problem(name, {"a hard link: not extracted", "是硬链接，未解出"});
        const mode_t type = archive_entry_filetype(e);
        if (type == AE_IFLNK) return problem(name, {"a symbolic link: not extracted", "是符号链接，未解出"});
        if (type == AE_IFDIR) {
            Fd dir = open_folder(root, parts, parts.size(), why);
            return dir.get() < 0 ? problem(name, why) : Outcome::skipped;
        }
        if (type != AE_IFREG && type != 0) return problem(name, {"a device or special file: not extracted", "是设备或特殊文件，未解出"});
        if (archive_entry_is_encrypted(e))
            return problem(name, {"password-protected: not extracted (send it without a password)", "有密码，未解出（请不加密码重新发送）"});
        if (archive_entry_size_is_set(e) && archive_entry_size(e) >= 0 &&
            std::uint64_t(archive_entry_size(e)) > limits.max_member_bytes)
            return problem(name, {"larger than " + megabytes(limits.max_member_bytes) + " unpacked: not extracted",
                                  "解压后超过 " + megabytes(limits.max_member_bytes) + "，未解出"});
        return extract_file(name, parts, e);
    }
};

}  // namespace

namespace {
bool starts_with(const Bytes& b, std::size_t at, const char* magic, std::size_t n) {
    return b.size() >= at + n && std::memcmp(b.data() + at, magic, n) == 0;
}

// Opens the archive for reading with every format and filter this build reads without an
// outside program (libarchive would start `lzop`, `lrzip`... for the others).
std::unique_ptr<archive, ReadDeleter> open_reader(int fd) {
    std::unique_ptr<archive, ReadDeleter> a(archive_read_new());
    if (!a) throw std::bad_alloc();
    archive_read_support_format_zip(a.get());
    archive_read_support_format_tar(a.get());
    archive_read_support_format_gnutar(a.get());
    archive_read_support_format_7zip(a.get());
    archive_read_support_format_rar(a.get());
    archive_read_support_format_rar5(a.get());
    archive_read_support_filter_gzip(a.get());
    archive_read_support_filter_bzip2(a.get());
    archive_read_support_filter_xz(a.get());
    if (archive_read_open_fd(a.get(), fd, kBlock) != ARCHIVE_OK)
        throw Error(Errc::archive_read, "cannot read the archive: " + archive_message(a.get(), "unknown error") + kResend);
    return a;
}
}  // namespace

std::string archive_kind(const std::string& path, const Bytes& head) {
    if (starts_with(head, 0, "PK\x03\x04", 4) || starts_with(head, 0, "PK\x05\x06", 4) || starts_with(head, 0, "PK\x07\x08", 4))
        return "zip";
    if (starts_with(head, 0, "7z\xBC\xAF\x27\x1C", 6)) return "7z";
    if (starts_with(head, 0, "Rar!\x1A\x07", 6)) return "rar";
    if (starts_with(head, 257, "ustar", 5)) return "tar";
    if (starts_with(head, 0, "\x1F\x8B", 2)) return "gzip";
    if (starts_with(head, 0, "BZh", 3)) return "bzip2";
    if (starts_with(head, 0, "\xFD" "7zXZ", 6)) return "xz";
    if (!head.empty() && !sniff_format(head).empty()) return "";  // a photo, whatever its name
    for (const char* ext : {".zip", ".rar", ".7z", ".tar", ".tgz", ".tar.gz", ".gz", ".bz2", ".xz"})
        if (ends_with_ci(path, ext)) return ext + 1;
    return "";
}

std::vector<ArchiveMember> extract_archive(const std::string& path, const std::string& dest_dir,
                                           const ExtractLimits& limits, std::vector<ArchiveProblem>& problems) {
    Fd in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.get() < 0) {
        const int err = errno;
        throw Error(Errc::io_read, "cannot open the archive: " + reason(err) + (err == ENOENT ? " (check the path)" : ""),
                    "无法打开压缩包：" + errno_text_zh(err) + (err == ENOENT ? "（请检查路径）" : ""));
    }
    struct stat st {};
    if (::fstat(in.get(), &st) != 0)
        throw Error(Errc::io_read, "cannot read the archive: " + reason(errno), "无法读取压缩包：" + errno_text_zh(errno));
    if (S_ISDIR(st.st_mode)) throw Error(Errc::io_read, "cannot read the archive: it is a folder", "无法读取压缩包：这是文件夹");
    Fd root(::open(dest_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (root.get() < 0) throw Error(Errc::io_write, "cannot open the folder to unpack into: " + reason(errno));

    Utf8Locale utf8;
    const auto a = open_reader(in.get());

    std::vector<ArchiveMember> members;
    std::string dest = dest_dir;
    while (dest.size() > 1 && dest.back() == '/') dest.pop_back();
    Extractor x{a.get(), root.get(), dest, limits, members, problems};
    const std::size_t problems_before = problems.size();
    std::size_t headers = 0;
    while (true) {
        archive_entry* e = nullptr;
        const int r = archive_read_next_header(a.get(), &e);
        if (r == ARCHIVE_EOF) break;
        if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY || !e) {
            const std::string why = archive_message(a.get(), "unknown error");
            if (headers == 0)
                throw Error(Errc::archive_read, "not an archive this program reads, or a damaged one: " + why + kResend,
                            "不是本程序能读的压缩包，或已损坏（" + why + "）" + kResend_zh);
            problems.push_back({"", "the archive is damaged or cut short after " + std::to_string(headers) +
                                        " members, the rest cannot be read: " + why,
                                "压缩包在第 " + std::to_string(headers) + " 个文件之后已损坏或不完整，其余无法读取（" + why + "）"});
            break;
        }
        if (++headers > limits.max_members) {
            problems.push_back({"", "more than " + std::to_string(limits.max_members) +
                                        " members: stopped, later members not extracted",
                                "超过 " + std::to_string(limits.max_members) + " 个文件：到此为止，后面的文件未解出"});
            break;
        }
        if (r == ARCHIVE_FAILED) {  // this header is unusable, the next may be fine
            const char* raw = archive_entry_pathname(e);
            problems.push_back({raw ? decode_name(raw) : "", "damaged: " + archive_message(a.get(), "unreadable header"),
                                "已损坏（" + archive_message(a.get(), "unreadable header") + "）"});
            continue;
        }
        if (x.entry(e) == Outcome::stop || x.fatal) break;
    }
    // An empty zip (a mail client's failed attachment) would otherwise pass without a word.
    if (members.empty() && problems.size() == problems_before)
        throw Error(Errc::archive_read, "the archive holds no files" + kResend, "压缩包里没有文件" + kResend_zh);
    return members;
}

}  // namespace photo
