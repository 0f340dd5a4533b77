# idphoto on whatever arrives by email: empty, truncated and fake files, decompression bombs,
# odd colour models and bit depths, animations, EXIF orientations and broken EXIF, a HEIC
# container without an image, hostile zips, a symlink loop, names with a newline and invalid
# UTF-8, a folder named like a photo, unwritable and full outputs. Never a crash; every error is
# one line naming the file; nothing half-written is left; the good photo is still made; memory
# stays bounded; the inputs are byte-identical afterwards.
. "$(dirname "$0")/lib.bash"

IN="$TMP/in"; mkdir -p "$IN/sub"
S="$SAMPLES"
GOOD="2021301001 张伟.png"
cp "$S/sample_id_2.png" "$IN/$GOOD"                                      # the one good photo
: > "$IN/empty.jpg"
convert "$S/sample_id_2.png" -quality 92 "$TMP/good.jpg"                 # an encoded JPEG to edit
head -c $(( $(stat -c %s "$TMP/good.jpg") / 2 )) "$TMP/good.jpg" > "$IN/truncated.jpg"
head -c 20000 "$S/sample_id_2.png" > "$IN/truncated.png"
echo "老师好，照片见附件。Dear teacher, the photo is attached." > "$IN/text.jpg"
convert "$S/sample_id_2.png" -colorspace CMYK -quality 92 "$IN/cmyk.jpg"
convert "$S/sample_id_2.png" -depth 16 "PNG48:$IN/deep16.png"
convert "$S/sample_id_2.png" -colorspace Gray "$IN/grey.png"
convert "$S/sample_id_2.png" -resize 50% \( +clone -flop \) -set delay 20 -loop 0 "$IN/animated.gif"
convert "$S/sample_id_2.png" -resize 50% \( +clone -flop \) -set delay 20 -loop 0 "$TMP/animated.webp" 2> /dev/null &&
  [ "$(identify "$TMP/animated.webp" 2> /dev/null | wc -l)" -ge 2 ] && cp "$TMP/animated.webp" "$IN/animated.webp" ||
  echo "note: ImageMagick cannot write an animated WebP here; that case is skipped"
o=2; for op in "-flop" "-rotate 180" "-flip" "-transpose" "-rotate -90" "-transverse" "-rotate 90"; do
  convert "$S/sample_id_2.png" $op -quality 92 "$TMP/stored_$o.jpg"; o=$((o + 1))
done
python3 - "$IN" "$TMP/good.jpg" <<'PY'
import os, random, struct, sys, zlib, zipfile
out, good_jpg = sys.argv[1], sys.argv[2]
def put(name, data):
    with open(os.path.join(out, name) if isinstance(name, str) else os.path.join(out.encode(), name), "wb") as f:
        f.write(data)
put("random.jpg", random.Random(7).randbytes(5000))
# PNGs built by hand: a 1x1 photo and an IHDR claiming 60000x60000 (valid CRCs, a tiny IDAT).
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
def png(w, h, raw):
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
put("one_pixel.png", png(1, 1, b"\x00\x80\x80\x80"))
put("bomb_60000.png", png(60000, 60000, b"\x00" * (1 + 60000 * 3) * 4))
# A JPEG whose SOF claims 65000x65000.
jpg = open(good_jpg, "rb").read()
def sof_at(data):
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            return i
        i += 2 + length
    raise SystemExit("no SOF")
i = sof_at(jpg)
put("bomb_65000.jpg", jpg[:i + 5] + struct.pack(">HH", 65000, 65000) + jpg[i + 9:])
# EXIF orientations 2-8 (APP1 right after SOI), and broken EXIF blocks.
def app1(tiff):
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
def orientation(o):
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1) + struct.pack("<HHIHH", 0x0112, 3, 1, o, 0) + struct.pack("<I", 0)
# The pixels are stored turned the other way, so that applying the tag gives the upright photo.
for o in range(2, 9):
    stored = open(os.path.join(os.path.dirname(good_jpg), "stored_%d.jpg" % o), "rb").read()
    put("orientation_%d.jpg" % o, stored[:2] + app1(orientation(o)) + stored[2:])
