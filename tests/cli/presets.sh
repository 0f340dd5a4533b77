# idphoto presets lists every bundled standard with its size.
. "$(dirname "$0")/lib.bash"
out=$("$IDPHOTO" presets) || fail "presets exited non-zero"
for want in "chsi .*480x640" "one-inch .*295x413" "two-inch .*413x579" "small-two-inch .*413x531" "passport .*354x472"; do
  echo "$out" | grep -q "$want" || fail "missing: $want"
done
finish
