// Photo file names in every variant departments receive, matching against a roster, and
// file names made from patterns.
#include <doctest/doctest.h>

#include <random>

#include "libphoto/core/error.hpp"
#include "libphoto/department/naming.hpp"

using photo::MatchStatus;
using photo::parse_photo_name;
using photo::ParsedName;

namespace {

// 学号, 姓名 and copy mark of a parsed file name, in one comparable string.
std::string fields(const std::string& file_name) {
    const ParsedName p = parse_photo_name(file_name);
    return p.student_id + "|" + p.name + "|" + (p.copy_suffix ? "copy" : "");
}

photo::Roster roster() {
    return photo::parse_roster("学号,姓名,身份证号\n"
                               "16307110000,张三,11010519491231002X\n"
                               "16307110001,买买提·艾力,\n"
                               "16307110002,John Smith,E12345678\n"
                               "16307110003,张伟,\n"
                               "16307110004,张伟,\n"
                               "16307110005,李四,\n",
                               "class.csv");
}

}  // namespace

TEST_CASE("naming: 学号 and 姓名 in every order and separator") {
    CHECK(fields("16307110000 张三.jpg") == "16307110000|张三|");
    CHECK(fields("16307110000张三.JPG") == "16307110000|张三|");
    CHECK(fields("张三-16307110000.jpeg") == "16307110000|张三|");
    CHECK(fields("张三_16307110000_毕业照.jpg") == "16307110000|张三|");
    CHECK(fields("16307110000+张三.jpg") == "16307110000|张三|");
    CHECK(fields("  16307110000   张三  .png") == "16307110000|张三|");
    CHECK(fields("16307110000 张三 证件照.jpg") == "16307110000|张三|");
    CHECK(fields("照片-张三-16307110000.PNG") == "16307110000|张三|");
    CHECK(fields("学号16307110000姓名张三.jpg") == "16307110000|张三|");  // labels typed in
    CHECK(fields("16307110000.jpg") == "16307110000||");
    CHECK(fields("张三.jpg") == "|张三|");
}

TEST_CASE("naming: full-width digits and brackets") {
    CHECK(fields("１６３０７１１００００张三.jpg") == "16307110000|张三|");
    CHECK(fields("张三（１）.jpg") == "|张三|copy");
}

TEST_CASE("naming: copy marks are removed and flagged") {
    CHECK(fields("16307110000 张三 (1).png") == "16307110000|张三|copy");
    CHECK(fields("16307110000 张三（2）.png") == "16307110000|张三|copy");
    CHECK(fields("16307110000张三 - 副本.jpg") == "16307110000|张三|copy");
    CHECK(fields("16307110000张三副本.jpg") == "16307110000|张三|copy");
    CHECK(fields("16307110000张三 - 副本 (2).jpg") == "16307110000|张三|copy");
    CHECK(fields("16307110000 张三 copy.jpg") == "16307110000|张三|copy");
    CHECK(fields("Copy of 16307110000 张三.jpg") == "16307110000|张三|copy");
    CHECK(fields("16307110000 张三[3].jpg") == "16307110000|张三|copy");
    // A copy of a Latin name keeps the name intact.
    CHECK(fields("16307110002 John Smith (1).jpg") == "16307110002|John Smith|copy");
}

TEST_CASE("naming: literal placeholders are no id") {
    const ParsedName p = parse_photo_name("学号+姓名.jpg");
    CHECK(p.student_id.empty());
    CHECK(p.id_number.empty());
    CHECK(p.name.empty());
    CHECK(fields("学号_张三.jpg") == "|张三|");
    CHECK(fields("16307110000+姓名.jpg") == "16307110000||");
}

