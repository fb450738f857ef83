#!/usr/bin/env bash
# `make fuzz`: runs every fuzz target of fuzz/ with libFuzzer for a bounded
# time, merges the inputs that reach new coverage into its corpus
# (fuzz/corpus/<target>/, replayed by `make test`), and appends one line per
# run to fuzz/RUNS.md.
#
#   FUZZ_SECONDS   seconds per target (default 60)
#   FUZZ_COMMIT_MAX_BYTES
#                  largest new input merged into the committed corpus
#                  (default 4096); larger ones (mutated ELFs) stay in the
#                  local corpus fuzz/target/corpus/<target>/, which later
#                  runs read too
#   FUZZ_TARGETS   targets to run (default: every target of fuzz/Cargo.toml,
#                  in the order below, then any other, then `lowering`)
#
# Hook for the generated-program differential (`lowering`), which compiles
# programs with `cargo lamport build` rather than running under libFuzzer:
# when scripts/fuzz-lowering.sh exists, it runs last, with FUZZ_SECONDS in
# its environment; a line `executions: N` in its output is logged as the
# run's executions, and a non-zero exit counts as a failure.
#
# Installs what a stable-only machine lacks: the nightly toolchain (rustup)
# and cargo-fuzz (cargo install --locked). Fuzzers run at the lowest CPU
# priority, one process each. Exits non-zero when a target found a failure;
# its input is in fuzz/artifacts/<target>/ (see fuzz/README.md).
set -uo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
# The order targets run in.
ORDER=(elf_load wire_transaction sigverify interpreter_vs_jit lowering)

if ! rustup toolchain list | grep -q '^nightly'; then
    echo "== installing the nightly toolchain (cargo-fuzz needs it)"
    rustup toolchain install nightly --profile minimal || exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install --locked cargo-fuzz || exit 1
fi
# The examples are inputs of interpreter_vs_jit and seeds of elf_load.
target/debug/cargo-lamport lamport build || exit 1

declared=$(cargo fuzz list --fuzz-dir fuzz) || exit 1
if [ -n "${FUZZ_TARGETS:-}" ]; then
    read -r -a targets <<<"$FUZZ_TARGETS"
else
    targets=()
    for t in "${ORDER[@]}"; do grep -qx "$t" <<<"$declared" && targets+=("$t"); done
    for t in $declared; do [[ " ${ORDER[*]} " == *" $t "* ]] || targets+=("$t"); done
    if ! grep -qx lowering <<<"$declared" && [ -f scripts/fuzz-lowering.sh ]; then targets+=(lowering); fi
fi

# The `lowering` hook: one line in fuzz/RUNS.md like a target's.
run_lowering_hook() {
    echo "== fuzzing lowering (scripts/fuzz-lowering.sh) for ${FUZZ_SECONDS}s"
    local log started code runs result
    log=$(mktemp)
    started=$(date -u +%Y-%m-%dT%H:%MZ)
    FUZZ_SECONDS=$FUZZ_SECONDS nice -n 19 bash scripts/fuzz-lowering.sh 2>&1 | tee "$log"
    code=${PIPESTATUS[0]}
    runs=$(grep -oE '^executions: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
    if [ "$code" -eq 0 ]; then result="no failure"; else result="FAILURE (exit $code): see its output"; status=1; fi
    echo "| $started | lowering | ${FUZZ_SECONDS}s | ${runs:-?} | $result |" >>fuzz/RUNS.md
    rm -f "$log"
}

# No sanitizer: the code under test is safe Rust (and solana-sbpf's JIT,
# whose generated code a sanitizer cannot see); overflow checks and debug
# assertions are on (fuzz/Cargo.toml's release profile).
FUZZ_FLAGS="--fuzz-dir fuzz --sanitizer none --features libfuzzer"

fuzz() {
    nice -n 19 cargo +nightly fuzz "$@"
}

status=0
for target in "${targets[@]}"; do
    if [ "$target" = lowering ] && ! grep -qx lowering <<<"$declared" && [ -f scripts/fuzz-lowering.sh ]; then
        run_lowering_hook
        continue
    fi
    if ! grep -qx "$target" <<<"$declared"; then
        echo "== $target: not a target of fuzz/Cargo.toml, skipped"
        continue
    fi
    echo "== fuzzing $target for ${FUZZ_SECONDS}s"
    mkdir -p "fuzz/corpus/$target"
    found=$(mktemp -d)
    log=$(mktemp)
    started=$(date -u +%Y-%m-%dT%H:%MZ)
    local_corpus="fuzz/target/corpus/$target"
    mkdir -p "$local_corpus"
    # New inputs go to $found (the first directory); the committed and the
    # local corpus are read as seeds.
    fuzz run $FUZZ_FLAGS "$target" "$found" "fuzz/corpus/$target" "$local_corpus" -- \
        -max_total_time="$FUZZ_SECONDS" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 2>&1 | tee "$log" | grep -E '^(#[0-9]+ +(INITED|DONE|pulse)|==|Done|SUMMARY|.*panicked)' 
    code=${PIPESTATUS[0]}
    runs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
    [ -n "$runs" ] || runs=$(grep -oE '^Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' | tail -1)
    if [ "$code" -eq 0 ]; then
        result="no failure"
        # Keep only the new inputs that add coverage: small ones in the
        # committed corpus, every one in the local corpus.
        before=$(ls "fuzz/corpus/$target" | wc -l)
        fuzz run $FUZZ_FLAGS "$target" "$local_corpus" "$found" -- -merge=1 >/dev/null 2>&1
        find "$found" -type f -size +"${FUZZ_COMMIT_MAX_BYTES:-4096}"c -delete
        fuzz run $FUZZ_FLAGS "$target" "fuzz/corpus/$target" "$found" -- -merge=1 >/dev/null 2>&1
        after=$(ls "fuzz/corpus/$target" | wc -l)
        result="$result; corpus $before → $after"
    else
        artifact=$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/Test unit written to //')
        reason=$(grep -m1 -E 'panicked at|ERROR: libFuzzer' "$log" | sed 's/|/\\|/g' | cut -c1-160)
        result="FAILURE (exit $code): ${reason:-see log}; input ${artifact:-not written}"
        status=1
    fi
    echo "| $started | $target | ${FUZZ_SECONDS}s | ${runs:-?} | $result |" >>fuzz/RUNS.md
    echo "== $target: ${runs:-?} executions, $result"
    rm -rf "$found" "$log"
done
exit $status
