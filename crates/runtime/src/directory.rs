//! The directory: tenant data. Scopes by path (each with its level and derived attributes), the
//! members of each scope, and role assignments, indexed both by user and by scope.

use crate::prelude::*;
use crate::msg;
use crate::bits::Bits;
use crate::ids::RoleId;
use crate::model::{AttrSource, Model};
use crate::cond::Facts;
use crate::error::{Code, Error, Result};
use crate::limits::{MAX_ASSIGNMENTS, MAX_DEPTH, MAX_ID_BYTES, MAX_MEMBERSHIPS, MAX_SCOPES, MAX_USERS};
use crate::names::Names;
use crate::lists::PerUser;

pub use crate::ids::{ScopeId, UserId};

/// Scopes with the same depth and attributes share a class: their attributes and the
/// permissions available there are computed once.
#[derive(Debug, Clone)]
pub struct ScopeClass {
    pub depth: usize,
    pub attrs: Vec<(String, String)>,
    /// Askable at this depth and not ruled out by a condition on attributes alone.
    pub avail: Bits,
}

impl ScopeClass {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

impl Facts for ScopeClass {
    fn attr(&self, name: &str) -> Option<&str> {
        ScopeClass::attr(self, name)
    }
    fn context(&self, _key: usize) -> Option<&str> {
        None
    }
}

#[derive(Debug, Clone)]
pub struct Scope {
    pub path: String,
    pub parent: Option<ScopeId>,
    pub depth: usize,
    /// `anc[d]` is the ancestor at depth `d` (itself at its own depth).
    pub anc: [ScopeId; MAX_DEPTH],
    pub class: u32,
    pub children: Vec<ScopeId>,
    /// `false` once removed: the number stays the path's (never another path's) and creating
    /// the path again brings it back, until [`Directory::compacted`] drops removed scopes.
    pub alive: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Directory {
    pub scopes: Vec<Scope>,
    /// Scope paths, numbered as `scopes`.
    pub scope_index: Names,
    pub classes: Vec<ScopeClass>,
    /// Scope classes by a key written from their depth and attributes.
    class_index: Names,
    pub users: Names,
    /// Per user: the roles assigned, with their scopes, sorted by (scope, role): what a user
    /// holds at one scope is found by a binary search, however many assignments they have.
    pub by_user: PerUser<(ScopeId, RoleId)>,
    /// Per scope: the roles assigned there, with their users, in assignment order.
    pub by_scope: Vec<Vec<(UserId, RoleId)>>,
    /// Per scope: its members, in the order they were added.
    pub members: Vec<Vec<UserId>>,
    /// Per user: the scopes they are a member of, sorted.
    pub member_of: PerUser<ScopeId>,
    /// How many memberships and assignments there are (each has a limit).
    memberships: usize,
    assignments: usize,
    /// How many scopes are removed (kept, not alive).
    dead: usize,
    /// While a batch runs ([`Directory::begin`]): what each change did, to be taken back in
    /// reverse if a later change is refused ([`Directory::rollback`]).
    journal: Option<Vec<Undo>>,
}

/// One step of a batch's journal: what puts one write back.
#[derive(Debug, Clone)]
enum Undo {
    /// A user interned (the last one): forgotten again.
    Interned,
    /// An assignment added (last in its scope's list): taken away.
    Added(UserId, ScopeId, RoleId),
    /// An assignment removed from place `at` of its scope's list: put back there.
    Removed(UserId, ScopeId, RoleId, usize),
    /// A membership added (last on its scope's list): taken away.
    Joined(ScopeId, UserId),
    /// A membership removed from place `at` of its scope's list: put back there.
    Left(ScopeId, UserId, usize),
    /// A scope added, new since the mark or a removed one brought back: taken away again.
    Scope(ScopeId, Mark),
    /// A subtree's top taken from place `at` of its parent's children: put back there.
    Unlinked(ScopeId, ScopeId, usize),
    /// A scope removed, with its children, its assignments and its members as they were (each
    /// user's own lists lost the entries at this scope): brought back.
    Died(ScopeId, Vec<ScopeId>, Vec<(UserId, RoleId)>, Vec<UserId>),
}

/// Room for one more item, or `limit_exceeded`: every structure that input makes grow grows
/// fallibly, so running out of memory is an error, never a trap.
pub fn room<T>(v: &mut Vec<T>) -> Result<()> {
    v.try_reserve(1).map_err(|_| out_of_memory())
}

/// Room for `n` more items, or `limit_exceeded`.
pub fn room_for<T>(v: &mut Vec<T>, n: usize) -> Result<()> {
    v.try_reserve(n).map_err(|_| out_of_memory())
}

// The journal's list edits (`Directory::rollback`, and the removals that record where an item
// was). A list that is not there (a number out of range) is left alone. A user's own sorted
// lists are put back with `PerUser::insert`, which has room for an item its list lost.

/// Puts `x` back at place `at` of `l` (at its end, when shorter).
fn put_at<T>(l: Option<&mut Vec<T>>, at: usize, x: T) {
    if let Some(l) = l {
        l.insert(at.min(l.len()), x);
    }
}

/// Takes the last `x` out of `l` (an item added last is found first from the end).
fn take_last<T: PartialEq>(l: Option<&mut Vec<T>>, x: &T) {
    if let Some(l) = l {
        if let Some(i) = l.iter().rposition(|y| y == x) {
            l.remove(i);
        }
    }
}

/// Takes the first `x` out of `l`: where it was.
fn take_first<T: PartialEq>(l: Option<&mut Vec<T>>, x: &T) -> Option<usize> {
    let l = l?;
    let i = l.iter().position(|y| y == x)?;
    l.remove(i);
    Some(i)
}

pub fn out_of_memory() -> Error {
    Error::new(Code::LimitExceeded, "the engine ran out of memory for this directory (see the README's limits)")
}

pub(crate) fn over(limit: usize, what: &str) -> Error {
    Error::new(Code::LimitExceeded, msg!("a directory holds at most ", limit, " ", what))
}

/// Checks one path segment.
///
/// # Errors
/// A message (no code) saying what is wrong with it.
pub fn check_segment(seg: &str) -> core::result::Result<(), String> {
    if seg.is_empty() {
        return Err("has an empty segment".into());
    }
    if seg == "." || seg == ".." {
        return Err(msg!("has a '", crate::error::shown(seg), "' segment"));
    }
    if seg.len() > MAX_ID_BYTES {
        return Err(msg!("has a segment longer than ", MAX_ID_BYTES, " bytes"));
    }
    if seg.chars().any(char::is_control) {
        return Err("has a segment with a control character".into());
    }
    Ok(())
}

/// Checks a user id: 1 to `MAX_ID_BYTES` bytes, no control characters.
///
/// # Errors
/// A message (no code) saying what is wrong with it.
pub fn check_user_id(user: &str) -> core::result::Result<(), String> {
    // A control character is either an ASCII byte below 0x20 or 0x7f, or U+0080..U+009F (two
    // bytes, 0xC2 then 0x80..0x9F): the bytes tell, without decoding the text.
    let control = user.as_bytes().windows(2).any(|w| w.first() == Some(&0xc2) && w.get(1).is_some_and(|&b| (0x80..=0x9f).contains(&b)))
        || user.bytes().any(|b| b < 0x20 || b == 0x7f);
    if user.is_empty() || user.len() > MAX_ID_BYTES || control {
        return Err(msg!("user id '", crate::error::shown(user), "' must be 1 to ", MAX_ID_BYTES, " bytes with no control characters"));
    }
    Ok(())
}

/// Splits and checks a scope path against the model's depth.
///
/// # Errors
/// `unknown_scope` (with `code` chosen by the caller's context) when the path is malformed.
#[inline(never)]
pub fn split_path<'a>(m: &Model, path: &'a str, code: Code) -> Result<Vec<&'a str>> {
    let segs: Vec<&str> = path.split('/').collect();
    if segs.len() > m.chain.len() {
        return Err(Error::new(code, msg!("scope '", crate::error::shown(path), "' is deeper than the model's ", m.chain.len(), " levels")));
    }
    for s in &segs {
        check_segment(s).map_err(|why| Error::new(code, msg!("scope '", crate::error::shown(path), "' ", why)))?;
    }
    Ok(segs)
}

