#include "libphoto/face/landmark_model.hpp"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <dlib/image_processing/shape_predictor.h>
#include <dlib/serialize.h>

namespace photo {

namespace {

void put_u32(std::vector<unsigned char>& out, std::uint32_t v) {
    const auto* p = reinterpret_cast<const unsigned char*>(&v);
    out.insert(out.end(), p, p + 4);
}
void put_f32(std::vector<unsigned char>& out, float v) {
    const auto* p = reinterpret_cast<const unsigned char*>(&v);
    out.insert(out.end(), p, p + 4);
}
std::uint32_t checked_u32(unsigned long v) {
    if (v > 0xffffffffUL) throw dlib::serialization_error("landmark model: count out of range");
    return std::uint32_t(v);
}

// Reads the payload front to back, refusing to step past its end.
class Cursor {
public:
    Cursor(const unsigned char* data, std::size_t size) : p_(data), end_(data + size) {}
    std::uint32_t u32() {
        std::uint32_t v;
        std::memcpy(&v, take(4), 4);
        return v;
    }
    float f32() {
        float v;
        std::memcpy(&v, take(4), 4);
        return v;
    }
    // `count` items of 4 bytes each, aligned as the payload is.
    const unsigned char* words(std::uint64_t count) {
        if (count > std::uint64_t(end_ - p_) / 4) fail();
        return take(std::size_t(count) * 4);
    }
    bool at_end() const { return p_ == end_; }

