#include "libphoto/render/font_choice.hpp"

#include <cairo-ft.h>

#include "libphoto/core/error.hpp"

namespace photo {

ChosenFont choose_font(const std::string& families) {
    FcPatternHandle pattern(FcPatternCreate());
    if (!pattern) throw Error(Errc::sheet_font, "fontconfig: out of memory");
    std::size_t start = 0;
    while (start <= families.size()) {
        std::size_t end = families.find(',', start);
        if (end == std::string::npos) end = families.size();
        std::string family = families.substr(start, end - start);
        family.erase(0, family.find_first_not_of(' '));
        family.erase(family.find_last_not_of(' ') + 1);
        if (!family.empty()) FcPatternAddString(pattern.get(), FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
        start = end + 1;
    }
    FcPatternAddString(pattern.get(), FC_LANG, reinterpret_cast<const FcChar8*>("zh-cn"));
    FcConfigSubstitute(nullptr, pattern.get(), FcMatchPattern);
    FcDefaultSubstitute(pattern.get());
    FcResult result = FcResultNoMatch;
    FcPatternHandle match(FcFontMatch(nullptr, pattern.get(), &result));
    if (!match) throw Error(Errc::sheet_font, "fontconfig found no font at all (is fontconfig set up?)");
    ChosenFont font;
    FcChar8* file = nullptr;
    if (FcPatternGetString(match.get(), FC_FILE, 0, &file) == FcResultMatch) font.file = reinterpret_cast<const char*>(file);
    FcCharSet* chars = nullptr;
    // 学 and 姓: words every Chinese sheet and label prints.
    font.has_chinese = FcPatternGetCharSet(match.get(), FC_CHARSET, 0, &chars) == FcResultMatch &&
                       FcCharSetHasChar(chars, 0x5B66) && FcCharSetHasChar(chars, 0x59D3);
    font.face.reset(cairo_ft_font_face_create_for_pattern(match.get()));  // takes its own reference
    if (cairo_font_face_status(font.face.get()) != CAIRO_STATUS_SUCCESS)
        throw Error(Errc::sheet_font, std::string("font: ") + cairo_status_to_string(cairo_font_face_status(font.face.get())));
    return font;
}

}  // namespace photo