/// Attributes of a scope at `depth` with segment `seg`, from its parent's.
///
/// # Errors
/// A message when the segment is not one the level allows.
#[inline(never)]
pub fn derive_attrs(m: &Model, parent: &[(String, String)], depth: usize, seg: &str) -> core::result::Result<Vec<(String, String)>, String> {
    let mut attrs: Vec<(String, String)> = parent.to_vec();
    let Some(level) = m.level_of_depth(depth) else { return Err("is too deep".into()) };
    for a in &level.attrs {
        let value = match &a.source {
            AttrSource::Segment(values) => {
                if let Some(vs) = values {
                    if !vs.iter().any(|v| v == seg) {
                        return Err(msg!("is not a valid ", level.id, " ('", crate::error::shown(seg), "' is not one of ", crate::cond::shown_list(vs), ")"));
                    }
                }
                Some(seg.to_string())
            }
            AttrSource::Derived { cases, default } => {
                let facts = AttrFacts(&attrs);
                cases.iter().find(|(c, _)| c.eval(&facts)).map(|(_, v)| v.clone()).or_else(|| default.clone())
            }
        };
        attrs.retain(|(k, _)| k != &a.name);
        if let Some(v) = value {
            // Kept sorted by name (names are unique here) without a sort routine of its own.
            let at = attrs.binary_search_by(|(k, _)| k.as_str().cmp(a.name.as_str())).unwrap_or_else(|at| at);
            attrs.insert(at, (a.name.clone(), v));
        }
    }
    // A scoped level's `when` is where its scopes may exist (an attribute condition).
    if let Some(w) = level.when.as_ref().filter(|_| level.scoped) {
        if !w.eval(&AttrFacts(&attrs)) {
            // The attributes, not the condition in words: describing conditions is the
            // authoring side's (and would weigh on every page that loads a directory).
            let mut seen = String::new();
            for (k, v) in &attrs {
                seen.push_str(if seen.is_empty() { "" } else { ", " });
                seen.push_str(&msg!(k, " = ", crate::error::shown(v)));
            }
            return Err(msg!("is not a valid ", level.id, ": the model's `when` for this level rules out ", seen));
        }
    }
    Ok(attrs)
}

