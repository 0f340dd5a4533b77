// idphoto rename INPUT... --roster R -o DIR: each student's photo, copied under a clean name.
#include <map>

#include <fmt/core.h>

#include "cli/common.hpp"
#include "libphoto/department/inbox_archives.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/image_io.hpp"
#include "libphoto/department/manifest.hpp"
#include "libphoto/department/rename.hpp"
#include "libphoto/render/report.hpp"

namespace cli {

namespace {
struct RenameArgs {
    std::vector<std::string> inputs;
    std::string roster, out_dir, pattern = "{学号}_{姓名}", lang;
    bool dry_run = false;
};

// The word that starts each line: Chinese for a person, the stable English code with --lang en.
// The statuses bundle's manifest shares (缺交, 重复 ...) come from its words; rename's own here.
const char* word(const char* en, bool zh) {
    if (!zh) return en;
    static const std::map<std::string, const char*> own = {
        {"plan", "将复制"}, {"copied", "已复制"}, {"same", "已存在"}, {"error", "出错"}, {"no_id", "无学号"}};
    if (const auto it = own.find(en); it != own.end()) return it->second;
    const auto status = photo::parse_row_status(en);
    return status ? photo::label(*status, photo::Lang::zh) : en;
}

int run_rename(const RenameArgs& args) {
    const bool zh = photo::parse_lang(args.lang) == photo::Lang::zh;
    try {
        const photo::Roster roster = photo::read_roster(args.roster);
        print_roster_issues(args.roster, roster, zh);
        // Archives are unpacked into a private temporary folder, removed when this ends.
        const photo::UnpackedInbox list = photo::unpack_inbox(args.inputs, args.out_dir);
        for (const auto& p : list.problems) print_problem(p, zh ? photo::Lang::zh : photo::Lang::en);
        std::vector<photo::InputFile> images, ignored;
        photo::split_images(list.files, images, ignored);
        for (const auto& f : ignored) fmt::print("{:<7} {}  {}\n", word("ignored", zh), f.name(), zh ? "不是图片" : "not an image");
        const auto entries = photo::sort_inbox(images, roster);
        auto steps = photo::plan_renames(entries, args.out_dir, args.pattern);

        int problems = 0;
        for (auto& s : steps) {
            if (!args.dry_run) photo::apply_rename(s);
            const char* what = args.dry_run ? "plan" : s.copied ? "copied" : s.already ? "same" : "error";
            fmt::print("{:<7} {} -> {}{}\n", word(what, zh), s.entry->input.name(), s.target, s.error.empty() ? "" : "  (" + s.error + ")");
            problems += !s.error.empty();
        }
        for (const auto& e : entries)
            if (e.status != photo::InboxStatus::chosen) {
                fmt::print("{:<7} {}  {}\n", word(photo::to_string(e.status), zh), e.input.name(), zh ? e.note_zh : e.note_en);
                ++problems;
            }
        int missing = 0;
        const photo::StudentEntries by_student(entries);
        for (const auto& st : roster.students)
            if (!by_student.chosen(st)) {
                fmt::print("{:<7} {} {}  {}\n", word("missing", zh), st.student_id, st.name, zh ? "没有收到照片" : "no photo received");
                ++missing;
            }
        if (zh)
            fmt::print("{} 名学生：{} 人有照片，{} 人缺交；{} 个文件需要人工查看{}\n", roster.students.size(), steps.size(),
                       missing, problems, args.dry_run ? "（试运行：没有复制任何文件）" : "");
        else
            fmt::print("{} students, {} with a photo, {} missing, {} files need a look{}\n", roster.students.size(),
                       steps.size(), missing, problems, args.dry_run ? " (dry run: nothing copied)" : "");
        return problems || missing || !list.problems.empty() ? kNeedsWork : kOk;
    } catch (const std::exception& e) {
        print_error("", e, zh ? photo::Lang::zh : photo::Lang::en);
        return kError;
    }
}
}  // namespace

void register_rename(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<RenameArgs>();
    CLI::App* cmd = app.add_subcommand("rename", tr("按名单把每个学生的照片以规范的名字复制到 DIR。\n"
                                                    "原件不会改动。退出码 0 全部对上，1 有需要人工查看的，2 出错。",
                                                    "Copy each student's photo into DIR under a clean name from the roster.\n"
                                                    "Inputs are never modified. Exit 0 all matched, 1 something needs a look, 2 errors."));
    cmd->add_option("inputs", args->inputs, inputs_help())->required();
    cmd->add_option("-r,--roster", args->roster, roster_help())->required();
    cmd->add_option("-o,--output", args->out_dir, tr("存放改名后副本的文件夹", "Folder for the renamed copies"))->required();
    cmd->add_option("--pattern", args->pattern, tr("命名模板：{学号} {姓名} {身份证号} {院系} {班级}", "Name pattern: {学号} {姓名} {身份证号} {院系} {班级}"))
        ->capture_default_str();
    cmd->add_flag("-n,--dry-run", args->dry_run, tr("只显示计划，不复制", "Print the plan, copy nothing"));
    add_lang_option(cmd, args->lang, tr("提示语言", "Message language"));
    cmd->callback([args, &exit_code] { exit_code = run_rename(*args); });
}

}  // namespace cli
