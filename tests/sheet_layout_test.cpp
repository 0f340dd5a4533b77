// Print layouts (presets/layouts/*.yaml): parsing, the geometry of the shipped layouts, the
// crop that keeps the head, and where the photos and guides land on a print.
#include <algorithm>
#include <string>

#include <doctest/doctest.h>
#include <opencv2/imgproc.hpp>

#include "libphoto/core/error.hpp"
#include "libphoto/analysis/preset.hpp"
#include "libphoto/department/print_sheet.hpp"
#include "libphoto/department/sheet_layout.hpp"
#include "libphoto/department/slot_fit.hpp"

using namespace photo;

namespace {
std::string parse_error(const std::string& yaml) {
    try {
        parse_layout(yaml, "test.yaml");
    } catch (const Error& e) {
        CHECK(e.code() == "layout.invalid");
        return e.what();
    }
    return "";
}

const char* kPrint = R"(name: test
kind: print
paper_mm: [152.4, 101.6]
margin_mm: 3
gap_mm: 3
guides: {color: "#A0A0A0", width_px: 1, mark_mm: 3}
jpeg_quality: 95
rows:
  - {count: 4, size_mm: [25, 35]}
)";
}  // namespace

TEST_CASE("millimetres become the pixels the print sizes name") {
    CHECK(mm_to_px(25, 300) == 295);   // 一寸
    CHECK(mm_to_px(35, 300) == 413);
    CHECK(mm_to_px(49, 300) == 579);   // 二寸
    CHECK(mm_to_px(152.4, 300) == 1800);  // 6 inches
}

TEST_CASE("the shipped print layouts: exact photo sizes, on the paper, apart") {
    struct Want {
        const char* id;
        cv::Size paper;
        std::vector<cv::Size> slots;
    };
    const cv::Size one(295, 413), two(413, 579), chsi(480, 640);
    const std::vector<Want> wants = {
        {"one_inch_x8", {1800, 1200}, std::vector<cv::Size>(8, one)},
        {"two_inch_x4", {1200, 1800}, std::vector<cv::Size>(4, two)},
        {"chsi_x4", {1200, 1800}, std::vector<cv::Size>(4, chsi)},
        {"mixed_one4_two2", {1800, 1200}, {one, one, one, one, two, two}},
    };
    for (const auto& w : wants) {
        CAPTURE(w.id);
        const Layout l = find_layout(w.id);
        CHECK(l.kind == LayoutKind::print);
        CHECK(l.dpi == 300);
        CHECK(l.paper_px == w.paper);
        const auto rects = slot_rects(l);
        REQUIRE(rects.size() == w.slots.size());
        const cv::Rect inside(l.print.margin_px, l.print.margin_px, l.paper_px.width - 2 * l.print.margin_px,
                              l.paper_px.height - 2 * l.print.margin_px);
        for (std::size_t i = 0; i < rects.size(); ++i) {
            CHECK(rects[i].size() == w.slots[i]);
            CHECK((rects[i] & inside) == rects[i]);
            // No two photos closer than the gap: their guides and a cut fit between.
            for (std::size_t j = i + 1; j < rects.size(); ++j) {
                cv::Rect grown = rects[i];
                grown.x -= l.print.gap_px - 1;
                grown.y -= l.print.gap_px - 1;
                grown.width += 2 * (l.print.gap_px - 1);
                grown.height += 2 * (l.print.gap_px - 1);
                CHECK((grown & rects[j]).area() == 0);
            }
        }
    }
}

TEST_CASE("layouts are found in any case, '-' for '_', and never listed as photo presets") {
    CHECK(find_layout("CHSI-X4").id == "chsi_x4");
    CHECK(find_layout("Contact_A4").kind == LayoutKind::contact);
    try {
        find_layout("chsi_x5");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == "layout.unknown");
        CHECK(std::string(e.what()).find("did you mean 'chsi_x4'") != std::string::npos);
        CHECK(std::string(e.what()).find("one_inch_x8") != std::string::npos);
    }
    for (const auto& p : list_presets()) CHECK(p.file.find("layouts") == std::string::npos);
    CHECK(list_layouts().size() >= 5);
}

TEST_CASE("a layout that does not fit, or has a typo, is refused with its line") {
    CHECK(parse_layout(kPrint, "x.yaml").print.rows.size() == 1);
    std::string bad = kPrint;
    bad.replace(bad.find("count: 4"), 8, "count: 6");  // 6 x 295 + gaps > 1800 - margins
    CHECK(parse_error(bad).find("rows: the photos need") != std::string::npos);
    bad = kPrint;
    bad.replace(bad.find("gap_mm: 3"), 9, "gap_mm: 0");
    CHECK(parse_error(bad).find("gap_mm: too small") != std::string::npos);
    bad = std::string(kPrint) + "colour: red\n";
    CHECK(parse_error(bad).find("test.yaml:10: colour: unknown key") != std::string::npos);
    bad = kPrint;
    bad.replace(bad.find("kind: print"), 11, "kind: poster");
    CHECK(parse_error(bad).find("kind: expected print or contact") != std::string::npos);
}

TEST_CASE("a photo of another shape is cropped, the top kept, never stretched") {
    // A CHSI photo (3:4) into a 一寸 slot (narrower): the full height, the sides cut alike.
    CHECK(top_crop({480, 640}, {295, 413}) == cv::Rect(11, 0, 457, 640));
    // A landscape photo into a portrait slot: the middle.
    CHECK(top_crop({640, 480}, {480, 640}) == cv::Rect(140, 0, 360, 480));
    // A tall photo into a wider slot: the top rows, where the head is.
    CHECK(top_crop({480, 800}, {480, 640}) == cv::Rect(0, 0, 480, 640));
    CHECK(top_crop({480, 640}, {480, 640}) == cv::Rect(0, 0, 480, 640));
}

TEST_CASE("a print: each photo fills its slot exactly, with the guide just outside") {
    const Layout l = find_layout("mixed_one4_two2");
    // A photo whose top rows are red and the rest green: the crop must keep the red rows.
    cv::Mat photo(640, 480, CV_8UC3, cv::Scalar(0, 200, 0));
    photo.rowRange(0, 4).setTo(cv::Scalar(0, 0, 255));
    const cv::Mat sheet = render_print_sheet(l, {photo});
    CHECK(sheet.size() == l.paper_px);
    for (const cv::Rect& r : slot_rects(l)) {
        CAPTURE(r);
        const cv::Vec3b top = sheet.at<cv::Vec3b>(r.y, r.x + r.width / 2);
        CHECK(top[2] > 200);  // red: the top was kept
        CHECK(sheet.at<cv::Vec3b>(r.y + r.height - 1, r.x) == cv::Vec3b(0, 200, 0));  // the photo to its last pixel
        CHECK(sheet.at<cv::Vec3b>(r.y + r.height / 2, r.x - 1) == cv::Vec3b(160, 160, 160));   // left guide
        CHECK(sheet.at<cv::Vec3b>(r.y + r.height / 2, r.x + r.width) == cv::Vec3b(160, 160, 160));  // right
        CHECK(sheet.at<cv::Vec3b>(r.y - 1, r.x + r.width / 2) == cv::Vec3b(160, 160, 160));   // top
        CHECK(sheet.at<cv::Vec3b>(r.y + r.height, r.x + r.width / 2) == cv::Vec3b(160, 160, 160));  // bottom
        CHECK(sheet.at<cv::Vec3b>(r.y + r.height / 2, r.x - 3) == cv::Vec3b(255, 255, 255));  // then white
    }
    CHECK(sheet.at<cv::Vec3b>(0, 0) == cv::Vec3b(255, 255, 255));
}
