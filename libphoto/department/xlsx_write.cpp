#include "libphoto/department/xlsx_write.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <map>

#include "libphoto/io/atomic_file.hpp"
#include "libphoto/core/error.hpp"
#include "libphoto/department/text.hpp"

namespace photo {
namespace {

// Column width in Excel's units (about one Latin character): a CJK character takes two.
double display_width(const std::string& utf8) {
    double w = 0;
    for (char32_t c : text::decode_utf8(utf8)) w += c >= 0x1100 ? 2.0 : 1.0;
    return w;
}

constexpr double kMinWidth = 6, kMaxWidth = 60, kPadding = 2;

[[noreturn]] void failed(const std::string& path, lxw_error e) {
    throw Error(Errc::io_write, "cannot write " + path + ": " + lxw_strerror(e),
                "无法写入 " + path + "：" + lxw_strerror(e));
}

}  // namespace

void write_xlsx(const std::string& path, const XlsxSheet& sheet) {
    AtomicFile file(path);
    lxw_workbook* wb = workbook_new(file.temporary_path().c_str());
    if (!wb) throw Error(Errc::io_write, "cannot write " + path, "无法写入 " + path);
    // workbook_close frees the workbook whatever happens, so it runs on every path.
    struct Closer {
        lxw_workbook* wb;
        bool closed = false;
        lxw_error close() {
            closed = true;
            return workbook_close(wb);
        }
        ~Closer() {
            if (!closed) workbook_close(wb);
        }
    } closer{wb};

    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
    if (!ws) failed(path, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_bottom(bold, LXW_BORDER_THIN);
    std::map<std::uint32_t, lxw_format*> fills;
    for (std::uint32_t colour : sheet.fills) {
        if (!colour || fills.count(colour)) continue;
        lxw_format* f = workbook_add_format(wb);
        format_set_bg_color(f, colour);
        format_set_pattern(f, LXW_PATTERN_SOLID);
        fills[colour] = f;
    }

    std::vector<double> widths(sheet.header.size(), kMinWidth);
    const auto put = [&](lxw_row_t r, std::size_t c, const std::string& cell, lxw_format* f) {
        const lxw_error e = worksheet_write_string(ws, r, static_cast<lxw_col_t>(c), cell.c_str(), f);
        if (e != LXW_NO_ERROR) failed(path, e);
        if (c >= widths.size()) widths.resize(c + 1, kMinWidth);
        widths[c] = std::max(widths[c], display_width(cell) + kPadding);
    };
    for (std::size_t c = 0; c < sheet.header.size(); ++c) put(0, c, sheet.header[c], bold);
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
        const std::uint32_t colour = r < sheet.fills.size() ? sheet.fills[r] : 0;
        lxw_format* f = colour ? fills[colour] : nullptr;
        for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) put(static_cast<lxw_row_t>(r + 1), c, sheet.rows[r][c], f);
    }
    for (std::size_t c = 0; c < widths.size(); ++c)
        worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), std::min(widths[c], kMaxWidth), nullptr);
    worksheet_freeze_panes(ws, 1, 0);
    if (!sheet.header.empty())
        worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(sheet.rows.size()),
                             static_cast<lxw_col_t>(sheet.header.size() - 1));
    const lxw_error e = closer.close();
    if (e != LXW_NO_ERROR) failed(path, e);
    file.commit();
}

}  // namespace photo