broken = (b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 0xFFFF)                # 65535 entries, 1 present
          + struct.pack("<HHIHH", 0x0112, 3, 0x7FFFFFFF, 9, 0) + struct.pack("<HHII", 0x8769, 4, 1, 0xFFFFFFF0))
put("broken_exif.jpg", jpg[:2] + app1(broken) + jpg[2:])
put("broken_exif_offset.jpg", jpg[:2] + app1(b"MM\x00*" + struct.pack(">I", 0xFFFFFF00)) + jpg[2:])
# A HEIC that is only an ftyp box.
put("no_image.heic", struct.pack(">I", 24) + b"ftypheic" + struct.pack(">I", 0) + b"mif1heic")
# A zip that climbs out of its folder, and a zip bomb (300 MB of zeros, streamed).
with zipfile.ZipFile(os.path.join(out, "evil.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    z.write(os.path.join(out, "2021301001 张伟.png"), "../evil.jpg")
    z.write(os.path.join(out, "2021301001 张伟.png"), "../../../../../../../tmp/evil_abs.jpg")
with zipfile.ZipFile(os.path.join(out, "bomb.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("2021301002 李娜.jpg", "w", force_zip64=True) as m:
        zeros = b"\x00" * (1 << 20)
        for _ in range(300):
            m.write(zeros)
# A zip whose headers lie: they declare 1000 bytes, the member inflates to 250 MB.
liar = os.path.join(out, "liar.zip")
with zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("2021301002 李娜 (2).jpg", "w") as m:
        for _ in range(250):
            m.write(zeros)
d = bytearray(open(liar, "rb").read())
struct.pack_into("<I", d, d.find(b"PK\x03\x04") + 22, 1000)
struct.pack_into("<I", d, d.find(b"PK\x01\x02") + 24, 1000)
open(liar, "wb").write(bytes(d))
PY
[ -f "$IN/bomb_65000.jpg" ] || fail "the corpus was not built"
# CMYK: ImageMagick writes Adobe CMYK JPEGs; check it really is one.
identify -format '%[colorspace]' "$IN/cmyk.jpg" | grep -q CMYK || fail "cmyk.jpg is not CMYK"
ln -s . "$IN/sub/loop"                                                    # a symlink loop
ln -s "$IN/sub" "$IN/sub/back"                                            # and a loop via an absolute path
cp "$TMP/good.jpg" "$IN/new"$'\n'"line.jpg"                              # a newline in the name
cp "$IN/truncated.jpg" "$IN/cut"$'\n'"short.jpg"                          # and one that fails
printf 'not a photo' > "$IN/bad"$'\xff\xfe'".jpg"                        # invalid UTF-8 in the name
mkdir "$IN/x.jpg"                                                         # a folder named like a photo
cp "$TMP/good.jpg" "$IN/sub/2021301003 王芳.jpg"

hash_inputs() { (cd "$IN" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum); }
before=$(hash_inputs)

# No crash, ever: exit < 128, no abort/segfault/uncaught-exception text.
no_crash() {  # no_crash CODE STDERR_FILE WHAT
  [ "$1" -lt 128 ] || fail "$3: killed by a signal (exit $1)"
  grep -qE 'Segmentation|Aborted|terminate called|core dumped|AddressSanitizer|runtime error' "$2" &&
    fail "$3: crash text: $(head -3 "$2")"
}
# An error is exactly one stderr line naming the file (by its base name; a newline or invalid
# byte in the name may be escaped, so only the plain part before it is required).
one_line_naming() {  # one_line_naming STDERR_FILE NEEDLE WHAT
  local n; n=$(wc -l < "$1")
  [ "$n" -eq 1 ] || fail "$3: $n stderr lines, expected 1: $(head -5 "$1" | tr '\n' '|')"
  grep -qF -- "$2" "$1" || fail "$3: the error does not name the file: $(cat "$1")"
}
needle_of() { local b=${1##*/}; b=${b%%$'\n'*}; printf '%s' "${b%%$'\xff'*}"; }
no_tmp_left() {  # no_tmp_left DIR WHAT
  [ -z "$(find "$1" -name '*.tmp-*' 2> /dev/null)" ] || fail "$2: temporary files left: $(find "$1" -name '*.tmp-*')"
}

# What each file must give (make and check): 2 an error, 1 a retake, "01" made or retake,
# "012" anything but a crash (decided by the decoder's abilities, still one line when 2).
want_of() {
  case "${1##*/}" in
    empty.jpg|truncated.png|text.jpg|random.jpg|bomb_*|no_image.heic|bad*|x.jpg) echo 2 ;;
    truncated.jpg) echo 2 ;;
    one_pixel.png) echo 1 ;;
    cut*) echo 2 ;;
    "$GOOD"|orientation_*|broken_exif*|new*|"2021301003 王芳.jpg") echo 0 ;;
    cmyk.jpg|deep16.png|grey.png) echo 01 ;;
    *) echo 012 ;;
  esac
}

