#include "libphoto/io/decode_heif.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <libheif/heif.h>
#include <opencv2/imgproc.hpp>

#include "libphoto/core/byte_order.hpp"
#include "libphoto/io/decoders.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/core/limits.hpp"

namespace photo {
namespace {

struct ContextFree { void operator()(heif_context* c) const { heif_context_free(c); } };
struct HandleFree { void operator()(heif_image_handle* h) const { heif_image_handle_release(h); } };
struct ImageFree { void operator()(heif_image* i) const { heif_image_release(i); } };

[[noreturn]] void fail(const heif_error& err, const char* what) {
    std::string reason = err.message ? err.message : "unknown error";
    throw Error(Errc::image_decode, std::string(what) + " (" + reason +
                                    "): the HEIC file is damaged or unsupported; send a JPEG");
}

// --- A look at the container's item graph before libheif decodes it. libheif 1.15 follows
// grid tiles ('dimg') and alpha planes ('auxl') without noticing a cycle: a 1 KB file whose
// alpha plane is a grid of its own primary image recursed until the stack overflowed, or, with
// tile threads, until the process could not start another thread (found by fuzzing).

// A 2- or 4-byte big-endian number (item ids are either, by the box's version).
std::uint32_t be(const Bytes& b, std::size_t at, int n) {
    return n == 2 ? bytes::be16(b.data() + at) : bytes::be32(b.data() + at);
}

constexpr std::uint32_t fourcc(const char (&s)[5]) {
    return std::uint32_t(std::uint8_t(s[0])) << 24 | std::uint32_t(std::uint8_t(s[1])) << 16 |
           std::uint32_t(std::uint8_t(s[2])) << 8 | std::uint32_t(std::uint8_t(s[3]));
}

struct Box {
    std::uint32_t type = 0;
    std::size_t begin = 0, end = 0;  // payload
};

// The box at `pos` within [pos, end); false when there is none or it overruns. Size 0 ("to
// the end") only at the top level (`top`): inside the item table libheif does not honour it
// but reads on past it, so there the two would see different tables (found by fuzzing: a
// 'dimg' of size 0 hid the references after it, and with them the cycle).
bool next_box(const Bytes& b, std::size_t& pos, std::size_t end, Box& box, bool top) {
    if (end < pos || end - pos < 8) return false;
    std::uint64_t size = be(b, pos, 4);
    std::size_t header = 8;
    if (size == 1) {
        if (end - pos < 16) return false;
        size = std::uint64_t(be(b, pos + 8, 4)) << 32 | be(b, pos + 12, 4);
        header = 16;
    } else if (size == 0) {
        if (!top) return false;
        size = end - pos;
    }
    if (size < header || size > end - pos) return false;
    box = {be(b, pos + 4, 4), pos + header, pos + std::size_t(size)};
    pos += std::size_t(size);
    return true;
}

// Calls fn(box) for each box in [begin, end); false unless they fill it exactly. A box that
// overruns its container must end the look with "damaged", not quietly: libheif reads on
// into it (found by fuzzing: a 'dimg' box claiming 47 bytes of 28 still gave libheif its
// reference, and the cycle with it).
template <class Fn>
bool each_box(const Bytes& b, std::size_t begin, std::size_t end, Fn&& fn, bool top = false) {
    Box box;
    while (next_box(b, begin, end, box, top)) fn(box);
    return begin == end;
}

// Why libheif must not be given this file, or "" when its items can be decoded without a cycle.
std::string item_graph_problem(const Bytes& b) {
    const std::string damaged = "the HEIC file's item table does not add up";
    // The top level may end in anything (libheif stops at the boxes it needs); the item table
    // must be whole, and one of each: the first and the last of two could differ.
    std::vector<Box> metas;
    each_box(b, 0, b.size(), [&](const Box& box) { if (box.type == fourcc("meta")) metas.push_back(box); }, true);
    if (metas.empty()) return "";  // libheif refuses the file itself
    const Box meta = metas.front();
    if (metas.size() > 1 || meta.end - meta.begin < 4) return damaged;
    std::vector<Box> iinf, iref;
    const bool whole = each_box(b, meta.begin + 4, meta.end, [&](const Box& box) {  // after version and flags
        if (box.type == fourcc("iinf")) iinf.push_back(box);
        if (box.type == fourcc("iref")) iref.push_back(box);
    });
    if (!whole || iinf.size() > 1 || iref.size() > 1) return damaged;

    std::set<std::uint32_t> derived;  // grid, overlay and identity items
    if (!iinf.empty()) {
        std::size_t p = iinf[0].begin;
        if (iinf[0].end - p < 4) return damaged;
        p += b[p] == 0 ? 6 : 8;  // version + flags, then a 16- or 32-bit count
        if (p > iinf[0].end) return damaged;
        bool ok = true;
        const bool entries_whole = each_box(b, p, iinf[0].end, [&](const Box& infe) {
            if (infe.type != fourcc("infe") || infe.end - infe.begin < 4) return;
            const int version = b[infe.begin];
            if (version < 2) return;  // no item type in old entries
            const std::size_t id_size = version == 2 ? 2 : 4;
            if (infe.end - infe.begin < 4 + id_size + 2 + 4) return void(ok = false);
            const std::uint32_t id = be(b, infe.begin + 4, int(id_size));
            const std::uint32_t type = be(b, infe.begin + 4 + id_size + 2, 4);
            if (type == fourcc("grid") || type == fourcc("iovl") || type == fourcc("iden")) derived.insert(id);
        });
        if (!entries_whole || !ok) return damaged;
    }
    if (iref.empty()) return "";
    if (iref[0].end - iref[0].begin < 4) return damaged;
    const std::size_t id_size = b[iref[0].begin] == 0 ? 2 : 4;
    std::set<std::uint32_t> tiles, auxiliary, with_auxiliary;
    bool ok = true, nested = false;
    const bool refs_whole = each_box(b, iref[0].begin + 4, iref[0].end, [&](const Box& ref) {
        if (ref.end - ref.begin < id_size + 2) return void(ok = false);
        const std::uint32_t from = be(b, ref.begin, int(id_size));
        const std::size_t count = be(b, ref.begin + id_size, 2);
        // libheif reads a reference's ids by its count, not by its box's size: the two must
        // agree, or the next reference it reads is not the one seen here.
        if (ref.end - ref.begin != id_size + 2 + count * id_size) return void(ok = false);
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint32_t to = be(b, ref.begin + id_size + 2 + i * id_size, int(id_size));
            if (ref.type == fourcc("dimg")) {
                nested |= derived.count(to) > 0;
                tiles.insert(to);
            } else if (ref.type == fourcc("auxl")) {  // `from` is an alpha or depth plane of `to`
                auxiliary.insert(from);
                with_auxiliary.insert(to);
            }
        }
    });
    if (!refs_whole || !ok) return damaged;
    if (nested) return "the HEIC image is built from another built image";
    // A plane of a plane, or a tile with a plane, is where a cycle would have to pass.
    for (const std::uint32_t id : with_auxiliary)
        if (auxiliary.count(id) || tiles.count(id)) return "the HEIC image's planes refer to each other";
    return "";
}


// --- The canvas libheif will allocate for a derived primary image. A grid ('grid') or an
// overlay ('iovl') names its output size in its own data, and libheif 1.15 allocates that
// canvas whatever the item's 'ispe' property (the size heif_image_handle_get_width reports)
// says: a 1 KB grid declaring 31x40 whose one tile is laid on a 30000x30000 canvas cost
// 5.4 GB and 34 s before libheif gave up on it (issue #15).

struct Canvas {
    std::int64_t width = 0, height = 0;  // 0: not a derived image, or its data is not found
    std::int64_t tiles = 0;              // a grid's rows x columns
};

// An unsigned big-endian number of n = 0, 4 or 8 bytes (iloc's field sizes).
bool read_sized(const Bytes& b, std::size_t& p, std::size_t end, int n, std::uint64_t& v) {
    if (n != 0 && n != 4 && n != 8) return false;
    if (end < p || end - p < std::size_t(n)) return false;
    v = 0;
    for (int i = 0; i < n; ++i) v = v << 8 | b[p + i];
    p += std::size_t(n);
    return true;
}

// The first `want` bytes of item `id`'s data, by its 'iloc' entry (in the file or in 'idat');
// empty when they cannot be found.
Bytes item_data_head(const Bytes& b, const Box& iloc, const Box* idat, std::uint32_t id, std::size_t want) {
    std::size_t p = iloc.begin;
    const std::size_t end = iloc.end;
    if (end - p < 6) return {};
    const int version = b[p];
    p += 4;
    const int offset_size = b[p] >> 4, length_size = b[p] & 15, base_size = b[p + 1] >> 4;
    const int index_size = version >= 1 ? (b[p + 1] & 15) : 0;
    p += 2;
    std::uint64_t count = 0;
    if (!read_sized(b, p, end, version < 2 ? 0 : 4, count)) return {};
    if (version < 2) {
        if (end - p < 2) return {};
        count = be(b, p, 2);
        p += 2;
    }
    for (std::uint64_t i = 0; i < count; ++i) {
        const int id_size = version < 2 ? 2 : 4;
        if (end - p < std::size_t(id_size)) return {};
        const std::uint32_t item = be(b, p, id_size);
        p += std::size_t(id_size);
        int method = 0;
        if (version >= 1) {
            if (end - p < 2) return {};
            method = int(be(b, p, 2) & 15);
            p += 2;
        }
        if (end - p < 2) return {};
        p += 2;  // data_reference_index
        std::uint64_t base = 0;
        if (!read_sized(b, p, end, base_size, base) || end - p < 2) return {};
        const std::size_t extents = be(b, p, 2);
        p += 2;
        Bytes out;
        for (std::size_t e = 0; e < extents; ++e) {
            std::uint64_t index = 0, offset = 0, length = 0;
            if (!read_sized(b, p, end, index_size, index) || !read_sized(b, p, end, offset_size, offset) ||
                !read_sized(b, p, end, length_size, length))
                return {};
            if (item != id || out.size() >= want) continue;
            std::size_t from = 0, to = b.size();
            if (method == 1) {
                if (!idat) return {};
                from = idat->begin, to = idat->end;
            } else if (method != 0) {
                return {};
            }
            const std::uint64_t at = base + offset;
            if (at > to - from) return {};
            std::uint64_t n = length == 0 ? (to - from) - at : length;
            n = std::min<std::uint64_t>({n, (to - from) - at, want - out.size()});
            out.insert(out.end(), b.begin() + std::ptrdiff_t(from + at), b.begin() + std::ptrdiff_t(from + at + n));
        }
        if (item == id) return out;
    }
    return {};
}

Canvas derived_canvas(const Bytes& b) {
    std::vector<Box> metas;
    each_box(b, 0, b.size(), [&](const Box& box) { if (box.type == fourcc("meta")) metas.push_back(box); }, true);
    if (metas.size() != 1 || metas[0].end - metas[0].begin < 4) return {};
    Box pitm, iloc, iinf, idat;
    each_box(b, metas[0].begin + 4, metas[0].end, [&](const Box& box) {
        if (box.type == fourcc("pitm")) pitm = box;
        if (box.type == fourcc("iloc")) iloc = box;
        if (box.type == fourcc("iinf")) iinf = box;
        if (box.type == fourcc("idat")) idat = box;
    });
    if (!pitm.type || !iloc.type || !iinf.type || pitm.end - pitm.begin < 6) return {};
    const std::uint32_t primary = b[pitm.begin] == 0 ? be(b, pitm.begin + 4, 2)
                                  : pitm.end - pitm.begin >= 8 ? be(b, pitm.begin + 4, 4) : 0;
    std::uint32_t type = 0;
    std::size_t p = iinf.begin;
    if (iinf.end - p < 6) return {};
    p += b[p] == 0 ? 6 : 8;
    if (p > iinf.end) return {};
    each_box(b, p, iinf.end, [&](const Box& infe) {
        if (infe.type != fourcc("infe") || infe.end - infe.begin < 4 || b[infe.begin] < 2) return;
        const std::size_t id_size = b[infe.begin] == 2 ? 2 : 4;
        if (infe.end - infe.begin < 4 + id_size + 2 + 4) return;
        if (be(b, infe.begin + 4, int(id_size)) == primary) type = be(b, infe.begin + 4 + id_size + 2, 4);
    });
    const bool grid = type == fourcc("grid"), overlay = type == fourcc("iovl");
    if (!grid && !overlay) return {};
    const Bytes d = item_data_head(b, iloc, idat.type ? &idat : nullptr, primary, 4 + 4 * 4 * 4 + 8);
    if (d.size() < 2) return {};
    const bool wide = (d[1] & 1) != 0;  // 32-bit fields
    const std::size_t field = wide ? 4 : 2;
    // grid: version, flags, rows-1, columns-1, then the output size; iovl: version, flags,
    // four fill values (RGBA), then the output size.
    const std::size_t at = grid ? 4 : 2 + 4 * field;
    if (d.size() < at + 2 * field) return {};
    return {std::int64_t(be(d, at, int(field))), std::int64_t(be(d, at + field, int(field))),
            grid ? std::int64_t(d[2] + 1) * (d[3] + 1) : 0};
}

}  // namespace

