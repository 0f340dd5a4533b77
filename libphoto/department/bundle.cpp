#include "libphoto/department/bundle.hpp"

#include <filesystem>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include "libphoto/department/csv.hpp"
#include "libphoto/department/notices.hpp"
#include "libphoto/department/xlsx_write.hpp"
#include "libphoto/io/encode_jpeg.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/render/make.hpp"
#include "libphoto/department/output_folder.hpp"
#include "libphoto/department/overrides.hpp"
#include "libphoto/render/report.hpp"
#include "libphoto/core/parallel.hpp"
#include "libphoto/department/resent_photos.hpp"
#include "libphoto/department/review.hpp"

namespace fs = std::filesystem;

namespace photo {

namespace {
// Thumbnails in review.html: small enough that a class of 300 stays a few MB.
constexpr int kThumbHeight = 160;
constexpr int kThumbQuality = 70;
constexpr int kThumbDpi = 96;  // a screen's

std::string thumbnail(const cv::Mat& bgr) {
    if (bgr.empty()) return "";
    cv::Mat small;
    const double k = double(kThumbHeight) / bgr.rows;
    cv::resize(bgr, small, cv::Size(), k, k, cv::INTER_AREA);
    const Bytes jpg = encode_jpeg(small, kThumbQuality, kThumbDpi);
    return std::string(jpg.begin(), jpg.end());
}

// The thumbnail of a file no check read (a name mismatch, a file that names nobody), so the
// card shows whose face it is; "" when it cannot be decoded.
std::string thumbnail_of(const InputFile& file) {
    try {
        LoadOptions small;
        small.min_long_side = 4 * kThumbHeight;  // a 12 MP JPEG decodes at 1/8 scale
        return thumbnail(load_image(file.path, small).bgr);
    } catch (const std::exception&) {
        return "";
    }
}

std::string failed_messages(const std::vector<CheckResult>& checks, CheckGroup group, Lang lang) {
    std::string out;
    for (const auto& c : checks)
        if (c.status == CheckStatus::fail && c.group == group)
            out += (out.empty() ? "" : lang == Lang::zh ? "；" : "; ") + message(c, lang);
    return out;
}

// Writes photos/<id>.jpg from the photo used: the original bytes when it is ready, the made
// photo when it is fixable; a retake or an unreadable file writes nothing.
void finish(const AssessedPhoto& p, const std::string& photo_name, const Preset& preset, const BundleOptions& o,
            const Originals& originals, BundleRow& row) {
    MakeOptions make_options;
    make_options.background = o.background;
    for (const auto& c : p.checks)  // what overrides.csv accepted for this photo, make accepts too
        if (c.status == CheckStatus::accepted) make_options.accept.insert(c.id);
    row.source = p.entry->input.name();
    row.sender = p.entry->input.sender;
    if (!p.error.empty()) {
        row.status = RowStatus::error;
        row.reason = p.error;
        return;
    }
    try {
        const Analysis& a = *p.analysis;
        const std::string out = (fs::path(o.out_dir) / "photos" / photo_name).string();
        originals.refuse_output(out);
        row.before_jpeg = thumbnail(a.image.bgr);
        const Verdict v = verdict_of(p.checks);
        if (v == Verdict::ready) {
            write_file_atomic(out, *p.bytes);
            row.status = RowStatus::ready;
            row.after_jpeg = row.before_jpeg;
        } else if (v == Verdict::fixable) {
            const MakeResult r = make_photo(a, preset, make_options);
            if (!r.made()) {  // make's capture checks are the same checks: not expected
                row.status = RowStatus::retake;
                row.reason = failed_messages(r.checks, CheckGroup::capture, o.lang);
                return;
            }
            write_file_atomic(out, r.jpeg->bytes);
            row.status = RowStatus::fixed;
            row.reason = failed_messages(p.checks, CheckGroup::submission, o.lang);
            row.continued = continuation_note(*r.plan, o.lang);
            row.after_jpeg = thumbnail(decode_image(r.jpeg->bytes).bgr);
        } else {
            row.status = RowStatus::retake;
            row.reason = failed_messages(p.checks, CheckGroup::capture, o.lang);
            return;
        }
        row.output = (fs::path("photos") / photo_name).string();
    } catch (const std::exception& ex) {
        row.status = RowStatus::error;
        row.reason = error_message(ex, o.lang);
    }
}

// Marks the capture checks an 'accept' row of overrides.csv names (or all that fail) accepted.
void accept_override(std::vector<CheckResult>& checks, const Override& o) {
    std::set<std::string> ids = o.checks;
    if (ids.empty())
        for (const auto& c : checks)
            if (c.status == CheckStatus::fail && c.group == CheckGroup::capture) ids.insert(c.id);
    accept_checks(checks, ids, o.note);
}

// overrides.csv when the department wrote one; else it is created with its header only.
Overrides read_overrides(const std::string& path, const Roster& roster) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        const std::string t = overrides_template();
        write_file_atomic(path, Bytes(t.begin(), t.end()));
        return {};
    }
    const Bytes bytes = read_file(path);
    return parse_overrides(std::string(bytes.begin(), bytes.end()), roster);
}

