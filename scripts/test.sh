#!/usr/bin/env bash
# The whole suite (`make test`): every crate's tests through `cargo lamport
# test` (which builds the programs they load first), the new-project flow
# from program-template/, the SDK-vs-Pinocchio compute units, the fuzz
# targets' corpora and regressions, and our programs in Agave's SVM. Ends
# with one line totalling every test run.
set -uo pipefail
cd "$(dirname "$0")/.."
LAMPORT=(target/debug/cargo-lamport lamport)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

step() {
    echo "== $*"
    local started=$SECONDS
    "$@" 2>&1 | tee -a "$log"
    local code=${PIPESTATUS[0]}
    if [ "$code" -ne 0 ]; then
        echo "== failed (exit $code) after $((SECONDS - started)) s: $*"
        status=1
    else
        echo "== done in $((SECONDS - started)) s: $1 ${2:-}"
    fi
}

# cargo-lamport's tests include the ecosystem programs (`ecosystem/`, SPL
# Token 3.5.0 from crates.io), built into one shared target directory,
# target/tmp/ecosystem, which compat/agave's ecosystem test reuses below.
step "${LAMPORT[@]}" test --workspace --no-fail-fast
step bash scripts/test-programs.sh
# Compute units of the same program with lamport-sdk and with Pinocchio 0.12:
# the SDK must cost no more for 1 and for 10 accounts.
step env CARGO_LAMPORT="$PWD/target/debug/cargo-lamport" cargo test --manifest-path benchmarks/cu/Cargo.toml
# Every committed input of every fuzz target (fuzz/corpus/, fuzz/regressions/)
# on stable, built into the workspace's target directory.
step env CARGO_TARGET_DIR="$PWD/target" cargo test --manifest-path fuzz/Cargo.toml
# Our programs in Agave's own SVM (LiteSVM 0.17 on Agave 4.3 crates, which
# declare a newer rust-version than they need).
step cargo test --manifest-path compat/agave/Cargo.toml --ignore-rust-version

# The unsafe code at the ABI edge under Miri, where `cargo +nightly miri`
# is installed (`make miri` installs it).
if bash scripts/miri.sh --check; then
    step bash scripts/miri.sh
else
    echo "== skipped: Miri (cargo +nightly miri is not installed; \`make miri\` installs it and runs these tests)"
fi

passed=$(grep -oE '^test result: [A-Za-z]+\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
failed=$(grep -oE '^test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed' "$log" | awk '{s += $6} END {print s + 0}')
echo
echo "Summary: $passed passed, $failed failed ($SECONDS s)"
exit $status
