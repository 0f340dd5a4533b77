// resize_area must be a drop-in for cv::resize(INTER_AREA): the analysis measures were tuned
// on OpenCV's reductions, so the fast path may differ only by float rounding.
#include <doctest/doctest.h>

#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libphoto/io/resample.hpp"
#include "test_support.hpp"

namespace {
// Largest |difference| between resize_area and cv::resize, and the share of values that differ.
std::pair<double, double> against_opencv(const cv::Mat& src, cv::Size size, double fx = 0, double fy = 0) {
    cv::Mat ours, theirs;
    photo::resize_area(src, ours, size, fx, fy);
    cv::resize(src, theirs, size, fx, fy, cv::INTER_AREA);
    REQUIRE(ours.size() == theirs.size());
    REQUIRE(ours.type() == theirs.type());
    cv::Mat diff;
    cv::absdiff(ours.reshape(1), theirs.reshape(1), diff);
    double worst = 0;
    cv::minMaxLoc(diff, nullptr, &worst);
    const double tolerance = src.depth() == CV_8U ? 0.5 : 1e-3;
    return {worst, cv::countNonZero(diff > tolerance) / double(diff.total())};
}
}  // namespace

TEST_CASE("resize_area agrees with OpenCV's INTER_AREA on a photo reduced by fractions") {
    const cv::Mat photo = cv::imread(test::sample("sample_id_1.png"));
    REQUIRE(!photo.empty());
    cv::Mat big;  // the size of a 12 MP portrait decoded at 1/4
    cv::resize(photo, big, cv::Size(756, 1008), 0, 0, cv::INTER_CUBIC);
    for (const cv::Size size : {cv::Size(480, 640), cv::Size(400, 533), cv::Size(301, 397), cv::Size(7, 5)}) {
        const auto [worst, share] = against_opencv(big, size);
        CAPTURE(size);
        CHECK(worst <= 1);         // a rounding tie at most
        CHECK(share < 0.001);      // and rarely
    }
    const auto [worst, share] = against_opencv(big, cv::Size(), 0.3712, 0.3712);  // the face measures' scale
    CHECK(worst <= 1);
    CHECK(share < 0.001);

    cv::Mat grey, grey_f;
    cv::cvtColor(big, grey, cv::COLOR_BGR2GRAY);
    CHECK(against_opencv(grey, cv::Size(240, 320)).first <= 1);
    big.convertTo(grey_f, CV_32FC3, 1 / 255.0);
    CHECK(against_opencv(grey_f, cv::Size(480, 640)).first <= 1e-5);
    cv::Mat four;
    cv::cvtColor(big, four, cv::COLOR_BGR2BGRA);
    four.convertTo(four, CV_32FC4);
    CHECK(against_opencv(four, cv::Size(333, 444)).first <= 1e-3);
}

TEST_CASE("resize_area leaves integer factors and enlargements to OpenCV, bit for bit") {
    cv::Mat noise(301, 403, CV_8UC3);
    cv::randu(noise, 0, 256);
    CHECK(against_opencv(noise, cv::Size(), 0.5, 0.5).first == 0);
    CHECK(against_opencv(noise, cv::Size(806, 602)).first == 0);
    CHECK(against_opencv(noise, cv::Size(1, 1)).first == 0);
}

TEST_CASE("resample_crop samples as warpAffine does, to within its 1/32-pixel grid") {
    const cv::Mat photo = cv::imread(test::sample("sample_id_2.png"));
    REQUIRE(!photo.empty());
    cv::Mat maps;  // a float map like the matte's coefficients
    photo.convertTo(maps, CV_32FC3, 1 / 255.0);
    cv::cvtColor(maps, maps, cv::COLOR_BGR2BGRA);
    const cv::Size out(480, 640);
    // A crop inside the photo, one reaching beyond its left and top (fill there), one below.
    for (const cv::Rect2d crop : {cv::Rect2d(40.3, 25.7, 300.2, 400.1), cv::Rect2d(-20.5, -30.25, 280, 373),
                                  cv::Rect2d(60.5, 200.5, 250, 333)}) {
        CAPTURE(crop);
        for (const cv::Mat* src : std::vector<const cv::Mat*>{&photo, &maps}) {
            const cv::Mat ours = photo::resample_crop(*src, crop, out, cv::Scalar::all(7));
            // Reference: warpAffine over the same pixels, the crop kept inside the source.
            const double sx = out.width / crop.width, sy = out.height / crop.height;
            const cv::Mat m = (cv::Mat_<double>(2, 3) << sx, 0, -crop.x * sx, 0, sy, -crop.y * sy);
            cv::Mat ref(out, src->type(), cv::Scalar::all(7));
            cv::warpAffine(*src, ref, m, out, cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
            // Compare where the crop lies inside the source (below it resample_crop continues the rows).
            const int rows = std::min(out.height, int((src->rows - 1 - crop.y) * sy) - 1);
            cv::Mat diff;
            cv::absdiff(ours.rowRange(0, rows).reshape(1), ref.rowRange(0, rows).reshape(1), diff);
            const double unit = src->depth() == CV_8U ? 1.0 : 1 / 255.0;
            CHECK(cv::mean(diff)[0] < 0.2 * unit);  // sub-grid placement only
            CHECK(cv::countNonZero(diff > 40 * unit) < 0.001 * diff.total());  // fill/pixel boundary alike
        }
    }
}
