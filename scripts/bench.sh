#!/usr/bin/env bash
# make bench: the native benchmarks (divan) and the JavaScript ones against the peers, which
# write BENCHMARKS.md (including the native figures captured here).
#
# The native benchmarks build at opt-level 3: the crate's release profile asks for opt-level "z"
# because it is tuned for the size of the wasm, and a Rust program using the crate compiles it
# with its own profile, not ours. (The wasm in pkg/, which the JavaScript figures measure, keeps
# opt-level "z".)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mkdir -p target
export CARGO_PROFILE_BENCH_OPT_LEVEL=3
{
  echo "opt-level: $CARGO_PROFILE_BENCH_OPT_LEVEL"
  cargo bench --bench native 2>&1
} | tee target/bench-native.txt
node benches/run.mjs "$@"
