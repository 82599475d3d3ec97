#!/usr/bin/env bash
# make bench: the native benchmarks (divan) and the JavaScript ones against the peers, which
# write BENCHMARKS.md (including the native figures captured here).
#
# The native benchmarks build at opt-level 3: the crate's release profile asks for opt-level "z"
# because it is tuned for the size of the wasm, and a Rust program using the crate compiles it
# with its own profile, not ours. (The JavaScript figures measure the package in Node, which loads
# the runtime module built for speed, at opt-level 3; the page figures, the one built for size.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mkdir -p target
export CARGO_PROFILE_BENCH_OPT_LEVEL=3
{
  echo "opt-level: $CARGO_PROFILE_BENCH_OPT_LEVEL"
  cargo bench --bench native 2>&1
} | tee target/bench-native.txt
# The largest tenant of the benchmark's shape the limits allow (209 companies: 2,090,000 users,
# under the 2,097,152-user limit), loaded once natively, with the heap it holds.
cargo build --profile bench --example scale_load --quiet
target/release/examples/scale_load 209 1 | tee target/bench-largest.txt
# The spread check at 1k and 1M users in five fresh processes (examples/spread.rs): at a million
# users it depends on the process.
cargo build --profile bench --example spread --quiet
for k in 1 2 3 4 5; do target/release/examples/spread; done | tee target/bench-spread.txt
node benches/run.mjs "$@"