cv::Mat decode_heif(const Bytes& bytes, std::int64_t max_pixels) {
    static std::once_flag init_once;
    std::call_once(init_once, [] { heif_init(nullptr); });  // loads plugins; never deinit

    const std::string problem = item_graph_problem(bytes);
    if (!problem.empty()) throw Error(Errc::image_decode, problem + ": the file is damaged; send a JPEG");

    std::unique_ptr<heif_context, ContextFree> ctx(heif_context_alloc());
    if (!ctx) throw Error(Errc::image_decode, "out of memory while opening the HEIC file");
    // Grid tiles (how iPhones store HEIC) decoded in this thread: batch already runs one photo
    // per core, and libheif 1.15's tile threads are left running when a damaged grid fails
    // (found by fuzzing: every such file kept its threads, until the process could not fork).
    heif_context_set_max_decoding_threads(ctx.get(), 0);
    heif_error err = heif_context_read_from_memory_without_copy(ctx.get(), bytes.data(),
                                                                bytes.size(), nullptr);
    if (err.code != heif_error_Ok) fail(err, "cannot read the HEIC container");
    if (heif_context_get_number_of_top_level_images(ctx.get()) < 1)
        throw Error(Errc::image_decode, "the HEIC file holds no image: send a JPEG or PNG");

    heif_image_handle* raw_handle = nullptr;
    err = heif_context_get_primary_image_handle(ctx.get(), &raw_handle);
    if (err.code != heif_error_Ok || !raw_handle) fail(err, "the HEIC file has no primary image");
    std::unique_ptr<heif_image_handle, HandleFree> handle(raw_handle);

    // Size after rotation, known without decoding.
    const std::int64_t w = heif_image_handle_get_width(handle.get());
    const std::int64_t h = heif_image_handle_get_height(handle.get());
    if (w <= 0 || h <= 0) throw Error(Errc::image_decode, "the HEIC image has no size: send a JPEG");
    if (w > max_pixels || h > max_pixels || w * h > max_pixels)
        throw_too_large(w, h, max_pixels);
    // A grid or overlay: the canvas its data names is what libheif allocates, not w x h.
    const Canvas canvas = derived_canvas(bytes);
    if (canvas.width > max_pixels || canvas.height > max_pixels || canvas.width * canvas.height > max_pixels)
        throw_too_large(canvas.width, canvas.height, max_pixels);
    // Each tile is a decode of its own, a repeated one too: 24336 references to one 64x64
    // tile took 1.9 s and 380 MB before libheif's own limit stopped it.
    if (canvas.tiles > limits::kMaxHeicGridTiles)
        throw Error(Errc::image_too_large, "the HEIC image is a grid of " + std::to_string(canvas.tiles) +
                                           " tiles, more than the " + std::to_string(limits::kMaxHeicGridTiles) +
                                           " this tool accepts: send a JPEG");

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
        throw Error(Errc::image_decode, "the HEIC image decoded to nothing: send a JPEG");
    // libheif 1.15 sizes its output by the coded stream, not by the size checked above (the
    // 'ispe' box): a 1 KB file declaring 31x40 decoded to 14895x12072 (found by fuzzing).
    // The decoder's memory is spent by now, but nothing larger than declared goes further.
    if (iw > w || ih > h)
        throw Error(Errc::image_decode, "the HEIC image data is " + std::to_string(iw) + "x" +
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
