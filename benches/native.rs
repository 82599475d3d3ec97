//! Native benchmarks (`cargo bench --bench native`, part of `make bench`): compiling the default
//! model, check / permissions / who_can on a generated directory, scaling from 1,000 to
//! 1,000,000 assignments (check latency, load time, memory per assignment), and model diffs of
//! the default model over the 10,000-user directory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
// The counting allocator (common/counting.rs) must implement the unsafe GlobalAlloc trait; the
// library itself forbids unsafe code.
#![allow(unsafe_code)]

#[path = "common/counting.rs"]
mod counting;
#[path = "common/gen.rs"]
mod gen;
#[path = "common/queries.rs"]
mod queries;

use counting::{LIVE, PEAK};
use rolecascade::{Engine, Model, PermId, ScopeId, UserId, DEFAULT_MODEL};
use std::hint::black_box;
use std::sync::atomic::Ordering;
use std::sync::OnceLock;
use std::time::Instant;

#[global_allocator]
static A: counting::Counting = counting::Counting;

/// Scales: (label, companies, users per company, cap on assignments).
const SCALES: [(&str, usize, usize, usize); 5] = [
    ("1k", 1, 1_000, 1_000),
    ("10k", 1, 10_000, usize::MAX),
    ("100k", 10, 10_000, usize::MAX),
    ("400k", 40, 10_000, usize::MAX),
    ("1M", 100, 10_000, usize::MAX),
];

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

/// A loaded scale: its engine, assignment count, and 4,096 questions spread over the whole
/// directory (string ids, as callers hold them).
struct Loaded {
    label: &'static str,
    engine: Engine,
    queries: Vec<(String, String, String)>,
    /// The same questions with interned ids.
    ids: Vec<(UserId, PermId, ScopeId)>,
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

/// Loads every scale once for the benchmarks, and prints load time (median of several loads),
/// live heap bytes held per assignment (the whole engine: model, scopes, users, members and
/// assignments, over the number of assignments) and the peak during a load.
fn engines() -> &'static Vec<Loaded> {
    static E: OnceLock<Vec<Loaded>> = OnceLock::new();
    E.get_or_init(|| {
        println!("scale  assignments    users  scopes  loads  load_ms  ns_per_assignment  bytes_per_assignment  peak_bytes_per_assignment");
        SCALES
            .iter()
            .map(|&(label, c, u, cap)| {
                let (json, n) = directory(c, u, cap);
                let runs = if n >= 500_000 { 3 } else if n >= 50_000 { 5 } else { 11 };
                let mut times = Vec::new();
                let mut kept = None;
                let (mut held, mut peak) = (0, 0);
                for _ in 0..runs {
                    drop(kept.take());
                    let before = LIVE.load(Ordering::Relaxed);
                    PEAK.store(before, Ordering::Relaxed);
                    let t = Instant::now();
                    let e = Engine::bizagi(Some(&json)).unwrap();
                    times.push(t.elapsed().as_secs_f64() * 1e3);
                    held = LIVE.load(Ordering::Relaxed).saturating_sub(before) + std::mem::size_of_val(&e);
                    peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
                    kept = Some(e);
                }
                drop(json);
                let e = kept.unwrap();
                let ms = median(&mut times);
                let (users, scopes) = (e.directory().users.len(), e.directory().scopes.len());
                println!(
                    "{label:>5}  {n:>11}  {users:>7}  {scopes:>6}  {runs:>5}  {ms:>7.1}  {:>17.0}  {:>20.1}  {:>25.1}",
                    ms * 1e6 / n as f64,
                    held as f64 / n as f64,
                    peak as f64 / n as f64
                );
                let queries = queries::spread(&e, queries::SEED);
                let (d, m) = (e.directory(), e.model());
                let ids = queries.iter().map(|(u, p, s)| (d.find_user(u).unwrap(), m.perm(p).unwrap(), d.find_scope(s).unwrap())).collect();
                Loaded { label, engine: e, queries, ids }
            })
            .collect()
    })
}

fn scale(label: &str) -> &'static Loaded {
    engines().iter().find(|x| x.label == label).unwrap()
}

