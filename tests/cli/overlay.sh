# check --overlay's labels follow --lang (issue #16, 4): Chinese with a CJK font, English
# otherwise; without any font with Chinese the Chinese overlay falls back to English labels
# rather than drawing boxes.
. "$(dirname "$0")/lib.bash"
CJK=$(fc-list :lang=zh file | head -1 | cut -d: -f1)
[ -n "$CJK" ] || { echo "FAIL: no CJK font (make test installs fonts-wqy-microhei)"; exit 1; }
LATIN=$(fc-list :lang=en file | grep -v -F "$(dirname "$CJK")" | head -1 | cut -d: -f1)
P="$SAMPLES/sample_id_2.png"

"$IDPHOTO" check "$P" --overlay "$TMP/zh.png" --lang zh > /dev/null
"$IDPHOTO" check "$P" --overlay "$TMP/en.png" --lang en > /dev/null
file "$TMP/zh.png" | grep -q "PNG image data" || fail "no zh overlay: $(file "$TMP/zh.png")"
size_zh=$(identify -format "%wx%h" "$TMP/zh.png"); size_en=$(identify -format "%wx%h" "$TMP/en.png")
[ "$size_zh" = "$size_en" ] || fail "overlays differ in size: $size_zh vs $size_en"
differ=$(compare -metric AE "$TMP/zh.png" "$TMP/en.png" null: 2>&1 | cut -d' ' -f1)
[ "$differ" -gt 300 ] || fail "the zh and en overlays have the same labels ($differ px differ)"
# Only the labels differ: the bands and lines are the same (the left half holds the band labels).
total=$(identify -format "%[fx:w*h]" "$TMP/zh.png")
[ "$differ" -lt "$((total / 20))" ] || fail "the overlays differ in more than their labels ($differ of $total px)"

# A machine without a Chinese font: the Chinese overlay is the English one, not boxes.
printf '<?xml version="1.0"?><fontconfig><dir>%s</dir><cachedir>%s/fc</cachedir></fontconfig>' \
  "$(dirname "$LATIN")" "$TMP" > "$TMP/latin.conf"
FONTCONFIG_FILE="$TMP/latin.conf" "$IDPHOTO" check "$P" --overlay "$TMP/zh_nofont.png" --lang zh > /dev/null
FONTCONFIG_FILE="$TMP/latin.conf" "$IDPHOTO" check "$P" --overlay "$TMP/en_nofont.png" --lang en > /dev/null
same=$(compare -metric AE "$TMP/zh_nofont.png" "$TMP/en_nofont.png" null: 2>&1 | cut -d' ' -f1)
[ "$same" -eq 0 ] || fail "without a CJK font the Chinese overlay is not the English one ($same px differ)"
finish
