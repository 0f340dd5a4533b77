#pragma once
// The font for Chinese text drawn by idphoto itself (the contact sheet's PDF, the check
// overlay's labels): fontconfig picks the first installed family of a list, asked for Chinese,
// so that among the fonts it falls back to it prefers one that covers it.
#include <string>

#include "libphoto/render/cairo_handles.hpp"

namespace photo {

// The families tried when a caller has no list of its own: the open CJK fonts Linux
// distributions ship, then the system ones of Windows and macOS, then any sans-serif.
inline constexpr const char* kChineseFontFamilies =
    "Noto Sans CJK SC, WenQuanYi Micro Hei, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif";

struct ChosenFont {
    CairoFontFace face;
    std::string file;          // the font file fontconfig chose
    bool has_chinese = false;  // false: Chinese would show as boxes (no CJK font installed)
};

// `families`: comma-separated fontconfig family names, first wins. Throws
// Error(Errc::sheet_font) when fontconfig has no font at all.
ChosenFont choose_font(const std::string& families = kChineseFontFamilies);

}  // namespace photo
