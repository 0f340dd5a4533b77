// Roster reading: header mapping and per-row validation over csv_read's records (the text's
// encoding and the CSV's quirks are csv_read.cpp's and text.cpp's).
#include "libphoto/department/roster.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string_view>

#include "libphoto/department/csv_read.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/department/xlsx_read.hpp"

namespace photo {


// ---------------------------------------------------------------------------------------
// 身份证号
namespace {

constexpr std::size_t kIdNumberLength = 18;
constexpr std::array<int, kIdNumberLength - 1> kIdWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6,
                                                             3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kIdCheckChars[] = "10X98765432";  // indexed by the weighted sum mod 11
constexpr int kIdModulus = 11;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

}  // namespace

bool valid_id_number(const std::string& id) {
    if (id.size() != kIdNumberLength) return false;
    int sum = 0;
    for (std::size_t i = 0; i + 1 < kIdNumberLength; ++i) {
        if (!is_digit(id[i])) return false;
        sum += (id[i] - '0') * kIdWeights[i];
    }
    const char check = id.back() == 'x' ? 'X' : id.back();
    return check == kIdCheckChars[sum % kIdModulus];
}

// ---------------------------------------------------------------------------------------
// Header
namespace {

enum class Column { student_id, name, id_number, department, class_name };

// Header spellings after csv_header_key(): width folded, ASCII lower-cased, spaces, '_' and '-'
// removed, so "Student ID", "student_id" and "ＳＴＵＤＥＮＴ＿ＩＤ" all read "studentid".
const std::map<std::string, Column>& header_aliases() {
    static const std::map<std::string, Column> aliases = {
        {"学号", Column::student_id},       {"studentid", Column::student_id},
        {"studentno", Column::student_id},  {"studentnumber", Column::student_id},
        {"姓名", Column::name},             {"name", Column::name},
        {"studentname", Column::name},      {"学生学号", Column::student_id},
        {"学生姓名", Column::name},         {"身份证号", Column::id_number},
        {"身份证号码", Column::id_number},  {"身份证", Column::id_number},
        {"证件号", Column::id_number},      {"证件号码", Column::id_number},
        {"idnumber", Column::id_number},    {"idno", Column::id_number},
        {"院系", Column::department},       {"学院", Column::department},
        {"department", Column::department}, {"dept", Column::department},
        {"班级", Column::class_name},       {"class", Column::class_name},
        {"classname", Column::class_name},
    };
    return aliases;
}

using ColumnMap = std::map<Column, std::size_t>;  // column -> cell index

ColumnMap map_columns(const CsvRecord& header) {
    ColumnMap columns;
    for (std::size_t i = 0; i < header.cells.size(); ++i) {
        auto it = header_aliases().find(csv_header_key(header.cells[i]));
        if (it != header_aliases().end()) columns.emplace(it->second, i);  // the first one wins
    }
    return columns;
}

bool has_required(const ColumnMap& columns) {
    return columns.count(Column::student_id) && columns.count(Column::name);
}

// A title row ("2024届毕业生名单") or a blank-looking row often sits above the header, so the
// header is the first of the first few records that has both required columns.
constexpr std::size_t kHeaderSearchCsvRecords = 10;

std::string joined(const std::vector<std::string>& cells) {
    std::string out;
    for (const auto& c : cells) out += (out.empty() ? "" : ", ") + text::trim(c);
    return out;
}

[[noreturn]] void missing_header(const std::vector<CsvRecord>& records, const std::string& name) {
    if (records.empty())
        throw Error(Errc::roster_invalid,
                    name + ": the roster is empty; it needs a header row with 学号/student_id and 姓名/name",
                    "名单 " + name + " 是空的：第一行应是表头，至少有“学号”和“姓名”两列");
    const ColumnMap first = map_columns(records.front());
    std::string missing = first.count(Column::student_id) ? "" : "学号/student_id";
    if (!first.count(Column::name)) missing += std::string(missing.empty() ? "" : " and ") + "姓名/name";
    std::string missing_zh = first.count(Column::student_id) ? "" : "“学号”";
    if (!first.count(Column::name)) missing_zh += "“姓名”";
    const std::string line = std::to_string(records.front().line);
    throw Error(Errc::roster_invalid,
                name + ": no " + missing + " column in the header (line " + line + " has: " +
                    joined(records.front().cells) + ")",
                "名单 " + name + " 的表头没有" + missing_zh + "列（第 " + line + " 行是：" +
                    joined(records.front().cells) + "）：请把表头改为“学号,姓名”后再试");
}

// ---------------------------------------------------------------------------------------
// Rows

// Excel shows a long number in scientific notation and writes it so into the CSV, losing
// digits ("1.63071E+10"); the fix is to format the column as text and export again.
bool looks_scientific(const std::string& s) {
    const auto e = s.find_first_of("eE");
    return e != std::string::npos && e > 0 && s.find('.') < e &&
           std::all_of(s.begin(), s.begin() + e, [](char c) { return is_digit(c) || c == '.'; });
}

// Excel's trick to keep leading zeros, ="0123", arrives as the literal text ="0123".
std::string unwrap_excel_text(const std::string& cell) {
    constexpr std::string_view kOpen = "=\"";
    if (cell.size() >= kOpen.size() + 1 && cell.compare(0, kOpen.size(), kOpen) == 0 && cell.back() == '"')
        return cell.substr(kOpen.size(), cell.size() - kOpen.size() - 1);
    return cell;
}

std::string cell_at(const CsvRecord& r, const ColumnMap& columns, Column c) {
    auto it = columns.find(c);
    if (it == columns.end() || it->second >= r.cells.size()) return "";
    const bool identifier = c == Column::student_id || c == Column::id_number;
    const auto fold = identifier ? text::HalfWidth::ascii : text::HalfWidth::digits;
    return text::trim(text::to_half_width(unwrap_excel_text(text::trim(r.cells[it->second])), fold));
}

class RowChecker {
public:
    explicit RowChecker(Roster& roster) : roster_(roster) {}

