// Email with GMime: an mbox is parsed message by message (GMIME_FORMAT_MBOX), an .eml as one
// message. Names in raw 8-bit GBK, in RFC 2047 words inside quotes (Foxmail, QQ Mail) or in
// RFC 2231 continuations are decoded by GMime in its loose mode with GB18030 as a fallback.
#include "libphoto/department/mail_inbox.hpp"

#include <fcntl.h>
#include <gmime/gmime.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

#include "libphoto/io/atomic_file.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/core/ascii.hpp"

namespace photo {
namespace {

template <typename T>
struct GUnref {
    void operator()(T* p) const {
        if (p) g_object_unref(p);
    }
};
template <typename T>
using GPtr = std::unique_ptr<T, GUnref<T>>;

struct OptionsFree {
    void operator()(GMimeParserOptions* o) const { g_mime_parser_options_free(o); }
};

void init_gmime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

bool starts_with(const Bytes& head, const char* prefix) {
    const std::size_t n = std::strlen(prefix);
    if (head.size() < n) return false;
    for (std::size_t i = 0; i < n; ++i)
        if (std::tolower(head[i]) != std::tolower(static_cast<unsigned char>(prefix[i]))) return false;
    return true;
}

// A name that is one path component and no control character: it names a file in a folder.
std::string clean_name(const char* raw) {
    std::string s = raw ? raw : "";
    for (char& c : s)
        if (c == '/' || c == '\\' || (static_cast<unsigned char>(c) < 0x20)) c = ' ';
    return s;
}

struct Walk {
    const std::string& dest_dir;
    const ExtractLimits& limits;
    std::vector<MailAttachment>& out;
    std::vector<MailProblem>& problems;
    std::uint64_t total = 0;
    std::size_t count = 0;
    MailAttachment message;  // the fields every attachment of the current message shares
};

void save_part(GMimePart* part, Walk& w) {
    const char* raw_name = g_mime_part_get_filename(part);
    GMimeContentType* type = g_mime_object_get_content_type(GMIME_OBJECT(part));
    const bool image = type && g_mime_content_type_is_type(type, "image", "*");
    if (!raw_name && !image) return;  // the message's text, not an attachment
    MailAttachment a = w.message;
    a.file_name = clean_name(raw_name);
    if (a.file_name.empty()) a.file_name = "attachment";
    const std::string shown = "#" + std::to_string(a.message) + " " + a.file_name;
    if (++w.count > w.limits.max_members) {
        w.problems.push_back({a.message, shown + ": more than " + std::to_string(w.limits.max_members) + " attachments; not read",
                              shown + "：附件超过 " + std::to_string(w.limits.max_members) + " 个，未读取"});
        return;
    }
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (!content) return;
    GPtr<GMimeStream> mem(g_mime_stream_mem_new());
    if (g_mime_data_wrapper_write_to_stream(content, mem.get()) < 0) {
        w.problems.push_back({a.message, shown + ": the attachment cannot be decoded", shown + "：附件无法解码"});
        return;
    }
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
    const std::uint64_t size = bytes ? bytes->len : 0;
    if (size > w.limits.max_member_bytes || w.total + size > w.limits.max_total_bytes) {
        w.problems.push_back({a.message, shown + ": larger than the limit for one mailbox; not read", shown + "：超过一个邮箱的大小上限，未读取"});
        return;
    }
    w.total += size;
    // On disk by number: the sender's name may be anything, and two attachments may share it.
    a.path = w.dest_dir + "/" + std::to_string(w.out.size() + 1) + "-" + std::to_string(a.message);
    AtomicFile file(a.path);
    if (size) file.write(bytes->data, size);
    if (a.date) {
        const timespec times[2] = {{0, UTIME_OMIT}, {a.date, 0}};  // the newest re-send wins (resent_photos)
        ::futimens(file.fd(), times);
    }
    file.commit();
    w.out.push_back(std::move(a));
}

void walk_message(GMimeMessage* message, Walk& w);

void visit(GMimeObject*, GMimeObject* part, gpointer data) {
    auto& w = *static_cast<Walk*>(data);
    if (GMIME_IS_MESSAGE_PART(part)) {  // a forwarded mail: its photos count too
        GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(part));
        if (inner) {
            const MailAttachment outer = w.message;
            walk_message(inner, w);
            w.message = outer;
        }
    } else if (GMIME_IS_PART(part)) {
        save_part(GMIME_PART(part), w);
    }
}

void walk_message(GMimeMessage* message, Walk& w) {
    GMimeObject* body = g_mime_message_get_mime_part(message);
    if (!body) return;
    if (GMIME_IS_MULTIPART(body))
        g_mime_multipart_foreach(GMIME_MULTIPART(body), visit, &w);
    else
        visit(nullptr, body, &w);
}

MailAttachment describe(GMimeMessage* message, int number) {
    MailAttachment m;
    m.message = number;
    m.subject = clean_name(g_mime_message_get_subject(message));
    InternetAddressList* from = g_mime_message_get_from(message);
    if (from && internet_address_list_length(from) > 0) {
        InternetAddress* first = internet_address_list_get_address(from, 0);
        m.sender_name = clean_name(internet_address_get_name(first));
        if (INTERNET_ADDRESS_IS_MAILBOX(first))
            m.sender_address = clean_name(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(first)));
    }
    if (GDateTime* date = g_mime_message_get_date(message)) m.date = g_date_time_to_unix(date);
    return m;
}

}  // namespace

bool is_mail_file(const std::string& path, const Bytes& head) {
    for (const char* ext : {".eml", ".mbox", ".mbx"})
        if (ends_with_ci(path, ext)) return true;
    // An mbox starts with its separator line; a message with one of the fields every mail
    // client writes first. A photo or an archive starts with none of these.
    for (const char* start : {"From ", "Return-Path:", "Received:", "Delivered-To:", "MIME-Version:", "X-Mozilla-Status:"})
        if (starts_with(head, start)) return true;
    return false;
}

std::vector<MailAttachment> extract_mail(const std::string& path, const std::string& dest_dir,
                                         const ExtractLimits& limits, std::vector<MailProblem>& problems) {
    init_gmime();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(Errc::io_read, std::string("cannot open: ") + std::strerror(errno),
                            std::string("无法打开：") + std::strerror(errno));
    GPtr<GMimeStream> stream(g_mime_stream_fs_new(fd));  // owns fd
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    char first[5] = {};
    const bool mbox = ::pread(fd, first, sizeof first, 0) == 5 && std::memcmp(first, "From ", 5) == 0;
    g_mime_parser_set_format(parser.get(), mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
    std::unique_ptr<GMimeParserOptions, OptionsFree> options(g_mime_parser_options_new());
    const char* charsets[] = {"UTF-8", "GB18030", nullptr};
    g_mime_parser_options_set_fallback_charsets(options.get(), charsets);
    g_mime_parser_options_set_rfc2047_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);

    std::vector<MailAttachment> out;
    Walk w{dest_dir, limits, out, problems, 0, 0, {}};
    int number = 0;
    while (!g_mime_parser_eos(parser.get())) {
        GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options.get()));
        ++number;
        if (!message) {
            problems.push_back({number, "#" + std::to_string(number) + ": not a mail message; the rest of the file is not read",
                                "#" + std::to_string(number) + "：不是邮件，文件其余部分未读取"});
            break;
        }
        w.message = describe(message.get(), number);
        walk_message(message.get(), w);
        if (!mbox) break;  // an .eml is one message
    }
    if (number == 0) problems.push_back({0, "holds no mail message", "里面没有邮件"});
    return out;
}

}  // namespace photo
