#!/usr/bin/env bash
# The unsafe code at the ABI edge under Miri, as host tests: the SDK's
# entrypoint input parsing and AccountInfo access (entrypoint::tests), its
# CPI structures (cpi::tests), and the runtime's serializer round-tripped
# through the SDK's parser (serialization::tests).
#
#   scripts/miri.sh            run them (needs `cargo +nightly miri`)
#   scripts/miri.sh --install  first install nightly, miri and rust-src
#                              with rustup (idempotent), then run them
#   scripts/miri.sh --check    exit 0 if `cargo +nightly miri` is available
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLCHAIN=${LAMPORT_MIRI_TOOLCHAIN:-nightly}

# Never lets rustup install a missing toolchain behind a check.
available() {
    RUSTUP_AUTO_INSTALL=0 cargo "+$TOOLCHAIN" miri --version >/dev/null 2>&1
}

case "${1:-}" in
    --check)
        available
        exit
        ;;
    --install)
        if ! command -v rustup >/dev/null; then
            echo "error: Miri is installed with rustup, which is not on PATH; see https://rustup.rs" >&2
            exit 1
        fi
        if ! available; then
            rustup toolchain install "$TOOLCHAIN" --profile minimal --component miri --component rust-src
        fi
        ;;
    "") ;;
    *)
        echo "usage: scripts/miri.sh [--install | --check]" >&2
        exit 2
        ;;
esac

if ! available; then
    echo "error: cargo +$TOOLCHAIN miri is not available; run \`make miri\` (or scripts/miri.sh --install)" >&2
    exit 1
fi
# The SDK's parser computes each entry's aligned address with integer
# arithmetic (one add and one mask on SBPF) and turns it back into a
# pointer with exposed provenance: permitted, and said so here rather than
# warned about on every run.
export MIRIFLAGS="${MIRIFLAGS:-} -Zmiri-permissive-provenance"
# Builds Miri's own sysroot once (cached in ~/.cache/miri).
cargo "+$TOOLCHAIN" miri setup
# cargo miri builds in target/miri, beside the ordinary target directories.
cargo "+$TOOLCHAIN" miri test -p lamport-sdk --lib -- entrypoint:: cpi:: account::
cargo "+$TOOLCHAIN" miri test -p lamport-runtime --lib -- serialization::
