#include "tests/support/hostile_inputs.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace hostile {
namespace {

void put16(photo::Bytes& b, unsigned v) {
    b.push_back(std::uint8_t(v));
    b.push_back(std::uint8_t(v >> 8));
}
void put32(photo::Bytes& b, std::uint32_t v) {
    put16(b, v & 0xFFFF);
    put16(b, v >> 16);
}

void put16be(photo::Bytes& b, unsigned v) {
    b.push_back(std::uint8_t(v >> 8));
    b.push_back(std::uint8_t(v));
}

void marker(photo::Bytes& b, std::uint8_t code, unsigned length) {  // length counts itself
    b.push_back(0xFF);
    b.push_back(code);
    put16be(b, length);
}

// Entropy-coded bits, most significant first, with the 0x00 stuffed after every 0xFF byte
// and the last byte padded with ones, as T.81 F.1.2.3 and B.1.1.5 require.
class BitWriter {
public:
    explicit BitWriter(photo::Bytes& out) : out_(out) {}
    void put(std::uint32_t bits, int count) {
        for (int i = count - 1; i >= 0; --i) {
            acc_ = std::uint8_t((acc_ << 1) | ((bits >> i) & 1));
            if (++n_ == 8) flush_byte();
        }
    }
    void zeros(std::uint64_t count) {  // fast path for the DC scan's bits
        while (count > 0 && n_ != 0) put(0, 1), --count;
        out_.insert(out_.end(), count / 8, 0);
        put(0, int(count % 8));
    }
    void finish() {
        while (n_ != 0) put(1, 1);
    }

private:
    void flush_byte() {
        out_.push_back(acc_);
        if (acc_ == 0xFF) out_.push_back(0x00);
        acc_ = 0;
        n_ = 0;
    }
    photo::Bytes& out_;
    std::uint8_t acc_ = 0;
    int n_ = 0;
};

struct Entry {
    unsigned tag, type;
    std::uint32_t value;
};
constexpr unsigned kShort = 3, kLong = 4;

// A little-endian TIFF of one IFD of twelve entries, each of count 1, and a strip right after
// it of PackBits runs: 8 runs of 128 blanks, then nothing (libtiff blanks the rest).
photo::Bytes tiff_of(const std::vector<Entry>& entries) {
    photo::Bytes b = {'I', 'I', 42, 0};
    put32(b, 8);
    put16(b, unsigned(entries.size()));
    for (const Entry& e : entries) {
        put16(b, e.tag);
        put16(b, e.type);
        put32(b, 1);
        if (e.type == kShort) {
            put16(b, e.value);
            put16(b, 0);
        } else {
            put32(b, e.value);
        }
    }
    put32(b, 0);  // no next IFD
    for (int i = 0; i < 8; ++i) b.insert(b.end(), {0x81, 0x00});
    return b;
}

constexpr std::uint32_t kStripAt = 8 + 2 + 12 * 12 + 4;  // right after a 12-entry IFD

}  // namespace

photo::Bytes progressive_jpeg(std::uint32_t width, std::uint32_t height, int scans, int components) {
    if (width == 0 || height == 0 || width > 65535 || height > 65535 || scans < 1 || (components != 1 && components != 3))
        throw std::invalid_argument("progressive_jpeg: size 1..65535, scans >= 1, 1 or 3 components");
    photo::Bytes b = {0xFF, 0xD8};
    marker(b, 0xDB, 2 + 1 + 64);  // one quantisation table of ones
    b.push_back(0x00);
    b.insert(b.end(), 64, 1);
    marker(b, 0xC2, unsigned(8 + 3 * components));  // SOF2: progressive, Huffman
    b.push_back(8);
    put16be(b, height);
    put16be(b, width);
    b.push_back(std::uint8_t(components));
    for (int c = 1; c <= components; ++c) b.insert(b.end(), {std::uint8_t(c), 0x11, 0x00});
    // DC table 0: one code, "0", for difference category 0 (every DC coefficient 0).
    marker(b, 0xC4, 2 + 1 + 16 + 1);
    b.push_back(0x00);
    for (int len = 1; len <= 16; ++len) b.push_back(len == 1 ? 1 : 0);
    b.push_back(0x00);
    // AC table 0: the end-of-band runs EOB0..EOB14 (symbols 0x00..0xE0), 4-bit codes 0..14.
    marker(b, 0xC4, 2 + 1 + 16 + 15);
    b.push_back(0x10);
    for (int len = 1; len <= 16; ++len) b.push_back(len == 4 ? 15 : 0);
    for (int r = 0; r <= 14; ++r) b.push_back(std::uint8_t(r << 4));

    const std::uint64_t blocks = std::uint64_t((width + 7) / 8) * ((height + 7) / 8);
    // DC first scan, all components interleaved: one "0" code per block.
    marker(b, 0xDA, unsigned(6 + 2 * components));
    b.push_back(std::uint8_t(components));
    for (int c = 1; c <= components; ++c) b.insert(b.end(), {std::uint8_t(c), 0x00});
    b.insert(b.end(), {0, 0, 0x00});  // Ss 0, Se 0, Ah 0 Al 0
    {
        BitWriter bits(b);
        bits.zeros(blocks * std::uint64_t(components));
        bits.finish();
    }
    for (int scan = 1; scan < scans; ++scan) {
        marker(b, 0xDA, 6 + 2);
        b.insert(b.end(), {1, 1, 0x00});  // the first component, tables 0/0
        b.insert(b.end(), {1, 63, std::uint8_t(scan == 1 ? 0x01 : 0x10)});  // first: Al 1; then Ah 1, Al 0
        BitWriter bits(b);
        for (std::uint64_t left = blocks; left > 0;) {
            const std::uint32_t run = std::uint32_t(std::min<std::uint64_t>(left, 32767));
            int r = 0;
            while ((run >> (r + 1)) != 0) ++r;  // 2^r <= run < 2^(r+1)
            bits.put(std::uint32_t(r), 4);      // EOBr
            bits.put(run - (1u << r), r);
            left -= run;
        }
        bits.finish();
    }
    b.insert(b.end(), {0xFF, 0xD9});
    return b;
}

photo::Bytes tiff_with_duplicate_size(std::uint32_t real) {
    return tiff_of({
        {256, kLong, real}, {257, kLong, real},  // what libtiff takes
        {256, kShort, 16},  {257, kShort, 16},   // what a last-wins reader takes
        {258, kShort, 8},   {259, kShort, 32773},     {262, kShort, 1}, {273, kLong, kStripAt},
        {277, kShort, 1},   {278, kLong, real},   {279, kLong, 16}, {284, kShort, 1},
    });
}

photo::Bytes tiff_with_samples(std::uint32_t width, std::uint32_t height, unsigned samples) {
    return tiff_of({
        {256, kLong, width},     {257, kLong, height}, {258, kShort, 8},  {259, kShort, 32773},
        {262, kShort, 1},        {273, kLong, kStripAt}, {274, kShort, 1}, {277, kShort, samples},
        {278, kLong, height},    {279, kLong, 16},     {284, kShort, 1},  {296, kShort, 2},
    });
}

photo::Bytes tiff_with_tiles(std::uint32_t size, std::uint32_t tile) {
    return tiff_of({
        {256, kLong, size},  {257, kLong, size},  {258, kShort, 8},        {259, kShort, 32773},
        {262, kShort, 1},    {274, kShort, 1},    {277, kShort, 1},        {284, kShort, 1},
        {322, kLong, tile},  {323, kLong, tile},  {324, kLong, kStripAt},  {325, kLong, 16},
    });
}

}  // namespace hostile
