#pragma once
// Text helpers for untrusted bytes (rosters, file names, archive member names): UTF-8 checks,
// GBK and UTF-16 decoding, full-width folding, Excel's whitespace. None throws but where it
// says; invalid UTF-8 becomes U+FFFD, one byte at a time.
#include <optional>
#include <string>

namespace photo::text {

constexpr char32_t kReplacement = 0xFFFD;

bool valid_utf8(const std::string& bytes);
std::u32string decode_utf8(const std::string& bytes);
std::string encode_utf8(const std::u32string& text);
// Converts with glibc's iconv from `from` (an iconv encoding name) to UTF-8, bad sequences
// as U+FFFD; nullopt when iconv does not know the encoding.
std::optional<std::string> iconv_to_utf8(const std::string& bytes, const char* from);
// GBK (decoded as its superset GB18030) to UTF-8, bad sequences as U+FFFD.
std::string gbk_to_utf8(const std::string& bytes);

enum class HalfWidth {
    digits,  // only ０-９: cells such as 院系 keep their full-width brackets
    ascii,   // every full-width ASCII character U+FF01..U+FF5E, and U+3000 becomes a space
};
std::string to_half_width(const std::string& utf8, HalfWidth what);

// Whitespace as it appears in Excel cells: ASCII, U+3000 ideographic space, U+00A0 and U+FEFF.
bool is_space(char32_t c);
std::string trim(const std::string& utf8);

// Bytes of a table as Excel and hand edits save it, as UTF-8: with a UTF-8 or UTF-16 byte
// order mark as it says; else valid UTF-8 (GBK text of any length almost never is), or
// mostly UTF-8 with a few damaged cells (shown as U+FFFD); else GBK. `encoding` is set to
// "utf-8-bom", "utf-16", "utf-8" or "gbk". Throws Error(Errc::roster_encoding) when this
// system's iconv lacks UTF-16.
std::string table_text_to_utf8(const std::string& bytes, std::string& encoding);


}  // namespace photo::text
