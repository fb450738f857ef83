#!/usr/bin/env bash
# Programs outside the main workspace's host build: examples and the
# template are tested through `cargo lamport test` once it builds them.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "programs: covered by cargo-lamport's integration tests"
