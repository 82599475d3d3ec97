//! What a model change does: every answer that differs between two compiled models over one
//! directory (who gains and who loses which permission where, and through which roles), or,
//! without a directory, what each role gains or loses at each level (the role matrix's
//! difference, per level).
//!
//! Over a directory the work follows the change, not the directory's size. The two models are
//! compared first, role by role: a role *reaches* a change when its grants at some depth differ
//! (inheritance closed, conditional parts included), when a role its grants depend on exists
//! under another condition, or when it may grant a permission whose own rule differs (level,
//! condition, prerequisites); a group reaches it when it differs (roles, default) or its default
//! does. Only users holding such a role on a scope's path, or holding such a group's default
//! there, can answer differently at that scope, so only the subtrees under those holdings are
//! visited, and there only those users are asked, each once per scope for every permission at
//! once (`holding`). Members who hold nothing but defaults on a path answer alike: one of them
//! is asked for all. A change of the levels themselves (ids, depths, attributes) reaches every
//! role and group.
//!
//! The directory is read against the before model (or, when that refuses it, the after model)
//! and carried over to the other one with the same numbers; an assignment the other model
//! cannot hold (a role it lacks, or of another level) is left out there and listed in `ignored`.

use rolecascade_runtime::bits::Bits;
use rolecascade_runtime::cond::Cond;
use rolecascade_runtime::context::Context;
use rolecascade_runtime::directory::{Directory, ScopeId, UserId};
use rolecascade_runtime::error::{Code, Error, Result};
use rolecascade_runtime::eval::Eval;
use rolecascade_runtime::explain::GrantPath;
use rolecascade_runtime::model::{Eff, Group, Model};
use rolecascade_runtime::{PermId, RoleId};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::VecDeque;

/// A way a permission is held: a role held at a scope (as a group's default, or assigned), and
/// the inheritance chain from it to the role that grants the permission directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Path {
    pub role: String,
    pub scope: String,
    pub via: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
}

/// A permission a user holds after the change and not before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Gained {
    pub user: String,
    pub permission: String,
    pub scope: String,
    /// The grant paths that make the difference: those the before model did not have, or every
    /// one when the paths are the same and a condition or prerequisite made the difference.
    pub via: Vec<Path>,
}

/// A permission a user held before the change and no longer holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Lost {
    pub user: String,
    pub permission: String,
    pub scope: String,
    /// The grant paths that held it and are gone (every one, when they remain and a condition or
    /// prerequisite made the difference).
    pub was: Vec<Path>,
}

/// An assignment of the directory that one of the models cannot hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Ignored {
    pub user: String,
    pub role: String,
    pub scope: String,
    /// `"before"` or `"after"`: the model that has no such role at that scope's level.
    pub model: String,
}

/// The difference over a directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    /// Sorted by user, permission, scope.
    pub gained: Vec<Gained>,
    /// Sorted by user, permission, scope.
    pub lost: Vec<Lost>,
    /// How many other answers are the same: every user of the directory, asked every permission
    /// askable at every scope (in either model), less the ones above.
    pub unchanged: u64,
    /// Assignments one model cannot hold, left out of its side.
    pub ignored: Vec<Ignored>,
    /// What the comparison cost: (user, scope) pairs asked of both models, the default holders
    /// answered by one of them, and the scopes visited.
    #[serde(skip)]
    pub cost: Cost,
}

/// What a directory comparison visited (not part of the answer).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    pub scopes: usize,
    pub pairs: usize,
    pub classes: usize,
    /// Whether the levels differ, so that every role reaches the change.
    pub everything: bool,
}

/// A permission a role grants at a level after the change and not before (conditions aside).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleGained {
    pub role: String,
    /// The level of the scopes where it is granted (the role held there or above).
    pub level: String,
    pub permission: String,
    /// Inheritance chains from the role to a role granting it directly, that the before model
    /// did not have (every one when they are the same).
    pub via: Vec<Vec<String>>,
}

/// A permission a role granted at a level before the change and no longer grants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleLost {
    pub role: String,
    pub level: String,
    pub permission: String,
    pub was: Vec<Vec<String>>,
}

/// A condition or prerequisite list that differs: without a directory it cannot be evaluated,
/// so it is shown as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CondChange {
    /// `"permission"` (its `when`), `"prerequisites"` (a permission's `requires`), `"role"`,
    /// `"level"` (their `when`) or `"context"` (a context key's default).
    pub kind: String,
    pub id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The difference without a directory: per role and level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleDiff {
    /// Sorted by role, level (root first), permission.
    pub gained: Vec<RoleGained>,
    pub lost: Vec<RoleLost>,
    /// How many other (role, level, permission) answers are the same: every role, at its level
    /// and each one below, asked every permission askable there (in either model).
    pub unchanged: u64,
    /// Conditions and prerequisites that differ (not evaluated without a directory).
    pub conditions: Vec<CondChange>,
}

