//! Loading a directory document, flat or nested, into a [`Directory`] in one streaming pass over
//! the text. No document tree and no list of entries is built, so a load takes the memory of the
//! directory itself (its distinct ids and the links between them) however often the text repeats
//! them; every structure grows fallibly and every count has a limit (`limits`), so a document
//! within the limits cannot exhaust wasm32's memory or trap the engine.
//!
//! Parts of a document may come in any order (`members` before `scopes`, a nested item's `users`
//! before its `id`): a part that needs another not yet read is marked, skipped, and read when its
//! turn comes. In the usual order (as `exportDirectory` writes it) nothing is read twice. Member
//! lists are checked against the lists their level asks for once all are in; only when one is
//! wrong is the text read again, to name the first wrong entry in document order.

use crate::msg;
use crate::ids::RoleId;
use crate::model::Model;
use crate::directory::{Directory, ScopeId, UserId};
use crate::error::{shown, Code, Error, Result};
use crate::json::{join, Mark, Next, Pull};
use std::borrow::Cow;

const D: Code = Code::InvalidDirectory;

fn shape(path: impl Into<String>, msg: impl Into<String>) -> Error {
    Error::at(D, path, msg)
}

/// Where an entry stands in the document, formatted only when an error needs it.
pub(crate) type At<'a> = &'a dyn Fn() -> String;

fn with_path(e: Error, at: At) -> Error {
    Error { path: Some(at()), ..e }
}

/// Reads a directory document into a new directory.
///
/// # Errors
/// `invalid_json`, `invalid_argument` (ill-formed text), `invalid_directory`, `unknown_scope`,
/// `unknown_role`, `level_mismatch`, `not_a_member`, `limit_exceeded`, with the path of the
/// offending element.
pub fn load(m: &Model, text: &str) -> Result<Directory> {
    let mut p = Pull::new(text, crate::limits::MAX_DIRECTORY_BYTES)?;
    let mut ld = Loader::new(m);
    if p.peek_kind()? != Next::Object {
        return Err(shape("", "a directory is a JSON object"));
    }
    p.enter()?;
    let root_key = m.level_of_depth(0).and_then(|l| l.nested.as_ref()).map(|n| n.key.as_str());
    let mut seen: Vec<Cow<str>> = Vec::new();
    // Each part is read in place when what it needs is in, otherwise marked and read later:
    // members need the scopes, assignments need the member lists.
    let (mut scopes_read, mut lists_read, mut assignments_read) = (false, false, false);
    let (mut members_at, mut assignments_at): (Option<Mark>, Option<Mark>) = (None, None);
    let mut first = true;
    while let Some(key) = p.key(first)? {
        first = false;
        if seen.contains(&key) {
            return Err(shape(join("", &key), msg!("duplicate field '", shown(&key), "'")));
        }
        let general = key == "scopes" || key == "members";
        let conflict = match root_key {
            Some(r) if general => seen.iter().any(|s| s == r),
            Some(r) if key == r => seen.iter().any(|s| s == "scopes" || s == "members"),
            _ => false,
        };
        if let (true, Some(r)) = (conflict, root_key) {
            return Err(shape(join("", r), msg!("a directory is either the general form (scopes, members) or the nested form (", r, "), not both")));
        }
        match key.as_ref() {
            "scopes" => {
                read_scopes(&mut p, &mut ld)?;
                scopes_read = true;
            }
            "members" => {
                let at = p.mark();
                members_at = Some(at);
                ld.lists = Some(Lists::Flat(at));
                if scopes_read {
                    read_members(&mut p, &mut ld, false)?;
                    ld.check_lists(&mut p)?;
                    lists_read = true;
                } else {
                    p.skip()?;
                }
            }
            "assignments" if lists_read => {
                read_assignments(&mut p, &mut ld)?;
                assignments_read = true;
            }
            "assignments" => {
                assignments_at = Some(p.mark());
                p.skip()?;
            }
            k if Some(k) == root_key => {
                let at = p.mark();
                ld.lists = Some(Lists::Nested(at));
                read_level(&mut p, &mut ld, 0, "", k)?;
                ld.check_lists(&mut p)?;
                scopes_read = true;
                lists_read = true;
            }
            k => {
                let expected = match root_key {
                    Some(r) => msg!("scopes, members, assignments or ", r),
                    None => "scopes, members or assignments".to_string(),
                };
                return Err(shape(join("", k), msg!("unknown field '", shown(k), "', expected one of: ", expected)));
            }
        }
        seen.push(key);
    }
    p.finish()?;
    // The parts read out of order.
    if !lists_read {
        if let Some(at) = members_at {
            p.seek(at);
            read_members(&mut p, &mut ld, false)?;
            ld.check_lists(&mut p)?;
        }
    }
    if let (false, Some(at)) = (assignments_read, assignments_at) {
        p.seek(at);
        read_assignments(&mut p, &mut ld)?;
    }
    ld.finish()
}

