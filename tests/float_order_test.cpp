// The radix sort and select of the matte's samples must give exactly what std::sort and
// std::nth_element give: the backdrop tolerances and fits (and so every output) hang on them.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "libphoto/matte/float_order.hpp"

namespace {
// Shading-like values (a narrow spread near 1), quantised ones with many ties, and a wide
// range from 0 to a few hundred (colour residuals).
std::vector<float> values(std::size_t n, int kind, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<float> v(n);
    std::normal_distribution<float> narrow(1.f, 0.05f);
    std::uniform_int_distribution<int> level(0, 40);
    std::exponential_distribution<float> wide(0.05f);
    for (auto& x : v) x = kind == 0 ? std::abs(narrow(rng)) : kind == 1 ? float(level(rng)) / 8.f : wide(rng);
    if (n > 3) v[n / 3] = 0.f;  // zero itself sorts first
    return v;
}
}  // namespace

TEST_CASE("sort_nonnegative orders as std::sort does") {
    for (std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(100), std::size_t(5000), std::size_t(40000)})
        for (int kind = 0; kind < 3; ++kind) {
            CAPTURE(n);
            CAPTURE(kind);
            std::vector<float> v = values(n, kind, 7), expected = v;
            std::sort(expected.begin(), expected.end());
            photo::sort_nonnegative(v);
            CHECK(v == expected);
        }
}

TEST_CASE("nth_nonnegative picks std::nth_element's element and leaves the values alone") {
    // Sizes on both sides of the small-input path, ranks at both ends and in between.
    for (std::size_t n : {std::size_t(1), std::size_t(300), std::size_t(2049), std::size_t(30000)})
        for (int kind = 0; kind < 3; ++kind)
            for (double q : {0.0, 0.5, 0.99, 1.0}) {
                const std::vector<float> v = values(n, kind, 11);
                const std::size_t k = std::min(n - 1, std::size_t(q * double(n)));
                std::vector<float> copy = v;
                std::nth_element(copy.begin(), copy.begin() + std::ptrdiff_t(k), copy.end());
                CAPTURE(n);
                CAPTURE(kind);
                CAPTURE(k);
                CHECK(photo::nth_nonnegative(v, k) == copy[k]);
                CHECK(v == values(n, kind, 11));
            }
}

TEST_CASE("nth_nonnegative given a negative value still answers as std::nth_element") {
    std::vector<float> v = values(10000, 2, 3);
    v[17] = -4.f;
    v[9000] = -0.5f;
    std::vector<float> copy = v;
    std::nth_element(copy.begin(), copy.begin() + 1, copy.end());
    CHECK(photo::nth_nonnegative(v, 0) == -4.f);
    CHECK(photo::nth_nonnegative(v, 1) == copy[1]);
    std::nth_element(copy.begin(), copy.begin() + 5000, copy.end());
    CHECK(photo::nth_nonnegative(v, 5000) == copy[5000]);
}
