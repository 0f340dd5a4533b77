#pragma once
// The landmark model (dlib's shape_predictor: a cascade of regression-tree forests, Kazemi &
// Sullivan 2014) held as flat arrays in one byte buffer, so that a cached copy is usable
// straight from a memory mapping instead of being rebuilt from dlib's portable serialisation
// (99 MB of variable-length integers, ~1 s). Prediction replays dlib's own
// shape_predictor::operator() step by step with dlib's helpers, so landmarks are identical to
// dlib's (tests/face_test.cpp compares them).
//
// Payload layout (host byte order, every item 4 bytes, so 4-byte alignment holds throughout):
//   u32 coords (2 x parts), u32 cascades, f32 initial_shape[coords]
//   per cascade: u32 trees; per tree: u32 splits, {u32 idx1, u32 idx2, f32 thresh}[splits],
//                f32 leaves[(splits + 1) x coords]
//   per cascade: u32 pixels, u32 anchor_idx[pixels], f32 deltas[2 x pixels]
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <dlib/image_processing/full_object_detection.h>
#include <dlib/opencv/cv_image.h>

#include "libphoto/face/model_cache.hpp"

namespace photo {

class LandmarkModel {
public:
    // Format version of the payload; part of the cache key.
    static constexpr std::uint32_t kPayloadVersion = 1;

    // Reads dlib's serialised shape_predictor (the .dat) into a payload. Throws
    // std::runtime_error (dlib::serialization_error) when the file is not one.
    static std::vector<unsigned char> payload_from_dat(const std::string& path);

    // The model over a payload (from payload_from_dat or from the cache), which it keeps
    // alive. Checks every count and index against the payload's size; throws
    // std::runtime_error when anything is out of bounds.
    explicit LandmarkModel(std::shared_ptr<const model_cache::Payload> payload);

    unsigned long num_parts() const { return coords_ / 2; }

    // Same as dlib::shape_predictor::operator()(img, rect).
    dlib::full_object_detection operator()(const dlib::cv_image<unsigned char>& img, const dlib::rectangle& rect) const;

private:
    struct Split {
        std::uint32_t idx1, idx2;
        float thresh;
    };
    struct Tree {
        std::uint32_t num_splits;
        const Split* splits;   // into the payload
        const float* leaves;   // into the payload, (num_splits + 1) x coords_
    };
    struct Cascade {
        std::vector<Tree> trees;
        std::vector<unsigned long> anchor_idx;          // as dlib keeps them
        std::vector<dlib::vector<float, 2>> deltas;
    };

    std::shared_ptr<const model_cache::Payload> payload_;
    std::uint32_t coords_ = 0;
    dlib::matrix<float, 0, 1> initial_shape_;
    std::vector<Cascade> cascades_;
};

}  // namespace photo