    void add(const CsvRecord& r, const ColumnMap& columns) {
        Student s;
        s.line = r.line;
        s.student_id = cell_at(r, columns, Column::student_id);
        s.name = cell_at(r, columns, Column::name);
        s.id_number = cell_at(r, columns, Column::id_number);
        s.department = cell_at(r, columns, Column::department);
        s.class_name = cell_at(r, columns, Column::class_name);
        bool keep = check_student_id(s);
        if (s.name.empty()) {
            issue(s.line, "empty_name", "姓名为空", "the name is empty");
            keep = false;
        } else if (std::any_of(s.name.begin(), s.name.end(),
                               [](char c) { return std::uint8_t(c) < 0x20 || c == 0x7F; })) {
            // A NUL, tab, line break or escape in a name went into every file name, CSV cell
            // and review.html written for the student (issue #15).
            issue(s.line, "control_in_name", "姓名含有控制字符（如 NUL、换行），请在名单中改正",
                  "the name holds a control character (NUL, a line break, ...): correct it in the roster");
            keep = false;
        }
        check_id_number(s);
        if (!keep) return;
        first_line_.emplace(s.student_id, s.line);
        if (!s.id_number.empty()) first_id_number_line_.emplace(s.id_number, s.line);
        roster_.students.push_back(std::move(s));
    }

    void issue(int line, std::string code, std::string zh, std::string en) {
        roster_.issues.push_back({line, std::move(code), std::move(zh), std::move(en)});
    }

private:
    bool check_student_id(const Student& s) {
        const std::string& id = s.student_id;
        if (id.empty()) {
            issue(s.line, "empty_student_id", "学号为空", "the student id is empty");
            return false;
        }
        if (!all_digits(id)) {
            const bool sci = looks_scientific(id);
            issue(s.line, "bad_student_id",
                  "学号“" + id + "”不是纯数字" + (sci ? "（Excel 科学计数法丢了位数：把该列设为文本后重新导出）" : ""),
                  "student id \"" + id + "\" is not all digits" +
                      (sci ? " (Excel's scientific notation lost digits: format the column as text and export again)" : ""));
            return false;
        }
        auto first = first_line_.find(id);
        if (first != first_line_.end()) {
            const std::string at = std::to_string(first->second);
            issue(s.line, "duplicate_id", "学号 " + id + " 与第 " + at + " 行重复",
                  "student id " + id + " repeats line " + at);
            return false;
        }
        return true;
    }

    // Clears a number that must not be used; a passport-like number (letters and digits, not
    // an 18-character 身份证号 shape) has no checksum and is kept as written.
    void check_id_number(Student& s) {
        std::string& id = s.id_number;
        if (id.empty()) return;
        if (id.size() == kIdNumberLength && id.back() == 'x') id.back() = 'X';
        const std::string why = id_number_problem(id);
        if (!why.empty()) {
            issue(s.line, "bad_id_number", "身份证号“" + id + "”" + why,
                  "ID number \"" + id + "\" " + id_number_problem_en(id));
            id.clear();
            return;
        }
        auto first = first_id_number_line_.find(id);
        if (first != first_id_number_line_.end()) {
            const std::string at = std::to_string(first->second);
            issue(s.line, "duplicate_id_number", "身份证号 " + id + " 与第 " + at + " 行重复",
                  "ID number " + id + " repeats line " + at);
            id.clear();
        }
    }

