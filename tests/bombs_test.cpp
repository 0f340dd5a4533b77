// Decompression bombs of the security review (issue #15): small files whose decoder would
// build far more than their header declares. Each must be refused before the decoder
// allocates or loops over that much, with image.too_large (or image.decode) naming the real
// size. Their time and memory until refusal are measured in bench/, not here.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "libphoto/core/error.hpp"
#include "libphoto/io/file_facts.hpp"
#include "libphoto/io/image_io.hpp"
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

TEST_CASE("TIFF: a strip of thousands of samples per pixel is refused before it is decoded") {
    // A fuzz input of 174 bytes (kept in tests/fuzz/regressions/image): 16x14000 pixels, well
    // under the limit, of 26881 samples each in one PackBits strip, which libtiff's RGBA
    // reader decoded whole: 6 GB. Each stored strip is held to 16 bytes a pixel.
    const Refusal r = refusal_of(hostile::tiff_with_samples(16, 14000, 26881));
    CHECK(r.code == "image.decode");
    CHECK(has(r.message, "16x14000"));
    // The same layout with one sample a pixel decodes (blank past its few runs).
    CHECK(photo::decode_image(hostile::tiff_with_samples(16, 14000, 1)).bgr.size() == cv::Size(16, 14000));
}

TEST_CASE("TIFF: a tile far larger than its image is refused before it is decoded") {
    // 16x16 pixels in one 65536x65536 tile: libtiff's RGBA reader would hold a 4 GB tile.
    const Refusal r = refusal_of(hostile::tiff_with_tiles(16, 65536));
    CHECK(r.code == "image.decode");
    CHECK(has(r.message, "tiles are far larger"));
    // A tile a little larger than a small image is how such files are stored: it decodes.
    CHECK(photo::decode_image(hostile::tiff_with_tiles(100, 256)).bgr.size() == cv::Size(100, 100));
}

TEST_CASE("HEIC: a grid's canvas is the size its data names, not its ispe") {
    // 1056 bytes (photo.heic with its grid's output size set to 30000x30000 and no alpha
    // plane): the primary's ispe says 31x40, libheif allocated the 900 MP canvas and more
    // (5.4 GB and 34 s before it gave up).
    const std::string dir = std::string(IDPHOTO_FUZZ_INPUTS) + "/regressions/image/";
    const Refusal r = refusal_of(photo::read_file(dir + "bomb-heic-grid-ispe-31x40-canvas-30000x30000.heic"));
    CHECK(r.code == "image.too_large");
    CHECK(has(r.message, "30000x30000"));
    // An ordinary grid (one 64x64 tile on a 31x40 canvas) still decodes, and is refused by
    // its canvas under a limit just below it.
    const Bytes grid = photo::read_file(std::string(IDPHOTO_FUZZ_INPUTS) + "/corpus/image/photo.heic");
    CHECK(photo::decode_image(grid).bgr.size() == cv::Size(31, 40));
    photo::LoadOptions tight;
    tight.max_pixels = 31 * 40 - 1;
    CHECK(refusal_of(grid, tight).code == "image.too_large");
}

TEST_CASE("HEIC: a grid of more tiles than the limit is refused before any is decoded") {
    // 4.3 KB: one 64x64 tile named 1600 times on a 2560x2560 canvas (24336 times took 1.9 s
    // and 380 MB until libheif's own count of decodes stopped it).
    const std::string dir = std::string(IDPHOTO_FUZZ_INPUTS) + "/regressions/image/";
    const Refusal r = refusal_of(photo::read_file(dir + "bomb-heic-grid-1600-repeated-tiles.heic"));
    CHECK(r.code == "image.too_large");
    CHECK(has(r.message, "1600 tiles"));
}
