#!/usr/bin/env bash
# The whole suite (`make test`): every crate's tests through `cargo lamport
# test` (which builds the programs they load first), then the new-project
# flow from program-template/. Ends with one line totalling every test run.
set -uo pipefail
cd "$(dirname "$0")/.."
LAMPORT=(target/debug/cargo-lamport lamport)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

step() {
    echo "== $*"
    "$@" 2>&1 | tee -a "$log"
    local code=${PIPESTATUS[0]}
    if [ "$code" -ne 0 ]; then
        echo "== failed (exit $code): $*"
        status=1
    fi
}

step "${LAMPORT[@]}" test --workspace --no-fail-fast
step bash scripts/test-programs.sh

passed=$(grep -oE '^test result: [A-Za-z]+\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
failed=$(grep -oE '^test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed' "$log" | awk '{s += $6} END {print s + 0}')
echo
echo "Summary: $passed passed, $failed failed"
exit $status
