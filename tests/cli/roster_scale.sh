# issue #15: bundle was quadratic in the roster. For every student it parsed every non-image
# file again and matched its name against every student (a 10k roster and one
# "张三的照片.txt" took 16 s, 50k about 400 s, 200k hours). This runs a 50k roster with such
# a file, a photo and a document named only by name, and checks the verdicts. It asserts no
# time: ctest's TIMEOUT for this test (tests/CMakeLists.txt, 120 s) is what the old code
# could not meet, and the new one takes under a second; the margin both ways (>3x and >100x)
# is far beyond any machine's noise. 50k rather than 200k keeps the suite's time and memory
# small (200k: 3.7 s and 550 MB, mostly writing 90 MB of lists; bench/roster_report prints it).
. "$(dirname "$0")/lib.bash"
IN="$TMP/inbox"; mkdir -p "$IN"
N=50000
# Names: family x given x given characters, unique for the first 106*38*38 rows; then two
# students who share a name (no guess by name alone) and one more to be found by name.
python3 - "$N" "$TMP/roster.csv" <<'PY'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
fam = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
giv = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力林斌宇浩凯健俊帆鹏飞"
with open(out, "w", encoding="utf-8") as f:
    f.write("学号,姓名\r\n")
    for i in range(n - 3):
        a, b, c = fam[i % len(fam)], giv[(i // len(fam)) % len(giv)], giv[(i // (len(fam) * len(giv))) % len(giv)]
        f.write(f"{2021000000 + i},{a}{b}{c}\r\n")
    f.write(f"{2021000000 + n - 3},欧阳同名\r\n{2021000000 + n - 2},欧阳同名\r\n{2021000000 + n - 1},司马独一\r\n")
PY
echo "不是照片" > "$IN/张三的照片.txt"                 # nobody's: the case of the issue
echo "一份简历" > "$IN/司马独一.doc"                   # a document named for a student, by name only
cp "$SAMPLES/sample_id_2.png" "$IN/欧阳同名.png"       # a shared name: no guess
cp "$SAMPLES/sample_id_1.png" "$IN/王伟伟.png"          # unique name: row 0 of the roster
expect_exit 1 "$IDPHOTO" bundle --roster "$TMP/roster.csv" -o "$TMP/out" --lang en -- "$IN" > "$TMP/summary.txt" 2> "$TMP/err.txt"
cat "$TMP/summary.txt"
M="$TMP/out/manifest.csv"
[ -f "$M" ] || fail "no manifest: $(cat "$TMP/err.txt")"
status_of() { grep "^$1," "$M" | head -1 | cut -d, -f3; }
for want in 2021000000:fixed 2021000001:missing 2021049997:missing 2021049998:missing 2021049999:error; do
  id=${want%%:*}; st=${want#*:}
  got=$(status_of "$id")
  [ "$got" = "$st" ] || fail "$id: status '$got', expected '$st'"
done
grep -q '^,欧阳同名,unmatched,.*/欧阳同名.png,' "$M" || fail "the shared name is not unmatched: $(grep 欧阳同名 "$M")"
# One row per student and one for the file of the shared name; the .txt nobody's is not listed.
rows=$(($(wc -l < "$M") - 1))
[ "$rows" -eq $((N + 1)) ] || fail "manifest has $rows rows, expected $((N + 1))"
# The students' counts add up to the roster; the files that are nobody's have a line of their own.
grep -qx "$N students: 1 fixed, $((N - 2)) missing, 1 error" "$TMP/summary.txt" || fail "summary: $(head -1 "$TMP/summary.txt")"
grep -qx "other files: 1 unmatched, 2 ignored" "$TMP/summary.txt" || fail "summary, other files: $(sed -n 2p "$TMP/summary.txt")"
finish
