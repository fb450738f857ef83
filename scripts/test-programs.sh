#!/usr/bin/env bash
# The new-project flow, as a user runs it: `cargo lamport new` creates a
# Rust and a C program from program-template/ outside this repository, and
# `cargo lamport test` builds and tests each.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
LAMPORT=("$root/target/debug/cargo-lamport" lamport)

work=$(mktemp -d "${TMPDIR:-/tmp}/lamport-template.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Host and program builds are kept between runs (the projects are not).
export CARGO_TARGET_DIR="$root/target/program-template"

for lang in rust c; do
    dir="$work/template-$lang"
    echo "== program-template ($lang): cargo lamport new, then cargo lamport test"
    "${LAMPORT[@]}" new "$dir" --lang "$lang"
    # The versions this repository is built and tested with (no new resolution).
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
    (cd "$dir" && "${LAMPORT[@]}" test)
done
