# review.html in headless Chromium: it renders (screenshot), shows one card per row with
# inline thumbnails, and the status filter hides the other cards.
. "$(dirname "$0")/lib.bash"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "FAIL: chromium is not installed (make test installs it)"; exit 1; }
IN="$TMP/in"; mkdir -p "$IN"
cp "$SAMPLES/sample_id_1.png" "$IN/2021301001 张伟.png"
cp "$SAMPLES/sample_id_1_thumb48.webp" "$IN/2021301002 李娜.webp"
printf 'student_id,name\n2021301001,张伟\n2021301002,李娜\n2021301003,王芳\n' > "$TMP/roster.csv"
"$IDPHOTO" bundle "$IN" --roster "$TMP/roster.csv" -o "$TMP/out" --lang en > /dev/null 2>&1
HTML="$TMP/out/review.html"
[ -f "$HTML" ] || { echo "FAIL: no review.html"; exit 1; }
grep -q 'src="http' "$HTML" && fail "review.html loads something from the network"

chrome() {
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$TMP/profile" --window-size=1200,900 "$@" 2> /dev/null
}
chrome --screenshot="$TMP/shot.png" "file://$HTML" > /dev/null
file "$TMP/shot.png" | grep -q "PNG image data, 1200 x 900" || fail "no screenshot: $(file "$TMP/shot.png")"
[ "$(stat -c %s "$TMP/shot.png")" -gt 20000 ] || fail "screenshot looks empty"

chrome --dump-dom "file://$HTML" > "$TMP/dom.html"
[ "$(grep -o 'class="card ' "$TMP/dom.html" | wc -l)" -eq 3 ] || fail "expected 3 cards"
grep -q 'data-status="fixed"' "$TMP/dom.html" || fail "no fixed card"
grep -q 'data-status="retake"' "$TMP/dom.html" || fail "no retake card"
grep -q 'data-status="missing"' "$TMP/dom.html" || fail "no missing card"
grep -q 'src="data:image/jpeg;base64,' "$TMP/dom.html" || fail "no inline thumbnail"

# The filter: opened as review.html#retake only the retake card stays visible.
chrome --dump-dom "file://$HTML#retake" > "$TMP/filtered.html"
hidden=$(grep -o 'class="card [a-z_]*" data-status="[a-z_]*" style="display: none;"' "$TMP/filtered.html" | wc -l)
[ "$hidden" -eq 2 ] || fail "filter hid $hidden cards, expected 2"
grep -q 'data-status="retake" style="display: none;"' "$TMP/filtered.html" && fail "the retake card was hidden"
finish
