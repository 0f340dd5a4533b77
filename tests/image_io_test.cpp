// Loading and saving: format sniffing by content, header-size checks before decoding, DCT
// reduced JPEG decode, EXIF orientation, alpha/16-bit/grey normalisation, damaged input,
// HEIC, and the atomic writer. Test images are real samples or built here byte by byte.
#include <doctest/doctest.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <jpeglib.h>
#include <libheif/heif.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libphoto/io/encode_jpeg.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/image_io.hpp"

using photo::Bytes;

// x265 (used only here, to make a HEIC to decode) leaks one small block per encoder; keep
// LeakSanitizer builds (IDPHOTO_SANITIZE) green. Unused in normal builds.
extern "C" const char* __lsan_default_suppressions() { return "leak:libx265.so\n"; }

namespace {

std::string sample(const std::string& name) { return std::string(IDPHOTO_SAMPLES) + "/" + name; }

// The error code a call throws: "none" if it returns, "other" for a foreign exception.
std::string code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const photo::Error& e) {
        return e.code();
    } catch (...) {
        return "other";
    }
    return "none";
}

std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

Bytes encode_with_opencv(const cv::Mat& img, const std::string& ext) {
    std::vector<uchar> buf;
    REQUIRE(cv::imencode(ext, img, buf));
    return Bytes(buf.begin(), buf.end());
}

void put_be16(Bytes& b, unsigned v) { b.push_back(std::uint8_t(v >> 8)); b.push_back(std::uint8_t(v)); }
void put_be32(Bytes& b, std::uint32_t v) {
    put_be16(b, v >> 16);
    put_be16(b, v & 0xFFFF);
}

std::uint32_t crc32(const std::uint8_t* p, std::size_t n) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i) {
        c ^= p[i];
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

void put_png_chunk(Bytes& png, const char* type, const Bytes& data) {
    put_be32(png, std::uint32_t(data.size()));
    Bytes body(type, type + 4);
    body.insert(body.end(), data.begin(), data.end());
    png.insert(png.end(), body.begin(), body.end());
    put_be32(png, crc32(body.data(), body.size()));
}

// A JPEG with an EXIF APP1 (big-endian TIFF, one IFD entry: Orientation) after its APP0.
Bytes with_exif_orientation(const Bytes& jpeg, int orientation) {
    REQUIRE(jpeg.size() > 20);
    REQUIRE(jpeg[2] == 0xFF);
    REQUIRE(jpeg[3] == 0xE0);
    const std::size_t app0_end = 4 + ((std::size_t(jpeg[4]) << 8) | jpeg[5]);
    Bytes tiff = {'M', 'M', 0, 42, 0, 0, 0, 8};  // header, IFD0 at offset 8
    put_be16(tiff, 1);                             // one entry
    put_be16(tiff, 0x0112);                        // Orientation
    put_be16(tiff, 3);                             // SHORT
    put_be32(tiff, 1);                             // count
    put_be16(tiff, unsigned(orientation));
    put_be16(tiff, 0);
    put_be32(tiff, 0);  // no next IFD
    Bytes app1 = {0xFF, 0xE1};
    put_be16(app1, unsigned(2 + 6 + tiff.size()));
    const char exif[] = "Exif\0";
    app1.insert(app1.end(), exif, exif + 6);
    app1.insert(app1.end(), tiff.begin(), tiff.end());
    Bytes out(jpeg.begin(), jpeg.begin() + std::ptrdiff_t(app0_end));
    out.insert(out.end(), app1.begin(), app1.end());
    out.insert(out.end(), jpeg.begin() + std::ptrdiff_t(app0_end), jpeg.end());
    return out;
}

// An uncompressed little-endian RGB TIFF with an Orientation tag, written by hand.
Bytes tiff_with_orientation(const cv::Mat& bgr, int orientation) {
    const int w = bgr.cols, h = bgr.rows;
    Bytes t = {'I', 'I', 42, 0, 8, 0, 0, 0};
    auto le16 = [&](unsigned v) { t.push_back(std::uint8_t(v)); t.push_back(std::uint8_t(v >> 8)); };
    auto le32 = [&](std::uint32_t v) { le16(v & 0xFFFF); le16(v >> 16); };
    auto entry = [&](unsigned tag, unsigned type, std::uint32_t count, std::uint32_t value) {
        le16(tag); le16(type); le32(count);
        if (type == 3 && count == 1) { le16(value); le16(0); } else { le32(value); }
    };
    const std::uint32_t bps_at = 8 + 2 + 10 * 12 + 4, pixels_at = bps_at + 6;
    le16(10);
    entry(256, 3, 1, unsigned(w));
    entry(257, 3, 1, unsigned(h));
    entry(258, 3, 3, bps_at);
    entry(259, 3, 1, 1);  // no compression
    entry(262, 3, 1, 2);  // RGB
    entry(273, 4, 1, pixels_at);
    entry(274, 3, 1, unsigned(orientation));
    entry(277, 3, 1, 3);
    entry(278, 3, 1, unsigned(h));
    entry(279, 4, 1, std::uint32_t(w * h * 3));
    le32(0);
    le16(8); le16(8); le16(8);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const cv::Vec3b px = bgr.at<cv::Vec3b>(y, x);
            t.insert(t.end(), {px[2], px[1], px[0]});
        }
    return t;
}

