# idphoto sheet: 6-inch prints at exact size with cut guides, and the class contact sheet PDF.
. "$(dirname "$0")/lib.bash"

# Finished photos to print, made by make as a secretary would.
"$IDPHOTO" make "$SAMPLES/sample_id_2.png" -o "$TMP/a.jpg" > /dev/null || fail "make a.jpg"
"$IDPHOTO" make "$SAMPLES/sample_id_3.png" -o "$TMP/b.jpg" > /dev/null || fail "make b.jpg"
before=$(sha256sum < "$TMP/a.jpg")

# The photo rectangles of a print, "Y X WxH" per line top to bottom: the pixels that are
# neither white paper nor the grey guides (within FUZZ: a JPEG blurs both a little).
rects() {
  convert "$1" -fuzz "$2" -fill white -opaque white -fill white -opaque "rgb(160,160,160)" -fill black +opaque white \
    -define connected-components:verbose=true -define connected-components:area-threshold=1000 \
    -connected-components 4 null: |
    awk '$NF == "srgb(0,0,0)" { split($2, a, /[x+]/); print a[4], a[3], a[1] "x" a[2] }' | sort -n -k1,1 -k2,2
}
pixel() { convert "$1" -crop "1x1+$2+$3" -depth 8 txt:- | tail -1; }  # "0,0: (160,160,160)  #A0A0A0 ..."
# Photos on one page of a PDF: the saturated blobs (a backdrop, skin) of its 40 dpi rendering;
# text, box outlines and the empty boxes of students without a photo are grey or black.
photos_on_page() {
  rm -f "$TMP"/page-*.png
  pdftoppm -r 40 -f "$2" -l "$2" -png "$1" "$TMP/page" || return 1
  convert "$TMP"/page-*.png -colorspace HSL -channel G -separate +channel -threshold 30% \
    -define connected-components:verbose=true -define connected-components:area-threshold=100 \
    -connected-components 8 null: | awk '$NF == "gray(255)" && $4 + 0 >= 500' | wc -l
}

# The default print: four CHSI photos, 2x2 on a portrait 6-inch print, 300 dpi in the file.
expect_exit 0 "$IDPHOTO" sheet "$TMP/a.jpg" -o "$TMP/chsi.jpg" > "$TMP/chsi.out"
info=$(file "$TMP/chsi.jpg")
grep -q "1200x1800" <<< "$info" || fail "chsi_x4 is not 1200x1800: $info"
grep -q "density 300x300" <<< "$info" || fail "chsi_x4 is not 300 dpi: $info"
grep -q "已生成 .*chsi.jpg" "$TMP/chsi.out" || fail "no zh summary: $(cat "$TMP/chsi.out")"
got=$(rects "$TMP/chsi.jpg" 12% | awk '{ print $3 }' | tr '\n' ' ')
[ "$got" = "480x640 480x640 480x640 480x640 " ] || fail "chsi_x4 photos: $got"

# Lossless, the same layout: each slot holds the finished photo's own pixels, not one changed.
expect_exit 0 "$IDPHOTO" sheet "$TMP/a.jpg" -o "$TMP/chsi.png" > /dev/null
read -r y x size < <(rects "$TMP/chsi.png" 0)
convert "$TMP/chsi.png" -crop "480x640+$x+$y" +repage "$TMP/slot.png"
ae=$(compare -metric AE "$TMP/slot.png" "$TMP/a.jpg" null: 2>&1)
[ "$ae" = "0" ] || fail "the printed CHSI photo differs from the file in $ae pixels"
# The guides: grey just outside each edge of the photo, white a little further out.
grep -q "#A0A0A0" <<< "$(pixel "$TMP/chsi.png" $((x - 1)) $((y + 300)))" || fail "no guide left of the photo"
grep -q "#A0A0A0" <<< "$(pixel "$TMP/chsi.png" $((x + 480)) $((y + 300)))" || fail "no guide right of the photo"
grep -q "#A0A0A0" <<< "$(pixel "$TMP/chsi.png" $((x + 200)) $((y - 1)))" || fail "no guide above the photo"
grep -q "#A0A0A0" <<< "$(pixel "$TMP/chsi.png" $((x + 200)) $((y + 640)))" || fail "no guide below the photo"
grep -q "#FFFFFF" <<< "$(pixel "$TMP/chsi.png" $((x - 4)) $((y + 300)))" || fail "guide thicker than the layout says"
# ...and they run on past the corner (3 mm = 35 px) to line up a ruler.
grep -q "#A0A0A0" <<< "$(pixel "$TMP/chsi.png" $((x - 1)) $((y - 30)))" || fail "guide does not run on past the corner"

