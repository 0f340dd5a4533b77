// Who goes on the contact sheet: a bundle's manifest.csv read back in either language.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <doctest/doctest.h>

#include "libphoto/department/contact_inputs.hpp"
#include "libphoto/core/error.hpp"

using namespace photo;
namespace fs = std::filesystem;

namespace {
std::string bundle_with(const std::string& manifest) {
    char name[] = "/tmp/idphoto-contact-XXXXXX";
    REQUIRE(mkdtemp(name) != nullptr);
    std::ofstream(fs::path(name) / "manifest.csv", std::ios::binary) << manifest;
    return name;
}
}  // namespace

TEST_CASE("a Chinese manifest: roster students in order, files that are nobody's left out") {
    const std::string dir = bundle_with(
        "\xEF\xBB\xBF学号,姓名,状态,原因,来源,输出,人工决定\r\n"
        "2021301001,张伟,已修复,\"a, b\",x.png,photos/2021301001.jpg,\r\n"
        "2021301002,李娜,缺交,没有收到照片,,,\r\n"
        "2021309999,陌生人,未匹配,,y.png,,\r\n"
        "2021301003,王芳,需重拍,模糊,z.png,,\r\n"
        "2021301004,赵四,合格,,w.jpg,../../etc/passwd,\r\n"
        "2021301005,钱五,好的,,,,\r\n");
    const ContactList list = read_bundle_contacts(dir, Lang::zh);
    REQUIRE(list.entries.size() == 4);
    CHECK(list.entries[0].student_id == "2021301001");
    CHECK(list.entries[0].name == "张伟");
    CHECK(list.entries[0].photo_path == dir + "/photos/2021301001.jpg");
    CHECK(list.entries[1].photo_path.empty());
    CHECK(list.entries[1].status == "缺交");
    CHECK(list.entries[2].status == "需重拍");
    // A path leading out of the bundle is not read: the student shows as unreadable.
    CHECK(list.entries[3].photo_path.empty());
    CHECK(list.entries[3].status == "无法读取");
    REQUIRE(list.problems.size() == 2);
    CHECK(list.problems[0].second.find("../../etc/passwd") != std::string::npos);
    CHECK(list.problems[1].first.find("manifest.csv:7") != std::string::npos);  // the unknown status, with its line
    CHECK(list.manifest == dir + "/manifest.csv");
    fs::remove_all(dir);
}

TEST_CASE("an English manifest reads the same; a table without the columns is refused") {
    std::string dir = bundle_with("student_id,name,status,reason,source,output,override\n"
                                  "2021301001,Zhang Wei,fixed,,x.png,photos/2021301001.jpg,\n"
                                  "2021301002,Li Na,missing,,,,\n");
    ContactList list = read_bundle_contacts(dir, Lang::en);
    REQUIRE(list.entries.size() == 2);
    CHECK(list.entries[0].name == "Zhang Wei");
    CHECK(list.entries[1].status == "missing");
    CHECK(list.problems.empty());
    fs::remove_all(dir);

    dir = bundle_with("学号,姓名\n2021301001,张伟\n");  // a roster, not a manifest
    CHECK_THROWS_AS(read_bundle_contacts(dir, Lang::zh), Error);
    fs::remove_all(dir);
}

TEST_CASE("photos named '学号 姓名' give their 学号 and 姓名; other names show as themselves") {
    const ContactList list = photo_contacts({"in/2021301001 张伟.jpg", "in/IMG_1234.jpg"});
    REQUIRE(list.entries.size() == 2);
    CHECK(list.entries[0].student_id == "2021301001");
    CHECK(list.entries[0].name == "张伟");
    CHECK(list.entries[0].photo_path == "in/2021301001 张伟.jpg");
    CHECK(list.entries[1].name == "IMG_1234");
}
