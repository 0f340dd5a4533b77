// Writing the zip for the academic affairs office: deflated, UTF-8 names with the UTF-8 flag
// (archive_support.hpp's thread locale), through an AtomicFile.
#include "libphoto/department/archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <set>

#include "libphoto/department/archive_support.hpp"
#include "libphoto/io/atomic_file.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/department/roster.hpp"

namespace photo {
namespace {
using namespace archive_support;

void check_entry_name(const std::string& name) {
    const auto bad = [&](const std::string& why) {
        throw Error(Errc::archive_write, "cannot put \"" + name + "\" in a zip: " + why);
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
    if (in.get() < 0) throw Error(Errc::io_read, "cannot open " + file + ": " + reason(errno));
    struct stat st {};
    if (::fstat(in.get(), &st) != 0) throw Error(Errc::io_read, "cannot read " + file + ": " + reason(errno));
    if (!S_ISREG(st.st_mode)) throw Error(Errc::io_read, "cannot put " + file + " in a zip: it is not a file");

    std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(), archive_entry_free);
    if (!e) throw std::bad_alloc();
    archive_entry_copy_pathname(e.get(), name.c_str());  // UTF-8: the thread locale is UTF-8
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), st.st_size);
    archive_entry_set_mtime(e.get(), st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    if (archive_write_header(a, e.get()) < ARCHIVE_OK)
        throw Error(Errc::io_write, "cannot add " + name + " to the zip: " + archive_message(a, "unknown error"));

    static thread_local char buf[kBlock];
    std::uint64_t done = 0;
    while (true) {
        const ssize_t n = ::read(in.get(), buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Error(Errc::io_read, "cannot read " + file + ": " + reason(errno));
        }
        if (n == 0) break;
        if (archive_write_data(a, buf, std::size_t(n)) != n)
            throw Error(Errc::io_write, "cannot write the zip: " + archive_message(a, "unknown error"));
        done += std::uint64_t(n);
    }
    if (done != std::uint64_t(st.st_size))
        throw Error(Errc::io_read, "cannot read " + file + ": it changed while it was being zipped");
    if (archive_write_finish_entry(a) < ARCHIVE_OK)
        throw Error(Errc::io_write, "cannot write the zip: " + archive_message(a, "unknown error"));
}

}  // namespace

void write_zip(const std::string& zip_path,
               const std::vector<std::pair<std::string, std::string>>& entries) {
    std::set<std::string> names;
    for (const auto& entry : entries) {
        check_entry_name(entry.first);
        if (!names.insert(entry.first).second)
            throw Error(Errc::archive_write, "two files would be \"" + entry.first + "\" in the zip");
    }
    AtomicFile out(zip_path);
    Utf8Locale utf8;
    std::unique_ptr<archive, WriteDeleter> a(archive_write_new());
    if (!a) throw std::bad_alloc();
    if (archive_write_set_format_zip(a.get()) != ARCHIVE_OK ||
        archive_write_set_options(a.get(), "zip:compression=deflate,zip:hdrcharset=UTF-8") != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(a.get(), 1) != ARCHIVE_OK || archive_write_open_fd(a.get(), out.fd()) != ARCHIVE_OK)
        throw Error(Errc::io_write, "cannot start the zip: " + archive_message(a.get(), "unknown error"));
    for (const auto& [name, file] : entries) add_file(a.get(), name, file);
    if (archive_write_close(a.get()) != ARCHIVE_OK)
        throw Error(Errc::io_write, "cannot finish the zip: " + archive_message(a.get(), "unknown error"));
    out.commit();
}

}  // namespace photo
