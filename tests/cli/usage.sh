# What a careful user expects of the command line (issue #16, 6): a mistyped command or option
# is told the nearest one, preset names are read in any case and a wrong one lists those there
# are, an output named .png for a JPEG is refused before any work, and check takes a folder.
. "$(dirname "$0")/lib.bash"
S="$SAMPLES/sample_id_2.png"

# Typos: one line naming the nearest, in the language asked for, exit 2.
"$IDPHOTO" chek "$S" --lang en > /dev/null 2> "$TMP/e"; code=$?
[ "$code" -eq 2 ] || fail "chek: exit $code"
grep -q "did you mean 'check'" "$TMP/e" || fail "chek: no suggestion: $(cat "$TMP/e")"
[ "$(wc -l < "$TMP/e")" -eq 1 ] || fail "chek: $(wc -l < "$TMP/e") lines: $(cat "$TMP/e")"
"$IDPHOTO" bnudle --lang zh > /dev/null 2> "$TMP/e"
grep -q "是不是要用 'bundle'" "$TMP/e" || fail "bnudle (zh): $(cat "$TMP/e")"
"$IDPHOTO" check "$S" --overlya "$TMP/g.png" --lang en > /dev/null 2> "$TMP/e"; code=$?
[ "$code" -eq 2 ] || fail "--overlya: exit $code"
grep -q "did you mean '--overlay'" "$TMP/e" || fail "--overlya: no suggestion: $(cat "$TMP/e")"
[ -e "$TMP/g.png" ] && fail "--overlya: something was written"
# A word near nothing still gets CLI11's own message.
"$IDPHOTO" zzzz > /dev/null 2> "$TMP/e"; [ $? -eq 2 ] || fail "zzzz: not a usage error"
grep -q "did you mean" "$TMP/e" && fail "zzzz: a suggestion for nothing near: $(cat "$TMP/e")"

# Presets in any case; an unknown one names the nearest and the list.
"$IDPHOTO" make "$S" -o "$TMP/upper.jpg" -p CHSI --lang en > /dev/null 2> "$TMP/e" || fail "-p CHSI: $(cat "$TMP/e")"
[ -s "$TMP/upper.jpg" ] || fail "-p CHSI: nothing made"
"$IDPHOTO" check "$S" -p pasport --lang en > /dev/null 2> "$TMP/e"; code=$?
[ "$code" -eq 2 ] || fail "-p pasport: exit $code"
grep -q "did you mean 'passport'" "$TMP/e" && grep -q "small-two-inch" "$TMP/e" || fail "-p pasport: $(cat "$TMP/e")"

# The output's extension must say what it holds.
"$IDPHOTO" make "$S" -o "$TMP/out.png" --lang en > /dev/null 2> "$TMP/e"; code=$?
[ "$code" -eq 2 ] || fail "make -o out.png: exit $code"
grep -q "name it .jpg" "$TMP/e" || fail "make -o out.png: $(cat "$TMP/e")"
[ -e "$TMP/out.png" ] && fail "make -o out.png: a JPEG was written as .png"
"$IDPHOTO" make "$S" -o "$TMP/OUT.JPEG" --lang en > /dev/null 2> "$TMP/e" || fail "make -o OUT.JPEG: $(cat "$TMP/e")"
"$IDPHOTO" matte "$S" -o "$TMP/alpha.jpg" > /dev/null 2> "$TMP/e"; [ $? -eq 2 ] || fail "matte -o alpha.jpg accepted"

# check takes a folder: its photos (subfolders too), not its notes; one guide each.
mkdir -p "$TMP/in/sub"
cp "$SAMPLES/sample_id_1.png" "$TMP/in/a.png"
cp "$SAMPLES/sample_id_3.png" "$TMP/in/sub/b.png"
echo "老师好" > "$TMP/in/notes.txt"
"$IDPHOTO" check "$TMP/in" --json --lang en --overlay "$TMP/guides" > "$TMP/j" 2> "$TMP/e"; code=$?
[ "$code" -eq 1 ] || fail "check FOLDER: exit $code: $(cat "$TMP/e")"
[ "$(wc -l < "$TMP/j")" -eq 2 ] || fail "check FOLDER: $(wc -l < "$TMP/j") results, expected 2: $(cat "$TMP/j")"
grep -q '"in/a.png\|/in/a.png' "$TMP/j" && grep -q 'sub/b.png' "$TMP/j" || fail "check FOLDER: photos not reported: $(cat "$TMP/j")"
grep -q notes "$TMP/j" "$TMP/e" && fail "check FOLDER: the note was taken for a photo"
[ -s "$TMP/guides/a.guide.png" ] && [ -s "$TMP/guides/sub_b.guide.png" ] || fail "check FOLDER: guides: $(ls "$TMP/guides")"
# Named, the note is an error that says why.
"$IDPHOTO" check "$TMP/in/notes.txt" --lang en > /dev/null 2> "$TMP/e"; [ $? -eq 2 ] || fail "check notes.txt: not an error"
grep -q "notes.txt: not an image" "$TMP/e" || fail "check notes.txt: $(cat "$TMP/e")"
# --help and CLI11's usage errors follow --lang, else the locale (issue #16, 4).
help_zh=$(LANG= LC_ALL= "$IDPHOTO" make --help)
grep -q "^生成一张合格照片" <<< "$help_zh" || fail "make --help is not Chinese: $(head -2 <<< "$help_zh")"
grep -q "^选项:" <<< "$help_zh" || fail "make --help's option group is not Chinese"
grep -q "^用法: " <<< "$help_zh" || fail "make --help's usage line is not Chinese"
help_en=$("$IDPHOTO" make --help --lang en)
grep -q "^Make one compliant photo" <<< "$help_en" || fail "make --help --lang en: $(head -2 <<< "$help_en")"
grep -q "^Options:" <<< "$help_en" || fail "make --help --lang en: no Options group"
help_locale=$(LC_ALL=en_US.UTF-8 "$IDPHOTO" bundle --help)
grep -q "^Match photos" <<< "$help_locale" || fail "bundle --help in an English locale: $(head -1 <<< "$help_locale")"
expect_exit 2 env LANG= LC_ALL= "$IDPHOTO" make "$SAMPLES/sample_id_2.png" 2> "$TMP/required.err"
grep -q "缺少必填的参数（--output is required）" "$TMP/required.err" || fail "usage error in Chinese: $(cat "$TMP/required.err")"
[ "$(wc -l < "$TMP/required.err")" -eq 1 ] || fail "usage error is not one line: $(cat "$TMP/required.err")"
finish
