// Decompression bombs of the security review (issue #15): small files whose decoder would
// build far more than their header declares. Each must be refused before the decoder
// allocates or loops over that much, with image.too_large (or image.decode) naming the real
// size. Their time and memory until refusal are measured in bench/, not here.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "libphoto/error.hpp"
#include "libphoto/file_facts.hpp"
#include "libphoto/image_io.hpp"
#include "tests/support/hostile_inputs.hpp"

using photo::Bytes;

namespace {

struct Refusal {
    std::string code, message;
};

// How decode_image refuses the bytes; code "none" when it decodes them.
Refusal refusal_of(const Bytes& bytes, const photo::LoadOptions& options = {}) {
    try {
        photo::decode_image(bytes, options);
    } catch (const photo::Error& e) {
        return {e.code(), e.what()};
    }
    return {"none", ""};
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("TIFF: size tags given twice are read as libtiff reads them, the first pair") {
    // 174 bytes: 14000x14000 first, 16x16 second, PackBits runs for a few rows. The header walk
    // kept the last pair and libtiff decoded the first: 196 MP, 1.5 GB and 9 s before.
    const Bytes tiff = hostile::tiff_with_duplicate_size(14000);
    const Refusal r = refusal_of(tiff);
    CHECK(r.code == "image.too_large");
    CHECK(has(r.message, "14000x14000"));
    CHECK(photo::read_file_facts(tiff, "x.tif").width == 14000);  // file.dimensions sees it too
    // Under the limit the same file decodes at libtiff's size (its missing rows blank): the
    // limit is checked against libtiff's own reading, not only the header walk.
    const Bytes small = hostile::tiff_with_duplicate_size(300);
    photo::LoadOptions tight;
    tight.max_pixels = 300 * 300 - 1;
    CHECK(refusal_of(small, tight).code == "image.too_large");
    CHECK(photo::decode_image(small).bgr.size() == cv::Size(300, 300));
}