TEST_CASE("naming: names with a middle dot, Latin names, and 5+ character names") {
    CHECK(fields("16307110001买买提·艾力.jpg") == "16307110001|买买提·艾力|");
    CHECK(fields("买买提•艾力 16307110001.jpg") == "16307110001|买买提•艾力|");
    CHECK(fields("16307110002 John Smith.jpg") == "16307110002|John Smith|");
    CHECK(fields("John_Smith_16307110002.JPEG") == "16307110002|John Smith|");
    CHECK(fields("16307110002-O'Brien.jpg") == "16307110002|O'Brien|");
    CHECK(fields("16307110000 欧阳娜娜娜.jpg") == "16307110000|欧阳娜娜娜|");
    CHECK(fields("16307110000 张三 Zhang San.jpg") == "16307110000|张三|");  // Han preferred
    // Of several Han runs, the name is the one next to the 学号.
    CHECK(fields("2021级计算机1班 16307110000 张三.jpg") == "16307110000|张三|");
    CHECK(fields("16307110000-张三-计算机学院.jpg") == "16307110000|张三|");
}

TEST_CASE("naming: paths, extensions and camera names") {
    CHECK(fields("计算机1班/16307110000张三.jpg") == "16307110000|张三|");
    CHECK(fields("C:\\照片\\2024届\\张三-16307110000.JPG") == "16307110000|张三|");
    CHECK(fields("16307110000张三.jpg.jpg") == "16307110000|张三|");
    CHECK(fields("16307110000张三.HEIC") == "16307110000|张三|");
    CHECK(fields("16307110000.张三") == "16307110000|张三|");  // no extension to strip
    CHECK(fields("IMG_1234.JPG") == "||");  // 4 digits is no 学号, IMG no name
    CHECK(fields("微信图片_1234.jpg") == "||");
    CHECK(fields("") == "||");
    CHECK(fields("/") == "||");
}

TEST_CASE("naming: the longest digit run is the 学号, an 18-character run the 身份证号") {
    CHECK(fields("2024 16307110000 张三 1.jpg") == "16307110000|张三|");
    CHECK(fields("123456 张三.jpg") == "123456|张三|");
    CHECK(fields("12345 张三.jpg") == "|张三|");                   // 5 digits: too short
    CHECK(fields("123456789012345 张三.jpg") == "|张三|");         // 15 digits: too long
    ParsedName p = parse_photo_name("11010519491231002X张三.jpg");
    CHECK(p.id_number == "11010519491231002X");
    CHECK(p.student_id.empty());
    CHECK(p.name == "张三");
    p = parse_photo_name("11010519491231002x.jpg");
    CHECK(p.id_number == "11010519491231002X");
    p = parse_photo_name("16307110000_110105199001010010_张三.jpg");
    CHECK(p.id_number == "110105199001010010");
    CHECK(p.student_id == "16307110000");
    p = parse_photo_name("11010519491231002X John Smith.jpg");
    CHECK(p.id_number == "11010519491231002X");
    CHECK(p.name == "John Smith");
}

TEST_CASE("naming: a GBK file name from a zip made on Chinese Windows") {
    // "16307110000张三.jpg" with 张三 in GBK.
    CHECK(fields("16307110000\xD5\xC5\xC8\xFD.jpg") == "16307110000|张三|");
}

