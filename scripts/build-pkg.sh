#!/usr/bin/env bash
# Builds the npm package into pkg/: the runtime and the authoring crates' bindings compiled to
# wasm, wasm-bindgen's web glue for each (used by every entry point), wasm-opt, the JavaScript
# entry points from js/, CommonJS copies made with esbuild, and the README. Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

cargo build --release --target wasm32-unknown-unknown -p rolecascade-wasm-runtime -p rolecascade-wasm-authoring --quiet
rm -rf pkg
mkdir -p pkg/web
for part in runtime authoring; do
  wasm-bindgen --target web --no-typescript --out-dir pkg/web --out-name "rolecascade_$part" \
    "target/wasm32-unknown-unknown/release/rolecascade_wasm_$part.wasm"
  # The features rustc enables by default for wasm32 (and wasm-bindgen keeps). Inlining a
  # function into its one caller makes the file compress worse: not done.
  wasm-opt -Oz --one-caller-inline-max-function-size=0 --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-multivalue --enable-reference-types \
    "pkg/web/rolecascade_${part}_bg.wasm" -o "pkg/web/rolecascade_${part}_bg.wasm"
  # A CommonJS copy of the glue, for require() (initialised with initSync in Node).
  esbuild --format=cjs --platform=node --log-level=error "pkg/web/rolecascade_$part.js" --outfile="pkg/web/rolecascade_$part.cjs"
done
cp js/*.mjs js/*.cjs js/*.d.ts js/package.json pkg/
cp README.md pkg/
esbuild --format=cjs --platform=node --log-level=error pkg/engine.mjs --outfile=pkg/engine.cjs

# The tests and tools import the package by name.
mkdir -p node_modules
ln -sfn ../pkg node_modules/rolecascade

size() { printf '%-38s %8d bytes %8d gzipped\n' "$1" "$(wc -c < "$1")" "$(gzip -9 -c "$1" | wc -c)"; }
for f in pkg/web/rolecascade_runtime_bg.wasm pkg/web/rolecascade_runtime.js pkg/engine.mjs pkg/index.web.mjs \
  pkg/web/rolecascade_authoring_bg.wasm pkg/web/rolecascade_authoring.js; do size "$f"; done
