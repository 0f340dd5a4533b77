# Excel in and out (issue #16, 3): a roster saved as .xlsx is read as the CSV would be, the
# bundle writes manifest.xlsx beside manifest.csv, and a roster that cannot be read says in
# Chinese what to do.
. "$(dirname "$0")/lib.bash"

IN="$TMP/inbox"
mkdir -p "$IN"
cp "$SAMPLES/sample_id_2.png" "$IN/2021301001 张伟.png"
cp "$SAMPLES/sample_id_1_thumb48.webp" "$IN/2021301002 李娜.webp"   # a thumbnail: retake
# A workbook as Excel writes one: shared strings, a title row above the header, the 学号 of
# one row stored as a number, rows numbered by Excel.
python3 - "$TMP/roster.xlsx" <<'PY'
import sys, zipfile
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
strings = ["2024届毕业生名单", "学号", "姓名", "张伟", "李娜", "2021301002", "王芳"]
sst = "".join("<si><t>%s</t></si>" % s for s in strings)
def s(ref, i): return '<c r="%s" t="s"><v>%d</v></c>' % (ref, i)
rows = ('<row r="1">%s</row>' % s("A1", 0) +
        '<row r="2">%s%s</row>' % (s("A2", 1), s("B2", 2)) +
        '<row r="3"><c r="A3"><v>2021301001</v></c>%s</row>' % s("B3", 3) +
        '<row r="4">%s%s</row>' % (s("A4", 5), s("B4", 4)) +
        '<row r="5"><c r="A5"><v>2021301003</v></c>%s</row>' % s("B5", 6))
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", '<workbook %s %s><sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>' % (ns, r))
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="ws"/></Relationships>')
    z.writestr("xl/sharedStrings.xml", "<sst %s>%s</sst>" % (ns, sst))
    z.writestr("xl/worksheets/sheet1.xml", "<worksheet %s><sheetData>%s</sheetData></worksheet>" % (ns, rows))
PY

expect_exit 1 "$IDPHOTO" bundle "$IN" --roster "$TMP/roster.xlsx" -o "$TMP/out" --lang en > "$TMP/summary.txt" 2> "$TMP/err.txt"
M="$TMP/out/manifest.csv"
grep -q "^2021301001,张伟,fixed," "$M" || fail "xlsx roster, number 学号: $(grep 2021301001 "$M")"
grep -q "^2021301002,李娜,retake," "$M" || fail "xlsx roster, text 学号: $(grep 2021301002 "$M")"
grep -q "^2021301003,王芳,missing," "$M" || fail "xlsx roster, last row: $(grep 2021301003 "$M")"
summary=$(head -1 "$TMP/summary.txt")
[ "$summary" = "3 students: 1 fixed, 1 retake, 1 missing" ] || fail "summary: $summary"

# manifest.xlsx: the manifest's rows as text, the header frozen, each row in its status colour.
[ -f "$TMP/out/manifest.xlsx" ] || fail "no manifest.xlsx"
python3 - "$TMP/out/manifest.xlsx" "$M" <<'PY' || fail "manifest.xlsx does not hold the manifest"
import csv, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheet = z.read("xl/worksheets/sheet1.xml").decode()
strings = [re.sub("<[^>]+>", "", si) for si in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
cells = {}
for ref, attrs, body in re.findall(r'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>(.*?)</c>)', sheet):
    v = re.search(r"<v>(.*?)</v>", body)
    cells[ref] = (strings[int(v.group(1))] if v else "", attrs)
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))
for i, row in enumerate(rows):
    for j, value in enumerate(row):
        if value:
            got = cells.get("%s%d" % ("ABCDEFGHIJ"[j], i + 1), ("", ""))[0]
            assert got == value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), (i, j, got, value)
assert 'ySplit="1"' in sheet, "header not frozen"
styles = z.read("xl/styles.xml").decode()
assert "FFC6EFCE" in styles and "FFFFC7CE" in styles and "FFFFEB9C" in styles, "status fills missing"
PY

# Rosters that cannot be read: one line in Chinese that says what to do, exit 2, nothing written.
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1%0504d' 0 > "$TMP/old.xls"
expect_exit 2 "$IDPHOTO" bundle "$IN" --roster "$TMP/old.xls" -o "$TMP/out_xls" --lang zh > /dev/null 2> "$TMP/xls.err"
[ "$(wc -l < "$TMP/xls.err")" -eq 1 ] || fail "not one line: $(cat "$TMP/xls.err")"
grep -q "old.xls.*另存为.*CSV UTF-8" "$TMP/xls.err" || fail "no advice in Chinese: $(cat "$TMP/xls.err")"
[ -e "$TMP/out_xls/manifest.csv" ] && fail "a manifest was written without a roster"
printf '编号,姓名\r\n1,张伟\r\n' > "$TMP/no_header.csv"
expect_exit 2 "$IDPHOTO" rename "$IN" --roster "$TMP/no_header.csv" -o "$TMP/renamed" --lang zh > /dev/null 2> "$TMP/hdr.err"
grep -q "表头没有“学号”列.*请把表头改为" "$TMP/hdr.err" || fail "header problem not said in Chinese: $(cat "$TMP/hdr.err")"
expect_exit 2 "$IDPHOTO" rename "$IN" --roster "$TMP/no_header.csv" -o "$TMP/renamed" --lang en > /dev/null 2> "$TMP/hdr_en.err"
grep -q "no 学号/student_id column in the header" "$TMP/hdr_en.err" || fail "header problem in English: $(cat "$TMP/hdr_en.err")"
finish
