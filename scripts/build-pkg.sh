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
  # A CommonJS copy of the glue, for require() (initialised with initSync in Node); the glue
  # itself minified, as a page downloads it.
  esbuild --format=cjs --platform=node --log-level=error "pkg/web/rolecascade_$part.js" --outfile="pkg/web/rolecascade_$part.cjs"
done
esbuild --minify --format=esm --log-level=error pkg/web/rolecascade_authoring.js --outfile=pkg/web/rolecascade_authoring.js --allow-overwrite
# The engine (js/engine.mjs and the modules it imports) and the authoring module's calls
# (js/full.mjs) as one file each, and CommonJS copies; the entry points as they are.
for part in engine full; do
  esbuild --bundle --format=esm --log-level=error "js/$part.mjs" --outfile="pkg/$part.mjs"
  esbuild --bundle --format=cjs --platform=node --log-level=error "js/$part.mjs" --outfile="pkg/$part.cjs"
done
cp js/index.*.mjs js/index.*.cjs js/*.d.ts js/package.json pkg/
# The browser entry as one minified file with the engine and the runtime's glue (whose wasm it
# finds in web/, beside the glue's usual place): a page that answers downloads it and the wasm.
mkdir -p target/pkg-src
cp js/*.mjs target/pkg-src/
sed 's|new URL(.rolecascade_runtime_bg.wasm., import.meta.url)|new URL("web/rolecascade_runtime_bg.wasm", import.meta.url)|' \
  pkg/web/rolecascade_runtime.js > target/pkg-src/rolecascade_runtime.js
grep -q 'new URL("web/rolecascade_runtime_bg.wasm"' target/pkg-src/rolecascade_runtime.js
sed -i 's|"./web/rolecascade_runtime.js"|"./rolecascade_runtime.js"|' target/pkg-src/index.web.mjs
esbuild --bundle --minify --format=esm --log-level=error target/pkg-src/index.web.mjs \
  --external:./full.mjs --external:./web/rolecascade_authoring.js --outfile=pkg/index.web.mjs
cp README.md pkg/

# The tests and tools import the package by name.
mkdir -p node_modules
ln -sfn ../pkg node_modules/rolecascade

size() { printf '%-38s %8d bytes %8d gzipped\n' "$1" "$(wc -c < "$1")" "$(gzip -9 -c "$1" | wc -c)"; }
for f in pkg/web/rolecascade_runtime_bg.wasm pkg/index.web.mjs \
  pkg/web/rolecascade_authoring_bg.wasm pkg/web/rolecascade_authoring.js pkg/full.mjs; do size "$f"; done
