// Excel workbooks: rosters read from .xlsx as Excel, WPS and other writers save them, and
// manifest.xlsx written and read back.
#include <doctest/doctest.h>

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "libphoto/core/error.hpp"
#include "libphoto/department/roster.hpp"
#include "libphoto/department/xlsx_read.hpp"
#include "libphoto/department/xlsx_write.hpp"

namespace fs = std::filesystem;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string temp_path(const std::string& name) {
    return (fs::temp_directory_path() / ("idphoto_xlsx_" + std::to_string(::getpid()) + "_" + name)).string();
}

// A zip of the given parts, as a writer other than Excel makes it.
std::string zip_of(const std::map<std::string, std::string>& parts) {
    std::string out(1 << 20, '\0');
    std::size_t used = 0;
    archive* a = archive_write_new();
    archive_write_set_format_zip(a);
    REQUIRE(archive_write_open_memory(a, out.data(), out.size(), &used) == ARCHIVE_OK);
    for (const auto& [name, data] : parts) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, name.c_str());
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
        archive_write_header(a, e);
        archive_write_data(a, data.data(), data.size());
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    out.resize(used);
    return out;
}

// The named part of a zip's bytes.
std::string part_of(const std::string& zip, const std::string& wanted) {
    archive* a = archive_read_new();
    archive_read_support_format_zip(a);
    archive_read_open_memory(a, zip.data(), zip.size());
    archive_entry* e = nullptr;
    std::string data;
    while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
        if (wanted != archive_entry_pathname(e)) continue;
        char buf[8192];
        la_ssize_t n;
        while ((n = archive_read_data(a, buf, sizeof buf)) > 0) data.append(buf, static_cast<std::size_t>(n));
    }
    archive_read_free(a);
    return data;
}

const photo::RosterIssue* issue_on(const photo::Roster& r, int line, const std::string& code) {
    for (const auto& i : r.issues)
        if (i.line == line && i.code == code) return &i;
    return nullptr;
}

photo::Error roster_error(const std::string& bytes) {
    try {
        photo::parse_roster(bytes, "class.xlsx");
    } catch (const photo::Error& e) {
        return e;
    }
    FAIL("the roster was read");
    return photo::Error(photo::Errc::roster_invalid, "");
}

}  // namespace

TEST_CASE("xlsx: a roster as Excel saves it (title row, numbers stored as numbers, shared strings)") {
    const std::string path = temp_path("excel.xlsx");
    lxw_workbook* wb = workbook_new(path.c_str());
    lxw_worksheet* ws = workbook_add_worksheet(wb, "名单");
    workbook_add_worksheet(wb, "说明");  // only the first sheet is the roster
    worksheet_write_string(ws, 0, 0, "2024届毕业生名单", nullptr);
    worksheet_write_string(ws, 1, 0, "学号", nullptr);
    worksheet_write_string(ws, 1, 1, "姓名", nullptr);
    worksheet_write_string(ws, 1, 3, "身份证号", nullptr);  // column C left empty
    worksheet_write_number(ws, 2, 0, 2021301001, nullptr);  // a 学号 typed as a number
    worksheet_write_string(ws, 2, 1, "张伟", nullptr);
    worksheet_write_string(ws, 2, 3, "11010519491231002X", nullptr);
    worksheet_write_string(ws, 3, 0, "2021301002", nullptr);  // ... and one formatted as text
    worksheet_write_string(ws, 3, 1, "李娜", nullptr);
    worksheet_write_number(ws, 3, 3, 110105199001010010.0, nullptr);  // 18 digits as a number: digits lost
    REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
    const std::string bytes = slurp(path);
    fs::remove(path);

    const photo::Roster r = photo::parse_roster(bytes, "class.xlsx");
    CHECK(r.encoding == "xlsx");
    REQUIRE(r.students.size() == 2);
    CHECK(r.students[0].student_id == "2021301001");
    CHECK(r.students[0].name == "张伟");
    CHECK(r.students[0].id_number == "11010519491231002X");
    CHECK(r.students[0].line == 3);  // Excel's own row number
    CHECK(r.students[1].student_id == "2021301002");
    CHECK(r.students[1].name == "李娜");
    CHECK(r.students[1].id_number.empty());
    const photo::RosterIssue* lost = issue_on(r, 4, "bad_id_number");
    REQUIRE(lost != nullptr);
    CHECK(lost->message_zh.find("科学计数法") != std::string::npos);
}

