# idphoto presets lists every bundled standard with its size.
. "$(dirname "$0")/lib.bash"
out=$("$IDPHOTO" presets) || fail "presets exited non-zero"
for want in "chsi .*480x640" "one-inch .*295x413" "two-inch .*413x579" "small-two-inch .*413x531" "passport .*354x472"; do
  grep -q "$want" <<< "$out" || fail "missing: $want"
done
# check --list documents every check id with its group.
list=$("$IDPHOTO" check --list) || fail "check --list exited non-zero"
for id in face.count background.uniform lighting.even image.sharpness file.dpi framing.centre; do
  grep -q "^$id " <<< "$list" || fail "check --list misses $id"
done
[ "$(echo "$list" | wc -l)" -ge 22 ] || fail "check --list lists $(echo "$list" | wc -l) checks"
finish