/// Either answer, as `Engine.diff` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Answer {
    Directory(Diff),
    Roles(RoleDiff),
}

impl Answer {
    /// Whether anything is gained (the command line's exit code 1).
    pub fn any_gained(&self) -> bool {
        match self {
            Answer::Directory(d) => !d.gained.is_empty(),
            Answer::Roles(r) => !r.gained.is_empty(),
        }
    }

    /// The answer as JSON text.
    pub fn to_json(&self, pretty: bool) -> String {
        let text = if pretty { serde_json::to_string_pretty(self) } else { serde_json::to_string(self) };
        text.unwrap_or_default()
    }
}

/// The difference over a directory (JSON text, flat or nested form) when one is given, else per
/// role and level. `context` is JSON text (a context object), evaluated under each model's keys.
///
/// # Errors
/// As [`diff`].
pub fn diff_any(before: &Model, after: &Model, directory: Option<&str>, context: Option<&str>) -> Result<Answer> {
    match directory {
        Some(text) => diff(before, after, text, context).map(Answer::Directory),
        None => Ok(Answer::Roles(diff_roles(before, after))),
    }
}

/// The difference over a directory given as JSON text. The directory is read against the before
/// model, or the after model when the before one refuses it.
///
/// # Errors
/// The directory's errors against the before model (`invalid_json`, `invalid_directory`,
/// `unknown_role`, ...) when neither model accepts it; `invalid_directory` when a scope does not
/// fit the other model's levels; `invalid_json` or `invalid_context` for the context.
pub fn diff(before: &Model, after: &Model, directory: &str, context: Option<&str>) -> Result<Diff> {
    let (base, base_is_before) = match crate::directory::load(before, directory) {
        Ok(d) => (d, true),
        Err(e) => match crate::directory::load(after, directory) {
            Ok(d) => (d, false),
            Err(_) => return Err(e),
        },
    };
    run(before, after, &base, base_is_before, context)
}

/// The difference over a directory already loaded against the before model (an engine's).
///
/// # Errors
/// `invalid_directory` when a scope does not fit the after model's levels; `invalid_json` or
/// `invalid_context` for the context.
pub fn diff_loaded(before: &Model, after: &Model, directory: &Directory, context: Option<&str>) -> Result<Diff> {
    run(before, after, directory, true, context)
}

// ---- the two models side by side ------------------------------------------------------------

/// Which roles and groups of each model reach the change (by their positions in its lists).
struct Reach {
    roles_b: Vec<bool>,
    roles_a: Vec<bool>,
    groups_b: Vec<bool>,
    groups_a: Vec<bool>,
    everything: bool,
}

/// Permissions and roles of one model matched by id with the other's.
struct Pair<'a> {
    b: &'a Model,
    a: &'a Model,
    perm_ba: Vec<Option<PermId>>,
    perm_ab: Vec<Option<PermId>>,
    role_ba: Vec<Option<RoleId>>,
    /// Whether every permission keeps its number (bits compare as they are).
    same_numbering: bool,
}

