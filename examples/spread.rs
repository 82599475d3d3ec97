//! The spread check of the native benchmark (`check_spread`: 4,096 different questions in turn,
//! over the whole directory) at 1,000 and at 1,000,000 users, in this process: the median
//! nanoseconds per check of 15 rounds of each. At a million
//! users the figure depends on the process as much as on the code (on this benchmark's shared
//! machine one process measured 1.4× the 1k figure and the next 5×, for the same directory), so
//! `scripts/bench.sh` runs this in several fresh processes and BENCHMARKS.md gives each.
//! `CARGO_PROFILE_BENCH_OPT_LEVEL=3 cargo run --profile bench --example spread`.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
#[path = "../benches/common/gen.rs"]
mod gen;
#[path = "../benches/common/queries.rs"]
mod queries;

use rolecascade::Engine;
use std::hint::black_box;

/// One round: nanoseconds per check over four passes of the questions.
fn round(e: &Engine, q: &[(String, String, String)]) -> f64 {
    let t = std::time::Instant::now();
    for _ in 0..4 {
        for (u, p, s) in q {
            black_box(e.check(black_box(u), black_box(p), black_box(s), None).unwrap());
        }
    }
    t.elapsed().as_secs_f64() * 1e9 / (4 * q.len()) as f64
}

fn main() {
    let small = Engine::bizagi(Some(&gen::generate(1, 1_000).json)).unwrap();
    let large = Engine::bizagi(Some(&gen::generate(100, 10_000).json)).unwrap();
    let (qs, ql) = (queries::spread(&small, queries::SEED), queries::spread(&large, queries::SEED));
    let (mut a, mut b) = (Vec::new(), Vec::new());
    // Each size's rounds together, as the benchmark runs them (a round of one size after the
    // other's starts with the other's data in the caches).
    for _ in 0..15 {
        a.push(round(&small, &qs));
    }
    for _ in 0..15 {
        b.push(round(&large, &ql));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!("spread 1k_ns {:.1} 1M_ns {:.1}", median(&mut a), median(&mut b));
}
