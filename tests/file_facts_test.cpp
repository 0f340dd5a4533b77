// File facts: quality estimates on real samples re-encoded by OpenCV (checked against the
// referee's own estimator, copied below as the oracle), baseline/progressive, JFIF and EXIF
// density, a 16-bit DQT from libjpeg, PNG/WebP, and damaged bytes (every prefix, garbage,
// lengths running past the end) that must give defaults without reading out of bounds.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>  // jpeglib.h needs FILE
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <jpeglib.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "libphoto/io/encode_jpeg.hpp"
#include "libphoto/io/file_facts.hpp"
#include "libphoto/io/image_io.hpp"

using photo::Bytes;

namespace {

std::string sample(const std::string& name) { return std::string(IDPHOTO_SAMPLES) + "/" + name; }

// /work/shared/tools/referee.cpp jpeg_quality, verbatim but for a bounds check on the
// table (the referee reads 64 bytes past the marker unchecked).
int referee_quality(const std::vector<unsigned char>& b) {
    static const int std_lum[64] = {16,11,10,16,24,40,51,61,12,12,14,19,26,58,60,55,14,13,16,24,40,57,69,56,
      14,17,22,29,51,87,80,62,18,22,37,56,68,109,103,77,24,35,55,64,81,104,113,92,49,64,78,87,103,121,120,101,
      72,92,95,98,112,100,103,99};
    static const int zz[64] = {0,1,8,16,9,2,3,10,17,24,32,25,18,11,4,5,12,19,26,33,40,48,41,34,27,20,13,6,7,14,21,
      28,35,42,49,56,57,50,43,36,29,22,15,23,30,37,44,51,58,59,52,45,38,31,39,46,53,60,61,54,47,55,62,63};
    for (size_t i = 2; i + 4 < b.size();) {
        if (b[i] != 0xFF) return -1;
        int m = b[i + 1], len = b[i + 2] << 8 | b[i + 3];
        if (m == 0xDB && (b[i + 4] & 0xF0) == 0) {
            if (i + 5 + 64 > b.size()) return -1;
            const unsigned char* q = &b[i + 5];
            double best = 1e18; int bestq = -1;
            for (int Q = 1; Q <= 100; ++Q) {
                int s = Q < 50 ? 5000 / Q : 200 - 2 * Q; double err = 0;
                for (int k = 0; k < 64; ++k) {
                    int v = (std_lum[zz[k]] * s + 50) / 100; v = std::max(1, std::min(255, v));
                    err += std::abs(v - q[k]);
                }
                if (err < best) { best = err; bestq = Q; }
            }
            return bestq;
        }
        if (m == 0xDA) return -1;
        i += 2 + len;
    }
    return -1;
}

Bytes imencode(const cv::Mat& bgr, const std::string& ext, std::vector<int> params = {}) {
    Bytes out;
    REQUIRE(cv::imencode(ext, bgr, out, params));
    return out;
}

cv::Mat small_image(int w = 96, int h = 128) {
    cv::Mat m = cv::imread(sample("sample_id_1.png"), cv::IMREAD_COLOR);
    REQUIRE(!m.empty());
    cv::resize(m, m, {w, h}, 0, 0, cv::INTER_AREA);
    return m;
}

std::vector<std::string> samples() {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(IDPHOTO_SAMPLES)) {
        const std::string ext = e.path().extension().string();
        if (ext == ".png" || ext == ".jpg") names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

void put16(Bytes& b, unsigned v) { b.push_back(std::uint8_t(v >> 8)); b.push_back(std::uint8_t(v)); }

// The JPEG without its JFIF APP0 and with `app1` inserted right after SOI.
Bytes replace_jfif_with(const Bytes& jpeg, const Bytes& app1) {
    REQUIRE(jpeg.size() > 20);
    REQUIRE(jpeg[2] == 0xFF);
    REQUIRE(jpeg[3] == 0xE0);
    const std::size_t app0_end = 4 + ((jpeg[4] << 8) | jpeg[5]);
    Bytes out(jpeg.begin(), jpeg.begin() + 2);
    out.insert(out.end(), app1.begin(), app1.end());
    out.insert(out.end(), jpeg.begin() + std::ptrdiff_t(app0_end), jpeg.end());
    return out;
}

// APP1 "Exif\0\0" + TIFF with IFD0 = { XResolution num/den (RATIONAL), ResolutionUnit unit }.
Bytes exif_app1(bool little, std::uint32_t num, std::uint32_t den, int unit) {
    Bytes t;
    auto u16 = [&](unsigned v) {
        if (little) { t.push_back(std::uint8_t(v)); t.push_back(std::uint8_t(v >> 8)); }
        else { t.push_back(std::uint8_t(v >> 8)); t.push_back(std::uint8_t(v)); }
    };
    auto u32 = [&](std::uint32_t v) {
        if (little) { u16(v & 0xFFFF); u16(v >> 16); }
        else { u16(v >> 16); u16(v & 0xFFFF); }
    };
    t.push_back(little ? 'I' : 'M');
    t.push_back(little ? 'I' : 'M');
    u16(42);
    u32(8);                                  // IFD0 at 8
    u16(unit > 0 ? 2 : 1);                   // entries
    u16(282); u16(5); u32(1); u32(8 + 2 + 2 * 12 + 4);  // XResolution -> after the IFD
    if (unit > 0) { u16(296); u16(3); u32(1); u16(unit); u16(0); }
    else { u16(274); u16(3); u32(1); u16(1); u16(0); }  // orientation, as a filler entry
    u32(0);                                  // no next IFD
    u32(num); u32(den);
    Bytes app1 = {0xFF, 0xE1};
    put16(app1, unsigned(2 + 6 + t.size()));
    for (char c : std::string("Exif\0\0", 6)) app1.push_back(std::uint8_t(c));
    app1.insert(app1.end(), t.begin(), t.end());
    return app1;
}

// A JPEG straight from libjpeg. With force_baseline = false, tables at low qualities exceed
// 255 and are written with 16-bit precision (and the frame becomes SOF1). `sampling_444`:
// chroma at full resolution (this OpenCV cannot ask for it).
Bytes libjpeg_encode(const cv::Mat& bgr, int quality, bool force_baseline, bool sampling_444) {
    jpeg_compress_struct cinfo;
    jpeg_error_mgr err;
    cinfo.err = jpeg_std_error(&err);
    err.output_message = [](j_common_ptr) {};  // no "too coarse for baseline" caution
    jpeg_create_compress(&cinfo);
    unsigned char* buf = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&cinfo, &buf, &size);
    cinfo.image_width = JDIMENSION(bgr.cols);
    cinfo.image_height = JDIMENSION(bgr.rows);
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_EXT_BGR;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, force_baseline ? TRUE : FALSE);
    if (sampling_444) cinfo.comp_info[0].h_samp_factor = cinfo.comp_info[0].v_samp_factor = 1;
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = const_cast<JSAMPROW>(bgr.ptr<unsigned char>(int(cinfo.next_scanline)));
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    Bytes out(buf, buf + size);
    std::free(buf);
    return out;
}