    [[noreturn]] static void fail() { throw std::runtime_error("landmark model payload is malformed"); }

private:
    const unsigned char* take(std::size_t n) {
        if (std::size_t(end_ - p_) < n) fail();
        const unsigned char* at = p_;
        p_ += n;
        return at;
    }
    const unsigned char* p_;
    const unsigned char* end_;
};

// How many trees ahead the walk asks for the splits it will read.
constexpr std::size_t kSplitsAhead = 8;

// Asks for every cache line of [p, p + bytes) without waiting for it.
void prefetch(const void* p, std::size_t bytes) {
    constexpr std::uintptr_t kLine = 64;
    const auto first = reinterpret_cast<std::uintptr_t>(p) & ~(kLine - 1);
    const auto end = reinterpret_cast<std::uintptr_t>(p) + bytes;
    for (std::uintptr_t a = first; a < end; a += kLine) __builtin_prefetch(reinterpret_cast<const void*>(a));
}

}  // namespace

std::vector<unsigned char> LandmarkModel::payload_from_dat(const std::string& path) {
    // The fields of dlib::deserialize(shape_predictor&) in its order, with the trees converted
    // one at a time (so the 120,000 small leaf vectors never exist all at once). A std::vector
    // is serialised by dlib as its size followed by its elements.
    std::ifstream in(path, std::ios::binary);
    if (!in) throw dlib::serialization_error("Unable to open " + path + " for reading.");
    int version = 0;
    dlib::deserialize(version, in);
    if (version != 1) throw dlib::serialization_error("Unexpected version found while deserializing dlib::shape_predictor.");
    dlib::matrix<float, 0, 1> initial_shape;
    dlib::deserialize(initial_shape, in);
    if (initial_shape.size() == 0 || initial_shape.size() % 2 != 0)
        throw dlib::serialization_error("landmark model: bad initial shape");
    const std::uint32_t coords = checked_u32(initial_shape.size());

    std::vector<unsigned char> out;
    out.reserve(std::size_t(70) << 20);  // the 68-point model's payload is ~66 MB
    put_u32(out, coords);
    unsigned long cascades = 0;
    dlib::deserialize(cascades, in);
    put_u32(out, checked_u32(cascades));
    for (long i = 0; i < initial_shape.size(); ++i) put_f32(out, initial_shape(i));

    dlib::impl::regression_tree tree;
    for (unsigned long c = 0; c < cascades; ++c) {
        unsigned long trees = 0;
        dlib::deserialize(trees, in);
        put_u32(out, checked_u32(trees));
        for (unsigned long t = 0; t < trees; ++t) {
            deserialize(tree, in);  // a hidden friend: found by ADL only
            if (tree.leaf_values.size() != tree.splits.size() + 1)
                throw dlib::serialization_error("landmark model: a tree is not full");
            put_u32(out, checked_u32(tree.splits.size()));
            for (const auto& s : tree.splits) {
                put_u32(out, checked_u32(s.idx1));
                put_u32(out, checked_u32(s.idx2));
                put_f32(out, s.thresh);
            }
            for (const auto& leaf : tree.leaf_values) {
                if (leaf.size() != initial_shape.size()) throw dlib::serialization_error("landmark model: bad leaf size");
                const auto* p = reinterpret_cast<const unsigned char*>(&leaf(0));
                out.insert(out.end(), p, p + sizeof(float) * coords);
            }
        }
    }

    std::vector<std::vector<unsigned long>> anchor_idx;
    std::vector<std::vector<dlib::vector<float, 2>>> deltas;
    dlib::deserialize(anchor_idx, in);
    dlib::deserialize(deltas, in);
    if (anchor_idx.size() != cascades || deltas.size() != cascades)
        throw dlib::serialization_error("landmark model: pixel sets do not match the cascades");
    for (unsigned long c = 0; c < cascades; ++c) {
        if (anchor_idx[c].size() != deltas[c].size()) throw dlib::serialization_error("landmark model: bad pixel set");
        put_u32(out, checked_u32(anchor_idx[c].size()));
        for (unsigned long a : anchor_idx[c]) put_u32(out, checked_u32(a));
        for (const auto& d : deltas[c]) {
            put_f32(out, d.x());
            put_f32(out, d.y());
        }
    }
    return out;
}

LandmarkModel::LandmarkModel(std::shared_ptr<const model_cache::Payload> payload) : payload_(std::move(payload)) {
    Cursor in(payload_->data(), payload_->size());
    coords_ = in.u32();
    if (coords_ == 0 || coords_ % 2 != 0 || coords_ > 100000) Cursor::fail();
    const std::uint32_t cascades = in.u32();
    if (cascades > 1000) Cursor::fail();
    initial_shape_.set_size(coords_);
    for (std::uint32_t i = 0; i < coords_; ++i) initial_shape_(i) = in.f32();

    cascades_.resize(cascades);
    for (Cascade& cascade : cascades_) {
        const std::uint32_t trees = in.u32();
        cascade.trees.resize(trees);
        for (Tree& tree : cascade.trees) {
            tree.num_splits = in.u32();
            const std::uint64_t leaves = std::uint64_t(tree.num_splits) + 1;
            if ((leaves & (leaves - 1)) != 0) Cursor::fail();  // dlib's trees are full: 2^depth leaves
            tree.splits = reinterpret_cast<const Split*>(in.words(std::uint64_t(tree.num_splits) * 3));
            tree.leaves = reinterpret_cast<const float*>(in.words(leaves * coords_));
        }
    }
    for (Cascade& cascade : cascades_) {
        const std::uint32_t pixels = in.u32();
        const unsigned char* anchors = in.words(pixels);
        const unsigned char* deltas = in.words(std::uint64_t(pixels) * 2);
        cascade.anchor_idx.resize(pixels);
        cascade.deltas.resize(pixels);
        for (std::uint32_t i = 0; i < pixels; ++i) {
            std::uint32_t a;
            float d[2];
            std::memcpy(&a, anchors + 4 * std::size_t(i), 4);
            std::memcpy(d, deltas + 8 * std::size_t(i), 8);
            if (a >= coords_ / 2) Cursor::fail();
            cascade.anchor_idx[i] = a;
            cascade.deltas[i] = dlib::vector<float, 2>(d[0], d[1]);
        }
        for (const Tree& tree : cascade.trees)
            for (std::uint32_t s = 0; s < tree.num_splits; ++s)
                if (tree.splits[s].idx1 >= pixels || tree.splits[s].idx2 >= pixels) Cursor::fail();
    }
    if (!in.at_end()) Cursor::fail();
}

dlib::full_object_detection LandmarkModel::operator()(const dlib::cv_image<unsigned char>& img,
                                                      const dlib::rectangle& rect) const {
    // dlib::shape_predictor::operator()(img, rect), with the trees read from flat arrays.
    using namespace dlib::impl;
    dlib::matrix<float, 0, 1> current_shape = initial_shape_;
    std::vector<float> feature_pixel_values;
    std::vector<const float*> leaves;
    for (const Cascade& cascade : cascades_) {
        extract_feature_pixel_values(img, rect, current_shape, initial_shape_, cascade.anchor_idx, cascade.deltas,
                                     feature_pixel_values);
        // The walks depend only on the pixel values, fixed for the whole cascade, so they all
        // go first and the leaves are summed after. Why: the model is ~45 MB and each tree
        // reads a few splits and one 544-byte leaf from anywhere in it; walked and summed in
        // turn, the CPU waits on memory for every tree (most of this function's time). Split
        // by phase, the splits are fetched a few trees ahead and each leaf is fetched as soon
        // as it is known. The sum runs in the same order: results are unchanged to the bit.
        const std::size_t n = cascade.trees.size();
        leaves.resize(n);
        for (std::size_t t = 0; t < n; ++t) {
            if (t + kSplitsAhead < n) prefetch(cascade.trees[t + kSplitsAhead].splits,
                                               cascade.trees[t + kSplitsAhead].num_splits * sizeof(Split));
            const Tree& tree = cascade.trees[t];
            // regression_tree::operator(): walk from the root to a leaf.
            unsigned long i = 0;
            while (i < tree.num_splits) {
                const Split& s = tree.splits[i];
                if ((float)feature_pixel_values[s.idx1] - (float)feature_pixel_values[s.idx2] > s.thresh)
                    i = left_child(i);
                else
                    i = right_child(i);
            }
            leaves[t] = tree.leaves + (i - tree.num_splits) * coords_;
            prefetch(leaves[t], coords_ * sizeof(float));
        }
        float* shape = &current_shape(0);
        for (const float* leaf : leaves)
            for (std::uint32_t k = 0; k < coords_; ++k) shape[k] += leaf[k];  // current_shape += leaf
    }
    const dlib::point_transform_affine tform_to_img = unnormalizing_tform(rect);
    std::vector<dlib::point> parts(current_shape.size() / 2);
    for (unsigned long i = 0; i < parts.size(); ++i) parts[i] = tform_to_img(location(current_shape, i));
    return dlib::full_object_detection(rect, parts);
}

}  // namespace photo
