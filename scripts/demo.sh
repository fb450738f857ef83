#!/usr/bin/env bash
# Runs a short scenario of each example in the runtime, with logs and
# compute units.
set -euo pipefail
cd "$(dirname "$0")/.."
LAMPORT=(target/debug/cargo-lamport lamport)
for so in target/deploy/*.so; do
    echo
    echo "== $(basename "$so")"
    "${LAMPORT[@]}" run "$so"
done