bool defaults_beyond_format(const photo::FileFacts& f) {
    return f.width == 0 && f.height == 0 && !f.jpeg_baseline && !f.jpeg_progressive &&
           f.jfif_units == -1 && f.density_x == 0 && f.density_y == 0 && !f.dpi &&
           !f.jpeg_quality && !f.chroma_subsampled;
}

}  // namespace

TEST_CASE("file facts: quality of samples re-encoded at 60/75/90 matches the referee") {
    const auto names = samples();
    REQUIRE(names.size() >= 4);
    for (const std::string& name : names) {
        const cv::Mat bgr = cv::imread(sample(name), cv::IMREAD_COLOR);
        REQUIRE(!bgr.empty());
        for (int q : {60, 75, 90}) {
            INFO(name << " q" << q);
            const Bytes jpeg = imencode(bgr, ".jpg", {cv::IMWRITE_JPEG_QUALITY, q});
            const photo::FileFacts f = photo::read_file_facts(jpeg, "out.jpg");
            CHECK(f.format == "jpeg");
            CHECK(f.extension == "jpg");
            CHECK(f.bytes == jpeg.size());
            CHECK(f.width == bgr.cols);
            CHECK(f.height == bgr.rows);
            CHECK(f.jpeg_baseline);
            CHECK_FALSE(f.jpeg_progressive);
            CHECK(f.chroma_subsampled);  // OpenCV's default is 4:2:0
            CHECK(f.jfif_units == 0);    // libjpeg's default JFIF: aspect ratio only
            CHECK_FALSE(f.dpi);
            REQUIRE(f.jpeg_quality);
            CHECK(std::abs(*f.jpeg_quality - q) <= 1);
            CHECK(*f.jpeg_quality == referee_quality(jpeg));
        }
    }
}

