//! Where the allocator gets memory: the wasm memory, grown by what an allocation asks while it
//! is under 32 MiB, and from there by at least half its size each time.
//!
//! Talc's own source (`talc::wasm::WasmGrowAndExtend`) grows the memory by exactly what an
//! allocation lacks. A grow in V8 11.3 (Node 20) takes time in proportion to the memory's size,
//! so a structure built step by step to hundreds of megabytes took time quadratic in its size:
//! the Rust directory reader took 56 s for a million users (2.5 s in a memory grown beforehand),
//! and `Engine.diff` over 400,000 users 13.8 s against 0.38 s over 100,000. Growing by a
//! fraction of the size makes the grows' total cost a constant times the final size (the reader
//! now takes 2.8-3.3 s for a million users, and `Engine.diff` 1.5 s over 400,000; a cap of
//! 16 MiB a grow made the reader 1.6 times slower again). The price is address space: up to a
//! third of a large memory may be grown but not yet used. Pages never written take no memory
//! from the system, but a platform that counts the memory's size against a limit (an edge
//! worker's isolate) counts them: under 32 MiB, where the grows' cost is small, the memory grows
//! by what is asked and does not run ahead. When the larger grow fails (the 4 GiB limit), the
//! exact one is tried, so nothing fits less than before.
//!
//! The one `unsafe` of the bindings: the two calls that hand the grown pages to the allocator,
//! as talc's own source makes them (the pages are new, and no one else uses them).
#![allow(unsafe_code)]

use core::alloc::Layout;
use core::arch::wasm32::{memory_grow, memory_size};
use core::ptr::NonNull;
use talc::base::binning::Binning;
use talc::base::{Talc, CHUNK_UNIT};
use talc::cell::TalcSyncCell;
use talc::wasm::WasmBinning;

/// Talc over [`Grow`]: each module's global allocator ([`allocator`]).
pub type Allocator = TalcSyncCell<Grow, WasmBinning>;

/// The allocator both modules name their global allocator.
pub const fn allocator() -> Allocator {
    TalcSyncCell::new_wasm(Grow { end: None })
}

const PAGE: usize = 64 * 1024;
/// The memory's size, in pages, from which it grows by half (32 MiB).
const LARGE: usize = 512;

/// The allocator's memory: the wasm memory from where it stood when first grown; `end` is the
/// end of the heap handed to the allocator so far.
#[derive(Debug)]
pub struct Grow {
    end: Option<NonNull<u8>>,
}

/// Pages enough for `layout` in a heap of its own: the chunk (the size and a word of metadata,
/// rounded to chunk units), a unit to cap the heap, the alignment beyond a unit. (More than
/// enough is harmless; too little would make the allocator ask again and again.)
fn pages_for(layout: Layout) -> usize {
    let chunk = (layout.size().saturating_add(core::mem::size_of::<usize>() + CHUNK_UNIT - 1)) & !(CHUNK_UNIT - 1);
    let mut bytes = chunk.saturating_add(CHUNK_UNIT);
    if layout.align() > CHUNK_UNIT {
        bytes = bytes.saturating_add(layout.align());
    }
    bytes.div_ceil(PAGE)
}

// SAFETY: `acquire` neither allocates nor touches the allocator except through `talc`.
unsafe impl talc::source::Source for Grow {
    fn acquire<B: Binning>(talc: &mut Talc<Self, B>, layout: Layout) -> Result<(), ()> {
        let need = pages_for(layout);
        let size = memory_size::<0>();
        let more = if size >= LARGE { need.max(size / 2) } else { need };
        let (start, pages) = match memory_grow::<0>(more) {
            usize::MAX if more > need => (memory_grow::<0>(need), need),
            start => (start, more),
        };
        if start == usize::MAX {
            return Err(());
        }
        // The memory's last page ends at 4 GiB, one past the last address: ends saturate.
        let (base, bytes) = (start.saturating_mul(PAGE), pages.saturating_mul(PAGE));
        let end = base.saturating_add(bytes) as *mut u8;
        let base = base as *mut u8;
        if let Some(old) = talc.source.end.take() {
            if old.as_ptr() == base {
                // SAFETY: `old` is the end of the heap the allocator has, and the pages from
                // there to `end` were just added to the memory: nothing else holds them.
                talc.source.end = Some(unsafe { talc.extend(old, end) });
                return Ok(());
            }
        }
        // SAFETY: the pages from `base` to `end` were just added to the memory, and nothing
        // else holds them (the first heap, or one after memory grown by someone else).
        talc.source.end = unsafe { talc.claim(base, bytes) };
        Ok(())
    }
}
