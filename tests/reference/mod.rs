//! A slow, obviously-correct reference evaluator, written separately from `src/eval.rs` for
//! differential testing: it reads only the model's declared facts (levels, grants, inherits,
//! conditions) and the exported directory, and walks everything by string each time. No bit
//! sets, no precomputed inheritance, no scope classes. Used by `tests/reference.rs` and the
//! fuzz targets.
#![allow(dead_code, clippy::unwrap_used, clippy::indexing_slicing)]

use rolecascade::model::AttrSource;
use rolecascade::{PermId, RoleId};
use rolecascade::cond::Facts;
use rolecascade::runtime::Engine;
use rolecascade::Context;

struct F<'a> {
    attrs: &'a [(String, String)],
    ctx: &'a Context,
}

impl Facts for F<'_> {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn context(&self, key: usize) -> Option<&str> {
        self.ctx.get(key)
    }
}

pub struct Reference<'e> {
    e: &'e Engine,
    scopes: Vec<String>,
    members: Vec<(String, Vec<String>)>,
    assignments: Vec<(String, String, String)>,
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').collect()
}

/// The prefix of `path` with `n` segments.
fn prefix(path: &str, n: usize) -> String {
    segments(path)[..n].join("/")
}

impl<'e> Reference<'e> {
    pub fn new(e: &'e Engine) -> Reference<'e> {
        let d = e.export_directory();
        Reference {
            e,
            scopes: d.scopes,
            members: d.members.into_iter().collect(),
            assignments: d.assignments.into_iter().map(|a| (a.user, a.role, a.scope)).collect(),
        }
    }

    /// Attributes of a scope, recomputed from its segments.
    fn attrs(&self, path: &str) -> Vec<(String, String)> {
        let m = self.e.model();
        let ctx = Context::default();
        let mut attrs: Vec<(String, String)> = Vec::new();
        for (depth, seg) in segments(path).iter().enumerate() {
            let level = &m.levels[m.chain[depth].index()];
            for a in &level.attrs {
                let v = match &a.source {
                    AttrSource::Segment(_) => Some(seg.to_string()),
                    AttrSource::Derived { cases, default } => {
                        let f = F { attrs: &attrs, ctx: &ctx };
                        cases.iter().find(|(c, _)| c.eval(&f)).map(|(_, v)| v.clone()).or(default.clone())
                    }
                };
                attrs.retain(|(k, _)| k != &a.name);
                if let Some(v) = v {
                    attrs.push((a.name.clone(), v));
                }
            }
        }
        attrs
    }

    fn is_member(&self, user: &str, scope: &str) -> bool {
        self.members.iter().any(|(s, us)| s == scope && us.iter().any(|u| u == user))
    }

    /// Does role `r` exist for a question about `path` (evaluated where it is held)?
    fn role_exists(&self, r: RoleId, path: &str, ctx: &Context) -> bool {
        let m = self.e.model();
        let role = &m.roles[r.index()];
        let depth = segments(path).len() - 1;
        if role.depth > depth {
            return false;
        }
        let attrs = self.attrs(&prefix(path, role.depth + 1));
        let f = F { attrs: &attrs, ctx };
        role.when.as_ref().is_none_or(|c| c.eval(&f)) && m.levels[role.level.index()].when.as_ref().is_none_or(|c| c.eval(&f))
    }

    /// Roles held by `user` on `path`'s path: (role, scope).
    fn held(&self, user: &str, path: &str) -> Vec<(RoleId, String)> {
        let m = self.e.model();
        let n = segments(path).len();
        let mut out = Vec::new();
        for (u, r, s) in &self.assignments {
            if u == user && (1..=n).any(|k| prefix(path, k) == *s) {
                out.push((m.role(r).unwrap(), s.clone()));
            }
        }
        for g in &m.groups {
            let Some(def) = g.default else { continue };
            if g.depth >= n {
                continue;
            }
            let at = prefix(path, g.depth + 1);
            let level = &m.levels[m.roles[def.index()].level.index()];
            let attrs = self.attrs(&at);
            let exists = level.when.as_ref().is_none_or(|c| c.eval(&F { attrs: &attrs, ctx: &Context::default() }));
            let has_one = self.assignments.iter().any(|(u, r, s)| u == user && *s == at && g.roles.contains(&m.role(r).unwrap()));
            if exists && self.is_member(user, &at) && !has_one {
                out.push((def, at));
            }
        }
        out
    }

    /// Whether some held role reaches a role granting `p`, through roles that exist.
    fn granted(&self, user: &str, p: PermId, path: &str, ctx: &Context) -> bool {
        let m = self.e.model();
        for (r, _) in self.held(user, path) {
            let mut stack = vec![r];
            let mut seen = vec![false; m.roles.len()];
            while let Some(x) = stack.pop() {
                if seen[x.index()] || !self.role_exists(x, path, ctx) {
                    continue;
                }
                seen[x.index()] = true;
                if m.roles[x.index()].grants.contains(&p) {
                    return true;
                }
                stack.extend(m.roles[x.index()].inherits.iter().copied());
            }
        }
        false
    }

    /// `None` when the engine would throw (unknown permission, level mismatch).
    pub fn holds(&self, user: &str, perm: &str, path: &str, ctx: &Context) -> Option<bool> {
        let m = self.e.model();
        let p = m.perm(perm)?;
        if !self.scopes.iter().any(|s| s == path) {
            return Some(false);
        }
        let depth = segments(path).len() - 1;
        if let Some(l) = m.perms[p.index()].level {
            if m.levels[l.index()].depth != depth {
                return None;
            }
        }
        Some(self.holds_at(user, p, path, ctx))
    }

    fn holds_at(&self, user: &str, p: PermId, path: &str, ctx: &Context) -> bool {
        let m = self.e.model();
        let known_user = self.members.iter().any(|(_, us)| us.iter().any(|u| u == user)) || self.assignments.iter().any(|(u, _, _)| u == user);
        if !known_user {
            return false;
        }
        let attrs = self.attrs(path);
        let available = m.perms[p.index()].when.as_ref().is_none_or(|c| c.eval(&F { attrs: &attrs, ctx }));
        if !available || !self.granted(user, p, path, ctx) {
            return false;
        }
        let depth = segments(path).len() - 1;
        m.perms[p.index()].requires.iter().all(|&q| match m.perms[q.index()].level.map(|l| m.levels[l.index()].depth) {
            None => self.holds_at(user, q, path, ctx),
            Some(d) if d <= depth => self.holds_at(user, q, &prefix(path, d + 1), ctx),
            Some(_) => false,
        })
    }

    pub fn users(&self) -> Vec<String> {
        let mut us: Vec<String> = self.members.iter().flat_map(|(_, us)| us.clone()).chain(self.assignments.iter().map(|(u, _, _)| u.clone())).collect();
        us.sort();
        us.dedup();
        us
    }

    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }
}

/// Compares the engine with the reference on every (user, permission, scope) of its directory,
/// in `ctx`; returns the disagreements.
pub fn compare_all(e: &Engine, ctx: &Context) -> (usize, Vec<String>) {
    let r = Reference::new(e);
    let mut n = 0;
    let mut bad = Vec::new();
    let users = r.users();
    for user in users.iter().map(String::as_str).chain(["nobody"]) {
        for scope in r.scopes() {
            for p in &e.model().perms {
                let want = r.holds(user, &p.id, scope, ctx);
                let got = e.check(user, &p.id, scope, Some(ctx)).ok();
                n += 1;
                if want != got {
                    bad.push(format!("{user} {} {scope}: engine {got:?}, reference {want:?}", p.id));
                }
            }
        }
    }
    (n, bad)
}
