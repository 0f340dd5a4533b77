// Roster CSV: encodings, CSV quoting, headers, and every row issue with its line number.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <random>

#include "libphoto/core/error.hpp"
#include "libphoto/department/roster.hpp"

using photo::parse_roster;
using photo::Roster;

namespace {

const photo::RosterIssue* issue_on(const Roster& r, int line, const std::string& code) {
    for (const auto& i : r.issues)
        if (i.line == line && i.code == code) return &i;
    return nullptr;
}

std::string error_code(const std::string& bytes) {
    try {
        parse_roster(bytes, "class.csv");
    } catch (const photo::Error& e) {
        return e.code();
    }
    return "";
}

}  // namespace

TEST_CASE("roster: GB 11643 check character") {
    CHECK(photo::valid_id_number("11010519491231002X"));
    CHECK(photo::valid_id_number("11010519491231002x"));   // lower-case x accepted
    CHECK_FALSE(photo::valid_id_number("110105194912310021"));  // wrong check digit
    CHECK_FALSE(photo::valid_id_number("11010519491231002"));   // 17 characters
    CHECK_FALSE(photo::valid_id_number("1101051949123100AX"));
    CHECK_FALSE(photo::valid_id_number(""));
    CHECK(photo::valid_id_number("110105199001010010"));  // weighted sum mod 11 == 1: check '0'
    CHECK_FALSE(photo::valid_id_number("11010519900101001X"));
}

TEST_CASE("roster: UTF-8 with Chinese headers and optional columns") {
    const Roster r = parse_roster(
        "学号,姓名,身份证号,院系,班级,备注\n"
        "16307110000,张三,11010519491231002X,计算机科学技术学院,1班,随便\n"
        "16307110001,李四,,数学科学学院,2班,\n",
        "class.csv");
    CHECK(r.encoding == "utf-8");
    REQUIRE(r.students.size() == 2);
    CHECK(r.issues.empty());
    const auto& s = r.students[0];
    CHECK(s.student_id == "16307110000");
    CHECK(s.name == "张三");
    CHECK(s.id_number == "11010519491231002X");
    CHECK(s.department == "计算机科学技术学院");
    CHECK(s.class_name == "1班");
    CHECK(s.line == 2);
    CHECK(r.students[1].line == 3);
    CHECK(r.find("16307110001") == &r.students[1]);
    CHECK(r.find("99999999") == nullptr);
    CHECK(r.find_id_number("11010519491231002X") == &r.students[0]);
    CHECK(r.find_id_number("") == nullptr);
}

TEST_CASE("roster: English headers, any case and spacing, in any order") {
    const Roster r = parse_roster("Name, Student ID ,ID_Number,CLASS,Department\n"
                                  "John Smith,2021001,E12345678,Intl 1,Physics\n",
                                  "intl.csv");
    REQUIRE(r.students.size() == 1);
    CHECK(r.issues.empty());
    CHECK(r.students[0].student_id == "2021001");
    CHECK(r.students[0].name == "John Smith");
    CHECK(r.students[0].id_number == "E12345678");  // a passport number, kept as written
    CHECK(r.students[0].class_name == "Intl 1");
    CHECK(r.students[0].department == "Physics");
    CHECK(parse_roster("student_id,name\n1234567,A B\n", "x").students.size() == 1);
}

TEST_CASE("roster: UTF-8 with BOM") {
    const Roster r = parse_roster("\xEF\xBB\xBF学号,姓名\n16307110000,张三\n", "bom.csv");
    CHECK(r.encoding == "utf-8-bom");
    REQUIRE(r.students.size() == 1);
    CHECK(r.students[0].student_id == "16307110000");
}

TEST_CASE("roster: GBK as Excel on Chinese Windows writes it") {
    // 学号,姓名 / 16307110000,张三 / 16307110001,李四 in GBK.
    const std::string gbk = "\xD1\xA7\xBA\xC5,\xD0\xD5\xC3\xFB\r\n"
                            "16307110000,\xD5\xC5\xC8\xFD\r\n"
                            "16307110001,\xC0\xEE\xCB\xC4\r\n";
    const Roster r = parse_roster(gbk, "gbk.csv");
    CHECK(r.encoding == "gbk");
    REQUIRE(r.students.size() == 2);
    CHECK(r.students[0].name == "张三");
    CHECK(r.students[1].name == "李四");
    CHECK(r.students[1].line == 3);
    CHECK(photo::text::gbk_to_utf8("\xD5\xC5\xC8\xFD") == "张三");
}

TEST_CASE("roster: UTF-16 (Excel's Unicode text, tab-separated)") {
    // "学号\t姓名\n123456\t张三\n" in UTF-16LE after its BOM.
    const std::string utf16("\xFF\xFE\x66\x5B\xF7\x53\x09\x00\xD3\x59\x0D\x54\x0A\x00"
                            "\x31\x00\x32\x00\x33\x00\x34\x00\x35\x00\x36\x00\x09\x00"
                            "\x20\x5F\x09\x4E\x0A\x00",
                            34);
    const Roster r = parse_roster(utf16, "unicode.txt");
    CHECK(r.encoding == "utf-16");
    REQUIRE(r.students.size() == 1);
    CHECK(r.students[0].student_id == "123456");
    CHECK(r.students[0].name == "张三");
}

