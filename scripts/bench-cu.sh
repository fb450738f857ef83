#!/usr/bin/env bash
# Compute units of the same account-reading program written with lamport-sdk
# and with Pinocchio 0.12, both built by `cargo lamport build` and run in
# lamport-runtime (benchmarks/cu). Prints a table for 1 and 10 accounts.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p cargo-lamport
CARGO_LAMPORT="${CARGO_LAMPORT:-$PWD/target/debug/cargo-lamport}" \
    cargo run -q --manifest-path benchmarks/cu/Cargo.toml --bin bench-cu