const ALLOWED: (&str, &str, &str) = ("u0@c0.test", "mc.track", "c0/automation/automation-p0/production");
const DENIED: (&str, &str, &str) = ("u7@c0.test", "project.delete", "c0/automation/automation-p3");

fn main() {
    engines();
    diff_cases();
    divan::main();
}

/// The default model edited as a pull request would edit it, for the diff benchmarks: the name,
/// what the edit is, and the after model's text.
fn diff_edits() -> &'static Vec<(&'static str, &'static str, String)> {
    static E: OnceLock<Vec<(&str, &str, String)>> = OnceLock::new();
    E.get_or_init(|| {
        let edit = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut v: serde_json::Value = serde_json::from_str(DEFAULT_MODEL).unwrap();
            f(&mut v);
            v.to_string()
        };
        let role = |v: &mut serde_json::Value, id: &str| -> usize { v["roles"].as_array().unwrap().iter().position(|r| r["id"] == id).unwrap() };
        vec![
            ("same", "the same model", DEFAULT_MODEL.to_string()),
            ("grant", "project-owner without project.delete", edit(&|v| {
                let r = role(v, "project-owner");
                v["roles"][r]["grants"].as_array_mut().unwrap().retain(|g| g != "project.delete");
            })),
            ("inherit", "project-contributor inherits environment-basic", edit(&|v| {
                let r = role(v, "project-contributor");
                v["roles"][r]["inherits"] = serde_json::json!(["environment-basic"]);
            })),
            ("condition", "portal.studio also in automation subscriptions", edit(&|v| {
                let p = v["permissions"].as_array().unwrap().iter().position(|p| p["id"] == "portal.studio").unwrap();
                v["permissions"][p]["when"] = serde_json::json!({ "attr": "service", "in": ["studio", "automation"] });
            })),
            ("default", "developer as the default profile", edit(&|v| v["groups"][0]["default"] = serde_json::json!("developer"))),
            ("levels", "a sixth service (every role reconsidered)", edit(&|v| {
                v["levels"][1]["attributes"]["service"]["values"].as_array_mut().unwrap().push(serde_json::json!("mining"));
            })),
        ]
    })
}

fn dir_10k() -> &'static String {
    static D: OnceLock<String> = OnceLock::new();
    D.get_or_init(|| gen::generate(1, 10_000).json)
}

/// Prints what each diff finds and visits, and its time (median of several runs), before divan.
fn diff_cases() {
    println!("diff_case  gained     lost      answers  scopes   pairs  classes  runs  diff_ms");
    for (name, _, after) in diff_edits() {
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..7 {
            let t = Instant::now();
            let d = rolecascade::diff(DEFAULT_MODEL, after, Some(dir_10k()), None).unwrap();
            times.push(t.elapsed().as_secs_f64() * 1e3);
            last = Some(d);
        }
        let rolecascade::DiffAnswer::Directory(d) = last.unwrap() else { unreachable!() };
        println!(
            "{name:>9}  {:>6}  {:>7}  {:>11}  {:>6}  {:>6}  {:>7}  {:>4}  {:>7.1}",
            d.gained.len(),
            d.lost.len(),
            d.unchanged + (d.gained.len() + d.lost.len()) as u64,
            d.cost.scopes,
            d.cost.pairs,
            d.cost.classes,
            times.len(),
            median(&mut times)
        );
    }
}

/// `rolecascade::diff` of the default model and an edit of it over the 10,000-user directory
/// (1 company, 506 scopes, 8,077 assignments), from the texts: both models compiled, the
/// directory read and carried over, the answers compared.
#[divan::bench(args = ["same", "grant", "inherit", "condition", "default", "levels"], sample_count = 10, sample_size = 1)]
fn diff_10k(b: divan::Bencher, case: &str) {
    let after = &diff_edits().iter().find(|(n, _, _)| *n == case).unwrap().2;
    let dir = dir_10k();
    b.bench(|| rolecascade::diff(black_box(DEFAULT_MODEL), black_box(after), Some(black_box(dir)), None).unwrap());
}

