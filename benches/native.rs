//! Native benchmarks (`cargo bench --bench native`, part of `make bench`): compiling the default
//! model, check / permissions / who_can on a generated directory, and scaling from 1,000 to
//! 1,000,000 assignments (check latency, load time, memory per assignment).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
// The counting allocator below must implement the unsafe GlobalAlloc trait; the library itself
// forbids unsafe code (src/lib.rs).
#![allow(unsafe_code)]

#[path = "common/gen.rs"]
mod gen;

use rolecascade::{Engine, Model, DEFAULT_MODEL};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

/// Counts live heap bytes, for memory per assignment.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        LIVE.fetch_add(n, Ordering::Relaxed);
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Scales: (label, companies, users per company, cap on assignments).
const SCALES: [(&str, usize, usize, usize); 4] =
    [("1k", 1, 1_000, 1_000), ("10k", 1, 10_000, usize::MAX), ("100k", 10, 10_000, usize::MAX), ("1M", 100, 10_000, usize::MAX)];

fn directory(companies: usize, users: usize, cap: usize) -> (String, usize) {
    let g = gen::generate(companies, users);
    if cap >= g.assignments {
        return (g.json, g.assignments);
    }
    // Keep the first `cap` assignments.
    let start = g.json.find("\"assignments\":[").unwrap() + "\"assignments\":[".len();
    let mut end = start;
    for _ in 0..cap {
        end = g.json[end..].find('}').unwrap() + end + 1;
        if g.json[end..].starts_with(',') {
            end += 1;
        }
    }
    let head = g.json[..end].trim_end_matches(',');
    (format!("{head}]}}"), cap)
}

fn engines() -> &'static Vec<(&'static str, Engine, usize)> {
    static E: OnceLock<Vec<(&'static str, Engine, usize)>> = OnceLock::new();
    E.get_or_init(|| {
        println!("scale  assignments  load_ms  bytes_per_assignment");
        SCALES
            .iter()
            .map(|&(label, c, u, cap)| {
                let (json, n) = directory(c, u, cap);
                let before = LIVE.load(Ordering::Relaxed);
                let t = Instant::now();
                let e = Engine::bizagi(Some(&json)).unwrap();
                let ms = t.elapsed().as_secs_f64() * 1e3;
                let after = LIVE.load(Ordering::Relaxed);
                drop(json);
                let empty = Engine::bizagi(None).unwrap();
                let base = std::mem::size_of_val(&empty);
                println!("{label:>5}  {n:>11}  {ms:>7.1}  {:>20.1}", (after.saturating_sub(before) + base) as f64 / n as f64);
                (label, e, n)
            })
            .collect()
    })
}

const ALLOWED: (&str, &str, &str) = ("u0@c0.test", "mc.track", "c0/automation/automation-p0/production");
const DENIED: (&str, &str, &str) = ("u7@c0.test", "project.delete", "c0/automation/automation-p3");

fn main() {
    engines();
    divan::main();
}

#[divan::bench]
fn compile_default_model() -> Model {
    Model::from_json(black_box(DEFAULT_MODEL)).unwrap()
}

#[divan::bench(args = ["1k", "10k", "100k", "1M"])]
fn check_allowed(b: divan::Bencher, scale: &str) {
    let e = &engines().iter().find(|x| x.0 == scale).unwrap().1;
    let (u, p, s) = ALLOWED;
    assert!(e.check(u, p, s, None).unwrap());
    b.bench(|| e.check(black_box(u), black_box(p), black_box(s), None).unwrap());
}

#[divan::bench(args = ["1k", "10k", "100k", "1M"])]
fn check_denied(b: divan::Bencher, scale: &str) {
    let e = &engines().iter().find(|x| x.0 == scale).unwrap().1;
    let (u, p, s) = DENIED;
    b.bench(|| e.check(black_box(u), black_box(p), black_box(s), None).unwrap());
}

#[divan::bench(args = ["1k", "10k", "100k", "1M"])]
fn check_ids(b: divan::Bencher, scale: &str) {
    let e = &engines().iter().find(|x| x.0 == scale).unwrap().1;
    let (u, p, s) = ALLOWED;
    let d = e.directory();
    let (u, p, s) = (d.find_user(u).unwrap(), e.model().perm(p).unwrap(), d.find_scope(s).unwrap());
    b.bench(|| e.check_ids(black_box(u), black_box(p), black_box(s), None).unwrap());
}

#[divan::bench]
fn permissions(b: divan::Bencher) {
    let e = &engines()[1].1;
    b.bench(|| e.permissions(black_box("u0@c0.test"), black_box("c0/studio/studio-p0/development"), None));
}

#[divan::bench]
fn who_can(b: divan::Bencher) {
    let e = &engines()[1].1;
    b.bench(|| e.who_can(black_box("project.edit"), black_box("c0/automation/automation-p0"), None).unwrap());
}

#[divan::bench]
fn explain(b: divan::Bencher) {
    let e = &engines()[1].1;
    let (u, p, s) = ALLOWED;
    b.bench(|| e.explain(black_box(u), black_box(p), black_box(s), None).unwrap());
}

/// A 10,000-role inheritance chain: compilation stays linear.
#[divan::bench]
fn compile_10k_role_chain(b: divan::Bencher) {
    let n = 10_000;
    let roles: Vec<String> = (0..n)
        .map(|i| {
            let inherits = if i + 1 < n { format!(r#"["r{}"]"#, i + 1) } else { "[]".into() };
            format!(r#"{{"id":"r{i}","level":"team","grants":["p{}"],"inherits":{inherits}}}"#, i % 64)
        })
        .collect();
    let perms: Vec<String> = (0..64).map(|i| format!(r#"{{"id":"p{i}","level":"team"}}"#)).collect();
    let text = format!(
        r#"{{"levels":[{{"id":"org"}},{{"id":"team","parent":"org"}}],"permissions":[{}],"roles":[{}]}}"#,
        perms.join(","),
        roles.join(",")
    );
    b.bench(|| Model::from_json(black_box(&text)).unwrap());
}
