#!/usr/bin/env bash
# Are the outputs of `idphoto batch` byte-identical between two builds? (issue #17: a refactor
# must not change one byte of what batch writes over ../shared/testdata.)
#
#   bench/batch_identical.sh [--jobs N] [--keep] IDPHOTO_A IDPHOTO_B [INPUT_DIR]
#   bench/batch_identical.sh [--jobs N] [--keep] --rev REV IDPHOTO [INPUT_DIR]
#
# Runs `idphoto batch INPUT_DIR -o out --jobs N --lang en -q` with each binary, one after the
# other, each from its own empty temp folder, then compares every file under the two out/
# folders byte for byte (JPEGs, report.csv, report.jsonl, the .idphoto-output marker), and
# the exit codes and stdout. Prints "N files identical, M differ" with the differing and
# missing files; exit 0 only when everything is identical, 1 when something differs, 2 on a
# usage or build error.
#
# Nothing is normalised: report.jsonl and report.csv hold the input paths (the same absolute
# INPUT_DIR for both runs) and the output paths relative to the working folder (out/... in
# both runs); they hold no time, host or temp path. Both binaries get the same arguments.
#
# --rev REV builds REV (any git revision of this repository) in a temporary worktree
# (`git worktree add --detach`, a Release build of the idphoto target in a temp folder) and
# compares it (as A) with IDPHOTO (as B); the worktree and the build are removed afterwards
# unless --keep. INPUT_DIR defaults to ../shared/testdata beside the repository.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
JOBS=2
KEEP=0
REV=""
usage() { sed -n '5,6p' "$0" | sed 's/^# *//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --jobs) JOBS=$2; shift 2 ;;
    --jobs=*) JOBS=${1#--jobs=}; shift ;;
    --keep) KEEP=1; shift ;;
    --rev) REV=$2; shift 2 ;;
    --rev=*) REV=${1#--rev=}; shift ;;
    -h|--help) usage ;;
    --) shift; break ;;
    -*) echo "unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/batch-identical.XXXXXX")
WT=""
cleanup() {
  if [ -n "$WT" ] && [ "$KEEP" -eq 0 ]; then
    git -C "$REPO" worktree remove --force "$WT" > /dev/null 2>&1 || true
    git -C "$REPO" worktree prune > /dev/null 2>&1 || true
  fi
  if [ "$KEEP" -eq 0 ]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi
}
trap cleanup EXIT

if [ -n "$REV" ]; then
  [ $# -ge 1 ] || usage
  B=$1; INPUT=${2:-$REPO/../shared/testdata}
  sha=$(git -C "$REPO" rev-parse --verify "$REV^{commit}") || { echo "no such revision: $REV" >&2; exit 2; }
  WT=$WORK/src
  echo "building $REV (${sha:0:10}) in $WT ..."
  git -C "$REPO" worktree add --quiet --detach "$WT" "$sha"
  t0=$(date +%s)
  if ! { cmake -S "$WT" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release &&
         cmake --build "$WORK/build" --target idphoto -j "$(nproc)"; } > "$WORK/build.log" 2>&1; then
    tail -30 "$WORK/build.log" >&2
    echo "the build of $REV failed (log: $WORK/build.log, kept)" >&2
    KEEP=1
    exit 2
  fi
  echo "built in $(( $(date +%s) - t0 )) s"
  A=$WORK/build/cli/idphoto
else
  [ $# -ge 2 ] || usage
  A=$1; B=$2; INPUT=${3:-$REPO/../shared/testdata}
fi
for bin in "$A" "$B"; do
  [ -x "$bin" ] || { echo "not an executable: $bin" >&2; exit 2; }
done
[ -d "$INPUT" ] || { echo "no input folder: $INPUT" >&2; exit 2; }
A=$(realpath "$A"); B=$(realpath "$B"); INPUT=$(realpath "$INPUT")

run() {  # run NAME BINARY: batch into $WORK/NAME/out from $WORK/NAME
  local dir=$WORK/$1 bin=$2 t0 t1 code=0
  mkdir -p "$dir"
  t0=$(date +%s.%N)
  (cd "$dir" && "$bin" batch "$INPUT" -o out --jobs "$JOBS" --lang en -q > stdout.txt 2> stderr.txt) || code=$?
  t1=$(date +%s.%N)
  echo "$code" > "$dir/exit"
  printf '%s: %s, exit %s, %.1f s\n' "$1" "$bin" "$code" "$(awk "BEGIN { print $t1 - $t0 }")"
}
echo "input: $INPUT ($(find "$INPUT" -type f | wc -l) files), --jobs $JOBS"
run a "$A"
run b "$B"

identical=0
differ=()
while IFS= read -r -d '' rel; do
  fa=$WORK/a/out/$rel; fb=$WORK/b/out/$rel
  if [ ! -e "$fa" ]; then differ+=("only in B: $rel")
  elif [ ! -e "$fb" ]; then differ+=("only in A: $rel")
  elif cmp -s "$fa" "$fb"; then identical=$((identical + 1))
  else
    what="$(stat -c %s "$fa") / $(stat -c %s "$fb") bytes"
    # For a JPEG, say whether the pixels differ too, or only the bytes around them (batch's
    # COM segment holds a hash of the preset file's text, the backdrop and the version).
    case $rel in
      *.jpg) px=$(compare -metric AE "$fa" "$fb" null: 2>&1) || true
             what="$what, $px pixels differ" ;;
    esac
    differ+=("differs: $rel ($what)")
  fi
done < <({ find "$WORK/a/out" -type f -printf '%P\0'; find "$WORK/b/out" -type f -printf '%P\0'; } |
         sort -zu)
for f in exit stdout.txt; do
  cmp -s "$WORK/a/$f" "$WORK/b/$f" || differ+=("batch's $f: A '$(head -c 300 "$WORK/a/$f")' / B '$(head -c 300 "$WORK/b/$f")'")
done

echo "batch: $(cat "$WORK/a/stdout.txt")"
echo "$identical files identical, ${#differ[@]} differ"
for d in "${differ[@]}"; do echo "  $d"; done
[ ${#differ[@]} -eq 0 ] && [ "$identical" -gt 0 ]
