#include "libphoto/department/contact_inputs.hpp"

#include <filesystem>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "libphoto/department/csv_read.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/file_io.hpp"
#include "libphoto/department/manifest.hpp"
#include "libphoto/department/naming.hpp"

namespace fs = std::filesystem;

namespace photo {

namespace {
// The manifest's column whose header reads `zh` or `en` (compared as csv_header_key folds them).
std::optional<std::size_t> column(const std::vector<std::string>& header, const char* zh, const char* en) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string k = csv_header_key(header[i]);
        if (k == csv_header_key(zh) || k == csv_header_key(en)) return i;
    }
    return std::nullopt;
}

// A photo path of the manifest inside the bundle folder: the file is the department's, but
// the sheet reads only what the bundle wrote (photos/<学号>.jpg), never a path leading out.
bool inside_bundle(const fs::path& relative) {
    if (relative.empty() || relative.is_absolute()) return false;
    for (const auto& part : relative)
        if (part == "..") return false;
    return true;
}
}  // namespace

bool is_bundle_folder(const std::string& path) {
    std::error_code ec;
    return fs::is_directory(path, ec) && fs::is_regular_file(fs::path(path) / "manifest.csv", ec);
}

ContactList read_bundle_contacts(const std::string& dir, Lang lang) {
    const std::string manifest = (fs::path(dir) / "manifest.csv").string();
    const Bytes bytes = read_file(manifest);
    const CsvTable table = read_csv_table(std::string(bytes.begin(), bytes.end()));
    if (table.records.empty()) throw Error(Errc::sheet_manifest, manifest + ": empty (is it a bundle folder?)");
    const std::vector<std::string>& header = table.records.front().cells;
    const auto id_col = column(header, "学号", "student_id"), name_col = column(header, "姓名", "name");
    const auto status_col = column(header, "状态", "status"), output_col = column(header, "输出", "output");
    if (!id_col || !name_col || !status_col || !output_col)
        throw Error(Errc::sheet_manifest, manifest + ": no 学号/姓名/状态/输出 (student_id/name/status/output) columns: not a "
                                                 "manifest written by idphoto bundle");
    ContactList out;
    out.manifest = manifest;
    for (std::size_t r = 1; r < table.records.size(); ++r) {
        const CsvRecord& rec = table.records[r];
        const auto cell = [&](std::size_t c) { return c < rec.cells.size() ? rec.cells[c] : std::string(); };
        const std::string where = fmt::format("{}:{}", manifest, rec.line);
        const auto status = parse_row_status(cell(*status_col));
        if (!status) {
            out.problems.emplace_back(where, (lang == Lang::zh ? "不认识的状态：" : "unknown status: ") + cell(*status_col));
            continue;
        }
        if (*status == RowStatus::unmatched || *status == RowStatus::unreadable) continue;  // a file, not a student
        ContactEntry e;
        e.student_id = cell(*id_col);
        e.name = cell(*name_col);
        e.status = label(*status, lang);
        const fs::path photo = fs::path(cell(*output_col)).lexically_normal();
        if (!cell(*output_col).empty()) {
            if (inside_bundle(photo))
                e.photo_path = (fs::path(dir) / photo).string();
            else {
                e.status = label(RowStatus::unreadable, lang);
                out.problems.emplace_back(where, (lang == Lang::zh ? "照片路径不在打包文件夹内：" : "photo path outside the bundle folder: ") +
                                                     cell(*output_col));
            }
        }
        out.entries.push_back(std::move(e));
    }
    return out;
}

ContactList photo_contacts(const std::vector<std::string>& paths) {
    ContactList out;
    for (const auto& p : paths) {
        const ParsedName parsed = parse_photo_name(fs::path(p).filename().string());
        ContactEntry e;
        e.student_id = parsed.student_id.empty() ? parsed.id_number : parsed.student_id;
        e.name = parsed.name;
        if (e.student_id.empty() && e.name.empty()) e.name = fs::path(p).stem().string();
        e.photo_path = p;
        out.entries.push_back(std::move(e));
    }
    return out;
}

}  // namespace photo
