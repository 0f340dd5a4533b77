#pragma once
// For the fuzz targets: a broken promise of the library's documentation is a finding just like
// a crash. Unlike assert() this stays on in the Release build, where the replay tests run.
#include <cstdio>
#include <cstdlib>

namespace fuzz {

inline void require(bool ok, const char* promise) {
    if (ok) return;
    std::fprintf(stderr, "fuzz: broken promise: %s\n", promise);
    std::abort();  // libFuzzer saves the input as a crash
}

}  // namespace fuzz
