// idphoto presets: the photo standards this build knows, from presets/*.yaml.
#include <fmt/core.h>

#include "cli/common.hpp"
#include "libphoto/analysis/preset.hpp"

namespace cli {

namespace {
std::string band_text(const std::optional<photo::Band>& b) {
    return b ? fmt::format("{:.0f}-{:.0f}", b->lo, b->hi) : "-";
}

int run_presets() {
    try {
        const auto presets = photo::list_presets();
        fmt::print("{:<15} {:>9} {:>4}  {:<9} {:<9} {:<9} {:<9}  {:<22} {}\n", "id", "pixels", "dpi", "KB",
                   "crown", "eyes", "face", "backgrounds", "name");
        for (const auto& p : presets) {
            std::string bgs;
            for (const auto& c : p.backgrounds) bgs += (bgs.empty() ? "" : ",") + c.name;
            const std::string kb = p.kb_max > 0 ? fmt::format("{:.0f}-{:.0f}", p.kb_min, p.kb_max) : "-";
            fmt::print("{:<15} {:>9} {:>4}  {:<9} {:<9} {:<9} {:<9}  {:<22} {} ({})\n", p.id,
                       fmt::format("{}x{}", p.width, p.height), p.dpi, kb, band_text(p.crown_px),
                       band_text(p.eye_line_px), band_text(p.face_width_px), bgs, p.name, p.name_en);
        }
    } catch (const std::exception& e) {
        print_error("", e, photo::lang_from_locale());
        return kError;
    }
    return kOk;
}
}  // namespace

void register_presets(CLI::App& app, int& exit_code) {
    CLI::App* cmd = app.add_subcommand("presets", tr("列出照片规格（presets/*.yaml）及其尺寸和各区域范围",
                                                  "List the photo standards (presets/*.yaml) with their sizes and bands"));
    cmd->callback([&exit_code] { exit_code = run_presets(); });
}

}  // namespace cli
