#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

#include <doctest/doctest.h>

#include "libphoto/core/error.hpp"
#include "libphoto/analysis/preset.hpp"
#include "libphoto/core/suggest.hpp"

using namespace photo;

namespace {
std::string write_temp_yaml(const std::string& text) {
    char name[] = "/tmp/idphoto-preset-XXXXXX.yaml";
    const int fd = mkstemps(name, 5);
    REQUIRE(fd >= 0);
    close(fd);
    std::ofstream(name) << text;
    return name;
}

std::string error_of(const std::string& path) {
    try {
        load_preset_file(path);
    } catch (const Error& e) {
        CHECK(e.code() == "preset.invalid");
        return e.what();
    }
    return "";
}

const char* kValid = R"(name: test
source: unit test
output: {width: 480, height: 640, dpi: 300, file_kb: [20, 40]}
backgrounds: {blue: "#64C5FF", white: "#FFFFFF"}
framing: {crown_px: [50, 110], eye_line_px: [200, 300], face_width_px: [180, 300]}
)";
}  // namespace

TEST_CASE("the CHSI preset carries the published numbers") {
    const Preset p = find_preset("chsi");
    CHECK(p.width == 480);
    CHECK(p.height == 640);
    CHECK(p.dpi == 300);
    CHECK(p.quality_min == 60);
    CHECK(p.kb_min == 20);
    CHECK(p.kb_max == 40);
    REQUIRE(p.crown_px);
    CHECK(p.crown_px->lo == 50);
    CHECK(p.crown_px->hi == 110);
    CHECK(p.eye_line_px->lo == 200);
    CHECK(p.face_width_px->hi == 300);
    CHECK(p.centre_tolerance_px == 24);
    REQUIRE(p.backgrounds.size() == 3);
    CHECK(p.backgrounds[0].name == "blue");  // the default comes first
    CHECK(p.backgrounds[0].bgr == cv::Scalar(255, 197, 100));
    CHECK(p.background("grey")->bgr == cv::Scalar(240, 240, 240));
}

TEST_CASE("every bundled preset loads and names its source") {
    const auto all = list_presets();
    CHECK(all.size() >= 5);
    for (const auto& p : all) {
        CAPTURE(p.file);
        CHECK(!p.source.empty());
        CHECK(!p.backgrounds.empty());
    }
}

TEST_CASE("a valid preset file loads, and its id is the file stem") {
    const std::string path = write_temp_yaml(kValid);
    const Preset p = load_preset_file(path);
    CHECK(p.width == 480);
    CHECK(p.id.rfind("idphoto-preset-", 0) == 0);
    std::remove(path.c_str());
}

TEST_CASE("parse_preset reads text as load_preset_file reads the file, messages included") {
    const std::string text = std::string(kValid) + "colour: red\n";
    const std::string path = write_temp_yaml(text);
    std::string from_text;
    try {
        parse_preset(text, path);
    } catch (const Error& e) {
        CHECK(e.code() == "preset.invalid");
        from_text = e.what();
    }
    CHECK(from_text == error_of(path));
    CHECK(from_text.find(path + ":6: colour: unknown key") != std::string::npos);
    const Preset p = parse_preset(kValid, "presets/custom.yaml");
    CHECK(p.id == "custom");
    CHECK(p.file == "presets/custom.yaml");
    std::remove(path.c_str());
}

TEST_CASE("malformed presets are refused with file, line and key") {
    SUBCASE("unknown key") {
        const std::string path = write_temp_yaml(std::string(kValid) + "colour: red\n");
        const std::string msg = error_of(path);
        CHECK(msg.find(path + ":6:") != std::string::npos);
        CHECK(msg.find("colour: unknown key") != std::string::npos);
        std::remove(path.c_str());
    }
    SUBCASE("band upside down") {
        std::string text = kValid;
        text.replace(text.find("[50, 110]"), 9, "[110, 50]");
        const std::string path = write_temp_yaml(text);
        const std::string msg = error_of(path);
        CHECK(msg.find(":5:") != std::string::npos);
        CHECK(msg.find("framing.crown_px") != std::string::npos);
        std::remove(path.c_str());
    }
    SUBCASE("bad colour") {
        std::string text = kValid;
        text.replace(text.find("#FFFFFF"), 7, "#FFFFFG");
        const std::string path = write_temp_yaml(text);
        CHECK(error_of(path).find("backgrounds.white") != std::string::npos);
        std::remove(path.c_str());
    }
    SUBCASE("a list or a mapping as a key") {  // found by fuzzing: escaped as a YAML exception
        std::string text = kValid;
        text.replace(text.find("white:"), 6, "[white]:");
        const std::string path = write_temp_yaml(text);
        CHECK(error_of(path).find(path + ":4: backgrounds: expected a name as the key") != std::string::npos);
        std::remove(path.c_str());
        const std::string top = write_temp_yaml(std::string(kValid) + "{a: b}: c\n");
        CHECK(error_of(top).find(top + ":6: (top level): expected a name as the key") != std::string::npos);
        std::remove(top.c_str());
    }
    SUBCASE("not a finite number") {  // found by fuzz_preset's band check
        std::string text = kValid;
        text.replace(text.find("[50, 110]"), 9, "[.nan, 110]");
        const std::string path = write_temp_yaml(text);
        CHECK(error_of(path).find(":5: framing.crown_px: expected two finite numbers") != std::string::npos);
        std::remove(path.c_str());
        const std::string inf = write_temp_yaml(std::string(kValid) + "capture: {max_upscale: .inf}\n");
        CHECK(error_of(inf).find(":6: capture.max_upscale: expected a finite number") != std::string::npos);
        std::remove(inf.c_str());
    }
    SUBCASE("not YAML") {
        const std::string path = write_temp_yaml("name: [unclosed\n");
        CHECK(error_of(path).find(path + ":") != std::string::npos);
        std::remove(path.c_str());
    }
}

TEST_CASE("unknown preset names say where to look") {
    try {
        find_preset("no-such-standard");
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == "preset.unknown");
        CHECK(std::string(e.what()).find("idphoto presets") != std::string::npos);
    }
}

TEST_CASE("preset ids are read in any case, and a mistyped one is told the nearest and the list") {
    CHECK(find_preset("CHSI").id == "chsi");
    CHECK(find_preset("One-Inch").id == "one-inch");
    try {
        find_preset("pasport");
        FAIL("expected an error");
    } catch (const Error& e) {
        const std::string msg = e.what();
        CHECK(msg.find("did you mean 'passport'") != std::string::npos);
        for (const char* id : {"chsi", "one-inch", "two-inch", "small-two-inch", "passport"}) CHECK(msg.find(id) != std::string::npos);
    }
    try {
        find_preset("visa");  // nothing near: the list alone
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("did you mean") == std::string::npos);
        CHECK(std::string(e.what()).find("small-two-inch") != std::string::npos);
    }
}

TEST_CASE("closest: a slip of the fingers, not any word") {
    CHECK(photo::edit_distance("chek", "check") == 1);
    CHECK(photo::edit_distance("bnudle", "bundle") == 1);  // a swap is one edit
    CHECK(photo::closest("chek", {"make", "check", "batch"}) == "check");
    CHECK(photo::closest("--overlya", {"--overlay", "--output"}) == "--overlay");
    CHECK(photo::closest("zzz", {"make", "check"}).empty());
}
