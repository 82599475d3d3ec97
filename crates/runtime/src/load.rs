//! Building a directory entry by entry with every check a directory document gets: [`Loader`]
//! (scopes, member entries, assignments, each refused with a code and the entry's place), and
//! [`load_flat`], a whole directory handed over as numbers. The readers of documents stand on
//! it: the authoring crate's streaming JSON reader (`rolecascade_authoring::directory`), the
//! reader of text in its usual form (`crate::text`), and the package's JavaScript reader
//! (`js/directory.mjs`, which hands `load_flat` its numbers). Every
//! structure grows fallibly and every count has a limit (`limits`), so a directory within the
//! limits cannot exhaust wasm32's memory or trap the engine.

use crate::prelude::*;
use crate::msg;
use crate::ids::RoleId;
use crate::model::Model;
use crate::directory::{Directory, ScopeId, UserId};
use crate::error::{shown, Code, Error, Result};
use crate::limits::MAX_MEMBERSHIPS;

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
///
/// Member entries and assignments go to their scope's list as they come; the users' lists are
/// built from those in one pass each, flat ([`crate::lists::PerUser`]): the member lists by
/// [`Loader::lists_wrong`] (repeated entries dropped then), the assignments by
/// [`Loader::finish`].
pub struct Loader<'m> {
    m: &'m Model,
    dir: Directory,
    /// The assignments taken so far at scopes with [`SHORT`] or more (user, scope, role) and, for
    /// every role of an exclusive group, (user, scope, group): a repeat or a second role of a group
    /// is found in constant time, whatever the order of the document (a repeat at a scope with
    /// fewer, by reading its list).
    taken: Keys,
    /// Set once the entries, repeats counted, reach the limit on memberships: the lists are built
    /// (repeats dropped), and from then on a repeat is found as it comes (in its user's list, or
    /// among the entries since in the key set), so that the limit counts distinct memberships
    /// and repeats near the limit cost a lookup each, not a building of the lists each.
    exact: bool,
    /// Whether the users' lists of scopes hold every member entry (built by
    /// [`Loader::lists_wrong`], or by [`Loader::finish`] for a caller that did not ask).
    built: bool,
}

impl<'m> Loader<'m> {
    pub fn new(m: &'m Model) -> Loader<'m> {
        Loader { m, dir: Directory::default(), taken: Keys::default(), exact: false, built: true }
    }

    /// The directory, with its users' lists of scopes and of assignments.
    ///
    /// # Errors
    /// `limit_exceeded` when the memory for them cannot be had.
    pub fn finish(mut self) -> Result<Directory> {
        if !self.built {
            self.dir.index_members()?;
        }
        self.dir.index_assignments()?;
        Ok(self.dir)
    }

    pub fn model(&self) -> &'m Model {
        self.m
    }

    pub fn directory(&self) -> &Directory {
        &self.dir
    }

    /// Whether some member list holds a user not on the list its level asks for (once every
    /// member entry is in: the users' lists are built here).
    ///
    /// # Errors
    /// `limit_exceeded` when the memory for the users' lists cannot be had.
    #[inline(never)]
    pub fn lists_wrong(&mut self) -> Result<bool> {
        self.dir.index_members()?;
        self.built = true;
        Ok(self.dir.scope_ids().any(|s| self.dir.members.get(s.index()).is_some_and(|us| us.iter().any(|&u| self.wrong_member(s, u).is_some()))))
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
        self.join(s, user, None, at).map(|_| ())
    }

    /// [`Loader::member`] with the user's number when it has one already (`known`); the user's
    /// number.
    pub fn join(&mut self, s: ScopeId, user: &str, known: Option<UserId>, at: At) -> Result<UserId> {
        let u = match known {
            Some(u) => u,
            None => self.dir.intern_user(user).map_err(|e| with_path(e, at))?,
        };
        self.entry(s, u).map_err(|e| with_path(e, at))?;
        Ok(u)
    }

