// Header parsing for the formats we decode. Only what the loader needs: dimensions,
// orientation, and "is the container complete". No pixel data is touched.
#include "libphoto/io/image_header.hpp"

#include <algorithm>
#include <cstring>
#include <set>

#include "libphoto/core/byte_order.hpp"

namespace photo {
namespace {

using u8 = std::uint8_t;

using bytes::be16;
using bytes::be32;
using bytes::le16;
using bytes::le24;
using bytes::le32;

// --- TIFF / EXIF -------------------------------------------------------------------------

struct TiffInfo {
    bool ok = false;
    std::int64_t width = 0;
    std::int64_t height = 0;
    int orientation = 1;
    double x_resolution = 0;  // 0 when absent or invalid
    int resolution_unit = 2;  // TIFF default: inch
};

// Reads tags 256 (width), 257 (height), 274 (orientation), 282 (XResolution) and 296
// (ResolutionUnit) of the first IFD. Handles classic TIFF and BigTIFF, either byte order.
// Values we need fit in the entry, except a classic TIFF's rational (read at its offset).
// A tag given twice counts once, the first time, as libtiff reads it: keeping the last let a
// file declare 16x16 here and have libtiff decode 14000x14000 (issue #15).
TiffInfo parse_tiff_ifd0(const u8* d, std::size_t n) {
    TiffInfo info;
    if (n < 8) return info;
    bool le;
    if (d[0] == 'I' && d[1] == 'I') le = true;
    else if (d[0] == 'M' && d[1] == 'M') le = false;
    else return info;
    auto u16 = [&](std::size_t o) -> std::uint64_t { return le ? le16(d + o) : be16(d + o); };
    auto u32 = [&](std::size_t o) -> std::uint64_t { return le ? le32(d + o) : be32(d + o); };
    auto u64 = [&](std::size_t o) -> std::uint64_t {
        std::uint64_t lo = u32(o), hi = u32(o + 4);
        return le ? (hi << 32 | lo) : (lo << 32 | hi);
    };
    const std::uint64_t magic = u16(2);
    const bool big = magic == 43;
    if (magic != 42 && !big) return info;
    if (big && n < 16) return info;
    const std::uint64_t ifd = big ? u64(8) : u32(4);
    const std::size_t count_size = big ? 8 : 2, entry_size = big ? 20 : 12;
    if (ifd >= n || n - ifd < count_size) return info;
    std::uint64_t count = big ? u64(ifd) : u16(ifd);
    const std::uint64_t room = (n - ifd - count_size) / entry_size;
    count = std::min<std::uint64_t>(count, room);
    bool have_w = false, have_h = false;
    std::set<std::uint64_t> seen;
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::size_t e = ifd + count_size + i * entry_size;
        const std::uint64_t tag = u16(e), type = u16(e + 2);
        const std::size_t value = e + (big ? 12 : 8);
        if (!seen.insert(tag).second) continue;  // libtiff ignores a tag's later copies
        if (tag == 282 && type == 5) {  // RATIONAL: two LONGs
            const std::uint64_t at = big ? value : u32(value);
            if (at < n && n - at >= 8) {
                const std::uint64_t num = u32(at), den = u32(at + 4);
                if (den != 0) info.x_resolution = double(num) / double(den);
            }
            continue;
        }
        std::uint64_t v;
        if (type == 3) v = u16(value);                // SHORT
        else if (type == 4) v = u32(value);           // LONG
        else if (type == 16 && big) v = u64(value);   // LONG8
        else continue;
        if (tag == 256) { info.width = std::int64_t(std::min<std::uint64_t>(v, 1ull << 40)); have_w = true; }
        if (tag == 257) { info.height = std::int64_t(std::min<std::uint64_t>(v, 1ull << 40)); have_h = true; }
        if (tag == 274 && v >= 1 && v <= 8) info.orientation = int(v);
        if (tag == 296) info.resolution_unit = int(std::min<std::uint64_t>(v, 1000));
    }
    info.ok = have_w && have_h;
    return info;
}

// --- JPEG --------------------------------------------------------------------------------

bool is_sof(u8 m) {
    return (m >= 0xC0 && m <= 0xC3) || (m >= 0xC5 && m <= 0xC7) || (m >= 0xC9 && m <= 0xCB) ||
           (m >= 0xCD && m <= 0xCF);
}

ImageHeader jpeg_header(const u8* d, std::size_t n) {
    ImageHeader h;
    bool have_exif = false;
    std::size_t scan = 0;
    const JpegWalkEnd end = walk_jpeg_segments(
        d, n,
        [&](const JpegSegment& s) {
            if (is_sof(s.marker) && !h.ok && s.size >= 5) {
                h.height = be16(s.data + 1);
                h.width = be16(s.data + 3);
                h.ok = h.width > 0 && h.height > 0;  // height 0 (DNL) is not supported by us
            }
            if (s.marker == 0xE1 && !have_exif && s.size >= 14 &&
                std::memcmp(s.data, "Exif\0\0", 6) == 0) {
                have_exif = true;
                h.orientation = tiff_orientation(s.data + 6, s.size - 6);
            }
            return true;
        },
        &scan);
    if (end == JpegWalkEnd::truncated) h.truncated = true;
    if (end == JpegWalkEnd::scan) {
        // Entropy-coded data follows; any FF in it is stuffed (FF00) or a restart/scan
        // marker, so an FF D9 later on means the file reached its end of image.
        bool eoi = false;
        for (const u8* p = d + scan; (p = static_cast<const u8*>(std::memchr(p, 0xFF, d + n - p)));
             ++p) {
            if (p + 1 < d + n && p[1] == 0xD9) { eoi = true; break; }
        }
        h.truncated = !eoi;
    }
    return h;
}

// --- PNG ---------------------------------------------------------------------------------

ImageHeader png_header(const u8* d, std::size_t n) {
    ImageHeader h;
    std::size_t pos = 8;
    bool first = true, end = false;
    while (n - pos >= 8) {
        const std::uint64_t len = be32(d + pos);
        const u8* type = d + pos + 4;
        if (len > 0x7FFFFFFFu) break;  // damaged
        const u8* data = d + pos + 8;
        const std::size_t avail = std::min<std::uint64_t>(len, n - pos - 8);
        if (first) {
            if (std::memcmp(type, "IHDR", 4) != 0 || avail < 13) return h;
            h.width = be32(data);
            h.height = be32(data + 4);
            h.ok = h.width > 0 && h.height > 0;
            first = false;
        } else if (std::memcmp(type, "eXIf", 4) == 0) {
            h.orientation = tiff_orientation(data, avail);
        } else if (std::memcmp(type, "IEND", 4) == 0) {
            end = true;
            break;
        }
        if (len + 12 > n - pos) break;  // chunk runs past the end
        pos += len + 12;
    }
    h.truncated = !end;
    return h;
}

// --- WebP --------------------------------------------------------------------------------

ImageHeader webp_header(const u8* d, std::size_t n) {
    ImageHeader h;
    const std::uint64_t riff_end = std::uint64_t(le32(d + 4)) + 8;
    h.truncated = riff_end > n;
    const std::size_t end = std::size_t(std::min<std::uint64_t>(riff_end, n));
    std::size_t pos = 12;
    bool have_canvas = false;
    // pos <= end is not given: a RIFF size below 4 ends the data before the first chunk.
    while (pos + 8 <= end) {
        const u8* fourcc = d + pos;
        const std::uint64_t len = le32(d + pos + 4);
        const u8* data = d + pos + 8;
        const std::size_t avail = std::min<std::uint64_t>(len, end - pos - 8);
        if (std::memcmp(fourcc, "VP8X", 4) == 0 && avail >= 10) {
            h.width = std::int64_t(le24(data + 4)) + 1;
            h.height = std::int64_t(le24(data + 7)) + 1;
            h.ok = have_canvas = true;
        } else if (std::memcmp(fourcc, "VP8 ", 4) == 0 && avail >= 10 && !have_canvas && !h.ok) {
            if (data[3] == 0x9D && data[4] == 0x01 && data[5] == 0x2A) {
                h.width = le16(data + 6) & 0x3FFF;
                h.height = le16(data + 8) & 0x3FFF;
                h.ok = h.width > 0 && h.height > 0;
            }
        } else if (std::memcmp(fourcc, "VP8L", 4) == 0 && avail >= 5 && !have_canvas && !h.ok) {
            if (data[0] == 0x2F) {
                const std::uint32_t bits = le32(data + 1);
                h.width = (bits & 0x3FFF) + 1;
                h.height = ((bits >> 14) & 0x3FFF) + 1;
                h.ok = true;
            }
        } else if (std::memcmp(fourcc, "EXIF", 4) == 0) {
            h.orientation = tiff_orientation(data, avail);
        }
        const std::uint64_t step = 8 + len + (len & 1);
        if (step > end - pos) {
            if (8 + len > end - pos) h.truncated = true;
            break;
        }
        pos += std::size_t(step);
    }
    return h;
}

// --- BMP, GIF, TIFF ------------------------------------------------------------------------

ImageHeader bmp_header(const u8* d, std::size_t n) {
    ImageHeader h;
    if (n < 26) { h.truncated = true; return h; }
    const std::uint32_t dib = le32(d + 14);
    std::int64_t bpp = 0, compression = 0;
    if (dib == 12) {
        h.width = le16(d + 18);
        h.height = le16(d + 20);
        bpp = n >= 26 ? le16(d + 24) : 0;
    } else if (dib >= 40 && n >= 34) {
        h.width = std::int32_t(le32(d + 18));
        h.height = std::int32_t(le32(d + 22));
        if (h.height < 0) h.height = -h.height;  // top-down rows
        bpp = le16(d + 28);
        compression = le32(d + 30);
    } else {
        return h;
    }
    h.ok = h.width > 0 && h.height > 0;
    if (h.ok && compression == 0 && bpp > 0 && bpp <= 32) {
        const std::int64_t row = (h.width * bpp + 31) / 32 * 4;
        const std::int64_t after_offset = std::int64_t(n) - std::int64_t(le32(d + 10));
        // Counted in whole rows: row * height overflows for a header claiming 2^31 x 2^31.
        h.truncated = after_offset < 0 || h.height > after_offset / row;
    }
    return h;
}

ImageHeader gif_header(const u8* d, std::size_t n) {
    ImageHeader h;
    if (n < 10) { h.truncated = true; return h; }
    h.width = le16(d + 6);
    h.height = le16(d + 8);
    h.ok = h.width > 0 && h.height > 0;
    return h;
}

ImageHeader tiff_header(const u8* d, std::size_t n) {
    ImageHeader h;
    const TiffInfo t = parse_tiff_ifd0(d, n);
    h.ok = t.ok && t.width > 0 && t.height > 0;
    h.width = t.width;
    h.height = t.height;
    h.orientation = t.orientation;
    return h;
}

}  // namespace

