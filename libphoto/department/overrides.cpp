#include "libphoto/department/overrides.hpp"

#include <sstream>

#include "libphoto/checks/checks.hpp"
#include "libphoto/department/csv_read.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/department/text.hpp"

namespace photo {

namespace {
int column(const CsvRecord& header, std::initializer_list<const char*> names) {
    for (std::size_t i = 0; i < header.cells.size(); ++i)
        for (const char* n : names)
            if (csv_header_key(header.cells[i]) == n) return int(i);
    return -1;
}

std::string cell(const CsvRecord& r, int i) { return i >= 0 && std::size_t(i) < r.cells.size() ? text::trim(r.cells[std::size_t(i)]) : ""; }
}  // namespace

std::string overrides_template() { return "\xEF\xBB\xBF学号,决定,备注\r\n"; }

Overrides parse_overrides(const std::string& bytes, const Roster& roster) {
    Overrides out;
    const CsvTable table = read_csv_table(bytes);
    if (table.records.empty()) return out;
    const CsvRecord& header = table.records.front();
    const int id_col = column(header, {"学号", "studentid"}), decision_col = column(header, {"决定", "decision"}),
              note_col = column(header, {"备注", "note"});
    const auto issue = [&](int line, const std::string& code, const std::string& zh, const std::string& en) {
        out.issues.push_back({line, code, zh, en});
    };
    if (id_col < 0 || decision_col < 0) {
        issue(header.line, "bad_header", "表头需要“学号”和“决定”两列（学号,决定,备注）",
              "the header needs the columns 学号/student_id and 决定/decision (student_id,decision,note)");
        return out;
    }
    for (std::size_t i = 1; i < table.records.size(); ++i) {
        const CsvRecord& r = table.records[i];
        const std::string id = text::to_half_width(cell(r, id_col), text::HalfWidth::ascii);
        if (!roster.find(id)) {
            issue(r.line, "unknown_student", "学号 " + id + " 不在花名册中，此行未采用",
                  "student " + id + " is not on the roster: row not used");
            continue;
        }
        Override o;
        o.line = r.line;
        o.note = cell(r, note_col);
        std::istringstream words(text::to_half_width(cell(r, decision_col), text::HalfWidth::ascii));
        std::string first, more;
        words >> first;
        if (first == "accept" || first == "接受") {
            o.accept = true;
            while (words >> more) o.checks.insert(more);
            try {
                check_acceptable(o.checks);
            } catch (const Error& e) {
                issue(r.line, "bad_check", std::string("此行未采用：") + e.what(), std::string("row not used: ") + e.what());
                continue;
            }
        } else if (first == "accept_name" || first == "姓名已核对") {
            o.accept_name = true;
        } else {
            issue(r.line, "bad_decision", "不认识的决定“" + first + "”：请写 接受 [检查项] 或 姓名已核对",
                  "unknown decision '" + first + "': write accept [CHECK_ID ...] or accept_name");
            continue;
        }
        out.by_student_id[id] = o;
    }
    return out;
}

std::string describe(const Override& o, bool zh) {
    std::string what = o.accept_name ? (zh ? "姓名已核对" : "name checked by hand") : (zh ? "接受" : "accepted");
    if (o.accept && !o.checks.empty()) {
        std::string ids;
        for (const auto& c : o.checks) ids += (ids.empty() ? "" : ", ") + c;
        what += (zh ? "（" : " (") + ids + (zh ? "）" : ")");
    }
    return what + (o.note.empty() ? "" : (zh ? "：" : ": ") + o.note);
}

}  // namespace photo
