//! Evaluation: does a user hold a permission at a scope. Everything here works on interned ids;
//! the string API lives in `engine`.
//!
//! A user holds permission `p` at scope `s` when
//! 1. `p` is available at `s` (askable at its level, and its `when` holds for `s` and the context),
//! 2. some role the user holds on `s`'s path (assigned at `s` or an ancestor, or a group default
//!    for a member) grants `p` at `s`'s depth, every conditional role on the way existing there,
//! 3. and every prerequisite of `p` holds at the scope of its level on `s`'s path.

use crate::prelude::*;
use crate::bits::Bits;
use crate::ids::{PermId, RoleId};
use crate::model::{Level, Model};
use crate::context::Context;
use crate::cond::Facts;
use crate::directory::{Directory, ScopeClass, ScopeId, UserId};

/// Facts for conditions: a scope's attributes and the request context.
pub struct ScopeFacts<'a> {
    pub class: Option<&'a ScopeClass>,
    pub ctx: &'a Context,
}

impl Facts for ScopeFacts<'_> {
    fn attr(&self, name: &str) -> Option<&str> {
        self.class.and_then(|c| c.attr(name))
    }
    fn context(&self, key: usize) -> Option<&str> {
        self.ctx.get(key)
    }
}

/// A role held by a user on a scope's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub scope: ScopeId,
    pub role: RoleId,
    /// Held as the group default of a member, not by assignment.
    pub default: bool,
}

pub struct Eval<'a> {
    pub m: &'a Model,
    pub d: &'a Directory,
    pub ctx: &'a Context,
}

