#include "tests/support/hostile_inputs.hpp"

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
