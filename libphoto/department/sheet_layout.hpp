#pragma once
// Paper layouts for `idphoto sheet`, one YAML file each in presets/layouts/ (a folder of its
// own, so the photo-standard loader, which reads presets/*.yaml only, never takes one for a
// preset). Two kinds: a print (photos of exact physical size on a photo print, with cut
// guides) and a contact sheet (a class's photos in a grid on A4 pages, with 学号 and 姓名).
// Every size the sheets use comes from these files.
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace photo {

enum class LayoutKind { print, contact };

// One row of a print: `count` photos of one size, side by side.
struct LayoutRow {
    int count = 0;
    cv::Size slot = {};  // pixels at the layout's dpi: the printed photo's exact size
};

struct PrintGeometry {
    int gap_px = 0;        // white space between photos, where the cut guides run
    int margin_px = 0;     // least white border around the photos
    std::vector<LayoutRow> rows;  // top to bottom; each row centred, the block centred
    cv::Scalar guide_bgr = {};    // cut guide colour
    int guide_px = 1;             // cut guide thickness
    int mark_px = 0;              // how far the guides run on past a photo's corners
    int jpeg_quality = 95;
};

struct ContactGeometry {
    double margin_mm = 0, header_mm = 0, label_mm = 0, padding_mm = 0;
    int columns = 0, rows = 0;    // cells per page
    double photo_ratio = 0.75;    // width / height of the photo box (photos are cropped to it)
    double font_pt = 0, header_font_pt = 0, status_font_pt = 0;
    int image_dpi = 0;            // resolution the photos are embedded at (the PDF's size)
    int jpeg_quality = 0;
    std::string fonts;            // fontconfig families, first that is installed wins
};

struct Layout {
    std::string id;        // file stem: "chsi_x4"
    std::string name, name_en;
    std::string file;      // where it was read from
    LayoutKind kind = LayoutKind::print;
    double paper_w_mm = 0, paper_h_mm = 0;  // as printed: width x height (orientation)
    int dpi = 300;
    cv::Size paper_px = {};                 // the paper at dpi
    PrintGeometry print;
    ContactGeometry contact;
};

// Millimetres to whole pixels at `dpi` (25 mm at 300 dpi: 295 px).
int mm_to_px(double mm, int dpi);

// Parses a layout file; the geometry is checked here (the photos fit the paper, the guides fit
// between them), so a sheet is never cut off. Throws Error(Errc::layout_invalid,
// "<file>:<line>: <key>: <reason>").
Layout load_layout_file(const std::string& path);
Layout parse_layout(const std::string& yaml, const std::string& path);

// The folders searched: "layouts" inside each of preset_dirs().
std::vector<std::string> layout_dirs();

// A layout by id (any case, '-' and '_' alike) or by path to a .yaml file. Throws
// Error(Errc::layout_unknown) naming the layouts there are and the nearest one.
Layout find_layout(const std::string& id_or_path);

// Every layout found, first occurrence of an id wins. Malformed files throw.
std::vector<Layout> list_layouts();

// Where each photo of a print goes, in reading order (rows top to bottom, left to right).
std::vector<cv::Rect> slot_rects(const Layout& layout);

// What a layout holds, for lists and messages: "4 x 295x413 px (25.0x35.0 mm) + 2 x ..." for a
// print, "6x5 photos per page" (or "每页 6x5 张") for a contact sheet.
std::string layout_summary(const Layout& layout, bool zh);

}  // namespace photo
