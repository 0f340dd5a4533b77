// idphoto sheet: paper copies. PHOTO... -o print.jpg lays finished photos out on a 6-inch
// print at their exact size with cut guides; --contact (or -o NAME.pdf) makes the class
// contact sheet, a PDF of A4 pages with 学号 and 姓名 under each photo.
#include <ctime>
#include <filesystem>

#include <fmt/core.h>

#include "cli/common.hpp"
#include "libphoto/core/ascii.hpp"
#include "libphoto/department/contact_inputs.hpp"
#include "libphoto/department/contact_sheet.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/io/file_io.hpp"
#include "libphoto/department/originals.hpp"
#include "libphoto/department/print_sheet.hpp"
#include "libphoto/department/sheet_layout.hpp"

namespace fs = std::filesystem;

namespace cli {

namespace {
// The layout each kind of sheet uses unless --layout names another (presets/layouts/).
constexpr const char* kDefaultPrintLayout = "chsi_x4";
constexpr const char* kDefaultContactLayout = "contact_a4";

struct SheetArgs {
    std::vector<std::string> inputs;
    std::string output, layout, title, date, lang;
    bool contact = false, list = false;
};

std::string lower_extension(const std::string& path) { return photo::ascii_lower(fs::path(path).extension().string()); }

std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &local);
    return text;
}

// Whether an error is the output's (it cannot be written) rather than the command line's.
bool about_output(const photo::Error& e) {
    using photo::Errc;
    return e.errc() == Errc::io_read || e.errc() == Errc::io_write || e.errc() == Errc::usage_output;
}

int run_list(bool zh) {
    try {
        fmt::print("{:<16} {:<8} {:<24} {}\n", "id", zh ? "类型" : "kind", zh ? "纸张" : "paper", zh ? "照片" : "photos");
        for (const auto& l : photo::list_layouts()) {
            const std::string paper = fmt::format("{:g}x{:g} mm {}x{}", l.paper_w_mm, l.paper_h_mm, l.paper_px.width,
                                                  l.paper_px.height);
            fmt::print("{:<16} {:<8} {:<24} {}\n{:<16} {}\n", l.id, l.kind == photo::LayoutKind::print ? "print" : "contact",
                       paper, photo::layout_summary(l, zh), "", zh ? l.name : l.name_en);
        }
    } catch (const std::exception& e) {
        print_error("", e, zh ? photo::Lang::zh : photo::Lang::en);
        return kError;
    }
    return kOk;
}

// The layout --layout names (or the kind's default), refused when it is of the other kind.
photo::Layout chosen_layout(const SheetArgs& args, photo::LayoutKind kind, bool zh) {
    const bool print = kind == photo::LayoutKind::print;
    const std::string id = !args.layout.empty() ? args.layout : print ? kDefaultPrintLayout : kDefaultContactLayout;
    photo::Layout layout = photo::find_layout(id);
    if (layout.kind != kind)
        throw photo::Error(photo::Errc::usage_layout,
                           zh ? fmt::format("{} 是{}版式，{}需要{}版式（例如 {}；idphoto sheet --layouts 列出所有版式）", layout.id,
                                            print ? "核对表" : "相纸", print ? "相纸" : "核对表（--contact）",
                                            print ? "相纸" : "核对表", print ? kDefaultPrintLayout : kDefaultContactLayout)
                              : fmt::format("{} is a {} layout; {} needs a {} layout (e.g. {}; idphoto sheet --layouts lists them)",
                                            layout.id, print ? "contact sheet" : "print", print ? "a print" : "--contact",
                                            print ? "print" : "contact sheet", print ? kDefaultPrintLayout : kDefaultContactLayout));
    return layout;
}

// A failure that stops the sheet: one line, naming the output when it is about the output.
int failure(const SheetArgs& args, const std::exception& e, bool zh) {
    if (const auto* error = dynamic_cast<const photo::Error*>(&e))
        print_error(about_output(*error) ? args.output : "", e, zh ? photo::Lang::zh : photo::Lang::en);
    else
        print_error(args.output, std::string("unexpected failure: ") + e.what());
    return kError;
}

