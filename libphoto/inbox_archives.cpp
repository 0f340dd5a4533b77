#include "libphoto/inbox_archives.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "libphoto/archive.hpp"
#include "libphoto/error.hpp"

namespace fs = std::filesystem;

namespace photo {

namespace {
bool is_zip(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    return in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

std::string private_temp_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/idphoto-zip-XXXXXX";
    if (!::mkdtemp(tmpl.data())) throw Error("io.write", "cannot create a temporary folder for a zip");
    return tmpl;  // mkdtemp makes it 0700: only this user can read the unpacked photos
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
        if (!is_zip(f.path)) {
            inbox.files.push_back(f);
            continue;
        }
        try {
            const std::string dir = private_temp_dir();
            inbox.temp_dirs.push_back(dir);
            std::vector<ArchiveProblem> problems;
            const auto members = extract_zip(f.path, dir, ExtractLimits{}, problems);
            for (const auto& p : problems) inbox.problems.push_back({f.path + ": " + p.name, p.reason});
            for (const auto& m : members) inbox.files.push_back({m.path, m.name, true});
        } catch (const Error& e) {
            inbox.problems.push_back({f.path, e.what()});
        }
    }
    return inbox;
}

}  // namespace photo
