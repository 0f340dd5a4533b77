# Photos that arrive by email (issue #16, 7): bundle reads an mbox and .eml files with GMime,
# names in GBK and UTF-8 (RFC 2047 and RFC 2231), takes the identity from the subject or the
# sender's name when the attachment is just IMG_1234, records the sender, and writes a notice
# for each student who must send a photo.
. "$(dirname "$0")/lib.bash"

IN="$TMP/inbox"
mkdir -p "$IN"
python3 - "$SAMPLES" "$IN" <<'PY'
import base64, sys, urllib.parse
samples, inbox = sys.argv[1], sys.argv[2]
def b64(path):
    data = base64.b64encode(open(path, "rb").read()).decode()
    return "\n".join(data[i:i + 76] for i in range(0, len(data), 76))
def words(text, charset):  # one RFC 2047 encoded word
    return "=?%s?B?%s?=" % (charset, base64.b64encode(text.encode(charset)).decode())
def message(sender, subject, date, disposition, content_type, path):
    return ("From: %s\nTo: office@example.edu.cn\nSubject: %s\nDate: %s\nMIME-Version: 1.0\n"
            "Content-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\n"
            "老师好，照片在附件。\n--b1\nContent-Type: %s\nContent-Transfer-Encoding: base64\n"
            "Content-Disposition: %s\n\n%s\n--b1--\n") % (sender, subject, date, content_type, disposition, b64(path))
good, thumb = samples + "/sample_id_2.png", samples + "/sample_id_1_thumb48.webp"
mbox = [
    # The attachment is just IMG_1234: the subject names the student.
    message('"%s" <zhangwei@example.edu.cn>' % words("张伟", "UTF-8"), words("2021301001 张伟 毕业照", "UTF-8"),
            "Mon, 13 May 2024 09:30:12 +0800", 'attachment; filename="IMG_1234.png"', "image/png", good),
    # GBK everywhere, the file name as an encoded word inside quotes (as Foxmail writes it).
    message('%s <lina@example.edu.cn>' % words("李娜", "GBK"), words("照片", "GBK"),
            "Mon, 13 May 2024 10:00:00 +0800",
            'attachment; filename="%s"' % words("2021301002 李娜.webp", "GBK"), "image/webp", thumb),
    # A camera's name and a subject without a name: the sender's display name is the student's.
    message('%s <wf@example.edu.cn>' % words("王芳", "UTF-8"), "photo",
            "Tue, 14 May 2024 08:00:00 +0800",
            "attachment; filename*=UTF-8''%s" % urllib.parse.quote("IMG_20240512_093012.png"), "image/png", good),
]
with open(inbox + "/class.mbox", "w") as f:
    for m in mbox:
        f.write("From someone@example.edu.cn Mon May 13 09:30:12 2024\n" + m + "\n")
# One .eml, its attachment named in RFC 2231 with GBK percent-escapes.
name = urllib.parse.quote("2021301004 赵六.png".encode("gbk"))
with open(inbox + "/赵六.eml", "w") as f:
    f.write(message("zhaoliu@example.edu.cn", "graduation photo", "Wed, 15 May 2024 08:00:00 +0800",
                    "attachment; filename*=GBK''%s" % name, "image/png", good))
PY
printf '学号,姓名\n2021301001,张伟\n2021301002,李娜\n2021301003,王芳\n2021301004,赵六\n2021301005,孙七\n' > "$TMP/roster.csv"

expect_exit 1 "$IDPHOTO" bundle "$IN" --roster "$TMP/roster.csv" -o "$TMP/out" --lang en > "$TMP/summary.txt" 2> "$TMP/err.txt"
M="$TMP/out/manifest.csv"
status_of() { grep "^$1," "$M" | cut -d, -f3; }
for want in 2021301001:fixed 2021301002:retake 2021301003:fixed 2021301004:fixed 2021301005:missing; do
  id=${want%%:*}; st=${want#*:}
  got=$(status_of "$id")
  [ "$got" = "$st" ] || fail "$id: status '$got', expected '$st': $(grep "^$id," "$M")"
done
grep "^2021301001," "$M" | grep -qF "class.mbox:#1 IMG_1234.png" || fail "the attachment is not shown as mbox:#message name: $(grep 2021301001 "$M")"
grep "^2021301004," "$M" | grep -qF "2021301004 赵六.png" || fail "the RFC 2231 GBK name is not decoded: $(grep 2021301004 "$M")"
# The sender is recorded, and retake.csv says whom to answer.
header=$(head -1 "$M")
[[ "$header" == *,sender* ]] || fail "no sender column: $header"
grep "^2021301002," "$M" | grep -q "lina@example.edu.cn" || fail "sender not recorded: $(grep 2021301002 "$M")"
grep "^2021301002," "$TMP/out/retake.csv" | grep -q "lina@example.edu.cn" || fail "retake.csv: whom to answer: $(cat "$TMP/out/retake.csv")"
# One notice per student who must send a photo, none for the others.
N="$TMP/out/notices"
[ -f "$N/2021301002 李娜.txt" ] || fail "no notice for the retake: $(ls "$N")"
grep -q "^Dear 李娜" "$N/2021301002 李娜.txt" || fail "notice is not addressed: $(cat "$N/2021301002 李娜.txt")"
grep -q "2021301002 李娜.webp" "$N/2021301002 李娜.txt" || fail "notice does not name the photo"
grep -qi "resolution\|too small\|pixels" "$N/2021301002 李娜.txt" || fail "notice has no reason: $(cat "$N/2021301002 李娜.txt")"
grep -q "We have not received" "$N/2021301005 孙七.txt" || fail "no notice for the missing student"
[ -e "$N/2021301001 张伟.txt" ] && fail "a notice for a student whose photo was fixed"
# In Chinese (the default): the notice is Chinese and says how to name the new photo.
"$IDPHOTO" bundle "$IN" --roster "$TMP/roster.csv" -o "$TMP/out_zh" > /dev/null 2>&1
grep -q "^李娜同学：" "$TMP/out_zh/notices/2021301002 李娜.txt" || fail "zh notice: $(cat "$TMP/out_zh/notices/2021301002 李娜.txt")"
grep -q "“2021301002 李娜.jpg”" "$TMP/out_zh/notices/2021301002 李娜.txt" || fail "zh notice does not say how to name the photo"
zh_header=$(sed -n '1{s/^\xEF\xBB\xBF//;s/\r$//;p}' "$TMP/out_zh/manifest.csv")
[ "$zh_header" = "学号,姓名,状态,原因,来源,输出,人工决定,发件人" ] || fail "zh manifest header: $zh_header"
# A mail file without any photo does not stop the run.
printf 'MIME-Version: 1.0\n' > "$IN/empty.eml"
expect_exit 1 "$IDPHOTO" bundle "$IN" --roster "$TMP/roster.csv" -o "$TMP/out2" --lang en > /dev/null 2> "$TMP/err2.txt"
grep -q "^2021301001,.*,fixed," "$TMP/out2/manifest.csv" || fail "the run did not go on after a bad mail file"
finish
