// resize_area must be a drop-in for cv::resize(INTER_AREA): the analysis measures were tuned
// on OpenCV's reductions, so the fast path may differ only by float rounding.
#include <doctest/doctest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libphoto/resample.hpp"
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