TEST_CASE("file facts: the sample files as they are") {
    for (const std::string& name : samples()) {
        INFO(name);
        const Bytes bytes = photo::read_file(sample(name));
        const photo::FileFacts f = photo::read_file_facts(bytes, sample(name));
        const cv::Mat stored = cv::imread(sample(name), cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
        CHECK(f.width == stored.cols);
        CHECK(f.height == stored.rows);
        CHECK(f.bytes == bytes.size());
        if (name.size() > 4 && name.substr(name.size() - 4) == ".jpg") {
            CHECK(f.format == "jpeg");
            CHECK(f.extension == "jpg");
            REQUIRE(f.jpeg_quality);
            CHECK(*f.jpeg_quality == referee_quality(bytes));
        } else {
            CHECK(f.format == "png");
            CHECK(f.extension == "png");
            CHECK_FALSE(f.jpeg_quality);
        }
    }
    const Bytes webp = photo::read_file(sample("sample_id_1_thumb48.webp"));
    const photo::FileFacts w = photo::read_file_facts(webp, "x.webp");
    const cv::Mat stored = cv::imread(sample("sample_id_1_thumb48.webp"), cv::IMREAD_COLOR);
    CHECK(w.format == "webp");
    CHECK(w.width == stored.cols);
    CHECK(w.height == stored.rows);
    CHECK_FALSE(w.jpeg_quality);
}

TEST_CASE("file facts: progressive JPEG is not baseline") {
    const cv::Mat bgr = small_image(480, 640);
    for (int q : {60, 75, 90}) {
        const Bytes jpeg = imencode(bgr, ".jpg", {cv::IMWRITE_JPEG_QUALITY, q, cv::IMWRITE_JPEG_PROGRESSIVE, 1});
        const photo::FileFacts f = photo::read_file_facts(jpeg, "p.jpg");
        CHECK(f.format == "jpeg");
        CHECK(f.jpeg_progressive);
        CHECK_FALSE(f.jpeg_baseline);
        CHECK(f.width == 480);
        CHECK(f.height == 640);
        REQUIRE(f.jpeg_quality);
        CHECK(std::abs(*f.jpeg_quality - q) <= 1);
        CHECK(*f.jpeg_quality == referee_quality(jpeg));
    }
}

TEST_CASE("file facts: encode_jpeg's JFIF 300 dpi") {
    const cv::Mat bgr = small_image(480, 640);
    const Bytes jpeg = photo::encode_jpeg(bgr, 85, 300);
    const photo::FileFacts f = photo::read_file_facts(jpeg, "/some/dir.v2/Photo.JPG");
    CHECK(f.format == "jpeg");
    CHECK(f.extension == "jpg");
    CHECK(f.width == 480);
    CHECK(f.height == 640);
    CHECK(f.jpeg_baseline);
    CHECK_FALSE(f.jpeg_progressive);
    CHECK(f.chroma_subsampled);
    CHECK(f.jfif_units == 1);
    CHECK(f.density_x == 300);
    CHECK(f.density_y == 300);
    REQUIRE(f.dpi);
    CHECK(*f.dpi == doctest::Approx(300));
    REQUIRE(f.jpeg_quality);
    CHECK(*f.jpeg_quality == 85);

    // The same file with the units switched to dots per cm: 300 dpcm = 762 dpi.
    Bytes cm = jpeg;
    REQUIRE(cm[3] == 0xE0);
    cm[13] = 2;
    const photo::FileFacts c = photo::read_file_facts(cm, "a.jpeg");
    CHECK(c.extension == "jpeg");
    CHECK(c.jfif_units == 2);
    REQUIRE(c.dpi);
    CHECK(*c.dpi == doctest::Approx(762));
}

TEST_CASE("file facts: 4:4:4 is not subsampled") {
    const Bytes jpeg = libjpeg_encode(small_image(), 80, true, true);
    const photo::FileFacts f = photo::read_file_facts(jpeg, "a.jpg");
    CHECK_FALSE(f.chroma_subsampled);
    CHECK(f.jpeg_baseline);
    REQUIRE(f.jpeg_quality);
    CHECK(*f.jpeg_quality == 80);
    CHECK(photo::read_file_facts(libjpeg_encode(small_image(), 80, true, false), "a.jpg").chroma_subsampled);
}

TEST_CASE("file facts: PNG has no JPEG fields") {
    const cv::Mat bgr = small_image();
    const Bytes png = imencode(bgr, ".png");
    const photo::FileFacts f = photo::read_file_facts(png, "photo.PNG");
    CHECK(f.format == "png");
    CHECK(f.extension == "png");
    CHECK(f.bytes == png.size());
    CHECK(f.width == bgr.cols);
    CHECK(f.height == bgr.rows);
    CHECK_FALSE(f.jpeg_baseline);
    CHECK_FALSE(f.jpeg_progressive);
    CHECK(f.jfif_units == -1);
    CHECK_FALSE(f.dpi);
    CHECK_FALSE(f.jpeg_quality);
    CHECK_FALSE(f.chroma_subsampled);
    // A PNG named .jpg is still a PNG.
    CHECK(photo::read_file_facts(png, "photo.jpg").format == "png");
}

TEST_CASE("file facts: EXIF-only resolution") {
    const Bytes jpeg = imencode(small_image(), ".jpg", {cv::IMWRITE_JPEG_QUALITY, 75});
    for (bool little : {true, false}) {
        INFO("little endian " << little);
        const Bytes inch = replace_jfif_with(jpeg, exif_app1(little, 300, 1, 2));
        photo::FileFacts f = photo::read_file_facts(inch, "e.jpg");
        CHECK(f.jfif_units == -1);
        REQUIRE(f.dpi);
        CHECK(*f.dpi == doctest::Approx(300));
        CHECK(f.jpeg_baseline);
        CHECK(f.width == 96);
        REQUIRE(f.jpeg_quality);
        CHECK(*f.jpeg_quality == referee_quality(inch));

        // Unit absent: TIFF's default is inch.
        f = photo::read_file_facts(replace_jfif_with(jpeg, exif_app1(little, 720, 10, 0)), "e.jpg");
        REQUIRE(f.dpi);
        CHECK(*f.dpi == doctest::Approx(72));

        // Centimetres.
        f = photo::read_file_facts(replace_jfif_with(jpeg, exif_app1(little, 11811, 100, 3)), "e.jpg");
        REQUIRE(f.dpi);
        CHECK(*f.dpi == doctest::Approx(300).epsilon(0.001));

        // Unit "none", or a zero denominator: unknown.
        CHECK_FALSE(photo::read_file_facts(replace_jfif_with(jpeg, exif_app1(little, 300, 1, 1)), "e.jpg").dpi);
        CHECK_FALSE(photo::read_file_facts(replace_jfif_with(jpeg, exif_app1(little, 300, 0, 2)), "e.jpg").dpi);
    }
    // JFIF with units 0 (aspect ratio only) falls back to EXIF.
    Bytes both(jpeg.begin(), jpeg.begin() + 2 + 2 + ((jpeg[4] << 8) | jpeg[5]));
    const Bytes app1 = exif_app1(true, 240, 1, 2);
    both.insert(both.end(), app1.begin(), app1.end());
    both.insert(both.end(), jpeg.begin() + std::ptrdiff_t(both.size() - app1.size()), jpeg.end());
    const photo::FileFacts f = photo::read_file_facts(both, "b.jpg");
    CHECK(f.jfif_units == 0);
    REQUIRE(f.dpi);
    CHECK(*f.dpi == doctest::Approx(240));
}

TEST_CASE("file facts: 16-bit quantisation tables") {
    const cv::Mat bgr = small_image();
    for (int q : {5, 10, 20, 75}) {
        INFO("q" << q);
        const Bytes jpeg = libjpeg_encode(bgr, q, false, false);
        const photo::FileFacts f = photo::read_file_facts(jpeg, "x.jpg");
        REQUIRE(f.jpeg_quality);
        CHECK(*f.jpeg_quality == q);
        CHECK(f.jpeg_baseline);  // SOF1 (extended sequential) counts as baseline here
        CHECK_FALSE(f.jpeg_progressive);
    }
    // A 16-bit table holding small values is estimated the same as the 8-bit one.
    int table[64];
    const Bytes jpeg90 = imencode(bgr, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 90});
    for (std::size_t i = 2; i + 4 < jpeg90.size(); i += 2 + ((jpeg90[i + 2] << 8) | jpeg90[i + 3])) {
        if (jpeg90[i + 1] == 0xDB) {
            for (int k = 0; k < 64; ++k) table[k] = jpeg90[i + 5 + k];
            break;
        }
    }
    CHECK(photo::estimate_ijg_quality(table, true) == 90);
    CHECK(photo::estimate_ijg_quality(table, false) == 90);
    // Byte-built: SOI, DQT (Pq 1, Tq 0) with table values at quality 3 (up to 32767), EOI.
    Bytes b = {0xFF, 0xD8, 0xFF, 0xDB};
    put16(b, 2 + 1 + 128);
    b.push_back(0x10);
    const int std_lum_zz[64] = {16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24,
                                22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61, 60, 57, 51, 56, 55, 64, 72,
                                92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87, 95, 98, 103, 104, 103, 62,
                                77, 113, 121, 112, 100, 120, 92, 101, 103, 99};
    for (int k = 0; k < 64; ++k) put16(b, unsigned(std::min(32767, (std_lum_zz[k] * (5000 / 3) + 50) / 100)));
    b.push_back(0xFF);
    b.push_back(0xD9);
    const photo::FileFacts f = photo::read_file_facts(b, "b.jpg");
    REQUIRE(f.jpeg_quality);
    CHECK(*f.jpeg_quality == 3);
    CHECK_FALSE(f.jpeg_baseline);  // no frame header at all
    CHECK(f.width == 0);
}