// Appends `note` to a manifest reason.
void add_note(std::string& reason, const std::string& note, Lang lang) {
    if (note.empty()) return;
    reason += (reason.empty() ? "" : lang == Lang::zh ? "；" : "; ") + note;
}

void write_csv(const std::string& path, const std::vector<std::vector<std::string>>& rows) {
    std::string text = "\xEF\xBB\xBF";  // UTF-8 BOM: Excel then opens Chinese text correctly
    for (const auto& r : rows) {
        for (std::size_t i = 0; i < r.size(); ++i) text += (i ? "," : "") + csv_field(r[i]);
        text += "\r\n";
    }
    write_file_atomic(path, Bytes(text.begin(), text.end()));
}

// notices/<学号> <姓名>.txt for each student who must send a photo, ready to paste into a reply.
// Notices of an earlier run are replaced; one whose student is now done is left as it was.
void write_notices(const std::vector<BundleRow>& rows, std::size_t students, const BundleOptions& o) {
    bool made_dir = false;
    for (std::size_t i = 0; i < students && i < rows.size(); ++i) {
        if (!needs_notice(rows[i].status)) continue;
        if (!made_dir) {  // only when some student gets a notice
            std::error_code ec;
            fs::create_directories(fs::path(o.out_dir) / "notices", ec);
            made_dir = true;
        }
        const std::string text = notice_text(rows[i], o.lang);
        write_file_atomic((fs::path(o.out_dir) / notice_file_name(rows[i])).string(), Bytes(text.begin(), text.end()));
    }
}

std::string inbox_reason(const InboxEntry& e, Lang lang) { return lang == Lang::zh ? e.note_zh : e.note_en; }

// A file named for a student that cannot be used (a renamed document, an empty upload, an
// archive that cannot be read, a refused member) means the student did send something: the
// first such file of each student, to say what is wrong instead of "missing".
struct Unusable {
    std::string source, reason_zh, reason_en;
};

std::unordered_map<const Student*, Unusable> unusable_by_student(const std::vector<InputFile>& ignored,
                                                                 const std::vector<InputProblem>& problems,
                                                                 const RosterIndex& roster) {
    std::unordered_map<const Student*, Unusable> out;
    const auto add = [&](const std::string& file_name, Unusable u) {
        const Match m = match_photo(parse_photo_name(fs::path(file_name).filename().string()), roster);
        if (m.status == MatchStatus::matched) out.emplace(m.student, std::move(u));
    };
    for (const auto& f : ignored)
        add(f.relative, {f.name(), "发来的文件不是照片（空文件或其他文档）：请重新发送照片",
                         "the file sent is not a photo (empty or another kind of document): send the photo again"});
    for (const auto& p : problems)
        add(p.file_name.empty() ? p.path : p.file_name,
            {p.path, fmt::format("发来的文件无法读取（{}）：请重新发送照片", p.reason_zh.empty() ? p.reason : p.reason_zh),
             fmt::format("the file sent cannot be read ({}): send the photo again", p.reason)});
    return out;
}
}  // namespace