TEST_CASE("roster: CRLF, LF, lone CR and quoted cells") {
    const Roster r = parse_roster("学号,姓名,院系\r\n"
                                  "16307110000,\"张三\",\"计算机, 软件\"\r\n"
                                  "16307110001,\"李\"\"四\"\"\",\"多\r\n行\"\n"
                                  "16307110002,王五,物理\r"
                                  "16307110003,赵六,化学",
                                  "q.csv");
    REQUIRE(r.students.size() == 4);
    CHECK(r.students[0].department == "计算机, 软件");
    CHECK(r.students[1].name == "李\"四\"");
    CHECK(r.students[1].department == "多\n行");
    // A line break inside a quoted cell still counts, so later line numbers match the file.
    CHECK(r.students[2].line == 5);
    CHECK(r.students[3].line == 6);
    CHECK(r.issues.empty());
}

TEST_CASE("roster: a title row above the header, blank rows and Excel's empty trailing rows") {
    const Roster r = parse_roster("2024届毕业生名单,,\n,,\n学号,姓名,\n16307110000,张三,\n,,\n,,\n",
                                  "t.csv");
    REQUIRE(r.students.size() == 1);
    CHECK(r.students[0].line == 4);
    CHECK(r.issues.empty());
}

TEST_CASE("roster: full-width digits, full-width spaces and Excel's =\"...\"") {
    const Roster r = parse_roster("学号,姓名,身份证号,班级\n"
                                  "１６３０７１１００００,\u3000张三\u3000,１１０１０５１９４９１２３１００２ｘ,（１）班\n"
                                  "=\"00123456\", 李四 ,,\n",
                                  "fw.csv");
    REQUIRE(r.students.size() == 2);
    CHECK(r.issues.empty());
    CHECK(r.students[0].student_id == "16307110000");
    CHECK(r.students[0].name == "张三");
    CHECK(r.students[0].id_number == "11010519491231002X");  // normalised to upper case
    CHECK(r.students[0].class_name == "（1）班");  // only digits fold in ordinary cells
    CHECK(r.students[1].student_id == "00123456");
    CHECK(r.students[1].name == "李四");
}

TEST_CASE("roster: every row issue carries its line and never sinks the others") {
    const Roster r = parse_roster("学号,姓名,身份证号\n"
                                  "16307110000,张三,11010519491231002X\n"   // 2 ok
                                  "16307110000,张三丰,\n"                    // 3 duplicate_id
                                  "16307110002,,\n"                          // 4 empty_name
                                  ",李四,\n"                                 // 5 empty_student_id
                                  "1630A110004,王五,\n"                      // 6 bad_student_id
                                  "16307110005,赵六,110105194912310021\n"   // 7 bad_id_number (check)
                                  "16307110006,钱七,11010519491231002\n"    // 8 bad_id_number (17)
                                  "16307110007,孙八,G12345678\n"             // 9 passport: ok
                                  "16307110008,周九,11010519491231002x\n"   // 10 duplicate_id_number
                                  "1.63071E+10,吴十,\n"                      // 11 bad_student_id (Excel)
                                  "16307110010,郑一,1.10105E+17\n"           // 12 bad_id_number (Excel)
                                  "16307110011,冯二,1101-0519\n",            // 13 bad_id_number (chars)
                                  "issues.csv");
    CHECK(issue_on(r, 3, "duplicate_id"));
    CHECK(issue_on(r, 4, "empty_name"));
    CHECK(issue_on(r, 5, "empty_student_id"));
    CHECK(issue_on(r, 6, "bad_student_id"));
    CHECK(issue_on(r, 7, "bad_id_number"));
    CHECK(issue_on(r, 8, "bad_id_number"));
    CHECK_FALSE(issue_on(r, 9, "bad_id_number"));
    CHECK(issue_on(r, 10, "duplicate_id_number"));
    REQUIRE(issue_on(r, 11, "bad_student_id"));
    CHECK(issue_on(r, 11, "bad_student_id")->message_en.find("scientific") != std::string::npos);
    CHECK(issue_on(r, 12, "bad_id_number"));
    CHECK(issue_on(r, 13, "bad_id_number"));
    CHECK(r.issues.size() == 10);
    for (const auto& i : r.issues) {
        CHECK_FALSE(i.message_zh.empty());
        CHECK_FALSE(i.message_en.empty());
        CHECK(i.message_en.find('\n') == std::string::npos);
    }
    // Duplicates and rows without id or name are left out; a bad ID number only loses the number.
    REQUIRE(r.find("16307110000"));
    CHECK(r.find("16307110000")->name == "张三");
    CHECK_FALSE(r.find("16307110002"));
    REQUIRE(r.find("16307110005"));
    CHECK(r.find("16307110005")->id_number.empty());
    CHECK(r.find("16307110007")->id_number == "G12345678");
    CHECK(r.find("16307110008")->id_number.empty());
    CHECK(r.students.size() == 7);
}

