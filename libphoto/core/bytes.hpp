#pragma once
// A file's contents in memory. Its own header so that modules that only pass bytes around
// (archives, encoders, file I/O) need not include the image loader.
#include <cstdint>
#include <vector>

namespace photo {

using Bytes = std::vector<std::uint8_t>;

}  // namespace photo
