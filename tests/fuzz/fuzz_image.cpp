// libFuzzer target for the image loader (image_io.hpp, file_facts.hpp, decode_heif.hpp): the
// input is the bytes of a submitted photo. read_file_facts must read any bytes; decode_image
// must either refuse them with an image error or give what image_io.hpp promises, and never
// let a small file allocate a large image (libFuzzer's -malloc_limit_mb catches that).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include <opencv2/core.hpp>

#include "invariant.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/file_facts.hpp"
#include "libphoto/io/image_io.hpp"

// libheif 1.15's dav1d plugin (Debian 12) leaks the AV1 data it handed to dav1d when dav1d
// rejects the stream: a few dozen bytes per damaged AVIF, inside the system library, which
// idphoto cannot free (newer libheif releases it in dav1d_free_decoder). Any other leak
// is still a finding.
extern "C" const char* __lsan_default_suppressions() { return "leak:libdav1d.so\n"; }

namespace {

// Far below the tool's default: the refusal is the same code at any limit, and a small one
// keeps each run fast and makes a decoder that allocates past the header's size stand out.
constexpr std::int64_t kMaxPixels = 1'000'000;

void check_facts(const photo::FileFacts& f, std::size_t size) {
    fuzz::require(f.bytes == size, "facts count the bytes");
    fuzz::require(f.width >= 0 && f.height >= 0, "stored dimensions are 0 or positive");
    fuzz::require(!f.dpi || (std::isfinite(*f.dpi) && *f.dpi > 0), "a known density is positive");
    fuzz::require(!f.jpeg_quality || (*f.jpeg_quality >= 1 && *f.jpeg_quality <= 100), "quality is 1-100");
}

void check_image(const photo::LoadedImage& img, const photo::Bytes& bytes) {
    fuzz::require(img.bgr.type() == CV_8UC3 && !img.bgr.empty(), "a decoded image is 8-bit BGR");
    fuzz::require(img.bgr.total() <= std::size_t(kMaxPixels), "no image above max_pixels is decoded");
    fuzz::require(img.full_size.width >= img.bgr.cols && img.full_size.height >= img.bgr.rows,
                  "the full size is at least the decoded size");
    fuzz::require(img.scale > 0 && img.scale <= 1, "the scale is in (0, 1]");
    fuzz::require(img.format == photo::sniff_format(bytes), "the format is the sniffed one");
}

void decode(const photo::Bytes& bytes, int min_long_side) {
    static const std::set<std::string> codes = {"image.decode", "image.too_large", "image.format"};
    photo::LoadOptions options;
    options.max_pixels = kMaxPixels;
    options.min_long_side = min_long_side;
    try {
        check_image(photo::decode_image(bytes, options), bytes);
    } catch (const photo::Error& e) {
        fuzz::require(codes.count(e.code()) == 1, "decode_image throws only its documented errors");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // One fuzzer runs at a time on a shared machine: OpenCV's worker threads would only
    // compete with it.
    [[maybe_unused]] static const bool single_threaded = [] { cv::setNumThreads(0); return true; }();

    const photo::Bytes bytes(data, data + size);
    check_facts(photo::read_file_facts(bytes, "photo.jpg"), size);  // documents no exception
    decode(bytes, 0);
    if (photo::sniff_format(bytes) == "jpeg") decode(bytes, 16);  // the DCT-scaled decode
    return 0;
}