TEST_CASE("roster: an unclosed quote is reported at the line it opened") {
    const Roster r = parse_roster("学号,姓名\n16307110000,张三\n16307110001,\"李四\n16307110002,王五\n",
                                  "u.csv");
    CHECK(issue_on(r, 3, "unterminated_quote"));
    CHECK(r.find("16307110000"));
}

TEST_CASE("roster: a missing required header names the file and the column") {
    try {
        parse_roster("学号,班级\n16307110000,1班\n", "class.csv");
        FAIL("expected roster.invalid");
    } catch (const photo::Error& e) {
        CHECK(e.code() == "roster.invalid");
        const std::string m = e.what();
        CHECK(m.find("class.csv") != std::string::npos);
        CHECK(m.find("姓名/name") != std::string::npos);
        CHECK(m.find("学号/student_id") == std::string::npos);
        CHECK(m.find('\n') == std::string::npos);
    }
    CHECK(error_code("name,class\nA,1\n") == "roster.invalid");
    CHECK(error_code("") == "roster.invalid");
    CHECK(error_code("\xEF\xBB\xBF") == "roster.invalid");
}

TEST_CASE("roster: read_roster reads a file and reports an unreadable one") {
    const std::string path = "/tmp/idphoto_roster_test.csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << "\xEF\xBB\xBF学号,姓名\r\n16307110000,张三\r\n";
    }
    const Roster r = photo::read_roster(path);
    CHECK(r.students.size() == 1);
    std::remove(path.c_str());
    CHECK_THROWS_AS(photo::read_roster("/tmp"), photo::Error);
    try {
        photo::read_roster("/nonexistent/roster.csv");
        FAIL("expected io.read");
    } catch (const photo::Error& e) {
        CHECK(e.code() == "io.read");
        CHECK(std::string(e.what()).find("/nonexistent/roster.csv") != std::string::npos);
    }
}

TEST_CASE("roster: no input crashes") {
    std::mt19937 rng(11643);
    std::uniform_int_distribution<int> byte(0, 255), length(0, 400);
    const std::string header = "学号,姓名,身份证号\n";
    for (int round = 0; round < 300; ++round) {
        std::string noise;
        const int n = length(rng);
        for (int i = 0; i < n; ++i) noise += static_cast<char>(byte(rng));
        // Random bytes alone (mostly no header) and after a real header (rows of garbage).
        for (const std::string& bytes : {noise, header + noise}) {
            try {
                const Roster r = parse_roster(bytes, "random.csv");
                for (const auto& s : r.students) CHECK_FALSE(s.student_id.empty());
            } catch (const photo::Error& e) {
                CHECK(std::string(e.code()) == "roster.invalid");
            }
        }
    }
    // A UTF-8 roster with a few damaged bytes (lone continuation bytes, a truncated sequence,
    // overlong '/') stays UTF-8: its headers must not turn into GBK mojibake.
    const Roster damaged = parse_roster(header + "16307110000,张\x80\xBF\n\xC0\xAF,\xFF\xFE\xE5\x88\n",
                                        "bad.csv");
    CHECK(damaged.encoding == "utf-8");
    REQUIRE(damaged.students.size() == 1);
    CHECK(damaged.students[0].name == "张\uFFFD\uFFFD");
    CHECK(issue_on(damaged, 3, "bad_student_id"));
    CHECK_FALSE(photo::text::valid_utf8("\xC0\xAF"));
    CHECK_FALSE(photo::text::valid_utf8("\xED\xA0\x80"));  // a surrogate
    CHECK(photo::text::valid_utf8("张三"));
    const Roster bom = parse_roster("\xEF\xBB\xBF学号,姓名\n16307110000,张\xFF\n", "bom.csv");
    REQUIRE(bom.students.size() == 1);
    CHECK(photo::text::valid_utf8(bom.students[0].name));
    CHECK(photo::text::trim("\u3000 张三\t\u00A0") == "张三");
    CHECK(photo::text::trim("\u3000 ").empty());
}

TEST_CASE("roster: a NUL or control character in a name refuses the row with its line") {
    using namespace std::string_literals;
    const Roster r = parse_roster("学号,姓名\n"
                                  "16307110000,张三\n"                   // 2 ok
                                  "16307110001,李\0四\n"s                // 3 NUL
                                  "16307110002,\"王\n五\"\n"              // 4-5 a line break, quoted
                                  "16307110003,赵\x1b[31m六\n"            // 6 escape
                                  "16307110004,钱\t七\n",                 // 7 tab
                                  "ctl.csv");
    CHECK(issue_on(r, 3, "control_in_name"));
    CHECK(issue_on(r, 4, "control_in_name"));
    CHECK(issue_on(r, 6, "control_in_name"));
    CHECK(issue_on(r, 7, "control_in_name"));
    REQUIRE(r.students.size() == 1);
    CHECK(r.students[0].name == "张三");
}
