//! The runtime's WebAssembly binding, the module every page and worker loads: the default model
//! compiled in at build time, a directory handed over as numbers, and answers over numbers
//! (`answer.rs`). Strings cross only to look an id up once; the package's `js/engine.mjs` keeps
//! the numbers in JavaScript maps, reads directory documents into numbers, and answers
//! `view().has()` without crossing. Everything else (explanations, changes, exports, compiling)
//! is in the authoring module, which the package loads when a call needs it.
//!
//! Without std: a panic (which the engine's lints and checks leave no way to reach) traps at
//! once, and the standard library's panic machinery, message formatting and all, stays out of
//! the module. The runtime crate is no_std too; wasm-bindgen and js-sys come without std (the
//! authoring module, built apart, has them with it).
#![cfg(target_arch = "wasm32")]
#![deny(unsafe_code)]
#![no_std]

extern crate alloc;

mod answer;
mod grow;

use answer::{ok, RawEngine, R};
use rolecascade_runtime::Engine;
use wasm_bindgen::prelude::*;

/// The default model, compiled at build time (build.rs).
static DEFAULT_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bizagi.rcm"));

#[wasm_bindgen]
impl RawEngine {
    /// The default model, with an empty directory.
    pub fn bizagi() -> R<RawEngine> {
        Self::from_compiled(DEFAULT_MODEL)
    }

    /// A model in its binary form, with an empty directory.
    #[wasm_bindgen(js_name = fromCompiled)]
    pub fn from_compiled(bytes: &[u8]) -> R<RawEngine> {
        ok(Engine::from_compiled(bytes)).map(RawEngine::wrap)
    }
}

/// Talc instead of the standard library's dlmalloc: a few kilobytes smaller and faster; a failed
/// allocation still returns null, so `try_reserve` (which every large structure grows by) fails
/// instead of trapping. A large memory grows by half its size at least (`grow.rs`).
#[global_allocator]
static ALLOCATOR: grow::Allocator = grow::allocator();

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