    // Digits-only numbers of 17 or 18 characters (or 17 digits and X) are 身份证号 attempts;
    // 17 is one digit short, and Excel rounds 18 digits to 15 significant ones ("...000").
    static bool id_number_shaped(const std::string& id) {
        const std::string body = id.size() == kIdNumberLength ? id.substr(0, id.size() - 1) : id;
        const bool digits_or_x = all_digits(body) && (is_digit(id.back()) || id.back() == 'X');
        return digits_or_x && (id.size() == kIdNumberLength || id.size() == kIdNumberLength - 1);
    }

    static bool alphanumeric(const std::string& id) {
        return std::all_of(id.begin(), id.end(), [](char c) { return is_digit(c) || is_alpha(c); });
    }

    static std::string id_number_problem(const std::string& id) {
        if (looks_scientific(id)) return "是 Excel 科学计数法，位数已丢失（把该列设为文本后重新导出）";
        if (!alphanumeric(id)) return "含有字母和数字以外的字符";
        if (!id_number_shaped(id)) return "";  // a passport number: nothing to check
        if (id.size() != kIdNumberLength) return "不是 18 位";
        return valid_id_number(id) ? "" : "校验位不对（可能抄错了一位）";
    }

    static std::string id_number_problem_en(const std::string& id) {
        if (looks_scientific(id)) return "is in Excel's scientific notation and lost digits (format the column as text and export again)";
        if (!alphanumeric(id)) return "has characters other than letters and digits";
        if (id.size() != kIdNumberLength) return "is not 18 characters long";
        return "fails the GB 11643 check character (a digit is probably mistyped)";
    }

    Roster& roster_;
    std::map<std::string, int> first_line_, first_id_number_line_;
};

}  // namespace

// ---------------------------------------------------------------------------------------

const Student* Roster::find(const std::string& student_id) const {
    for (const auto& s : students)
        if (s.student_id == student_id) return &s;
    return nullptr;
}

const Student* Roster::find_id_number(const std::string& id_number) const {
    if (id_number.empty()) return nullptr;
    for (const auto& s : students)
        if (s.id_number == id_number) return &s;
    return nullptr;
}

Roster parse_roster(const std::string& bytes, const std::string& name_for_messages) {
    Roster roster;
    // Excel's own files are read as they are; a department need not export a CSV first.
    const bool workbook = looks_like_zip(bytes) || looks_like_xls(bytes);
    const CsvTable csv = workbook ? read_xlsx_table(bytes, name_for_messages) : read_csv_table(bytes);
    roster.encoding = csv.encoding;

    const std::size_t search = std::min(kHeaderSearchCsvRecords, csv.records.size());
    std::size_t header = 0;
    while (header < search && !has_required(map_columns(csv.records[header]))) ++header;
    if (header == search) missing_header(csv.records, name_for_messages);

    const ColumnMap columns = map_columns(csv.records[header]);
    RowChecker checker(roster);
    for (std::size_t i = header + 1; i < csv.records.size(); ++i) checker.add(csv.records[i], columns);
    if (csv.unterminated_quote_line)
        checker.issue(csv.unterminated_quote_line, "unterminated_quote",
                      "引号没有闭合，此后的内容都读成了一个单元格",
                      "a quote is never closed, so everything after it was read as one cell");
    return roster;
}

Roster read_roster(const std::string& path) {
    // A roster of a whole university is a few MB; anything far larger is the wrong file.
    constexpr std::streamoff kMaxRosterBytes = 64 * 1024 * 1024;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(Errc::io_read, "cannot read the roster " + path + ": it is a folder; give the CSV or .xlsx file",
                    "名单 " + path + " 是文件夹：请给出名单的 CSV 或 .xlsx 文件");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(Errc::io_read, "cannot open the roster " + path + ": check the path",
                    "打不开名单 " + path + "：请检查路径是否正确");
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0) throw Error(Errc::io_read, "cannot read the roster " + path + " (not a regular file)");
    if (size > kMaxRosterBytes)
        throw Error(Errc::roster_invalid, path + ": larger than 64 MB, this is not a class roster",
                    "名单 " + path + " 超过 64 MB，不是班级名单：请检查是否选错了文件");
    in.seekg(0, std::ios::beg);
    std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(size, 0)), '\0');
    if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
        throw Error(Errc::io_read, "cannot read the roster " + path);
    return parse_roster(bytes, path);
}

}  // namespace photo
