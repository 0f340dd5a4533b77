#include "libphoto/department/sheet_layout.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <tuple>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "libphoto/core/error.hpp"
#include "libphoto/analysis/preset.hpp"
#include "libphoto/core/suggest.hpp"
#include "libphoto/analysis/yaml_reader.hpp"

namespace fs = std::filesystem;

namespace photo {

int mm_to_px(double mm, int dpi) { return int(std::lround(mm / 25.4 * dpi)); }

namespace {

// [a, b] as two positive numbers.
std::pair<double, double> pair_of(const YamlReader& r, const YAML::Node& map, const std::string& key,
                                  const std::string& path) {
    const YAML::Node n = r.child(map, key, true);
    if (!n.IsSequence() || n.size() != 2) r.fail(n, path, "expected [width, height]");
    std::pair<double, double> v;
    try {
        v = {n[0].as<double>(), n[1].as<double>()};
    } catch (const YAML::Exception&) {
        r.fail(n, path, "expected two numbers");
    }
    if (!(std::isfinite(v.first) && std::isfinite(v.second) && v.first > 0 && v.second > 0))
        r.fail(n, path, "expected two positive numbers");
    return v;
}

double positive(const YamlReader& r, const YAML::Node& map, const std::string& key, double lo, double hi) {
    const double v = r.get<double>(map, key, key);
    if (v < lo || v > hi) r.fail(map[key], key, fmt::format("must be between {} and {}", lo, hi));
    return v;
}

void parse_print(const YamlReader& r, const YAML::Node& root, Layout& l) {
    PrintGeometry& g = l.print;
    g.margin_px = mm_to_px(positive(r, root, "margin_mm", 0, 50), l.dpi);
    g.gap_px = mm_to_px(positive(r, root, "gap_mm", 0, 50), l.dpi);
    g.jpeg_quality = int(positive(r, root, "jpeg_quality", 50, 100));

    const YAML::Node guides = r.child(root, "guides", true);
    r.only_keys(guides, "guides", {"color", "width_px", "mark_mm"});
    const auto bgr = parse_hex_color(r.get<std::string>(guides, "color", "guides.color"));
    if (!bgr) r.fail(guides["color"], "guides.color", "expected a colour like \"#A0A0A0\"");
    g.guide_bgr = *bgr;
    g.guide_px = r.get<int>(guides, "width_px", "guides.width_px");
    if (g.guide_px < 1 || g.guide_px > 10) r.fail(guides["width_px"], "guides.width_px", "must be between 1 and 10");
    g.mark_px = mm_to_px(r.get<double>(guides, "mark_mm", "guides.mark_mm"), l.dpi);
    if (g.mark_px < 0 || g.mark_px > g.margin_px)  // past the margin the marks would leave the paper
        r.fail(guides["mark_mm"], "guides.mark_mm", "must be between 0 and margin_mm");
    // The guides hug each photo from outside; two neighbours' guides must not touch, or a
    // cut along one would take a sliver of the other photo.
    if (g.gap_px < 2 * g.guide_px + 2) r.fail(root["gap_mm"], "gap_mm", "too small for two cut guides and a space between");

    const YAML::Node rows = r.child(root, "rows", true);
    if (!rows.IsSequence() || rows.size() == 0) r.fail(rows, "rows", "expected a list of rows");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const YAML::Node row = rows[i];
        const std::string at = fmt::format("rows[{}]", i);
        r.only_keys(row, at, {"count", "size_mm", "size_px"});
        LayoutRow out;
        out.count = r.get<int>(row, "count", at + ".count");
        if (out.count < 1 || out.count > 100) r.fail(row["count"], at + ".count", "must be between 1 and 100");
        if (bool(row["size_mm"]) == bool(row["size_px"])) r.fail(row, at, "needs size_mm or size_px (one of them)");
        if (row["size_mm"]) {
            const auto [w, h] = pair_of(r, row, "size_mm", at + ".size_mm");
            out.slot = {mm_to_px(w, l.dpi), mm_to_px(h, l.dpi)};
        } else {
            const auto [w, h] = pair_of(r, row, "size_px", at + ".size_px");
            out.slot = {int(std::lround(w)), int(std::lround(h))};
        }
        if (out.slot.width < 16 || out.slot.height < 16) r.fail(row, at, "photo smaller than 16 pixels");
        g.rows.push_back(out);
    }
    // The photos and their gaps must fit inside the margins: a print shop trims nothing of a
    // photo, and a layout that does not fit is the file's fault, said when it is read.
    int width = 0, height = 0;
    for (const auto& row : g.rows) {
        width = std::max(width, row.count * row.slot.width + (row.count - 1) * g.gap_px);
        height += row.slot.height;
    }
    height += int(g.rows.size() - 1) * g.gap_px;
    const cv::Size room(l.paper_px.width - 2 * g.margin_px, l.paper_px.height - 2 * g.margin_px);
    if (width > room.width || height > room.height)
        r.fail(rows, "rows",
               fmt::format("the photos need {}x{} px but the paper has {}x{} px inside its margins", width, height,
                           room.width, room.height));
}

void parse_contact(const YamlReader& r, const YAML::Node& root, Layout& l) {
    ContactGeometry& g = l.contact;
    g.margin_mm = positive(r, root, "margin_mm", 0, 50);
    g.header_mm = positive(r, root, "header_mm", 5, 60);
    g.label_mm = positive(r, root, "label_mm", 3, 40);
    g.padding_mm = positive(r, root, "padding_mm", 0, 20);
    g.columns = r.get<int>(root, "columns", "columns");
    g.rows = r.get<int>(root, "rows", "rows");
    if (g.columns < 1 || g.columns > 20) r.fail(root["columns"], "columns", "must be between 1 and 20");
    if (g.rows < 1 || g.rows > 20) r.fail(root["rows"], "rows", "must be between 1 and 20");
    g.photo_ratio = positive(r, root, "photo_ratio", 0.3, 3);
    g.font_pt = positive(r, root, "font_pt", 4, 40);
    g.header_font_pt = positive(r, root, "header_font_pt", 4, 40);
    g.status_font_pt = positive(r, root, "status_font_pt", 4, 40);
    g.image_dpi = int(positive(r, root, "image_dpi", 72, 600));
    g.jpeg_quality = int(positive(r, root, "jpeg_quality", 50, 100));
    g.fonts = r.get<std::string>(root, "fonts", "fonts");
    const double cell_w = (l.paper_w_mm - 2 * g.margin_mm) / g.columns;
    const double cell_h = (l.paper_h_mm - 2 * g.margin_mm - g.header_mm) / g.rows;
    if (cell_w - 2 * g.padding_mm < 10 || cell_h - g.label_mm - 2 * g.padding_mm < 10)
        r.fail(root, "columns/rows", "cells too small for a photo (less than 10 mm)");
}

std::string id_key(std::string s) {
    for (char& c : s) c = c == '-' ? '_' : char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::pair<std::string, fs::path>> layout_files() {
    return yaml_files(layout_dirs(), id_key);
}

}  // namespace

Layout parse_layout(const std::string& yaml, const std::string& path) {
    YAML::Node root;
    try {
        root = YAML::Load(yaml);
    } catch (const YAML::ParserException& e) {
        throw Error(Errc::layout_invalid, fmt::format("{}:{}: {}", path, e.mark.line + 1, e.msg));
    }
    const YamlReader r(path, Errc::layout_invalid);
    if (!root.IsMap()) r.fail(root, "(top level)", "expected a mapping");
    Layout l;
    l.id = fs::path(path).stem().string();
    l.file = path;
    const std::string kind = r.get<std::string>(root, "kind", "kind");
    if (kind == "print") {
        l.kind = LayoutKind::print;
        r.only_keys(root, "", {"name", "name_en", "kind", "paper_mm", "dpi", "margin_mm", "gap_mm", "guides", "rows",
                               "jpeg_quality"});
    } else if (kind == "contact") {
        l.kind = LayoutKind::contact;
        r.only_keys(root, "", {"name", "name_en", "kind", "paper_mm", "dpi", "margin_mm", "header_mm", "label_mm",
                               "padding_mm", "columns", "rows", "photo_ratio", "font_pt", "header_font_pt",
                               "status_font_pt", "image_dpi", "jpeg_quality", "fonts"});
    } else {
        r.fail(root["kind"], "kind", "expected print or contact");
    }
    l.name = r.get<std::string>(root, "name", "name");
    l.name_en = r.get_or<std::string>(root, "name_en", "name_en", l.name);
    std::tie(l.paper_w_mm, l.paper_h_mm) = pair_of(r, root, "paper_mm", "paper_mm");
    l.dpi = r.get_or<int>(root, "dpi", "dpi", 300);
    if (l.dpi < 72 || l.dpi > 1200) r.fail(root["dpi"], "dpi", "must be between 72 and 1200");
    l.paper_px = {mm_to_px(l.paper_w_mm, l.dpi), mm_to_px(l.paper_h_mm, l.dpi)};
    if (l.paper_px.width > 8000 || l.paper_px.height > 8000) r.fail(root["paper_mm"], "paper_mm", "larger than 8000 pixels");
    if (l.kind == LayoutKind::print)
        parse_print(r, root, l);
    else
        parse_contact(r, root, l);
    return l;
}

Layout load_layout_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(Errc::layout_invalid, path + ": cannot read the file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_layout(text.str(), path);
}

std::vector<std::string> layout_dirs() {
    std::vector<std::string> dirs;
    for (const auto& d : preset_dirs()) dirs.push_back((fs::path(d) / "layouts").string());
    return dirs;
}

Layout find_layout(const std::string& id_or_path) {
    if (id_or_path.find('/') != std::string::npos || fs::path(id_or_path).extension() == ".yaml")
        return load_layout_file(id_or_path);
    const auto files = layout_files();
    for (const auto& [id, file] : files)
        if (id_key(id) == id_key(id_or_path)) return load_layout_file(file.string());
    std::vector<std::string> ids;
    for (const auto& f : files) ids.push_back(f.first);
    throw Error(Errc::layout_unknown, unknown_name_message("layout", id_or_path, ids, "idphoto sheet --layouts"));
}

std::vector<Layout> list_layouts() {
    std::vector<Layout> all;
    for (const auto& f : layout_files()) all.push_back(load_layout_file(f.second.string()));
    return all;
}

std::vector<cv::Rect> slot_rects(const Layout& layout) {
    const PrintGeometry& g = layout.print;
    int height = 0;
    for (const auto& row : g.rows) height += row.slot.height;
    height += int(g.rows.size() - 1) * g.gap_px;
    std::vector<cv::Rect> out;
    int y = (layout.paper_px.height - height) / 2;
    for (const auto& row : g.rows) {
        const int width = row.count * row.slot.width + (row.count - 1) * g.gap_px;
        int x = (layout.paper_px.width - width) / 2;
        for (int i = 0; i < row.count; ++i, x += row.slot.width + g.gap_px) out.emplace_back(cv::Point(x, y), row.slot);
        y += row.slot.height + g.gap_px;
    }
    return out;
}

std::string layout_summary(const Layout& layout, bool zh) {
    if (layout.kind == LayoutKind::contact)
        return fmt::format(zh ? "每页 {}x{} 张" : "{}x{} photos per page", layout.contact.columns, layout.contact.rows);
    std::string out;
    for (std::size_t i = 0; i < layout.print.rows.size(); ++i) {
        const LayoutRow& row = layout.print.rows[i];
        // Rows of one size read as one group: "8 x 295x413" rather than "4 x ... + 4 x ...".
        int count = row.count;
        while (i + 1 < layout.print.rows.size() && layout.print.rows[i + 1].slot == row.slot) count += layout.print.rows[++i].count;
        out += fmt::format("{}{} x {}x{} px ({:.1f}x{:.1f} mm)", out.empty() ? "" : " + ", count, row.slot.width,
                           row.slot.height, row.slot.width * 25.4 / layout.dpi, row.slot.height * 25.4 / layout.dpi);
    }
    return out;
}

}  // namespace photo
