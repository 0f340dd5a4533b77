// The resume key's hash: stable across machines and runs (a changed value would re-make every
// photo of an interrupted batch), and it must see any change to a file.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "libphoto/inputs.hpp"

TEST_CASE("content_hash is fixed for given bytes and sees every single-bit change") {
    std::vector<unsigned char> bytes(1000);
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>((i * 131 + 7) & 0xFF);
    const std::uint64_t h = photo::content_hash(bytes.data(), bytes.size());
    CHECK(h == photo::content_hash(bytes.data(), bytes.size()));
    CHECK(h == 13923621069440237ull);  // recorded: a change of algorithm would re-make interrupted batches
    // Every bit of the words (high bits too, which a multiply alone never moves down) and of
    // the tail after the last whole 32-byte block.
    for (std::size_t at : {std::size_t(0), std::size_t(7), std::size_t(31), std::size_t(500), std::size_t(990), std::size_t(999)})
        for (int bit = 0; bit < 8; ++bit) {
            std::vector<unsigned char> changed = bytes;
            changed[at] ^= static_cast<unsigned char>(1 << bit);
            CAPTURE(at);
            CAPTURE(bit);
            CHECK(photo::content_hash(changed.data(), changed.size()) != h);
        }
    // Length matters: a file cut short by zero bytes it ended with is another file.
    std::vector<unsigned char> zeros(64, 0);
    CHECK(photo::content_hash(zeros.data(), 64) != photo::content_hash(zeros.data(), 63));
    CHECK(photo::content_hash(zeros.data(), 0) != photo::content_hash(zeros.data(), 32));
}
