#include "libphoto/heif_decode.hpp"

#include <memory>
#include <mutex>
#include <string>

#include <libheif/heif.h>
#include <opencv2/imgproc.hpp>

#include "libphoto/error.hpp"

namespace photo {
namespace {

struct ContextFree { void operator()(heif_context* c) const { heif_context_free(c); } };
struct HandleFree { void operator()(heif_image_handle* h) const { heif_image_handle_release(h); } };
struct ImageFree { void operator()(heif_image* i) const { heif_image_release(i); } };

[[noreturn]] void fail(const heif_error& err, const char* what) {
    std::string reason = err.message ? err.message : "unknown error";
    throw Error("image.decode", std::string(what) + " (" + reason +
                                    "): the HEIC file is damaged or unsupported; send a JPEG");
}

}  // namespace

cv::Mat decode_heif(const Bytes& bytes, std::int64_t max_pixels) {
    static std::once_flag init_once;
    std::call_once(init_once, [] { heif_init(nullptr); });  // loads plugins; never deinit

    std::unique_ptr<heif_context, ContextFree> ctx(heif_context_alloc());
    if (!ctx) throw Error("image.decode", "out of memory while opening the HEIC file");
    heif_error err = heif_context_read_from_memory_without_copy(ctx.get(), bytes.data(),
                                                                bytes.size(), nullptr);
    if (err.code != heif_error_Ok) fail(err, "cannot read the HEIC container");
    if (heif_context_get_number_of_top_level_images(ctx.get()) < 1)
        throw Error("image.decode", "the HEIC file holds no image: send a JPEG or PNG");

    heif_image_handle* raw_handle = nullptr;
    err = heif_context_get_primary_image_handle(ctx.get(), &raw_handle);
    if (err.code != heif_error_Ok || !raw_handle) fail(err, "the HEIC file has no primary image");
    std::unique_ptr<heif_image_handle, HandleFree> handle(raw_handle);

    // Size after rotation, known without decoding.
    const std::int64_t w = heif_image_handle_get_width(handle.get());
    const std::int64_t h = heif_image_handle_get_height(handle.get());
    if (w <= 0 || h <= 0) throw Error("image.decode", "the HEIC image has no size: send a JPEG");
    if (w > max_pixels || h > max_pixels || w * h > max_pixels)
        throw Error("image.too_large", std::to_string(w) + "x" + std::to_string(h) +
                                           " pixels is more than this tool accepts (" +
                                           std::to_string(max_pixels) +
                                           "): send a smaller photo");

    const bool alpha = heif_image_handle_has_alpha_channel(handle.get()) != 0;
    heif_image* raw_image = nullptr;
    err = heif_decode_image(handle.get(), &raw_image, heif_colorspace_RGB,
                            alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB,
                            nullptr);
    if (err.code != heif_error_Ok || !raw_image) fail(err, "cannot decode the HEIC image");
    std::unique_ptr<heif_image, ImageFree> image(raw_image);

    int stride = 0;
    const std::uint8_t* plane =
        heif_image_get_plane_readonly(image.get(), heif_channel_interleaved, &stride);
    const int iw = heif_image_get_width(image.get(), heif_channel_interleaved);
    const int ih = heif_image_get_height(image.get(), heif_channel_interleaved);
    if (!plane || iw <= 0 || ih <= 0)
        throw Error("image.decode", "the HEIC image decoded to nothing: send a JPEG");
    // libheif 1.15 sizes its output by the coded stream, not by the size checked above (the
    // 'ispe' box): a 1 KB file declaring 31x40 decoded to 14895x12072 (found by fuzzing).
    // The decoder's memory is spent by now, but nothing larger than declared goes further.
    if (iw > w || ih > h)
        throw Error("image.decode", "the HEIC image data is " + std::to_string(iw) + "x" +
                                        std::to_string(ih) + " pixels but its header says " +
                                        std::to_string(w) + "x" + std::to_string(h) +
                                        ": the file is damaged; send a JPEG");
    const int channels = alpha ? 4 : 3;
    cv::Mat rgb(ih, iw, CV_8UC(channels), const_cast<std::uint8_t*>(plane), std::size_t(stride));
    cv::Mat out;
    cv::cvtColor(rgb, out, alpha ? cv::COLOR_RGBA2BGRA : cv::COLOR_RGB2BGR);  // copies
    return out;
}

}  // namespace photo
