#!/usr/bin/env bash
# Builds the npm package into pkg/: the runtime and the authoring crates' bindings compiled to
# wasm, wasm-bindgen's web glue for each (used by every entry point), wasm-opt, the JavaScript
# entry points from js/, CommonJS copies made with esbuild, `rolecascade/inline` (the wasm
# embedded as base64), the declarations (the default model's ids written by `rolecascade types`),
# the models with their schema, and the README. Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# Apart: built together, Cargo would give the runtime module the std features the authoring
# module asks for, and the runtime module is no_std (it has a panic handler of its own).
cargo build --release --target wasm32-unknown-unknown -p rolecascade-wasm-runtime --quiet
cargo build --release --target wasm32-unknown-unknown -p rolecascade-wasm-authoring --quiet
cargo build --release --bin rolecascade --quiet
rm -rf pkg target/pkg-src
mkdir -p pkg/web target/pkg-src/inline
for part in runtime authoring; do
  wasm-bindgen --target web --no-typescript --out-dir pkg/web --out-name "rolecascade_$part" \
    "target/wasm32-unknown-unknown/release/rolecascade_wasm_$part.wasm"
  # The features rustc enables by default for wasm32 (and wasm-bindgen keeps). Inlining a
  # function into its one caller makes the file compress worse: not done. Rust places the stack
  # first (its bottom at address 0, its top at 1 MiB, the data above): nothing valid addresses
  # the low 1 KiB by wrapping around, so wasm-opt may fold added constants into load and store
  # offsets (--low-memory-unused, for both modules: about 300 bytes gzipped off the runtime
  # module). An address that did wrap would now trap instead of reaching low memory.
  wasm-opt -Oz --one-caller-inline-max-function-size=0 --low-memory-unused --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-multivalue --enable-reference-types \
    "pkg/web/rolecascade_${part}_bg.wasm" -o "pkg/web/rolecascade_${part}_bg.wasm"
  # A CommonJS copy of the glue, for require() (initialised with initSync in Node); the glue
  # itself minified, as a page downloads it.
  esbuild --format=cjs --platform=node --log-level=error "pkg/web/rolecascade_$part.js" --outfile="pkg/web/rolecascade_$part.cjs"
  # For rolecascade/inline: the glue without its default wasm URL (bundlers would copy the file
  # it names), and the wasm as base64 text.
  sed "s|new URL('rolecascade_${part}_bg.wasm', import.meta.url)|undefined|" "pkg/web/rolecascade_$part.js" > "target/pkg-src/inline/$part-glue.js"
  if grep -q "import\.meta" "target/pkg-src/inline/$part-glue.js"; then echo "the $part glue still reads import.meta" >&2; exit 1; fi
  printf 'export default "%s";\n' "$(base64 -w0 "pkg/web/rolecascade_${part}_bg.wasm")" > "target/pkg-src/inline/$part-wasm.js"
done
# The runtime module once more, built for speed (opt-level 3, wasm-opt -O3): what the Node, Deno
# and Bun entries load, where a module's size costs no download; pages and edge workers load the
# one built for size. At a million users its load takes half the time (see BENCHMARKS.md). Same
# source, same exports: the glue wasm-bindgen writes for it must be the one above, byte for byte.
# With the `text` feature: `loadFlat` can be asked to read directory text itself, in Rust
# (js/directory.mjs, `loadText`), where the module built for size leaves that to JavaScript.
CARGO_PROFILE_RELEASE_OPT_LEVEL=3 cargo build --release --target wasm32-unknown-unknown -p rolecascade-wasm-runtime --quiet \
  --features text --target-dir target/speed
mkdir -p target/pkg-src/speed
wasm-bindgen --target web --no-typescript --out-dir target/pkg-src/speed --out-name rolecascade_runtime \
  target/speed/wasm32-unknown-unknown/release/rolecascade_wasm_runtime.wasm
if ! cmp -s target/pkg-src/speed/rolecascade_runtime.js pkg/web/rolecascade_runtime.js; then
  echo "the runtime module built for speed has glue of its own" >&2
  exit 1
fi
wasm-opt -O3 --low-memory-unused --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-multivalue --enable-reference-types \
  target/pkg-src/speed/rolecascade_runtime_bg.wasm -o pkg/web/rolecascade_runtime_speed_bg.wasm
