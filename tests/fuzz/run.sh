#!/usr/bin/env bash
# `make fuzz`: runs each libFuzzer target of a build for a bounded time, one after another
# (never in parallel: the machines have 2 cores), on a scratch copy of its seed corpus plus
# its regression inputs, so the committed corpus is never written. Prints libFuzzer's final
# stats line per target and exits non-zero when any target found something; the input that
# did it is kept under <build>/fuzz-findings/<target>/.
# Usage: run.sh BUILD_DIR SECONDS TARGET...
# With FUZZ_RUNS=N each target runs at most N inputs from a fixed seed (FUZZ_SEED, default 1)
# within SECONDS: the same inputs on every machine, so CI judges the code and not the luck of
# the draw (`make test-asan` does this; `make fuzz` explores anew each time).
set -uo pipefail
build=$1 seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Per target: inputs past these sizes say nothing new (a file name; a roster, preset or small
# photo). The image decoders print a warning per damaged input, which would drown the log,
# so that target's stderr is closed (-close_fd_mask=2): libFuzzer and the sanitizers still
# report on their own copy of it, and a broken promise shows as the stack of its require().
target_options() {
    case $1 in
        name) echo -max_len=4096 ;;
        image) echo -max_len=65536 -close_fd_mask=2 ;;
        *) echo -max_len=65536 ;;
    esac
}

budget=()
[ -n "${FUZZ_RUNS:-}" ] && budget=(-runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}")
failed=()
for target in "$@"; do
    corpus="$scratch/$target"
    findings="$build/fuzz-findings/$target"
    mkdir -p "$findings"
    cp -r "$here/corpus/$target" "$corpus"
    seeds=("$corpus")
    [ -d "$here/regressions/$target" ] && seeds+=("$here/regressions/$target")
    echo "== fuzz_$target for ${seconds}s"
    # A slow input (-timeout, seconds) and a memory bomb (-malloc_limit_mb: one allocation,
    # -rss_limit_mb: the whole process) are findings too.
    # shellcheck disable=SC2046  # target_options gives separate words on purpose
    "$build/tests/fuzz/fuzz_$target" "${seeds[@]}" $(target_options "$target") \
        -max_total_time="$seconds" "${budget[@]}" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
        -dict="$here/dict/$target.dict" -print_final_stats=1 -artifact_prefix="$findings/" \
        > "$scratch/$target.log" 2>&1
    rc=$?
    grep -E '^#[0-9]+[[:space:]]+DONE' "$scratch/$target.log" || tail -n 1 "$scratch/$target.log"
    if [ $rc -ne 0 ]; then
        failed+=("$target")
        echo "fuzz_$target FOUND something (exit $rc); input kept in $findings/. Its log:"
        tail -n 60 "$scratch/$target.log"
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]}"
    exit 1
fi
echo "fuzzing: $# targets, ${seconds}s each${FUZZ_RUNS:+ or $FUZZ_RUNS inputs from seed ${FUZZ_SEED:-1}}, no finding"
