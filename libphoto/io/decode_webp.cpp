// WebP through libwebp's simple decoding API.
#include <string>

#include <webp/decode.h>

#include "libphoto/io/decoders.hpp"
#include "libphoto/core/error.hpp"

namespace photo {

cv::Mat decode_webp(const Bytes& bytes) {
    WebPBitstreamFeatures f;
    if (WebPGetFeatures(bytes.data(), bytes.size(), &f) != VP8_STATUS_OK || f.width <= 0 || f.height <= 0)
        throw Error(Errc::image_decode,
                    "the WebP data cannot be decoded (damaged file?): send the photo again or as a JPEG");
    if (f.has_animation)
        throw Error(Errc::image_decode, "an animated WebP is not a photo: send a single still photo as a JPEG");
    cv::Mat out(f.height, f.width, f.has_alpha ? CV_8UC4 : CV_8UC3);
    const std::size_t size = out.step * std::size_t(out.rows);
    const int stride = int(out.step);
    const uint8_t* ok = f.has_alpha ? WebPDecodeBGRAInto(bytes.data(), bytes.size(), out.data, size, stride)
                                    : WebPDecodeBGRInto(bytes.data(), bytes.size(), out.data, size, stride);
    if (!ok)
        throw Error(Errc::image_decode, "the WebP data cannot be decoded (damaged or cut short?): send the photo again "
                                    "or as a JPEG");
    return out;
}

}  // namespace photo
