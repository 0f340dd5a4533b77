#pragma once
// The AVX2 build of dlib's face detector (simd/hog_avx2.cpp, ~1.4x faster), opened at run
// time when this processor has AVX2 and FMA; otherwise face.cpp runs its own (x86-64 baseline)
// copy. The two find the same faces: their filters sum the same floats in another order.
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
    // Thread-safe. Throws Error("model.detect") if the module fails.
    std::vector<Hit> detect(const cv::Mat& grey, bool capped) const;
    const std::string& path() const { return path_; }

private:
    HogModule() = default;
    void* library_ = nullptr;
    void* detector_ = nullptr;
    void (*destroy_)(void*) = nullptr;
    int (*detect_)(void*, const unsigned char*, long, long, std::size_t, int, double*, int) = nullptr;
    std::string path_;
};

}  // namespace photo