mapfile -d '' inputs < <(cd "$IN" && find . -maxdepth 1 -mindepth 1 ! -name '*.zip' ! -name sub -print0 | LC_ALL=C sort -z)
mkdir -p "$TMP/made"
k=0
for rel in "${inputs[@]}"; do
  f="$IN/${rel#./}"; base=${f##*/}; want=$(want_of "$f"); needle=$(needle_of "$f")
  k=$((k + 1)); o="$TMP/made/$k.jpg"
  # make
  timeout 120 "$IDPHOTO" make "$f" -o "$o" --lang en > "$TMP/m.out" 2> "$TMP/m.err"; code=$?
  no_crash "$code" "$TMP/m.err" "make $needle"
  [[ "$want" == *"$code"* ]] || fail "make $needle: exit $code, expected one of $want: $(head -2 "$TMP/m.err")"
  if [ "$code" -eq 0 ]; then
    file "$o" | grep -q "480x640" || fail "make $needle: output is not 480x640: $(file "$o")"
  else
    [ -e "$o" ] && fail "make $needle: output written although exit $code"
  fi
  [ "$code" -eq 2 ] && one_line_naming "$TMP/m.err" "$needle" "make $needle"
  # check
  timeout 120 "$IDPHOTO" check "$f" --lang en > "$TMP/c.out" 2> "$TMP/c.err"; code=$?
  no_crash "$code" "$TMP/c.err" "check $needle"
  cw=$want; [ "$want" = 0 ] && cw=01   # check calls a fixable photo 1
  [[ "$cw" == *"$code"* ]] || fail "check $needle: exit $code, expected one of $cw: $(head -2 "$TMP/c.err")"
  [ "$code" -eq 2 ] && one_line_naming "$TMP/c.err" "$needle" "check $needle"
  # check --json: one JSON object per photo on stdout, naming the file; errors as above
  timeout 120 "$IDPHOTO" check "$f" --json --lang en > "$TMP/j.out" 2> "$TMP/j.err"; jcode=$?
  no_crash "$jcode" "$TMP/j.err" "check --json $needle"
  [ "$jcode" -eq "$code" ] || fail "check --json $needle: exit $jcode, text mode gave $code"
  python3 -c '
import json, sys
lines = open(sys.argv[1], "rb").read().decode("utf-8").splitlines()
assert len(lines) == 1, "%d lines" % len(lines)
json.loads(lines[0])' "$TMP/j.out" 2> "$TMP/j.py" || fail "check --json $needle: not one JSON line: $(tail -1 "$TMP/j.py") $(head -c 300 "$TMP/j.out")"
  [ "$jcode" -eq 2 ] && one_line_naming "$TMP/j.err" "$needle" "check --json $needle"
done
no_tmp_left "$TMP/made" "make"
# check over every file at once goes on past the errors and reports the good photo.
"$IDPHOTO" check "$IN"/* --json --lang en > "$TMP/all.out" 2> "$TMP/all.err"; code=$?
no_crash "$code" "$TMP/all.err" "check all"
[ "$code" -eq 2 ] || fail "check all: exit $code, expected 2"
grep -qF "$GOOD" "$TMP/all.out" || fail "check all: the good photo is not reported: $(head -c 300 "$TMP/all.out")"

# Bombs under a 1.5 GB address-space limit: refused quickly with exit 2, not killed.
# (AddressSanitizer reserves terabytes of address space, so an ASan build runs without it.)
AS_LIMIT=1500000
if [ "$SANITIZED" -eq 1 ]; then
  AS_LIMIT=unlimited; echo "note: ASan build, memory bounds are not checked with ulimit -v"
fi
for b in bomb_60000.png bomb_65000.jpg; do
  start=$SECONDS
  (ulimit -v $AS_LIMIT; exec timeout 60 "$IDPHOTO" make "$IN/$b" -o "$TMP/bomb.jpg" --lang en) > /dev/null 2> "$TMP/b.err"; code=$?
  no_crash "$code" "$TMP/b.err" "make $b (ulimit)"
  [ "$code" -eq 2 ] || fail "make $b under ulimit -v: exit $code: $(head -2 "$TMP/b.err")"
  [ $((SECONDS - start)) -le 20 ] || fail "make $b took $((SECONDS - start)) s"
  one_line_naming "$TMP/b.err" "$b" "make $b (ulimit)"
  [ -e "$TMP/bomb.jpg" ] && fail "make $b wrote an output"
done
# The good photo works under the same limit (so the limit itself is fair).
(ulimit -v $AS_LIMIT; exec timeout 120 "$IDPHOTO" make "$IN/$GOOD" -o "$TMP/limited.jpg") > /dev/null 2> "$TMP/l.err" ||
  fail "make of the good photo under ulimit -v: $(head -2 "$TMP/l.err")"

# Outputs that cannot be written: under a regular file, under /proc/1/. Exit 2, one line.
: > "$TMP/afile"
for o in "$TMP/afile/out.jpg" "/proc/1/idphoto-out.jpg"; do
  "$IDPHOTO" make "$IN/$GOOD" -o "$o" --lang en > /dev/null 2> "$TMP/w.err"; code=$?
  no_crash "$code" "$TMP/w.err" "make -o $o"
  [ "$code" -eq 2 ] || fail "make -o $o: exit $code, expected 2"
  one_line_naming "$TMP/w.err" "${o%/*}" "make -o $o"   # the folder that cannot be written
  [ -e "$o" ] && fail "make -o $o: something was written"
done
[ -s "$TMP/afile" ] && fail "the file standing in the output path was changed"
"$IDPHOTO" batch "$IN/$GOOD" -o "$TMP/afile/out" -q > /dev/null 2> "$TMP/w.err"; code=$?
no_crash "$code" "$TMP/w.err" "batch -o under a file"
[ "$code" -eq 2 ] || fail "batch -o under a file: exit $code, expected 2"
one_line_naming "$TMP/w.err" "afile/out" "batch -o under a file"

# batch over the whole folder: goes on, makes the good photos, lists every input, exit 2.
B="$TMP/batch"
timeout 300 "$IDPHOTO" batch "$IN" -o "$B" -q > "$TMP/batch.out" 2> "$TMP/batch.err"; code=$?
no_crash "$code" "$TMP/batch.err" "batch"
[ "$code" -eq 2 ] || fail "batch: exit $code, expected 2"
for g in "2021301001 张伟.jpg" "sub/2021301003 王芳.jpg"; do
  file "$B/$g" | grep -q "480x640" || fail "batch: the good photo $g was not made: $(file "$B/$g")"
done
no_tmp_left "$B" "batch"
[ -e "$B/x.jpg" ] && [ ! -d "$B/x.jpg" ] && fail "batch: the folder x.jpg became an output"
for rel in "${inputs[@]}"; do
  [ -d "$IN/$rel" ] && continue
  needle=$(needle_of "$rel")
  grep -qF -- "$needle" "$B/report.csv" || fail "batch: report.csv does not list $needle"
done
python3 -c '
import json, sys
for n, line in enumerate(open(sys.argv[1], "rb").read().decode("utf-8").splitlines(), 1):
    json.loads(line)' "$B/report.jsonl" 2> "$TMP/j.py" || fail "batch: report.jsonl is not JSON Lines: $(tail -1 "$TMP/j.py")"
while IFS= read -r line; do   # every stderr line says which file
  [[ "$line" == idphoto:\ * ]] || fail "batch: stray stderr line: $line"
done < "$TMP/batch.err"
for bad in empty.jpg text.jpg random.jpg animated.gif bad cut truncated.jpg truncated.png bomb_60000.png bomb_65000.jpg no_image.heic; do
  [ "$(grep -cF -- "in/$bad" "$TMP/batch.err")" -eq 1 ] || fail "batch: not one stderr line for $bad: $(cat "$TMP/batch.err")"
done
grep -q "cut short.jpg" "$TMP/batch.err" || fail "batch: the newline in a name is not flattened: $(grep -A1 cut "$TMP/batch.err")"

# bundle over the whole folder (zips included) with a small roster, under the memory limit.
printf '学号,姓名\n2021301001,张伟\n2021301002,李娜\n2021301003,王芳\n2021301004,赵六\n' > "$TMP/roster.csv"
U="$TMP/bundle"
(ulimit -v $AS_LIMIT; exec timeout 300 "$IDPHOTO" bundle "$IN" --roster "$TMP/roster.csv" -o "$U" --lang en) \
  > "$TMP/bundle.out" 2> "$TMP/bundle.err"; code=$?
no_crash "$code" "$TMP/bundle.err" "bundle"
[ "$code" -eq 1 ] || [ "$code" -eq 2 ] || fail "bundle: exit $code, expected 1 or 2: $(head -3 "$TMP/bundle.err")"
for id in 2021301001 2021301003; do
  file "$U/photos/$id.jpg" | grep -q "480x640" || fail "bundle: $id was not made: $(file "$U/photos/$id.jpg")"
done
grep -q '^2021301004,.*,missing' "$U/manifest.csv" || fail "bundle: the student who sent nothing: $(grep 2021301004 "$U/manifest.csv")"
grep -q '^2021301002,' "$U/manifest.csv" || fail "bundle: the zip-bomb student is not in the manifest"
for z in bomb.zip liar.zip evil.zip; do
  grep -qF "in/$z:" "$TMP/bundle.err" || fail "bundle: nothing said about $z: $(cat "$TMP/bundle.err")"
done
no_tmp_left "$U" "bundle"
[ -z "$(find "$TMP" / -xdev -maxdepth 3 -name 'evil*.jpg' 2> /dev/null)" ] ||
  fail "bundle: a zip member escaped: $(find "$TMP" / -xdev -maxdepth 3 -name 'evil*.jpg' 2> /dev/null)"
while IFS= read -r line; do
  [[ "$line" == idphoto:\ * ]] || fail "bundle: stray stderr line: $line"
done < "$TMP/bundle.err"

# A full disk: batch into a 64 KB tmpfs. Exit 2, clear lines, nothing half-written.
mkdir -p "$TMP/full"
if mount -t tmpfs -o size=64k tmpfs "$TMP/full" 2> /dev/null; then
  "$IDPHOTO" batch "$IN/$GOOD" "$IN/sub" "$IN/new"$'\n'"line.jpg" -o "$TMP/full/out" -q > /dev/null 2> "$TMP/full.err"; code=$?
  no_crash "$code" "$TMP/full.err" "batch on a full disk"
  [ "$code" -eq 2 ] || fail "batch on a full disk: exit $code, expected 2"
  [ -s "$TMP/full.err" ] || fail "batch on a full disk: nothing said"
  while IFS= read -r line; do
    [[ "$line" == idphoto:\ * ]] || fail "batch on a full disk: stray stderr line: $line"
  done < "$TMP/full.err"
  no_tmp_left "$TMP/full" "batch on a full disk"
  while IFS= read -r -d '' f; do
    [ "$(tail -c 2 "$f" | od -An -tx1 | tr -d ' ')" = "ffd9" ] || fail "batch on a full disk: truncated $f"
  done < <(find "$TMP/full" -name '*.jpg' -print0)
  umount "$TMP/full"
else
  echo "note: cannot mount a tmpfs here; the full-disk case is skipped"
fi

[ "$(hash_inputs)" = "$before" ] || fail "inputs changed"
finish
