// CSV cells as Excel reads them: quoting, and formula injection. A roster name or a file name
// that starts like a formula ("=HYPERLINK(...)", "=cmd|' /C calc'!A0") must reach Excel as
// text, so such a cell gets a leading apostrophe, as OWASP's CSV-injection advice says.
#include <doctest/doctest.h>

#include <string>

#include "libphoto/department/csv.hpp"

using photo::csv_field;

TEST_CASE("csv: plain cells as they are, cells with separators quoted") {
    CHECK(csv_field("2021301001") == "2021301001");
    CHECK(csv_field("张伟") == "张伟");
    CHECK(csv_field("") == "");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("in/a-b.jpg") == "in/a-b.jpg");  // a '-' inside a cell is harmless
}

TEST_CASE("csv: a cell that Excel would run as a formula is neutralised") {
    CHECK(csv_field("=1+1") == "'=1+1");
    CHECK(csv_field("+86 138") == "'+86 138");
    CHECK(csv_field("-2+3") == "'-2+3");
    CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_field("\t=1") == "'\t=1");
    CHECK(csv_field("\r=1") == "\"'\r=1\"");
    CHECK(csv_field("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    CHECK(csv_field("=cmd|' /C calc'!A0.jpg") == "'=cmd|' /C calc'!A0.jpg");
}
