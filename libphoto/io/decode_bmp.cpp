// BMP read here: the format is a header and rows of pixels, simpler to read with bounds
// checks than to pull a library in for.
#include <cstdint>
#include <string>
#include <vector>

#include "libphoto/core/byte_order.hpp"
#include "libphoto/io/decoders.hpp"
#include "libphoto/core/error.hpp"

namespace photo {
namespace {

[[noreturn]] void fail(const std::string& why) {
    throw Error(Errc::image_decode, "the BMP cannot be read (" + why + "): send the photo as a JPEG or PNG");
}

std::uint32_t le32(const Bytes& b, std::size_t at) { return bytes::le32(b.data() + at); }
std::uint16_t le16(const Bytes& b, std::size_t at) { return std::uint16_t(bytes::le16(b.data() + at)); }

// A colour channel described by a bit mask (16- and 32-bit BMPs), scaled to 8 bits.
struct Channel {
    std::uint32_t mask = 0;
    int shift = 0, bits = 0;
    explicit Channel(std::uint32_t m) : mask(m) {
        if (!m) return;
        while (!((m >> shift) & 1u)) ++shift;
        while (bits + shift < 32 && ((m >> (shift + bits)) & 1u)) ++bits;
    }
    std::uint8_t of(std::uint32_t v) const {
        if (!bits) return 0;
        const std::uint32_t x = (v & mask) >> shift, max = bits >= 32 ? 0xFFFFFFFFu : (1u << bits) - 1;
        return std::uint8_t((std::uint64_t(x) * 255 + max / 2) / max);
    }
};

}  // namespace

cv::Mat decode_bmp(const Bytes& b) {
    if (b.size() < 26) fail("cut short");
    const std::uint32_t data_at = le32(b, 10), dib = le32(b, 14);
    std::int64_t w = 0, h = 0;
    int bpp = 0;
    std::uint32_t compression = 0, colours = 0;
    if (dib == 12) {  // OS/2 BITMAPCOREHEADER
        w = le16(b, 18), h = le16(b, 20), bpp = le16(b, 24);
    } else {
        if (dib < 40 || b.size() < 14 + std::size_t(40)) fail("cut short");
        w = std::int32_t(le32(b, 18)), h = std::int32_t(le32(b, 22)), bpp = le16(b, 28);
        compression = le32(b, 30), colours = le32(b, 46);
    }
    const bool top_down = h < 0;
    if (top_down) h = -h;
    if (w <= 0 || h <= 0) fail("no image size");
    // Channel masks: the defaults of uncompressed 16/32-bit files, or BI_BITFIELDS' own.
    std::uint32_t rmask = 0, gmask = 0, bmask = 0;
    if (bpp == 16) rmask = 0x7C00, gmask = 0x03E0, bmask = 0x001F;
    if (bpp == 32) rmask = 0xFF0000, gmask = 0x00FF00, bmask = 0x0000FF;
    if (compression == 3 || compression == 6) {  // BI_BITFIELDS, BI_ALPHABITFIELDS
        // The masks follow a 40-byte header, or are part of a larger one.
        if (b.size() < 14 + 40 + 12) fail("cut short");
        rmask = le32(b, 54), gmask = le32(b, 58), bmask = le32(b, 62);
        if (bpp != 16 && bpp != 32) fail("bit fields on a " + std::to_string(bpp) + "-bit image");
    } else if (compression == 1 || compression == 2) {
        fail("RLE-compressed BMP is not supported");
    } else if (compression != 0) {
        fail("compression type " + std::to_string(compression) + " is not supported");
    }
    if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32)
        fail(std::to_string(bpp) + " bits per pixel");

    // The palette follows the DIB header: 3 bytes per entry for OS/2, 4 otherwise.
    std::vector<cv::Vec3b> palette;
    if (bpp <= 8) {
        const std::size_t entry = dib == 12 ? 3 : 4, at = 14 + std::size_t(dib);
        const std::size_t n = colours && colours <= (1u << bpp) ? colours : (1u << bpp);
        for (std::size_t i = 0; i < n && at + i * entry + 3 <= b.size(); ++i)
            palette.emplace_back(b[at + i * entry], b[at + i * entry + 1], b[at + i * entry + 2]);
        if (palette.empty()) fail("no palette");
    }
    const std::uint64_t stride = (std::uint64_t(w) * std::uint64_t(bpp) + 31) / 32 * 4;
    if (data_at > b.size() || stride * std::uint64_t(h) > b.size() - data_at) fail("the file is cut short");

    const Channel R(rmask), G(gmask), B(bmask);
    cv::Mat out(int(h), int(w), CV_8UC3);
    for (int y = 0; y < out.rows; ++y) {
        const std::uint8_t* row = b.data() + data_at + stride * std::uint64_t(top_down ? y : out.rows - 1 - y);
        auto* o = out.ptr<cv::Vec3b>(y);
        for (int x = 0; x < out.cols; ++x) {
            switch (bpp) {
                case 24: o[x] = cv::Vec3b(row[3 * x], row[3 * x + 1], row[3 * x + 2]); break;
                case 32: {
                    const std::uint32_t v = row[4 * x] | (row[4 * x + 1] << 8) | (row[4 * x + 2] << 16) |
                                            (std::uint32_t(row[4 * x + 3]) << 24);
                    o[x] = cv::Vec3b(B.of(v), G.of(v), R.of(v));
                    break;
                }
                case 16: {
                    const std::uint32_t v = row[2 * x] | (row[2 * x + 1] << 8);
                    o[x] = cv::Vec3b(B.of(v), G.of(v), R.of(v));
                    break;
                }
                default: {  // 1, 4, 8 bits: palette indices, most significant bits first
                    const int per_byte = 8 / bpp;
                    const int shift = (per_byte - 1 - x % per_byte) * bpp;
                    const std::size_t i = (row[x / per_byte] >> shift) & ((1u << bpp) - 1);
                    o[x] = i < palette.size() ? palette[i] : cv::Vec3b(0, 0, 0);
                }
            }
        }
    }
    return out;
}

}  // namespace photo
