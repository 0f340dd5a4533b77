# The cases of a security review (issue #15) at the command line: hostile file names and
# output paths that would overwrite an original, CSV cells that Excel would run as formulas,
# a second run that would read the first run's outputs, and archives that are not zips. Each
# case is cheap (no photo here needs a face search unless it says so).
. "$(dirname "$0")/lib.bash"
S="$SAMPLES"
sha() { sha256sum < "$1"; }

# --- No output is ever written over an input, however the path is spelt. -----------------------
D="$TMP/names"; mkdir -p "$D"
cp "$S/sample_id_2.png" "$D/2021301001 张伟.jpg"                  # PNG bytes named .jpg: enough here
cp "$S/sample_id_2.png" "$D/--overlay=2021301001 张伟.jpg"        # a name that reads as an option
photo_sum=$(sha "$D/2021301001 张伟.jpg")
# The README's old `idphoto check *.jpg`: the name became --overlay=<the other photo>.
(cd "$D" && "$IDPHOTO" check --lang en *.jpg) > /dev/null 2> "$TMP/o.err"; code=$?
[ "$(sha "$D/2021301001 张伟.jpg")" = "$photo_sum" ] || fail "check *.jpg wrote over a photo: $(cat "$TMP/o.err")"
[ "$code" -eq 2 ] || fail "check *.jpg with a hostile name: exit $code, expected 2"
grep -qF "2021301001 张伟.jpg" "$TMP/o.err" || fail "check *.jpg: the refusal names no file: $(cat "$TMP/o.err")"
# With `--`, as the README now writes it, that name is a file like any other.
(cd "$D" && "$IDPHOTO" check --lang en --json -- *.jpg) > "$TMP/o.out" 2> "$TMP/o.err"; code=$?
[ "$code" -eq 1 ] || fail "check -- *.jpg: exit $code, expected 1: $(cat "$TMP/o.err")"
[ "$(grep -c '"file":' "$TMP/o.out")" -eq 2 ] || fail "check -- *.jpg did not check both files: $(cat "$TMP/o.out")"
grep -qF '"file":"--overlay=2021301001 张伟.jpg"' "$TMP/o.out" || fail "check --: the option-like name was not a file"
[ "$(sha "$D/2021301001 张伟.jpg")" = "$photo_sum" ] || fail "check -- *.jpg changed a photo"
# An output that is the input under another spelling or a hard link: refused, exit 2, untouched.
ln "$D/2021301001 张伟.jpg" "$D/hardlink.jpg"
for out in "$D/2021301001 张伟.jpg" "$D/./2021301001 张伟.jpg" "$D/../names/2021301001 张伟.jpg" "$D/hardlink.jpg"; do
  expect_exit 2 "$IDPHOTO" check "$D/2021301001 张伟.jpg" --overlay "$out" --lang en > /dev/null 2> "$TMP/o.err"
  grep -q "is an input" "$TMP/o.err" || fail "check --overlay $out: $(cat "$TMP/o.err")"
  expect_exit 2 "$IDPHOTO" make "$D/2021301001 张伟.jpg" -o "$out" --lang en > /dev/null 2> "$TMP/o.err"
  expect_exit 2 "$IDPHOTO" matte "$D/2021301001 张伟.jpg" -o "$out" > /dev/null 2> "$TMP/o.err"
  [ "$(sha "$D/2021301001 张伟.jpg")" = "$photo_sum" ] || fail "an output was written over the input as $out"
