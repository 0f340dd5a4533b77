// The first sheet of an .xlsx as a table. Parts: xl/workbook.xml names the sheets in order,
// xl/_rels/workbook.xml.rels says which file each is, xl/sharedStrings.xml holds the text
// cells, xl/worksheets/sheetN.xml the cells. Element names are compared without a namespace
// prefix, since some writers spell them <x:row>.
#include "libphoto/department/xlsx_read.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <expat.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>

#include "libphoto/department/archive_support.hpp"
#include "libphoto/core/error.hpp"

namespace photo {
namespace {

// A roster workbook is a few MB of XML; a zip that unpacks to more is not a roster (or a bomb).
constexpr std::size_t kMaxPartsBytes = 256u << 20;
// A roster's columns are a handful; cells far to the right are notes nobody matches on, and
// placing them would let one cell per row at column XFD allocate 16384 cells per row.
constexpr int kMaxColumns = 256;
const std::string kWhatToDo_zh = "请在 Excel 或 WPS 中“另存为”→“CSV UTF-8（逗号分隔）”，用 CSV 文件再试";
const std::string kWhatToDo_en = "in Excel or WPS use Save As -> \"CSV UTF-8 (Comma delimited)\" and give that file";

[[noreturn]] void unreadable(const std::string& name, const std::string& why_zh, const std::string& why_en) {
    throw Error(Errc::roster_invalid, name + ": cannot read this Excel workbook (" + why_en + "); " + kWhatToDo_en,
                "名单 " + name + " 无法读取（" + why_zh + "）：" + kWhatToDo_zh);
}

// The parts this reader needs, by name.
std::map<std::string, std::string> read_parts(const std::string& bytes, const std::string& name) {
    using namespace archive_support;
    std::unique_ptr<archive, ReadDeleter> a(archive_read_new());
    archive_read_support_format_zip(a.get());
    if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
        unreadable(name, "不是有效的 .xlsx 文件", "not a valid .xlsx file: " + archive_message(a.get(), "not a zip"));
    std::map<std::string, std::string> parts;
    std::size_t total = 0;
    archive_entry* entry = nullptr;
    int r;
    while ((r = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
        const char* path = archive_entry_pathname(entry);
        const std::string member = path ? path : "";
        if (member.rfind("xl/", 0) != 0) continue;
        std::string& data = parts[member];
        char buf[kBlock];
        la_ssize_t n;
        while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0) {
            total += static_cast<std::size_t>(n);
            if (total > kMaxPartsBytes) unreadable(name, "解压后超过 256 MB，不是名单", "it unpacks to more than 256 MB");
            data.append(buf, static_cast<std::size_t>(n));
        }
        if (n < 0) unreadable(name, "文件已损坏", archive_message(a.get(), "a part is damaged"));
    }
    if (r != ARCHIVE_EOF) unreadable(name, "文件已损坏", archive_message(a.get(), "the zip is damaged"));
    return parts;
}

std::string local_name(const XML_Char* name) {
    const char* colon = std::strrchr(name, ':');
    return colon ? colon + 1 : name;
}

std::string attribute(const XML_Char** attrs, const char* wanted) {
    for (int i = 0; attrs[i]; i += 2)
        if (local_name(attrs[i]) == wanted) return attrs[i + 1];
    return "";
}

// Runs expat over one part; the handlers see local names.
struct XmlHandlers {
    std::function<void(const std::string&, const XML_Char**)> start;
    std::function<void(const std::string&)> end;
    std::function<void(const char*, int)> text;
};

void parse_xml(const std::string& xml, XmlHandlers& h, const std::string& name, const std::string& part) {
    std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> p(XML_ParserCreate("UTF-8"), XML_ParserFree);
    if (!p) throw std::bad_alloc();
    XML_SetUserData(p.get(), &h);
    XML_SetElementHandler(
        p.get(),
        [](void* u, const XML_Char* el, const XML_Char** attrs) {
            auto* hh = static_cast<XmlHandlers*>(u);
            if (hh->start) hh->start(local_name(el), attrs);
        },
        [](void* u, const XML_Char* el) {
            auto* hh = static_cast<XmlHandlers*>(u);
            if (hh->end) hh->end(local_name(el));
        });
    XML_SetCharacterDataHandler(p.get(), [](void* u, const XML_Char* s, int len) {
        auto* hh = static_cast<XmlHandlers*>(u);
        if (hh->text) hh->text(s, len);
    });
    if (XML_Parse(p.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE) == XML_STATUS_ERROR)
        unreadable(name, part + " 已损坏", part + " is not well-formed XML: " +
                                               XML_ErrorString(XML_GetErrorCode(p.get())));
}

// The path of the first sheet, from the workbook and its relationships.
std::string first_sheet_path(const std::map<std::string, std::string>& parts, const std::string& name) {
    auto workbook = parts.find("xl/workbook.xml");
    auto rels = parts.find("xl/_rels/workbook.xml.rels");
    if (workbook == parts.end() || rels == parts.end())
        unreadable(name, "不是 Excel 工作簿", "no xl/workbook.xml: not an Excel workbook");
    std::string sheet_rel;
    XmlHandlers wb;
    wb.start = [&](const std::string& el, const XML_Char** attrs) {
        if (el == "sheet" && sheet_rel.empty()) sheet_rel = attribute(attrs, "id");
    };
    parse_xml(workbook->second, wb, name, "workbook.xml");
    std::string target;
    XmlHandlers rh;
    rh.start = [&](const std::string& el, const XML_Char** attrs) {
        if (el == "Relationship" && attribute(attrs, "Id") == sheet_rel) target = attribute(attrs, "Target");
    };
    parse_xml(rels->second, rh, name, "workbook.xml.rels");
    if (sheet_rel.empty() || target.empty()) unreadable(name, "工作簿里没有工作表", "the workbook has no sheet");
    if (target[0] == '/') return target.substr(1);  // absolute within the package
    return "xl/" + target;
}

std::vector<std::string> shared_strings(const std::map<std::string, std::string>& parts, const std::string& name) {
    std::vector<std::string> strings;
    auto it = parts.find("xl/sharedStrings.xml");
    if (it == parts.end()) return strings;
    int phonetic = 0;  // <rPh> holds the furigana/pinyin of a run, not cell text
    bool in_t = false;
    XmlHandlers h;
    h.start = [&](const std::string& el, const XML_Char**) {
        if (el == "si") strings.emplace_back();
        else if (el == "rPh") ++phonetic;
        else if (el == "t") in_t = true;
    };
    h.end = [&](const std::string& el) {
        if (el == "rPh") --phonetic;
        else if (el == "t") in_t = false;
    };
    h.text = [&](const char* s, int len) {
        if (in_t && !phonetic && !strings.empty()) strings.back().append(s, static_cast<std::size_t>(len));
    };
    parse_xml(it->second, h, name, "sharedStrings.xml");
    return strings;
}

// "B12" -> 1; -1 when there are no letters.
int column_of(const std::string& ref) {
    int col = 0;
    std::size_t i = 0;
    for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && col <= kMaxColumns; ++i) col = col * 26 + (ref[i] - 'A' + 1);
    return i == 0 ? -1 : col - 1;
}

// A number cell as a person typed it: integers without exponent or ".0" while all their
// digits are exact (below 10^15); anything else as stored.
std::string number_text(const std::string& v) {
    char* end = nullptr;
    const double x = std::strtod(v.c_str(), &end);
    if (end == v.c_str() || *end || !std::isfinite(x)) return v;
    if (std::floor(x) == x && std::fabs(x) < 1e15) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", x);
        return buf;
    }
    return v;
}

}  // namespace

