//! Building a directory entry by entry with every check a directory document gets: [`Loader`]
//! (scopes, member entries, assignments, each refused with a code and the entry's place), and
//! [`load_flat`], a whole directory handed over as numbers. The readers of documents stand on
//! it: the authoring crate's streaming JSON reader (`rolecascade_authoring::directory`) and the
//! package's JavaScript reader (`js/directory.mjs`, which hands `load_flat` its numbers). Every
//! structure grows fallibly and every count has a limit (`limits`), so a directory within the
//! limits cannot exhaust wasm32's memory or trap the engine.

use crate::msg;
use crate::ids::RoleId;
use crate::model::Model;
use crate::directory::{Directory, ScopeId, UserId};
use crate::error::{shown, Code, Error, Result};

const D: Code = Code::InvalidDirectory;

fn shape(path: impl Into<String>, msg: impl Into<String>) -> Error {
    Error::at(D, path, msg)
}

/// Where an entry stands in the document, formatted only when an error needs it.
pub type At<'a> = &'a dyn Fn() -> String;

/// `e` placed at `at`.
pub fn with_path(e: Error, at: At) -> Error {
    Error { path: Some(at()), ..e }
}

/// A directory being built, entry by entry, with every check: the scopes first (parents before
/// children), then the member entries, then [`Loader::lists_wrong`], then the assignments.
pub struct Loader<'m> {
    m: &'m Model,
    dir: Directory,
}

impl<'m> Loader<'m> {
    pub fn new(m: &'m Model) -> Loader<'m> {
        Loader { m, dir: Directory::default() }
    }

    pub fn model(&self) -> &'m Model {
        self.m
    }

    pub fn directory(&self) -> &Directory {
        &self.dir
    }

    pub fn into_directory(self) -> Directory {
        self.dir
    }

    /// Whether some member list holds a user not on the list its level asks for.
    #[inline(never)]
    pub fn lists_wrong(&self) -> bool {
        self.dir.scope_ids().any(|s| self.dir.members.get(s.index()).is_some_and(|us| us.iter().any(|&u| self.wrong_member(s, u).is_some())))
    }

    #[inline(never)]
    pub fn scope(&mut self, path: &str, at: At) -> Result<ScopeId> {
        if self.dir.find_scope(path).is_some() {
            return Err(shape(at(), msg!("duplicate scope '", shown(path), "'")));
        }
        // A parent missing from the list is an error, not created silently.
        self.dir.add_scope(self.m, path, D).map_err(|e| with_path(e, at))
    }

    #[inline(never)]
    pub fn member(&mut self, s: ScopeId, user: &str, at: At) -> Result<()> {
        let u = self.dir.intern_user(user).map_err(|e| with_path(e, at))?;
        self.dir.add_member(s, u).map_err(|e| with_path(e, at))?;
        Ok(())
    }

    /// A member of `s` who is not on the list `s`'s level asks for, if any.
    fn wrong_member(&self, s: ScopeId, u: UserId) -> Option<ScopeId> {
        self.dir.list_requires(self.m, s).filter(|&r| !self.dir.is_member(u, r))
    }

    /// The error for a wrong member entry, if this one is.
    #[inline(never)]
    pub fn verify_member(&self, s: ScopeId, scope: &str, user: &str, at: At) -> Result<()> {
        let Some(u) = self.dir.find_user(user) else { return Ok(()) };
        match self.wrong_member(s, u) {
            Some(r) => Err(Error::at(
                Code::NotAMember,
                at(),
                msg!("'", shown(user), "' must be a member of '", shown(self.dir.scope_path(r)), "' before '", shown(scope), "'"),
            )),
            None => Ok(()),
        }
    }

    #[inline(never)]
    pub fn assignment(&mut self, user: &str, role: &str, scope: &str, at: At) -> Result<()> {
        let (r, s) = self.resolve(role, scope).map_err(|e| with_path(e, at))?;
        self.assign(user, None, r, s, at).map(|_| ())
    }

