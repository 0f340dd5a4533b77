# idphoto rename: messy names matched against a GBK roster, copies under clean names,
# duplicates/mismatches/unknowns reported, inputs untouched.
. "$(dirname "$0")/lib.bash"
IN="$TMP/in"; mkdir -p "$IN/sub"
cp "$SAMPLES/sample_id_1.png" "$IN/2021301001 张伟.png"
cp "$SAMPLES/sample_id_2.png" "$IN/李娜-2021301002.PNG"
cp "$SAMPLES/sample_id_3.png" "$IN/sub/２０２１３０１００３王芳 (1).png"
cp "$SAMPLES/sample_id_4.png" "$IN/sub/2021301003 王芳.png"
cp "$SAMPLES/sample_id_4.png" "$IN/2021301004 赵六.png"
cp "$SAMPLES/sample_id_4.png" "$IN/2021309999 陌生.png"
echo "see attached" > "$IN/readme.txt"
# The roster as Excel on Chinese Windows saves it: GBK, CRLF.
printf '学号,姓名\r\n2021301001,张伟\r\n2021301002,李娜\r\n2021301003,王芳\r\n2021301004,赵四\r\n2021301005,孙七\r\n' |
  iconv -f UTF-8 -t GBK > "$TMP/roster.csv"
before=$(cd "$IN" && find . -type f -exec sha256sum {} + | sort | sha256sum)

expect_exit 1 "$IDPHOTO" rename "$IN" --roster "$TMP/roster.csv" -o "$TMP/out" --lang en > "$TMP/plan.txt"
for want in "2021301001_张伟.png" "2021301002_李娜.png" "2021301003_王芳.png"; do
  [ -f "$TMP/out/$want" ] || fail "missing copy $want: $(cat "$TMP/plan.txt")"
done
[ "$(ls "$TMP/out" | wc -l)" -eq 3 ] || fail "unexpected copies: $(ls "$TMP/out")"
cmp -s "$TMP/out/2021301003_王芳.png" "$IN/sub/2021301003 王芳.png" || fail "the copy over a '(1)' duplicate was not chosen"
grep -q "^duplicate .*(1).png" "$TMP/plan.txt" || fail "duplicate not listed"
grep -q "^name_mismatch .*赵六" "$TMP/plan.txt" || fail "name mismatch not listed"
grep -q "^unmatched .*2021309999" "$TMP/plan.txt" || fail "unmatched not listed"
grep -q "^ignored .*readme.txt" "$TMP/plan.txt" || fail "note not ignored"
grep -q "^missing 2021301005 孙七" "$TMP/plan.txt" || fail "missing student not listed"
after=$(cd "$IN" && find . -type f -exec sha256sum {} + | sort | sha256sum)
[ "$before" = "$after" ] || fail "inputs changed"

# A dry run copies nothing; a custom pattern is honoured.
expect_exit 1 "$IDPHOTO" rename "$IN" --roster "$TMP/roster.csv" -o "$TMP/dry" --pattern "{姓名}-{学号}" -n > "$TMP/dry.txt"
[ ! -e "$TMP/dry" ] || fail "dry run wrote files"
grep -q "张伟-2021301001.png" "$TMP/dry.txt" || fail "pattern not used: $(head -3 "$TMP/dry.txt")"
# In Chinese (issue #16, 4): the lines start with Chinese words and the summary is Chinese.
zh_out=$("$IDPHOTO" rename "$IN" --roster "$TMP/roster.csv" -o "$TMP/dry_zh" -n --lang zh)
grep -q "^将复制 " <<< "$zh_out" || fail "rename --lang zh: no 将复制 line: $(head -3 <<< "$zh_out")"
grep -q "名学生：.*人有照片.*人缺交.*（试运行：没有复制任何文件）" <<< "$zh_out" || fail "rename --lang zh summary: $(tail -1 <<< "$zh_out")"
expect_exit 2 "$IDPHOTO" rename "$IN" --roster "$TMP/nosuch.csv" -o "$TMP/x" 2> /dev/null
finish
