#include "libphoto/matte/float_order.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace photo {

namespace {

std::uint32_t bits_of(float f) {
    std::uint32_t k;
    std::memcpy(&k, &f, sizeof k);
    return k;
}

float float_of(std::uint32_t k) {
    float f;
    std::memcpy(&f, &k, sizeof f);
    return f;
}

// Below this many values std::nth_element is as quick as the histogram's fixed cost.
constexpr std::size_t kSmallSelect = 2048;

float plain_nth(const std::vector<float>& v, std::size_t k) {
    std::vector<float> copy = v;
    std::nth_element(copy.begin(), copy.begin() + std::ptrdiff_t(k), copy.end());
    return copy[k];
}

}  // namespace

void sort_nonnegative(std::vector<float>& v) {
    // LSD radix sort, three passes of 11 bits.
    std::vector<std::uint32_t> keys(v.size()), tmp(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) keys[i] = bits_of(v[i]);
    for (int shift = 0; shift < 32; shift += 11) {
        std::size_t count[2049] = {};
        for (const std::uint32_t k : keys) ++count[((k >> shift) & 2047u) + 1];
        for (int b = 0; b < 2048; ++b) count[b + 1] += count[b];
        for (const std::uint32_t k : keys) tmp[count[(k >> shift) & 2047u]++] = k;
        keys.swap(tmp);
    }
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = float_of(keys[i]);
}

float nth_nonnegative(const std::vector<float>& v, std::size_t k) {
    if (v.size() <= kSmallSelect) return plain_nth(v, k);
    // MSD radix select: count the values by their top 16 bits (the sign bit is 0), find the
    // bucket that holds the k-th, then select among that bucket's few values. On random
    // data std::nth_element mispredicts a branch per element and pass: ~6 ns per value
    // against ~1.5 here.
    std::vector<std::uint32_t> count(1u << 15, 0);
    std::uint32_t signs = 0;  // a negative value would order wrongly: then the plain way
    for (const float f : v) {
        const std::uint32_t b = bits_of(f);
        signs |= b;
        ++count[(b >> 16) & 0x7FFFu];
    }
    if (signs & 0x80000000u) return plain_nth(v, k);
    std::uint32_t bucket = 0;
    std::size_t before = 0;
    while (before + count[bucket] <= k) before += count[bucket++];
    std::vector<std::uint32_t> in;
    in.reserve(count[bucket]);
    for (const float f : v)
        if ((bits_of(f) >> 16) == bucket) in.push_back(bits_of(f));
    const std::size_t at = k - before;
    std::nth_element(in.begin(), in.begin() + std::ptrdiff_t(at), in.end());
    return float_of(in[at]);
}

}  // namespace photo
