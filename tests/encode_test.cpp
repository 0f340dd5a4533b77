// JPEG output: JFIF density, baseline 4:2:0, and the quality search that lands a real
// 480x640 photo in the graduation-photo size range (20-40 KB, quality >= 60).
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libphoto/io/encode_jpeg.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/image_io.hpp"

using photo::Bytes;

namespace {

std::string sample(const std::string& name) { return std::string(IDPHOTO_SAMPLES) + "/" + name; }

// A 480x640 portrait cut from a real sample photo.
cv::Mat portrait_480x640(const std::string& name) {
    const cv::Mat full = photo::load_image(sample(name)).bgr;
    const int w = full.rows * 3 / 4;
    cv::Mat out;
    cv::resize(full(cv::Rect((full.cols - w) / 2, 0, w, full.rows)), out, cv::Size(480, 640), 0, 0,
               cv::INTER_AREA);
    return out;
}

struct Marker {
    std::uint8_t code;
    std::size_t offset;  // of the 0xFF
};

// Markers up to and including the first SOS.
std::vector<Marker> header_markers(const Bytes& jpg) {
    std::vector<Marker> out;
    std::size_t pos = 2;
    while (pos + 4 <= jpg.size() && jpg[pos] == 0xFF) {
        out.push_back({jpg[pos + 1], pos});
        if (jpg[pos + 1] == 0xDA) break;
        pos += 2 + ((std::size_t(jpg[pos + 2]) << 8) | jpg[pos + 3]);
    }
    return out;
}

bool has_marker(const Bytes& jpg, std::uint8_t code) {
    for (const Marker& m : header_markers(jpg))
        if (m.code == code) return true;
    return false;
}

std::string code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const photo::Error& e) {
        return e.code();
    }
    return "none";
}

}  // namespace

TEST_CASE("encode_jpeg writes a baseline 4:2:0 JFIF with the dpi") {
    const cv::Mat img = portrait_480x640("p_015cd10e_blue_cloth.jpg");
    const Bytes jpg = photo::encode_jpeg(img, 90, 300);
    REQUIRE(jpg.size() > 1000);
    CHECK(jpg[0] == 0xFF);
    CHECK(jpg[1] == 0xD8);
    // APP0 JFIF right after SOI: "JFIF\0", version, units = 1 (dpi), X and Y density.
    CHECK(jpg[2] == 0xFF);
    CHECK(jpg[3] == 0xE0);
    CHECK(std::string(jpg.begin() + 6, jpg.begin() + 11) == std::string("JFIF\0", 5));
    CHECK(jpg[13] == 1);
    CHECK(((jpg[14] << 8) | jpg[15]) == 300);
    CHECK(((jpg[16] << 8) | jpg[17]) == 300);
    CHECK(jpg[jpg.size() - 2] == 0xFF);
    CHECK(jpg[jpg.size() - 1] == 0xD9);

    CHECK(has_marker(jpg, 0xC0));   // SOF0: baseline
    CHECK(!has_marker(jpg, 0xC2));  // no progressive
    CHECK(!has_marker(jpg, 0xC1));
    for (const Marker& m : header_markers(jpg)) {
        if (m.code != 0xC0) continue;
        const std::uint8_t* sof = jpg.data() + m.offset + 4;
        CHECK(sof[0] == 8);             // precision
        CHECK(((sof[1] << 8) | sof[2]) == 640);
        CHECK(((sof[3] << 8) | sof[4]) == 480);
        REQUIRE(sof[5] == 3);           // components
        CHECK(sof[6 + 1] == 0x22);      // Y 2x2
        CHECK(sof[9 + 1] == 0x11);      // Cb 1x1
        CHECK(sof[12 + 1] == 0x11);     // Cr 1x1
    }

    // OpenCV reads it back at the same size and close to the input.
    const cv::Mat back = cv::imdecode(cv::Mat(1, int(jpg.size()), CV_8U, const_cast<std::uint8_t*>(jpg.data())),
                                      cv::IMREAD_COLOR);
    REQUIRE(back.size() == img.size());
    CHECK(cv::norm(back, img, cv::NORM_L1) / double(img.total() * 3) < 4.0);

    // Other dpi values land in the header too.
    const Bytes jpg72 = photo::encode_jpeg(img, 90, 72);
    CHECK(((jpg72[14] << 8) | jpg72[15]) == 72);

    // Our loader reads our writer.
    const photo::LoadedImage loaded = photo::decode_image(jpg);
    CHECK(loaded.format == "jpeg");
    CHECK(loaded.bgr.size() == cv::Size(480, 640));
}

