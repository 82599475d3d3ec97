#!/usr/bin/env bash
# Builds the npm package into pkg/: the crate compiled to wasm, wasm-bindgen's web glue (used by
# every entry point), wasm-opt -Oz, the JavaScript entry points from js/, CommonJS copies made
# with esbuild, and the README. Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

cargo build --release --target wasm32-unknown-unknown --lib --quiet
rm -rf pkg
mkdir -p pkg/web
wasm-bindgen --target web --no-typescript --out-dir pkg/web --out-name rolecascade_core \
  target/wasm32-unknown-unknown/release/rolecascade.wasm
# The features rustc enables by default for wasm32 (and wasm-bindgen keeps).
wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-multivalue --enable-reference-types \
  pkg/web/rolecascade_core_bg.wasm -o pkg/web/rolecascade_core_bg.wasm
cp js/*.mjs js/*.cjs js/*.d.ts js/package.json pkg/
cp README.md pkg/
# CommonJS copies for require(): the web glue (initialised with initSync in Node) and the wrapper.
esbuild --format=cjs --platform=node --log-level=error pkg/web/rolecascade_core.js --outfile=pkg/web/rolecascade_core.cjs
esbuild --format=cjs --platform=node --log-level=error pkg/engine.mjs --outfile=pkg/engine.cjs

# The tests and tools import the package by name.
mkdir -p node_modules
ln -sfn ../pkg node_modules/rolecascade

size() { printf '%-34s %8d bytes %8d gzipped\n' "$1" "$(wc -c < "$1")" "$(gzip -9 -c "$1" | wc -c)"; }
for f in pkg/web/rolecascade_core_bg.wasm pkg/web/rolecascade_core.js pkg/engine.mjs pkg/index.web.mjs; do size "$f"; done