bool near_color(const cv::Vec3b& px, int b, int g, int r, int tol = 40) {
    return std::abs(px[0] - b) <= tol && std::abs(px[1] - g) <= tol && std::abs(px[2] - r) <= tol;
}

// 200x100 grey image with a red square in the top-left corner.
cv::Mat marked_landscape() {
    cv::Mat img(100, 200, CV_8UC3, cv::Scalar(128, 128, 128));
    img(cv::Rect(0, 0, 40, 40)).setTo(cv::Scalar(0, 0, 255));
    return img;
}

std::string make_temp_dir() {
    char tmpl[] = "/tmp/idphoto-io-test-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    return tmpl;
}

std::vector<std::string> list_dir(const std::string& dir) {
    std::vector<std::string> names;
    if (DIR* d = opendir(dir.c_str())) {
        while (dirent* e = readdir(d))
            if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") names.push_back(e->d_name);
        closedir(d);
    }
    return names;
}

void remove_tree(const std::string& dir) {
    for (const auto& n : list_dir(dir)) std::remove((dir + "/" + n).c_str());
    rmdir(dir.c_str());
}

}  // namespace

TEST_CASE("formats are recognised by content, not by name") {
    CHECK(photo::sniff_format(photo::read_file(sample("p_015cd10e_blue_cloth.jpg"))) == "jpeg");
    CHECK(photo::sniff_format(photo::read_file(sample("sample_id_1.png"))) == "png");
    CHECK(photo::sniff_format(photo::read_file(sample("sample_id_1_thumb48.webp"))) == "webp");

    const cv::Mat small(8, 8, CV_8UC3, cv::Scalar(10, 20, 30));
    CHECK(photo::sniff_format(encode_with_opencv(small, ".bmp")) == "bmp");
    CHECK(photo::sniff_format(encode_with_opencv(small, ".tiff")) == "tiff");
    const Bytes gif = {'G', 'I', 'F', '8', '9', 'a', 0x10, 0, 0x10, 0};
    CHECK(photo::sniff_format(gif) == "gif");

    auto ftyp = [](const std::string& major, const std::string& compat) {
        const std::string box = std::string("\0\0\0\x18" "ftyp", 8) + major + std::string(4, '\0') + compat + compat;
        return Bytes(box.begin(), box.end());
    };
    CHECK(photo::sniff_format(ftyp("heic", "heic")) == "heic");
    CHECK(photo::sniff_format(ftyp("mif1", "heic")) == "heic");
    CHECK(photo::sniff_format(ftyp("mif1", "miaf")) == "heic");  // plain HEIF
    CHECK(photo::sniff_format(ftyp("avif", "miaf")) == "avif");
    CHECK(photo::sniff_format(ftyp("isom", "mp42")) == "");  // an MP4 video
    CHECK(photo::sniff_format(Bytes{'B', 'M', 'W', ' ', 'i', 's', ' ', 'a', ' ', 'c', 'a', 'r'}) == "");

    // A PNG renamed .jpg loads as the PNG it is.
    const std::string dir = make_temp_dir();
    const Bytes png = photo::read_file(sample("sample_id_2.png"));
    photo::write_file_atomic(dir + "/really_a_png.jpg", png);
    const photo::LoadedImage img = photo::load_image(dir + "/really_a_png.jpg");
    CHECK(img.format == "png");
    CHECK(img.bgr.size() == cv::Size(413, 531));
    CHECK(img.bgr.type() == CV_8UC3);
    remove_tree(dir);
}

TEST_CASE("unknown, empty and GIF input is refused with image.format") {
    const std::string pdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n";
    const Bytes pdf_bytes(pdf.begin(), pdf.end());
    CHECK(code_of([&] { photo::decode_image(pdf_bytes); }) == "image.format");
    CHECK(message_of([&] { photo::decode_image(pdf_bytes); }).find("not an image (a PDF") == 0);
    CHECK(code_of([] { photo::decode_image(Bytes{}); }) == "image.format");
    CHECK(message_of([] { photo::decode_image(Bytes{}); }).find("empty") != std::string::npos);

    std::mt19937 rng(7);
    Bytes noise(4096);
    for (auto& b : noise) b = std::uint8_t(rng());
    noise[0] = 0x13;  // not accidentally a magic number
    CHECK(code_of([&] { photo::decode_image(noise); }) == "image.format");

    const Bytes gif = {'G', 'I', 'F', '8', '9', 'a', 0x10, 0, 0x10, 0, 0x80, 0, 0};
    CHECK(code_of([&] { photo::decode_image(gif); }) == "image.format");
    CHECK(message_of([&] { photo::decode_image(gif); }) ==
          "GIF is not supported: send a JPEG or PNG");
}

