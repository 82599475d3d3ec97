#!/usr/bin/env bash
# make bench: the native benchmarks (divan) and the JavaScript ones against the peers, which
# write BENCHMARKS.md (including the native figures captured here).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mkdir -p target
cargo bench --bench native 2>&1 | tee target/bench-native.txt
node benches/run.mjs
