#pragma once
// Every error code the library and the CLI throw, in one list: scripts match on these
// strings (the JSON "error_code", tests), so each is stable once published. An Error can
// only be built from this enum, so a new code is added here, with its Chinese and English
// headline, or not at all.
#include <string>

namespace photo {

enum class Errc {
    io_read,           // a file or folder cannot be read
    io_write,          // an output cannot be written
    image_decode,      // the bytes are an image format we read, but broken or cut short
    image_format,      // not an image format we read (a document, a video, ...)
    image_too_large,   // the declared size is beyond what a photo can be (a bomb, a scan)
    image_encode,      // JPEG/PNG encoding failed
    archive_read,      // an archive (zip, RAR, 7z, tar) cannot be read
    archive_write,     // the bundle's zip cannot be written
    roster_invalid,    // the roster has no 学号/姓名 header, is empty, or is no table at all
    roster_encoding,   // the roster's text encoding cannot be read
    preset_invalid,    // a preset YAML file is malformed or a limit is out of range
    preset_unknown,    // no preset of that name
    naming_pattern,    // a --pattern for rename is malformed
    model_load,        // the dlib landmark model cannot be read
    model_detect,      // the face detector failed
    usage_output,      // an output would overwrite an input or has the wrong extension
    usage_background,  // a colour option that is not a colour
    usage_accept,      // make --accept names a check that cannot be accepted
    usage_shard,       // batch --shard is not K/N
    usage_layout,      // sheet: a layout of the other kind (print / contact sheet)
    usage_inputs,      // sheet: more photos than the layout has places
    layout_invalid,    // a print layout YAML file is malformed or its geometry does not fit
    layout_unknown,    // no print layout of that name
    layout_kind,       // a contact-sheet layout given for a print, or the other way round
    sheet_empty,       // nothing to lay out
    sheet_manifest,    // sheet --contact: the folder's manifest.csv is not a bundle's
    sheet_pdf,         // cairo could not write the PDF
    sheet_font,        // fontconfig could not choose a font
};

struct ErrcInfo {
    Errc errc;
    const char* code;  // "io.read"
    const char* zh;    // "无法读取文件": the headline a Chinese reader sees before an English detail
};

// The list, in the enum's order (error_codes.cpp; a unit test holds the two in step).
const ErrcInfo* errc_table(std::size_t* count);
const char* to_string(Errc errc);
const char* headline_zh(Errc errc);

}  // namespace photo
