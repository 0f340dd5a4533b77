#pragma once
// libjpeg's error handling for our encoder and decoder: its default error_exit calls exit(),
// so errors jump back (longjmp) to the setjmp in the function that drives libjpeg, with the
// message kept; warnings and traces are not printed. That function must hold no C++ objects
// with destructors between setjmp and the jump.
#include <csetjmp>
#include <cstdio>  // jpeglib.h needs FILE

#include <jpeglib.h>

namespace photo::jpeg_errors {

struct Manager {
    jpeg_error_mgr pub;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

inline void on_error(j_common_ptr cinfo) {
    auto* err = reinterpret_cast<Manager*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, err->message);
    std::longjmp(err->jump, 1);
}

inline void on_message(j_common_ptr, int) {}  // warnings (e.g. premature end of data) are not errors

// Installs the manager on `cinfo`'s err; setjmp(err.jump) must follow in the caller.
template <class Cinfo>
void install(Cinfo& cinfo, Manager& err) {
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = on_error;
    err.pub.emit_message = on_message;
    err.message[0] = '\0';
}

}  // namespace photo::jpeg_errors
