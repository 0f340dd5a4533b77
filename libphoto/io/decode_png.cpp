// PNG through libpng: every bit depth and colour type expanded to 8-bit BGR(A).
#include <cstring>
#include <string>
#include <vector>

#include "libphoto/io/decoders.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/png_errors.hpp"

namespace photo {
namespace {

// Ancillary chunks (text, ICC profiles) are not needed; a crafted one that inflates to
// gigabytes must not be allowed to try.
constexpr png_alloc_size_t kMaxChunkBytes = 8u << 20;

// The state the libpng part works on, in the caller's frame so that longjmp never skips a
// destructor.
struct State {
    png_errors::Message error;  // libpng's error pointer
    const Bytes* bytes = nullptr;
    std::size_t at = 0;
    cv::Mat pixels;
    std::vector<png_bytep> rows;
};

void read_bytes(png_structp png, png_bytep data, png_size_t length) {
    auto* s = static_cast<State*>(png_get_io_ptr(png));
    if (length > s->bytes->size() - s->at) png_error(png, "the file ends in the middle of the image");
    std::memcpy(data, s->bytes->data() + s->at, length);
    s->at += length;
}

// Kept free of C++ objects with destructors so that longjmp is safe (png_errors.hpp).
bool read_png(State* s) {
    png_structp png =
        png_create_read_struct(PNG_LIBPNG_VER_STRING, &s->error, png_errors::on_error, png_errors::on_warning);
    if (!png) return false;
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
        return false;
    }
    png_set_chunk_malloc_max(png, kMaxChunkBytes);
    png_set_read_fn(png, s, read_bytes);
    png_read_info(png, info);
    png_set_expand(png);             // palette -> RGB, grey < 8 bits -> 8, tRNS -> alpha
    png_set_scale_16(png);           // 16 bits -> 8, rounded
    png_set_gray_to_rgb(png);
    png_set_bgr(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    const int channels = png_get_channels(png, info);
    const int w = int(png_get_image_width(png, info)), h = int(png_get_image_height(png, info));
    if (channels != 3 && channels != 4) png_error(png, "unexpected channel count");
    s->pixels.create(h, w, CV_8UC(channels));
    s->rows.resize(std::size_t(h));
    for (int y = 0; y < h; ++y) s->rows[std::size_t(y)] = s->pixels.ptr<png_byte>(y);
    png_read_image(png, s->rows.data());
    // The chunks after the image (text, time) are not read: a damaged tail loses nothing.
    png_destroy_read_struct(&png, &info, nullptr);
    return true;
}

}  // namespace

cv::Mat decode_png(const Bytes& bytes) {
    State s;
    s.bytes = &bytes;
    if (!read_png(&s))
        throw Error(Errc::image_decode, std::string("the PNG data cannot be decoded (") +
                                        (s.error.text[0] ? s.error.text : "out of memory") +
                                        "): send the photo again or as a JPEG");
    return s.pixels;
}

}  // namespace photo
