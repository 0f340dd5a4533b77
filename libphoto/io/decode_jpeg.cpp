// JPEG through libjpeg-turbo: DCT-scaled decoding (a 12 MP photo at 1/4 in a fifth of the
// time of a full decode), and CMYK converted as OpenCV did.
#include <cstdint>
#include <cstring>
#include <string>

#include "libphoto/io/decoders.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/jpeg_errors.hpp"
#include "libphoto/core/limits.hpp"

namespace photo {
namespace {

// What a multi-scan JPEG has cost so far (limits.hpp: kMaxJpegScans, kMaxJpegScanBlocks).
// The progress monitor sees each scan as it starts, before its data is decoded.
struct ScanBudget {
    jpeg_progress_mgr pub;  // first: libjpeg hands the monitor a pointer to it
    int scan = 0;           // the last scan counted
    std::int64_t block_visits = 0;
    bool refused = false;   // a limit, not damage, stopped the decoder
};

[[noreturn]] void refuse(j_common_ptr cinfo, ScanBudget* budget) {
    budget->refused = true;
    std::longjmp(reinterpret_cast<jpeg_errors::Manager*>(cinfo->err)->jump, 1);
}

const char* kind_of(j_decompress_ptr d) { return d->progressive_mode ? "progressive" : "multi-scan"; }

void on_progress(j_common_ptr cinfo) {
    auto* d = reinterpret_cast<j_decompress_ptr>(cinfo);
    auto* budget = reinterpret_cast<ScanBudget*>(cinfo->progress);
    if (d->input_scan_number == budget->scan) return;  // called once per row: count each scan once
    budget->scan = d->input_scan_number;
    for (int i = 0; i < d->comps_in_scan; ++i)
        budget->block_visits += std::int64_t(d->cur_comp_info[i]->width_in_blocks) * d->cur_comp_info[i]->height_in_blocks;
    char* message = reinterpret_cast<jpeg_errors::Manager*>(cinfo->err)->message;
    if (budget->scan > limits::kMaxJpegScans) {
        std::snprintf(message, JMSG_LENGTH_MAX, "has more than %d scans (a photo has about ten)", limits::kMaxJpegScans);
        refuse(cinfo, budget);
    }
    if (budget->block_visits > limits::kMaxJpegScanBlocks) {
        std::snprintf(message, JMSG_LENGTH_MAX,
                      "is a %s JPEG whose scans pass over its blocks too often (%lld visits by scan %d, more than "
                      "the %lld this tool accepts; a photo has about ten scans)",
                      kind_of(d), static_cast<long long>(budget->block_visits), budget->scan,
                      static_cast<long long>(limits::kMaxJpegScanBlocks));
        refuse(cinfo, budget);
    }
}

// Samples a multi-scan JPEG keeps as coefficients until its last scan: every component's
// blocks, rounded up to whole MCUs as libjpeg allocates them.
std::int64_t coefficients_held(const jpeg_decompress_struct& cinfo) {
    std::int64_t samples = 0;
    for (int c = 0; c < cinfo.num_components; ++c) {
        const jpeg_component_info& comp = cinfo.comp_info[c];
        const auto round_up = [](std::int64_t n, std::int64_t m) { return (n + m - 1) / m * m; };
        samples += round_up(comp.width_in_blocks, comp.h_samp_factor) * round_up(comp.height_in_blocks, comp.v_samp_factor) *
                   DCTSIZE2;
    }
    return samples;
}

// What the libjpeg part hands back; it lives in the caller's frame so that longjmp never
// skips a destructor.
struct Output {
    cv::Mat pixels;
    bool cmyk = false;
    bool refused = false;  // a limit of limits.hpp stopped it, `message` says which
};

// Kept free of C++ objects with destructors so that longjmp is safe (jpeg_errors.hpp).
bool decompress(const Bytes& bytes, int reduction, Output* out, char* message) {
    jpeg_decompress_struct cinfo;
    jpeg_errors::Manager err;
    ScanBudget budget;
    jpeg_errors::install(cinfo, err);
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        std::memcpy(message, err.message, JMSG_LENGTH_MAX);
        out->refused = budget.refused;
        return false;
    }
    jpeg_create_decompress(&cinfo);
    budget.pub.progress_monitor = on_progress;
    cinfo.progress = &budget.pub;
    jpeg_mem_src(&cinfo, bytes.data(), static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&cinfo, TRUE);
    if (jpeg_has_multiple_scans(&cinfo) && coefficients_held(cinfo) > limits::kMaxJpegCoefficients) {
        std::snprintf(err.message, JMSG_LENGTH_MAX,
                      "is a %ux%u %s JPEG of %d components that would hold %lld coefficients until its last "
                      "scan, more than the %lld this tool accepts",
                      cinfo.image_width, cinfo.image_height, kind_of(&cinfo), cinfo.num_components,
                      static_cast<long long>(coefficients_held(cinfo)),
                      static_cast<long long>(limits::kMaxJpegCoefficients));
        refuse(reinterpret_cast<j_common_ptr>(&cinfo), &budget);
    }
    cinfo.scale_num = 1;
    cinfo.scale_denom = static_cast<unsigned>(reduction);
    out->cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = out->cmyk ? JCS_CMYK : JCS_EXT_BGR;  // grey and RGB become BGR too
    jpeg_start_decompress(&cinfo);
    out->pixels.create(int(cinfo.output_height), int(cinfo.output_width), out->cmyk ? CV_8UC4 : CV_8UC3);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = out->pixels.ptr<JSAMPLE>(int(cinfo.output_scanline));
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return true;
}

// Adobe CMYK stores ink inverted (255 = none), so each colour is its inverted ink times the
// inverted black, as OpenCV converts it.
cv::Mat cmyk_to_bgr(const cv::Mat& cmyk) {
    cv::Mat out(cmyk.size(), CV_8UC3);
    for (int y = 0; y < cmyk.rows; ++y) {
        const auto* s = cmyk.ptr<cv::Vec4b>(y);
        auto* d = out.ptr<cv::Vec3b>(y);
        for (int x = 0; x < cmyk.cols; ++x) {
            const unsigned k = s[x][3];
            d[x] = cv::Vec3b(uchar((s[x][2] * k + 127) / 255), uchar((s[x][1] * k + 127) / 255),
                             uchar((s[x][0] * k + 127) / 255));
        }
    }
    return out;
}

}  // namespace

cv::Mat decode_jpeg(const Bytes& bytes, int reduction) {
    Output out;
    char message[JMSG_LENGTH_MAX] = {};
    if (!decompress(bytes, reduction, &out, message)) {
        if (out.refused)  // a decompression bomb, or a photo saved with an odd encoder's script
            throw Error(Errc::image_too_large, std::string("the file ") + message +
                                               ": send it as an ordinary (baseline) JPEG or a smaller photo");
        throw Error(Errc::image_decode, std::string("the JPEG data cannot be decoded (") + message +
                                        "): send the photo again or as a PNG");
    }
    return out.cmyk ? cmyk_to_bgr(out.pixels) : out.pixels;
}

}  // namespace photo
