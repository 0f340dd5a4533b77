// TIFF through libtiff's RGBA reader, which handles every photometric layout and bit depth
// that a photo is stored in (RGB, grey, palette, CMYK, YCbCr; 8 or 16 bits; strips or tiles).
#include <algorithm>
#include <cstring>
#include <mutex>
#include <string>

#include <tiffio.h>

#include "libphoto/decoders.hpp"
#include "libphoto/error.hpp"

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
    throw Error("image.decode", "the TIFF data cannot be decoded (" + why + "): send the photo again or as a JPEG");
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