    /// A role and a scope by id, for an assignment.
    fn resolve(&self, role: &str, scope: &str) -> Result<(RoleId, ScopeId)> {
        let r = self.m.role(role).ok_or_else(|| Error::new(Code::UnknownRole, msg!("unknown role '", shown(role), "'")))?;
        let s = self.dir.find_scope(scope).ok_or_else(|| Error::new(Code::UnknownScope, msg!("unknown scope '", shown(scope), "'")))?;
        Ok((r, s))
    }

    /// Assigns role `r` at scope `s` to `user` (its number `known`, when the caller has it), with
    /// every check of a document's assignment; returns the user's number.
    #[inline(never)]
    pub fn assign(&mut self, user: &str, known: Option<UserId>, r: RoleId, s: ScopeId, at: At) -> Result<UserId> {
        let u = self.check_assignment(user, known, r, s).map_err(|e| with_path(e, at))?;
        if let Some(g) = self.m.roles.get(r.index()).and_then(|x| x.group) {
            let clash = self.dir.by_user.get(u.index()).and_then(|l| {
                l.iter().find(|&&(x, other)| x == s && other != r && self.m.roles.get(other.index()).and_then(|o| o.group) == Some(g))
            });
            if let Some(&(_, other)) = clash {
                let scope = self.dir.scope_path(s);
                return Err(shape(
                    at(),
                    msg!("'", shown(user), "' already holds '", self.m.role_id(other), "' at '", shown(scope), "', and a user holds one role of group '", self.m.groups.get(g).map_or("", |x| x.id.as_str()), "' per scope"),
                ));
            }
        }
        self.dir.insert_assignment(u, s, r).map_err(|e| with_path(e, at))?;
        Ok(u)
    }

    #[inline(never)]
    fn check_assignment(&mut self, user: &str, known: Option<UserId>, r: RoleId, s: ScopeId) -> Result<UserId> {
        crate::changes::check_assignable(self.m, &self.dir, r, s)?;
        if known.is_none() {
            crate::directory::check_user_id(user).map_err(|why| Error::new(D, why))?;
        }
        let member_at = self.m.roles.get(r.index()).and_then(|x| self.m.levels.get(x.level.index())).and_then(|l| l.membership_depth).and_then(|md| self.dir.ancestor(s, md));
        let u = known.or_else(|| self.dir.find_user(user));
        if let Some(at) = member_at {
            if !u.is_some_and(|u| self.dir.is_member(u, at)) {
                return Err(Error::new(Code::NotAMember, msg!("'", shown(user), "' is not a member of '", shown(self.dir.scope_path(at)), "'")));
            }
        }
        match u {
            Some(u) => Ok(u),
            None => self.dir.intern_user(user),
        }
    }
}

/// A directory handed over as numbers, as the package's JavaScript reads a directory given as an
/// object (no JSON text is written or parsed): every string it names (scope paths, user ids,
/// role ids) once, one after another in `text`, with their lengths in bytes; `ops`, the scopes and member entries in document order as pairs (a scope:
/// its path and [`Flat::SCOPE`]; a member entry: the scope's path and the user); `assignments`
/// as (user, role, scope) triples. Every number is a string's position.
pub struct Flat<'a> {
    pub text: &'a str,
    pub lens: &'a [u32],
    pub ops: &'a [u32],
    pub assignments: &'a [u32],
}

impl Flat<'_> {
    /// The second half of an `ops` pair that declares a scope.
    pub const SCOPE: u32 = u32::MAX;
}

/// The strings of a [`Flat`] directory, cut from its text.
#[inline(never)]
fn cut<'a>(f: &Flat<'a>) -> Result<Vec<&'a str>> {
    let mut strings: Vec<&str> = Vec::new();
    crate::directory::room_for(&mut strings, f.lens.len())?;
    let mut at = 0usize;
    for (i, &n) in f.lens.iter().enumerate() {
        let end = at + n as usize;
        strings.push(f.text.get(at..end).ok_or_else(|| Error::at(Code::InvalidArgument, msg!("@strings:", i), "a string's length does not fit the text"))?);
        at = end;
    }
    Ok(strings)
}

/// What a string of a [`Flat`] directory turned out to be, found once per string: its scope,
/// user and role numbers (`NONE` until needed).
struct Known {
    scope: Vec<u32>,
    user: Vec<u32>,
    role: Vec<u32>,
}