# 一寸 x8, landscape, any case: eight photos of exactly 295x413 px (25x35 mm at 300 dpi).
expect_exit 0 "$IDPHOTO" sheet "$TMP/a.jpg" --layout ONE_INCH_X8 -o "$TMP/one.jpg" > /dev/null
info=$(file "$TMP/one.jpg")
grep -q "1800x1200" <<< "$info" || fail "one_inch_x8 is not 1800x1200: $info"
grep -q "density 300x300" <<< "$info" || fail "one_inch_x8 is not 300 dpi: $info"
got=$(rects "$TMP/one.jpg" 12% | awk '{ print $3 }' | sort | uniq -c | tr -s ' ')
[ "$got" = " 8 295x413" ] || fail "one_inch_x8 photos: $got"
# Cropped, not stretched: the head keeps its shape. The face is as wide in the 一寸 slot as the
# CHSI photo scaled to the slot's height (640 -> 413), i.e. the sides were cut, not squeezed.
grep -q "4 x 295x413 px (25.0x35.0 mm) + 2 x 413x579 px (35.0x49.0 mm)" \
  <<< "$("$IDPHOTO" sheet "$TMP/a.jpg" "$TMP/b.jpg" --layout mixed-one4-two2 -o "$TMP/mixed.png")" || fail "mixed summary"
got=$(rects "$TMP/mixed.png" 0 | awk '{ print $3 }' | tr '\n' ' ')
[ "$got" = "295x413 295x413 295x413 295x413 413x579 413x579 " ] || fail "mixed photos: $got"
# Two photos take turns: the first and third slots hold the same photo, the first and second not.
mapfile -t slots < <(rects "$TMP/mixed.png" 0)
crop() { read -r y x size <<< "${slots[$1]}"; convert "$TMP/mixed.png" -crop "$size+$x+$y" +repage "$TMP/s$1.png"; }
crop 0; crop 1; crop 2
[ "$(compare -metric AE "$TMP/s0.png" "$TMP/s2.png" null: 2>&1)" = "0" ] || fail "photos do not take turns (0, 2)"
[ "$(compare -metric AE "$TMP/s0.png" "$TMP/s1.png" null: 2>&1)" != "0" ] || fail "photos do not take turns (0, 1)"
crop_top=$(convert "$TMP/s0.png" -crop 295x1+0+0 +repage -format '%[fx:mean]' info:)
a_top=$(convert "$TMP/a.jpg" -crop 457x1+11+0 +repage -format '%[fx:mean]' info:)
awk -v c="$crop_top" -v a="$a_top" 'BEGIN { exit !(c - a < 0.03 && a - c < 0.03) }' ||
  fail "the slot's top row is not the photo's top row (top not kept): $crop_top vs $a_top"

# stdout.
expect_exit 0 "$IDPHOTO" sheet "$TMP/a.jpg" --layout two_inch_x4 -o - > "$TMP/piped.jpg" 2> /dev/null
grep -q "1200x1800" <<< "$(file "$TMP/piped.jpg")" || fail "piped print: $(file "$TMP/piped.jpg")"

# Bad input: one line naming the file, the sheet made from the others, exit 2.
printf 'not an image' > "$TMP/note.jpg"
expect_exit 2 "$IDPHOTO" sheet "$TMP/a.jpg" "$TMP/note.jpg" "$TMP/gone.jpg" --layout chsi_x4 -o "$TMP/partial.jpg" \
  > /dev/null 2> "$TMP/partial.err"
