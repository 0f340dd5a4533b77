#include "libphoto/department/batch.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <fmt/format.h>

#include "libphoto/department/csv.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/core/json.hpp"
#include "libphoto/department/originals.hpp"
#include "libphoto/department/output_folder.hpp"
#include "libphoto/core/parallel.hpp"
#include "libphoto/render/report.hpp"

namespace fs = std::filesystem;

namespace photo {

namespace {
// The JPEG comment that says what made an output: version, settings and input hash.
constexpr const char* kCommentPrefix = "idphoto-batch ";

std::string hex64(std::uint64_t v) { return fmt::format("{:016x}", v); }

// Hash of everything that decides the output: the preset file's text (any change of a band
// or a colour redoes the photos), the backdrop, the program version and the input's bytes.
std::string settings_key(const Preset& preset, const BatchOptions& o) {
    std::ifstream in(preset.file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str() + "\n" + o.background + "\n" + IDPHOTO_VERSION;
    return hex64(fnv1a(s.data(), s.size()));
}

std::string comment_for(const std::string& settings, const Bytes& input) {
    return kCommentPrefix + settings + " " + hex64(content_hash(input.data(), input.size()));
}

// The COM segment of an existing output, or "" (a missing, partial or foreign file).
std::string existing_comment(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "";
    Bytes head(4096);
    in.read(reinterpret_cast<char*>(head.data()), std::streamsize(head.size()));
    head.resize(std::size_t(in.gcount()));
    if (head.size() < 4 || head[0] != 0xFF || head[1] != 0xD8) return "";
    for (std::size_t i = 2; i + 4 <= head.size() && head[i] == 0xFF;) {
        const int marker = head[i + 1];
        const std::size_t len = std::size_t(head[i + 2]) << 8 | head[i + 3];
        if (marker == 0xFE && i + 2 + len <= head.size())
            return std::string(head.begin() + long(i) + 4, head.begin() + long(i + 2 + len));
        if (marker == 0xDA || len < 2) break;  // image data starts: no comment before it
        i += 2 + len;
    }
    return "";
}

// A complete output: decodable through to its end marker (a file cut short has none).
bool complete_jpeg(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    const auto size = in.tellg();
    if (size < 4) return false;
    in.seekg(size - std::streamoff(2));
    char end[2];
    in.read(end, 2);
    return static_cast<unsigned char>(end[0]) == 0xFF && static_cast<unsigned char>(end[1]) == 0xD9;
}

std::string output_for(const std::string& out_dir, const InputFile& in, bool keep_extension) {
    fs::path rel = in.relative == "stdin" ? fs::path("stdin") : fs::path(in.relative);
    std::string ext = rel.extension().string();
    if (keep_extension && !ext.empty())
        rel.replace_filename(rel.stem().string() + "_" + ext.substr(1) + ".jpg");
    else
        rel.replace_extension(".jpg");
    return (fs::path(out_dir) / rel).string();
}


// Removes temporary files a killed run left behind (".name.tmp-XXXXXX").
void remove_stale_temporaries(const std::string& dir) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() > 12 && name[0] == '.' && name.find(".tmp-") == name.size() - 11)
            fs::remove(it->path(), ec);
    }
}

std::string report_path(const std::string& dir, const char* name) { return (fs::path(dir) / name).string(); }

void write_reports(const std::string& dir, const std::vector<BatchItem>& items) {
    // The UTF-8 BOM, as manifest.csv has: Excel then opens Chinese file names correctly.
    std::string jsonl, csv = "\xEF\xBB\xBF" "file,status,reasons,output,crown_px,eye_line_px,face_width_px,kb,error\n";
    for (const auto& it : items) {
        jsonl += it.json + "\n";
        std::string reasons;
        for (const auto& r : it.reasons) reasons += (reasons.empty() ? "" : " ") + r;
        const bool has_output = it.status == BatchStatus::made || it.status == BatchStatus::skipped;
        csv += fmt::format("{},{},{},{},{},{},{},{},{}\n", csv_field(it.input.name()), to_string(it.status), csv_field(reasons),
                           has_output ? csv_field(it.output) : "",
                           it.measures ? fmt::format("{:.1f}", it.measures->crown_px) : "",
                           it.measures ? fmt::format("{:.1f}", it.measures->eye_line_px) : "",
                           it.measures ? fmt::format("{:.1f}", it.measures->face_width_px) : "",
                           it.bytes ? fmt::format("{:.1f}", it.bytes / 1024.0) : "", csv_field(it.error));
    }
    write_file_atomic(report_path(dir, "report.jsonl"), Bytes(jsonl.begin(), jsonl.end()));
    write_file_atomic(report_path(dir, "report.csv"), Bytes(csv.begin(), csv.end()));
}

// DIR/<relative stem>.jpg; when two inputs share a stem (a.png and a.jpg) both keep their
// extension in the name (a_png.jpg, a_jpg.jpg) so that neither overwrites the other.
std::vector<std::string> outputs_for(const std::string& out_dir, const std::vector<InputFile>& inputs) {
    std::vector<std::string> outs;
    std::map<std::string, int> uses;
    for (const auto& in : inputs) outs.push_back(output_for(out_dir, in, false));
    for (const auto& o : outs) ++uses[o];
    for (std::size_t i = 0; i < outs.size(); ++i)
        if (uses[outs[i]] > 1) outs[i] = output_for(out_dir, inputs[i], true);
    return outs;
}