impl<'a> Pair<'a> {
    fn new(b: &'a Model, a: &'a Model) -> Pair<'a> {
        let perm_ba: Vec<Option<PermId>> = b.perm_ids().map(|p| a.perm(b.perm_id(p))).collect();
        let same_numbering = b.perms.len() == a.perms.len() && perm_ba.iter().enumerate().all(|(i, q)| q.map(PermId::index) == Some(i));
        Pair {
            b,
            a,
            perm_ba,
            perm_ab: a.perm_ids().map(|p| b.perm(a.perm_id(p))).collect(),
            role_ba: b.role_ids().map(|r| a.role(b.role_id(r))).collect(),
            same_numbering,
        }
    }

    fn pb2a(&self, p: PermId) -> Option<PermId> {
        self.perm_ba.get(p.index()).copied().flatten()
    }

    fn pa2b(&self, p: PermId) -> Option<PermId> {
        self.perm_ab.get(p.index()).copied().flatten()
    }

    fn rb2a(&self, r: RoleId) -> Option<RoleId> {
        self.role_ba.get(r.index()).copied().flatten()
    }

    /// The before model's bits in the after model's numbering; `None` when one of them has no
    /// counterpart.
    fn bits_b2a(&self, bits: &Bits) -> Option<Bits> {
        let mut out = Bits::EMPTY;
        for p in bits.iter() {
            out.set(self.pb2a(p)?);
        }
        Some(out)
    }

    /// Whether the levels are alike where answers depend on them: ids, parents, depths,
    /// attributes (their `when` is compared with the roles).
    fn levels_alike(&self) -> bool {
        self.b.levels.len() == self.a.levels.len()
            && self.b.levels.iter().zip(&self.a.levels).all(|(x, y)| x.id == y.id && x.parent == y.parent && x.scoped == y.scoped && x.depth == y.depth && x.attrs == y.attrs)
    }

    /// Whether the context keys are the same (names and defaults, in order).
    fn context_alike(&self) -> bool {
        self.b.context_keys.len() == self.a.context_keys.len()
            && self.b.context_keys.iter().zip(&self.a.context_keys).all(|(x, y)| x.name == y.name && x.default == y.default)
    }

    /// Which roles of each model reach the change (see the module's documentation).
    fn reach(&self) -> Reach {
        let (b, a) = (self.b, self.a);
        if !self.levels_alike() {
            return Reach { roles_b: vec![true; b.roles.len()], roles_a: vec![true; a.roles.len()], groups_b: vec![true; b.groups.len()], groups_a: vec![true; a.groups.len()], everything: true };
        }
        let ctx_alike = self.context_alike();
        let cond_same = |x: Option<&Cond>, y: Option<&Cond>| x == y && (ctx_alike || !x.is_some_and(Cond::reads_context));
        // Permissions whose own rule differs (or that only one model has).
        let mut perm_b = Bits::EMPTY;
        let mut perm_a = Bits::EMPTY;
        for p in b.perm_ids() {
            let same = self.pb2a(p).is_some_and(|q| {
                let (Some(x), Some(y)) = (b.perm_data(p), a.perm_data(q)) else { return false };
                let req: Option<Vec<PermId>> = x.requires.iter().map(|&r| self.pb2a(r)).collect();
                let same_req = req.is_some_and(|mut r| {
                    let mut s = y.requires.clone();
                    r.sort_unstable();
                    s.sort_unstable();
                    r == s
                });
                x.level == y.level && cond_same(x.when.as_ref(), y.when.as_ref()) && same_req
            });
            if !same {
                perm_b.set(p);
                if let Some(q) = self.pb2a(p) {
                    perm_a.set(q);
                }
            }
        }
        for q in a.perm_ids() {
            if self.pa2b(q).is_none() {
                perm_a.set(q);
            }
        }
        // Roles whose existence differs (their own condition, their level's, their depth): a
        // grant that needs one of them differs.
        let cond_b: Vec<bool> = b
            .role_ids()
            .map(|r| {
                let same = self.rb2a(r).is_some_and(|s| {
                    let (Some(x), Some(y)) = (b.role_data(r), a.role_data(s)) else { return false };
                    let lw = |m: &'a Model, l: rolecascade_runtime::LevelId| m.level(l).and_then(rolecascade_runtime::model::Level::role_when);
                    x.depth == y.depth && cond_same(x.when.as_ref(), y.when.as_ref()) && cond_same(lw(b, x.level), lw(a, y.level))
                });
                !same
            })
            .collect();
        let mut cond_a = vec![true; a.roles.len()];
        for r in b.role_ids() {
            if let (Some(s), Some(&e)) = (self.rb2a(r), cond_b.get(r.index())) {
                if let Some(x) = cond_a.get_mut(s.index()) {
                    *x = e;
                }
            }
        }
        let reach_b: Vec<bool> = b
            .role_ids()
            .map(|r| {
                let Some(s) = self.rb2a(r) else { return true };
                let (Some(row_b), Some(row_a)) = (b.eff.get(r.index()), a.eff.get(s.index())) else { return true };
                row_b.len() != row_a.len()
                    || row_b.iter().zip(row_a).any(|(x, y)| !self.eff_same(x, y, &cond_b))
                    || may_grant(row_b).iter().any(|p| perm_b.has(p))
                    || row_a.iter().any(|e| e.parts.iter().any(|part| part.conds.iter().any(|c| cond_a.get(c.index()) != Some(&false))))
                    || may_grant(row_a).iter().any(|p| perm_a.has(p))
            })
            .collect();
        let mut reach_a: Vec<bool> = vec![true; a.roles.len()];
        for r in b.role_ids() {
            if let (Some(s), Some(&x)) = (self.rb2a(r), reach_b.get(r.index())) {
                if let Some(y) = reach_a.get_mut(s.index()) {
                    *y = x;
                }
            }
        }
        // Groups that differ, or whose default reaches the change: where their default is held
        // (or no longer held), answers may differ.
        let group_same = |gb: &Group, ga: &Group| {
            let roles: Option<Vec<RoleId>> = gb.roles.iter().map(|&r| self.rb2a(r)).collect();
            let same_roles = roles.is_some_and(|mut r| {
                let mut s = ga.roles.clone();
                r.sort_unstable();
                s.sort_unstable();
                r == s
            });
            same_roles && gb.depth == ga.depth && gb.default.map(|d| self.rb2a(d)) == ga.default.map(Some)
        };
        let default_reaches = |g: &Group, reach: &[bool]| g.default.is_some_and(|d| reach.get(d.index()).copied().unwrap_or(true));
        let groups_b: Vec<bool> = b
            .groups
            .iter()
            .map(|gb| default_reaches(gb, &reach_b) || !a.groups.iter().any(|ga| ga.id == gb.id && group_same(gb, ga)))
            .collect();
        let groups_a: Vec<bool> = a
            .groups
            .iter()
            .map(|ga| default_reaches(ga, &reach_a) || !b.groups.iter().any(|gb| gb.id == ga.id && group_same(gb, ga)))
            .collect();
        Reach { roles_b: reach_b, roles_a: reach_a, groups_b, groups_a, everything: false }
    }

    /// Whether a role's grants at one depth are the same in both models: the same unconditional
    /// permissions, and the same conditional parts (by the ids of the roles they need, none of
    /// which exists under another condition).
    fn eff_same(&self, x: &Eff, y: &Eff, cond_changed: &[bool]) -> bool {
        if self.bits_b2a(&x.always) != Some(y.always) || x.parts.len() != y.parts.len() {
            return false;
        }
        x.parts.iter().all(|part| {
            if part.conds.iter().any(|c| cond_changed.get(c.index()) != Some(&false)) {
                return false;
            }
            let conds: Option<Vec<RoleId>> = part.conds.iter().map(|&c| self.rb2a(c)).collect();
            let Some(mut conds) = conds else { return false };
            conds.sort_unstable();
            let bits = self.bits_b2a(&part.bits);
            y.parts.iter().any(|q| {
                let mut qc = q.conds.clone();
                qc.sort_unstable();
                qc == conds && bits == Some(q.bits)
            })
        })
    }
}

