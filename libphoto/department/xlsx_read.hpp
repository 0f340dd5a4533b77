#pragma once
// Reading the first sheet of an Excel workbook (.xlsx) as a table, so a roster saved by
// Excel or WPS need not be exported to CSV first. An .xlsx is a zip of XML parts: libarchive
// opens the zip (with the archive reader's limits, so a bomb stops early) and expat parses
// the XML; nothing here parses XML by hand.
#include <string>

#include "libphoto/department/csv_read.hpp"

namespace photo {

// Whether the bytes are a zip (an .xlsx is one) or an old binary Excel workbook (.xls, OLE2).
bool looks_like_zip(const std::string& bytes);
bool looks_like_xls(const std::string& bytes);

// The workbook's first sheet, one record per non-empty row with the row's number as `line`
// and cells placed by their column letters (gaps are ""). Shared strings, inline strings and
// numbers are read as text: a number Excel stores as a number is written without a needless
// exponent ("16307110000", not "1.6307110000E10"), and one whose digits Excel already lost
// keeps its exponent so the roster can say so. `encoding` is "xlsx". Throws
// Error(Errc::roster_invalid) with a Chinese and an English reason when the workbook cannot be read.
CsvTable read_xlsx_table(const std::string& bytes, const std::string& name_for_messages);

}  // namespace photo