BatchItem process(const InputFile& input, const std::string& output, const Preset& preset, const BatchOptions& o,
                  const std::string& settings, const Originals& originals, const FaceModel& model) {
    BatchItem item;
    item.input = input;
    item.output = output;
    try {
        originals.refuse_output(item.output);
        const auto bytes = std::make_shared<const Bytes>(read_file(input.path));
        const std::string comment = comment_for(settings, *bytes);
        if (existing_comment(item.output) == comment && complete_jpeg(item.output)) {
            item.status = BatchStatus::skipped;
            item.json = fmt::format(R"({{"file":{},"output":{},"status":"ok","skipped":true}})",
                                    json::quote(input.name()), json::quote(item.output));
            return item;
        }
        const Analysis a = analyse_for(preset, bytes, input.name(), model);
        MakeOptions make_options;
        make_options.background = o.background;
        make_options.comment = comment;
        const MakeResult r = make_photo(a, preset, make_options);
        item.reasons = r.reasons;
        for (const auto& c : r.checks)
            if (c.status == CheckStatus::fail) item.failed.push_back(c);
        if (r.plan) item.measures = r.plan->measures;
        if (r.made()) {
            fs::create_directories(fs::path(item.output).parent_path());
            write_file_atomic(item.output, r.jpeg->bytes);
            item.bytes = r.jpeg->bytes.size();
            item.status = BatchStatus::made;
        } else {
            item.status = BatchStatus::retake;
        }
        item.json = make_json(input.name(), item.output, &r, "", o.lang);
    } catch (const Error& e) {  // one bad file never stops the run
        item.status = input.from_folder && e.errc() == Errc::image_format ? BatchStatus::ignored : BatchStatus::error;
        item.error = error_message(e, o.lang);
        item.json = make_json(input.name(), item.output, nullptr, item.error, o.lang, error_code_of(e));
    } catch (const std::exception& e) {
        item.status = BatchStatus::error;
        item.error = error_message(e, o.lang);
        item.json = make_json(input.name(), item.output, nullptr, item.error, o.lang, error_code_of(e));
    }
    return item;
}
}  // namespace

const char* to_string(BatchStatus s) {
    switch (s) {
        case BatchStatus::made: return "made";
        case BatchStatus::skipped: return "skipped";
        case BatchStatus::retake: return "retake";
        case BatchStatus::error: return "error";
        case BatchStatus::ignored: return "ignored";
    }
    return "error";
}

std::vector<InputFile> shard_of(const std::vector<InputFile>& inputs, int index, int count) {
    if (count <= 1) return inputs;
    std::vector<InputFile> mine;
    for (const auto& in : inputs) {  // by the relative path: the same split on every machine
        // FNV's low bits are weak (names that repeat a digit run cancel out): mix first
        // (the MurmurHash3 finaliser) so every shard gets its share.
        const std::uint64_t h = mix64(fnv1a(in.relative.data(), in.relative.size()));
        if (h % std::uint64_t(count) == std::uint64_t(index)) mine.push_back(in);
    }
    return mine;
}

BatchSummary run_batch(const std::vector<InputFile>& inputs, const Originals& originals, const Preset& preset,
                       const BatchOptions& o, const FaceModel& model, const BatchProgress& progress) {
    std::error_code ec;
    fs::create_directories(o.out_dir, ec);
    if (ec || !fs::is_directory(o.out_dir)) throw Error(Errc::io_write, "cannot create the output folder " + o.out_dir);
    mark_output_folder(o.out_dir);
    remove_stale_temporaries(o.out_dir);
    resolve_background(preset, o.background);  // a bad colour fails before any work
    for (const char* report : {"report.jsonl", "report.csv"}) originals.refuse_output(report_path(o.out_dir, report));

    const std::string settings = settings_key(preset, o);
    BatchSummary summary;
    summary.items.resize(inputs.size());
    std::size_t done = 0;
    std::mutex report_mutex;
    const std::vector<std::string> outputs = outputs_for(o.out_dir, inputs);
    parallel_for(inputs.size(), o.jobs, [&](std::size_t i) {
        BatchItem item = process(inputs[i], outputs[i], preset, o, settings, originals, model);
        std::lock_guard<std::mutex> lock(report_mutex);
        summary.items[i] = std::move(item);
        ++done;
        if (progress) progress(summary.items[i], done, inputs.size());
    });

    for (const auto& it : summary.items) {
        summary.made += it.status == BatchStatus::made;
        summary.skipped += it.status == BatchStatus::skipped;
        summary.retake += it.status == BatchStatus::retake;
        summary.errors += it.status == BatchStatus::error;
        summary.ignored += it.status == BatchStatus::ignored;
    }
    write_reports(o.out_dir, summary.items);
    return summary;
}

}  // namespace photo