TEST_CASE("JPEG decodes at a reduced DCT scale when asked") {
    const Bytes jpg = photo::read_file(sample("p_015cd10e_blue_cloth.jpg"));
    const photo::LoadedImage full = photo::decode_image(jpg);
    CHECK(full.format == "jpeg");
    CHECK(full.bgr.size() == cv::Size(1280, 853));
    CHECK(full.full_size == cv::Size(1280, 853));
    CHECK(full.scale == 1.0);

    photo::LoadOptions opt;
    opt.min_long_side = 300;  // 1/4 gives 320 >= 300, 1/8 would give 160
    photo::LoadedImage quarter = photo::decode_image(jpg, opt);
    CHECK(quarter.bgr.size() == cv::Size(320, 214));  // ceil(853 / 4)
    CHECK(quarter.full_size == cv::Size(1280, 853));
    CHECK(quarter.scale == doctest::Approx(0.25));

    opt.min_long_side = 640;
    CHECK(photo::decode_image(jpg, opt).bgr.size() == cv::Size(640, 427));
    opt.min_long_side = 100;
    CHECK(photo::decode_image(jpg, opt).bgr.size() == cv::Size(160, 107));
    opt.min_long_side = 2000;  // larger than the image: full size
    CHECK(photo::decode_image(jpg, opt).bgr.size() == cv::Size(1280, 853));

    // The reduced decode shows the same picture: compare with a resize of the full one.
    cv::Mat resized;
    cv::resize(full.bgr, resized, quarter.bgr.size(), 0, 0, cv::INTER_AREA);
    CHECK(cv::norm(resized, quarter.bgr, cv::NORM_L1) / double(resized.total() * 3) < 6.0);

    // PNG ignores min_long_side.
    photo::LoadOptions png_opt;
    png_opt.min_long_side = 100;
    const photo::LoadedImage png = photo::load_image(sample("sample_id_1.png"), png_opt);
    CHECK(png.bgr.size() == cv::Size(413, 531));
    CHECK(png.scale == 1.0);
}

TEST_CASE("EXIF orientation is applied, also on reduced decodes") {
    const Bytes plain = photo::encode_jpeg(marked_landscape(), 95, 300);

    // OpenCV itself: imdecode rotates for IMREAD_COLOR and the REDUCED flags, not for
    // IMREAD_UNCHANGED; the loader passes IMREAD_IGNORE_ORIENTATION and rotates itself, so
    // every format behaves the same.
    const Bytes rot6 = with_exif_orientation(plain, 6);
    const cv::Mat raw(1, int(rot6.size()), CV_8U, const_cast<std::uint8_t*>(rot6.data()));
    CHECK(cv::imdecode(raw, cv::IMREAD_COLOR).size() == cv::Size(100, 200));
    CHECK(cv::imdecode(raw, cv::IMREAD_REDUCED_COLOR_2).size() == cv::Size(50, 100));
    CHECK(cv::imdecode(raw, cv::IMREAD_UNCHANGED).size() == cv::Size(200, 100));

    // 6: rotate 90 degrees clockwise -> the top-left mark goes top-right.
    const photo::LoadedImage r6 = photo::decode_image(rot6);
    REQUIRE(r6.bgr.size() == cv::Size(100, 200));
    CHECK(r6.full_size == cv::Size(100, 200));
    CHECK(near_color(r6.bgr.at<cv::Vec3b>(15, 85), 0, 0, 255));
    CHECK(near_color(r6.bgr.at<cv::Vec3b>(15, 15), 128, 128, 128));

    // 8: rotate 90 counter-clockwise -> bottom-left.
    const photo::LoadedImage r8 = photo::decode_image(with_exif_orientation(plain, 8));
    REQUIRE(r8.bgr.size() == cv::Size(100, 200));
    CHECK(near_color(r8.bgr.at<cv::Vec3b>(185, 15), 0, 0, 255));

    // 3: 180 degrees -> bottom-right, size unchanged.
    const photo::LoadedImage r3 = photo::decode_image(with_exif_orientation(plain, 3));
    REQUIRE(r3.bgr.size() == cv::Size(200, 100));
    CHECK(near_color(r3.bgr.at<cv::Vec3b>(85, 185), 0, 0, 255));

    // Reduced decode: size, full_size and scale are all of the upright image.
    photo::LoadOptions opt;
    opt.min_long_side = 100;  // 200 / 2 = 100
    const photo::LoadedImage half = photo::decode_image(rot6, opt);
    REQUIRE(half.bgr.size() == cv::Size(50, 100));
    CHECK(half.full_size == cv::Size(100, 200));
    CHECK(half.scale == doctest::Approx(0.5));
    CHECK(near_color(half.bgr.at<cv::Vec3b>(8, 42), 0, 0, 255));
}