TEST_CASE("naming: matching against the roster") {
    const photo::Roster r = roster();
    REQUIRE(r.students.size() == 6);

    auto match = [&](const std::string& file) { return photo::match_photo(parse_photo_name(file), r); };

    auto m = match("16307110000 张三.jpg");
    CHECK(m.status == MatchStatus::matched);
    REQUIRE(m.student);
    CHECK(m.student->name == "张三");
    CHECK_FALSE(m.matched_by_name);

    CHECK(match("16307110000.jpg").status == MatchStatus::matched);  // 学号 alone is enough
    CHECK(match("１６３０７１１００００ 张 三.jpg").status == MatchStatus::matched);

    m = match("16307110000 李四.jpg");  // swapped or mistyped: never silently accepted
    CHECK(m.status == MatchStatus::name_mismatch);
    REQUIRE(m.student);
    CHECK(m.student->name == "张三");

    m = match("16307119999 张三.jpg");
    CHECK(m.status == MatchStatus::unmatched);
    CHECK(m.student == nullptr);

    CHECK(match("学号+姓名.jpg").status == MatchStatus::no_id);

    // By 身份证号, with and without the name.
    m = match("11010519491231002X.jpg");
    CHECK(m.status == MatchStatus::matched);
    REQUIRE(m.student);
    CHECK(m.student->student_id == "16307110000");
    CHECK(match("11010519491231002X 李四.jpg").status == MatchStatus::name_mismatch);
    CHECK(match("110105199001010010.jpg").status == MatchStatus::unmatched);
    // A 学号 and someone else's 身份证号 in one name.
    CHECK(match("16307110002 11010519491231002X.jpg").status == MatchStatus::name_mismatch);

    // Middle dot variants and none at all.
    CHECK(match("16307110001 买买提艾力.jpg").status == MatchStatus::matched);
    CHECK(match("16307110001 买买提・艾力.jpg").status == MatchStatus::matched);

    // Latin names: case, spacing and word order do not matter; a different name does.
    CHECK(match("16307110002 john smith.jpg").status == MatchStatus::matched);
    CHECK(match("16307110002 SMITH_John.jpg").status == MatchStatus::matched);
    CHECK(match("16307110002 JohnSmith.jpg").status == MatchStatus::matched);
    CHECK(match("16307110002 Jane Smith.jpg").status == MatchStatus::name_mismatch);
    CHECK(match("16307110002 zhangsan.jpg").status == MatchStatus::name_mismatch);

    // No id: a unique exact name matches and says so; a shared or unknown name does not.
    m = match("李四.jpg");
    CHECK(m.status == MatchStatus::matched);
    CHECK(m.matched_by_name);
    REQUIRE(m.student);
    CHECK(m.student->student_id == "16307110005");
    m = match("张伟.jpg");
    CHECK(m.status == MatchStatus::no_id);
    CHECK(m.student == nullptr);
    CHECK(match("王五.jpg").status == MatchStatus::no_id);

    // A camera's date or counter is no 学号 when no 学号 on the roster has its length (11
    // here): the file names nobody by number ("unmatched" sent the clerk looking for student
    // 20240512), and a name in it still matches.
    CHECK(match("IMG_20240512_093012.jpg").status == MatchStatus::no_id);
    CHECK(match("mmexport1715480000000.jpg").status == MatchStatus::no_id);
    m = match("IMG_20240512_093012 李四.jpg");
    CHECK(m.status == MatchStatus::matched);
    CHECK(m.matched_by_name);
    // Digits of a 学号's length that no student has are still a 学号 someone mistyped.
    CHECK(match("16307119999.jpg").status == MatchStatus::unmatched);
}

TEST_CASE("naming: same_name") {
    CHECK(photo::same_name("张三", " 张　三 "));
    CHECK(photo::same_name("买买提·艾力", "买买提.艾力"));
    CHECK(photo::same_name("ＪＯＨＮ Smith", "smith john"));
    CHECK_FALSE(photo::same_name("张三", "张四"));
    CHECK_FALSE(photo::same_name("", ""));
}