[ "$(wc -l < "$TMP/partial.err")" -eq 2 ] || fail "not one line per bad file: $(cat "$TMP/partial.err")"
grep -q "note.jpg" "$TMP/partial.err" || fail "bad file not named"
grep -q "gone.jpg" "$TMP/partial.err" || fail "missing file not named"
grep -q "1200x1800" <<< "$(file "$TMP/partial.jpg")" || fail "no sheet from the good photo"
expect_exit 2 "$IDPHOTO" sheet "$TMP/note.jpg" -o "$TMP/none.jpg" 2> /dev/null
[ -e "$TMP/none.jpg" ] && fail "sheet written without any photo"
# Usage errors: nothing written.
expect_exit 2 "$IDPHOTO" sheet "$TMP/a.jpg" --layout nosuch -o "$TMP/x.jpg" 2> "$TMP/unknown.err"
grep -q "one_inch_x8" "$TMP/unknown.err" || fail "unknown layout does not list them: $(cat "$TMP/unknown.err")"
expect_exit 2 "$IDPHOTO" sheet "$TMP/a.jpg" --layout contact_a4 -o "$TMP/x.jpg" 2> /dev/null
expect_exit 2 "$IDPHOTO" sheet "$TMP/a.jpg" "$TMP/a.jpg" "$TMP/a.jpg" "$TMP/a.jpg" "$TMP/a.jpg" -o "$TMP/x.jpg" 2> "$TMP/many.err"
grep -q "4" "$TMP/many.err" || fail "too many photos: $(cat "$TMP/many.err")"
expect_exit 2 "$IDPHOTO" sheet "$TMP/a.jpg" -o "$TMP/x.webp" 2> /dev/null
[ -e "$TMP/x.jpg" ] || [ -e "$TMP/x.webp" ] && fail "written after a usage error"
expect_exit 2 "$IDPHOTO" sheet "$TMP/a.jpg" -o "$TMP/a.jpg" 2> /dev/null
[ "$(sha256sum < "$TMP/a.jpg")" = "$before" ] || fail "input overwritten"
expect_exit 0 "$IDPHOTO" sheet --layouts > "$TMP/layouts.txt"
for id in chsi_x4 one_inch_x8 two_inch_x4 mixed_one4_two2 contact_a4; do
  grep -q "^$id " "$TMP/layouts.txt" || fail "--layouts misses $id"
done
"$IDPHOTO" presets | grep -q "_x4" && fail "a layout listed as a photo preset"
"$IDPHOTO" sheet --help | grep -q -- "--contact" || fail "--help does not explain --contact"

# The contact sheet of a real bundle: 2 photos made, 1 retake, 1 missing.
mkdir -p "$TMP/inbox"
cp "$SAMPLES/sample_id_2.png" "$TMP/inbox/2021301001 张伟.png"
cp "$SAMPLES/sample_id_3.png" "$TMP/inbox/2021301002 李娜.png"
cp "$SAMPLES/sample_id_1_thumb48.webp" "$TMP/inbox/2021301003 王芳.webp"
printf '学号,姓名\n2021301001,张伟\n2021301002,李娜\n2021301003,王芳\n2021301004,赵四\n' > "$TMP/roster.csv"
"$IDPHOTO" bundle "$TMP/inbox" -r "$TMP/roster.csv" -o "$TMP/class" > /dev/null 2>&1
[ -f "$TMP/class/manifest.csv" ] || fail "bundle wrote no manifest"
expect_exit 0 "$IDPHOTO" sheet --contact "$TMP/class" --title "计算机 2021-1 班" --date 2026-06-30 -o "$TMP/class.pdf" > "$TMP/pdf.out"
grep -q "1 页，4 名学生，2 张照片" "$TMP/pdf.out" || fail "contact summary: $(cat "$TMP/pdf.out")"
grep -q "Pages: *1$" <<< "$(pdfinfo "$TMP/class.pdf")" || fail "pages: $(pdfinfo "$TMP/class.pdf")"
grep -q "A4" <<< "$(pdfinfo "$TMP/class.pdf")" || fail "not A4"
text=$(pdftotext "$TMP/class.pdf" -)
for word in 计算机 2026-06-30 2021301001 张伟 2021301002 李娜 2021301003 王芳 需重拍 2021301004 赵四 缺交 "第 1 页，共 1 页"; do
  grep -q "$word" <<< "$text" || fail "contact sheet text lacks $word"
done
grep -q " yes yes yes " <<< "$(pdffonts "$TMP/class.pdf")" || fail "font not embedded: $(pdffonts "$TMP/class.pdf")"
n=$(photos_on_page "$TMP/class.pdf" 1)
[ "$n" -eq 2 ] || fail "contact sheet shows $n photos, expected 2"
# The photos are embedded as JPEG at 300 ppi for their printed size, not as lossless pixels.
grep -q "jpeg" <<< "$(pdfimages -list "$TMP/class.pdf")" || fail "photos not embedded as JPEG"

