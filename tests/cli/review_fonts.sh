# review.html's Chinese in headless Chromium with and without a CJK system font (issue #16, 5):
# the page names the fonts Windows, macOS and Linux ship (Microsoft YaHei, PingFang SC, Noto
# Sans CJK, WenQuanYi) instead of bundling one. With such a font two different words render as
# two different shapes; with none they render as identical missing-glyph boxes, which is why
# the README asks a Linux reader without one to install fonts-noto-cjk or fonts-wqy-microhei.
. "$(dirname "$0")/lib.bash"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "FAIL: chromium is not installed (make test installs it)"; exit 1; }
CJK=$(fc-list :lang=zh file | head -1 | cut -d: -f1)
[ -n "$CJK" ] || { echo "FAIL: no CJK font (make test installs fonts-wqy-microhei)"; exit 1; }
LATIN=$(fc-list :lang=en file | grep -v -F "$(dirname "$CJK")" | head -1 | cut -d: -f1)
[ -n "$LATIN" ] || { echo "FAIL: no Latin font"; exit 1; }

IN="$TMP/in"; mkdir -p "$IN"
cp "$SAMPLES/sample_id_1_thumb48.webp" "$IN/2021301002 李娜.webp"
printf '学号,姓名\n2021301002,李娜\n' > "$TMP/roster.csv"
"$IDPHOTO" bundle "$IN" --roster "$TMP/roster.csv" -o "$TMP/out" --lang zh > /dev/null 2>&1
HTML="$TMP/out/review.html"
[ -f "$HTML" ] || { echo "FAIL: no review.html"; exit 1; }
# Two words in the page's own style sheet, each in a box at a known place.
{
  printf '<!doctype html><html lang="zh"><head><meta charset="utf-8"><style>'
  sed -n '/<style>/,/<\/style>/p' "$HTML" | sed 's/<\/\?style>//g'
  printf '</style><style>body{margin:0;background:#fff} .w{position:absolute;top:10px;width:200px;height:40px;font-size:28px;color:#000}</style></head>'
  printf '<body><div class="w" style="left:10px">需重拍</div><div class="w" style="left:230px">已修复</div></body></html>'
} > "$TMP/words.html"

# Fontconfig limited to the font folders given: one run sees the CJK font, the other not.
shot() {  # shot NAME FONT_DIR...
  local name=$1; shift
  { printf '<?xml version="1.0"?><fontconfig>'
    for d in "$@"; do printf '<dir>%s</dir>' "$d"; done
    printf '<cachedir>%s/fc-%s</cachedir></fontconfig>' "$TMP" "$name"; } > "$TMP/$name.conf"
  FONTCONFIG_FILE="$TMP/$name.conf" "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$TMP/profile-$name" \
    --window-size=600,400 --screenshot="$TMP/$name.png" "file://$TMP/words.html" > /dev/null 2>&1
  [ -f "$TMP/$name.png" ] || fail "$name: no screenshot"
  convert "$TMP/$name.png" -crop 200x40+10+10 +repage "$TMP/$name-a.png"
  convert "$TMP/$name.png" -crop 200x40+230+10 +repage "$TMP/$name-b.png"
}
differing() { compare -metric AE "$1" "$2" null: 2>&1 | cut -d' ' -f1; }
ink() { convert "$1" -threshold 50% -negate -format "%[fx:round(mean*w*h)]" info:; }

shot with "$(dirname "$CJK")" "$(dirname "$LATIN")"
shot without "$(dirname "$LATIN")"
with_ink=$(ink "$TMP/with-a.png")
without_ink=$(ink "$TMP/without-b.png")
[ "$without_ink" -gt 50 ] || fail "without a CJK font: nothing drawn ($without_ink px): the crop misses the words"
[ "$with_ink" -gt 150 ] || fail "with a CJK font: almost no ink ($with_ink px): the page does not use the font"
with_diff=$(differing "$TMP/with-a.png" "$TMP/with-b.png")
[ "$with_diff" -gt 150 ] || fail "with a CJK font: two words look alike ($with_diff px differ): boxes, not glyphs"
without_diff=$(differing "$TMP/without-a.png" "$TMP/without-b.png")
[ "$without_diff" -lt "$((with_diff / 4))" ] ||
  fail "without a CJK font the words still differ ($without_diff px vs $with_diff): the test cannot tell fonts apart"
echo "ink $with_ink px with the font, $without_ink px without; words differ by $with_diff px with the font, $without_diff px without"
finish
