#pragma once
// The class contact sheet: a PDF of A4 pages (a contact layout of sheet_layout.hpp) with the
// class's photos in a grid, 学号 and 姓名 under each, and a header with the title, the date,
// the counts and the page number, for a department to check the collection and file it.
// Drawn with cairo; the text font is chosen by fontconfig from the layout's family list and
// embedded (subset), so the PDF reads the same on any machine.
#include <functional>
#include <string>
#include <vector>

#include "libphoto/core/bytes.hpp"
#include "libphoto/department/contact_inputs.hpp"
#include "libphoto/core/lang.hpp"
#include "libphoto/department/sheet_layout.hpp"

namespace photo {

struct ContactOptions {
    std::string title;  // "计算机 2021-1 班"
    std::string date;   // as printed, e.g. "2026-12-08"
    Lang lang = Lang::zh;
};

struct ContactResult {
    Bytes pdf;
    int pages = 0;
    int photos = 0;              // photos drawn
    std::string font_file;       // the font fontconfig chose
    bool font_has_chinese = true;  // false: Chinese text shows as boxes; install a CJK font
};

// Called for a photo that cannot be drawn (file, reason); its student gets an empty box.
using ContactProblem = std::function<void(const std::string& file, const std::string& reason)>;

// Throws Error(Errc::layout_kind) for a print layout, Error(Errc::sheet_pdf) when cairo fails.
ContactResult render_contact_sheet(const Layout& layout, const std::vector<ContactEntry>& entries,
                                   const ContactOptions& options, const ContactProblem& problem);

}  // namespace photo