struct AttrFacts<'a>(&'a [(String, String)]);

impl Facts for AttrFacts<'_> {
    fn attr(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn context(&self, _key: usize) -> Option<&str> {
        None
    }
}

/// Where the directory stood before a scope was added, to take it away again exactly
/// ([`Directory::undo_add_scope`]).
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    scopes: usize,
    classes: usize,
}

/// Removed scopes are dropped from the directory (which renumbers its scopes) once there are
/// more of them than scopes in it, and at least this many.
pub const COMPACT_AFTER: usize = 1024;

impl Directory {
    /// Starts a journal of the writes that follow (users interned, assignments, memberships and
    /// scopes added or removed), so that [`Directory::rollback`] can take them back in place: a
    /// batch of changes is then all or nothing at the cost of its own writes, not of a copy.
    pub fn begin(&mut self) {
        self.journal = Some(Vec::new());
    }

    /// Room in the journal for `n` more writes, had before a change makes them: writing the
    /// journal then never allocates, so a change is never half recorded.
    ///
    /// # Errors
    /// `limit_exceeded`.
    pub fn journal_room(&mut self, n: usize) -> Result<()> {
        match &mut self.journal {
            Some(j) => room_for(j, n),
            None => Ok(()),
        }
    }

    /// Whether a journal is kept (between [`Directory::begin`] and its end).
    pub fn journaling(&self) -> bool {
        self.journal.is_some()
    }

    /// How many writes the journal holds (0 without one).
    pub fn journal_len(&self) -> usize {
        self.journal.as_ref().map_or(0, Vec::len)
    }

    /// Forgets the writes after the first `n`, which the caller has taken back itself (a change
    /// that undoes its own steps when it is refused).
    pub fn journal_truncate(&mut self, n: usize) {
        if let Some(j) = &mut self.journal {
            j.truncate(n);
        }
    }

    /// Ends the journal, keeping every write.
    pub fn commit(&mut self) {
        self.journal = None;
    }

    /// Ends the journal, taking every write back, the last first: users, assignments and
    /// memberships are as they were at [`Directory::begin`], each list in its order. Allocates
    /// nothing (a list gets back an item it had room for).
    pub fn rollback(&mut self) {
        let Some(journal) = self.journal.take() else { return };
        for step in journal.into_iter().rev() {
            match step {
                Undo::Interned => {
                    self.users.pop();
                    self.by_user.pop_user();
                    self.member_of.pop_user();
                }
                Undo::Added(u, s, r) => {
                    self.by_user.remove(u.index(), &(s, r));
                    take_last(self.by_scope.get_mut(s.index()), &(u, r));
                    self.assignments = self.assignments.saturating_sub(1);
                }
                Undo::Removed(u, s, r, at) => {
                    let _ = self.by_user.insert(u.index(), (s, r));
                    put_at(self.by_scope.get_mut(s.index()), at, (u, r));
                    self.assignments += 1;
                }
                Undo::Joined(s, u) => {
                    self.member_of.remove(u.index(), &s);
                    take_last(self.members.get_mut(s.index()), &u);
                    self.memberships = self.memberships.saturating_sub(1);
                }
                Undo::Left(s, u, at) => {
                    let _ = self.member_of.insert(u.index(), s);
                    put_at(self.members.get_mut(s.index()), at, u);
                    self.memberships += 1;
                }
                Undo::Scope(s, mark) => self.undo_add_scope(s, mark),
                Undo::Unlinked(p, top, at) => put_at(self.scopes.get_mut(p.index()).map(|x| &mut x.children), at, top),
                Undo::Died(s, children, held, members) => {
                    for &(u, r) in &held {
                        let _ = self.by_user.insert(u.index(), (s, r));
                    }
                    for &u in &members {
                        let _ = self.member_of.insert(u.index(), s);
                    }
                    self.assignments += held.len();
                    self.memberships += members.len();
                    if let Some(l) = self.by_scope.get_mut(s.index()) {
                        *l = held;
                    }
                    if let Some(l) = self.members.get_mut(s.index()) {
                        *l = members;
                    }
                    if let Some(x) = self.scopes.get_mut(s.index()) {
                        x.alive = true;
                        x.children = children;
                        self.dead = self.dead.saturating_sub(1);
                    }
                }
            }
        }
    }