BundleResult run_bundle(const BundleInputs& inputs, const Roster& roster, const Preset& preset,
                        const BundleOptions& o, const FaceModel& model, ZipWriter zip) {
    const bool zh = o.lang == Lang::zh;
    const std::vector<InputFile>& images = inputs.images;
    const std::vector<InputFile>& ignored = inputs.ignored;
    const std::string zip_path = (fs::path(o.out_dir) / (zh ? "毕业照片.zip" : "photos.zip")).string();
    const std::string manifest_path = (fs::path(o.out_dir) / "manifest.csv").string();
    const std::string manifest_xlsx_path = (fs::path(o.out_dir) / "manifest.xlsx").string();
    const std::string retake_path = (fs::path(o.out_dir) / "retake.csv").string();
    const std::string review_path = (fs::path(o.out_dir) / "review.html").string();
    for (const std::string& out : {zip_path, manifest_path, manifest_xlsx_path, retake_path, review_path}) inputs.originals.refuse_output(out);
    std::error_code ec;
    fs::create_directories(fs::path(o.out_dir) / "photos", ec);
    if (ec) throw Error(Errc::io_write, "cannot create " + o.out_dir + "/photos: " + ec.message());
    mark_output_folder(o.out_dir);
    mark_output_folder((fs::path(o.out_dir) / "photos").string());
    resolve_background(preset, o.background);
    BundleResult result;
    result.overrides_path = (fs::path(o.out_dir) / "overrides.csv").string();
    const Overrides overrides = read_overrides(result.overrides_path, roster);
    result.override_issues = overrides.issues;

    // Every lookup below goes through these tables, built once: the roster's students and
    // the inbox's files are each visited once, whatever their numbers (issue #15).
    const RosterIndex index(roster);
    const std::vector<InboxEntry> entries = sort_inbox(images, index);
    const StudentEntries by_student(entries);
    const auto unusable = unusable_by_student(ignored, inputs.problems, index);
    // Each student's photos, the one sort_inbox chose first: a re-send may be the one to use.
    std::unordered_map<const Student*, std::vector<const InboxEntry*>> resent;
    for (const auto& e : entries)
        if (e.status == InboxStatus::duplicate) resent[e.student].push_back(&e);
    // One row per roster student, in roster order; then one per file that is nobody's.
    std::vector<std::vector<const InboxEntry*>> work;  // a student's photos, best guess first
    std::vector<const Override*> accepted;             // the student's 'accept' of overrides.csv
    std::vector<std::string> names;
    for (const auto& st : roster.students) {
        BundleRow row;
        row.student_id = st.student_id;
        row.name = st.name;
        const InboxEntry* chosen = by_student.chosen(st);
        const auto decided = overrides.by_student_id.find(st.student_id);
        const Override* override_ = decided == overrides.by_student_id.end() ? nullptr : &decided->second;
        if (override_) row.override_note = describe(*override_, zh);
        if (!chosen && override_ && override_->accept_name) chosen = by_student.name_mismatch(st);  // checked by hand
        if (!chosen) {
            row.status = RowStatus::missing;
            row.reason = zh ? "没有收到照片：请学生发送照片" : "no photo received: ask the student for one";
            if (const InboxEntry* e = by_student.name_mismatch(st)) {
                row.status = RowStatus::name_mismatch;
                row.source = e->input.name();
                row.sender = e->input.sender;
                row.before_jpeg = thumbnail_of(e->input);
                row.reason = inbox_reason(*e, o.lang);
            } else if (const auto u = unusable.find(&st); u != unusable.end()) {
                row.status = RowStatus::error;
                row.source = u->second.source;
                row.reason = zh ? u->second.reason_zh : u->second.reason_en;
            }
        }
        result.rows.push_back(row);
        work.emplace_back();
        accepted.push_back(override_ && override_->accept ? override_ : nullptr);
        if (chosen) {
            work.back().push_back(chosen);
            if (const auto r = resent.find(chosen->student); r != resent.end())
                work.back().insert(work.back().end(), r->second.begin(), r->second.end());
        }
        const std::string id = o.name_by_id_number && !st.id_number.empty() ? st.id_number : st.student_id;
        names.push_back(id + ".jpg");
    }
    std::vector<std::vector<BundleRow>> not_used(work.size());  // the other photos of each student
    parallel_for(work.size(), o.jobs, [&](std::size_t i) {
        if (work[i].empty()) return;
        std::vector<AssessedPhoto> photos;
        for (const InboxEntry* e : work[i]) {
            photos.push_back(assess_photo(*e, preset, model, o.lang));
            if (accepted[i]) accept_override(photos.back().checks, *accepted[i]);
        }
        const std::size_t best = best_photo(photos);
        finish(photos[best], names[i], preset, o, inputs.originals, result.rows[i]);
        add_note(result.rows[i].reason, choice_note(photos, best, o.lang), o.lang);
        for (std::size_t k = 0; k < photos.size(); ++k) {
            if (k == best) continue;
            BundleRow row;
            row.status = RowStatus::duplicate;
            row.student_id = result.rows[i].student_id;
            row.name = result.rows[i].name;
            row.source = photos[k].entry->input.name();
            row.sender = photos[k].entry->input.sender;
            row.reason = zh ? fmt::format("同一学生有多张照片，已使用 {}", photos[best].entry->input.name())
                            : fmt::format("several photos for this student; {} was used", photos[best].entry->input.name());
            if (photos[k].analysis) row.before_jpeg = thumbnail(photos[k].analysis->image.bgr);
            not_used[i].push_back(std::move(row));
        }
    });
    // A 身份证号 the roster row gets wrong (bad check digit, given twice) is left out of the
    // roster; the student's row says so, in the lists and on the page, not only on stderr.
    std::unordered_map<int, const RosterIssue*> id_number_issues;
    for (const auto& issue : roster.issues)
        if (issue.code == "bad_id_number" || issue.code == "duplicate_id_number") id_number_issues.emplace(issue.line, &issue);
    for (std::size_t i = 0; i < roster.students.size(); ++i)
        if (const auto it = id_number_issues.find(roster.students[i].line); it != id_number_issues.end())
            add_note(result.rows[i].reason,
                     (zh ? "花名册：" : "roster: ") + (zh ? it->second->message_zh : it->second->message_en), o.lang);
    for (const auto& e : entries)
        if (e.status == InboxStatus::unmatched || e.status == InboxStatus::no_id) {
            BundleRow row;
            row.status = RowStatus::unmatched;
            row.before_jpeg = thumbnail_of(e.input);
            row.reason = inbox_reason(e, o.lang);
            row.source = e.input.name();
            row.sender = e.input.sender;
            row.student_id = e.parsed.student_id;
            row.name = e.parsed.name;
            result.rows.push_back(row);
        }
    for (auto& rows : not_used)
        for (auto& row : rows) result.rows.push_back(std::move(row));
    for (const auto& f : ignored) {
        BundleRow row;
        row.status = RowStatus::ignored;
        row.reason = zh ? "不是图片" : "not an image";
        row.source = f.name();
        result.rows.push_back(row);
    }
    for (const auto& p : inputs.problems) {
        BundleRow row;
        row.status = RowStatus::unreadable;
        row.reason = zh && !p.reason_zh.empty() ? p.reason_zh : p.reason;
        row.source = p.path;
        result.rows.push_back(row);
    }

    // The zip holds exactly the photos that are ready or fixed.
    std::vector<std::pair<std::string, std::string>> zip_entries;
    for (const auto& r : result.rows) {
        result.ready += r.status == RowStatus::ready;
        result.fixed += r.status == RowStatus::fixed;
        if (!r.output.empty()) zip_entries.emplace_back(fs::path(r.output).filename().string(), (fs::path(o.out_dir) / r.output).string());
    }
    result.needs_action = int(roster.students.size()) - result.ready - result.fixed;
    result.zip_path = zip_path;
    if (zip) zip(result.zip_path, zip_entries);

    std::vector<std::vector<std::string>> manifest = {
        zh ? std::vector<std::string>{"学号", "姓名", "状态", "原因", "来源", "输出", "人工决定", "发件人"}
           : std::vector<std::string>{"student_id", "name", "status", "reason", "source", "output", "override", "sender"}};
    std::vector<std::uint32_t> fills;  // manifest.xlsx's row colours
    std::vector<std::vector<std::string>> retake = {
        zh ? std::vector<std::string>{"学号", "姓名", "需要做什么", "回复给"}
           : std::vector<std::string>{"student_id", "name", "what to do", "reply_to"}};
    for (const auto& r : result.rows) {
        if (r.status == RowStatus::duplicate || r.status == RowStatus::ignored) continue;  // listed in review.html
        // The status a person reads in Chinese; in English the stable code a script can match.
        const std::string status = zh ? label(r.status, o.lang) : to_string(r.status);
        manifest.push_back({r.student_id, r.name, status, r.reason, r.source, r.output, r.override_note, r.sender});
        fills.push_back(status_fill(r.status));
        if (needs_action(r.status)) retake.push_back({r.student_id, r.name, r.reason, r.sender});
    }
    write_csv(manifest_path, manifest);
    // The same rows as a workbook, for staff who open the lists in Excel or WPS.
    write_xlsx(manifest_xlsx_path, XlsxSheet{zh ? "清单" : "manifest", manifest.front(),
                                             {manifest.begin() + 1, manifest.end()}, fills});
    write_csv(retake_path, retake);
    write_notices(result.rows, roster.students.size(), o);
    const std::string html = review_html(result.rows, preset, o.lang);
    write_file_atomic(review_path, Bytes(html.begin(), html.end()));
    return result;
}

}  // namespace photo
