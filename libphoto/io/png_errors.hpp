#pragma once
// libpng's error handling for our encoder and decoder: an error jumps back (png_longjmp) to
// the setjmp(png_jmpbuf) in the function that drives libpng, with the message kept in the
// state that function works on; warnings are not printed. That function must hold no C++
// objects with destructors between setjmp and the jump.
#include <cstdio>

#include <png.h>

namespace photo::png_errors {

// Part of each coder's state, handed to libpng as its error pointer.
struct Message {
    char text[200] = {};
};

inline void on_error(png_structp png, png_const_charp msg) {
    auto* m = static_cast<Message*>(png_get_error_ptr(png));
    std::snprintf(m->text, sizeof m->text, "%s", msg);
    png_longjmp(png, 1);
}

inline void on_warning(png_structp, png_const_charp) {}

}  // namespace photo::png_errors
