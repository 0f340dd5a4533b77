#include "libphoto/department/rename.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "libphoto/core/ascii.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/image_io.hpp"
#include "libphoto/department/output_folder.hpp"

namespace fs = std::filesystem;

namespace photo {

std::vector<RenameStep> plan_renames(const std::vector<InboxEntry>& entries, const std::string& out_dir,
                                     const std::string& pattern) {
    std::vector<RenameStep> steps;
    for (const auto& e : entries) {
        if (e.status != InboxStatus::chosen) continue;
        std::string ext = ascii_lower(fs::path(e.input.relative).extension().string());
        if (ext == ".jpeg") ext = ".jpg";
        RenameStep s;
        s.entry = &e;
        s.target = (fs::path(out_dir) / (format_pattern(pattern, *e.student) + ext)).string();
        steps.push_back(s);
    }
    return steps;
}

void apply_rename(RenameStep& step) {
    try {
        const Bytes bytes = read_file(step.entry->input.path);
        std::error_code ec;
        if (fs::exists(step.target, ec)) {
            if (read_file(step.target) == bytes) {
                step.already = true;
                return;
            }
            step.error = "a different file already has this name; it was left as it is";
            return;
        }
        fs::create_directories(fs::path(step.target).parent_path(), ec);
        mark_output_folder(fs::path(step.target).parent_path().string());
        write_file_atomic(step.target, bytes);
        step.copied = true;
    } catch (const Error& e) {
        step.error = e.what();
    }
}

}  // namespace photo
