#pragma once
// Hostile inputs of the security review (issue #15), built byte by byte so that the tests and
// bench/hostile_report.cpp try the very same files without committing large ones.
#include <cstdint>
#include <string>

#include "libphoto/image_io.hpp"

namespace hostile {

// A greyscale, uncompressed TIFF whose first IFD names ImageWidth/ImageLength twice: first
// `real` x `real` (what libtiff decodes), then 16x16 (what a reader keeping the last tag
// sees). No pixel data at all: libtiff decodes the missing strips as blank.
photo::Bytes tiff_with_duplicate_size(std::uint32_t real);

}  // namespace hostile
