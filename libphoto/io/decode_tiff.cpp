// TIFF through libtiff's RGBA reader, which handles every photometric layout and bit depth
// that a photo is stored in (RGB, grey, palette, CMYK, YCbCr; 8 or 16 bits; strips or tiles).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>

#include <tiffio.h>

#include "libphoto/io/decoders.hpp"
#include "libphoto/core/error.hpp"

namespace photo {
namespace {

// libtiff reads through these callbacks from memory; it never writes.
struct Source {
    const Bytes* bytes;
    toff_t at = 0;
};

tmsize_t read_cb(thandle_t h, void* buf, tmsize_t size) {
    auto* s = static_cast<Source*>(h);
    const toff_t total = s->bytes->size();
    const toff_t n = s->at >= total ? 0 : std::min<toff_t>(toff_t(size), total - s->at);
    if (n) std::memcpy(buf, s->bytes->data() + s->at, n);
    s->at += n;
    return tmsize_t(n);
}
tmsize_t write_cb(thandle_t, void*, tmsize_t) { return 0; }
toff_t seek_cb(thandle_t h, toff_t off, int whence) {
    auto* s = static_cast<Source*>(h);
    const toff_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? s->at : toff_t(s->bytes->size());
    s->at = base + off;
    return s->at;
}
int close_cb(thandle_t) { return 0; }
toff_t size_cb(thandle_t h) { return static_cast<Source*>(h)->bytes->size(); }
int map_cb(thandle_t, void**, toff_t*) { return 0; }
void unmap_cb(thandle_t, void*, toff_t) {}

// libtiff prints warnings and errors on stderr by default; the reason we report is ours.
void quiet_libtiff() {
    static std::once_flag once;
    std::call_once(once, [] {
        TIFFSetWarningHandler(nullptr);
        TIFFSetErrorHandler(nullptr);
    });
}

[[noreturn]] void fail(const std::string& why) {
    throw Error(Errc::image_decode, "the TIFF data cannot be decoded (" + why + "): send the photo again or as a JPEG");
}

// The pixel count alone does not bound what libtiff holds: the RGBA reader decodes one whole
// strip or tile at a time, and a file may declare thousands of samples per pixel (174-byte
// fuzz inputs: 16x14000 pixels of 26881 samples in one 6 GB strip) or tiles far larger than
// its image. A photo stores at most four samples of 32 bits, so each stored unit must fit in
// 16 bytes a pixel, and a tile may exceed the image only as much as a small image's tile does.
void check_stored_layout(TIFF* tif, uint32_t w, uint32_t h) {
    constexpr std::uint64_t kMaxBytesPerPixel = 16;
    constexpr std::uint64_t kSmallTilePixels = 1024 * 1024;
    const bool tiled = TIFFIsTiled(tif) != 0;
    const std::uint64_t unit_bytes = tiled ? TIFFTileSize64(tif) : TIFFStripSize64(tif);  // 0 on overflow
    std::uint64_t unit_pixels = 0;
    if (tiled) {
        uint32_t tw = 0, th = 0;
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
        unit_pixels = std::uint64_t(tw) * th;
    } else {
        uint32_t rows = 0;
        TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows);
        unit_pixels = std::uint64_t(w) * std::min(rows, h);
    }
    if (unit_bytes == 0 || unit_pixels == 0) fail("no layout for its image data");
    const std::string size = std::to_string(w) + "x" + std::to_string(h);
    if (unit_pixels > std::max<std::uint64_t>(std::uint64_t(w) * h, kSmallTilePixels))
        fail("its " + std::to_string(unit_pixels) + "-pixel tiles are far larger than its " + size + " image");
    if (unit_bytes > kMaxBytesPerPixel * unit_pixels)
        fail("it stores " + std::to_string(unit_bytes / unit_pixels) + " bytes a pixel (a photo needs at most " +
             std::to_string(kMaxBytesPerPixel) + ") for " + size + " pixels");
}

}  // namespace

cv::Mat decode_tiff(const Bytes& bytes, std::int64_t max_pixels) {
    quiet_libtiff();
    Source src{&bytes};
    TIFF* tif = TIFFClientOpen("memory", "rm", &src, read_cb, write_cb, seek_cb, close_cb, size_cb, map_cb, unmap_cb);
    if (!tif) fail("damaged header");
    struct Closer {
        TIFF* t;
        ~Closer() { TIFFClose(t); }
    } closer{tif};
    uint32_t w = 0, h = 0;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h);
    if (w == 0 || h == 0 || w > uint32_t(INT32_MAX / 4) || h > uint32_t(INT32_MAX)) fail("no image size");
    // What libtiff will decode, which need not be what a header walk saw: with the size tags
    // given twice, libtiff takes the first pair (a 174-byte file decoded 14000x14000, 1.5 GB).
    if (std::int64_t(w) * h > max_pixels) throw_too_large(w, h, max_pixels);
    check_stored_layout(tif, w, h);
    char why[1024] = {};
    if (!TIFFRGBAImageOK(tif, why)) fail(why[0] ? why : "unsupported layout");
    // Stored order: decode_image applies the Orientation tag, the same way for every format.
    TIFFSetField(tif, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT);
    cv::Mat packed(int(h), int(w), CV_32SC1);  // one uint32 A<<24 | B<<16 | G<<8 | R per pixel
    if (!TIFFReadRGBAImageOriented(tif, w, h, reinterpret_cast<uint32_t*>(packed.data), ORIENTATION_TOPLEFT, 0))
        fail("damaged or cut short");
    cv::Mat out(packed.size(), CV_8UC4);
    for (int y = 0; y < out.rows; ++y) {
        const auto* p = packed.ptr<uint32_t>(y);
        auto* o = out.ptr<cv::Vec4b>(y);
        for (int x = 0; x < out.cols; ++x)
            o[x] = cv::Vec4b(uchar(TIFFGetB(p[x])), uchar(TIFFGetG(p[x])), uchar(TIFFGetR(p[x])), uchar(TIFFGetA(p[x])));
    }
    return out;
}

}  // namespace photo
