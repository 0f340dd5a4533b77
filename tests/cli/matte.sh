# idphoto matte writes an 8-bit single-channel PNG the size of the input, or a composite.
. "$(dirname "$0")/lib.bash"
expect_exit 0 "$IDPHOTO" matte "$SAMPLES/p_015cd10e_blue_gradient.jpg" -o "$TMP/alpha.png"
file "$TMP/alpha.png" | grep -q "1280 x 853, 8-bit grayscale" || fail "alpha: $(file "$TMP/alpha.png")"
expect_exit 0 "$IDPHOTO" matte "$SAMPLES/p_015cd10e_blue_gradient.jpg" -o "$TMP/comp.png" --composite "#FFFFFF"
file "$TMP/comp.png" | grep -q "1280 x 853, 8-bit/color RGB" || fail "composite: $(file "$TMP/comp.png")"
expect_exit 2 "$IDPHOTO" matte "$SAMPLES/p_015cd10e_blue_gradient.jpg" -o "$TMP/c.png" --composite blue 2> /dev/null
finish
