#pragma once
// Owning handles for the cairo and fontconfig objects the contact sheet makes, so that each is
// released on every path, an exception's included (the sanitizer build reports any leak).
#include <memory>

#include <cairo.h>
#include <fontconfig/fontconfig.h>

namespace photo {

struct CairoRelease {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
    void operator()(cairo_font_face_t* f) const { cairo_font_face_destroy(f); }
    void operator()(FcPattern* p) const { FcPatternDestroy(p); }
};

using CairoContext = std::unique_ptr<cairo_t, CairoRelease>;
using CairoSurface = std::unique_ptr<cairo_surface_t, CairoRelease>;
using CairoFontFace = std::unique_ptr<cairo_font_face_t, CairoRelease>;
using FcPatternHandle = std::unique_ptr<FcPattern, CairoRelease>;

}  // namespace photo