TEST_CASE("TIFF orientation is applied once, for all eight values") {
    // Red top-left, green bottom-left: every flip and rotation looks different.
    cv::Mat img = marked_landscape();
    img(cv::Rect(0, 70, 30, 30)).setTo(cv::Scalar(0, 255, 0));
    for (int o = 1; o <= 8; ++o) {
        INFO("orientation " << o);
        cv::Mat expected;  // the EXIF/TIFF definition, written out independently
        switch (o) {
            case 1: expected = img.clone(); break;
            case 2: cv::flip(img, expected, 1); break;
            case 3: cv::rotate(img, expected, cv::ROTATE_180); break;
            case 4: cv::flip(img, expected, 0); break;
            case 5: cv::transpose(img, expected); break;
            case 6: cv::rotate(img, expected, cv::ROTATE_90_CLOCKWISE); break;
            case 7: cv::rotate(img, expected, cv::ROTATE_90_COUNTERCLOCKWISE); cv::flip(expected, expected, 1); break;
            case 8: cv::rotate(img, expected, cv::ROTATE_90_COUNTERCLOCKWISE); break;
        }
        const photo::LoadedImage got = photo::decode_image(tiff_with_orientation(img, o));
        CHECK(got.format == "tiff");
        REQUIRE(got.bgr.size() == expected.size());
        CHECK(got.full_size == expected.size());
        CHECK(cv::norm(got.bgr, expected, cv::NORM_INF) == 0);

        // The same orientation as EXIF in a JPEG gives the same picture.
        const Bytes jpg = with_exif_orientation(photo::encode_jpeg(img, 95, 300), o);
        const photo::LoadedImage j = photo::decode_image(jpg);
        REQUIRE(j.bgr.size() == expected.size());
        CHECK(cv::norm(j.bgr, expected, cv::NORM_L1) / double(expected.total() * 3) < 3.0);
    }
}

TEST_CASE("PNG eXIf orientation is applied once") {
    cv::Mat img = marked_landscape();
    const Bytes png = encode_with_opencv(img, ".png");
    // Insert an eXIf chunk (big-endian TIFF, Orientation = 6) right after IHDR.
    Bytes tiff = {'M', 'M', 0, 42, 0, 0, 0, 8};
    put_be16(tiff, 1);
    put_be16(tiff, 0x0112);
    put_be16(tiff, 3);
    put_be32(tiff, 1);
    put_be16(tiff, 6);
    put_be16(tiff, 0);
    put_be32(tiff, 0);
    Bytes with(png.begin(), png.begin() + 33);  // signature + IHDR chunk
    put_png_chunk(with, "eXIf", tiff);
    with.insert(with.end(), png.begin() + 33, png.end());
    const photo::LoadedImage got = photo::decode_image(with);
    cv::Mat expected;
    cv::rotate(img, expected, cv::ROTATE_90_CLOCKWISE);
    REQUIRE(got.bgr.size() == expected.size());
    CHECK(cv::norm(got.bgr, expected, cv::NORM_INF) == 0);
}

TEST_CASE("alpha is flattened onto white") {
    // The sample PNGs are RGBA but fully opaque: they come out as their colour.
    const Bytes png = photo::read_file(sample("sample_id_1.png"));
    const cv::Mat rgba = cv::imdecode(cv::Mat(1, int(png.size()), CV_8U, const_cast<std::uint8_t*>(png.data())),
                                      cv::IMREAD_UNCHANGED);
    REQUIRE(rgba.type() == CV_8UC4);
    const photo::LoadedImage img = photo::decode_image(png);
    REQUIRE(img.bgr.type() == CV_8UC3);
    REQUIRE(img.bgr.size() == rgba.size());
    cv::Mat rgb;
    cv::cvtColor(rgba, rgb, cv::COLOR_BGRA2BGR);
    CHECK(cv::norm(rgb, img.bgr, cv::NORM_INF) == 0);

    // Cut the sample out: transparent left third, half-transparent middle, opaque right.
    cv::Mat cut = rgba.clone();
    const int third = cut.cols / 3;
    for (int y = 0; y < cut.rows; ++y)
        for (int x = 0; x < cut.cols; ++x)
            cut.at<cv::Vec4b>(y, x)[3] = x < third ? 0 : x < 2 * third ? 128 : 255;
    const photo::LoadedImage flat = photo::decode_image(encode_with_opencv(cut, ".png"));
    REQUIRE(flat.bgr.size() == cut.size());
    for (int y = 0; y < cut.rows; y += 9) {
        for (int x = 0; x < cut.cols; x += 9) {
            const cv::Vec4b s = cut.at<cv::Vec4b>(y, x);
            const cv::Vec3b d = flat.bgr.at<cv::Vec3b>(y, x);
            if (s[3] == 0) {
                CHECK(d == cv::Vec3b(255, 255, 255));
            } else if (s[3] == 255) {
                CHECK(d == cv::Vec3b(s[0], s[1], s[2]));
            } else {
                for (int c = 0; c < 3; ++c) CHECK(std::abs(int(d[c]) - (s[c] + 255) / 2) <= 1);
            }
        }
    }

    // Half-transparent black comes out mid grey.
    const cv::Mat half(4, 4, CV_8UC4, cv::Scalar(0, 0, 0, 128));
    const photo::LoadedImage grey = photo::decode_image(encode_with_opencv(half, ".png"));
    CHECK(grey.bgr.at<cv::Vec3b>(1, 1) == cv::Vec3b(127, 127, 127));

    // WebP (the sample thumbnail) decodes too.
    const photo::LoadedImage webp = photo::load_image(sample("sample_id_1_thumb48.webp"));
    CHECK(webp.format == "webp");
    CHECK(webp.bgr.size() == cv::Size(48, 48));
    CHECK(webp.bgr.type() == CV_8UC3);
}