    fn log(&mut self, step: Undo) {
        if let Some(j) = &mut self.journal {
            j.push(step);
        }
    }

    /// How many scopes are in the directory (removed ones left out).
    pub fn live_scopes(&self) -> usize {
        self.scopes.len().saturating_sub(self.dead)
    }

    /// How many removed scopes are still kept (their numbers reserved for their paths).
    pub fn dead_scopes(&self) -> usize {
        self.dead
    }

    /// Where the directory stands, before [`Directory::add_scope`].
    pub fn mark(&self) -> Mark {
        Mark { scopes: self.scopes.len(), classes: self.classes.len() }
    }

    /// Takes away scope `s`, added since `mark` (new, or a removed one brought back) and with
    /// nothing below it, as if it had never been added: a new scope's number, path and class go,
    /// so a refused creation leaves nothing behind. Allocates nothing.
    pub fn undo_add_scope(&mut self, s: ScopeId, mark: Mark) {
        let Some(scope) = self.scope(s) else { return };
        let parent = scope.parent;
        if let Some(p) = parent.and_then(|p| self.scopes.get_mut(p.index())) {
            p.children.retain(|&c| c != s);
        }
        for u in self.members.get_mut(s.index()).map(core::mem::take).unwrap_or_default() {
            if u.index() < self.member_of.len() {
                self.member_of.retain(u.index(), &|&x| x != s);
                self.memberships = self.memberships.saturating_sub(1);
            }
        }
        for (u, r) in self.by_scope.get_mut(s.index()).map(core::mem::take).unwrap_or_default() {
            if u.index() < self.by_user.len() {
                self.by_user.retain(u.index(), &|&x| x != (s, r));
                self.assignments = self.assignments.saturating_sub(1);
            }
        }
        if s.index() >= mark.scopes && s.index() + 1 == self.scopes.len() {
            self.scopes.pop();
            self.by_scope.pop();
            self.members.pop();
            self.scope_index.pop();
            while self.classes.len() > mark.classes {
                self.classes.pop();
                self.class_index.pop();
            }
        } else if let Some(x) = self.scopes.get_mut(s.index()) {
            x.alive = false;
            x.children.clear();
            self.dead += 1;
        }
    }

    /// The same directory without its removed scopes, built aside: the live scopes renumbered
    /// in their order (parents still before children), users keeping their numbers, member
    /// lists and assignments in their order. Used by [`crate::engine::Engine::remove_scope`]
    /// when removed scopes outnumber the live ones, so that creating and removing scopes does
    /// not grow the directory.
    ///
    /// # Errors
    /// `limit_exceeded` when the memory for the copy cannot be had (the directory is unchanged).
    pub fn compacted(&self, m: &Model) -> Result<Directory> {
        let mut d = Directory::default();
        for u in self.user_ids() {
            d.intern_user(self.user_name(u))?;
        }
        let mut renum: Vec<ScopeId> = Vec::new();
        room_for(&mut renum, self.scopes.len())?;
        for x in &self.scopes {
            renum.push(if x.alive { d.add_scope(m, &x.path, Code::InvalidDirectory)? } else { ScopeId(u32::MAX) });
        }
        // Every list is in the directory already, without a repeat: the scopes' lists are copied,
        // the users' built from them in one pass each, as a load builds them.
        for s in self.scope_ids() {
            let Some(&n) = renum.get(s.index()) else { continue };
            for &u in self.members.get(s.index()).into_iter().flatten() {
                d.push_member(n, u)?;
            }
            for &(u, r) in self.by_scope.get(s.index()).into_iter().flatten() {
                d.push_assignment(u, n, r)?;
            }
        }
        d.index_members()?;
        d.index_assignments()?;
        Ok(d)
    }

    /// A scope in the directory (`None` for a removed one).
    pub fn scope(&self, id: ScopeId) -> Option<&Scope> {
        self.scopes.get(id.index()).filter(|s| s.alive)
    }

    pub fn class_of(&self, id: ScopeId) -> Option<&ScopeClass> {
        self.scope(id).and_then(|s| self.classes.get(s.class as usize))
    }

    pub fn find_scope(&self, path: &str) -> Option<ScopeId> {
        self.find_scope_hashed(path, Names::hash_of(path))
    }

    /// [`Directory::find_scope`] with the path's hash ([`Names::hash_of`]) already had.
    pub fn find_scope_hashed(&self, path: &str, h: u64) -> Option<ScopeId> {
        self.scope_index.find_hashed(path, h).map(ScopeId).filter(|&s| self.scope(s).is_some())
    }

    pub fn find_user(&self, user: &str) -> Option<UserId> {
        self.find_user_hashed(user, Names::hash_of(user))
    }

    /// [`Directory::find_user`] with the id's hash ([`Names::hash_of`]) already had.
    pub fn find_user_hashed(&self, user: &str, h: u64) -> Option<UserId> {
        self.users.find_hashed(user, h).map(UserId)
    }

