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

finish