TEST_CASE("file facts: the luminance table is table 0 even when a chroma table comes first") {
    const Bytes jpeg = imencode(small_image(), ".jpg", {cv::IMWRITE_JPEG_QUALITY, 70});
    // libjpeg writes DQT 0 then DQT 1 as separate segments; swap them.
    std::vector<std::pair<std::size_t, std::size_t>> dqt;  // offset, total length
    for (std::size_t i = 2; i + 4 < jpeg.size() && jpeg[i + 1] != 0xDA;
         i += 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]))
        if (jpeg[i + 1] == 0xDB) dqt.push_back({i, 2 + std::size_t((jpeg[i + 2] << 8) | jpeg[i + 3])});
    REQUIRE(dqt.size() == 2);
    REQUIRE(dqt[0].first + dqt[0].second == dqt[1].first);
    Bytes swapped(jpeg.begin(), jpeg.begin() + std::ptrdiff_t(dqt[0].first));
    swapped.insert(swapped.end(), jpeg.begin() + std::ptrdiff_t(dqt[1].first),
                   jpeg.begin() + std::ptrdiff_t(dqt[1].first + dqt[1].second));
    swapped.insert(swapped.end(), jpeg.begin() + std::ptrdiff_t(dqt[0].first),
                   jpeg.begin() + std::ptrdiff_t(dqt[0].first + dqt[0].second));
    swapped.insert(swapped.end(), jpeg.begin() + std::ptrdiff_t(dqt[1].first + dqt[1].second), jpeg.end());
    REQUIRE(swapped.size() == jpeg.size());
    const photo::FileFacts f = photo::read_file_facts(swapped, "s.jpg");
    REQUIRE(f.jpeg_quality);
    CHECK(*f.jpeg_quality == 70);
}