# 32 students in an English manifest: two A4 pages of 30, the missing one an empty box.
mkdir -p "$TMP/big/photos"
{
  printf '\xEF\xBB\xBFstudent_id,name,status,reason,source,output,override\r\n'
  for i in $(seq 1 31); do
    cp "$TMP/a.jpg" "$TMP/big/photos/20213020$(printf %02d "$i").jpg"
    printf '20213020%02d,Student %d,fixed,,x.png,photos/20213020%02d.jpg,\r\n' "$i" "$i" "$i"
  done
  printf '2021302032,Last One,missing,no photo received,,,\r\n'
} > "$TMP/big/manifest.csv"
start=$(date +%s%N)
expect_exit 0 "$IDPHOTO" sheet "$TMP/big" -o "$TMP/big.pdf" --lang en > "$TMP/big.out"
echo "32-student contact sheet: $((($(date +%s%N) - start) / 1000000)) ms, $(stat -c %s "$TMP/big.pdf") bytes"
grep -q "made .*2 page(s), 32 students, 31 photos" "$TMP/big.out" || fail "big summary: $(cat "$TMP/big.out")"
grep -q "Pages: *2$" <<< "$(pdfinfo "$TMP/big.pdf")" || fail "32 students not on 2 pages"
n=$(photos_on_page "$TMP/big.pdf" 1)
[ "$n" -eq 30 ] || fail "page 1 shows $n photos, expected 30"
n=$(photos_on_page "$TMP/big.pdf" 2)
[ "$n" -eq 1 ] || fail "page 2 shows $n photos, expected 1"
text=$(pdftotext -f 2 -l 2 "$TMP/big.pdf" -)
grep -q "missing" <<< "$text" || fail "missing student not labelled"
grep -q "page 2 of 2" <<< "$text" || fail "page number: $text"

# A photo the manifest names but that is gone: one line naming it, its box says so, exit 2.
rm "$TMP/class/photos/2021301002.jpg"
expect_exit 2 "$IDPHOTO" sheet --contact "$TMP/class" -o "$TMP/gone.pdf" > /dev/null 2> "$TMP/gone.err"
grep -q "2021301002.jpg" "$TMP/gone.err" || fail "gone photo not named: $(cat "$TMP/gone.err")"
grep -q "无法读取" <<< "$(pdftotext "$TMP/gone.pdf" -)" || fail "gone photo's box not labelled"

# Photos named '学号 姓名.jpg' instead of a bundle; -o NAME.pdf means --contact.
cp "$TMP/a.jpg" "$TMP/2021301009 陈一.jpg"
expect_exit 0 "$IDPHOTO" sheet "$TMP/2021301009 陈一.jpg" "$TMP/b.jpg" -o "$TMP/list.pdf" > /dev/null
text=$(pdftotext "$TMP/list.pdf" -)
grep -q "2021301009" <<< "$text" || fail "学号 from the file name missing"
grep -q "陈一" <<< "$text" || fail "姓名 from the file name missing"
[ "$(photos_on_page "$TMP/list.pdf" 1)" -eq 2 ] || fail "photo list: not 2 photos"
expect_exit 2 "$IDPHOTO" sheet --contact "$TMP/inbox" -o "$TMP/notbundle.pdf" 2> "$TMP/notbundle.err"
grep -q "manifest.csv" "$TMP/notbundle.err" || fail "a folder without manifest: $(cat "$TMP/notbundle.err")"
expect_exit 2 "$IDPHOTO" sheet "$TMP/class" -o "$TMP/class.jpg" 2> "$TMP/print_bundle.err"
grep -q -- "--contact" "$TMP/print_bundle.err" || fail "a bundle folder given to a print: $(cat "$TMP/print_bundle.err")"
expect_exit 2 "$IDPHOTO" sheet --contact "$TMP/class" -o "$TMP/class.png" 2> /dev/null
[ -e "$TMP/class.png" ] && fail "contact sheet written as .png"
expect_exit 2 "$IDPHOTO" sheet --contact "$TMP/class" -o "$TMP/class/manifest.csv" 2> /dev/null
grep -q "学号" "$TMP/class/manifest.csv" || fail "manifest overwritten"
ls "$TMP" "$TMP/class" | grep -q '\.tmp' && fail "temporary file left behind"

finish
