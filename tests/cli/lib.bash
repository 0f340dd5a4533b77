# Shared by the CLI tests: $1 is the idphoto binary, $2 the samples folder.
set -uo pipefail
IDPHOTO=$1
SAMPLES=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
# A sanitizer build (AddressSanitizer reserves terabytes of address space and runs several
# times slower): tests skip address-space limits and use smaller batches there.
SANITIZED=0
if grep -qa __asan_init "$IDPHOTO" || ldd "$IDPHOTO" 2> /dev/null | grep -q libasan; then SANITIZED=1; fi
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect_exit() {  # expect_exit CODE command...
  local want=$1; shift
  "$@"; local got=$?
  [ "$got" -eq "$want" ] || fail "exit $got, expected $want: $*"
}
finish() { [ "$failures" -eq 0 ] && echo "ok" || { echo "$failures failure(s)"; exit 1; }; }
