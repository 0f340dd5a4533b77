#pragma once
// Reading a CSV as Excel and hand edits save it (rosters, the bundle's overrides file).
#include <string>
#include <vector>

namespace photo {

struct CsvRecord {
    int line = 0;  // where the record starts (1-based)
    std::vector<std::string> cells;
};

struct CsvTable {
    std::vector<CsvRecord> records;   // blank records left out
    int unterminated_quote_line = 0;  // 0 when every quote closed
    std::string encoding;             // as text::table_text_to_utf8 found it
};

// RFC 4180 with Excel's habits: any encoding table_text_to_utf8 reads; comma- or (Excel's
// "Unicode text") tab-separated; CRLF, LF or a lone CR ends a record; a quote opens a quoted
// cell only at the start of the cell (a stray quote inside is kept literally), and text after
// a closing quote is appended rather than rejected; a line break inside quotes is '\n'.
CsvTable read_csv_table(const std::string& bytes);

// A header cell as tables compare them: width folded, ASCII lower-cased, spaces, '_', '-'
// and control characters removed ("Student ID", "student_id" and "ＳＴＵＤＥＮＴ＿ＩＤ" all read
// "studentid").
std::string csv_header_key(const std::string& cell);

}  // namespace photo