printf 'export default "%s";\n' "$(base64 -w0 pkg/web/rolecascade_runtime_speed_bg.wasm)" > target/pkg-src/inline/runtime-speed-wasm.js
# Lines of at most 120 characters: an uncaught error made in the glue (the authoring module's
# errors are) makes Node print the line it was made on, which was the whole 30 KB file.
esbuild --minify --line-limit=120 --format=esm --log-level=error pkg/web/rolecascade_authoring.js --outfile=pkg/web/rolecascade_authoring.js --allow-overwrite
# The engine (js/engine.mjs and the modules it imports, with the error class and js/node.mjs, the
# part the Node entries share) and the authoring module's calls (js/full.mjs) as one file each
# (not minified: Node shows a thrown error's line), and CommonJS copies; the entry points as
# they are.
cp js/*.mjs target/pkg-src/
printf 'export * from "./engine.mjs";\nexport { RolecascadeError } from "./errors.mjs";\nexport { nodeEntry } from "./node.mjs";\n' > target/pkg-src/engine-entry.mjs
esbuild --bundle --format=esm --log-level=error target/pkg-src/engine-entry.mjs --outfile=pkg/engine.mjs
esbuild --bundle --format=cjs --platform=node --log-level=error target/pkg-src/engine-entry.mjs --outfile=pkg/engine.cjs
esbuild --bundle --format=esm --log-level=error js/full.mjs --outfile=pkg/full.mjs
esbuild --bundle --format=cjs --platform=node --log-level=error js/full.mjs --outfile=pkg/full.cjs
cp js/index.node.mjs js/index.node.cjs js/index.workerd.mjs js/package.json pkg/
# rolecascade/inline, each a file on its own: for browsers and bundlers the runtime's wasm inside
# (the authoring module a chunk that loadAuthoring() imports), as ES module and CommonJS (what a
# require() in a browser bundle gets, from either entry); for Node, Deno and Bun both modules, as
# ES module and CommonJS.
esbuild --bundle --minify --format=esm --log-level=error target/pkg-src/index.inline.mjs \
  --external:./inline-authoring.mjs --outfile=pkg/inline.mjs
esbuild --bundle --minify --format=cjs --platform=browser --log-level=error target/pkg-src/index.inline.mjs \
  --external:./inline-authoring.mjs --outfile=pkg/inline.cjs
esbuild --bundle --minify --format=esm --log-level=error target/pkg-src/inline-authoring.mjs --outfile=pkg/inline-authoring.mjs
esbuild --bundle --minify --format=esm --platform=neutral --log-level=error target/pkg-src/index.inline.node.mjs --outfile=pkg/inline.node.mjs
esbuild --bundle --minify --format=cjs --platform=node --log-level=error target/pkg-src/index.inline.node.mjs --outfile=pkg/inline.node.cjs
# The browser entry as one minified file with the engine and the runtime's glue (whose wasm it
# finds in web/, beside the glue's usual place): a page that answers downloads it and the wasm.
sed 's|new URL(.rolecascade_runtime_bg.wasm., import.meta.url)|new URL("web/rolecascade_runtime_bg.wasm", import.meta.url)|' \
  pkg/web/rolecascade_runtime.js > target/pkg-src/rolecascade_runtime.js
grep -q 'new URL("web/rolecascade_runtime_bg.wasm"' target/pkg-src/rolecascade_runtime.js
sed -i 's|"./web/rolecascade_runtime.js"|"./rolecascade_runtime.js"|' target/pkg-src/index.web.mjs
esbuild --bundle --minify --format=esm --log-level=error target/pkg-src/index.web.mjs \
  --external:./full.mjs --external:./web/rolecascade_authoring.js --outfile=pkg/index.web.mjs
# Declarations: ES module and CommonJS, the default model's ids beside it (models/bizagi.d.ts
# and .d.cts, from `rolecascade types`), the wasm files' own; the models and their schema.
mkdir -p pkg/models
cp models/*.json pkg/models/
cp js/rolecascade.d.ts js/documents.d.ts pkg/
cp js/documents.d.ts pkg/documents.d.cts
sed 's|"./models/bizagi.js"|"./models/bizagi.cjs"|; s|"./documents.js"|"./documents.cjs"|' js/rolecascade.d.ts > pkg/rolecascade.d.cts
grep -q '"./models/bizagi.cjs"' pkg/rolecascade.d.cts
target/release/rolecascade types models/bizagi.json -o pkg/models/bizagi.d.ts --import-from ../rolecascade.js
target/release/rolecascade types models/bizagi.json -o pkg/models/bizagi.d.cts --import-from ../rolecascade.cjs
for part in runtime authoring; do
  for ext in d.ts d.cts; do cp js/wasm.d.ts "pkg/web/rolecascade_${part}_bg.wasm.$ext"; done
done
cp README.md pkg/

# The tests and tools import the package by name.
mkdir -p node_modules
ln -sfn ../pkg node_modules/rolecascade

size() { printf '%-38s %8d bytes %8d gzipped\n' "$1" "$(wc -c < "$1")" "$(gzip -9 -c "$1" | wc -c)"; }
for f in pkg/web/rolecascade_runtime_bg.wasm pkg/index.web.mjs pkg/web/rolecascade_runtime_speed_bg.wasm \
  pkg/web/rolecascade_authoring_bg.wasm pkg/web/rolecascade_authoring.js pkg/full.mjs \
  pkg/inline.mjs pkg/inline-authoring.mjs pkg/inline.node.mjs; do size "$f"; done
