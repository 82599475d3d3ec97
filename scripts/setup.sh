#!/usr/bin/env bash
# Installs what the project needs and is missing, idempotently, on a fresh machine: quiet when
# everything is there. Runs without a terminal (CI=true). Called by every make target.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
log() { echo "setup: $*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

[ -f Cargo.lock ] || cargo generate-lockfile
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly. Installed without
# --locked: its own lockfile names a webpki-roots release the registry here lacks.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (found '${have:-none}')"
  cargo install wasm-bindgen-cli --version "$want" --force
fi
if ! command -v wasm-pack >/dev/null 2>&1; then
  log "installing wasm-pack"
  cargo install wasm-pack --locked
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  log "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

# npm dev tools from the committed lockfile (wasm-opt comes from the binaryen package: wasm-pack's
# own download of it cannot work here).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dev dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  log "installing chromium and chromedriver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi
