#pragma once
// The AVX2 build of dlib's face detector (simd/hog_avx2.cpp), opened at run time when this
// processor has AVX2 and FMA; otherwise face.cpp runs its own (x86-64 baseline) copy. The
// module scans with all the detector's filters at once (simd/hog_filters.hpp): 2-2.5x faster
// than the built-in copy on a face search. The two find the same faces: their filters sum
// the same floats in another order.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace photo {

class HogModule {
public:
    struct Hit {
        double left, top, right, bottom, confidence;
    };

    // The module with its own detector deserialised from `serialized_detector`; null when the
    // processor lacks AVX2/FMA, $IDPHOTO_NO_SIMD is set, or no module is found: at
    // $IDPHOTO_HOG_MODULE, beside the program, or in the build tree.
    static std::unique_ptr<HogModule> open(const std::string& serialized_detector, unsigned capped_levels);
    ~HogModule();
    HogModule(const HogModule&) = delete;
    HogModule& operator=(const HogModule&) = delete;

    // Faces on a CV_8UC1 image; `capped`: only the first capped_levels pyramid levels.
    // Thread-safe. Throws Error(Errc::model_detect) if the module fails.
    // `adjust` is added to the detector's thresholds (below 0 finds more, weaker faces).
    std::vector<Hit> detect(const cv::Mat& grey, bool capped, double adjust = 0) const;
    // The same through dlib's own object_detector in the module (the search detect() speeds
    // up), for tests: the two must agree score for score.
    std::vector<Hit> detect_reference(const cv::Mat& grey, bool capped, double adjust = 0) const;
    const std::string& path() const { return path_; }

private:
    using DetectFn = int (*)(void*, const unsigned char*, long, long, std::size_t, int, double, double*, int);
    HogModule() = default;
    std::vector<Hit> run(DetectFn fn, const cv::Mat& grey, bool capped, double adjust) const;
    void* library_ = nullptr;
    void* detector_ = nullptr;
    void (*destroy_)(void*) = nullptr;
    DetectFn detect_ = nullptr;
    DetectFn reference_ = nullptr;
    std::string path_;
};

}  // namespace photo