TEST_CASE("naming: the roster index finds by name exactly whom a scan of the roster finds") {
    // The index replaced a scan of every student with same_name (issue #15: quadratic in a
    // bundle); this is that scan, kept as the reference. Names are drawn from a few
    // characters and separators so that shared names, word orders, full-width letters and
    // names of separators only all occur.
    const std::vector<std::string> pieces = {"张", "三", "伟", "John", "SMITH", "ｊｏｈｎ", " ", "·", "_", "-"};
    std::mt19937 rng(15);
    auto random_name = [&] {
        std::string name;
        for (int i = 0, n = 1 + int(rng() % 4); i < n; ++i) name += pieces[rng() % pieces.size()];
        return name;
    };
    photo::Roster r;
    for (int i = 0; i < 300; ++i) r.students.push_back({std::to_string(16307110000 + i), random_name(), "", "", "", i + 2});
    const photo::RosterIndex index(r);
    auto scanned = [&](const std::string& name) -> const photo::Student* {
        const photo::Student* found = nullptr;
        for (const photo::Student& s : r.students) {
            if (!photo::same_name(name, s.name)) continue;
            if (found) return nullptr;
            found = &s;
        }
        return found;
    };
    int unique = 0, not_unique = 0;
    for (int i = 0; i < 2000; ++i) {
        const std::string name = random_name();
        const photo::Student* want = scanned(name);
        CHECK(index.only_with_name(name) == want);
        unique += want != nullptr;
        not_unique += want == nullptr;
        ParsedName parsed;
        parsed.name = name;
        const photo::Match m = photo::match_photo(parsed, index);
        CHECK(m.student == want);
        CHECK(m.matched_by_name == (want != nullptr));
    }
    CHECK(unique > 50);   // both outcomes were tried many times
    CHECK(not_unique > 50);
    // By 学号 and 身份证号 the index gives the roster's own find().
    CHECK(index.find("16307110007") == r.find("16307110007"));
    CHECK(index.find("16307119999") == nullptr);
    CHECK(index.find_id_number("") == nullptr);
}

TEST_CASE("naming: format_pattern") {
    photo::Student s;
    s.student_id = "16307110000";
    s.name = "张三";
    s.id_number = "11010519491231002X";
    s.department = "计算机/软件";
    s.class_name = "1班";
    s.line = 2;
    CHECK(photo::format_pattern("{学号}_{姓名}", s) == "16307110000_张三");
    CHECK(photo::format_pattern("{student_id}_{name}", s) == "16307110000_张三");
    CHECK(photo::format_pattern("{身份证号}", s) == "11010519491231002X");
    CHECK(photo::format_pattern("{id_number}", s) == "11010519491231002X");
    CHECK(photo::format_pattern("{班级}-{学号}", s) == "1班-16307110000");
    CHECK(photo::format_pattern("{department} {name}", s) == "计算机_软件 张三");
    CHECK(photo::format_pattern("a:b*c?d\"e<f>g|h\\i\x01j.{学号}. ", s) == "a_b_c_d_e_f_g_h_i_j.16307110000");

    s.name = "John \"JJ\" Smith";
    CHECK(photo::format_pattern("{姓名}", s) == "John _JJ_ Smith");

    auto code = [&](const std::string& pattern) {
        try {
            photo::format_pattern(pattern, s);
        } catch (const photo::Error& e) {
            return e.code();
        }
        return std::string("none");
    };
    CHECK(code("{nope}") == "naming.pattern");
    CHECK(code("{学号") == "naming.pattern");
    CHECK(code("...") == "naming.pattern");  // nothing left after trailing dots go
    s.id_number.clear();
    CHECK(code("{身份证号}") == "naming.pattern");
}

TEST_CASE("naming: no input crashes") {
    std::mt19937 rng(7064);
    std::uniform_int_distribution<int> byte(0, 255), length(0, 80);
    const photo::Roster r = roster();
    for (int round = 0; round < 2000; ++round) {
        std::string name;
        const int n = length(rng);
        for (int i = 0; i < n; ++i) name += static_cast<char>(byte(rng));
        const ParsedName p = parse_photo_name(name);
        CHECK(photo::text::valid_utf8(p.name));
        CHECK(p.student_id.size() <= 14);
        CHECK_NOTHROW(photo::match_photo(p, r));
    }
    CHECK_NOTHROW(parse_photo_name("\xFF\xFE\x80\xC0\xAF.jpg"));
    CHECK_NOTHROW(parse_photo_name(std::string("16307110000\0张三.jpg", 22)));
    CHECK(parse_photo_name("(((((((((((((").name.empty());
}
