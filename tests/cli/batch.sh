# idphoto batch: every photo made, reports written, a SIGKILLed run resumes without a corrupt
# or missing output, inputs untouched.
. "$(dirname "$0")/lib.bash"

IN="$TMP/in"; OUT="$TMP/out"
# 200 photos, killed after 40; a sanitizer build, several times slower, does 60 and 12.
N=200; KILL_AT=40
[ "$SANITIZED" -eq 1 ] && N=60 && KILL_AT=12
mkdir -p "$IN/class1" "$IN/class2"
for n in $(seq 1 $N); do
  i=$(printf %03d "$n")
  s=$(( (10#$i % 4) + 1 ))
  [ $((10#$i % 2)) -eq 0 ] && d=class1 || d=class2
  cp "$SAMPLES/sample_id_$s.png" "$IN/$d/2021301$i 学生$i.png"
done
echo "a note, not a photo" > "$IN/class1/readme.txt"
before=$(cd "$IN" && find . -type f -exec sha256sum {} + | sort | sha256sum)

# Kill the first run with SIGKILL once part of the photos are written.
"$IDPHOTO" batch "$IN" -o "$OUT" -q > /dev/null 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  n=$(find "$OUT" -name '*.jpg' 2>/dev/null | wc -l)
  [ "$n" -ge $KILL_AT ] && break
  sleep 0.05
done
kill -9 "$pid" 2> /dev/null
wait "$pid" 2> /dev/null
made_before=$(find "$OUT" -name '*.jpg' | wc -l)
[ "$made_before" -lt $N ] || fail "the run finished before it could be killed ($made_before outputs)"

# Run again: completes, resumes (skips what is done), leaves nothing half-written.
"$IDPHOTO" batch "$IN" -o "$OUT" -q --lang en > "$TMP/second.txt" 2> "$TMP/second.err"
code=$?
[ "$code" -eq 0 ] || fail "second run exit $code: $(cat "$TMP/second.txt" "$TMP/second.err")"
grep -q "$N made\|already made" "$TMP/second.txt" || fail "summary: $(cat "$TMP/second.txt")"
skipped=$(sed -E 's/.* ([0-9]+) already made.*/\1/' "$TMP/second.txt")
[ "$skipped" -ge $((made_before - 2)) ] || fail "resume redid work: $skipped skipped, $made_before were made"
[ "$(find "$OUT" -name '*.jpg' | wc -l)" -eq $N ] || fail "expected $N outputs, found $(find "$OUT" -name '*.jpg' | wc -l)"
[ -z "$(find "$OUT" -name '.*tmp*')" ] || fail "temporary files left: $(find "$OUT" -name '.*tmp*')"
while IFS= read -r -d '' f; do
  file "$f" | grep -q "480x640" || { fail "not a 480x640 JPEG: $(file "$f")"; break; }
  [ "$(tail -c 2 "$f" | od -An -tx1 | tr -d ' ')" = "ffd9" ] || { fail "truncated: $f"; break; }
done < <(find "$OUT" -name '*.jpg' -print0)
[ -f "$OUT/class1/2021301002 学生002.jpg" ] || fail "subfolders not mirrored"
[ "$(grep -c ',made,\|,skipped,' "$OUT/report.csv")" -eq $N ] || fail "report.csv rows: $(head -3 "$OUT/report.csv")"
grep -q 'readme.txt,ignored' "$OUT/report.csv" || fail "the note is not listed as ignored"
[ "$(wc -l < "$OUT/report.jsonl")" -eq $((N + 1)) ] || fail "report.jsonl lines: $(wc -l < "$OUT/report.jsonl")"
after=$(cd "$IN" && find . -type f -exec sha256sum {} + | sort | sha256sum)
[ "$before" = "$after" ] || fail "inputs changed"

# Shards split the work without overlap.
"$IDPHOTO" batch "$IN/class1" -o "$TMP/s1" -q --shard 1/2 > "$TMP/s1.txt" 2>&1
"$IDPHOTO" batch "$IN/class1" -o "$TMP/s2" -q --shard 2/2 > "$TMP/s2.txt" 2>&1
n1=$(find "$TMP/s1" -name '*.jpg' | wc -l); n2=$(find "$TMP/s2" -name '*.jpg' | wc -l)
[ $((n1 + n2)) -eq $((N / 2)) ] && [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] || fail "shards: $n1 + $n2 != $((N / 2))"
expect_exit 2 "$IDPHOTO" batch "$IN" -o "$TMP/s3" --shard 3/2 2> /dev/null

# A photo to retake is named with its reason, in the language asked for, and so is the summary
# and report.jsonl's advice (the matting composite's face is blurred: no face is found).
R="$TMP/retake"; mkdir -p "$R"
cp "$SAMPLES/sample_id_1.png" "$R/good.png"; cp "$SAMPLES/p_015cd10e_blue_cloth.jpg" "$R/blurred.jpg"
for lang in zh en; do
  expect_exit 1 "$IDPHOTO" batch "$R" -o "$TMP/r_$lang" --lang "$lang" > "$TMP/r_$lang.txt" 2> "$TMP/r_$lang.err"
done
grep -q "^idphoto: $R/blurred.jpg: 需要重拍（face.count）：" "$TMP/r_zh.err" || fail "zh retake line: $(cat "$TMP/r_zh.err")"
grep -q "^idphoto: $R/blurred.jpg: retake (face.count): " "$TMP/r_en.err" || fail "en retake line: $(cat "$TMP/r_en.err")"
grep -q "good.png" "$TMP/r_zh.err" && grep "good.png" "$TMP/r_zh.err" | grep -q "需要重拍" && fail "good photo named as retake"
grep -q "^2 个文件：1 张已生成，0 张此前已生成，1 张需重拍" "$TMP/r_zh.txt" || fail "zh summary: $(cat "$TMP/r_zh.txt")"
grep -q "^2 files: 1 made, 0 already made, 1 to retake" "$TMP/r_en.txt" || fail "en summary: $(cat "$TMP/r_en.txt")"
zh_advice=$(grep -o '需要重拍（face.count）：.*' "$TMP/r_zh.err" | sed 's/^需要重拍（face.count）：//')
grep -qF "$zh_advice" "$TMP/r_zh/report.jsonl" || fail "report.jsonl advice not in Chinese: $(cat "$TMP/r_zh/report.jsonl")"
grep -qF "$zh_advice" "$TMP/r_en/report.jsonl" && fail "--lang en report.jsonl holds the Chinese advice"

finish
