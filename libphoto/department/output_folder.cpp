#include "libphoto/department/output_folder.hpp"

#include <filesystem>

#include "libphoto/core/error.hpp"
#include "libphoto/io/image_io.hpp"

namespace fs = std::filesystem;

namespace photo {

void mark_output_folder(const std::string& dir) {
    const std::string marker = (fs::path(dir) / kOutputMarker).string();
    std::error_code ec;
    if (fs::exists(marker, ec)) return;
    const std::string text = "idphoto writes its outputs here; it never reads this folder as input.\n";
    try {
        write_file_atomic(marker, Bytes(text.begin(), text.end()));
    } catch (const Error&) {
    }
}

bool is_output_folder(const std::string& dir) {
    std::error_code ec;
    return fs::is_regular_file(fs::path(dir) / kOutputMarker, ec);
}

}  // namespace photo
