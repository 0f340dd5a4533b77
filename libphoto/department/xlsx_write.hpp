#pragma once
// One sheet written as an Excel workbook (.xlsx) through libxlsxwriter: what a department
// opens without the import dialog a CSV needs, with the header row frozen, columns wide
// enough for their text, and each row filled in its status colour.
#include <cstdint>
#include <string>
#include <vector>

namespace photo {

struct XlsxSheet {
    std::string name;                              // the sheet's tab
    std::vector<std::string> header;               // bold, frozen
    std::vector<std::vector<std::string>> rows;    // written as text: 学号 keep their leading zeros
    std::vector<std::uint32_t> fills;              // 0xRRGGBB per row, 0 for none; may be empty
};

// Written atomically (atomic_file.hpp). Cells are always text, never formulas, so a name like
// "=HYPERLINK(...)" is shown, not run. Throws Error(Errc::io_write).
void write_xlsx(const std::string& path, const XlsxSheet& sheet);

}  // namespace photo
