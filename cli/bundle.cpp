// idphoto bundle INPUT... --roster R -o DIR: from a mailbox dump and a roster to the files
// for the academic affairs office, plus what the department must follow up.
#include <fmt/core.h>

#include "cli/common.hpp"
#include "libphoto/department/archive.hpp"
#include "libphoto/department/bundle.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/department/inbox_archives.hpp"

namespace cli {

namespace {
struct BundleArgs {
    std::vector<std::string> inputs;
    std::string roster, out_dir, background, name_by = "student_id";
    CommonArgs common;
    int jobs = 0;
};

int run_bundle(const BundleArgs& args) {
    photo::BundleOptions o;
    o.out_dir = args.out_dir;
    o.background = args.background;
    o.name_by_id_number = args.name_by == "id_number";
    o.lang = photo::parse_lang(args.common.lang);
    o.jobs = args.jobs;
    const bool zh = o.lang == photo::Lang::zh;
    try {
        const photo::Preset preset = photo::find_preset(args.common.preset);
        const photo::Roster roster = photo::read_roster(args.roster);
        print_roster_issues(args.roster, roster, zh);
        // Archives are unpacked into a private temporary folder, removed when this ends.
        const photo::UnpackedInbox inbox = photo::unpack_inbox(args.inputs, args.out_dir);
        for (const auto& p : inbox.problems) print_problem(p, o.lang);
        photo::BundleInputs inputs;
        photo::split_images(inbox.files, inputs.images, inputs.ignored);
        inputs.problems = inbox.problems;
        inputs.originals = inbox.originals;
        const auto model = face_model(args.common.landmarks);
        const photo::BundleResult r = photo::run_bundle(inputs, roster, preset, o, *model, &photo::write_zip);
        for (const auto& issue : r.override_issues)
            print_error(r.overrides_path, fmt::format("{} {}: {}", zh ? "第" : "line", issue.line,
                                                      zh ? issue.message_zh : issue.message_en));

        fmt::print("{}\n", photo::summarise(r.rows, roster.students.size(), o.lang));
        fmt::print("{}: {} ({} {})\n", zh ? "交教务处" : "for the academic affairs office", r.zip_path, r.ready + r.fixed,
                   zh ? "张照片" : "photos");
        fmt::print("{}: {}/manifest.csv ({}), {}/retake.csv, {}/review.html\n", zh ? "清单" : "lists", args.out_dir,
                   zh ? "Excel 版：manifest.xlsx" : "for Excel: manifest.xlsx", args.out_dir, args.out_dir);
        fmt::print("{}: {}\n", zh ? "人工决定（接受照片、姓名已核对），下次运行生效" : "your decisions (accept a photo, name checked), used by the next run",
                   r.overrides_path);
        return r.needs_action > 0 ? kNeedsWork : kOk;
    } catch (const std::exception& e) {
        print_error("", e, o.lang);
        return kError;
    }
}
}  // namespace

void register_bundle(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<BundleArgs>();
    CLI::App* cmd = app.add_subcommand(
        "bundle",
        tr("把照片（文件、文件夹、压缩包、邮件）和名单对应，逐张检查，能修的修好，并写出\n"
           "DIR/photos/、交教务处的一个 zip、manifest.csv（及 .xlsx）、retake.csv、notices/ 和 review.html。\n"
           "退出码 0 每个学生都合格或已修复，1 有学生要处理，2 出错。",
           "Match photos (files, folders, archives, mail) to the roster, check them, fix what can be fixed and write\n"
           "DIR/photos/, one zip for the academic affairs office, manifest.csv (and .xlsx), retake.csv, notices/ and\n"
           "review.html. Exit 0 every student ready or fixed, 1 someone needs action, 2 errors."));
    cmd->add_option("inputs", args->inputs, inputs_help())->required();
    cmd->add_option("-r,--roster", args->roster, roster_help())->required();
    cmd->add_option("-o,--output", args->out_dir, tr("打包输出文件夹", "Bundle folder"))->required();
    cmd->add_option("-b,--background", args->background,
                    tr("修复照片用的背景：规格中的颜色名或 #RRGGBB", "Backdrop for fixed photos: a preset colour or #RRGGBB"));
    cmd->add_option("--name-by", args->name_by,
                    tr("照片按 student_id（学号）或 id_number（身份证号）命名", "Name photos by student_id (学号) or id_number (身份证号)"))
        ->check(CLI::IsMember({"student_id", "id_number"}))->capture_default_str();
    cmd->add_option("-j,--jobs", args->jobs, jobs_help())->check(CLI::Range(0, 256));
    add_common_options(cmd, args->common, tr("清单的语言", "Language of the lists"));
    cmd->callback([args, &exit_code] { exit_code = run_bundle(*args); });
}

}  // namespace cli
