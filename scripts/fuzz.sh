#!/usr/bin/env bash
# Runs every fuzz target for $1 seconds (default 5), seeded from fuzz/seeds/. Fails on a crash.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs="${1:-5}"
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O >/dev/null 2>&1 || cargo fuzz build -O
for t in model directory stateless queries; do
  mkdir -p "corpus/$t"
  out=$(cargo fuzz run -O "$t" "corpus/$t" "seeds/$t" -- -max_total_time="$secs" -print_final_stats=1 2>&1) || {
    echo "$out" | tail -40
    echo "fuzz target $t failed: see fuzz/artifacts/$t/" >&2
    exit 1
  }
  runs=$(echo "$out" | grep -Eo 'stat::number_of_executed_units: *[0-9]+' | grep -Eo '[0-9]+$' || echo "?")
  echo "fuzz $t: $runs runs in ${secs}s, no crash"
done