/// Every permission a role may grant at some depth (conditions aside).
fn may_grant(row: &[Eff]) -> Bits {
    let mut out = Bits::EMPTY;
    for e in row {
        out.or(&e.always);
        for p in &e.parts {
            out.or(&p.bits);
        }
    }
    out
}

fn count(bits: &Bits) -> u64 {
    bits.iter().count() as u64
}

// ---- over a directory -----------------------------------------------------------------------

/// The base directory carried over to the other model: the same scopes, users and members with
/// the same numbers, and the assignments that model can hold.
fn transfer(from_m: &Model, from: &Directory, to_m: &Model, to_name: &str) -> Result<(Directory, Vec<Ignored>)> {
    let mismatch = || Error::new(Code::InvalidDirectory, "the directory could not be carried over to the other model with the same numbers");
    let mut d = Directory::default();
    for (i, sc) in from.scopes.iter().enumerate() {
        let id = d.add_scope(to_m, &sc.path, Code::InvalidDirectory).map_err(|e| Error { message: format!("the directory does not fit the {to_name} model: {}", e.message), ..e })?;
        if id.index() != i {
            return Err(mismatch());
        }
    }
    for (i, sc) in from.scopes.iter().enumerate() {
        if !sc.alive {
            if let Some(s) = d.scope_at(i as u32) {
                d.remove_subtree(s)?;
            }
        }
    }
    for u in from.user_ids() {
        if d.intern_user(from.user_name(u))? != u {
            return Err(mismatch());
        }
    }
    let mut ignored = Vec::new();
    for s in from.scope_ids() {
        for &u in from.members.get(s.index()).map(Vec::as_slice).unwrap_or(&[]) {
            d.add_member(s, u)?;
        }
        let depth = from.scope(s).map_or(usize::MAX, |x| x.depth);
        for &(u, r) in from.by_scope.get(s.index()).map(Vec::as_slice).unwrap_or(&[]) {
            let role = from_m.role_id(r);
            match to_m.role(role).filter(|&x| to_m.role_data(x).is_some_and(|x| x.depth == depth)) {
                Some(x) => {
                    d.insert_assignment(u, s, x)?;
                }
                None => ignored.push(Ignored { user: from.user_name(u).to_string(), role: role.to_string(), scope: from.scope_path(s).to_string(), model: to_name.to_string() }),
            }
        }
    }
    Ok((d, ignored))
}

