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

use rolecascade::{Engine, PermId, UserId};
use std::hint::black_box;

/// The native benchmark's questions (`spread_queries` in benches/native.rs, the same seed): a
/// random scope, a permission of its level, and a user assigned on its path (half the time) or
/// anyone.
fn queries(e: &Engine) -> Vec<(String, String, String)> {
    let (d, m) = (e.directory(), e.model());
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let mut out = Vec::with_capacity(4096);
    while out.len() < 4096 {
        let scope = &d.scopes[next(d.scopes.len())];
        let perms: Vec<PermId> = m.perm_ids().filter(|&p| m.perm_depth(p) == Some(scope.depth)).collect();
        if perms.is_empty() {
            continue;
        }
        let p = perms[next(perms.len())];
        let on_path: Vec<UserId> = (0..=scope.depth).flat_map(|k| d.by_scope[scope.anc[k].index()].iter().map(|&(u, _)| u)).collect();
        let u = if next(2) == 0 && !on_path.is_empty() { on_path[next(on_path.len())] } else { d.user_at(next(d.users.len()) as u32).unwrap() };
        out.push((d.user_name(u).to_string(), m.perm_id(p).to_string(), scope.path.clone()));
    }
    out
}

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
    let (qs, ql) = (queries(&small), queries(&large));
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
