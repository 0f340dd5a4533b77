#include "libphoto/department/csv_read.hpp"

#include <algorithm>

#include "libphoto/department/text.hpp"

namespace photo {
namespace {

bool blank(const CsvRecord& r) {
    return std::all_of(r.cells.begin(), r.cells.end(),
                       [](const std::string& c) { return text::trim(c).empty(); });
}

// RFC 4180 with Excel's habits: CRLF, LF or a lone CR (old Mac Excel) ends a record, a quote
// opens a quoted cell only at the start of the cell (a stray quote inside is kept literally),
// and text after a closing quote is appended rather than rejected.
class CsvReader {
public:
    CsvReader(const std::string& text, char delimiter) : s_(text), delim_(delimiter) {}

    CsvTable read() {
        record_.line = line_;
        for (i_ = 0; i_ < s_.size(); ++i_) quoted_ ? in_quotes(s_[i_]) : outside(s_[i_]);
        if (quoted_) result_.unterminated_quote_line = quote_line_;
        if (!cell_.empty() || cell_was_quoted_ || !record_.cells.empty()) end_record();
        return std::move(result_);
    }

private:
    char peek() const { return i_ + 1 < s_.size() ? s_[i_ + 1] : '\0'; }

    void in_quotes(char c) {
        if (c == '"') {
            if (peek() == '"') { cell_ += '"'; ++i_; }
            else quoted_ = false;
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && peek() == '\n') ++i_;
            cell_ += '\n';  // a line break inside a cell, counted so later lines stay right
            ++line_;
        } else {
            cell_ += c;
        }
    }

    void outside(char c) {
        if (c == '"' && cell_.empty() && !cell_was_quoted_) {
            quoted_ = cell_was_quoted_ = true;
            quote_line_ = line_;
        } else if (c == delim_) {
            end_cell();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && peek() == '\n') ++i_;
            end_record();
            record_.line = ++line_;
        } else {
            cell_ += c;
        }
    }

    void end_cell() {
        record_.cells.push_back(std::move(cell_));
        cell_.clear();
        cell_was_quoted_ = false;
    }

    void end_record() {
        end_cell();
        if (!blank(record_)) result_.records.push_back(std::move(record_));
        record_ = CsvRecord{};
    }

    const std::string& s_;
    const char delim_;
    std::size_t i_ = 0;
    int line_ = 1, quote_line_ = 0;
    bool quoted_ = false, cell_was_quoted_ = false;
    std::string cell_;
    CsvRecord record_;
    CsvTable result_;
};

// Excel's "Unicode text" export is tab-separated; everything else here is comma-separated.
char guess_delimiter(const std::string& text) {
    constexpr std::size_t kSniffBytes = 4096;
    const std::string head = text.substr(0, kSniffBytes);
    const auto tabs = std::count(head.begin(), head.end(), '\t');
    const auto commas = std::count(head.begin(), head.end(), ',');
    return tabs > commas ? '\t' : ',';
}

}  // namespace

std::string csv_header_key(const std::string& cell) {
    std::string key;
    for (char c : text::to_half_width(cell, text::HalfWidth::ascii)) {
        if (c == ' ' || c == '_' || c == '-' || (c >= '\t' && c <= '\r')) continue;
        key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return text::trim(key);
}

CsvTable read_csv_table(const std::string& bytes) {
    std::string encoding;
    const std::string utf8 = text::table_text_to_utf8(bytes, encoding);
    CsvTable table = CsvReader(utf8, guess_delimiter(utf8)).read();
    table.encoding = encoding;
    return table;
}

}  // namespace photo