done
# batch: an output that would land on an input named on the command line.
convert "$S/sample_id_2.png" "$D/self.jpg"
self_sum=$(sha "$D/self.jpg")
"$IDPHOTO" batch "$D/self.jpg" -o "$D" -q --lang en > /dev/null 2> "$TMP/o.err"; code=$?
[ "$(sha "$D/self.jpg")" = "$self_sum" ] || fail "batch -o wrote over its input self.jpg"
[ "$code" -eq 2 ] || fail "batch -o onto its inputs: exit $code, expected 2"
grep -qF "self.jpg" "$TMP/o.err" || fail "batch -o onto its inputs: nothing said: $(cat "$TMP/o.err")"
# bundle: the zip it writes has the name of the zip it was given.
printf '学号,姓名\n2021301001,张伟\n' > "$TMP/one.csv"
mkdir -p "$TMP/zipin"
(cd "$D" && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w").write("2021301001 张伟.jpg")' "$TMP/zipin/photos.zip")
zip_sum=$(sha "$TMP/zipin/photos.zip")
"$IDPHOTO" bundle "$TMP/zipin/photos.zip" --roster "$TMP/one.csv" -o "$TMP/zipin" --lang en > /dev/null 2> "$TMP/o.err"; code=$?
[ "$(sha "$TMP/zipin/photos.zip")" = "$zip_sum" ] || fail "bundle wrote its zip over the input zip"
[ "$code" -eq 2 ] || fail "bundle -o onto its input zip: exit $code, expected 2"
grep -q "is an input" "$TMP/o.err" || fail "bundle -o onto its input zip: $(cat "$TMP/o.err")"

# --- CSV cells that Excel would run as formulas reach it as text. --------------------------------
C="$TMP/csv"; mkdir -p "$C"
cp "$S/sample_id_1_thumb48.webp" "$C/=cmd|' -C calc'!A0 2021309999.webp"   # nobody's: unmatched
printf 'not a photo' > "$C/@SUM(1+1).jpg"                                   # batch: an error row
printf '学号,姓名\n2021301001,"=HYPERLINK(""http://evil.example"",""点我"")"\n2021301002,+李娜\n' > "$TMP/formula.csv"
(cd "$C" && "$IDPHOTO" bundle --roster "$TMP/formula.csv" -o "$TMP/csvout" --lang en -- *) > /dev/null 2> "$TMP/c.err"
(cd "$C" && "$IDPHOTO" batch -o "$TMP/csvbatch" -q --lang en -- *) > /dev/null 2>> "$TMP/c.err"
# Every cell, read back as Excel reads a CSV, starts with none of = + - @, tab or CR.
python3 - "$TMP/csvout/manifest.csv" "$TMP/csvout/retake.csv" "$TMP/csvbatch/report.csv" <<'PY' || fail "a CSV cell is a live formula"
import csv, sys
bad = 0
for path in sys.argv[1:]:
    rows = list(csv.reader(open(path, encoding="utf-8-sig", newline="")))
    for row in rows:
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                print("%s: live formula %r" % (path, cell)); bad += 1
    if len(rows) < 2:
        print("%s: no rows" % path); bad += 1
sys.exit(1 if bad else 0)
PY
grep -qF "'=HYPERLINK(" "$TMP/csvout/manifest.csv" || fail "manifest: the roster's formula name is not kept as text"
grep -qF "'=HYPERLINK(" "$TMP/csvout/retake.csv" || fail "retake: the roster's formula name is not kept as text"
grep -qF "'=cmd|' -C calc'!A0" "$TMP/csvout/manifest.csv" || fail "manifest: the formula file name is not kept as text"
grep -qF "'@SUM(1+1).jpg" "$TMP/csvbatch/report.csv" || fail "report.csv: the formula file name is not kept as text"

# --- A second run never reads the first run's outputs (-o inside the inbox). ----------------------
N="$TMP/inbox"; mkdir -p "$N"
cp "$S/sample_id_2.png" "$N/2021301001 张伟.png"
for run in 1 2; do
  "$IDPHOTO" batch -o "$N/out" -q --lang en -- "$N" > /dev/null 2> "$TMP/s.err" || fail "batch run $run: $(cat "$TMP/s.err")"
  "$IDPHOTO" bundle --roster "$TMP/one.csv" -o "$N/bundle" --lang en -- "$N" > /dev/null 2> "$TMP/s.err" ||
    fail "bundle run $run: $(cat "$TMP/s.err")"
done
[ -e "$N/out/out" ] && fail "batch read its own outputs: $(find "$N/out/out" | head -3)"
[ "$(tail -n +2 "$N/out/report.csv" | wc -l)" -eq 1 ] || fail "batch run 2 took more than the photo: $(cat "$N/out/report.csv")"
[ "$(tail -n +2 "$N/bundle/manifest.csv" | wc -l)" -eq 1 ] || fail "bundle run 2 took its outputs: $(cat "$N/bundle/manifest.csv")"
grep -q "bundle/\|out/" "$N/bundle/review.html" && fail "bundle run 2 lists its own outputs in review.html"
# An output named on the command line, and the inbox as the output folder: refused, said, exit 2.
expect_exit 2 "$IDPHOTO" batch -o "$N/out" -q --lang en -- "$N/out/2021301001 张伟.jpg" > /dev/null 2> "$TMP/s.err"
grep -q "output folder" "$TMP/s.err" || fail "batch of its own output: $(cat "$TMP/s.err")"
expect_exit 2 "$IDPHOTO" batch -o "$N" -q --lang en -- "$N" > /dev/null 2> "$TMP/s.err"
grep -q "output folder" "$TMP/s.err" || fail "batch -o into the inbox itself: $(cat "$TMP/s.err")"
[ -e "$N/2021301001 张伟.jpg" ] && fail "batch -o into the inbox itself wrote beside the originals"

finish
