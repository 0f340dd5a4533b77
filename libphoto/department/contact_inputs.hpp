#pragma once
// Who goes on a class contact sheet: the roster students of a bundle folder (its manifest.csv,
// photos in photos/), or photos named "学号 姓名.jpg". A student without a usable photo stays
// on the sheet, as an empty box with the manifest's word for why (缺交, 需重拍, ...): the sheet
// is for checking the class, and a missing face is what a checker must see.
#include <string>
#include <utility>
#include <vector>

#include "libphoto/core/lang.hpp"

namespace photo {

struct ContactEntry {
    std::string student_id, name;
    std::string photo_path;  // "" when the student has no photo
    std::string status;      // what the empty box says when there is no photo
};

struct ContactList {
    std::vector<ContactEntry> entries;
    // Rows or files that cannot be used: (file, reason), one error line each.
    std::vector<std::pair<std::string, std::string>> problems;
    std::string manifest;  // the manifest read (a bundle's), which no output may overwrite
};

// DIR/manifest.csv as bundle writes it, in either language (UTF-8 with BOM, headers 学号,
// 姓名, 状态, 输出 or student_id, name, status, output), roster rows in roster order; the
// rows of files that are nobody's (未匹配, 无法读取) are left out. Throws
// Error(Errc::sheet_manifest) when there is no readable manifest with those columns.
ContactList read_bundle_contacts(const std::string& dir, Lang lang);

// One entry per photo, 学号 and 姓名 read from its name (naming.hpp), in the order given; a
// name without either is shown as the file's name.
ContactList photo_contacts(const std::vector<std::string>& paths);

// Whether `path` is a bundle folder (a folder holding manifest.csv).
bool is_bundle_folder(const std::string& path);

}  // namespace photo