/// The same comparison on an engine that holds the directory already (`Engine::diff`).
#[divan::bench(args = ["same", "grant", "inherit", "condition", "default", "levels"], sample_count = 10, sample_size = 1)]
fn diff_10k_loaded(b: divan::Bencher, case: &str) {
    let after = rolecascade::authoring::compile_json(&diff_edits().iter().find(|(n, _, _)| *n == case).unwrap().2).unwrap();
    let e = &scale("10k").engine;
    b.bench(|| e.diff(black_box(&after), None).unwrap());
}

#[divan::bench]
fn compile_default_model() -> Model {
    rolecascade::authoring::compile_json(black_box(DEFAULT_MODEL)).unwrap()
}

/// The default model with an empty directory: what `Engine.bizagi()` does before any data.
#[divan::bench]
fn engine_default_model() -> Engine {
    Engine::bizagi(None).unwrap()
}

/// One question asked again and again (its data stays in cache).
#[divan::bench(args = ["1k", "10k", "100k", "1M"], sample_count = 100, sample_size = 1024)]
fn check_allowed(b: divan::Bencher, scale: &str) {
    let e = &self::scale(scale).engine;
    let (u, p, s) = ALLOWED;
    assert!(e.check(u, p, s, None).unwrap());
    b.bench(|| e.check(black_box(u), black_box(p), black_box(s), None).unwrap());
}

#[divan::bench(args = ["1k", "10k", "100k", "1M"], sample_count = 100, sample_size = 1024)]
fn check_denied(b: divan::Bencher, scale: &str) {
    let e = &self::scale(scale).engine;
    let (u, p, s) = DENIED;
    b.bench(|| e.check(black_box(u), black_box(p), black_box(s), None).unwrap());
}

#[divan::bench(args = ["1k", "10k", "100k", "1M"], sample_count = 100, sample_size = 1024)]
fn check_ids(b: divan::Bencher, scale: &str) {
    let e = &self::scale(scale).engine;
    let (u, p, s) = ALLOWED;
    let d = e.directory();
    let (u, p, s) = (d.find_user(u).unwrap(), e.model().perm(p).unwrap(), d.find_scope(s).unwrap());
    b.bench(|| e.check_ids(black_box(u), black_box(p), black_box(s), None).unwrap());
}

/// 4,096 different questions in turn, spread over the whole directory: what a server answering
/// many users sees, cache misses included.
#[divan::bench(args = ["1k", "10k", "100k", "1M"], sample_count = 100, sample_size = 1024)]
fn check_spread(b: divan::Bencher, scale: &str) {
    let l = self::scale(scale);
    let (e, q) = (&l.engine, &l.queries);
    let mut i = 0;
    b.bench_local(move || {
        i = (i + 1) & 4095;
        let (u, p, s) = &q[i];
        e.check(black_box(u), black_box(p), black_box(s), None).unwrap()
    });
}

/// The same 4,096 questions with interned ids: the evaluation without the string lookups.
#[divan::bench(args = ["1k", "10k", "100k", "1M"], sample_count = 100, sample_size = 1024)]
fn check_ids_spread(b: divan::Bencher, scale: &str) {
    let l = self::scale(scale);
    let (e, q) = (&l.engine, &l.ids);
    let mut i = 0;
    b.bench_local(move || {
        i = (i + 1) & 4095;
        let (u, p, s) = q[i];
        e.check_ids(black_box(u), black_box(p), black_box(s), None).unwrap()
    });
}

#[divan::bench(sample_count = 100, sample_size = 256)]
fn permissions(b: divan::Bencher) {
    let e = &scale("10k").engine;
    b.bench(|| e.permissions(black_box("u0@c0.test"), black_box("c0/studio/studio-p0/development"), None));
}

#[divan::bench]
fn who_can(b: divan::Bencher) {
    let e = &scale("10k").engine;
    b.bench(|| e.who_can(black_box("project.edit"), black_box("c0/automation/automation-p0"), None).unwrap());
}

#[divan::bench(sample_count = 100, sample_size = 256)]
fn explain(b: divan::Bencher) {
    let e = &scale("10k").engine;
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
    b.bench(|| rolecascade::authoring::compile_json(black_box(&text)).unwrap());
}