TEST_CASE("16-bit, grey and tiny images become 8-bit BGR") {
    cv::Mat deep(10, 12, CV_16UC3, cv::Scalar(257 * 10, 257 * 100, 257 * 200));
    photo::LoadedImage a = photo::decode_image(encode_with_opencv(deep, ".png"));
    CHECK(a.bgr.type() == CV_8UC3);
    CHECK(a.bgr.size() == cv::Size(12, 10));
    CHECK(a.bgr.at<cv::Vec3b>(5, 5) == cv::Vec3b(10, 100, 200));

    cv::Mat deep_alpha(6, 6, CV_16UC4, cv::Scalar(0, 0, 65535, 0));
    CHECK(photo::decode_image(encode_with_opencv(deep_alpha, ".png")).bgr.at<cv::Vec3b>(2, 2) ==
          cv::Vec3b(255, 255, 255));

    cv::Mat grey(9, 7, CV_8UC1, cv::Scalar(77));
    photo::LoadedImage g = photo::decode_image(encode_with_opencv(grey, ".png"));
    CHECK(g.bgr.type() == CV_8UC3);
    CHECK(g.bgr.at<cv::Vec3b>(3, 3) == cv::Vec3b(77, 77, 77));

    cv::Mat grey16(9, 7, CV_16UC1, cv::Scalar(257 * 200));
    CHECK(photo::decode_image(encode_with_opencv(grey16, ".tiff")).bgr.at<cv::Vec3b>(3, 3) ==
          cv::Vec3b(200, 200, 200));

    cv::Mat one(1, 1, CV_8UC3, cv::Scalar(1, 2, 3));
    for (const char* ext : {".png", ".bmp", ".tiff", ".webp"}) {
        INFO(std::string(ext));
        photo::LoadedImage t = photo::decode_image(encode_with_opencv(one, ext));
        CHECK(t.bgr.size() == cv::Size(1, 1));
    }
    CHECK(photo::decode_image(photo::encode_jpeg(one, 90, 300)).bgr.size() == cv::Size(1, 1));

    cv::Mat bgr(20, 30, CV_8UC3, cv::Scalar(40, 80, 160));
    CHECK(photo::decode_image(encode_with_opencv(bgr, ".bmp")).bgr.at<cv::Vec3b>(10, 10) ==
          cv::Vec3b(40, 80, 160));
}

TEST_CASE("CMYK JPEG decodes to BGR") {
    // Adobe-style (inverted) CMYK as Photoshop writes it: 255 = no ink. Pure red.
    const int w = 32, h = 24;
    std::vector<JSAMPLE> row(w * 4);
    for (int x = 0; x < w; ++x) {
        row[4 * x + 0] = 255;  // no cyan
        row[4 * x + 1] = 0;    // full magenta
        row[4 * x + 2] = 0;    // full yellow
        row[4 * x + 3] = 255;  // no black
    }
    jpeg_compress_struct cinfo;
    jpeg_error_mgr jerr;
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    unsigned char* buf = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&cinfo, &buf, &size);
    cinfo.image_width = w;
    cinfo.image_height = h;
    cinfo.input_components = 4;
    cinfo.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, 95, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW r = row.data();
        jpeg_write_scanlines(&cinfo, &r, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    const Bytes cmyk(buf, buf + size);
    free(buf);

    const photo::LoadedImage img = photo::decode_image(cmyk);
    CHECK(img.format == "jpeg");
    REQUIRE(img.bgr.size() == cv::Size(w, h));
    CHECK(img.bgr.type() == CV_8UC3);
    CHECK(near_color(img.bgr.at<cv::Vec3b>(10, 10), 0, 0, 255, 10));

    photo::LoadOptions opt;
    opt.min_long_side = 16;
    const photo::LoadedImage half = photo::decode_image(cmyk, opt);
    CHECK(half.bgr.size() == cv::Size(16, 12));
    CHECK(near_color(half.bgr.at<cv::Vec3b>(5, 5), 0, 0, 255, 10));
}

