#!/usr/bin/env bash
# Runs a short scenario of each example in the runtime, with logs and
# compute units. `make demo` builds the programs first (`cargo lamport build`).
set -euo pipefail
cd "$(dirname "$0")/.."
LAMPORT=(target/debug/cargo-lamport lamport)
CARGO=${CARGO:-cargo}
export LAMPORT_DEPLOY_DIR="$PWD/target/deploy"

if [ -t 1 ]; then bold=$'\e[1m'; off=$'\e[0m'; else bold=; off=; fi
section() { printf '\n%s== %s%s\n' "$bold" "$1" "$off"; }

# u64 little-endian in hex, for --data.
le64() { printf '%016x' "$1" | sed -E 's/(..)(..)(..)(..)(..)(..)(..)(..)/\8\7\6\5\4\3\2\1/'; }

section "hello — cargo lamport run"
"${LAMPORT[@]}" run target/deploy/hello.so

section "cpi-callee alone — cargo lamport run with a signer and data (2 + 3)"
"${LAMPORT[@]}" run target/deploy/cpi_callee.so --account new:s --data "$(le64 2)$(le64 3)"

for example in counter token budget cpi-caller; do
    section "$example"
    "$CARGO" run --quiet -p "$example" --example "$example-demo"
done

# The C hello, when built.
if [ -e target/deploy/hello_c.so ]; then
    section "hello-c — cargo lamport run"
    "${LAMPORT[@]}" run target/deploy/hello_c.so
fi
