//! Why a decision is what it is: every grant path for an allowed one, the precise reason for a
//! denied one. Slower than `eval` (it walks inheritance), and only asked for by people.

use crate::prelude::*;
use crate::msg;
use crate::ids::{PermId, RoleId};
use crate::cond::Subject;
use crate::directory::{ScopeId, UserId};
use crate::error::shown;
use crate::eval::{Eval, Held};

/// One way a permission is granted: a role held at a scope, and the inheritance chain from it to
/// the role that grants the permission directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantPath {
    pub user: String,
    pub role: String,
    pub scope: String,
    pub via: Vec<String>,
    /// `true` when the role is held as a group's default (a member with no profile).
    pub default: bool,
}

/// Why a decision was denied, for programs (`reason` is for people).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denial {
    UnknownScope,
    UnknownUser,
    Unavailable,
    NoGrant,
    RoleUnavailable,
    Prerequisite,
    NotAllowed,
    SelfAssignment,
    NotAMember,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub grants: Vec<GrantPath>,
    pub reason: String,
    pub denial: Option<Denial>,
}

/// What decides a question, before it is put in words (see [`Eval::finding`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The permission is not available at the scope.
    Unavailable,
    /// No path grants it, but one would through this role, which does not exist at the scope,
    /// from this held role.
    RoleUnavailable(RoleId, Held),
    /// No path grants it: the roles held on the path.
    NoGrant(Vec<Held>),
    /// Granted, but the prerequisite is not held (at that scope, or there is none of its level).
    Prerequisite(PermId, Option<ScopeId>, Vec<(Held, Vec<RoleId>)>),
    /// Granted: each held role with its chain to a direct grant.
    Allowed(Vec<(Held, Vec<RoleId>)>),
}

impl Denial {
    pub fn as_str(self) -> &'static str {
        match self {
            Denial::UnknownScope => "unknown_scope",
            Denial::UnknownUser => "unknown_user",
            Denial::Unavailable => "unavailable",
            Denial::NoGrant => "no_grant",
            Denial::RoleUnavailable => "role_unavailable",
            Denial::Prerequisite => "prerequisite",
            Denial::NotAllowed => "not_allowed",
            Denial::SelfAssignment => "self_assignment",
            Denial::NotAMember => "not_a_member",
        }
    }
}

impl Decision {
    pub fn deny(denial: Denial, reason: String) -> Decision {
        Decision { allowed: false, grants: Vec::new(), reason, denial: Some(denial) }
    }
}

/// The lists a walk works in ([`Eval::find`]), kept by a caller that asks many questions, so
/// that a question allocates nothing once they have grown: the roles held on the path, and the
/// grant chains found (each a held role and the length of its chain, the chains' roles one after
/// another in `roles`).
#[derive(Debug, Default)]
pub struct Room {
    parent: Vec<u16>,
    queue: Vec<RoleId>,
    pub held: Vec<Held>,
    pub chains: Vec<(Held, usize)>,
    roles: Vec<RoleId>,
}

impl Room {
    /// The chains found, each with its roles (from the held role to the one that grants).
    pub fn chains(&self) -> impl Iterator<Item = (Held, &[RoleId])> + '_ {
        let mut at = 0;
        self.chains.iter().map(move |&(h, n)| {
            let roles = self.roles.get(at..at + n).unwrap_or(&[]);
            at += n;
            (h, roles)
        })
    }

    fn owned_chains(&self) -> Vec<(Held, Vec<RoleId>)> {
        self.chains().map(|(h, roles)| (h, roles.to_vec())).collect()
    }
}

/// [`Finding`] with its lists left in the [`Room`] of the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Unavailable,
    RoleUnavailable(RoleId, Held),
    /// The roles held on the path: the room's `held`.
    NoGrant,
    /// The chains: the room's.
    Prerequisite(PermId, Option<ScopeId>),
    /// The chains: the room's.
    Allowed,
}