TEST_CASE("images above max_pixels are refused from the header, before decoding") {
    // PNG whose IHDR (valid CRC) claims 60000x60000 RGB.
    Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    Bytes ihdr;
    put_be32(ihdr, 60000);
    put_be32(ihdr, 60000);
    ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0});
    put_png_chunk(png, "IHDR", ihdr);
    put_png_chunk(png, "IDAT", Bytes{0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
    put_png_chunk(png, "IEND", Bytes{});

    // JPEG whose SOF0 claims 65000x65000, followed by a scan header and EOI.
    Bytes jpg = {0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08};
    put_be16(jpg, 65000);
    put_be16(jpg, 65000);
    jpg.insert(jpg.end(), {3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1});
    jpg.insert(jpg.end(), {0xFF, 0xDA, 0x00, 0x0C, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0, 0xFF, 0xD9});

    // WebP whose VP8X canvas claims 16384x16384.
    Bytes webp = {'R', 'I', 'F', 'F', 30, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X', 10, 0, 0, 0,
                  0, 0, 0, 0, 0xFF, 0x3F, 0, 0xFF, 0x3F, 0};
    Bytes bmp = encode_with_opencv(cv::Mat(2, 2, CV_8UC3, cv::Scalar::all(0)), ".bmp");
    bmp[18] = 0x00; bmp[19] = 0x00; bmp[20] = 0x01; bmp[21] = 0x00;  // width 65536
    bmp[22] = 0x00; bmp[23] = 0x00; bmp[24] = 0x01; bmp[25] = 0x00;  // height 65536
    // The largest a BMP can claim, 2^31-1 square at 32 bits (found by fuzzing: the truncation
    // check overflowed int64 on it, undefined behaviour).
    Bytes bmp_max = bmp;
    for (int at : {18, 22}) bmp_max[at] = bmp_max[at + 1] = bmp_max[at + 2] = 0xFF, bmp_max[at + 3] = 0x7F;
    bmp_max[28] = 32;

    for (const Bytes* bomb : {&png, &jpg, &webp, &bmp, &bmp_max}) {
        CHECK(code_of([&] { photo::decode_image(*bomb); }) == "image.too_large");
    }
    CHECK(message_of([&] { photo::decode_image(png); }).find("60000x60000") != std::string::npos);

    // The limit is the caller's.
    const Bytes real = photo::read_file(sample("p_015cd10e_grey_noise.jpg"));
    photo::LoadOptions small;
    small.max_pixels = 1280 * 853 - 1;
    CHECK(code_of([&] { photo::decode_image(real, small); }) == "image.too_large");
    small.max_pixels = 1280 * 853;
    CHECK(photo::decode_image(real, small).bgr.size() == cv::Size(1280, 853));
    const Bytes tiff = encode_with_opencv(cv::Mat(300, 400, CV_8UC3, cv::Scalar::all(9)), ".tiff");
    small.max_pixels = 1000;
    CHECK(code_of([&] { photo::decode_image(tiff, small); }) == "image.too_large");
    const Bytes webp_real = photo::read_file(sample("sample_id_1_thumb48.webp"));
    CHECK(code_of([&] { photo::decode_image(webp_real, small); }) == "image.too_large");
}

TEST_CASE("damaged files throw image.decode, never crash") {
    const Bytes jpg = photo::read_file(sample("p_015cd10e_white_shadow.jpg"));
    const Bytes png = photo::read_file(sample("sample_id_3.png"));
    const Bytes webp = photo::read_file(sample("sample_id_1_thumb48.webp"));

    for (std::size_t keep : {std::size_t(3), std::size_t(100), jpg.size() / 2, jpg.size() - 2}) {
        INFO("jpeg cut to " << keep);
        CHECK(code_of([&] { photo::decode_image(Bytes(jpg.begin(), jpg.begin() + std::ptrdiff_t(keep))); }) ==
              "image.decode");
    }
    for (std::size_t keep : {std::size_t(8), std::size_t(20), std::size_t(40), png.size() / 2, png.size() - 5}) {
        INFO("png cut to " << keep);
        CHECK(code_of([&] { photo::decode_image(Bytes(png.begin(), png.begin() + std::ptrdiff_t(keep))); }) ==
              "image.decode");
    }
    CHECK(code_of([&] { photo::decode_image(Bytes(webp.begin(), webp.begin() + 40)); }) == "image.decode");
    // A RIFF size too small to hold even "WEBP" (found by fuzzing: the chunk walk ran away).
    Bytes tiny_riff = webp;
    tiny_riff[4] = 2, tiny_riff[5] = tiny_riff[6] = tiny_riff[7] = 0;
    CHECK(code_of([&] { photo::decode_image(tiny_riff); }) == "image.decode");

    // Intact structure, corrupted compressed data.
    Bytes bad_png = png;
    for (std::size_t i = 200; i < 600; ++i) bad_png[i] ^= 0x5A;
    CHECK(code_of([&] { photo::decode_image(bad_png); }) == "image.decode");

    // A JPEG start followed by random bytes.
    std::mt19937 rng(11);
    Bytes noisy = {0xFF, 0xD8, 0xFF};
    for (int i = 0; i < 5000; ++i) noisy.push_back(std::uint8_t(rng()));
    CHECK(code_of([&] { photo::decode_image(noisy); }) == "image.decode");
    Bytes noisy_png(png.begin(), png.begin() + 8);
    for (int i = 0; i < 5000; ++i) noisy_png.push_back(std::uint8_t(rng()));
    CHECK(code_of([&] { photo::decode_image(noisy_png); }) == "image.decode");

    // Random garbage with every magic number: an Error of some code, never a crash.
    for (const char* magic : {"\xFF\xD8\xFF", "\x89PNG\r\n\x1A\n", "II*", "MM", "BM", "RIFF"}) {
        for (int round = 0; round < 20; ++round) {
            Bytes b(magic, magic + std::string(magic).size() + (magic[0] == 'I' || magic[0] == 'M' ? 1 : 0));
            if (std::string(magic) == "RIFF") b.insert(b.end(), {0xFF, 0, 0, 0, 'W', 'E', 'B', 'P'});
            const int n = int(rng() % 300);
            for (int i = 0; i < n; ++i) b.push_back(std::uint8_t(rng()));
            const std::string code = code_of([&] { photo::decode_image(b); });
            CHECK((code == "image.decode" || code == "image.format" || code == "image.too_large"));
        }
    }
}

TEST_CASE("HEIC through libheif") {
    // A HEIF container (ftyp only) with no image in it.
    Bytes empty_heic = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0,
                        'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
    CHECK(photo::sniff_format(empty_heic) == "heic");
    CHECK(code_of([&] { photo::decode_image(empty_heic); }) == "image.decode");

    if (!heif_have_encoder_for_format(heif_compression_HEVC) ||
        !heif_have_decoder_for_format(heif_compression_HEVC)) {
        MESSAGE("libheif has no HEVC encoder/decoder here: HEIC round trip skipped");
        return;
    }
    // Encode a real HEIC in memory: 64x48, left half blue, right half red.
    heif_context* ctx = heif_context_alloc();
    heif_encoder* encoder = nullptr;
    REQUIRE(heif_context_get_encoder_for_format(ctx, heif_compression_HEVC, &encoder).code == heif_error_Ok);
    heif_encoder_set_lossy_quality(encoder, 90);
    heif_image* image = nullptr;
    REQUIRE(heif_image_create(64, 48, heif_colorspace_RGB, heif_chroma_interleaved_RGB, &image).code ==
            heif_error_Ok);
    REQUIRE(heif_image_add_plane(image, heif_channel_interleaved, 64, 48, 8).code == heif_error_Ok);
    int stride = 0;
    std::uint8_t* p = heif_image_get_plane(image, heif_channel_interleaved, &stride);
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x) {
            std::uint8_t* px = p + y * stride + x * 3;
            px[0] = x < 32 ? 0 : 255;
            px[1] = 0;
            px[2] = x < 32 ? 255 : 0;
        }
    REQUIRE(heif_context_encode_image(ctx, image, encoder, nullptr, nullptr).code == heif_error_Ok);
    heif_encoder_release(encoder);
    heif_image_release(image);
    heif_writer writer;
    writer.writer_api_version = 1;
    writer.write = [](heif_context*, const void* data, size_t size, void* user) {
        auto* out = static_cast<Bytes*>(user);
        out->insert(out->end(), static_cast<const std::uint8_t*>(data),
                    static_cast<const std::uint8_t*>(data) + size);
        return heif_error{heif_error_Ok, heif_suberror_Unspecified, "ok"};
    };
    Bytes heic;
    REQUIRE(heif_context_write(ctx, &writer, &heic).code == heif_error_Ok);
    heif_context_free(ctx);

    CHECK(photo::sniff_format(heic) == "heic");
    const photo::LoadedImage img = photo::decode_image(heic);
    CHECK(img.format == "heic");
    REQUIRE(img.bgr.size() == cv::Size(64, 48));
    CHECK(img.full_size == cv::Size(64, 48));
    CHECK(near_color(img.bgr.at<cv::Vec3b>(24, 8), 255, 0, 0));   // blue
    CHECK(near_color(img.bgr.at<cv::Vec3b>(24, 56), 0, 0, 255));  // red

    photo::LoadOptions small;
    small.max_pixels = 1000;
    CHECK(code_of([&] { photo::decode_image(heic, small); }) == "image.too_large");
    CHECK(code_of([&] { photo::decode_image(Bytes(heic.begin(), heic.begin() + std::ptrdiff_t(heic.size() / 2))); }) ==
          "image.decode");

    // An 'ispe' header smaller than the coded image, the shape of a HEIC bomb (found by
    // fuzzing): libheif decodes the coded size, and we refuse what the header did not declare.
    // Every 'ispe' box is patched: libheif's encoder writes more than one item.
    const std::string bytes(heic.begin(), heic.end());
    Bytes lying = heic;
    for (std::size_t ispe = bytes.find("ispe"); ispe != std::string::npos; ispe = bytes.find("ispe", ispe + 4)) {
        for (std::size_t i = ispe + 8; i < ispe + 16; ++i) lying[i] = 0;
        lying[ispe + 11] = 16, lying[ispe + 15] = 12;  // 16x12, big-endian
    }
    CHECK(code_of([&] { photo::decode_image(lying); }) == "image.decode");
    CHECK(message_of([&] { photo::decode_image(lying); }).find("64x48 pixels but its header says 16x12") !=
          std::string::npos);
}

