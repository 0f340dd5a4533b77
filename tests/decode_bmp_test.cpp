// The BMP reader on files built byte by byte: the layouts OpenCV never writes (palettes of
// 1, 4 and 8 bits, 16-bit 5-6-5 bit fields, top-down rows, the OS/2 header) decode to the
// colours put in, and damaged or unsupported ones are refused with image.decode.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "libphoto/io/image_io.hpp"
#include "test_support.hpp"

namespace {

using photo::Bytes;

void le16(Bytes& b, unsigned v) { b.push_back(std::uint8_t(v)), b.push_back(std::uint8_t(v >> 8)); }
void le32(Bytes& b, std::uint32_t v) { le16(b, v & 0xFFFF), le16(b, v >> 16); }

struct Bmp {
    int width = 4, height = 2;  // negative: top-down
    int bpp = 24;
    std::uint32_t compression = 0;
    std::vector<std::uint32_t> masks;      // BI_BITFIELDS: R, G, B
    std::vector<std::uint8_t> palette;     // BGRx entries
    bool os2 = false;
    // Pixel rows as stored (bottom-up unless height < 0), each padded to 4 bytes here.
    std::vector<std::vector<std::uint8_t>> rows;

    Bytes bytes() const {
        Bytes dib;
        if (os2) {
            le32(dib, 12), le16(dib, unsigned(width)), le16(dib, unsigned(height)), le16(dib, 1), le16(dib, unsigned(bpp));
        } else {
            le32(dib, 40), le32(dib, std::uint32_t(width)), le32(dib, std::uint32_t(height)), le16(dib, 1);
            le16(dib, unsigned(bpp)), le32(dib, compression), le32(dib, 0), le32(dib, 2835), le32(dib, 2835);
            le32(dib, std::uint32_t(palette.size() / 4)), le32(dib, 0);
            for (std::uint32_t m : masks) le32(dib, m);
        }
        Bytes pal;
        for (std::size_t i = 0; i < palette.size(); ++i)
            if (!os2 || i % 4 != 3) pal.push_back(palette[i]);
        Bytes pixels;
        for (const auto& r : rows) {
            pixels.insert(pixels.end(), r.begin(), r.end());
            while (pixels.size() % 4) pixels.push_back(0);
        }
        Bytes b = {'B', 'M'};
        le32(b, std::uint32_t(14 + dib.size() + pal.size() + pixels.size())), le32(b, 0);
        le32(b, std::uint32_t(14 + dib.size() + pal.size()));
        b.insert(b.end(), dib.begin(), dib.end());
        b.insert(b.end(), pal.begin(), pal.end());
        b.insert(b.end(), pixels.begin(), pixels.end());
        return b;
    }
};

}  // namespace

TEST_CASE("BMP palettes of 1, 4 and 8 bits, bottom-up, and the OS/2 header") {
    // Palette: 0 black, 1 red, 2 green, 3 blue (BGRx).
    const std::vector<std::uint8_t> pal = {0, 0, 0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 0};
    Bmp b8;
    b8.bpp = 8, b8.palette = pal;
    b8.rows = {{3, 3, 3, 3}, {1, 2, 0, 1}};  // bottom row first: the top row is red green black red
    const cv::Mat m8 = photo::decode_image(b8.bytes()).bgr;
    REQUIRE(m8.size() == cv::Size(4, 2));
    CHECK(m8.at<cv::Vec3b>(0, 0) == cv::Vec3b(0, 0, 255));
    CHECK(m8.at<cv::Vec3b>(0, 1) == cv::Vec3b(0, 255, 0));
    CHECK(m8.at<cv::Vec3b>(0, 2) == cv::Vec3b(0, 0, 0));
    CHECK(m8.at<cv::Vec3b>(1, 3) == cv::Vec3b(255, 0, 0));

    Bmp b4 = b8;
    b4.bpp = 4, b4.rows = {{0x33, 0x33}, {0x12, 0x01}};
    CHECK(cv::norm(photo::decode_image(b4.bytes()).bgr, m8, cv::NORM_INF) == 0);

    Bmp b1;
    b1.bpp = 1, b1.width = 10, b1.height = 1, b1.palette = {0, 0, 0, 0, 255, 255, 255, 0};
    b1.rows = {{0b10100000, 0b01000000}};  // pixels 0 and 2 and 9 white
    const cv::Mat m1 = photo::decode_image(b1.bytes()).bgr;
    REQUIRE(m1.size() == cv::Size(10, 1));
    CHECK(m1.at<cv::Vec3b>(0, 0) == cv::Vec3b(255, 255, 255));
    CHECK(m1.at<cv::Vec3b>(0, 1) == cv::Vec3b(0, 0, 0));
    CHECK(m1.at<cv::Vec3b>(0, 2) == cv::Vec3b(255, 255, 255));
    CHECK(m1.at<cv::Vec3b>(0, 9) == cv::Vec3b(255, 255, 255));
    CHECK(m1.at<cv::Vec3b>(0, 8) == cv::Vec3b(0, 0, 0));

    Bmp os2 = b8;
    os2.os2 = true;
    CHECK(cv::norm(photo::decode_image(os2.bytes()).bgr, m8, cv::NORM_INF) == 0);
}

TEST_CASE("BMP 16-bit 5-6-5 bit fields and a top-down 32-bit file") {
    Bmp b16;
    b16.bpp = 16, b16.compression = 3, b16.masks = {0xF800, 0x07E0, 0x001F}, b16.width = 2, b16.height = 1;
    b16.rows = {{0x00, 0xF8, 0xE0, 0x07}};  // pure red, pure green
    const cv::Mat m16 = photo::decode_image(b16.bytes()).bgr;
    REQUIRE(m16.size() == cv::Size(2, 1));
    CHECK(m16.at<cv::Vec3b>(0, 0) == cv::Vec3b(0, 0, 255));
    CHECK(m16.at<cv::Vec3b>(0, 1) == cv::Vec3b(0, 255, 0));

    Bmp b32;
    b32.bpp = 32, b32.width = 1, b32.height = -2;  // top-down: the first row stored is the top
    b32.rows = {{10, 20, 30, 0}, {40, 50, 60, 0}};
    const cv::Mat m32 = photo::decode_image(b32.bytes()).bgr;
    REQUIRE(m32.size() == cv::Size(1, 2));
    CHECK(m32.at<cv::Vec3b>(0, 0) == cv::Vec3b(10, 20, 30));  // the zero fourth byte is not alpha
    CHECK(m32.at<cv::Vec3b>(1, 0) == cv::Vec3b(40, 50, 60));
}

TEST_CASE("BMP that is cut short, RLE-compressed or of an odd depth is refused") {
    Bmp b;
    b.rows = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}};
    Bytes cut = b.bytes();
    cut.resize(cut.size() - 10);
    CHECK(test::error_code_of([&] { photo::decode_image(cut); }) == "image.decode");
    Bmp rle = b;
    rle.bpp = 8, rle.compression = 1, rle.palette = {0, 0, 0, 0};
    CHECK(test::error_code_of([&] { photo::decode_image(rle.bytes()); }) == "image.decode");
    Bmp odd = b;
    odd.bpp = 7;
    CHECK(test::error_code_of([&] { photo::decode_image(odd.bytes()); }) == "image.decode");
}