impl Eval<'_> {
    /// Chains from held role `h` to every role that grants `p` directly at `s` (at depth
    /// `depth`), walking only through roles that exist there, added to the room's chains.
    /// Breadth first, so each chain is a shortest one.
    fn chains_into(&self, h: Held, p: PermId, s: ScopeId, depth: usize, room: &mut Room) {
        const UNSEEN: u16 = u16::MAX;
        const ROOT: u16 = u16::MAX - 1;
        // A role whose every inherited grant here (conditions aside) misses `p` has no chain.
        if !self.may_grant(h.role, depth, p) || !self.role_exists(h.role, s) {
            return;
        }
        let Room { parent, queue, chains, roles, .. } = room;
        parent.clear();
        parent.resize(self.m.roles.len(), UNSEEN);
        queue.clear();
        queue.push(h.role);
        if let Some(x) = parent.get_mut(h.role.index()) {
            *x = ROOT;
        }
        let mut next = 0;
        while let Some(&r) = queue.get(next) {
            next += 1;
            let Some(role) = self.m.roles.get(r.index()) else { continue };
            if role.grant_bits.has(p) {
                // The chain read from the granting role up, then put the right way round.
                let start = roles.len();
                roles.push(r);
                let mut cur = r;
                while let Some(&up) = parent.get(cur.index()).filter(|&&x| x < ROOT) {
                    cur = RoleId(up);
                    roles.push(cur);
                }
                if let Some(chain) = roles.get_mut(start..) {
                    chain.reverse();
                }
                chains.push((h, roles.len() - start));
            }
            for &k in &role.inherits {
                let deep_enough = self.m.roles.get(k.index()).is_some_and(|x| x.depth <= depth);
                if parent.get(k.index()) == Some(&UNSEEN) && deep_enough && self.may_grant(k, depth, p) && self.role_exists(k, s) {
                    if let Some(x) = parent.get_mut(k.index()) {
                        *x = r.0;
                    }
                    queue.push(k);
                }
            }
        }
    }

    /// Every grant path of `p` at `s` for user `u` (availability and prerequisites aside): each
    /// role held on the path with a chain from it to a role that grants `p` directly.
    pub fn grant_chains(&self, u: UserId, p: PermId, s: ScopeId) -> Vec<(Held, Vec<RoleId>)> {
        let mut room = Room::default();
        self.chains_and_held(u, p, s, &mut room);
        room.owned_chains()
    }

    /// [`Eval::grant_chains`], and the roles held on the path, in one walk: into `room`.
    fn chains_and_held(&self, u: UserId, p: PermId, s: ScopeId, room: &mut Room) {
        room.held.clear();
        room.chains.clear();
        room.roles.clear();
        let Some(depth) = self.d.scope(s).map(|x| x.depth) else { return };
        self.for_each_held(u, s, |h| {
            self.chains_into(h, p, s, depth, room);
            room.held.push(h);
            false
        });
    }

    /// [`Eval::grant_chains`] with names.
    pub fn grant_paths(&self, u: UserId, p: PermId, s: ScopeId) -> Vec<GrantPath> {
        self.named(u, self.grant_chains(u, p, s))
    }

    fn named(&self, u: UserId, chains: Vec<(Held, Vec<RoleId>)>) -> Vec<GrantPath> {
        chains
            .into_iter()
            .map(|(h, chain)| GrantPath {
                user: self.d.user_name(u).to_string(),
                role: self.m.role_id(h.role).to_string(),
                scope: self.d.scope_path(h.scope).to_string(),
                via: chain.iter().map(|&r| self.m.role_id(r).to_string()).collect(),
                default: h.default,
            })
            .collect()
    }

    /// What a condition saw: `service = automation, launchedFrom absent`.
    fn saw(&self, subjects: &[Subject], s: ScopeId) -> String {
        let f = self.facts(s);
        let parts: Vec<String> = subjects
            .iter()
            .map(|sub| {
                let (name, value) = match sub {
                    Subject::Attr(a) => (a.clone(), crate::cond::Facts::attr(&f, a).map(str::to_string)),
                    Subject::Context(k) => (self.m.context_key_name(*k), self.ctx.get(*k).map(str::to_string)),
                };
                match value {
                    Some(v) => msg!(name, " = ", shown(&v)),
                    None => msg!(name, " absent"),
                }
            })
            .collect();
        parts.join(", ")
    }

    pub(crate) fn describe_role_condition(&self, r: RoleId, s: ScopeId) -> String {
        let Some(role) = self.m.roles.get(r.index()) else { return String::new() };
        let at = self.d.ancestor(s, role.depth).unwrap_or(s);
        let mut subjects = Vec::new();
        let mut texts = Vec::new();
        let level_when = self.m.levels.get(role.level.index()).and_then(crate::model::Level::role_when);
        for c in role.when.iter().chain(level_when) {
            c.subjects(&mut subjects);
            texts.push(c.describe(&|k| self.m.context_key_name(k)));
        }
        msg!(texts.join(" and "), " (saw ", self.saw(&subjects, at), ")")
    }

    /// What decides whether `u` holds `p` at `s`, in numbers: [`Eval::explain`] puts it in words.
    /// The scope and permission are known and of matching level.
    pub fn finding(&self, u: UserId, p: PermId, s: ScopeId) -> Finding {
        let mut room = Room::default();
        match self.find(u, p, s, &mut room) {
            Found::Unavailable => Finding::Unavailable,
            Found::RoleUnavailable(r, h) => Finding::RoleUnavailable(r, h),
            Found::NoGrant => Finding::NoGrant(room.held),
            Found::Prerequisite(q, qs) => Finding::Prerequisite(q, qs, room.owned_chains()),
            Found::Allowed => Finding::Allowed(room.owned_chains()),
        }
    }

    /// [`Eval::finding`], its lists left in `room` (which a caller asking many questions keeps).
    pub fn find(&self, u: UserId, p: PermId, s: ScopeId, room: &mut Room) -> Found {
        if !self.available(p, s) {
            return Found::Unavailable;
        }
        self.chains_and_held(u, p, s, room);
        if room.chains.is_empty() {
            // Would a role that does not exist here have granted it?
            return match room.held.iter().find_map(|&h| self.blocking_role(h, p, s).map(|r| (r, h))) {
                Some((r, h)) => Found::RoleUnavailable(r, h),
                None => Found::NoGrant,
            };
        }
        match self.missing_prereq(u, p, s) {
            Some((q, qs)) => Found::Prerequisite(q, qs),
            None => Found::Allowed,
        }
    }

    /// The full decision for `u` holding `p` at `s`. The scope and permission are known and of
    /// matching level; the user may be unknown.
    pub fn explain(&self, user: &str, u: Option<UserId>, p: PermId, s: ScopeId) -> Decision {
        // Every id in a reason is shown escaped: a reason is safe to show as it is.
        let pid = self.m.perm_id(p);
        let path = shown(self.d.scope_path(s));
        let user = shown(user);
        let Some(u) = u else {
            return Decision::deny(Denial::UnknownUser, msg!("user '", user, "' is not in the directory"));
        };
        let at = |h: Held| msg!(self.m.role_id(h.role), " at '", shown(self.d.scope_path(h.scope)), "'");
        match self.finding(u, p, s) {
            Finding::Unavailable => {
                let mut subjects = Vec::new();
                let reason = match self.m.perms.get(p.index()).and_then(|x| x.when.as_ref()) {
                    Some(w) => {
                        w.subjects(&mut subjects);
                        msg!("'", pid, "' is not available at '", path, "': it needs ", w.describe(&|k| self.m.context_key_name(k)), " (saw ", self.saw(&subjects, s), ")")
                    }
                    None => msg!("'", pid, "' is not available at '", path, "'"),
                };
                Decision::deny(Denial::Unavailable, reason)
            }
            Finding::RoleUnavailable(r, h) => Decision::deny(
                Denial::RoleUnavailable,
                msg!("'", user, "' would hold '", pid, "' at '", path, "' through role '", self.m.role_id(r), "' held as ", at(h), ", but that role exists only where ", self.describe_role_condition(r, s)),
            ),
            Finding::NoGrant(held) => {
                let holds = if held.is_empty() { "holds no role on that path".to_string() } else { msg!("holds ", held.into_iter().map(at).collect::<Vec<_>>().join(", ")) };
                Decision::deny(Denial::NoGrant, msg!("no role of '", user, "' grants '", pid, "' at '", path, "' or above ('", user, "' ", holds, ")"))
            }
            Finding::Prerequisite(q, qs, grants) => {
                let qid = self.m.perm_id(q);
                let reason = match qs {
                    Some(qs) => msg!("'", pid, "' requires '", qid, "' at '", shown(self.d.scope_path(qs)), "', which '", user, "' does not hold"),
                    None => msg!("'", pid, "' requires '", qid, "', which has no scope of its level at or above '", path, "'"),
                };
                let mut d = Decision::deny(Denial::Prerequisite, reason);
                d.grants = self.named(u, grants);
                d
            }
            Finding::Allowed(grants) => {
                let grants = self.named(u, grants);
                let first = grants.first().map(|g| msg!(g.role, " at '", shown(&g.scope), "' (", g.via.join(" -> "), ")")).unwrap_or_default();
                let more = match grants.len() {
                    0 | 1 => String::new(),
                    n => msg!(" and ", n - 1, " other path", if n > 2 { "s" } else { "" }),
                };
                Decision { allowed: true, reason: msg!("'", user, "' holds '", pid, "' at '", path, "' through ", first, more), grants, denial: None }
            }
        }
    }

    /// A held role whose chain to a direct grant of `p` is broken by a role that does not exist
    /// at `s`: that role.
    fn blocking_role(&self, h: Held, p: PermId, s: ScopeId) -> Option<RoleId> {
        let depth = self.d.scope(s)?.depth;
        // Nothing the role inherits can grant `p` here: no walk (the common denial).
        if !self.may_grant(h.role, depth, p) {
            return None;
        }
        let mut stack = vec![h.role];
        let mut seen = vec![false; self.m.roles.len()];
        while let Some(r) = stack.pop() {
            if core::mem::replace(seen.get_mut(r.index())?, true) {
                continue;
            }
            let role = self.m.roles.get(r.index())?;
            if role.depth > depth {
                continue;
            }
            if !self.may_grant(r, depth, p) {
                continue;
            }
            if !self.role_exists(r, s) {
                return Some(r);
            }
            stack.extend(role.inherits.iter().copied());
        }
        None
    }
}
