// Loading: recognise by content, check the header's size before any pixel buffer exists,
// decode with the format's own library (decoders.hpp, decode_heif.hpp), and normalise to
// upright 8-bit BGR on white.
#include "libphoto/io/image_io.hpp"

#include <algorithm>
#include <cstring>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "libphoto/io/decoders.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/decode_heif.hpp"
#include "libphoto/io/image_header.hpp"

namespace photo {
namespace {

bool starts_with(const Bytes& b, const char* magic, std::size_t len, std::size_t at = 0) {
    return b.size() >= at + len && std::memcmp(b.data() + at, magic, len) == 0;
}

// ISO base media file ("....ftyp"): "heic", "avif", or "" for other brands (MP4, MOV...).
std::string ftyp_format(const Bytes& b) {
    if (!starts_with(b, "ftyp", 4, 4) || b.size() < 12) return "";
    const std::size_t box = (std::size_t(b[0]) << 24) | (std::size_t(b[1]) << 16) |
                            (std::size_t(b[2]) << 8) | b[3];
    const std::size_t end = std::min(b.size(), std::max<std::size_t>(box, 12));
    static const char* const heic[] = {"heic", "heix", "hevc", "hevx", "heim",
                                       "heis", "hevm", "hevs", "heif"};
    bool is_heic = false, is_avif = false, is_mif = false;
    auto look = [&](std::size_t at) {
        const char* brand = reinterpret_cast<const char*>(b.data() + at);
        for (const char* h : heic) is_heic |= std::memcmp(brand, h, 4) == 0;
        is_avif |= std::memcmp(brand, "avif", 4) == 0 || std::memcmp(brand, "avis", 4) == 0;
        is_mif |= std::memcmp(brand, "mif1", 4) == 0 || std::memcmp(brand, "msf1", 4) == 0;
    };
    look(8);  // major brand; compatible brands follow the minor version
    for (std::size_t at = 16; at + 4 <= end; at += 4) look(at);
    if (is_avif && !is_heic) return "avif";
    if (is_heic || is_mif) return "heic";
    return "";
}

// For the "not an image (...)" message: what the bytes look like instead, in English and Chinese.
struct Described {
    const char *en, *zh;
};
Described describe_unknown(const Bytes& b) {
    if (b.empty()) return {"the file is empty", "文件是空的"};
    if (starts_with(b, "%PDF", 4)) return {"a PDF document", "是 PDF 文档"};
    if (starts_with(b, "PK\x03\x04", 4)) return {"a ZIP archive or Office document", "是压缩包或 Office 文档"};
    if (starts_with(b, "8BPS", 4)) return {"a Photoshop PSD file", "是 Photoshop PSD 文件"};
    if (starts_with(b, "\x00\x00\x00\x0CjP  ", 8) || starts_with(b, "\xFF\x4F\xFF\x51", 4))
        return {"a JPEG 2000 file", "是 JPEG 2000 文件"};
    if (starts_with(b, "ftyp", 4, 4)) return {"a video or other ISO media file", "是视频或其他媒体文件"};
    const std::size_t n = std::min<std::size_t>(b.size(), 512);
    const bool text = std::all_of(b.begin(), b.begin() + std::ptrdiff_t(n), [](std::uint8_t c) {
        return c == '\t' || c == '\n' || c == '\r' || c >= 0x20;
    });
    if (text) return {"it is text", "是文本文件"};
    return {"unrecognised content", "内容无法识别"};
}

// EXIF orientation 1..8 -> upright, as the EXIF specification defines it.
void apply_orientation(cv::Mat& img, int orientation) {
    switch (orientation) {
        case 2: cv::flip(img, img, 1); break;
        case 3: cv::flip(img, img, -1); break;
        case 4: cv::flip(img, img, 0); break;
        case 5: cv::transpose(img, img); break;
        case 6: cv::rotate(img, img, cv::ROTATE_90_CLOCKWISE); break;
        case 7: cv::transpose(img, img); cv::flip(img, img, -1); break;
        case 8: cv::rotate(img, img, cv::ROTATE_90_COUNTERCLOCKWISE); break;
        default: break;
    }
}

// Colour over white using the alpha channel (CV_8UC4 -> CV_8UC3).
cv::Mat flatten_on_white(const cv::Mat& m) {
    cv::Mat out(m.size(), CV_8UC3);
    for (int y = 0; y < m.rows; ++y) {
        const auto* s = m.ptr<cv::Vec4b>(y);
        auto* d = out.ptr<cv::Vec3b>(y);
        for (int x = 0; x < m.cols; ++x) {
            const unsigned a = s[x][3], white = 255u * (255u - a);
            for (int c = 0; c < 3; ++c) d[x][c] = std::uint8_t((s[x][c] * a + white + 127u) / 255u);
        }
    }
    return out;
}

// The decoders give 8-bit BGR or BGRA.
cv::Mat to_bgr8(const cv::Mat& decoded) {
    CV_Assert(decoded.type() == CV_8UC3 || decoded.type() == CV_8UC4);
    return decoded.channels() == 4 ? flatten_on_white(decoded) : decoded;
}

// Strongest DCT reduction (8, 4, 2) that keeps the longer side >= min_long_side.
int jpeg_reduction(std::int64_t w, std::int64_t h, int min_long_side) {
    if (min_long_side <= 0) return 1;
    const std::int64_t longer = std::max(w, h);
    for (int d : {8, 4, 2})
        if ((longer + d - 1) / d >= min_long_side) return d;
    return 1;
}

}  // namespace

void throw_too_large(std::int64_t w, std::int64_t h, std::int64_t max_pixels) {
    const std::string size = std::to_string(w) + "x" + std::to_string(h);
    throw Error(Errc::image_too_large,
                "the image claims " + size + " pixels, more than the " + std::to_string(max_pixels) +
                    " this tool accepts: send a smaller photo",
                "图片声称有 " + size + " 像素，超过本工具接受的 " + std::to_string(max_pixels) + " 像素：请发送较小的照片");
}

std::string sniff_format(const Bytes& b) {
    if (starts_with(b, "\xFF\xD8\xFF", 3)) return "jpeg";
    if (starts_with(b, "\x89PNG\r\n\x1A\n", 8)) return "png";
    if (starts_with(b, "RIFF", 4) && starts_with(b, "WEBP", 4, 8)) return "webp";
    if (starts_with(b, "GIF87a", 6) || starts_with(b, "GIF89a", 6)) return "gif";
    if (starts_with(b, "II*\0", 4) || starts_with(b, "MM\0*", 4) || starts_with(b, "II+\0", 4) ||
        starts_with(b, "MM\0+", 4))
        return "tiff";
    if (starts_with(b, "BM", 2) && b.size() >= 18) {
        // "BM" alone is too weak (text can start with it): also check the DIB header size.
        const std::uint32_t dib = b[14] | (b[15] << 8) | (b[16] << 16) | (std::uint32_t(b[17]) << 24);
        if (dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 ||
            dib == 124)
            return "bmp";
    }
    return ftyp_format(b);
}

LoadedImage decode_image(const Bytes& bytes, const LoadOptions& options) {
    LoadedImage out;
    out.format = sniff_format(bytes);
    const std::string& fmt = out.format;
    if (fmt.empty())
        throw Error(Errc::image_format, "not an image (" + std::string(describe_unknown(bytes).en) + "): send a JPEG or PNG photo",
                    "不是图片（" + std::string(describe_unknown(bytes).zh) + "）：请发送 JPEG 或 PNG 照片");
    if (fmt == "gif")
        throw Error(Errc::image_format, "GIF is not supported: send a JPEG or PNG", "不支持 GIF 动图：请发送 JPEG 或 PNG 照片");

    if (fmt == "heic" || fmt == "avif") {
        out.bgr = to_bgr8(decode_heif(bytes, options.max_pixels));
        out.full_size = out.bgr.size();
        out.scale = 1.0;
        return out;
    }

    const ImageHeader header = read_image_header(bytes, fmt);
    if (!header.ok)
        throw Error(Errc::image_decode,
                    header.truncated
                        ? "the file is cut short before the image size (incomplete download?): "
                          "send the complete photo"
                        : "the " + fmt + " header is damaged: send the photo again or as a JPEG");
    if (header.width > options.max_pixels || header.height > options.max_pixels ||
        header.width * header.height > options.max_pixels)
        throw_too_large(header.width, header.height, options.max_pixels);
    if (header.truncated)
        throw Error(Errc::image_decode,
                    "the file is cut short (incomplete download or copy?): send the complete photo");

    const int reduction = fmt == "jpeg" ? jpeg_reduction(header.width, header.height, options.min_long_side) : 1;
    const cv::Mat decoded = fmt == "jpeg"   ? decode_jpeg(bytes, reduction)
                            : fmt == "png"  ? decode_png(bytes)
                            : fmt == "webp" ? decode_webp(bytes)
                            : fmt == "tiff" ? decode_tiff(bytes, options.max_pixels)
                                            : decode_bmp(bytes);
    out.bgr = to_bgr8(decoded);
    const int orientation = header.orientation;
    apply_orientation(out.bgr, orientation);
    const bool swap = orientation >= 5;
    if (reduction > 1)
        out.full_size = swap ? cv::Size(int(header.height), int(header.width))
                             : cv::Size(int(header.width), int(header.height));
    else
        out.full_size = out.bgr.size();
    out.scale = double(out.bgr.cols) / out.full_size.width;
    return out;
}

LoadedImage load_image(const std::string& path, const LoadOptions& options) {
    return decode_image(read_file(path), options);
}

}  // namespace photo
