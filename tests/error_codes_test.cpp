// The one list of error codes: in the enum's order, each code unique and stable in form, each
// with a Chinese headline; error_message follows the language.
#include <doctest/doctest.h>

#include <set>

#include "libphoto/core/error.hpp"

TEST_CASE("error codes: the table follows the enum, codes are unique 'group.name', headlines Chinese") {
    std::size_t n = 0;
    const photo::ErrcInfo* table = photo::errc_table(&n);
    REQUIRE(n > 0);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < n; ++i) {
        CAPTURE(table[i].code);
        CHECK(static_cast<std::size_t>(table[i].errc) == i);
        CHECK(seen.insert(table[i].code).second);
        const std::string code = table[i].code;
        CHECK(code.find('.') != std::string::npos);
        CHECK(code.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.") == std::string::npos);
        CHECK(std::string(table[i].zh).size() >= 6);  // two or more CJK characters
        CHECK(photo::to_string(table[i].errc) == code);
    }
    CHECK(std::string(photo::to_string(photo::Errc::io_read)) == "io.read");
}

TEST_CASE("error codes: error_message gives the thrower's Chinese, else the code's headline and the detail") {
    const photo::Error both(photo::Errc::io_read, "cannot open: No such file", "无法打开：文件或文件夹不存在");
    CHECK(photo::error_message(both, photo::Lang::zh) == "无法打开：文件或文件夹不存在");
    CHECK(photo::error_message(both, photo::Lang::en) == "cannot open: No such file");
    const photo::Error en_only(photo::Errc::archive_read, "holds no files");
    CHECK(en_only.code() == "archive.read");
    CHECK(photo::error_message(en_only, photo::Lang::zh) == "无法读取压缩包：holds no files");
    const std::runtime_error other("boom");
    CHECK(photo::error_message(other, photo::Lang::zh) == "boom");
    CHECK(photo::errno_text_zh(ENOENT) == "文件或文件夹不存在");
}