TEST_CASE("file facts: file name extensions") {
    const Bytes none;
    CHECK(photo::read_file_facts(none, "-").extension == "");
    CHECK(photo::read_file_facts(none, "a.JpG").extension == "jpg");
    CHECK(photo::read_file_facts(none, "dir.d/photo").extension == "");
    CHECK(photo::read_file_facts(none, "dir\\x.Jpeg").extension == "jpeg");
    CHECK(photo::read_file_facts(none, ".hidden").extension == "");
    CHECK(photo::read_file_facts(none, "trailing.").extension == "");
    CHECK(photo::read_file_facts(none, "a.tar.gz").extension == "gz");
    CHECK(photo::read_file_facts(none, "").extension == "");
}

TEST_CASE("file facts: damaged and arbitrary bytes give defaults without crashing") {
    const photo::FileFacts empty = photo::read_file_facts({}, "e.jpg");
    CHECK(empty.format == "");
    CHECK(empty.bytes == 0);
    CHECK(defaults_beyond_format(empty));

    for (const Bytes& b : {Bytes{0xFF}, Bytes{0xFF, 0xD8}, Bytes{0xFF, 0xD8, 0xFF}, Bytes{0xFF, 0xD8, 0xFF, 0xFF},
                           Bytes{0xFF, 0xD8, 0xFF, 0xDB}, Bytes{0xFF, 0xD8, 0xFF, 0xDB, 0x00},
                           Bytes{0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x01},  // length < 2
                           Bytes{0xFF, 0xD8, 0xFF, 0xDB, 0xFF, 0xFF, 0x00, 1, 2, 3},  // runs past the end
                           Bytes{0xFF, 0xD8, 0xFF, 0xC0, 0xFF, 0xFF, 8, 0, 10},
                           Bytes{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0},
                           Bytes{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x40, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0}}) {
        const photo::FileFacts f = photo::read_file_facts(b, "x.jpg");
        CHECK(defaults_beyond_format(f));
    }
    // A DQT segment longer than the file: its table is cut short, so no quality.
    Bytes cut = {0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00};
    for (int k = 0; k < 30; ++k) cut.push_back(10);
    CHECK_FALSE(photo::read_file_facts(cut, "x.jpg").jpeg_quality);
    // Garbage DQT precision: ignored.
    Bytes bad = {0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x70};
    for (int k = 0; k < 64; ++k) bad.push_back(10);
    CHECK_FALSE(photo::read_file_facts(bad, "x.jpg").jpeg_quality);

    // Every prefix of a real JPEG, with and without EXIF.
    const Bytes jpeg = photo::encode_jpeg(small_image(48, 64), 80, 300);
    const Bytes exif = replace_jfif_with(jpeg, exif_app1(false, 300, 1, 2));
    for (const Bytes* whole : {&jpeg, &exif}) {
        for (std::size_t n = 0; n <= whole->size(); ++n) {
            const Bytes prefix(whole->begin(), whole->begin() + std::ptrdiff_t(n));
            const photo::FileFacts f = photo::read_file_facts(prefix, "x.jpg");
            CHECK(f.bytes == n);
            if (f.jpeg_quality) CHECK(*f.jpeg_quality == 80);
            if (f.dpi) CHECK(*f.dpi == doctest::Approx(300));
        }
    }

    // Random bytes behind a JPEG signature, and random corruptions of a real file.
    std::mt19937 rng(1234);
    for (int round = 0; round < 3000; ++round) {
        Bytes b;
        if (round % 2 == 0) {
            b = {0xFF, 0xD8, 0xFF};
            const int n = int(rng() % 300);
            for (int i = 0; i < n; ++i) b.push_back(std::uint8_t(rng() % 4 == 0 ? 0xFF : rng()));
        } else {
            b = exif;
            for (int i = 0; i < 8; ++i) b[3 + rng() % (b.size() - 3)] = std::uint8_t(rng());
            b.resize(3 + rng() % (b.size() - 3));
        }
        const photo::FileFacts f = photo::read_file_facts(b, "r.jpg");
        CHECK(f.format == "jpeg");
        if (f.jpeg_quality) CHECK((*f.jpeg_quality >= 1 && *f.jpeg_quality <= 100));
    }
    // Random bytes with no signature at all.
    for (int round = 0; round < 200; ++round) {
        Bytes b(rng() % 64);
        for (auto& x : b) x = std::uint8_t(rng());
        const photo::FileFacts f = photo::read_file_facts(b, "r.bin");
        if (f.format != "jpeg") CHECK_FALSE(f.jpeg_quality);
    }
}
