//! The decision vectors in wasm under Node: `wasm-pack test --node -- --test wasm`.
#![cfg(target_arch = "wasm32")]
mod common;
mod wasm_suite;
