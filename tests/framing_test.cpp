#include <doctest/doctest.h>

#include "libphoto/framing/framing.hpp"

using namespace photo;

namespace {
// A head as a 2000x3000 photo taken at arm's length would show it, in working pixels.
Analysis head_at(double crown, double eye, double chin, double width, double centre_x, cv::Size image) {
    Analysis a;
    a.image.bgr = cv::Mat(image, CV_8UC3, cv::Scalar::all(0));
    a.image.full_size = image;
    HeadMeasures h;
    h.crown_y = crown;
    h.eye_y = eye;
    h.chin_y = chin;
    h.face_width = width;
    h.centre_x = centre_x;
    a.head = h;
    return a;
}
}  // namespace

TEST_CASE("framing puts every measure inside the CHSI bands with room to spare") {
    const Preset p = find_preset("chsi");
    const Analysis a = head_at(600, 1000, 1400, 700, 1100, {2000, 3000});
    const auto plan = plan_framing(a, p);
    REQUIRE(plan);
    const OutputMeasures& m = plan->measures;
    CHECK(m.crown_px > 50 + 10);
    CHECK(m.crown_px < 110 - 10);
    CHECK(m.eye_line_px > 200 + 10);
    CHECK(m.eye_line_px < 300 - 10);
    CHECK(m.face_width_px > 180 + 10);
    CHECK(m.face_width_px < 300 - 10);
    CHECK(std::abs(m.centre_offset_px) < 1);
    CHECK(plan->margin > 0.15);
    CHECK(plan->bottom_overflow_px == 0);
    // The crop is the output's shape.
    CHECK(plan->crop.width / plan->crop.height == doctest::Approx(480.0 / 640.0));
}

TEST_CASE("project() agrees with the plan it came from") {
    const Preset p = find_preset("chsi");
    const Analysis a = head_at(300, 520, 740, 380, 500, {1000, 1400});
    const auto plan = plan_framing(a, p);
    REQUIRE(plan);
    const OutputMeasures m = project(*a.head, plan->crop, plan->scale, p);
    CHECK(m.crown_px == doctest::Approx(plan->measures.crown_px));
    CHECK(m.eye_line_px == doctest::Approx((520 - plan->crop.y) * plan->scale));
}

TEST_CASE("a photo that ends just below the chin cannot be framed without inventing body") {
    const Preset p = find_preset("chsi");
    const Analysis a = head_at(150, 450, 690, 400, 500, {1000, 700});
    const auto plan = plan_framing(a, p);
    REQUIRE(plan);
    // Either the crop continues more clothing than allowed, or the bands cannot all be met.
    CHECK((!plan->fits || plan->margin < 0));
}

TEST_CASE("a tight ID photo that ends at the shoulders is continued a little, and in band") {
    // Eyes 230 px above the bottom edge of a 413x531 photo with a 227 px wide face.
    const Preset p = find_preset("chsi");
    const Analysis a = head_at(25, 255, 420, 227, 206, {413, 531});
    const auto plan = plan_framing(a, p);
    REQUIRE(plan);
    CHECK(plan->fits);
    CHECK(plan->bottom_overflow_px > 0);
    CHECK(plan->margin > 0.1);
}

TEST_CASE("a head reaching above the photo is padded, not refused") {
    // Crown 20 px below the top: the crop must start above the photo; that area is backdrop.
    const Preset p = find_preset("chsi");
    const Analysis a = head_at(20, 300, 520, 330, 500, {1000, 1400});
    const auto plan = plan_framing(a, p);
    REQUIRE(plan);
    CHECK(plan->crop.y < 0);
    CHECK(plan->margin > 0.15);
}

TEST_CASE("the passport preset frames by head height") {
    const Preset p = find_preset("passport");
    const Analysis a = head_at(300, 700, 1100, 650, 1000, {2000, 3000});
    const auto plan = plan_framing(a, p);
    REQUIRE(plan);
    CHECK(p.head_height_px->contains(plan->measures.head_height_px));
    CHECK(p.crown_px->contains(plan->measures.crown_px));
}