    /// Records a member entry of `u` at `s`: pushed to its list, repeats and all, until the
    /// entries reach the limit on memberships; from then on checked ([`Loader::exact`]).
    fn entry(&mut self, s: ScopeId, u: UserId) -> Result<()> {
        if !self.exact && self.dir.memberships() >= MAX_MEMBERSHIPS {
            self.dir.index_members()?;
            self.exact = true;
        }
        if self.exact {
            if self.dir.is_member(u, s) || !self.taken.insert(key(u, s, MEMBER))? {
                return Ok(());
            }
            if self.dir.memberships() >= MAX_MEMBERSHIPS {
                return Err(crate::directory::over(MAX_MEMBERSHIPS, "memberships"));
            }
        }
        self.built = false;
        self.dir.push_member(s, u)
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

    /// Assigns `role` at `scope` to `user`, with every check of a document's assignment.
    #[inline(never)]
    pub fn assignment(&mut self, user: &str, role: &str, scope: &str, at: At) -> Result<UserId> {
        let (r, s) = self.role_and_scope(role, scope).map_err(|e| with_path(e, at))?;
        self.assign(user, None, r, s, at)
    }

    /// The role and scope of an assignment, found (an unknown role first).
    pub fn role_and_scope(&self, role: &str, scope: &str) -> Result<(RoleId, ScopeId)> {
        let r = self.m.role(role).ok_or_else(|| Error::new(Code::UnknownRole, msg!("unknown role '", shown(role), "'")))?;
        let s = self.dir.find_scope(scope).ok_or_else(|| Error::new(Code::UnknownScope, msg!("unknown scope '", shown(scope), "'")))?;
        Ok((r, s))
    }

    /// [`Loader::assignment`] with the role and scope found, and the user's number when it has
    /// one already (`known`); the user's number.
    #[inline(never)]
    pub fn assign(&mut self, user: &str, known: Option<UserId>, r: RoleId, s: ScopeId, at: At) -> Result<UserId> {
        let u = self.check_assignment(user, known, r, s).map_err(|e| with_path(e, at))?;
        let m = self.m;
        let group = |x: RoleId| m.roles.get(x.index()).and_then(|y| y.group);
        let held = self.dir.by_scope.get(s.index()).map_or(&[][..], Vec::as_slice);
        // A repeat: a short list of the scope's is read through; the assignments of a longer one
        // are all in the key set (put there when it reached `SHORT`).
        let short = held.len() < SHORT;
        let fresh = if short { !held.contains(&(u, r)) } else { self.taken.insert(key(u, s, r.index() as u64)).map_err(|e| with_path(e, at))? };
        if !fresh {
            // Listed twice: one assignment.
            return Ok(u);
        }
        if let Some(g) = group(r) {
            if !self.taken.insert(key(u, s, GROUP | g as u64)).map_err(|e| with_path(e, at))? {
                // The role of the group already taken, found once, for the message.
                let other = held.iter().find(|&&(x, o)| x == u && o != r && group(o) == Some(g));
                return Err(shape(
                    at(),
                    msg!("'", shown(user), "' already holds '", other.map_or("", |&(_, o)| self.m.role_id(o)), "' at '", shown(self.dir.scope_path(s)), "', and a user holds one role of group '", self.m.groups.get(g).map_or("", |x| x.id.as_str()), "' per scope"),
                ));
            }
        }
        let long = held.len() + 1 == SHORT;
        self.dir.push_assignment(u, s, r).map_err(|e| with_path(e, at))?;
        if long {
            // The list is long from now on: its assignments go to the key set.
            for &(x, o) in self.dir.by_scope.get(s.index()).into_iter().flatten() {
                self.taken.insert(key(x, s, o.index() as u64)).map_err(|e| with_path(e, at))?;
            }
        }
        Ok(u)
    }

    #[inline(never)]
    fn check_assignment(&mut self, user: &str, known: Option<UserId>, r: RoleId, s: ScopeId) -> Result<UserId> {
        crate::changes::check_assignable(self.m, &self.dir, r, s)?;
        // A user the directory holds has a valid id: only a new one is checked.
        let u = known.or_else(|| self.dir.find_user(user));
        if u.is_none() {
            crate::directory::check_user_id(user).map_err(|why| Error::new(D, why))?;
        }
        let member_at = self.m.roles.get(r.index()).and_then(|x| self.m.levels.get(x.level.index())).and_then(|l| l.membership_depth).and_then(|md| self.dir.ancestor(s, md));
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

/// The tag of an exclusive group in a [`Keys`] key (a role's tag is its number, below 2^15).
const GROUP: u64 = 1 << 16;

/// The tag of a membership in a [`Keys`] key (past every role's and group's).
const MEMBER: u64 = GROUP | 1 << 15;

/// A scope's list of assignments shorter than this is read through to find a repeat (no miss in
/// a large key set); a longer one's are in the key set.
const SHORT: usize = 32;

/// The key of (user, scope, tag).
fn key(u: UserId, s: ScopeId, tag: u64) -> u64 {
    (u64::from(u.number()) << 39) | (u64::from(s.number()) << 17) | tag
}

/// A set of 64-bit keys: open addressing, at most half full, grown fallibly. A loaded
/// assignment is the key `user << 39 | scope << 17 | tag`: users are below 2^21, a loaded
/// directory's scopes below 2^20 and roles and groups below 2^15 (`limits`), so no two
/// assignments share a key.
const TAKEN: u64 = 1 << 63;

#[derive(Default)]
struct Keys {
    /// A key with its top bit set; 0 is an empty slot.
    slots: Vec<u64>,
    len: usize,
}

impl Keys {
    /// Adds `key`; returns whether it is new.
    #[inline(never)]
    fn insert(&mut self, key: u64) -> Result<bool> {
        if (self.len + 1) * 2 > self.slots.len() {
            // Twice the size (a power of two), the keys put back.
            let want = (self.slots.len() * 2).max(64);
            let mut slots: Vec<u64> = Vec::new();
            crate::directory::room_for(&mut slots, want)?;
            slots.resize(want, 0);
            let old = core::mem::replace(&mut self.slots, slots);
            self.len = 0;
            for k in old.into_iter().filter(|&k| k != 0) {
                self.insert(k & !TAKEN)?;
            }
        }
        // Fibonacci hashing: the product's top bits, so that the order of homes is the order of
        // products and growing fills the new table front to back from the old one.
        let mask = self.slots.len() - 1;
        let mut i = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - self.slots.len().trailing_zeros())) as usize;
        let full = key | TAKEN;
        loop {
            match self.slots.get_mut(i) {
                Some(x) if *x == full => return Ok(false),
                Some(x) if *x == 0 => {
                    *x = full;
                    self.len += 1;
                    return Ok(true);
                }
                Some(_) => i = (i + 1) & mask,
                None => return Ok(false),
            }
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

/// A string of a [`Flat`] directory, with the numbers it is known by so far ([`NONE`]: not
/// yet) as a scope, a user and a role: a string named by many entries is looked up once.
#[derive(Clone, Copy)]
struct Str<'a> {
    text: &'a str,
    scope: u32,
    user: u32,
    role: u32,
}

const NONE: u32 = u32::MAX;

fn known(x: u32) -> Option<u32> {
    (x != NONE).then_some(x)
}

/// The strings of a [`Flat`] directory, cut from its text.
#[inline(never)]
fn cut<'a>(f: &Flat<'a>) -> Result<Vec<Str<'a>>> {
    let mut strings = Vec::new();
    crate::directory::room_for(&mut strings, f.lens.len())?;
    let mut at = 0usize;
    for (i, &n) in f.lens.iter().enumerate() {
        let end = at + n as usize;
        let text = f.text.get(at..end).ok_or_else(|| Error::at(Code::InvalidArgument, msg!("@strings:", i), "a string's length does not fit the text"))?;
        strings.push(Str { text, scope: NONE, user: NONE, role: NONE });
        at = end;
    }
    Ok(strings)
}

/// The string an entry names (`at`: the entry), by number and as it stands.
fn named<'a>(strings: &[Str<'a>], i: Option<&u32>, at: At) -> Result<(usize, Str<'a>)> {
    i.and_then(|&i| Some((i as usize, *strings.get(i as usize)?))).ok_or_else(|| Error::at(Code::InvalidArgument, at(), "an entry names a string that is not there"))
}

