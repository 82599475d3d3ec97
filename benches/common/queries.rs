//! The spread questions of the native benchmark (`check_spread` in benches/native.rs) and of
//! `examples/spread.rs`.
#![allow(dead_code, clippy::unwrap_used, clippy::indexing_slicing)]

use rolecascade::{Engine, PermId, UserId};

/// The seed both use.
pub const SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// Questions over the whole directory: a random scope, a permission of its level, and a user
/// assigned on its path (half the time) or anyone (mostly denied).
pub fn spread(e: &Engine, seed: u64) -> Vec<(String, String, String)> {
    let d = e.directory();
    let m = e.model();
    let mut x = seed;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let mut out = Vec::with_capacity(4096);
    while out.len() < 4096 {
        let s = next(d.scopes.len());
        let scope = &d.scopes[s];
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
