#!/usr/bin/env bash
# The `lowering` fuzz target: random seeds of the generated-program
# differential (lowering-fuzz/) until FUZZ_SECONDS (default 60) have passed.
# A seed is a few programs of a few hundred generated functions, each built
# natively and with `cargo lamport build` and run natively, in the
# interpreter and in the JIT; no new seed starts after the deadline, so a
# run takes at least one seed (minutes). Prints the seed and the smallest
# disagreeing function of every finding, ends with `executions: N`, and
# exits non-zero when something disagreed. Extra arguments go to the
# binary (`--help` lists them; `--seed N` replays a seed).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p cargo-lamport -p lamport-lowering-fuzz
exec target/debug/lamport-lowering-fuzz --seconds "${FUZZ_SECONDS:-60}" --programs 2 "$@"
