#include "libphoto/department/resent_photos.hpp"

#include <sys/stat.h>

#include <fmt/format.h>

#include "libphoto/core/error.hpp"
#include "libphoto/io/file_io.hpp"
#include "libphoto/render/per_photo.hpp"

namespace photo {

int AssessedPhoto::rank() const {
    if (!error.empty() || !analysis) return 3;
    switch (verdict_of(checks)) {
        case Verdict::ready: return 0;
        case Verdict::fixable: return 1;
        case Verdict::retake: return 2;
    }
    return 3;
}

AssessedPhoto assess_photo(const InboxEntry& entry, const Preset& preset, const FaceModel& model, Lang lang) {
    AssessedPhoto p;
    p.entry = &entry;
    struct stat st {};
    if (::stat(entry.input.path.c_str(), &st) == 0)
        p.mtime_ns = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    try {
        p.bytes = std::make_shared<const Bytes>(read_file(entry.input.path));
        p.analysis = analyse_for(preset, p.bytes, entry.input.name(), model);
        p.checks = check_photo(*p.analysis, preset);
    } catch (const std::exception& e) {
        p.analysis.reset();
        p.error = error_message(e, lang);
    }
    return p;
}

std::size_t best_photo(const std::vector<AssessedPhoto>& photos) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < photos.size(); ++i) {
        const AssessedPhoto &a = photos[i], &b = photos[best];
        if (a.rank() != b.rank() ? a.rank() < b.rank() : a.mtime_ns > b.mtime_ns) best = i;
    }
    return best;
}

std::string choice_note(const std::vector<AssessedPhoto>& photos, std::size_t chosen, Lang lang) {
    if (photos.size() < 2) return "";
    const bool zh = lang == Lang::zh;
    const AssessedPhoto& c = photos[chosen];
    // Why: a better verdict than every other, else the newest, else sort_inbox's order.
    bool better = true, newer = true;
    std::string others;
    for (std::size_t i = 0; i < photos.size(); ++i) {
        if (i == chosen) continue;
        better = better && photos[i].rank() > c.rank();
        newer = newer && photos[i].mtime_ns < c.mtime_ns;
        others += (others.empty() ? "" : zh ? "、" : ", ") + photos[i].entry->input.name();
    }
    const char* why = better ? (zh ? "其他照片不如本张合格" : "the others pass fewer checks")
                      : newer ? (zh ? "本张最新" : "this one is the newest")
                              : (zh ? "本张不是副本或文件较大" : "not a copy, or the larger file");
    return zh ? fmt::format("同一学生有 {} 张照片，使用本张（{}）；另见 {}", photos.size(), why, others)
              : fmt::format("{} photos for this student; this one was used ({}); see also {}", photos.size(), why, others);
}

}  // namespace photo
