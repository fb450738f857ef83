#!/usr/bin/env bash
# Build-time benchmark: the sysroot (core, alloc, std) built cold into a
# scratch cache, then hello's cold build (sysroot cached), warm rebuild,
# no-op build and size.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p cargo-lamport -q
LAMPORT=(target/release/cargo-lamport lamport)
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }

# The sysroot, from nothing: a temporary cache directory, removed after.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lamport-bench-cache.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
rm -rf target/lamport
sysroot=$(LAMPORT_CACHE_DIR="$scratch" ms "${LAMPORT[@]}" build -p hello -q)
sysroot_size=$(du -sk "$scratch" | cut -f1)
rm -rf "$scratch"

"${LAMPORT[@]}" build -p hello -q            # make sure the machine's sysroot exists
rm -rf target/lamport
cold=$(ms "${LAMPORT[@]}" build -p hello -q)
touch examples/hello/src/lib.rs
warm=$(ms "${LAMPORT[@]}" build -p hello -q)
noop=$(ms "${LAMPORT[@]}" build -p hello -q)
size=$(stat -c %s target/deploy/hello.so)
printf 'sysroot from scratch (core, alloc, std) + hello: %d ms (%d KiB cached)\n' "$sysroot" "$sysroot_size"
printf 'cold build (sysroot cached): %d ms\nwarm rebuild:                %d ms\nno-op build:                 %d ms\nhello.so:                    %d bytes\n' "$cold" "$warm" "$noop" "$size"
