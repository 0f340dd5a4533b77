#include "libphoto/department/inbox_archives.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "libphoto/department/archive.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/department/mail_inbox.hpp"

namespace fs = std::filesystem;

namespace photo {

namespace {
// The first bytes of a file, enough for archive_kind (a tar's magic is at byte 257).
Bytes head_of(const std::string& path) {
    constexpr std::size_t kHeadBytes = 512;
    std::ifstream in(path, std::ios::binary);
    Bytes head(kHeadBytes);
    in.read(reinterpret_cast<char*>(head.data()), std::streamsize(head.size()));
    head.resize(std::size_t(in.gcount()));
    return head;
}

std::string private_temp_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/idphoto-unpack-XXXXXX";
    if (!::mkdtemp(tmpl.data())) throw Error(Errc::io_write, "cannot create a temporary folder to unpack an archive");
    return tmpl;  // mkdtemp makes it 0700: only this user can read the unpacked photos
}
// Each attachment is shown as "class.mbox:#3 IMG_1234.jpg" (the message's number in an
// mbox) or "photo.eml:IMG_1234.jpg", and carries the subject and sender that may name its student.
void unpack_mail(const InputFile& f, UnpackedInbox& inbox) {
    const std::string& mail = f.name();
    try {
        const std::string dir = private_temp_dir();
        inbox.temp_dirs.push_back(dir);
        std::vector<MailProblem> problems;
        const auto attachments = extract_mail(f.path, dir, ExtractLimits{}, problems);
        bool several = false;
        for (const auto& a : attachments) several = several || a.message > 1;
        const auto shown = [&](int message, const std::string& name) {
            return mail + ":" + (several && message ? "#" + std::to_string(message) + " " : "") + name;
        };
        for (const auto& p : problems)
            inbox.problems.push_back({p.message ? mail + ":#" + std::to_string(p.message) : mail, p.reason, "", p.reason_zh});
        for (const auto& a : attachments) {
            InputFile in{a.path, f.relative + "/" + a.file_name, true, shown(a.message, a.file_name)};
            in.identity = {a.subject, a.sender_name};
            in.sender = a.sender_address;
            inbox.files.push_back(std::move(in));
        }
    } catch (const Error& e) {
        inbox.problems.push_back({mail, e.what(), "", error_message(e, Lang::zh)});
    }
}
}  // namespace

UnpackedInbox::~UnpackedInbox() {
    for (const auto& d : temp_dirs) {
        std::error_code ec;
        fs::remove_all(d, ec);
    }
}

UnpackedInbox unpack_inbox(const std::vector<std::string>& paths, const std::string& output_dir) {
    UnpackedInbox inbox;
    InputList list = collect_inputs(paths, output_dir);
    inbox.problems = list.problems;
    inbox.originals = list.originals;
    for (const auto& f : list.files) {
        const Bytes head = head_of(f.path);
        if (is_mail_file(f.path, head)) {
            unpack_mail(f, inbox);
            continue;
        }
        if (archive_kind(f.path, head).empty()) {
            inbox.files.push_back(f);
            continue;
        }
        // A member is shown as "mail.zip:member.jpg", never by its temporary path.
        const std::string& archive = f.name();
        try {
            const std::string dir = private_temp_dir();
            inbox.temp_dirs.push_back(dir);
            std::vector<ArchiveProblem> problems;
            const auto members = extract_archive(f.path, dir, ExtractLimits{}, problems);
            for (const auto& p : problems)
                inbox.problems.push_back({p.name.empty() ? archive : archive + ":" + p.name, p.reason, p.name, p.reason_zh});
            // Below the archive's own name, so that batch writes out/mail.zip/<member>.jpg and two
            // archives' members of one name stay apart; the name's last part is still the member's.
            for (const auto& m : members)
                if (!system_file(m.name)) inbox.files.push_back({m.path, f.relative + "/" + m.name, true, archive + ":" + m.name});
        } catch (const Error& e) {
            inbox.problems.push_back({archive, e.what(), "", error_message(e, Lang::zh)});
        }
    }
    return inbox;
}

}  // namespace photo