int tiff_orientation(const std::uint8_t* data, std::size_t size) {
    if (size >= 6 && std::memcmp(data, "Exif\0\0", 6) == 0) {
        data += 6;
        size -= 6;
    }
    return parse_tiff_ifd0(data, size).orientation;
}

double tiff_dpi(const std::uint8_t* data, std::size_t size) {
    if (size >= 6 && std::memcmp(data, "Exif\0\0", 6) == 0) {
        data += 6;
        size -= 6;
    }
    const TiffInfo t = parse_tiff_ifd0(data, size);
    if (!(t.x_resolution > 0) || t.x_resolution > 1e6) return 0;
    if (t.resolution_unit == 2) return t.x_resolution;
    if (t.resolution_unit == 3) return t.x_resolution * 2.54;
    return 0;  // 1: no absolute unit; anything else is invalid
}

JpegWalkEnd walk_jpeg_segments(const std::uint8_t* d, std::size_t n,
                               const std::function<bool(const JpegSegment&)>& visit,
                               std::size_t* scan_offset) {
    std::size_t pos = 2;  // after SOI
    while (true) {
        while (pos < n && d[pos] != 0xFF) ++pos;  // stray bytes: libjpeg skips them too
        while (pos < n && d[pos] == 0xFF) ++pos;  // fill bytes
        if (pos >= n) return JpegWalkEnd::truncated;
        const u8 m = d[pos++];
        if (m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7)) continue;  // no length
        if (m == 0xD9) return JpegWalkEnd::eoi;  // EOI before any scan: no image data
        if (n - pos < 2) return JpegWalkEnd::truncated;
        const std::size_t len = be16(d + pos);
        if (len < 2) return JpegWalkEnd::damaged;
        JpegSegment seg;
        seg.marker = m;
        seg.data = d + pos + 2;
        seg.size = std::min(len - 2, n - (pos + 2));
        seg.complete = len <= n - pos;
        if (!visit(seg)) return JpegWalkEnd::stopped;
        if (!seg.complete) return JpegWalkEnd::truncated;
        pos += len;
        if (m == 0xDA) {
            if (scan_offset) *scan_offset = pos;
            return JpegWalkEnd::scan;
        }
    }
}

ImageHeader read_image_header(const Bytes& bytes, const std::string& format) {
    const u8* d = bytes.data();
    const std::size_t n = bytes.size();
    if (format == "jpeg" && n >= 3) return jpeg_header(d, n);
    if (format == "png" && n >= 8) return png_header(d, n);
    if (format == "webp" && n >= 12) return webp_header(d, n);
    if (format == "bmp") return bmp_header(d, n);
    if (format == "gif") return gif_header(d, n);
    if (format == "tiff") return tiff_header(d, n);
    return {};
}

}  // namespace photo