TEST_CASE("xlsx: a roster as WPS-like writers save it (prefixed names, inline strings, phonetic runs)") {
    const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const std::string bytes = zip_of({
        {"xl/workbook.xml", "<?xml version=\"1.0\"?><x:workbook xmlns:x=\"" + ns + "\" xmlns:r=\"" + rel +
                                "\"><x:sheets><x:sheet name=\"S\" sheetId=\"7\" r:id=\"rId9\"/></x:sheets></x:workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId2\" Target=\"styles.xml\" Type=\"s\"/>"
         "<Relationship Id=\"rId9\" Target=\"/xl/worksheets/roster.xml\" Type=\"w\"/></Relationships>"},
        {"xl/sharedStrings.xml", "<?xml version=\"1.0\"?><x:sst xmlns:x=\"" + ns +
                                     "\"><x:si><x:t>姓名</x:t></x:si>"
                                     "<x:si><x:r><x:t>王</x:t></x:r><x:r><x:t xml:space=\"preserve\">芳</x:t></x:r>"
                                     "<x:rPh sb=\"0\" eb=\"1\"><x:t>wang</x:t></x:rPh></x:si></x:sst>"},
        {"xl/worksheets/roster.xml",
         "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"" + ns + "\"><x:sheetData>"
         "<x:row><x:c t=\"inlineStr\"><x:is><x:t>Student ID</x:t></x:is></x:c><x:c t=\"s\"><x:v>0</x:v></x:c></x:row>"
         "<x:row><x:c><x:v>1.6307110000E10</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c></x:row>"
         "<x:row r=\"5\"><x:c r=\"A5\" t=\"str\"><x:f>A2&amp;\"\"</x:f><x:v>0163071100</x:v></x:c>"
         "<x:c r=\"B5\" t=\"inlineStr\"><x:is><x:t>赵&amp;钱</x:t></x:is></x:c></x:row>"
         "</x:sheetData></x:worksheet>"},
    });
    const photo::Roster r = photo::parse_roster(bytes, "wps.xlsx");
    REQUIRE(r.students.size() == 2);
    CHECK(r.students[0].student_id == "16307110000");  // the exponent of a number cell undone
    CHECK(r.students[0].name == "王芳");                 // runs joined, the phonetic guide left out
    CHECK(r.students[0].line == 2);
    CHECK(r.students[1].student_id == "0163071100");  // a formula's text result, leading zero kept
    CHECK(r.students[1].name == "赵&钱");
    CHECK(r.students[1].line == 5);
}

TEST_CASE("xlsx: workbooks that cannot be read say so in Chinese and say what to do") {
    SUBCASE("an old .xls") {
        const photo::Error e = roster_error(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'));
        CHECK(e.code() == "roster.invalid");
        CHECK(e.message_zh().find(".xls") != std::string::npos);
        CHECK(e.message_zh().find("CSV UTF-8") != std::string::npos);
        CHECK(std::string(e.what()).find("Save As") != std::string::npos);
    }
    SUBCASE("a Word document (a zip without a workbook)") {
        const photo::Error e = roster_error(zip_of({{"word/document.xml", "<w:document/>"}}));
        CHECK(e.code() == "roster.invalid");
        CHECK(e.message_zh().find("另存为") != std::string::npos);
    }
    SUBCASE("a workbook cut short") {
        const photo::Error e = roster_error(zip_of({{"xl/workbook.xml", "<workbook><sheets><sheet r:id="}}).substr(0, 60));
        CHECK(e.code() == "roster.invalid");
        CHECK(photo::error_message(e, photo::Lang::zh).find("另存为") != std::string::npos);
        CHECK(photo::error_message(e, photo::Lang::en).find("CSV UTF-8") != std::string::npos);
    }
}

TEST_CASE("xlsx: manifest.xlsx is written as text with a frozen header and status fills, and reads back") {
    const std::string path = temp_path("manifest.xlsx");
    photo::XlsxSheet sheet{"清单", {"学号", "姓名", "状态"},
                           {{"0021301001", "张伟", "已修复"}, {"2021301002", "=HYPERLINK(\"http://x\")", "需重拍"}},
                           {0xC6EFCE, 0xFFC7CE}};
    photo::write_xlsx(path, sheet);
    const std::string bytes = slurp(path);
    fs::remove(path);

    const photo::CsvTable t = photo::read_xlsx_table(bytes, "manifest.xlsx");
    REQUIRE(t.records.size() == 3);
    CHECK(t.records[0].cells == sheet.header);
    CHECK(t.records[1].cells == sheet.rows[0]);  // the 学号's leading zero kept: written as text
    CHECK(t.records[2].cells == sheet.rows[1]);
    const std::string xml = part_of(bytes, "xl/worksheets/sheet1.xml");
    CHECK(xml.find("<f>") == std::string::npos);  // the formula-like name is text, never run
    CHECK(xml.find("ySplit=\"1\"") != std::string::npos);  // header frozen
    CHECK(xml.find("<col ") != std::string::npos);          // widths set
    const std::string styles = part_of(bytes, "xl/styles.xml");
    CHECK(styles.find("FFC6EFCE") != std::string::npos);
    CHECK(styles.find("FFFFC7CE") != std::string::npos);
    CHECK_FALSE(fs::exists(path + ".tmp"));
}