fn context(m: &Model, text: Option<&str>) -> Result<Context> {
    match text {
        None => Ok(Context::defaults(m)),
        Some(t) => crate::output::context_from_json(m, t),
    }
}

fn path_of(g: GrantPath) -> Path {
    Path { role: g.role, scope: g.scope, via: g.via, default: g.default }
}

/// The paths of `new` that `old` does not have, or all of `new` when there are none.
fn difference(new: Vec<GrantPath>, old: &[GrantPath]) -> Vec<Path> {
    let fresh: Vec<&GrantPath> = new.iter().filter(|g| !old.contains(g)).collect();
    if fresh.is_empty() {
        new.into_iter().map(path_of).collect()
    } else {
        fresh.into_iter().cloned().map(path_of).collect()
    }
}

struct Run<'a> {
    p: Pair<'a>,
    eb: &'a Eval<'a>,
    ea: &'a Eval<'a>,
    base: &'a Directory,
    gained: Vec<Gained>,
    lost: Vec<Lost>,
    cost: Cost,
}

impl Run<'_> {
    /// Asks both models what `rep` holds at `s` and records every difference for each of
    /// `users` (who all answer as `rep` does).
    fn compare(&mut self, rep: UserId, users: &[UserId], s: ScopeId) {
        let hb = self.eb.holding(rep, s);
        let ha = self.ea.holding(rep, s);
        if self.p.same_numbering && hb == ha {
            return;
        }
        let scope = self.base.scope_path(s);
        let name = |u: UserId| self.base.user_name(u).to_string();
        for p in hb.iter() {
            let q = self.p.pb2a(p);
            if q.is_some_and(|q| ha.has(q)) {
                continue;
            }
            let old = self.eb.grant_paths(rep, p, s);
            let new = q.map(|q| self.ea.grant_paths(rep, q, s)).unwrap_or_default();
            let was = difference(old, &new);
            let permission = self.p.b.perm_id(p);
            for &u in users {
                self.lost.push(Lost { user: name(u), permission: permission.to_string(), scope: scope.to_string(), was: was.clone() });
            }
        }
        for q in ha.iter() {
            let p = self.p.pa2b(q);
            if p.is_some_and(|p| hb.has(p)) {
                continue;
            }
            let new = self.ea.grant_paths(rep, q, s);
            let old = p.map(|p| self.eb.grant_paths(rep, p, s)).unwrap_or_default();
            let via = difference(new, &old);
            let permission = self.p.a.perm_id(q);
            for &u in users {
                self.gained.push(Gained { user: name(u), permission: permission.to_string(), scope: scope.to_string(), via: via.clone() });
            }
        }
    }
}

