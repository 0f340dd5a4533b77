#include "libphoto/department/originals.hpp"

#include <sys/stat.h>

#include "libphoto/core/error.hpp"

namespace photo {

// stat follows symbolic links: a link to an original is that original.
std::optional<FileId> file_id(const std::string& path) {
    struct stat st {};
    if (path.empty() || path == "-" || ::stat(path.c_str(), &st) != 0) return std::nullopt;
    return FileId{st.st_dev, st.st_ino};
}

void Originals::add(const std::string& path) {
    if (const auto id = file_id(path)) files_.emplace(*id, path);
}

std::string Originals::original_at(const std::string& path) const {
    const auto id = file_id(path);
    if (!id) return "";
    const auto it = files_.find(*id);
    return it == files_.end() ? "" : it->second;
}

void Originals::refuse_output(const std::string& output, const std::string& option) const {
    const std::string original = original_at(output);
    if (original.empty()) return;
    const std::string spelt = output == original ? "" : " (" + original + ")";
    throw Error(Errc::usage_output,
                "the output " + output + spelt + " is an input: originals are never overwritten, choose another " + option,
                "输出 " + output + spelt + " 就是输入文件：原件从不覆盖，请换一个 " + option);
}

}  // namespace photo