    /// A user by number, checked.
    pub fn user_at(&self, n: u32) -> Option<UserId> {
        ((n as usize) < self.users.len()).then_some(UserId(n))
    }

    /// A scope in the directory by number, checked (`None` for a removed one).
    pub fn scope_at(&self, n: u32) -> Option<ScopeId> {
        Some(ScopeId(n)).filter(|&s| self.scope(s).is_some())
    }

    /// Every user, in order of arrival.
    pub fn user_ids(&self) -> impl Iterator<Item = UserId> {
        (0..self.users.len() as u32).map(UserId)
    }

    /// Every scope in the directory, in order of arrival.
    pub fn scope_ids(&self) -> impl Iterator<Item = ScopeId> + '_ {
        (0..self.scopes.len() as u32).map(ScopeId).filter(|&s| self.scope(s).is_some())
    }

    pub fn user_name(&self, u: UserId) -> &str {
        self.users.name(u.0)
    }

    pub fn scope_path(&self, s: ScopeId) -> &str {
        self.scope(s).map_or("", |x| x.path.as_str())
    }

    /// The ancestor of `s` at `depth` (itself at its own depth), if `depth` is not below it.
    pub fn ancestor(&self, s: ScopeId, depth: usize) -> Option<ScopeId> {
        let sc = self.scope(s)?;
        if depth > sc.depth {
            return None;
        }
        sc.anc.get(depth).copied()
    }

    pub fn is_member(&self, u: UserId, s: ScopeId) -> bool {
        self.member_of.get(u.index()).binary_search(&s).is_ok()
    }

    /// Interns a user id.
    ///
    /// # Errors
    /// `invalid_directory` for an empty or oversized id or one with control characters.
    #[inline(never)]
    pub fn intern_user(&mut self, user: &str) -> Result<UserId> {
        // A user the directory holds has a valid id: only a new one is checked (its slot, just
        // probed, is probed again from the cache when it is added).
        if let Some(id) = self.find_user(user) {
            return Ok(id);
        }
        check_user_id(user).map_err(|why| Error::new(Code::InvalidDirectory, why))?;
        if self.users.len() >= MAX_USERS {
            return Err(over(MAX_USERS, "users"));
        }
        self.by_user.reserve_user()?;
        self.member_of.reserve_user()?;
        let id = self.users.intern(user).ok_or_else(out_of_memory)?;
        self.by_user.push_user();
        self.member_of.push_user();
        self.log(Undo::Interned);
        Ok(UserId(id))
    }

    /// Adds a scope whose parent exists (or the root). Returns the existing id if present.
    ///
    /// # Errors
    /// `code` when the path is malformed, its parent is missing or its segment is not allowed.
    #[inline(never)]
    pub fn add_scope(&mut self, m: &Model, path: &str, code: Code) -> Result<ScopeId> {
        if let Some(s) = self.find_scope(path) {
            return Ok(s);
        }
        if let Some(s) = self.scope_index.find(path).map(ScopeId) {
            // A removed scope, created again: its parent must be there.
            let parent = self.scopes.get(s.index()).and_then(|x| x.parent);
            if parent.is_some_and(|p| self.scope(p).is_none()) {
                return Err(Error::new(code, msg!("scope '", crate::error::shown(path), "' has no parent scope in the directory")));
            }
            if self.live_scopes() >= MAX_SCOPES {
                return Err(over(MAX_SCOPES, "scopes"));
            }
            if let Some(x) = self.scopes.get_mut(s.index()) {
                x.alive = true;
                self.dead = self.dead.saturating_sub(1);
            }
            if let Some(p) = parent.and_then(|p| self.scopes.get_mut(p.index())) {
                p.children.push(s);
            }
            let mark = self.mark();
            self.log(Undo::Scope(s, mark));
            return Ok(s);
        }
        let segs = split_path(m, path, code)?;
        let depth = segs.len() - 1;
        let seg = segs.last().copied().unwrap_or("");
        let parent = if depth == 0 {
            None
        } else {
            let parent_path = path.get(..path.len() - seg.len() - 1).unwrap_or("");
            Some(self.find_scope(parent_path).ok_or_else(|| {
                Error::new(code, msg!("scope '", crate::error::shown(path), "' has no parent scope '", crate::error::shown(parent_path), "' in the directory"))
            })?)
        };
        // Removed scopes do not count: creating and removing scopes cannot use the limit up.
        if self.live_scopes() >= MAX_SCOPES {
            return Err(over(MAX_SCOPES, "scopes"));
        }
        let parent_attrs: Vec<(String, String)> = parent.and_then(|p| self.class_of(p)).map(|c| c.attrs.clone()).unwrap_or_default();
        let attrs = derive_attrs(m, &parent_attrs, depth, seg).map_err(|why| Error::new(code, msg!("scope '", crate::error::shown(path), "' ", why)))?;
        let mark = self.mark();
        let class = self.intern_class(m, depth, attrs)?;
        let id = ScopeId(self.scopes.len() as u32);
        let mut anc = [ScopeId(0); MAX_DEPTH];
        if let Some(p) = parent.and_then(|p| self.scope(p)) {
            anc = p.anc;
        }
        if let Some(slot) = anc.get_mut(depth) {
            *slot = id;
        }
        room(&mut self.scopes)?;
        room(&mut self.by_scope)?;
        room(&mut self.members)?;
        if let Some(p) = parent.and_then(|p| self.scopes.get_mut(p.index())) {
            room(&mut p.children)?;
        }
        // Not there yet (checked above), so it gets the next number: `id`.
        if self.scope_index.intern(path) != Some(id.0) {
            return Err(out_of_memory());
        }
        self.scopes.push(Scope { path: path.to_string(), parent, depth, anc, class, children: Vec::new(), alive: true });
        self.by_scope.push(Vec::new());
        self.members.push(Vec::new());
        if let Some(p) = parent.and_then(|p| self.scopes.get_mut(p.index())) {
            p.children.push(id);
        }
        self.log(Undo::Scope(id, mark));
        Ok(id)
    }

    #[inline(never)]
    fn intern_class(&mut self, m: &Model, depth: usize, attrs: Vec<(String, String)>) -> Result<u32> {
        // Depth and attributes in one text: a depth is a single byte ('0' + depth, at most 8),
        // names and values are separated by NUL (they hold no control character).
        let mut key = String::new();
        key.push(char::from(b'0' + depth as u8));
        for (k, v) in &attrs {
            key.push('\0');
            key.push_str(k);
            key.push('\0');
            key.push_str(v);
        }
        if let Some(c) = self.class_index.find(&key) {
            return Ok(c);
        }
        let mut class = ScopeClass { depth, attrs, avail: m.askable.get(depth).copied().unwrap_or_default() };
        for k in m.perm_ids() {
            if let Some(w) = m.perm_data(k).and_then(|p| p.when.as_ref()) {
                if !w.reads_context() && !w.eval(&class) {
                    class.avail.clear(k);
                }
            }
        }
        room(&mut self.classes)?;
        let id = self.class_index.intern(&key).ok_or_else(out_of_memory)?;
        self.classes.push(class);
        Ok(id)
    }

    /// Puts `u` on the member list of `s`. Returns whether they are new there.
    ///
    /// # Errors
    /// `limit_exceeded`.
    #[inline(never)]
    pub fn add_member(&mut self, s: ScopeId, u: UserId) -> Result<bool> {
        let Some(m) = self.members.get_mut(s.index()) else { return Ok(false) };
        if u.index() >= self.member_of.len() || self.member_of.get(u.index()).binary_search(&s).is_ok() {
            return Ok(false);
        }
        if self.memberships >= MAX_MEMBERSHIPS {
            return Err(over(MAX_MEMBERSHIPS, "memberships"));
        }
        room(m)?;
        if !self.member_of.insert(u.index(), s)? {
            return Ok(false);
        }
        m.push(u);
        self.memberships += 1;
        self.log(Undo::Joined(s, u));
        Ok(true)
    }

    /// The member list a user must be on before joining `s`'s: the list of the ancestor at the
    /// depth its level's `membership` names, when that is above `s`.
    pub fn list_requires(&self, m: &Model, s: ScopeId) -> Option<ScopeId> {
        let scope = self.scope(s)?;
        let md = m.level_of_depth(scope.depth)?.membership_depth?;
        if md < scope.depth {
            self.ancestor(s, md)
        } else {
            None
        }
    }

    /// Whether `s` is `top` or below it.
    pub fn within(&self, s: ScopeId, top: ScopeId) -> bool {
        self.scope(top).is_some_and(|t| self.ancestor(s, t.depth) == Some(top))
    }

    /// The assignments of `u` at or below `top`, as (scope, role), sorted.
    pub fn held_within(&self, u: UserId, top: ScopeId) -> Vec<(ScopeId, RoleId)> {
        self.by_user.get(u.index()).iter().copied().filter(|&(s, _)| self.within(s, top)).collect()
    }

    /// The roles `u` is assigned at `s` (a slice of their sorted list).
    pub fn held_at(&self, u: UserId, s: ScopeId) -> &[(ScopeId, RoleId)] {
        let l = self.by_user.get(u.index());
        let rest = l.get(l.partition_point(|&(x, _)| x < s)..).unwrap_or(&[]);
        rest.get(..rest.partition_point(|&(x, _)| x == s)).unwrap_or(&[])
    }

    /// Takes `u` off every member list at or below `top` and removes every assignment of theirs
    /// there. Returns whether anything changed. Each of the user's lists is filtered once, so
    /// the cost is linear in what they hold, however much of it goes.
    pub fn remove_user_below(&mut self, u: UserId, top: ScopeId) -> bool {
        let lists: Vec<ScopeId> = self.member_of.get(u.index()).iter().copied().filter(|&s| self.within(s, top)).collect();
        let held = self.held_within(u, top);
        for &s in &lists {
            if let Some(at) = take_first(self.members.get_mut(s.index()), &u) {
                self.log(Undo::Left(s, u, at));
            }
        }
        for &(s, r) in &held {
            if let Some(at) = take_first(self.by_scope.get_mut(s.index()), &(u, r)) {
                self.log(Undo::Removed(u, s, r, at));
            }
        }
        // Both are sorted, as the user's own lists are.
        self.member_of.retain(u.index(), &|s| lists.binary_search(s).is_err());
        self.by_user.retain(u.index(), &|x| held.binary_search(x).is_err());
        self.memberships = self.memberships.saturating_sub(lists.len());
        self.assignments = self.assignments.saturating_sub(held.len());
        !lists.is_empty() || !held.is_empty()
    }

    /// Takes `u` off the member list of `s`. Returns whether they were on it.
    pub fn remove_member(&mut self, s: ScopeId, u: UserId) -> bool {
        if !self.member_of.remove(u.index(), &s) {
            return false;
        }
        let at = take_first(self.members.get_mut(s.index()), &u);
        self.memberships = self.memberships.saturating_sub(1);
        if let Some(at) = at {
            self.log(Undo::Left(s, u, at));
        }
        true
    }

    /// Removes `top` and every scope below it, with their member lists and assignments. Their
    /// numbers stay reserved for their paths. The lists of each user concerned are filtered
    /// once, so the cost is linear in what the subtree and those users hold.
    ///
    /// # Errors
    /// `limit_exceeded` when the memory to list the users concerned cannot be had (nothing
    /// changed then).
    pub fn remove_subtree(&mut self, top: ScopeId) -> Result<()> {
        // The users concerned and the number of scopes, found before the first write (which a
        // batch's journal has room for: the top taken from its parent, each scope removed).
        let mut users: Vec<u32> = Vec::new();
        let mut scopes = 0;
        let mut stack = vec![top];
        while let Some(s) = stack.pop() {
            let Some(scope) = self.scope(s) else { continue };
            scopes += 1;
            let (held, members) = (self.by_scope.get(s.index()).map_or(0, Vec::len), self.members.get(s.index()).map_or(0, Vec::len));
            room_for(&mut users, held + members)?;
            users.extend(self.by_scope.get(s.index()).into_iter().flatten().map(|&(u, _)| u.number()));
            users.extend(self.members.get(s.index()).into_iter().flatten().map(|u| u.number()));
            room_for(&mut stack, scope.children.len())?;
            stack.extend(scope.children.iter().copied());
        }
        self.journal_room(1 + scopes)?;
        crate::sort::sort(&mut users, &|a, b| a < b);
        users.dedup();
        let parent = self.scope(top).and_then(|x| x.parent);
        if let Some(p) = parent {
            if let Some(at) = take_first(self.scopes.get_mut(p.index()).map(|x| &mut x.children), &top) {
                self.log(Undo::Unlinked(p, top, at));
            }
        }
        stack.push(top);
        while let Some(s) = stack.pop() {
            let Some(scope) = self.scopes.get_mut(s.index()) else { continue };
            if !scope.alive {
                continue;
            }
            scope.alive = false;
            self.dead += 1;
            let children = core::mem::take(&mut scope.children);
            stack.extend_from_slice(&children);
            let held = self.by_scope.get_mut(s.index()).map(core::mem::take).unwrap_or_default();
            self.assignments = self.assignments.saturating_sub(held.len());
            let members = self.members.get_mut(s.index()).map(core::mem::take).unwrap_or_default();
            self.memberships = self.memberships.saturating_sub(members.len());
            self.log(Undo::Died(s, children, held, members));
        }
        let Directory { scopes, by_user, member_of, .. } = self;
        let alive = |s: ScopeId| scopes.get(s.index()).is_some_and(|x| x.alive);
        for &u in &users {
            by_user.retain(u as usize, &|&(s, _)| alive(s));
            member_of.retain(u as usize, &|&s| alive(s));
        }
        Ok(())
    }

    pub fn has_assignment(&self, u: UserId, s: ScopeId, r: RoleId) -> bool {
        self.by_user.get(u.index()).binary_search(&(s, r)).is_ok()
    }

    /// Records an assignment (no checks: the engine checks first) in its place in the user's
    /// sorted list. Returns whether it is new.
    ///
    /// # Errors
    /// `limit_exceeded`.
    #[inline(never)]
    pub fn insert_assignment(&mut self, u: UserId, s: ScopeId, r: RoleId) -> Result<bool> {
        let Some(bs) = self.by_scope.get_mut(s.index()) else { return Ok(false) };
        if u.index() >= self.by_user.len() || self.by_user.get(u.index()).binary_search(&(s, r)).is_ok() {
            return Ok(false);
        }
        if self.assignments >= MAX_ASSIGNMENTS {
            return Err(over(MAX_ASSIGNMENTS, "assignments"));
        }
        room(bs)?;
        if !self.by_user.insert(u.index(), (s, r))? {
            return Ok(false);
        }
        bs.push((u, r));
        self.assignments += 1;
        self.log(Undo::Added(u, s, r));
        Ok(true)
    }

    /// Records an assignment in its scope's list only, unchecked: for a loader that finds
    /// repeats itself and calls [`Directory::index_assignments`] once all are in (putting each
    /// in its place in its user's sorted list as it comes would move the rest of a long list for
    /// every entry out of order).
    ///
    /// # Errors
    /// `limit_exceeded`.
    #[inline(never)]
    pub(crate) fn push_assignment(&mut self, u: UserId, s: ScopeId, r: RoleId) -> Result<()> {
        let Some(bs) = self.by_scope.get_mut(s.index()) else { return Ok(()) };
        if self.assignments >= MAX_ASSIGNMENTS {
            return Err(over(MAX_ASSIGNMENTS, "assignments"));
        }
        room(bs)?;
        bs.push((u, r));
        self.assignments += 1;
        Ok(())
    }

    /// Builds every user's sorted list of assignments from the scopes' lists, after
    /// [`Directory::push_assignment`]s, in one flat array: counted, then filled scope by scope
    /// in order, so each entry goes to the end of its user's list (past the few roles they hold
    /// at that scope): linear, no sort. On failure nothing changed.
    ///
    /// # Errors
    /// `limit_exceeded` when the memory for the lists cannot be had.
    #[inline(never)]
    pub(crate) fn index_assignments(&mut self) -> Result<()> {
        let mut counts = crate::lists::counts(self.users.len())?;
        for held in &self.by_scope {
            for &(u, _) in held {
                if let Some(c) = counts.get_mut(u.index()) {
                    c.1 += 1;
                }
            }
        }
        let mut lists = PerUser::counted(counts, (ScopeId(0), RoleId(0)))?;
        for (i, held) in self.by_scope.iter().enumerate() {
            let s = ScopeId(i as u32);
            for &(u, r) in held {
                lists.fill(u.index(), (s, r));
            }
        }
        self.by_user = lists;
        Ok(())
    }

    /// Records a member entry in its scope's list only, unchecked and repeats included: for a
    /// loader, which calls [`Directory::index_members`] once all are in. The count of
    /// memberships counts every entry until then.
    ///
    /// # Errors
    /// `limit_exceeded` when the memory cannot be had.
    #[inline(never)]
    pub(crate) fn push_member(&mut self, s: ScopeId, u: UserId) -> Result<()> {
        let Some(m) = self.members.get_mut(s.index()) else { return Ok(()) };
        room(m)?;
        m.push(u);
        self.memberships += 1;
        Ok(())
    }

    /// Builds every user's sorted list of scopes from the member lists, in one flat array
    /// (counted, then filled scope by scope in order: linear, no sort), dropping repeated
    /// entries from the member lists (the first stays). On failure nothing changed.
    ///
    /// # Errors
    /// `limit_exceeded` when the memory for the lists cannot be had.
    #[inline(never)]
    pub(crate) fn index_members(&mut self) -> Result<()> {
        let mut counts = crate::lists::counts(self.users.len())?;
        for list in &self.members {
            for u in list {
                if let Some(c) = counts.get_mut(u.index()) {
                    c.1 += 1;
                }
            }
        }
        let mut lists = PerUser::counted(counts, ScopeId(0))?;
        let mut entries = 0usize;
        for (i, list) in self.members.iter_mut().enumerate() {
            let s = ScopeId(i as u32);
            // The entries kept move up over the repeats (Vec::retain, for its own generality,
            // weighs twice as much in the module that pages download).
            let mut kept = 0;
            for j in 0..list.len() {
                let Some(&u) = list.get(j) else { break };
                if lists.fill(u.index(), s) {
                    if let Some(x) = list.get_mut(kept) {
                        *x = u;
                    }
                    kept += 1;
                }
            }
            list.truncate(kept);
            entries += kept;
        }
        self.memberships = entries;
        self.member_of = lists;
        Ok(())
    }

    /// How many memberships there are (every entry recorded since the last
    /// [`Directory::index_members`], repeats included, while a loader pushes them).
    pub fn memberships(&self) -> usize {
        self.memberships
    }

    /// Removes an assignment. Returns whether it was there.
    pub fn remove_assignment(&mut self, u: UserId, s: ScopeId, r: RoleId) -> bool {
        if !self.by_user.remove(u.index(), &(s, r)) {
            return false;
        }
        self.assignments = self.assignments.saturating_sub(1);
        let at = take_first(self.by_scope.get_mut(s.index()), &(u, r));
        // (Not in its scope's list, which cannot happen, it goes back at the list's end.)
        self.log(Undo::Removed(u, s, r, at.unwrap_or(usize::MAX)));
        true
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentDoc {
    pub user: String,
    pub role: String,
    pub scope: String,
}

