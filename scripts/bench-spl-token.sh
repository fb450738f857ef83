#!/usr/bin/env bash
# SPL Token 3.5.0 from its crates.io source, built by `cargo lamport build`,
# against the same version built by Solana's platform tools
# (runtime/tests/fixtures/spl_token-3.5.0.so): compute units per instruction
# in lamport-runtime (the ecosystem test runs both ELFs on the same
# scenarios and prints them) and `.so` sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p cargo-lamport
out=$(cargo test -q -p cargo-lamport --test ecosystem spl_token_3_5_0_from_source -- --nocapture 2>&1) || {
    echo "$out"
    exit 1
}
echo "SPL Token 3.5.0: platform-tools fixture vs cargo lamport build from source"
printf '%-22s %12s %12s\n' instruction fixture "from source"
grep -E '^spl-token 3.5.0 ' <<<"$out" | sed -E 's/^spl-token 3.5.0 (.*): fixture ([0-9]+) CU, from source ([0-9]+) CU$/\1|\2|\3/' |
    while IFS='|' read -r name fixture ours; do printf '%-22s %9s CU %9s CU\n' "$name" "$fixture" "$ours"; done
fixture_size=$(stat -c %s runtime/tests/fixtures/spl_token-3.5.0.so)
ours_size=$(stat -c %s target/tmp/ecosystem/deploy/spl_token.so)
printf '%-22s %9s B  %9s B\n' ".so size" "$fixture_size" "$ours_size"