TEST_CASE("encode_jpeg accepts grey and BGRA, refuses what it cannot write") {
    CHECK(photo::encode_jpeg(cv::Mat(10, 10, CV_8UC1, cv::Scalar(50)), 80, 300).size() > 100);
    const Bytes bgra = photo::encode_jpeg(cv::Mat(10, 10, CV_8UC4, cv::Scalar(10, 20, 30, 0)), 80, 300);
    CHECK(photo::decode_image(bgra).bgr.size() == cv::Size(10, 10));
    CHECK(code_of([] { photo::encode_jpeg(cv::Mat(), 80, 300); }) == "image.encode");
    CHECK(code_of([] { photo::encode_jpeg(cv::Mat(4, 4, CV_16UC3), 80, 300); }) == "image.encode");
    CHECK(code_of([] { photo::encode_jpeg(cv::Mat(1, 70000, CV_8UC3, cv::Scalar::all(0)), 80, 300); }) ==
          "image.encode");
    // Higher quality, larger file.
    const cv::Mat img = portrait_480x640("p_015cd10e_grey_noise.jpg");
    CHECK(photo::encode_jpeg(img, 60, 300).size() < photo::encode_jpeg(img, 90, 300).size());
}

TEST_CASE("encode_jpeg_sized lands real photos in 20-40 KB at quality >= 60") {
    photo::EncodeOptions opt;  // dpi 300, quality 60..95
    opt.min_bytes = 20 * 1024;
    opt.max_bytes = 40 * 1024;
    for (const char* name : {"p_015cd10e_blue_cloth.jpg", "p_015cd10e_blue_gradient.jpg",
                             "p_015cd10e_grey_noise.jpg", "p_015cd10e_white_shadow.jpg"}) {
        INFO(std::string(name));
        const cv::Mat img = portrait_480x640(name);
        const auto t0 = std::chrono::steady_clock::now();
        const photo::Encoded e = photo::encode_jpeg_sized(img, opt);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        MESSAGE(std::string(name) << ": quality " << e.quality << ", " << e.bytes.size() << " bytes, " << ms << " ms");
        CHECK(e.size_in_range);
        CHECK(e.quality >= 60);
        CHECK(e.quality <= 95);
        CHECK(e.bytes.size() >= 20480);
        CHECK(e.bytes.size() <= 40960);
        CHECK(has_marker(e.bytes, 0xC0));
        // It is the highest such quality: one more step overshoots.
        if (e.quality < 95) CHECK(photo::encode_jpeg(img, e.quality + 1, 300).size() > opt.max_bytes);
        // And it is exactly what encode_jpeg gives at that quality (no padding).
        CHECK(e.bytes == photo::encode_jpeg(img, e.quality, 300));
    }
}

TEST_CASE("encode_jpeg_sized reports ranges it cannot reach") {
    const cv::Mat img = portrait_480x640("p_015cd10e_white_shadow.jpg");
    photo::EncodeOptions opt;

    opt.max_bytes = 0;  // no upper bound: the ceiling
    photo::Encoded e = photo::encode_jpeg_sized(img, opt);
    CHECK(e.quality == 95);
    CHECK(e.size_in_range);

    opt.max_bytes = 2000;  // unreachable even at the floor
    e = photo::encode_jpeg_sized(img, opt);
    CHECK(e.quality == 60);
    CHECK(!e.size_in_range);
    CHECK(e.bytes.size() > 2000);

    opt.max_bytes = 0;
    opt.min_bytes = 10'000'000;  // too small even at the ceiling; never padded
    e = photo::encode_jpeg_sized(img, opt);
    CHECK(e.quality == 95);
    CHECK(!e.size_in_range);
    CHECK(e.bytes.size() < 10'000'000);

    // A flat image is tiny at any quality: below min, reported, not padded.
    const cv::Mat flat(640, 480, CV_8UC3, cv::Scalar(255, 255, 255));
    opt.min_bytes = 20480;
    opt.max_bytes = 40960;
    e = photo::encode_jpeg_sized(flat, opt);
    CHECK(e.quality == 95);
    CHECK(!e.size_in_range);
    CHECK(e.bytes.size() < 20480);
}
