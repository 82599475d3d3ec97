//! Loads the generated 1,000,000-assignment directory (100 companies of 10,000 users, as the
//! native benchmark's `1M` scale) into the default model and prints the median load time:
//! `CARGO_PROFILE_BENCH_OPT_LEVEL=3 cargo run --profile bench --example scale_load -- [companies] [runs]`.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
#[path = "../benches/common/gen.rs"]
mod gen;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().unwrap_or(1));
    let companies = args.next().unwrap_or(100);
    let runs = args.next().unwrap_or(3);
    let g = gen::generate(companies, 10_000);
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = std::time::Instant::now();
        let e = rolecascade::Engine::bizagi(Some(&g.json)).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1e3);
        drop(e);
    }
    times.sort_by(f64::total_cmp);
    println!("{} assignments, {} users, {} scopes: load_ms median {:.1} (runs {:?})", g.assignments, g.users, g.scopes, times[times.len() / 2], times);
}