fn run(before: &Model, after: &Model, base: &Directory, base_is_before: bool, ctx: Option<&str>) -> Result<Diff> {
    let (from_m, to_m, to_name) = if base_is_before { (before, after, "after") } else { (after, before, "before") };
    let (other, ignored) = transfer(from_m, base, to_m, to_name)?;
    let (db, da) = if base_is_before { (base, &other) } else { (&other, base) };
    let (ctx_b, ctx_a) = (context(before, ctx)?, context(after, ctx)?);
    let p = Pair::new(before, after);
    let reach = p.reach();
    let reach_base = if base_is_before { &reach.roles_b } else { &reach.roles_a };
    let eb = Eval { m: before, d: db, ctx: &ctx_b };
    let ea = Eval { m: after, d: da, ctx: &ctx_a };
    let mut run = Run {
        eb: &eb,
        ea: &ea,
        p,
        base,
        gained: Vec::new(),
        lost: Vec::new(),
        cost: Cost { everything: reach.everything, ..Cost::default() },
    };

    // Groups with a default, of either model: their evaluator, and whether the group reaches
    // the change.
    let mut defaults: Vec<(&Eval, &Group, bool)> = Vec::new();
    for (ev, flags) in [(&eb, &reach.groups_b), (&ea, &reach.groups_a)] {
        for (i, g) in ev.m.groups.iter().enumerate() {
            if g.default.is_some() {
                defaults.push((ev, g, flags.get(i).copied().unwrap_or(true)));
            }
        }
    }

    // Where the change can show: below an assignment of a role that reaches it, and below a
    // scope where a default that reaches it is held.
    let n = base.scopes.len();
    let mut root = vec![false; n];
    for s in base.scope_ids() {
        let held = base.by_scope.get(s.index()).is_some_and(|l| l.iter().any(|&(_, r)| reach_base.get(r.index()).copied().unwrap_or(true)));
        if held {
            if let Some(x) = root.get_mut(s.index()) {
                *x = true;
            }
        }
    }
    for &(ev, g, reaches) in &defaults {
        let Some(def) = g.default.filter(|_| reaches) else { continue };
        for s in base.scope_ids() {
            let at = base.scope(s).is_some_and(|x| x.depth == g.depth);
            if at && base.members.get(s.index()).is_some_and(|l| !l.is_empty()) && ev.level_exists_at(def, s) {
                if let Some(x) = root.get_mut(s.index()) {
                    *x = true;
                }
            }
        }
    }
    let mut seen = vec![false; n];
    let mut queue: VecDeque<ScopeId> = base.scope_ids().filter(|s| root.get(s.index()) == Some(&true)).collect();
    let users = base.users.len();
    // Per user: the scope (numbered from 1) at which they were last seen holding an assignment
    // on the path, reaching the change, and their membership mask among default holders.
    let (mut on_path, mut hot, mut mask_at) = (vec![0u32; users], vec![0u32; users], vec![0u32; users]);
    let mut mask = vec![0u8; users];
    let mut stamp = 0u32;
    while let Some(s) = queue.pop_front() {
        match seen.get_mut(s.index()) {
            Some(x) if !*x => *x = true,
            _ => continue,
        }
        let Some(scope) = base.scope(s) else { continue };
        queue.extend(scope.children.iter().copied());
        run.cost.scopes += 1;
        stamp += 1;
        let depth = scope.depth;
        // Users holding an assignment on the path; those of a role that reaches the change.
        let mut assigned: Vec<UserId> = Vec::new();
        for d in 0..=depth {
            let Some(a) = base.ancestor(s, d) else { continue };
            for &(u, r) in base.by_scope.get(a.index()).map(Vec::as_slice).unwrap_or(&[]) {
                if let Some(x) = on_path.get_mut(u.index()) {
                    if *x != stamp {
                        *x = stamp;
                        assigned.push(u);
                    }
                }
                if reach_base.get(r.index()).copied().unwrap_or(true) {
                    if let Some(x) = hot.get_mut(u.index()) {
                        *x = stamp;
                    }
                }
            }
        }
        // Depths of the defaults that may be held on this path; the defaults that reach the
        // change and exist where they would be held, with that scope.
        let mut depths: Vec<usize> = defaults.iter().filter(|(_, g, _)| g.depth <= depth).map(|(_, g, _)| g.depth).collect();
        depths.sort_unstable();
        depths.dedup();
        let hot_groups: Vec<(&Eval, &Group, ScopeId)> = defaults
            .iter()
            .filter(|(_, g, reaches)| *reaches && g.depth <= depth)
            .filter_map(|&(ev, g, _)| {
                let a = base.ancestor(s, g.depth)?;
                ev.level_exists_at(g.default?, a).then_some((ev, g, a))
            })
            .collect();
        let hot_depths: u8 = hot_groups.iter().fold(0, |m, (_, g, _)| m | bit(&depths, g.depth));
        // An assigned user holds such a default when a member there without a role of its group.
        for &u in &assigned {
            let holds_default = hot_groups.iter().any(|&(ev, g, a)| {
                base.is_member(u, a) && !ev.d.by_user.get(u.index()).iter().any(|&(x, r)| x == a && g.roles.contains(&r))
            });
            if holds_default {
                if let Some(x) = hot.get_mut(u.index()) {
                    *x = stamp;
                }
            }
        }
        for &u in &assigned {
            if hot.get(u.index()) == Some(&stamp) {
                run.cost.pairs += 1;
                run.compare(u, &[u], s);
            }
        }
        if hot_depths == 0 {
            continue;
        }
        // Members holding nothing but defaults on this path, grouped by which defaults.
        let mut holders: Vec<UserId> = Vec::new();
        for (i, &d) in depths.iter().enumerate() {
            let Some(a) = base.ancestor(s, d) else { continue };
            for &u in base.members.get(a.index()).map(Vec::as_slice).unwrap_or(&[]) {
                if on_path.get(u.index()) == Some(&stamp) {
                    continue;
                }
                let (Some(at), Some(m)) = (mask_at.get_mut(u.index()), mask.get_mut(u.index())) else { continue };
                if *at != stamp {
                    *at = stamp;
                    *m = 0;
                    holders.push(u);
                }
                *m |= 1 << i;
            }
        }
        let mut classes: Vec<(u8, Vec<UserId>)> = Vec::new();
        for u in holders {
            let m = mask.get(u.index()).copied().unwrap_or(0);
            if m & hot_depths == 0 {
                continue;
            }
            match classes.iter_mut().find(|(k, _)| *k == m) {
                Some((_, list)) => list.push(u),
                None => classes.push((m, vec![u])),
            }
        }
        for (_, list) in classes {
            if let Some(&rep) = list.first() {
                run.cost.classes += 1;
                run.compare(rep, &list, s);
            }
        }
    }

    // Every answer: each user, each permission askable at each scope in either model.
    let mut per_depth: Vec<u64> = Vec::new();
    let depths = before.chain.len().max(after.chain.len());
    for d in 0..depths {
        let ab = before.askable.get(d).copied().unwrap_or_default();
        let aa = after.askable.get(d).copied().unwrap_or_default();
        let both = ab.iter().filter(|&p| run.p.pb2a(p).is_some_and(|q| aa.has(q))).count() as u64;
        per_depth.push(count(&ab) + count(&aa) - both);
    }
    let total: u64 = base.scope_ids().filter_map(|s| base.scope(s)).map(|x| per_depth.get(x.depth).copied().unwrap_or(0)).sum::<u64>() * users as u64;
    let Run { mut gained, mut lost, cost, .. } = run;
    let changed = (gained.len() + lost.len()) as u64;
    gained.sort_by(|x, y| (&x.user, &x.permission, &x.scope).cmp(&(&y.user, &y.permission, &y.scope)));
    lost.sort_by(|x, y| (&x.user, &x.permission, &x.scope).cmp(&(&y.user, &y.permission, &y.scope)));
    Ok(Diff { gained, lost, unchanged: total.saturating_sub(changed), ignored, cost })
}