/// Where the member lists are in the text, to find a wrong entry after all are in.
#[derive(Clone, Copy)]
enum Lists {
    Flat(Mark),
    Nested(Mark),
}

pub(crate) struct Loader<'m> {
    m: &'m Model,
    dir: Directory,
    lists: Option<Lists>,
    /// The assignments taken so far (user, scope, role) and, for a role of an exclusive group,
    /// (user, scope, group): a repeat or a second role of a group is found in constant time,
    /// whatever the order of the document. Assignments go to their scope's list; their users'
    /// lists are built once all are in ([`Loader::finish`]).
    taken: Keys,
}

impl<'m> Loader<'m> {
    pub(crate) fn new(m: &'m Model) -> Loader<'m> {
        Loader { m, dir: Directory::default(), lists: None, taken: Keys::default() }
    }

    /// The directory, with its users' lists of assignments.
    ///
    /// # Errors
    /// `limit_exceeded` when the memory for them cannot be had.
    pub(crate) fn finish(mut self) -> Result<Directory> {
        self.dir.index_assignments()?;
        Ok(self.dir)
    }

    /// Whether some member list holds a user not on the list its level asks for.
    #[inline(never)]
    pub(crate) fn lists_wrong(&self) -> bool {
        self.dir.scope_ids().any(|s| self.dir.members.get(s.index()).is_some_and(|us| us.iter().any(|&u| self.wrong_member(s, u).is_some())))
    }

    #[inline(never)]
    pub(crate) fn scope(&mut self, path: &str, at: At) -> Result<ScopeId> {
        if self.dir.find_scope(path).is_some() {
            return Err(shape(at(), msg!("duplicate scope '", shown(path), "'")));
        }
        // A parent missing from the list is an error, not created silently.
        self.dir.add_scope(self.m, path, D).map_err(|e| with_path(e, at))
    }

    #[inline(never)]
    pub(crate) fn member(&mut self, s: ScopeId, user: &str, at: At) -> Result<()> {
        let u = self.dir.intern_user(user).map_err(|e| with_path(e, at))?;
        self.dir.add_member(s, u).map_err(|e| with_path(e, at))?;
        Ok(())
    }

    /// A member of `s` who is not on the list `s`'s level asks for, if any.
    fn wrong_member(&self, s: ScopeId, u: UserId) -> Option<ScopeId> {
        self.dir.list_requires(self.m, s).filter(|&r| !self.dir.is_member(u, r))
    }

    /// Checks every member list against the one its level asks for; on a wrong entry, reads the
    /// lists again to name the first one in document order.
    fn check_lists(&mut self, p: &mut Pull) -> Result<()> {
        if !self.lists_wrong() {
            return Ok(());
        }
        match self.lists {
            Some(Lists::Flat(at)) => {
                p.seek(at);
                read_members(p, self, true)?;
            }
            Some(Lists::Nested(at)) => {
                let key = self.m.level_of_depth(0).and_then(|l| l.nested.as_ref()).map(|n| n.key.as_str()).unwrap_or("");
                p.seek(at);
                walk(p, self.m, &mut Verify(self), 0, "", key)?;
            }
            None => {}
        }
        Err(Error::new(Code::NotAMember, "a member list holds a user who is not on the list its level requires"))
    }

    /// The error for a wrong member entry, if this one is.
    #[inline(never)]
    fn verify_member(&self, s: ScopeId, scope: &str, user: &str, at: At) -> Result<()> {
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
    pub(crate) fn assignment(&mut self, user: &str, role: &str, scope: &str, at: At) -> Result<()> {
        let (u, r, s) = self.check_assignment(user, role, scope).map_err(|e| with_path(e, at))?;
        let key = |tag: u64| (u64::from(u.number()) << 39) | (u64::from(s.number()) << 17) | tag;
        if !self.taken.insert(key(u64::from(r.number()))).map_err(|e| with_path(e, at))? {
            // Listed twice: one assignment.
            return Ok(());
        }
        if let Some(g) = self.m.roles.get(r.index()).and_then(|x| x.group) {
            if !self.taken.insert(key(GROUP | g as u64)).map_err(|e| with_path(e, at))? {
                // The role of the group already taken, found once, for the message.
                let other = self.dir.by_scope.get(s.index()).into_iter().flatten().find(|&&(x, o)| x == u && o != r && self.m.roles.get(o.index()).and_then(|y| y.group) == Some(g));
                return Err(shape(
                    at(),
                    msg!("'", shown(user), "' already holds '", other.map_or("", |&(_, o)| self.m.role_id(o)), "' at '", shown(scope), "', and a user holds one role of group '", self.m.groups.get(g).map_or("", |x| x.id.as_str()), "' per scope"),
                ));
            }
        }
        self.dir.push_assignment(u, s, r).map_err(|e| with_path(e, at))
    }

    #[inline(never)]
    fn check_assignment(&mut self, user: &str, role: &str, scope: &str) -> Result<(UserId, RoleId, ScopeId)> {
        let r = self.m.role(role).ok_or_else(|| Error::new(Code::UnknownRole, msg!("unknown role '", shown(role), "'")))?;
        let s = self.dir.find_scope(scope).ok_or_else(|| Error::new(Code::UnknownScope, msg!("unknown scope '", shown(scope), "'")))?;
        crate::changes::check_assignable(self.m, &self.dir, r, s)?;
        crate::directory::check_user_id(user).map_err(|why| Error::new(D, why))?;
        let member_at = self.m.roles.get(r.index()).and_then(|x| self.m.levels.get(x.level.index())).and_then(|l| l.membership_depth).and_then(|md| self.dir.ancestor(s, md));
        let u = self.dir.find_user(user);
        if let Some(at) = member_at {
            if !u.is_some_and(|u| self.dir.is_member(u, at)) {
                return Err(Error::new(Code::NotAMember, msg!("'", shown(user), "' is not a member of '", shown(self.dir.scope_path(at)), "'")));
            }
        }
        let u = match u {
            Some(u) => u,
            None => self.dir.intern_user(user)?,
        };
        Ok((u, r, s))
    }
}

/// The tag of an exclusive group in a [`Keys`] key (a role's tag is its number, below 2^15).
const GROUP: u64 = 1 << 16;

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
            let old = std::mem::replace(&mut self.slots, slots);
            self.len = 0;
            for k in old.into_iter().filter(|&k| k != 0) {
                self.insert(k & !TAKEN)?;
            }
        }
        // Fibonacci hashing: the product's high bits.
        let mask = self.slots.len() - 1;
        let mut i = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask;
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

fn read_scopes(p: &mut Pull, ld: &mut Loader) -> Result<()> {
    if p.peek_kind()? != Next::Array {
        return Err(shape("scopes", "expected an array of scope paths"));
    }
    p.enter()?;
    let mut i = 0;
    while p.item(i == 0)? {
        let at = || msg!("scopes[", i, "]");
        if p.peek_kind()? != Next::String {
            return Err(shape(at(), "expected a string"));
        }
        let path = p.string()?;
        ld.scope(&path, &at)?;
        i += 1;
    }
    Ok(())
}

/// The `members` object: adds every entry, or with `verify`, finds the first wrong one.
fn read_members(p: &mut Pull, ld: &mut Loader, verify: bool) -> Result<()> {
    if p.peek_kind()? != Next::Object {
        return Err(shape("members", "expected an object mapping scope paths to user lists"));
    }
    p.enter()?;
    let mut first = true;
    let mut done: Vec<bool> = Vec::new();
    while let Some(scope) = p.key(first)? {
        first = false;
        let list_at = || join("members", &scope);
        if p.peek_kind()? != Next::Array {
            return Err(shape(list_at(), "expected an array of user ids"));
        }
        let s = ld.dir.find_scope(&scope);
        if let Some(s) = s {
            // The same scope twice would be two lists for one scope: which one is meant?
            let i = s.index();
            if done.len() <= i {
                crate::directory::room(&mut done)?;
                done.resize(i + 1, false);
            }
            if done.get(i).copied().unwrap_or(false) {
                return Err(p.error(&msg!("duplicate key '", shown(&scope), "'")));
            }
            if let Some(d) = done.get_mut(i) {
                *d = true;
            }
        }
        p.enter()?;
        let mut j = 0;
        while p.item(j == 0)? {
            let at = || msg!(list_at(), "[", j, "]");
            if p.peek_kind()? != Next::String {
                return Err(shape(at(), "expected a string"));
            }
            let user = p.string()?;
            let s = s.ok_or_else(|| Error::at(Code::UnknownScope, at(), msg!("unknown scope '", shown(&scope), "'")))?;
            if verify {
                ld.verify_member(s, &scope, &user, &at)?;
            } else {
                ld.member(s, &user, &at)?;
            }
            j += 1;
        }
    }
    Ok(())
}

fn read_assignments(p: &mut Pull, ld: &mut Loader) -> Result<()> {
    if p.peek_kind()? != Next::Array {
        return Err(shape("assignments", "expected an array"));
    }
    p.enter()?;
    let mut i = 0;
    while p.item(i == 0)? {
        let at = || msg!("assignments[", i, "]");
        if p.peek_kind()? != Next::Object {
            return Err(shape(at(), "expected an object {user, role, scope}"));
        }
        p.enter()?;
        let (mut user, mut role, mut scope) = (None, None, None);
        let mut first = true;
        while let Some(k) = p.key(first)? {
            first = false;
            let slot = match k.as_ref() {
                "user" => &mut user,
                "role" => &mut role,
                "scope" => &mut scope,
                _ => return Err(shape(join(&at(), &k), msg!("unknown field '", shown(&k), "', expected one of: user, role, scope"))),
            };
            if slot.is_some() {
                return Err(p.error(&msg!("duplicate key '", shown(&k), "'")));
            }
            if p.peek_kind()? != Next::String {
                return Err(shape(join(&at(), &k), "expected a string"));
            }
            *slot = Some(p.string()?);
        }
        let missing = |k: &str| shape(at(), msg!("missing field '", k, "'"));
        let user = user.ok_or_else(|| missing("user"))?;
        let role = role.ok_or_else(|| missing("role"))?;
        let scope = scope.ok_or_else(|| missing("scope"))?;
        ld.assignment(&user, &role, &scope, &at)?;
        i += 1;
    }
    Ok(())
}

/// What the nested form's walk does with what it finds: build the directory, or look for the
/// first wrong member entry in a directory already built.
trait Found {
    fn scope(&mut self, path: &str, at: At) -> Result<Option<ScopeId>>;
    fn member(&mut self, s: Option<ScopeId>, path: &str, user: &str, at: At) -> Result<()>;
}

impl Found for Loader<'_> {
    fn scope(&mut self, path: &str, at: At) -> Result<Option<ScopeId>> {
        Loader::scope(self, path, at).map(Some)
    }
    fn member(&mut self, s: Option<ScopeId>, _path: &str, user: &str, at: At) -> Result<()> {
        match s {
            Some(s) => Loader::member(self, s, user, at),
            None => Ok(()),
        }
    }
}

