//! Loads the generated 1,000,000-assignment directory (100 companies of 10,000 users, as the
//! native benchmark's `1M` scale) into the default model and prints the median load time, the
//! heap the last engine holds and the peak during its load (a counting allocator, as the native
//! benchmark's):
//! `CARGO_PROFILE_BENCH_OPT_LEVEL=3 cargo run --profile bench --example scale_load -- [companies] [runs]`.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
// The counting allocator implements the unsafe GlobalAlloc trait.
#![allow(unsafe_code)]
#[path = "../benches/common/counting.rs"]
mod counting;
#[path = "../benches/common/gen.rs"]
mod gen;

use counting::{LIVE, PEAK};
use std::sync::atomic::Ordering;

#[global_allocator]
static A: counting::Counting = counting::Counting;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().unwrap_or(1));
    let companies = args.next().unwrap_or(100);
    let runs = args.next().unwrap_or(3);
    let g = gen::generate(companies, 10_000);
    let mut times = Vec::new();
    let (mut held, mut peak) = (0, 0);
    for _ in 0..runs {
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let t = std::time::Instant::now();
        let e = rolecascade::Engine::bizagi(Some(&g.json)).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1e3);
        held = LIVE.load(Ordering::Relaxed).saturating_sub(before);
        peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
        drop(e);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{} assignments, {} users, {} scopes, {} bytes of JSON: load_ms median {:.1} (runs {:?}); held_bytes {held}; peak_bytes {peak}",
        g.assignments,
        g.users,
        g.scopes,
        g.json.len(),
        times[times.len() / 2],
        times
    );
}
