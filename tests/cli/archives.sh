# bundle and the archives people really send (issue #15): a tar named .zip, a RAR this build
# cannot read and an empty zip (each named on stderr and as a manifest row, never skipped in
# silence), a zip of 320 members of 4 MB of zeros each (stopped by the archive's ratio), and
# members shown as mail.zip:member, never by their temporary path.
. "$(dirname "$0")/lib.bash"

IN="$TMP/in"; mkdir -p "$IN"
cp "$SAMPLES/sample_id_2.png" "$TMP/2021301001 张伟.png"
cp "$SAMPLES/sample_id_1.png" "$TMP/2021301002 李娜.png"
python3 - "$TMP" "$IN" <<'PY'
import os, sys, tarfile, zipfile
tmp, out = sys.argv[1], sys.argv[2]
# A tar that a phone or a Linux user named .zip.
with tarfile.open(os.path.join(out, "class.zip"), "w", format=tarfile.USTAR_FORMAT) as t:
    t.add(os.path.join(tmp, "2021301001 张伟.png"), "2021301001 张伟.png")
with zipfile.ZipFile(os.path.join(out, "mail.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    z.write(os.path.join(tmp, "2021301002 李娜.png"), "2021301002 李娜.png")
    z.writestr("__MACOSX/._2021301002 李娜.png", b"\x00\x05\x16\x07 Mac resource fork")  # a Mac's zip
    z.writestr("Thumbs.db", b"\xd0\xcf\x11\xe0 Windows thumbnails")
# What Windows and macOS leave beside photos: nobody's photo, no card, no row.
open(os.path.join(out, "Thumbs.db"), "wb").write(b"\xd0\xcf\x11\xe0")
open(os.path.join(out, "desktop.ini"), "wb").write(b"[.ShellClassInfo]\r\n")
# A RAR we cannot read (only its signature is right), named for a student.
open(os.path.join(out, "2021301003 王芳.rar"), "wb").write(b"Rar!\x1a\x07\x00" + os.urandom(2000))
# An empty zip: only the end of the central directory.
open(os.path.join(out, "empty.zip"), "wb").write(b"PK\x05\x06" + b"\x00" * 18)
# 320 members just under 4 MB of zeros each: 1.3 MB that expands to 1.28 GB.
zeros = b"\x00" * (4 * 1024 * 1024 - 1)
with zipfile.ZipFile(os.path.join(out, "bomb320.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(320):
        z.writestr("part%03d.bmp" % i, zeros)
PY
[ "$(stat -c %s "$IN/bomb320.zip")" -lt 2000000 ] || fail "bomb320.zip is not the small bomb it should be"
printf '学号,姓名\n2021301001,张伟\n2021301002,李娜\n2021301003,王芳\n' > "$TMP/roster.csv"

O="$TMP/out"
timeout 300 "$IDPHOTO" bundle "$IN" --roster "$TMP/roster.csv" -o "$O" --lang en > "$TMP/out.txt" 2> "$TMP/err.txt"; code=$?
[ "$code" -eq 1 ] || fail "bundle: exit $code, expected 1 (a student must send again): $(head -3 "$TMP/err.txt")"
M="$O/manifest.csv"
# The tar named .zip and the zip are unpacked; their members are shown as archive:member.
for id in 2021301001 2021301002; do
  grep -qE "^$id,.*,(ready|fixed)," "$M" || fail "bundle: $id not made from its archive: $(grep "$id" "$M")"
done
grep -qF "class.zip:2021301001 张伟.png" "$M" || fail "manifest: the tar member is not shown as class.zip:member: $(grep 2021301001 "$M")"
grep -qF "mail.zip:2021301002 李娜.png" "$M" || fail "manifest: the zip member is not shown as mail.zip:member: $(grep 2021301002 "$M")"
grep -q "idphoto-unpack-" "$M" "$O/review.html" "$TMP/out.txt" "$TMP/err.txt" && fail "a temporary path is shown: $(grep -h idphoto-unpack- "$M" "$O/review.html" "$TMP/err.txt" | head -2)"
grep -qiE "thumbs.db|desktop.ini|__MACOSX" "$M" "$O/review.html" "$TMP/err.txt" &&
  fail "system files were listed: $(grep -hiE 'thumbs.db|desktop.ini|__MACOSX' "$M" "$O/review.html" "$TMP/err.txt" | head -3)"
# Each archive that cannot be read: one stderr line naming it, a manifest row.
for z in "2021301003 王芳.rar" empty.zip; do
  [ "$(grep -cF -- "in/$z" "$TMP/err.txt")" -eq 1 ] || fail "stderr: not one line for $z: $(cat "$TMP/err.txt")"
  grep -F -- "in/$z" "$M" | grep -q ",unreadable," || fail "manifest: no unreadable row for $z: $(cat "$M")"
done
grep -F "empty.zip" "$TMP/err.txt" | grep -q "holds no files" || fail "empty.zip: the reason is not given: $(grep empty.zip "$TMP/err.txt")"
# The student whose only file is that RAR did send something: told so, not 'missing'.
grep -E '^2021301003,' "$M" | grep -q ',error,.*cannot be read' || fail "manifest: 2021301003 sent a RAR: $(grep 2021301003 "$M")"
grep -q '^2021301003,' "$O/retake.csv" || fail "retake.csv: 2021301003 is not asked to send again"
# The bomb stops after a few members, and says so once, by name.
grep -F "in/bomb320.zip" "$TMP/err.txt" | grep -q "times the bytes read" ||
  fail "bomb320.zip: not stopped by the archive's ratio: $(grep -F bomb320 "$TMP/err.txt")"
while IFS= read -r line; do
  [[ "$line" == idphoto:\ * ]] || fail "stray stderr line: $line"
done < "$TMP/err.txt"

# In Chinese the same problems are said in Chinese (issue #16, 4): rename reads the inbox the
# same way and is quick.
"$IDPHOTO" rename "$IN" --roster "$TMP/roster.csv" -o "$TMP/renamed_zh" -n --lang zh > /dev/null 2> "$TMP/zh_err.txt"
zh_err=$(cat "$TMP/zh_err.txt")
grep -q "in/empty.zip: 压缩包里没有文件" <<< "$zh_err" || fail "empty.zip in Chinese: $(grep empty.zip <<< "$zh_err")"
grep -q "in/bomb320.zip.*压缩炸弹" <<< "$zh_err" || fail "bomb320.zip in Chinese: $(grep bomb320 <<< "$zh_err")"

# batch and rename open archives as bundle does (issue #16, 6): members are made below the
# archive's name and shown as archive:member.
B="$TMP/batch"
timeout 300 "$IDPHOTO" batch "$IN" -o "$B" -q --lang en > /dev/null 2> "$TMP/berr.txt"
for f in "class.zip/2021301001 张伟.jpg" "mail.zip/2021301002 李娜.jpg"; do
  file "$B/$f" | grep -q 480x640 || fail "batch: $f not made from its archive: $(find "$B" -type f | head)"
done
[ "$(head -c 3 "$B/report.csv" | od -An -tx1 | tr -d ' ')" = "efbbbf" ] || fail "batch: report.csv has no UTF-8 BOM"
grep -qF "class.zip:2021301001 张伟.png" "$B/report.csv" || fail "batch: report.csv does not show class.zip:member: $(head -3 "$B/report.csv")"
grep -qF "in/2021301003 王芳.rar" "$TMP/berr.txt" || fail "batch: the unreadable RAR is not named: $(cat "$TMP/berr.txt")"
R="$TMP/renamed"
"$IDPHOTO" rename --roster "$TMP/roster.csv" -o "$R" --lang en -- "$IN" > "$TMP/rout.txt" 2> /dev/null
cmp -s "$R/2021301001_张伟.png" "$TMP/2021301001 张伟.png" || fail "rename: the tar member was not copied: $(cat "$TMP/rout.txt")"
grep -qF "mail.zip:2021301002 李娜.png -> " "$TMP/rout.txt" || fail "rename: the member is not shown as mail.zip:member: $(cat "$TMP/rout.txt")"
finish