struct Verify<'a, 'm>(&'a Loader<'m>);

impl Found for Verify<'_, '_> {
    fn scope(&mut self, path: &str, _at: At) -> Result<Option<ScopeId>> {
        Ok(self.0.dir.find_scope(path))
    }
    fn member(&mut self, s: Option<ScopeId>, path: &str, user: &str, at: At) -> Result<()> {
        match s {
            Some(s) => self.0.verify_member(s, path, user, at),
            None => Ok(()),
        }
    }
}

fn read_level(p: &mut Pull, ld: &mut Loader, depth: usize, parent: &str, at: &str) -> Result<()> {
    let m = ld.m;
    walk(p, m, ld, depth, parent, at)
}

/// The nested form's settings for one level.
struct Nested<'m> {
    level: &'m str,
    key: &'m str,
    id: &'m str,
    members: Option<&'m str>,
    child: Option<&'m str>,
}

impl<'m> Nested<'m> {
    fn new(m: &'m Model, depth: usize, at: &str) -> Result<Nested<'m>> {
        let Some(level) = m.level_of_depth(depth) else {
            return Err(shape(at, "the model has no level this deep"));
        };
        let Some(nested) = &level.nested else {
            return Err(shape(at, msg!("level '", level.id, "' has no nested form")));
        };
        let child = m.level_of_depth(depth + 1).and_then(|l| l.nested.as_ref()).map(|n| n.key.as_str());
        Ok(Nested { level: &level.id, key: &nested.key, id: nested.id.as_deref().unwrap_or("id"), members: nested.members.as_deref(), child })
    }

    fn allowed(&self) -> String {
        [Some(self.id), self.members, self.child].iter().flatten().copied().collect::<Vec<_>>().join(", ")
    }
}

fn child_path(parent: &str, seg: &str) -> String {
    if parent.is_empty() {
        seg.to_string()
    } else {
        msg!(parent, "/", seg)
    }
}

/// The array of items of the level at `depth` under `parent` (a path), itself at `at`.
fn walk(p: &mut Pull, m: &Model, found: &mut dyn Found, depth: usize, parent: &str, at: &str) -> Result<()> {
    let n = Nested::new(m, depth, at)?;
    if p.peek_kind()? != Next::Array {
        return Err(shape(at, msg!("'", shown(n.key), "' must be an array")));
    }
    p.enter()?;
    let mut i = 0;
    while p.item(i == 0)? {
        let item_at = msg!(at, "[", i, "]");
        match p.peek_kind()? {
            Next::String => {
                let seg = p.string()?;
                found.scope(&child_path(parent, &seg), &|| item_at.clone())?;
            }
            Next::Object => walk_item(p, m, found, &n, depth, parent, &item_at)?,
            _ => return Err(shape(item_at, msg!("a ", n.level, " is a string id or an object"))),
        }
        i += 1;
    }
    Ok(())
}

/// An item object: its id first, whatever the order of its fields (those met before the id are
/// marked and read once it is known).
fn walk_item(p: &mut Pull, m: &Model, found: &mut dyn Found, n: &Nested, depth: usize, parent: &str, at: &str) -> Result<()> {
    p.enter()?;
    let mut scope: Option<(Option<ScopeId>, String)> = None;
    let mut pending: Vec<(bool, String, Mark)> = Vec::new();
    let mut seen = [false; 3];
    let mut first = true;
    while let Some(k) = p.key(first)? {
        first = false;
        let which = if k == n.id {
            0
        } else if Some(k.as_ref()) == n.members {
            1
        } else if Some(k.as_ref()) == n.child {
            2
        } else {
            return Err(shape(join(at, &k), msg!("unknown field '", shown(&k), "', expected one of: ", n.allowed())));
        };
        if seen.get(which).copied().unwrap_or(false) {
            return Err(p.error(&msg!("duplicate key '", shown(&k), "'")));
        }
        if let Some(x) = seen.get_mut(which) {
            *x = true;
        }
        if p.peek_kind()? == Next::Null {
            // null is an absent field, as everywhere in documents.
            p.skip()?;
            continue;
        }
        let members = which == 1;
        if which == 0 {
            let seg_at = join(at, &k);
            if p.peek_kind()? != Next::String {
                return Err(shape(seg_at, "expected a string"));
            }
            let path = child_path(parent, &p.string()?);
            let s = found.scope(&path, &|| seg_at.clone())?;
            if !pending.is_empty() {
                let back = p.mark();
                for (members, key, mark) in std::mem::take(&mut pending) {
                    p.seek(mark);
                    part(p, m, found, depth, (s, &path), members, &join(at, &key))?;
                }
                p.seek(back);
            }
            scope = Some((s, path));
        } else if let Some((s, path)) = &scope {
            part(p, m, found, depth, (*s, path), members, &join(at, &k))?;
        } else {
            pending.push((members, k.into_owned(), p.mark()));
            p.skip()?;
        }
    }
    match scope {
        Some(_) => Ok(()),
        None => Err(shape(at, msg!("missing field '", n.id, "'"))),
    }
}

/// A member list (`members`) or the array of child items, of the item at scope `s`.
fn part(p: &mut Pull, m: &Model, found: &mut dyn Found, depth: usize, (s, path): (Option<ScopeId>, &str), members: bool, at: &str) -> Result<()> {
    if !members {
        return walk(p, m, found, depth + 1, path, at);
    }
    if p.peek_kind()? != Next::Array {
        return Err(shape(at, "expected an array of user ids"));
    }
    p.enter()?;
    let mut j = 0;
    while p.item(j == 0)? {
        let entry = || msg!(at, "[", j, "]");
        if p.peek_kind()? != Next::String {
            return Err(shape(entry(), "expected a string"));
        }
        let user = p.string()?;
        found.member(s, path, &user, &entry)?;
        j += 1;
    }
    Ok(())
}

/// A directory handed over as numbers, as the package's JavaScript reads a directory given as an
/// object (no JSON text is written or parsed): every string it names (scope paths, user ids,
/// role ids) once, one after another in `text`, with their lengths in UTF-16 code units (what
/// JavaScript counts); `ops`, the scopes and member entries in document order as pairs (a scope:
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
    let mut chars = f.text.char_indices();
    let mut at = 0usize;
    for (i, &n) in f.lens.iter().enumerate() {
        let mut units = 0u32;
        let mut end = at;
        while units < n {
            let Some((k, c)) = chars.next() else { break };
            units += c.len_utf16() as u32;
            end = k + c.len_utf8();
        }
        if units != n {
            return Err(Error::at(Code::InvalidArgument, msg!("@strings:", i), "a string's length does not fit the text"));
        }
        strings.push(f.text.get(at..end).unwrap_or(""));
        at = end;
    }
    Ok(strings)
}

