#pragma once
// A class roster as departments export it from Excel: a CSV in UTF-8, UTF-8 with BOM or GBK
// (what "CSV" means to Excel on Chinese Windows), with Chinese or English headers. The roster
// is the authority the photo names are matched against (naming.hpp), so every row problem is
// reported with its line number and never sinks the other rows: one bad row out of three
// hundred must not stop a department's batch.
#include <optional>
#include <string>
#include <vector>

#include "libphoto/department/text.hpp"

namespace photo {

struct Student {
    std::string student_id;  // 学号: ASCII digits (full-width digits folded)
    std::string name;        // 姓名: trimmed, otherwise as written
    std::string id_number;   // 身份证号 (upper-case X) or a passport number as written; "" when absent or invalid
    std::string department;  // 院系
    std::string class_name;  // 班级
    int line = 0;            // 1-based line of the row in the file
};

// One problem in one row. Codes:
//   empty_student_id, bad_student_id, duplicate_id, empty_name, control_in_name (a NUL or
//     other control character in the name)  — the row is left out;
//   bad_id_number, duplicate_id_number — the student is kept without the ID number (a wrong
//     number must not end up naming a bulk-import file);
//   unterminated_quote — a quoted cell never closed, so the rest of the file was one cell.
struct RosterIssue {
    int line = 0;
    std::string code;
    std::string message_zh, message_en;  // one line each, without the line number
};

struct Roster {
    std::vector<Student> students;
    std::vector<RosterIssue> issues;
    std::string encoding;  // "utf-8", "utf-8-bom", "gbk", "utf-16"
    // The first student with this exact 学号 / 身份证号 (ASCII, upper-case X), or nullptr.
    const Student* find(const std::string& student_id) const;
    const Student* find_id_number(const std::string& id_number) const;
};

// Reads and parses a roster file. Throws Error(Errc::io_read) when unreadable and
// Error(Errc::roster_invalid) when there is no 学号 or 姓名 column; the messages name the file.
Roster read_roster(const std::string& path);
// The same from bytes already read; `name_for_messages` names the roster in errors.
Roster parse_roster(const std::string& bytes, const std::string& name_for_messages);

// GB 11643-1999 居民身份证号: 17 digits and an ISO 7064 MOD 11-2 check character
// (digit or X, lower-case x accepted).
bool valid_id_number(const std::string& id_number);

}  // namespace photo
