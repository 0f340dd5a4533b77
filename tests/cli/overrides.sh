# The department overrules the tool (issue #16, 2): make --accept CHECK_ID for one photo, and
# bundle's overrides.csv (学号, 决定, 备注) beside the manifest, written empty on the first run,
# honoured by the next and recorded in the manifest; rows it cannot use are named with their line.
. "$(dirname "$0")/lib.bash"
S="$SAMPLES"
# A head tilted 12 degrees: a retake (pose.roll) that a person may accept.
convert "$S/sample_id_2.png" -background '#d0d4d6' -rotate 12 -gravity center -extent 413x531 "$TMP/tilt.png"

"$IDPHOTO" make "$TMP/tilt.png" -o "$TMP/a.jpg" --lang en > /dev/null 2> "$TMP/e"; code=$?
[ "$code" -eq 1 ] && grep -q "pose.roll" "$TMP/e" || fail "make tilt.png: exit $code, expected a pose.roll retake: $(cat "$TMP/e")"
"$IDPHOTO" make "$TMP/tilt.png" -o "$TMP/a.jpg" --accept pose.roll --json --lang en > "$TMP/j" 2> "$TMP/e" ||
  fail "make --accept pose.roll: $(cat "$TMP/e")"
file "$TMP/a.jpg" | grep -q 480x640 || fail "make --accept pose.roll: no photo"
python3 - "$TMP/j" <<'PY' || fail "make --accept: the JSON does not record the acceptance: $(head -c 400 "$TMP/j")"
import json, sys
j = json.load(open(sys.argv[1]))
roll = [c for c in j["checks"] if c["id"] == "pose.roll"][0]
assert j["status"] == "ok" and roll["status"] == "accepted" and "accepted by a person" in roll["message"], roll
PY
# --accept takes one id: the photo after it is the photo, and it may be given twice.
"$IDPHOTO" make --accept pose.roll --accept eyes.open "$TMP/tilt.png" -o "$TMP/c.jpg" --lang en > /dev/null 2> "$TMP/e" ||
  fail "make --accept ID PHOTO: $(cat "$TMP/e")"
"$IDPHOTO" make "$TMP/tilt.png" -o "$TMP/b.jpg" --accept pose.rol --lang en > /dev/null 2> "$TMP/e"; code=$?
[ "$code" -eq 2 ] && grep -q "did you mean 'pose.roll'" "$TMP/e" || fail "--accept pose.rol: exit $code: $(cat "$TMP/e")"
"$IDPHOTO" make "$TMP/tilt.png" -o "$TMP/b.jpg" --accept file.dpi --lang en > /dev/null 2> "$TMP/e"; code=$?
[ "$code" -eq 2 ] && grep -q "make fixes file.dpi itself" "$TMP/e" || fail "--accept file.dpi: exit $code: $(cat "$TMP/e")"

IN="$TMP/inbox"; mkdir -p "$IN"
cp "$TMP/tilt.png" "$IN/2021301001 张伟.png"
cp "$S/sample_id_3.png" "$IN/2021301002 李四.png"     # the roster has 王五: a name to check by hand
cp "$S/sample_id_4.png" "$IN/2021301003 赵六.png"
printf '学号,姓名\n2021301001,张伟\n2021301002,王五\n2021301003,赵六\n' > "$TMP/roster.csv"
O="$TMP/out"
"$IDPHOTO" bundle "$IN" --roster "$TMP/roster.csv" -o "$O" --lang en > "$TMP/s1" 2> "$TMP/e1"; code=$?
[ "$code" -eq 1 ] || fail "bundle 1: exit $code: $(cat "$TMP/e1")"
grep -q '^2021301001,.*,retake,' "$O/manifest.csv" || fail "bundle 1: 2021301001: $(grep 2021301001 "$O/manifest.csv")"
grep -q '^2021301002,.*,name_mismatch,' "$O/manifest.csv" || fail "bundle 1: 2021301002: $(grep 2021301002 "$O/manifest.csv")"
[ "$(tail -c +4 "$O/overrides.csv" | tr -d '\r')" = "学号,决定,备注" ] || fail "bundle 1: no empty overrides.csv to fill in: $(cat "$O/overrides.csv")"
grep -qF "$O/overrides.csv" "$TMP/s1" || fail "bundle 1: the summary does not point at overrides.csv"

# The secretary's decisions, saved by Excel as GBK, with two rows it cannot use.
printf '学号,决定,备注\r\n2021301001,接受 pose.roll,教务处同意\r\n2021301002,姓名已核对,曾用名李四\r\n2021309999,接受,\r\n2021301003,maybe,\r\n' |
  iconv -f UTF-8 -t GBK > "$O/overrides.csv"
cp "$O/overrides.csv" "$TMP/overrides.kept"
"$IDPHOTO" bundle "$IN" --roster "$TMP/roster.csv" -o "$O" --lang en > "$TMP/s2" 2> "$TMP/e2"; code=$?
[ "$code" -eq 0 ] || fail "bundle 2: exit $code, expected every student done: $(cat "$TMP/e2")"
grep '^2021301001,' "$O/manifest.csv" | grep -q ',fixed,.*accepted (pose.roll): 教务处同意' ||
  fail "bundle 2: 2021301001 accepted: $(grep 2021301001 "$O/manifest.csv")"
grep '^2021301002,' "$O/manifest.csv" | grep -q ',fixed,.*name checked by hand: 曾用名李四' ||
  fail "bundle 2: 2021301002 name checked: $(grep 2021301002 "$O/manifest.csv")"
for f in "$O"/photos/2021301001.jpg "$O"/photos/2021301002.jpg; do file "$f" | grep -q 480x640 || fail "bundle 2: $f not made"; done
grep -q "overrides.csv: line 4: student 2021309999 is not on the roster" "$TMP/e2" || fail "bundle 2: unknown student row not named: $(cat "$TMP/e2")"
grep -q "overrides.csv: line 5: unknown decision 'maybe'" "$TMP/e2" || fail "bundle 2: bad decision row not named: $(cat "$TMP/e2")"
cmp -s "$O/overrides.csv" "$TMP/overrides.kept" || fail "bundle 2: overrides.csv was rewritten"
finish