const NONE: u32 = u32::MAX;

fn slot(v: &[u32], i: u32) -> Option<u32> {
    v.get(i as usize).copied().filter(|&x| x != NONE)
}

fn keep(v: &mut [u32], i: u32, x: u32) {
    if let Some(s) = v.get_mut(i as usize) {
        *s = x;
    }
}

/// Loads a [`Flat`] directory with exactly the checks of [`load`]. An error's path names the
/// entry by its list and position (`@ops:3`, `@assignments:0`, `@strings:5`), which the caller,
/// holding the document, turns into the document's own path. Each distinct string is looked up
/// once, however often the entries name it.
///
/// # Errors
/// As [`load`].
pub fn load_flat(m: &Model, f: &Flat) -> Result<Directory> {
    let strings = cut(f)?;
    let n = strings.len();
    let mut known = Known { scope: Vec::new(), user: Vec::new(), role: Vec::new() };
    for v in [&mut known.scope, &mut known.user, &mut known.role] {
        crate::directory::room_for(v, n)?;
        v.resize(n, NONE);
    }
    let get = |i: Option<&u32>, what: &str, k: usize| -> Result<(u32, &str)> {
        i.and_then(|&i| strings.get(i as usize).map(|s| (i, *s))).ok_or_else(|| Error::at(Code::InvalidArgument, msg!("@", what, ":", k), "an entry names a string that is not there"))
    };
    let mut ld = Loader::new(m);
    // The users' table sized once for every string (most are users), not grown step by step.
    ld.dir.users.reserve(n, f.text.len()).ok_or_else(crate::directory::out_of_memory)?;
    for (k, pair) in f.ops.chunks(2).enumerate() {
        let (pi, path) = get(pair.first(), "ops", k)?;
        let at = || msg!("@ops:", k);
        if pair.get(1) == Some(&Flat::SCOPE) {
            let s = ld.scope(path, &at)?;
            keep(&mut known.scope, pi, s.number());
            continue;
        }
        let (ui, user) = get(pair.get(1), "ops", k)?;
        let s = match slot(&known.scope, pi) {
            Some(s) => ScopeId(s),
            None => ld.dir.find_scope(path).ok_or_else(|| Error::at(Code::UnknownScope, at(), msg!("unknown scope '", shown(path), "'")))?,
        };
        let u = match slot(&known.user, ui) {
            Some(u) => UserId(u),
            None => {
                let u = ld.dir.intern_user(user).map_err(|e| with_path(e, &at))?;
                keep(&mut known.user, ui, u.number());
                u
            }
        };
        ld.dir.add_member(s, u).map_err(|e| with_path(e, &at))?;
    }
    if ld.lists_wrong() {
        // The first wrong entry, in document order.
        for (k, pair) in f.ops.chunks(2).enumerate() {
            if pair.get(1) == Some(&Flat::SCOPE) {
                continue;
            }
            let ((_, path), (_, user)) = (get(pair.first(), "ops", k)?, get(pair.get(1), "ops", k)?);
            if let Some(s) = ld.dir.find_scope(path) {
                ld.verify_member(s, path, user, &|| msg!("@ops:", k))?;
            }
        }
    }
    for (k, t) in f.assignments.chunks(3).enumerate() {
        let at = || msg!("@assignments:", k);
        let ((ui, user), (ri, role), (si, scope)) = (get(t.first(), "assignments", k)?, get(t.get(1), "assignments", k)?, get(t.get(2), "assignments", k)?);
        let (r, s) = match (slot(&known.role, ri), slot(&known.scope, si)) {
            (Some(r), Some(s)) => (RoleId::from_index(r as usize), ScopeId(s)),
            _ => {
                let (r, s) = ld.resolve(role, scope).map_err(|e| with_path(e, &at))?;
                keep(&mut known.role, ri, r.index() as u32);
                keep(&mut known.scope, si, s.number());
                (r, s)
            }
        };
        let u = ld.assign(user, slot(&known.user, ui).map(UserId), r, s, &at)?;
        keep(&mut known.user, ui, u.number());
    }
    Ok(ld.dir)
}