impl<'a> Eval<'a> {
    pub fn facts(&self, s: ScopeId) -> ScopeFacts<'a> {
        ScopeFacts { class: self.d.class_of(s), ctx: self.ctx }
    }

    /// Whether role `r` exists where it would be held for a question about scope `s`: its own
    /// `when` and its level's, at the ancestor of `s` at the role's depth.
    pub fn role_exists(&self, r: RoleId, s: ScopeId) -> bool {
        let Some(role) = self.m.roles.get(r.index()) else { return false };
        let level_when = self.m.levels.get(role.level.index()).and_then(Level::role_when);
        if role.when.is_none() && level_when.is_none() {
            return true;
        }
        let Some(at) = self.d.ancestor(s, role.depth) else { return false };
        let f = self.facts(at);
        role.when.as_ref().is_none_or(|c| c.eval(&f)) && level_when.is_none_or(|c| c.eval(&f))
    }

    /// Whether `p` is available at `s` in this context.
    pub fn available(&self, p: PermId, s: ScopeId) -> bool {
        let Some(class) = self.d.class_of(s) else { return false };
        if !class.avail.has(p) {
            return false;
        }
        match self.m.perms.get(p.index()).and_then(|x| x.when.as_ref()) {
            Some(w) if w.reads_context() => w.eval(&self.facts(s)),
            _ => true,
        }
    }

    /// Whether role `r`, held on the path, may grant `p` at scopes of `depth` (conditions aside).
    pub fn may_grant(&self, r: RoleId, depth: usize, p: PermId) -> bool {
        self.m.eff.get(r.index()).and_then(|row| row.get(depth)).is_some_and(|e| e.always.has(p) || e.parts.iter().any(|x| x.bits.has(p)))
    }

    /// Calls `f` for every role the user holds on `s`'s path, nearest scope last.
    pub fn for_each_held(&self, u: UserId, s: ScopeId, f: impl FnMut(Held) -> bool) -> bool {
        self.for_each_held_for(u, s, None, f)
    }

    /// As [`Eval::for_each_held`]; with `want`, group defaults that cannot grant that permission
    /// are skipped before their membership and level checks (the hot path of a denial).
    fn for_each_held_for(&self, u: UserId, s: ScopeId, want: Option<PermId>, mut f: impl FnMut(Held) -> bool) -> bool {
        let Some(scope) = self.d.scope(s) else { return false };
        // A user's assignments are sorted by scope: one binary search per scope on the path,
        // however many assignments the user has elsewhere.
        for &a in scope.anc.get(..=scope.depth).unwrap_or(&[]) {
            for &(_, r) in self.d.held_at(u, a) {
                if f(Held { scope: a, role: r, default: false }) {
                    return true;
                }
            }
        }
        for g in &self.m.groups {
            let Some(def) = g.default else { continue };
            if g.depth > scope.depth || want.is_some_and(|p| !self.may_grant(def, scope.depth, p)) {
                continue;
            }
            let Some(a) = self.d.ancestor(s, g.depth) else { continue };
            if !self.d.is_member(u, a) || !self.level_exists_at(def, a) {
                continue;
            }
            let has_one = self.d.held_at(u, a).iter().any(|&(_, r)| g.roles.contains(&r));
            if !has_one && f(Held { scope: a, role: def, default: true }) {
                return true;
            }
        }
        false
    }

    /// Whether the level of role `r` exists at scope `a` (where the role would be assigned).
    pub fn level_exists_at(&self, r: RoleId, a: ScopeId) -> bool {
        let Some(level) = self.m.roles.get(r.index()).and_then(|x| self.m.levels.get(x.level.index())) else { return false };
        level.role_when().is_none_or(|c| c.eval(&self.facts(a)))
    }

    fn parts_hold(&self, conds: &[RoleId], s: ScopeId) -> bool {
        conds.iter().all(|&c| self.role_exists(c, s))
    }

    /// Whether some role held on the path grants `p` at `s`.
    pub fn granted(&self, u: UserId, p: PermId, s: ScopeId) -> bool {
        let Some(depth) = self.d.scope(s).map(|x| x.depth) else { return false };
        self.for_each_held_for(u, s, Some(p), |h| {
            let Some(e) = self.m.eff.get(h.role.index()).and_then(|row| row.get(depth)) else { return false };
            e.always.has(p) || e.parts.iter().any(|part| part.bits.has(p) && self.parts_hold(&part.conds, s))
        })
    }

    /// Everything granted at `s` (before availability and prerequisites).
    pub fn granted_bits(&self, u: UserId, s: ScopeId) -> Bits {
        let mut bits = Bits::EMPTY;
        let Some(depth) = self.d.scope(s).map(|x| x.depth) else { return bits };
        self.for_each_held(u, s, |h| {
            if let Some(e) = self.m.eff.get(h.role.index()).and_then(|row| row.get(depth)) {
                bits.or(&e.always);
                for part in &e.parts {
                    if self.parts_hold(&part.conds, s) {
                        bits.or(&part.bits);
                    }
                }
            }
            false
        });
        bits
    }

    /// The scope of `q`'s level on `s`'s path (`s` itself for a level-free permission): where a
    /// prerequisite of a permission asked at `s` is evaluated, and where an action on `s` gated
    /// by `q` is decided.
    pub fn scope_of(&self, q: PermId, s: ScopeId) -> Option<ScopeId> {
        match self.m.perm_depth(q) {
            None => Some(s),
            Some(d) => self.d.ancestor(s, d),
        }
    }

    /// The first prerequisite of `p` not held, if any.
    pub fn missing_prereq(&self, u: UserId, p: PermId, s: ScopeId) -> Option<(PermId, Option<ScopeId>)> {
        let perm = self.m.perms.get(p.index())?;
        for &q in &perm.requires {
            match self.scope_of(q, s) {
                Some(qs) if self.holds(u, q, qs) => {}
                qs => return Some((q, qs)),
            }
        }
        None
    }

    /// The whole rule: available, granted, prerequisites held.
    pub fn holds(&self, u: UserId, p: PermId, s: ScopeId) -> bool {
        self.available(p, s) && self.granted(u, p, s) && (!self.m.with_prereqs.has(p) || self.missing_prereq(u, p, s).is_none())
    }

    /// Every permission askable at `s` that the user holds there.
    pub fn holding(&self, u: UserId, s: ScopeId) -> Bits {
        let Some(class) = self.d.class_of(s) else { return Bits::EMPTY };
        let mut bits = self.granted_bits(u, s);
        bits.and(&class.avail);
        for &p in &self.m.dynamic {
            if bits.has(p) && !self.available(p, s) {
                bits.clear(p);
            }
        }
        let mut with = bits;
        with.and(&self.m.with_prereqs);
        for p in with.iter() {
            if self.missing_prereq(u, p, s).is_some() {
                bits.clear(p);
            }
        }
        bits
    }

    /// Users who may hold `p` at `s`: assigned there or above, or members of a scope where a
    /// group default that may grant `p` applies (every member of a studio subscription is a
    /// candidate for a Studio feature, none for a Management Console module).
    pub fn candidates(&self, s: ScopeId, p: PermId) -> Vec<UserId> {
        let mut out = Vec::new();
        let Some(scope) = self.d.scope(s) else { return out };
        for d in 0..=scope.depth {
            let Some(a) = self.d.ancestor(s, d) else { continue };
            if let Some(list) = self.d.by_scope.get(a.index()) {
                out.extend(list.iter().map(|&(u, _)| u));
            }
            let default_may_grant = |g: &crate::model::Group| g.default.is_some_and(|r| self.may_grant(r, scope.depth, p));
            if self.m.groups.iter().any(|g| g.depth == d && default_may_grant(g)) {
                if let Some(ms) = self.d.members.get(a.index()) {
                    out.extend(ms.iter().copied());
                }
            }
        }
        let mut ids: Vec<u32> = out.iter().map(|u| u.number()).collect();
        crate::sort::sort(&mut ids, &|a, b| a < b);
        ids.dedup();
        ids.into_iter().map(UserId).collect()
    }
}