/// The bit of depth `d` among `depths`.
fn bit(depths: &[usize], d: usize) -> u8 {
    depths.iter().position(|&x| x == d).map_or(0, |i| 1 << i)
}

// ---- per role and level ---------------------------------------------------------------------

/// What holding `r` grants at scopes of depth `d`, conditions aside, among the permissions
/// askable there.
fn role_grants(m: &Model, r: RoleId, d: usize) -> Bits {
    let mut out = m.eff.get(r.index()).and_then(|row| row.get(d)).map(|e| may_grant(std::slice::from_ref(e))).unwrap_or_default();
    out.and(&m.askable.get(d).copied().unwrap_or_default());
    out
}

/// Inheritance chains from `r` to each role granting `p` directly, through roles held at depth
/// `d` or above: breadth first, so each is a shortest one.
fn chains(m: &Model, r: RoleId, d: usize, p: PermId) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let n = m.roles.len();
    let mut parent: Vec<Option<RoleId>> = vec![None; n];
    let mut seen = vec![false; n];
    if let Some(x) = seen.get_mut(r.index()) {
        *x = true;
    }
    let mut queue = VecDeque::from([r]);
    while let Some(x) = queue.pop_front() {
        let Some(role) = m.role_data(x) else { continue };
        if role.grant_bits.has(p) {
            let mut chain = vec![m.role_id(x).to_string()];
            let mut cur = x;
            while let Some(Some(prev)) = parent.get(cur.index()) {
                chain.push(m.role_id(*prev).to_string());
                cur = *prev;
            }
            chain.reverse();
            out.push(chain);
        }
        for &k in &role.inherits {
            let deep_enough = m.role_data(k).is_some_and(|y| y.depth <= d);
            if deep_enough && seen.get(k.index()) == Some(&false) {
                if let Some(y) = seen.get_mut(k.index()) {
                    *y = true;
                }
                if let Some(y) = parent.get_mut(k.index()) {
                    *y = Some(x);
                }
                queue.push_back(k);
            }
        }
    }
    out
}

/// The chains of `new` that `old` does not have, or all of `new` when there are none.
fn chain_difference(new: Vec<Vec<String>>, old: &[Vec<String>]) -> Vec<Vec<String>> {
    let fresh: Vec<Vec<String>> = new.iter().filter(|c| !old.contains(c)).cloned().collect();
    if fresh.is_empty() {
        new
    } else {
        fresh
    }
}

