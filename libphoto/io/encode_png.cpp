#include "libphoto/io/encode_png.hpp"

#include <string>
#include <vector>

#include "libphoto/core/error.hpp"
#include "libphoto/io/png_errors.hpp"

namespace photo {
namespace {

// Fast zlib level: these files are written once and read once, and level 9 costs several
// times the time for a few per cent.
constexpr int kZlibLevel = 3;

struct State {
    png_errors::Message error;  // libpng's error pointer
    const cv::Mat* image = nullptr;
    Bytes out;
    std::vector<png_bytep> rows;
};
void write_bytes(png_structp png, png_bytep data, png_size_t length) {
    auto* s = static_cast<State*>(png_get_io_ptr(png));
    s->out.insert(s->out.end(), data, data + length);
}
void flush(png_structp) {}

// Kept free of C++ objects with destructors so that longjmp is safe (png_errors.hpp).
bool write_png(State* s) {
    png_structp png =
        png_create_write_struct(PNG_LIBPNG_VER_STRING, &s->error, png_errors::on_error, png_errors::on_warning);
    if (!png) return false;
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, info ? &info : nullptr);
        return false;
    }
    const cv::Mat& m = *s->image;
    const int type = m.channels() == 1   ? PNG_COLOR_TYPE_GRAY
                     : m.channels() == 3 ? PNG_COLOR_TYPE_RGB
                                         : PNG_COLOR_TYPE_RGBA;
    png_set_write_fn(png, s, write_bytes, flush);
    png_set_compression_level(png, kZlibLevel);
    png_set_IHDR(png, info, png_uint_32(m.cols), png_uint_32(m.rows), 8, type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    if (m.channels() > 1) png_set_bgr(png);
    s->rows.resize(std::size_t(m.rows));
    for (int y = 0; y < m.rows; ++y) s->rows[std::size_t(y)] = const_cast<png_bytep>(m.ptr<png_byte>(y));
    png_write_image(png, s->rows.data());
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return true;
}

}  // namespace

Bytes encode_png(const cv::Mat& image) {
    if (image.empty() || image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3 && image.channels() != 4))
        throw Error(Errc::image_encode, "only 8-bit grey, BGR or BGRA images can be saved as PNG");
    State s;
    s.image = &image;
    if (!write_png(&s)) throw Error(Errc::image_encode, std::string("PNG encoding failed: ") + s.error.text);
    return std::move(s.out);
}

}  // namespace photo
