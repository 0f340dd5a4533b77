// dlib's HOG face detector compiled for AVX2 + FMA, loaded at run time (hog_module.cpp) only
// on a processor that has them. Why a separate module: dlib's detector is header templates,
// compiled into whichever file uses them with that file's flags; Debian builds for x86-64
// without AVX, where dlib's filters run 4 floats at a time instead of 8. A second copy of the
// same templates built with -mavx2 inside libphoto would share symbol names with the first,
// and the linker would keep one of them for both (so either no gain or an AVX instruction on
// a processor without AVX). A shared module with hidden symbols keeps its copy to itself.
//
// The search itself is FastScan (hog_scan.hpp): dlib's steps with the filtering of all the
// detector's components done together; idphoto_hog_detect_reference runs dlib's own
// object_detector on the same detector, so a test can hold the two to the same detections.
//
// The interface is plain C: the module deserialises its own detector from the same bytes the
// main program loaded, so no dlib object crosses the boundary.
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <dlib/image_processing/frontal_face_detector.h>

#include "libphoto/face/hog_levels.hpp"
#include "libphoto/face/simd/grey_view.hpp"
#include "libphoto/face/simd/hog_scan.hpp"

#define IDPHOTO_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

using idphoto_hog::FastScan;
using idphoto_hog::GreyView;

struct Detector {
    dlib::frontal_face_detector full;
    unsigned capped_levels = 0;
    std::optional<FastScan> fast_full, fast_capped;  // null: dlib's own scan does the work
    std::once_flag capped_once;
    dlib::frontal_face_detector capped;
};

// Up to `capacity` detections as (left, top, right, bottom, confidence); returns the count.
int write_hits(const std::vector<dlib::rect_detection>& found, double* out, int capacity) {
    for (std::size_t i = 0; i < found.size() && int(i) < capacity; ++i) {
        const dlib::rectangle& r = found[i].rect;
        double* o = out + 5 * i;
        o[0] = double(r.left()), o[1] = double(r.top()), o[2] = double(r.right()), o[3] = double(r.bottom());
        o[4] = found[i].detection_confidence;
    }
    return int(found.size());
}

// dlib's own object_detector on a private copy (it is not const-callable).
std::vector<dlib::rect_detection> dlib_detect(Detector& d, const GreyView& view, bool capped, double adjust) {
    if (capped) std::call_once(d.capped_once, [&d] { d.capped = photo::with_pyramid_levels(d.full, d.capped_levels); });
    dlib::frontal_face_detector detector = capped ? d.capped : d.full;
    std::vector<dlib::rect_detection> found;
    detector(view, found, adjust);
    return found;
}

}  // namespace

// The interface's version: hog_module.cpp opens only a module that speaks its own.
IDPHOTO_EXPORT int idphoto_hog_abi() { return 2; }

// The detector from dlib's serialisation (as in the model cache), or null if it does not read.
IDPHOTO_EXPORT void* idphoto_hog_create(const char* serialized, std::size_t size, unsigned capped_levels) {
    try {
        auto d = std::make_unique<Detector>();
        std::istringstream in(std::string(serialized, size));
        dlib::deserialize(d->full, in);
        d->capped_levels = capped_levels;
        d->fast_full = FastScan::from(d->full, d->full.get_scanner().get_max_pyramid_levels());
        if (d->fast_full) d->fast_capped = d->fast_full->with_max_levels(capped_levels);
        return d.release();
    } catch (const std::exception&) {
        return nullptr;
    }
}

IDPHOTO_EXPORT void idphoto_hog_destroy(void* handle) { delete static_cast<Detector*>(handle); }

// Detections on the grey image as (left, top, right, bottom, confidence) in `out`, at most
// `capacity` of them; returns how many were found (may exceed capacity), or -1 on error.
// `capped` scans only the first capped_levels pyramid levels; `adjust` is added to the
// detector's thresholds (0: dlib's default). Thread-safe.
IDPHOTO_EXPORT int idphoto_hog_detect(void* handle, const unsigned char* pixels, long rows, long cols,
                                      std::size_t stride, int capped, double adjust, double* out, int capacity) {
    try {
        auto* d = static_cast<Detector*>(handle);
        const GreyView view{pixels, rows, cols, stride};
        const std::optional<FastScan>& fast = capped ? d->fast_capped : d->fast_full;
        return write_hits(fast ? (*fast)(view, adjust) : dlib_detect(*d, view, capped != 0, adjust), out, capacity);
    } catch (const std::exception&) {
        return -1;
    }
}

// The same through dlib's object_detector, for tests to compare with.
IDPHOTO_EXPORT int idphoto_hog_detect_reference(void* handle, const unsigned char* pixels, long rows, long cols,
                                                std::size_t stride, int capped, double adjust, double* out,
                                                int capacity) {
    try {
        auto* d = static_cast<Detector*>(handle);
        return write_hits(dlib_detect(*d, GreyView{pixels, rows, cols, stride}, capped != 0, adjust), out, capacity);
    } catch (const std::exception&) {
        return -1;
    }
}