/// Loads a [`Flat`] directory with exactly the checks of [`load`]. An error's path names the
/// entry by its list and position (`@ops:3`, `@assignments:0`, `@strings:5`), which the caller,
/// holding the document, turns into the document's own path.
///
/// # Errors
/// As [`load`].
pub fn load_flat(m: &Model, f: &Flat) -> Result<Directory> {
    let strings = cut(f)?;
    let get = |i: Option<&u32>, what: &str, k: usize| -> Result<&str> {
        i.and_then(|&i| strings.get(i as usize)).copied().ok_or_else(|| Error::at(Code::InvalidArgument, msg!("@", what, ":", k), "an entry names a string that is not there"))
    };
    let mut ld = Loader::new(m);
    for (k, pair) in f.ops.chunks(2).enumerate() {
        let path = get(pair.first(), "ops", k)?;
        let at = || msg!("@ops:", k);
        if pair.get(1) == Some(&Flat::SCOPE) {
            ld.scope(path, &at)?;
            continue;
        }
        let user = get(pair.get(1), "ops", k)?;
        let s = ld.dir.find_scope(path).ok_or_else(|| Error::at(Code::UnknownScope, at(), msg!("unknown scope '", shown(path), "'")))?;
        ld.member(s, user, &at)?;
    }
    if ld.lists_wrong() {
        // The first wrong entry, in document order.
        for (k, pair) in f.ops.chunks(2).enumerate() {
            if pair.get(1) == Some(&Flat::SCOPE) {
                continue;
            }
            let (path, user) = (get(pair.first(), "ops", k)?, get(pair.get(1), "ops", k)?);
            if let Some(s) = ld.dir.find_scope(path) {
                ld.verify_member(s, path, user, &|| msg!("@ops:", k))?;
            }
        }
    }
    for (k, t) in f.assignments.chunks(3).enumerate() {
        let (user, role, scope) = (get(t.first(), "assignments", k)?, get(t.get(1), "assignments", k)?, get(t.get(2), "assignments", k)?);
        ld.assignment(user, role, scope, &|| msg!("@assignments:", k))?;
    }
    ld.finish()
}