int run_print(const SheetArgs& args, bool zh) {
    bool failed = false;
    try {
        photo::Originals originals;
        for (const auto& in : args.inputs) originals.add(in);
        originals.refuse_output(args.output);
        const std::string format = lower_extension(args.output) == ".png" ? "png" : "jpeg";
        photo::check_output_extension(args.output, format);
        const photo::Layout layout = chosen_layout(args, photo::LayoutKind::print, zh);
        const std::size_t slots = photo::slot_rects(layout).size();
        if (args.inputs.size() > slots)
            throw photo::Error(photo::Errc::usage_inputs,
                               zh ? fmt::format("{} 张照片，版式 {} 只有 {} 个位置：最多给 {} 张（一张照片会印满整张相纸）",
                                                args.inputs.size(), layout.id, slots, slots)
                                  : fmt::format("{} photos for the {} places of layout {}: give at most {} (one photo fills "
                                                "the whole print)", args.inputs.size(), slots, layout.id, slots));
        std::vector<std::string> photos;
        for (const auto& in : args.inputs) {
            if (!photo::is_bundle_folder(in)) {
                photos.push_back(in);
                continue;
            }
            print_error(in, zh ? "这是打包文件夹：要做班级核对表请加 --contact（或 -o 名称.pdf）"
                               : "a bundle folder: for the class contact sheet add --contact (or -o NAME.pdf)");
            failed = true;
        }
        const photo::SheetPhotos loaded = photo::load_sheet_photos(photos);
        for (const auto& [file, reason] : loaded.problems) print_error(file, reason);
        failed = failed || !loaded.problems.empty();
        if (loaded.photos.empty()) {
            print_error(args.output, zh ? "没有可用的照片，未生成相纸" : "no usable photo: nothing written");
            return kError;
        }
        const cv::Mat sheet = photo::render_print_sheet(layout, loaded.photos);
        photo::write_file_atomic(args.output, photo::encode_print_sheet(layout, sheet, format));
        std::FILE* to = args.output == "-" ? stderr : stdout;
        fmt::print(to, zh ? "已生成 {}：{}，{}，{}x{} px，{} dpi\n" : "made {}: {}, {}, {}x{} px, {} dpi\n", args.output,
                   layout.id, photo::layout_summary(layout, zh), sheet.cols, sheet.rows, layout.dpi);
    } catch (const std::exception& e) {
        return failure(args, e, zh);
    }
    return failed ? kError : kOk;
}

int run_contact(const SheetArgs& args, bool zh) {
    bool failed = false;
    try {
        photo::check_output_extension(args.output, "pdf");
        const photo::Layout layout = chosen_layout(args, photo::LayoutKind::contact, zh);
        photo::ContactList list;
        std::string title = args.title;
        if (args.inputs.size() == 1 && photo::is_bundle_folder(args.inputs[0])) {
            list = photo::read_bundle_contacts(args.inputs[0], zh ? photo::Lang::zh : photo::Lang::en);
            if (title.empty()) title = fs::path(args.inputs[0]).lexically_normal().filename().string();
            if (title.empty() || title == ".") title = fs::absolute(args.inputs[0]).lexically_normal().parent_path().filename().string();
        } else {
            std::vector<std::string> photos;
            for (const auto& in : args.inputs) {
                std::error_code ec;
                if (fs::is_directory(in, ec))
                    print_error(in, zh ? "不是打包文件夹（没有 manifest.csv）：请给 idphoto bundle 的输出文件夹，或照片文件"
                                       : "not a bundle folder (no manifest.csv): give idphoto bundle's output folder, or photo files");
                else
                    photos.push_back(in);
                failed = failed || fs::is_directory(in, ec);
            }
            list = photo::photo_contacts(photos);
        }
        if (title.empty()) title = zh ? "证件照核对表" : "photo contact sheet";
        for (const auto& [file, reason] : list.problems) print_error(file, reason);
        failed = failed || !list.problems.empty();
        if (list.entries.empty()) {
            print_error(args.output, zh ? "没有学生或照片，未生成核对表" : "no students or photos: nothing written");
            return kError;
        }
        photo::Originals originals;
        for (const auto& in : args.inputs) originals.add(in);
        if (!list.manifest.empty()) originals.add(list.manifest);
        for (const auto& e : list.entries) originals.add(e.photo_path);
        originals.refuse_output(args.output);

        photo::ContactOptions options;
        options.title = title;
        options.date = args.date.empty() ? today() : args.date;
        options.lang = zh ? photo::Lang::zh : photo::Lang::en;
        const photo::ContactResult result =
            photo::render_contact_sheet(layout, list.entries, options, [&](const std::string& file, const std::string& reason) {
                print_error(file, reason);
                failed = true;
            });
        photo::write_file_atomic(args.output, result.pdf);
        std::FILE* to = args.output == "-" ? stderr : stdout;
        fmt::print(to, zh ? "已生成 {}：{} 页，{} 名学生，{} 张照片（字体 {}）\n" : "made {}: {} page(s), {} students, {} photos (font {})\n",
                   args.output, result.pages, list.entries.size(), result.photos, result.font_file);
        if (!result.font_has_chinese)
            print_error(result.font_file, zh ? "提示：这个字体没有中文，姓名会显示成方框：请安装 fonts-noto-cjk 或 fonts-wqy-microhei"
                                             : "note: this font has no Chinese, names will show as boxes: install fonts-noto-cjk or "
                                               "fonts-wqy-microhei");
    } catch (const std::exception& e) {
        return failure(args, e, zh);
    }
    return failed ? kError : kOk;
}

