// dlib's HOG face detector compiled for AVX2 + FMA, loaded at run time (hog_module.cpp) only
// on a processor that has them. Why a separate module: dlib's detector is header templates,
// compiled into whichever file uses them with that file's flags; Debian builds for x86-64
// without AVX, where dlib's filters run 4 floats at a time instead of 8. A second copy of the
// same templates built with -mavx2 inside libphoto would share symbol names with the first,
// and the linker would keep one of them for both (so either no gain or an AVX instruction on
// a processor without AVX). A shared module with hidden symbols keeps its copy to itself.
//
// The interface is plain C: the module deserialises its own detector from the same bytes the
// main program loaded, so no dlib object crosses the boundary.
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_processing/generic_image.h>

#include "libphoto/hog_levels.hpp"

#define IDPHOTO_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

// A grey image view over the caller's pixels, in dlib's generic image interface.
struct GreyView {
    const unsigned char* pixels;
    long rows, cols;
    std::size_t stride;
};

struct Detector {
    dlib::frontal_face_detector full;
    unsigned capped_levels = 0;
    std::once_flag capped_once;
    dlib::frontal_face_detector capped;
};

}  // namespace

namespace dlib {
template <>
struct image_traits<GreyView> {
    typedef unsigned char pixel_type;
};
}  // namespace dlib

namespace {
// dlib's generic image interface, found by argument-dependent lookup.
long num_rows(const GreyView& v) { return v.rows; }
long num_columns(const GreyView& v) { return v.cols; }
const void* image_data(const GreyView& v) { return v.pixels; }
long width_step(const GreyView& v) { return long(v.stride); }
}  // namespace

// The detector from dlib's serialisation (as in the model cache), or null if it does not read.
IDPHOTO_EXPORT void* idphoto_hog_create(const char* serialized, std::size_t size, unsigned capped_levels) {
    try {
        auto d = std::make_unique<Detector>();
        std::istringstream in(std::string(serialized, size));
        dlib::deserialize(d->full, in);
        d->capped_levels = capped_levels;
        return d.release();
    } catch (const std::exception&) {
        return nullptr;
    }
}

IDPHOTO_EXPORT void idphoto_hog_destroy(void* handle) { delete static_cast<Detector*>(handle); }

// Detections on the grey image as (left, top, right, bottom, confidence) in `out`, at most
// `capacity` of them; returns how many were found (may exceed capacity), or -1 on error.
// `capped` scans only the first capped_levels pyramid levels. Thread-safe: each call works on
// its own copy of the detector (dlib's is not const-callable).
IDPHOTO_EXPORT int idphoto_hog_detect(void* handle, const unsigned char* pixels, long rows, long cols,
                                      std::size_t stride, int capped, double* out, int capacity) {
    try {
        auto* d = static_cast<Detector*>(handle);
        if (capped) {
            std::call_once(d->capped_once, [d] { d->capped = photo::with_pyramid_levels(d->full, d->capped_levels); });
        }
        dlib::frontal_face_detector detector = capped ? d->capped : d->full;
        std::vector<dlib::rect_detection> found;
        detector(GreyView{pixels, rows, cols, stride}, found);
        for (std::size_t i = 0; i < found.size() && int(i) < capacity; ++i) {
            const dlib::rectangle& r = found[i].rect;
            double* o = out + 5 * i;
            o[0] = double(r.left()), o[1] = double(r.top()), o[2] = double(r.right()), o[3] = double(r.bottom());
            o[4] = found[i].detection_confidence;
        }
        return int(found.size());
    } catch (const std::exception&) {
        return -1;
    }
}
