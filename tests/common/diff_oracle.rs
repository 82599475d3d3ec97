//! The slow answer to a model diff, shared by `tests/diff.rs` and `tests/properties.rs`: every
//! user of the directory asked every permission (of either model) at every scope, one `check` at
//! a time, under each model. A permission one model lacks, or asked at another level, is a "no".
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use rolecascade::{Diff, Engine};
use std::collections::BTreeSet;

pub type Triple = (String, String, String);

pub struct Expected {
    pub gained: BTreeSet<Triple>,
    pub lost: BTreeSet<Triple>,
    pub unchanged: u64,
}

/// `dir_b` and `dir_a`: the directory as each model holds it (the same text, less the
/// assignments a model cannot hold).
pub fn expected(before: &str, after: &str, dir_b: &str, dir_a: &str, context: Option<&str>) -> Expected {
    let eb = Engine::from_model_json(before, Some(dir_b)).expect("the before model and its directory load");
    let ea = Engine::from_model_json(after, Some(dir_a)).expect("the after model and its directory load");
    let (cb, ca) = match context {
        Some(c) => (Some(eb.context_json(c).unwrap()), Some(ea.context_json(c).unwrap())),
        None => (None, None),
    };
    let d = eb.directory();
    let users: Vec<String> = d.user_ids().map(|u| d.user_name(u).to_string()).collect();
    let scopes: Vec<String> = d.scope_ids().map(|s| d.scope_path(s).to_string()).collect();
    let mut perms: Vec<String> = eb.model().perms.iter().chain(&ea.model().perms).map(|p| p.id.clone()).collect();
    perms.sort();
    perms.dedup();
    let mut out = Expected { gained: BTreeSet::new(), lost: BTreeSet::new(), unchanged: 0 };
    for s in &scopes {
        for p in &perms {
            let (ask_b, ask_a) = (eb.check("", p, s, None), ea.check("", p, s, None));
            if ask_b.is_err() && ask_a.is_err() {
                continue;
            }
            for u in &users {
                let b = ask_b.is_ok() && eb.check(u, p, s, cb.as_ref()).unwrap();
                let a = ask_a.is_ok() && ea.check(u, p, s, ca.as_ref()).unwrap();
                let t = (u.clone(), p.clone(), s.clone());
                match (b, a) {
                    (false, true) => {
                        out.gained.insert(t);
                    }
                    (true, false) => {
                        out.lost.insert(t);
                    }
                    _ => out.unchanged += 1,
                }
            }
        }
    }
    out
}

pub fn gained(d: &Diff) -> BTreeSet<Triple> {
    d.gained.iter().map(|g| (g.user.clone(), g.permission.clone(), g.scope.clone())).collect()
}

pub fn lost(d: &Diff) -> BTreeSet<Triple> {
    d.lost.iter().map(|g| (g.user.clone(), g.permission.clone(), g.scope.clone())).collect()
}

/// Whether the diff says what the slow answer says, and is sorted without repeats.
pub fn agrees(d: &Diff, e: &Expected) -> Result<(), String> {
    let keys = |v: Vec<&Triple>| v.windows(2).all(|w| w[0] < w[1]);
    let g: Vec<Triple> = d.gained.iter().map(|g| (g.user.clone(), g.permission.clone(), g.scope.clone())).collect();
    let l: Vec<Triple> = d.lost.iter().map(|g| (g.user.clone(), g.permission.clone(), g.scope.clone())).collect();
    if !keys(g.iter().collect()) || !keys(l.iter().collect()) {
        return Err("entries are not sorted by user, permission, scope without repeats".into());
    }
    if gained(d) != e.gained {
        return Err(format!("gained: diff says {:?}, checks say {:?}", gained(d), e.gained));
    }
    if lost(d) != e.lost {
        return Err(format!("lost: diff says {:?}, checks say {:?}", lost(d), e.lost));
    }
    if d.unchanged != e.unchanged {
        return Err(format!("unchanged: diff says {}, checks say {}", d.unchanged, e.unchanged));
    }
    if d.gained.iter().any(|g| g.via.is_empty()) || d.lost.iter().any(|l| l.was.is_empty()) {
        return Err("an entry names no grant path".into());
    }
    Ok(())
}
