#include "libphoto/department/inbox.hpp"

#include <filesystem>
#include <map>

#include <fmt/format.h>

namespace photo {

namespace {
std::uintmax_t size_of(const std::string& path) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(path, ec);
    return ec ? 0 : n;
}

// Whether a should be used rather than b (same student).
bool preferred(const InboxEntry& a, const InboxEntry& b) {
    if (a.parsed.copy_suffix != b.parsed.copy_suffix) return !a.parsed.copy_suffix;
    const auto sa = size_of(a.input.path), sb = size_of(b.input.path);
    if (sa != sb) return sa > sb;
    return a.input.path < b.input.path;
}
}  // namespace

std::vector<InboxEntry> sort_inbox(const std::vector<InputFile>& inputs, const RosterIndex& roster) {
    std::vector<InboxEntry> entries;
    std::map<const Student*, std::size_t> chosen;  // student -> entry index
    for (const auto& in : inputs) {
        InboxEntry e;
        e.input = in;
        e.parsed = parse_photo_name(in.relative);
        Match m = match_photo(e.parsed, roster);
        // An attachment named IMG_1234.jpg: the mail's subject or its sender may name the student.
        for (std::size_t i = 0; m.status == MatchStatus::no_id && i < in.identity.size(); ++i) {
            const ParsedName hint = parse_photo_name(in.identity[i]);
            const Match by_hint = match_photo(hint, roster);
            if (by_hint.status == MatchStatus::no_id) continue;
            e.parsed = hint;
            m = by_hint;
        }
        e.student = m.student;
        e.matched_by_name = m.matched_by_name;
        switch (m.status) {
            case MatchStatus::matched: e.status = InboxStatus::chosen; break;
            case MatchStatus::name_mismatch:
                e.status = InboxStatus::name_mismatch;
                e.note_zh = fmt::format("文件名中的姓名“{}”与花名册（{} {}）不一致，请人工核对", e.parsed.name,
                                        m.student->student_id, m.student->name);
                e.note_en = fmt::format("the file names \"{}\" but the roster has {} {}: check by hand", e.parsed.name,
                                        m.student->student_id, m.student->name);
                break;
            case MatchStatus::unmatched:
                e.status = InboxStatus::unmatched;
                e.note_zh = "学号不在花名册中";
                e.note_en = "the student number is not on the roster";
                break;
            case MatchStatus::no_id:
                e.status = InboxStatus::no_id;
                e.note_zh = "文件名中没有学号，也无法按姓名唯一匹配";
                e.note_en = "no student number in the file name, and no unique name match";
                break;
        }
        entries.push_back(e);
        if (e.status != InboxStatus::chosen) continue;
        const std::size_t idx = entries.size() - 1;
        auto [it, fresh] = chosen.emplace(e.student, idx);
        if (fresh) continue;
        InboxEntry& old = entries[it->second];
        InboxEntry& now = entries[idx];
        InboxEntry& loser = preferred(now, old) ? old : now;
        InboxEntry& winner = &loser == &old ? now : old;
        loser.status = InboxStatus::duplicate;
        loser.note_zh = fmt::format("同一学生有多张照片，已使用 {}", winner.input.name());
        loser.note_en = fmt::format("several photos for this student; {} was used", winner.input.name());
        winner.note_zh = fmt::format("同一学生有多张照片，使用了本张（{}），另见 {}",
                                     winner.parsed.copy_suffix == loser.parsed.copy_suffix ? "文件较大" : "不是副本",
                                     loser.input.name());
        winner.note_en = fmt::format("several photos for this student; this one was used ({}), see also {}",
                                     winner.parsed.copy_suffix == loser.parsed.copy_suffix ? "larger file" : "not a copy",
                                     loser.input.name());
        it->second = &winner == &old ? it->second : idx;
    }
    return entries;
}

std::vector<InboxEntry> sort_inbox(const std::vector<InputFile>& inputs, const Roster& roster) {
    return sort_inbox(inputs, RosterIndex(roster));
}

StudentEntries::StudentEntries(const std::vector<InboxEntry>& entries) {
    for (const auto& e : entries) {
        if (e.status == InboxStatus::chosen && e.student) chosen_.emplace(e.student->student_id, &e);  // the first
        if (e.status == InboxStatus::name_mismatch && e.student) name_mismatch_[e.student] = &e;       // the last
    }
}

const InboxEntry* StudentEntries::chosen(const Student& student) const {
    const auto it = chosen_.find(student.student_id);
    return it == chosen_.end() ? nullptr : it->second;
}

const InboxEntry* StudentEntries::name_mismatch(const Student& student) const {
    const auto it = name_mismatch_.find(&student);
    return it == name_mismatch_.end() ? nullptr : it->second;
}

const char* to_string(InboxStatus s) {
    switch (s) {
        case InboxStatus::chosen: return "matched";
        case InboxStatus::duplicate: return "duplicate";
        case InboxStatus::name_mismatch: return "name_mismatch";
        case InboxStatus::unmatched: return "unmatched";
        case InboxStatus::no_id: return "no_id";
    }
    return "no_id";
}

}  // namespace photo
