// File facts for the submission checks. Dimensions and the JPEG marker walk come from
// image_header; this adds what only the checks need: SOF type, sampling, JFIF/EXIF density
// and the quality estimate (the same estimation as the referee's: libjpeg's scaling of the
// standard luminance table, inverted by nearest match).
#include "libphoto/io/file_facts.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "libphoto/core/ascii.hpp"
#include "libphoto/io/image_header.hpp"

namespace photo {
namespace {

using u8 = std::uint8_t;

// ITU-T T.81 Annex K.1, natural (row-major) order.
constexpr int kStdLuminance[64] = {
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};

// Zigzag position -> natural position.
constexpr int kZigzag[64] = {0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,
                             12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6,  7,  14, 21, 28,
                             35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
                             58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

std::string lower_extension(const std::string& name) {
    if (name == "-") return "";
    const std::size_t slash = name.find_last_of("/\\");
    const std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
    const std::size_t dot = base.rfind('.');
    if (dot == std::string::npos || dot == 0) return "";  // none, or a hidden file's name
    return ascii_lower(base.substr(dot + 1));
}

bool is_progressive_sof(u8 m) { return m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE; }
bool is_sof(u8 m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }

void read_jpeg(const Bytes& bytes, FileFacts& f) {
    bool have_sequential = false, have_other = false, have_sof = false;
    bool have_jfif = false, have_exif = false;
    bool have_table = false, have_lum = false;  // a DQT table seen; table 0 seen
    double exif_dpi = 0;
    int table[64] = {};
    bool table_16 = false;

    walk_jpeg_segments(bytes.data(), bytes.size(), [&](const JpegSegment& s) {
        const u8 m = s.marker;
        const u8* p = s.data;
        const std::size_t n = s.size;
        if (is_sof(m) && n >= 6) {  // a frame header too short for its size says nothing
            if (m == 0xC0 || m == 0xC1) have_sequential = true;
            else have_other = true;  // progressive, lossless, hierarchical or arithmetic
            f.jpeg_progressive = f.jpeg_progressive || is_progressive_sof(m);
            // The first frame header gives the sampling: P Y(2) X(2) Nf, then Nf x (C, HV, Tq).
            if (!have_sof) {
                have_sof = true;
                const std::size_t comps = std::min<std::size_t>(p[5], (n - 6) / 3);
                int hmax = 0, vmax = 0;
                for (std::size_t c = 0; c < comps; ++c) {
                    hmax = std::max(hmax, p[6 + 3 * c + 1] >> 4);
                    vmax = std::max(vmax, p[6 + 3 * c + 1] & 15);
                }
                for (std::size_t c = 1; c < comps && comps >= 3; ++c) {
                    const int h = p[6 + 3 * c + 1] >> 4, v = p[6 + 3 * c + 1] & 15;
                    if (h < hmax || v < vmax) f.chroma_subsampled = true;
                }
            }
        } else if (m == 0xE0 && !have_jfif && n >= 12 && std::memcmp(p, "JFIF\0", 5) == 0) {
            // "JFIF\0" version(2) units Xdensity(2) Ydensity(2) ...
            have_jfif = true;
            f.jfif_units = p[7];
            f.density_x = (p[8] << 8) | p[9];
            f.density_y = (p[10] << 8) | p[11];
        } else if (m == 0xE1 && !have_exif && n >= 14 && std::memcmp(p, "Exif\0\0", 6) == 0) {
            have_exif = true;
            exif_dpi = tiff_dpi(p, n);
        } else if (m == 0xDB && !have_lum) {
            // One or more tables: PqTq, then 64 values of 1 (Pq 0) or 2 (Pq 1) bytes.
            std::size_t at = 0;
            while (at < n && !have_lum) {
                const int pq = p[at] >> 4, tq = p[at] & 15;
                const std::size_t need = 1 + 64 * (pq ? 2 : 1);
                if (pq > 1 || n - at < need) break;  // damaged or cut short
                if (!have_table || tq == 0) {
                    for (int k = 0; k < 64; ++k)
                        table[k] = pq ? (p[at + 1 + 2 * k] << 8) | p[at + 2 + 2 * k] : p[at + 1 + k];
                    table_16 = pq == 1;
                    have_table = true;
                    have_lum = tq == 0;
                }
                at += need;
            }
        }
        return true;
    });

    f.jpeg_baseline = have_sequential && !have_other;
    if (f.jfif_units == 1 && f.density_x > 0) f.dpi = double(f.density_x);
    else if (f.jfif_units == 2 && f.density_x > 0) f.dpi = f.density_x * 2.54;
    else if (exif_dpi > 0) f.dpi = exif_dpi;
    if (have_table) f.jpeg_quality = estimate_ijg_quality(table, table_16);
}

}  // namespace

int estimate_ijg_quality(const int (&table)[64], bool sixteen_bit) {
    const int limit = sixteen_bit ? 32767 : 255;
    long best_err = -1;
    int best_q = 1;
    for (int q = 1; q <= 100; ++q) {
        const int scale = q < 50 ? 5000 / q : 200 - 2 * q;  // jpeg_quality_scaling
        long err = 0;
        for (int k = 0; k < 64; ++k) {
            const long v = std::clamp<long>((long(kStdLuminance[kZigzag[k]]) * scale + 50) / 100, 1, limit);
            err += std::labs(v - table[k]);
        }
        if (best_err < 0 || err < best_err) {
            best_err = err;
            best_q = q;
        }
    }
    return best_q;
}

FileFacts read_file_facts(const Bytes& bytes, const std::string& file_name) {
    FileFacts f;
    f.format = sniff_format(bytes);
    f.extension = lower_extension(file_name);
    f.bytes = bytes.size();
    const ImageHeader header = read_image_header(bytes, f.format);
    if (header.ok && header.width > 0 && header.height > 0 && header.width <= 0x7FFFFFFF &&
        header.height <= 0x7FFFFFFF) {
        f.width = int(header.width);
        f.height = int(header.height);
    }
    if (f.format == "jpeg") read_jpeg(bytes, f);
    return f;
}

}  // namespace photo