TEST_CASE("HEIC: grids and alpha planes that refer back to themselves are refused before libheif") {
    // The seed is a 31x40 HEIC as libheif writes it: a 1x1 grid (item 2) of a 64x64 tile 1, with an
    // alpha plane (item 4) that is a grid of tile 3. It decodes, alpha flattened onto white.
    const std::string fuzz = IDPHOTO_FUZZ_INPUTS;
    const Bytes heic = photo::read_file(fuzz + "/corpus/image/photo.heic");
    const photo::LoadedImage img = photo::decode_image(heic);
    CHECK(img.bgr.size() == cv::Size(31, 40));
    // The fuzzer's find: the alpha grid's tile is the primary grid itself. libheif 1.15
    // recursed until the stack overflowed (or, with tile threads, until no thread could be
    // started); now it is one image.decode error.
    const Bytes cycle = photo::read_file(fuzz + "/regressions/image/oom-357231a3-heic-alpha-grid-of-its-own-grid.heic");
    CHECK(code_of([&] { photo::decode_image(cycle); }) == "image.decode");
    CHECK(message_of([&] { photo::decode_image(cycle); }).find("built from another built image") != std::string::npos);
    // Its sequel: the same cycle behind a 'dimg' box that claims more bytes than its table
    // holds (libheif reads on into it); a table that does not add up is refused whole.
    const Bytes overrun = photo::read_file(fuzz + "/regressions/image/crash-a3500f96-heic-iref-box-overruns.heic");
    CHECK(message_of([&] { photo::decode_image(overrun); }).find("item table does not add up") != std::string::npos);
    // And behind a 'dimg' box of size 0 ("to the end"), which libheif does not honour inside
    // the table: it read the references after it, this check stopped at it.
    const Bytes zero = photo::read_file(fuzz + "/regressions/image/crash-5c12a916-heic-iref-box-of-size-zero.heic");
    CHECK(message_of([&] { photo::decode_image(zero); }).find("item table does not add up") != std::string::npos);
    // The same cycle made here from the seed: the second 'dimg' (item 4's tile 3) now names item 2.
    const std::string text(heic.begin(), heic.end());
    const std::size_t second = text.find("dimg", text.find("dimg") + 4);
    REQUIRE(second != std::string::npos);
    Bytes patched = heic;
    patched[second + 9] = 2;  // from (2 bytes), count (2 bytes), then the tile id's low byte
    CHECK(message_of([&] { photo::decode_image(patched); }).find("built from another built image") != std::string::npos);
    // A reference box whose size is not what its count of ids takes: libheif reads by the
    // count, so the two parsers would part ways after it (here it would take the tile id left
    // over as the start of the next reference).
    Bytes uncounted = heic;
    uncounted[second + 7] = 0;  // the count's low byte: no tiles, in a box that still holds one
    CHECK(message_of([&] { photo::decode_image(uncounted); }).find("item table does not add up") != std::string::npos);
    // An alpha plane that has an alpha plane of its own (the 'auxl' turned round onto itself).
    const std::size_t auxl = text.find("auxl");
    REQUIRE(auxl != std::string::npos);
    Bytes self_alpha = heic;
    self_alpha[auxl + 9] = 4;  // item 4 is the alpha plane of item 4
    CHECK(message_of([&] { photo::decode_image(self_alpha); }).find("planes refer to each other") != std::string::npos);
}

