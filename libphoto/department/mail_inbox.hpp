#pragma once
// Photos that arrive by email. Departments export their mailbox as .eml files (one message
// each) or as an mbox (Thunderbird, Foxmail, mutt): every attachment becomes a file, named as
// its sender named it (RFC 2047 and RFC 2231 names, in GBK or UTF-8, as Chinese mail clients
// write them), with the message's subject, sender and date beside it, so an attachment that is
// just IMG_1234.jpg can still be matched to its student, and retake.csv can say whom to answer.
// GMime parses the mail; nothing here parses MIME by hand.
#include <ctime>
#include <string>
#include <vector>

#include "libphoto/department/archive.hpp"
#include "libphoto/core/bytes.hpp"

namespace photo {

struct MailAttachment {
    std::string path;            // the extracted file, in the caller's folder
    std::string file_name;       // as the sender named it ("IMG_1234.jpg"), '/' and '\\' replaced
    std::string subject;         // the message's subject, decoded
    std::string sender_name;     // the From display name, decoded ("张三")
    std::string sender_address;  // "zhangsan@example.edu.cn"
    std::time_t date = 0;        // the message's Date, 0 when it has none (the file keeps it as mtime)
    int message = 0;             // 1-based number of the message in the file
};

struct MailProblem {
    int message = 0;     // 0 for the file as a whole
    std::string reason;  // one line
    std::string reason_zh = {};
};

// Whether the file is mail, from its first bytes (an mbox's "From " line, or the header
// fields a message starts with) or its name (.eml, .mbox, .mbx).
bool is_mail_file(const std::string& path, const Bytes& head);

// Writes every attachment of every message in `path` into `dest_dir` (which must exist and
// be private) and describes it. `limits` are the archive reader's: the total bytes, the bytes
// of one attachment and their count. A message that cannot be read, or an attachment beyond
// the limits, is a problem in the list; the other messages are still read. Throws
// Error(Errc::io_read) when the file cannot be opened.
std::vector<MailAttachment> extract_mail(const std::string& path, const std::string& dest_dir,
                                         const ExtractLimits& limits, std::vector<MailProblem>& problems);

}  // namespace photo
