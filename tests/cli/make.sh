# idphoto make from the command line: exit codes, JSON, stdin/stdout, errors, no lost files.
. "$(dirname "$0")/lib.bash"

cp "$SAMPLES/sample_id_2.png" "$TMP/2021301001 张伟.png"
before=$(sha256sum < "$TMP/2021301001 张伟.png")

# A good photo: exit 0, JSON status ok with measures inside the bands, a 480x640 JPEG.
expect_exit 0 "$IDPHOTO" make "$TMP/2021301001 张伟.png" -o "$TMP/out.jpg" --json > "$TMP/out.json"
grep -q '"status":"ok"' "$TMP/out.json" || fail "status not ok: $(cat "$TMP/out.json")"
grep -q '"reasons":\[\]' "$TMP/out.json" || fail "reasons not empty"
crown=$(sed -E 's/.*"crown_px":([0-9.]+).*/\1/' "$TMP/out.json")
awk -v c="$crown" 'BEGIN { exit !(c >= 50 && c <= 110) }' || fail "crown $crown outside 50-110"
file "$TMP/out.jpg" | grep -q "480x640" || fail "output is not 480x640: $(file "$TMP/out.jpg")"
file "$TMP/out.jpg" | grep -q "density 300x300" || fail "output is not 300 dpi: $(file "$TMP/out.jpg")"
[ "$(sha256sum < "$TMP/2021301001 张伟.png")" = "$before" ] || fail "input changed"
ls "$TMP" | grep -q '\.tmp' && fail "temporary file left behind"

# Text output in both languages.
out=$("$IDPHOTO" make "$TMP/2021301001 张伟.png" -o "$TMP/out2.jpg" --lang en)
grep -q "^made .*out2.jpg" <<< "$out" || fail "english text: $out"
out=$("$IDPHOTO" make "$TMP/2021301001 张伟.png" -o "$TMP/out3.jpg" --lang zh)
grep -q "已生成" <<< "$out" || fail "chinese text: $out"

# stdin to stdout.
expect_exit 0 "$IDPHOTO" make - -o - < "$TMP/2021301001 张伟.png" > "$TMP/piped.jpg" 2> /dev/null
file "$TMP/piped.jpg" | grep -q "480x640" || fail "piped output: $(file "$TMP/piped.jpg")"

# A refusal: exit 1, reason id in JSON and on stderr, nothing written.
expect_exit 1 "$IDPHOTO" make "$SAMPLES/sample_id_1_thumb48.webp" -o "$TMP/thumb.jpg" --json > "$TMP/thumb.json" 2> "$TMP/thumb.err"
grep -q '"status":"retake"' "$TMP/thumb.json" || fail "thumbnail not retake: $(cat "$TMP/thumb.json")"
grep -q '"face.resolution"' "$TMP/thumb.json" || fail "thumbnail reason: $(cat "$TMP/thumb.json")"
grep -q "sample_id_1_thumb48.webp" "$TMP/thumb.err" || fail "refusal does not name the file"
[ -e "$TMP/thumb.jpg" ] && fail "refused photo was written"

# Errors: exit 2, one line naming the file, nothing written.
expect_exit 2 "$IDPHOTO" make "$TMP/missing.jpg" -o "$TMP/m.jpg" 2> "$TMP/missing.err"
[ "$(wc -l < "$TMP/missing.err")" -eq 1 ] || fail "error is not one line: $(cat "$TMP/missing.err")"
grep -q "missing.jpg" "$TMP/missing.err" || fail "error does not name the file"
printf 'not an image' > "$TMP/note.jpg"
expect_exit 2 "$IDPHOTO" make "$TMP/note.jpg" -o "$TMP/n.jpg" 2> /dev/null
[ -e "$TMP/n.jpg" ] && fail "output written for a non-image"
# Scripts match errors by their stable code (core/error_codes.hpp), not by the message, which
# follows --lang.
for lang in zh en; do
  json=$("$IDPHOTO" make "$TMP/note.jpg" -o "$TMP/n.jpg" --json --lang "$lang" 2> /dev/null)
  grep -q '"status":"error"' <<< "$json" || fail "$lang: note.jpg JSON status: $json"
  grep -q '"error_code":"image.format"' <<< "$json" || fail "$lang: note.jpg JSON error_code: $json"
done
json=$("$IDPHOTO" make "$TMP/missing.jpg" -o "$TMP/m.jpg" --json 2> /dev/null)
grep -q '"error_code":"io.read"' <<< "$json" || fail "missing.jpg JSON error_code: $json"
json=$("$IDPHOTO" check "$TMP/note.jpg" --json 2> /dev/null)
grep -q '"verdict":"error".*"error_code":"image.format"' <<< "$json" || fail "check note.jpg JSON error_code: $json"
expect_exit 2 "$IDPHOTO" make "$TMP/2021301001 张伟.png" -o "$TMP/b.jpg" --background purple 2> /dev/null
expect_exit 2 "$IDPHOTO" make "$TMP/2021301001 张伟.png" -o "$TMP/b.jpg" --preset nosuch 2> /dev/null
expect_exit 2 "$IDPHOTO" make "$TMP/2021301001 张伟.png" -o "$TMP/2021301001 张伟.png" 2> /dev/null
[ "$(sha256sum < "$TMP/2021301001 张伟.png")" = "$before" ] || fail "input overwritten"
expect_exit 2 "$IDPHOTO" make 2> /dev/null

finish