TEST_CASE("read_file reports folders, missing files and reads stdin") {
    CHECK(code_of([] { photo::read_file("/tmp"); }) == "io.read");
    CHECK(message_of([] { photo::read_file("/tmp"); }).find("folder") != std::string::npos);
    CHECK(code_of([] { photo::read_file("/nonexistent-idphoto/x.jpg"); }) == "io.read");
    CHECK(message_of([] { photo::read_file("/nonexistent-idphoto/x.jpg"); }).find("No such file") !=
          std::string::npos);
    CHECK(code_of([] { photo::load_image("/nonexistent-idphoto/x.jpg"); }) == "io.read");
    const Bytes b = photo::read_file(sample("sample_id_1_thumb48.webp"));
    CHECK(b.size() == 890);
}

TEST_CASE("write_file_atomic replaces whole files and leaves nothing behind") {
    const std::string dir = make_temp_dir();
    const std::string path = dir + "/out.jpg";
    photo::write_file_atomic(path, Bytes{1, 2, 3});
    CHECK(photo::read_file(path) == Bytes{1, 2, 3});
    struct stat st {};
    REQUIRE(stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) != 0600);  // not mkstemp's private mode

    chmod(path.c_str(), 0640);
    REQUIRE(stat(path.c_str(), &st) == 0);
    const ino_t old_inode = st.st_ino;
    const Bytes big(100000, 0xAB);
    photo::write_file_atomic(path, big);
    CHECK(photo::read_file(path) == big);
    REQUIRE(stat(path.c_str(), &st) == 0);
    CHECK(st.st_ino != old_inode);  // a new file renamed over the old one
    CHECK((st.st_mode & 0777) == 0640);
    CHECK(list_dir(dir) == std::vector<std::string>{"out.jpg"});

    // Relative path (no folder part) works in the current directory.
    char cwd[4096];
    REQUIRE(getcwd(cwd, sizeof cwd) != nullptr);
    REQUIRE(chdir(dir.c_str()) == 0);
    photo::write_file_atomic("rel.bin", Bytes{9});
    REQUIRE(chdir(cwd) == 0);
    CHECK(photo::read_file(dir + "/rel.bin") == Bytes{9});

    // Failures: a missing folder (not created for the caller), /proc, a folder as target.
    CHECK(code_of([&] { photo::write_file_atomic(dir + "/missing/out.jpg", Bytes{1}); }) == "io.write");
    CHECK(message_of([&] { photo::write_file_atomic(dir + "/missing/out.jpg", Bytes{1}); })
              .find("create the folder first") != std::string::npos);
    CHECK(code_of([] { photo::write_file_atomic("/proc/idphoto-test.jpg", Bytes{1}); }) == "io.write");
    CHECK(code_of([&] { photo::write_file_atomic(dir, Bytes{1}); }) == "io.write");
    CHECK(code_of([&] { photo::write_file_atomic(dir + "/", Bytes{1}); }) == "io.write");
    std::vector<std::string> left = list_dir(dir);
    std::sort(left.begin(), left.end());
    CHECK(left == std::vector<std::string>{"out.jpg", "rel.bin"});
    remove_tree(dir);
}