/// The difference per role and level, conditions aside (those that differ are listed).
pub fn diff_roles(before: &Model, after: &Model) -> RoleDiff {
    let p = Pair::new(before, after);
    let mut roles: Vec<&str> = before.roles.iter().chain(&after.roles).map(|r| r.id.as_str()).collect();
    roles.sort_unstable();
    roles.dedup();
    // The scoped levels of both, the before model's order first.
    let mut levels: Vec<&str> = before.chain.iter().filter_map(|&l| before.level(l)).map(|l| l.id.as_str()).collect();
    for l in after.chain.iter().filter_map(|&l| after.level(l)) {
        if !levels.contains(&l.id.as_str()) {
            levels.push(l.id.as_str());
        }
    }
    let depth_in = |m: &Model, level: &str| m.chain.iter().position(|&l| m.level(l).is_some_and(|x| x.id == level));
    let (mut gained, mut lost, mut compared) = (Vec::new(), Vec::new(), 0u64);
    for role in &roles {
        let (rb, ra) = (before.role(role), after.role(role));
        for level in &levels {
            let (db, da) = (depth_in(before, level), depth_in(after, level));
            let held_b = rb.zip(db).filter(|(r, d)| before.role_data(*r).is_some_and(|x| x.depth <= *d));
            let held_a = ra.zip(da).filter(|(r, d)| after.role_data(*r).is_some_and(|x| x.depth <= *d));
            if held_b.is_none() && held_a.is_none() {
                continue;
            }
            let askable_b = db.and_then(|d| before.askable.get(d)).copied().unwrap_or_default();
            let askable_a = da.and_then(|d| after.askable.get(d)).copied().unwrap_or_default();
            let both = askable_b.iter().filter(|&x| p.pb2a(x).is_some_and(|q| askable_a.has(q))).count() as u64;
            compared += count(&askable_b) + count(&askable_a) - both;
            let gb = held_b.map(|(r, d)| role_grants(before, r, d)).unwrap_or_default();
            let ga = held_a.map(|(r, d)| role_grants(after, r, d)).unwrap_or_default();
            let mut lost_here: Vec<RoleLost> = Vec::new();
            for x in gb.iter() {
                let q = p.pb2a(x);
                if q.is_some_and(|q| ga.has(q)) {
                    continue;
                }
                let old = held_b.map(|(r, d)| chains(before, r, d, x)).unwrap_or_default();
                let new = held_a.zip(q).map(|((r, d), q)| chains(after, r, d, q)).unwrap_or_default();
                lost_here.push(RoleLost { role: role.to_string(), level: level.to_string(), permission: before.perm_id(x).to_string(), was: chain_difference(old, &new) });
            }
            let mut gained_here: Vec<RoleGained> = Vec::new();
            for q in ga.iter() {
                let x = p.pa2b(q);
                if x.is_some_and(|x| gb.has(x)) {
                    continue;
                }
                let new = held_a.map(|(r, d)| chains(after, r, d, q)).unwrap_or_default();
                let old = held_b.zip(x).map(|((r, d), x)| chains(before, r, d, x)).unwrap_or_default();
                gained_here.push(RoleGained { role: role.to_string(), level: level.to_string(), permission: after.perm_id(q).to_string(), via: chain_difference(new, &old) });
            }
            lost_here.sort_by(|x, y| x.permission.cmp(&y.permission));
            gained_here.sort_by(|x, y| x.permission.cmp(&y.permission));
            lost.extend(lost_here);
            gained.extend(gained_here);
        }
    }
    let changed = (gained.len() + lost.len()) as u64;
    RoleDiff { gained, lost, unchanged: compared.saturating_sub(changed), conditions: conditions(before, after) }
}

/// Conditions and prerequisite lists that differ, as written.
fn conditions(b: &Model, a: &Model) -> Vec<CondChange> {
    let text = |m: &Model, c: Option<&Cond>| c.map(|c| c.describe(&|k| m.context_key_name(k)));
    let mut out = Vec::new();
    let mut push = |kind: &str, id: &str, before: Option<String>, after: Option<String>| {
        if before != after {
            out.push(CondChange { kind: kind.to_string(), id: id.to_string(), before, after });
        }
    };
    for k in &b.context_keys {
        if let Some(y) = a.context_keys.iter().find(|y| y.name == k.name) {
            push("context", &k.name, k.default.clone(), y.default.clone());
        }
    }
    for l in &b.levels {
        if let Some(y) = a.levels.iter().find(|y| y.id == l.id) {
            push("level", &l.id, text(b, l.when.as_ref()), text(a, y.when.as_ref()));
        }
    }
    let requires = |m: &Model, ids: &[PermId]| {
        let mut v: Vec<&str> = ids.iter().map(|&q| m.perm_id(q)).collect();
        v.sort_unstable();
        (!v.is_empty()).then(|| v.join(", "))
    };
    for x in &b.perms {
        if let Some(y) = a.perms.iter().find(|y| y.id == x.id) {
            push("permission", &x.id, text(b, x.when.as_ref()), text(a, y.when.as_ref()));
            push("prerequisites", &x.id, requires(b, &x.requires), requires(a, &y.requires));
        }
    }
    for x in &b.roles {
        if let Some(y) = a.roles.iter().find(|y| y.id == x.id) {
            push("role", &x.id, text(b, x.when.as_ref()), text(a, y.when.as_ref()));
        }
    }
    out
}
