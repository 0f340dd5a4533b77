#include "libphoto/department/inputs.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>

#include "libphoto/core/ascii.hpp"
#include "libphoto/core/byte_order.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/image_io.hpp"
#include "libphoto/department/originals.hpp"
#include "libphoto/department/output_folder.hpp"
#include <system_error>

namespace fs = std::filesystem;

namespace photo {

namespace {
bool hidden(const fs::path& p) { return system_file(p.filename().string()); }

// `p` made absolute and resolved (symbolic links followed), then each folder above it.
std::vector<fs::path> self_and_ancestors(const fs::path& p) {
    std::error_code ec;
    std::vector<fs::path> chain;
    for (fs::path at = fs::weakly_canonical(fs::absolute(p, ec), ec); !at.empty(); at = at.parent_path()) {
        chain.push_back(at);
        if (at == at.parent_path()) break;
    }
    return chain;
}

// What is kept out of the inputs: this run's output folder (nothing while it does not exist
// yet) and every folder marked as an earlier run's (output_folder.hpp).
class Outputs {
public:
    Outputs(const std::string& dir, EarlierOutputs earlier)
        : id_(dir.empty() ? std::nullopt : file_id(dir)), skip_marked_(earlier == EarlierOutputs::skipped) {}

    // A folder met while walking that is not to be entered.
    bool skip_folder(const fs::path& p) const { return is_this_run(p) || is_marked(p); }

    // Why a path named on the command line is not read, or "" when it is. Its own folders
    // count as well as the path: out/sub/x.jpg is as much an output as out/x.jpg.
    std::string refusal(const fs::path& p, bool folder) const {
        if (folder && is_this_run(p))
            throw Error(Errc::usage_output,
                        p.string() + " is both an input folder and the output folder (-o): choose an output folder outside the inbox",
                        p.string() + " 既是输入文件夹又是输出文件夹（-o）：请选择收件文件夹以外的输出文件夹");
        const std::vector<fs::path> chain = self_and_ancestors(p);
        for (std::size_t i = 0; i < chain.size(); ++i) {
            if (i == 0 && !folder) continue;  // a file is no folder
            if (is_this_run(chain[i]))
                return "is inside the output folder (-o): outputs of idphoto are never read as inputs";
            if (is_marked(chain[i]))
                return (i == 0 ? "is an output folder of idphoto" : "is in " + chain[i].string() + ", an output folder of idphoto") +
                       ": outputs are never read as inputs (delete " + (chain[i] / kOutputMarker).string() +
                       " to read it anyway)";
        }
        return "";
    }

private:
    bool is_this_run(const fs::path& p) const { return id_ && file_id(p.string()) == id_; }
    bool is_marked(const fs::path& p) const { return skip_marked_ && is_output_folder(p.string()); }

    std::optional<FileId> id_;
    bool skip_marked_;
};
}  // namespace

bool system_file(const std::string& path) {
    std::size_t start = 0;
    while (start < path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        const std::string part = ascii_lower(path.substr(start, end - start));
        // A dot file (.DS_Store, macOS's ._photo.jpg, our own .name.tmp-XXXXXX), Windows'
        // thumbnail caches and folder settings, and the __MACOSX folder of a Mac's zip.
        if ((!part.empty() && part[0] == '.') || part == "thumbs.db" || part == "ehthumbs.db" || part == "desktop.ini" ||
            part == "__macosx")
            return true;
        start = end + 1;
    }
    return false;
}

std::uint64_t fnv1a(const void* data, std::size_t size, std::uint64_t h) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

std::uint64_t content_hash(const void* data, std::size_t size) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    constexpr std::uint64_t kPrime = 1099511628211ull;
    auto rotl = [](std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); };
    // Independent lanes so the multiplies overlap; the rotation carries each word's high
    // bits down, which a multiply alone never does.
    std::uint64_t lane[4] = {0x9E3779B97F4A7C15ull, 0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull, 0x27D4EB2F165667C5ull};
    std::size_t i = 0;
    for (; i + 32 <= size; i += 32)
        for (int k = 0; k < 4; ++k) lane[k] = rotl((lane[k] ^ bytes::le64(p + i + 8 * std::size_t(k))) * kPrime, 29);
    std::uint64_t h = fnv1a(p + i, size - i, lane[0] ^ rotl(lane[1], 16) ^ rotl(lane[2], 32) ^ rotl(lane[3], 48));
    return mix64(h ^ size);
}

void split_images(const std::vector<InputFile>& files, std::vector<InputFile>& images, std::vector<InputFile>& ignored) {
    constexpr std::size_t kSniffBytes = 64;  // enough for every signature sniff_format knows
    for (const auto& f : files) {
        std::ifstream in(f.path, std::ios::binary);
        Bytes head(kSniffBytes);
        in.read(reinterpret_cast<char*>(head.data()), std::streamsize(head.size()));
        head.resize(std::size_t(in.gcount()));
        (in.is_open() && !head.empty() && sniff_format(head).empty() ? ignored : images).push_back(f);
    }
}

InputList collect_inputs(const std::vector<std::string>& paths, const std::string& output_dir, EarlierOutputs earlier) {
    InputList list;
    const Outputs outputs(output_dir, earlier);
    for (const auto& arg : paths) {
        if (arg == "-") {
            list.files.push_back({arg, "stdin"});
            continue;
        }
        list.originals.add(arg);
        std::error_code ec;
        const fs::file_status st = fs::status(arg, ec);
        if (ec || !fs::exists(st)) {
            list.problems.push_back({arg, "no such file or folder", "", "文件或文件夹不存在"});
            continue;
        }
        if (const std::string why = outputs.refusal(arg, fs::is_directory(st)); !why.empty()) {
            list.problems.push_back({arg, why});
            continue;
        }
        if (fs::is_regular_file(st)) {
            list.files.push_back({arg, fs::path(arg).filename().string()});
            continue;
        }
        if (!fs::is_directory(st)) {
            list.problems.push_back({arg, "not a regular file or folder", "", "不是普通文件或文件夹"});
            continue;
        }
        std::vector<InputFile> found;
        fs::recursive_directory_iterator it(arg, fs::directory_options::skip_permission_denied, ec), end;
        if (ec) {
            list.problems.push_back({arg, "cannot read the folder: " + ec.message(), "", "无法读取文件夹：" + errno_text_zh(ec.value())});
            continue;
        }
        for (; it != end; it.increment(ec)) {
            if (ec) {
                list.problems.push_back({it->path().string(), "cannot read: " + ec.message(), "", "无法读取：" + errno_text_zh(ec.value())});
                break;
            }
            const fs::path& p = it->path();
            if (hidden(p)) {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            std::error_code type_ec;
            if (it->is_symlink(type_ec) && it->is_directory(type_ec)) continue;  // never follow folder links
            if (it->is_directory(type_ec)) {
                if (outputs.skip_folder(p)) it.disable_recursion_pending();
                continue;
            }
            if (!it->is_regular_file(type_ec)) {
                list.problems.push_back({p.string(), "not a regular file", "", "不是普通文件"});
                continue;
            }
            // lexically, not fs::relative: that resolves symlinks, so a linked photo's
            // "relative" path led out of the folder (../elsewhere/x.jpg) and batch wrote its
            // output beside the link's target instead of inside the output folder.
            found.push_back({p.string(), p.lexically_relative(arg).string(), true});
            list.originals.add(p.string());
        }
        std::sort(found.begin(), found.end(), [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
        list.files.insert(list.files.end(), found.begin(), found.end());
    }
    return list;
}

}  // namespace photo