/// Loads a [`Flat`] directory with exactly the checks of a document. An error's path names the
/// entry by its list and position (`@ops:3`, `@assignments:0`, `@strings:5`), which the caller,
/// holding the document, turns into the document's own path.
///
/// # Errors
/// As a document's load: `invalid_directory`, `unknown_scope`, `unknown_role`, `level_mismatch`,
/// `not_a_member`, `limit_exceeded`, `invalid_argument` (numbers that name no string).
pub fn load_flat(m: &Model, f: &Flat) -> Result<Directory> {
    let mut strings = cut(f)?;
    let mut ld = Loader::new(m);
    for (k, pair) in f.ops.chunks(2).enumerate() {
        let at = || msg!("@ops:", k);
        let (p, path) = named(&strings, pair.first(), &at)?;
        let s = if pair.get(1) == Some(&Flat::SCOPE) {
            ld.scope(path.text, &at)?
        } else {
            let (i, user) = named(&strings, pair.get(1), &at)?;
            let s = match known(path.scope) {
                Some(s) => ScopeId(s),
                None => ld.dir.find_scope(path.text).ok_or_else(|| Error::at(Code::UnknownScope, at(), msg!("unknown scope '", shown(path.text), "'")))?,
            };
            let u = ld.join(s, user.text, known(user.user).map(UserId), &at)?;
            if let Some(x) = strings.get_mut(i) {
                x.user = u.number();
            }
            s
        };
        if let Some(x) = strings.get_mut(p) {
            x.scope = s.number();
        }
    }
    if ld.lists_wrong()? {
        // The first wrong entry, in document order.
        for (k, pair) in f.ops.chunks(2).enumerate() {
            let at = || msg!("@ops:", k);
            if pair.get(1) == Some(&Flat::SCOPE) {
                continue;
            }
            let (path, user) = (named(&strings, pair.first(), &at)?.1.text, named(&strings, pair.get(1), &at)?.1.text);
            if let Some(s) = ld.dir.find_scope(path) {
                ld.verify_member(s, path, user, &at)?;
            }
        }
    }
    for (k, t) in f.assignments.chunks(3).enumerate() {
        let at = || msg!("@assignments:", k);
        let ((i, user), (j, role), (p, scope)) = (named(&strings, t.first(), &at)?, named(&strings, t.get(1), &at)?, named(&strings, t.get(2), &at)?);
        let (r, s) = match (known(role.role).and_then(|r| u16::try_from(r).ok()), known(scope.scope)) {
            (Some(r), Some(s)) => (RoleId(r), ScopeId(s)),
            _ => ld.role_and_scope(role.text, scope.text).map_err(|e| with_path(e, &at))?,
        };
        let u = ld.assign(user.text, known(user.user).map(UserId), r, s, &at)?;
        if let Some(x) = strings.get_mut(i) {
            x.user = u.number();
        }
        if let Some(x) = strings.get_mut(j) {
            x.role = r.number();
        }
        if let Some(x) = strings.get_mut(p) {
            x.scope = s.number();
        }
    }
    ld.finish()
}
