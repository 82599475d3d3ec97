# Sourced by the Makefile and scripts: the project's tools first on PATH (cargo's bin for
# wasm-bindgen, wasm-pack and cargo-fuzz; node_modules/.bin for wasm-opt, esbuild and tsc).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