bool looks_like_zip(const std::string& bytes) { return bytes.compare(0, 4, "PK\x03\x04") == 0; }

bool looks_like_xls(const std::string& bytes) {
    return bytes.compare(0, 8, std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) == 0;
}

CsvTable read_xlsx_table(const std::string& bytes, const std::string& name) {
    if (looks_like_xls(bytes))
        throw Error(Errc::roster_invalid,
                    name + ": an old Excel 97-2003 workbook (.xls) cannot be read; " + kWhatToDo_en + " (or .xlsx)",
                    "名单 " + name + " 是旧版 Excel 97-2003 工作簿（.xls），无法读取：" + kWhatToDo_zh + "（或另存为 .xlsx）");
    const auto parts = read_parts(bytes, name);
    const std::string sheet_path = first_sheet_path(parts, name);
    auto sheet = parts.find(sheet_path);
    if (sheet == parts.end()) unreadable(name, "找不到第一张工作表", "the first sheet " + sheet_path + " is missing");
    const std::vector<std::string> strings = shared_strings(parts, name);

    CsvTable table;
    table.encoding = "xlsx";
    CsvRecord row;
    int next_row = 1, next_col = 0, col = 0;
    std::string type, value;
    bool in_value = false, in_inline = false, in_cell = false;
    XmlHandlers h;
    h.start = [&](const std::string& el, const XML_Char** attrs) {
        if (el == "row") {
            const std::string r = attribute(attrs, "r");
            row = CsvRecord{};
            row.line = r.empty() ? next_row : std::atoi(r.c_str());
            next_row = row.line + 1;
            next_col = 0;
        } else if (el == "c") {
            in_cell = true;
            type = attribute(attrs, "t");
            const int c = column_of(attribute(attrs, "r"));
            col = c >= 0 ? c : next_col;
            next_col = col + 1;
            value.clear();
        } else if (in_cell && el == "v") {
            in_value = true;
        } else if (in_cell && el == "is") {
            in_inline = true;
        } else if (in_inline && el == "t") {
            in_value = true;
        }
    };
    h.end = [&](const std::string& el) {
        if (el == "v" || el == "t") in_value = false;
        else if (el == "is") in_inline = false;
        else if (el == "c" && in_cell) {
            in_cell = false;
            std::string cell;
            if (type == "s") {
                const long i = std::strtol(value.c_str(), nullptr, 10);
                if (i >= 0 && static_cast<std::size_t>(i) < strings.size()) cell = strings[static_cast<std::size_t>(i)];
            } else if (type == "inlineStr" || type == "str" || type == "e") {
                cell = value;
            } else if (type == "b") {
                cell = value == "1" ? "TRUE" : "FALSE";
            } else {
                cell = number_text(value);
            }
            if (cell.empty() || col >= kMaxColumns) return;
            if (row.cells.size() <= static_cast<std::size_t>(col)) row.cells.resize(static_cast<std::size_t>(col) + 1);
            row.cells[static_cast<std::size_t>(col)] = std::move(cell);
        } else if (el == "row") {
            if (!row.cells.empty()) table.records.push_back(std::move(row));
            row = CsvRecord{};
        }
    };
    h.text = [&](const char* s, int len) {
        if (in_value) value.append(s, static_cast<std::size_t>(len));
    };
    parse_xml(sheet->second, h, name, sheet_path);
    return table;
}

}  // namespace photo
