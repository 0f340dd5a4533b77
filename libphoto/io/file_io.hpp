#pragma once
// Whole files in and out (file_io.cpp): read with the system's reason in every error, written
// atomically through AtomicFile. Its own header, below the image loader, so that the lists,
// archives and caches that only move bytes need not include it.
#include <string>

#include "libphoto/core/bytes.hpp"

namespace photo {

// Reads a whole file; "-" reads standard input. Throws Error(Errc::io_read).
Bytes read_file(const std::string& path);

// Writes through a temporary file in the same folder and a rename, so a reader never sees
// a half-written file and a crash leaves no partial output. "-" writes standard output.
void write_file_atomic(const std::string& path, const Bytes& data);

// Throws Error(Errc::usage_output) when `path`'s extension names an image format other than
// `format` ("jpeg", "png", "pdf"): x.png holding a JPEG is refused by upload pages that check the
// extension, and misleads whoever opens it. "-", no extension and other extensions pass.
void check_output_extension(const std::string& path, const std::string& format);

}  // namespace photo
