// Our Lab conversion against OpenCV's (which it replaces only for start-up cost): every pixel
// of a real sample, plus the primaries, black and white, agree within half a unit
// (OpenCV interpolates tables; the clothing check's threshold is 10 units).
#include <doctest/doctest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libphoto/matte/lab.hpp"
#include "test_support.hpp"

TEST_CASE("bgr_to_lab matches OpenCV's float conversion on a real photo and the extremes") {
    cv::Mat photo8 = cv::imread(test::sample("sample_id_2.png"), cv::IMREAD_COLOR);
    REQUIRE(!photo8.empty());
    cv::resize(photo8, photo8, cv::Size(120, 160), 0, 0, cv::INTER_AREA);
    cv::Mat extremes(1, 5, CV_8UC3);
    extremes.at<cv::Vec3b>(0) = {0, 0, 0};
    extremes.at<cv::Vec3b>(1) = {255, 255, 255};
    extremes.at<cv::Vec3b>(2) = {255, 0, 0};
    extremes.at<cv::Vec3b>(3) = {0, 255, 0};
    extremes.at<cv::Vec3b>(4) = {0, 0, 255};
    for (const cv::Mat& m8 : {photo8, extremes}) {
        cv::Mat f, expected;
        m8.convertTo(f, CV_32FC3, 1 / 255.0);
        cv::cvtColor(f, expected, cv::COLOR_BGR2Lab);
        const cv::Mat ours = photo::bgr_to_lab(f);
        CHECK(cv::norm(ours, expected, cv::NORM_INF) < 0.5);
    }
    const cv::Vec3f white = photo::bgr_to_lab(cv::Vec3f(1, 1, 1));
    CHECK(white[0] == doctest::Approx(100).epsilon(0.001));
    CHECK(std::abs(white[1]) < 0.01);
    CHECK(std::abs(white[2]) < 0.01);
}
