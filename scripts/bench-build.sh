#!/usr/bin/env bash
# Build-time benchmark: cold build (sysroot cached), warm rebuild, sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p cargo-lamport -q
LAMPORT=(target/release/cargo-lamport lamport)
"${LAMPORT[@]}" build -p hello -q            # make sure the sysroot exists
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
rm -rf target/lamport
cold=$(ms "${LAMPORT[@]}" build -p hello -q)
touch examples/hello/src/lib.rs
warm=$(ms "${LAMPORT[@]}" build -p hello -q)
noop=$(ms "${LAMPORT[@]}" build -p hello -q)
size=$(stat -c %s target/deploy/hello.so)
printf 'cold build (sysroot cached): %d ms\nwarm rebuild:                %d ms\nno-op build:                 %d ms\nhello.so:                    %d bytes\n' "$cold" "$warm" "$noop" "$size"
