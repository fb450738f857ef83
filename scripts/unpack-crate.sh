#!/usr/bin/env bash
# Unpacks a crate as published on crates.io: `unpack-crate.sh NAME VERSION
# DEST [LOCKFILE]` has cargo fetch NAME = VERSION (through a throw-away
# manifest, so the registry's checksum is verified), copies its source out
# of cargo's registry into DEST (outside any workspace: its normalized
# manifest is built as is), and puts LOCKFILE there as its Cargo.lock.
# Prints DEST/Cargo.toml.
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: $0 NAME VERSION DEST [LOCKFILE]" >&2
    exit 2
fi
name=$1 version=$2 dest=$3 lockfile=${4:-}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/src"
: > "$scratch/src/lib.rs"
printf '[package]\nname = "unpack"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n%s = "=%s"\n\n[workspace]\n' \
    "$name" "$version" > "$scratch/Cargo.toml"
cargo fetch --quiet --manifest-path "$scratch/Cargo.toml"
source=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"$name-$version" | head -n 1)
if [ ! -f "$source/Cargo.toml" ]; then
    echo "error: cargo fetched $name $version but its source is not in ${CARGO_HOME:-$HOME/.cargo}/registry/src" >&2
    exit 1
fi
rm -rf "$dest"
mkdir -p "$dest"
cp -R "$source"/. "$dest"/
if [ -n "$lockfile" ]; then
    cp "$lockfile" "$dest/Cargo.lock"
fi
echo "$dest/Cargo.toml"