int run_sheet(const SheetArgs& args) {
    const bool zh = photo::parse_lang(args.lang) == photo::Lang::zh;
    if (args.list) return run_list(zh);
    if (args.inputs.empty() || args.output.empty()) {
        print_error("", zh ? "需要照片（或打包文件夹）和 -o：idphoto sheet --help 有说明"
                           : "needs photos (or a bundle folder) and -o: see idphoto sheet --help");
        return kError;
    }
    const bool contact = args.contact || lower_extension(args.output) == ".pdf";
    return contact ? run_contact(args, zh) : run_print(args, zh);
}
}  // namespace

void register_sheet(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<SheetArgs>();
    CLI::App* cmd = app.add_subcommand(
        "sheet",
        tr("把做好的照片排成纸质版。\n"
           "  idphoto sheet 照片... [--layout chsi_x4] -o 相纸.jpg\n"
           "    6 寸相纸（4x6 英寸，文件内记录 300 dpi），照片按实际尺寸排列并带灰色裁切线：\n"
           "    一张照片排满所有位置，多张照片轮流排。比例不同的照片只裁剪（保留头顶、左右居中），不拉伸。\n"
           "    -o x.png 为无损输出。\n"
           "  idphoto sheet --contact 打包文件夹 -o 班级.pdf   （或给出名为“学号 姓名.jpg”的照片）\n"
           "    班级核对表：A4，每张照片下有学号和姓名，并有标题、日期、页码；从打包文件夹生成时名单上\n"
           "    每个学生都会出现，没有照片的显示为写明原因的空框（缺交、需重拍……）。-o 名称.pdf 即表示 --contact。\n"
           "版式在 presets/layouts/*.yaml（--layouts 列出）。-o - 输出到标准输出。\n"
           "退出码 0 已写出，2 出错（每个不能用的文件在 stderr 上说明，其他照片照常排版）。",
        "Paper copies of finished photos.\n"
        "  idphoto sheet PHOTO... [--layout chsi_x4] -o print.jpg\n"
        "    A 6-inch print (4x6 in, 300 dpi in the file) with the photos at their exact size and grey\n"
        "    cut guides: one photo fills every place, several take turns. A photo of another shape\n"
        "    is cropped to the place (top kept, centred), never stretched. -o x.png: lossless.\n"
        "  idphoto sheet --contact BUNDLE_DIR -o class.pdf   (or PHOTO... named '学号 姓名.jpg')\n"
        "    A class contact sheet: A4 pages, 学号 and 姓名 under each photo, title, date, page\n"
        "    numbers; from a bundle folder every roster student appears, one without a photo as an\n"
        "    empty box saying why (缺交, 需重拍 ...). -o NAME.pdf implies --contact.\n"
        "Layouts are presets/layouts/*.yaml (--layouts lists them). -o - writes to stdout.\n"
        "Exit 0 written, 2 error (each unusable file named on stderr; the sheet has the others)."));
    cmd->add_option("inputs", args->inputs, tr("做好的照片，或（用 --contact 时）一个打包文件夹", "Finished photos, or (with --contact) one bundle folder"));
    cmd->add_option("-o,--output", args->output,
                    tr("相纸（.jpg、.png）或核对表（.pdf）；- 表示标准输出", "The print (.jpg, .png) or contact sheet (.pdf); - for stdout"));
    cmd->add_option("--layout", args->layout,
                    tr("版式名（不分大小写）或 .yaml 文件；默认 ", "Layout id (any case) or a .yaml file; default ") +
                        kDefaultPrintLayout + tr("，--contact 时为 ", ", with --contact ") + kDefaultContactLayout);
    cmd->add_flag("--contact", args->contact, tr("生成班级核对表（PDF）而不是相纸", "Make the class contact sheet (PDF) instead of a print"));
    cmd->add_option("--title", args->title,
                    tr("核对表标题，例如班级（默认：打包文件夹的名称）", "Contact sheet title, e.g. the class (default: the bundle folder's name)"));
    cmd->add_option("--date", args->date, tr("核对表上的日期（默认：今天）", "Date printed on the contact sheet (default: today)"));
    cmd->add_flag("--layouts", args->list, tr("列出版式后退出", "List the layouts and exit"));
    add_lang_option(cmd, args->lang, tr("提示和核对表的语言", "Message and contact sheet language"));
    cmd->callback([args, &exit_code] { exit_code = run_sheet(*args); });
}

}  // namespace cli
