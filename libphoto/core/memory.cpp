#include "libphoto/core/memory.hpp"

#include <malloc.h>

namespace photo {

namespace {
// Blocks up to this size come from the heap (and are reused) rather than from mmap: the
// largest buffer of an analysis is a few tens of MB (a sharper decode of a 12 MP crop).
constexpr int kMmapThreshold = 64 << 20;
}  // namespace

void retain_freed_memory() {
    mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
    mallopt(M_TRIM_THRESHOLD, 0x7FFFFFFF);  // never give the heap's free top back
}

}  // namespace photo
