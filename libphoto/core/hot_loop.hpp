#pragma once
// PHOTO_HOT_LOOP before a function compiles it twice, for AVX2 and for the x86-64 baseline
// Debian builds for, and picks one when the program starts (GCC's target_clones: an ifunc).
// For the per-pixel loops of the matte and the reductions, where 8 floats or 4 doubles at a
// time instead of 4 or 2 is most of the gain. "avx2" does not enable FMA, so both versions
// do the same arithmetic in the same order: results are bit for bit the same.
// GCC only (the release build); clang, which builds the sanitizer tree, gets plain functions.
// Templates a hot function calls must be inlined into it (always_inline) to be cloned too.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PHOTO_HOT_LOOP __attribute__((target_clones("avx2", "default")))
#else
#define PHOTO_HOT_LOOP
#endif
