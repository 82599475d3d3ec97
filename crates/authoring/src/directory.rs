//! Reading a directory document (JSON text, the general or the nested form) into a
//! [`Directory`] in one streaming pass over the text, on the runtime's [`Loader`]. No document
//! tree and no list of entries is built, so a load takes the memory of the directory itself (its
//! distinct ids and the links between them) however often the text repeats them.
//!
//! Parts of a document may come in any order (`members` before `scopes`, a nested item's `users`
//! before its `id`): a part that needs another not yet read is marked, skipped, and read when its
//! turn comes. In the usual order (as `exportDirectory` writes it) nothing is read twice. Member
//! lists are checked against the lists their level asks for once all are in; only when one is
//! wrong is the text read again, to name the first wrong entry in document order.

use crate::json::{join, Mark, Next, Pull};
use rolecascade_runtime::directory::{Directory, ScopeId};
use rolecascade_runtime::error::{shown, Code, Error, Result};
use rolecascade_runtime::load::{At, Loader};
use rolecascade_runtime::model::Model;
use rolecascade_runtime::msg;
use rolecascade_runtime::names::Names;
use std::borrow::Cow;

const D: Code = Code::InvalidDirectory;

fn shape(path: impl Into<String>, msg: impl Into<String>) -> Error {
    Error::at(D, path, msg)
}

/// Reads a directory document into a new directory: the usual form (the general form, its
/// parts in order, no escapes) by the runtime's quicker reader, `rolecascade_runtime::text`,
/// which reads what it accepts exactly as [`read`] does; anything else, mistakes included, by
/// [`read`].
///
/// # Errors
/// As [`read`].
pub fn load(m: &Model, text: &str) -> Result<Directory> {
    // Declined, even for a limit: the full reader names the entry over it.
    rolecascade_runtime::text::read(m, text).or_else(|_| read(m, text))
}

/// Reads a directory document, of either form with its parts in any order, into a new
/// directory.
///
/// # Errors
/// `invalid_json`, `invalid_argument` (ill-formed text), `invalid_directory`, `unknown_scope`,
/// `unknown_role`, `level_mismatch`, `not_a_member`, `limit_exceeded`, with the path of the
/// offending element.
pub fn read(m: &Model, text: &str) -> Result<Directory> {
    let mut p = Pull::new(text, rolecascade_runtime::limits::MAX_DIRECTORY_BYTES)?;
    let mut ld = Loader::new(m);
    let mut lists: Option<Lists> = None;
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
                lists = Some(Lists::Flat(at));
                if scopes_read {
                    read_members(&mut p, &mut ld, false)?;
                    check_lists(&mut p, &mut ld, lists)?;
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
                lists = Some(Lists::Nested(at));
                read_level(&mut p, &mut ld, 0, "", k)?;
                check_lists(&mut p, &mut ld, lists)?;
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
            check_lists(&mut p, &mut ld, lists)?;
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


/// Checks every member list against the one its level asks for; on a wrong entry, reads the
/// lists again to name the first one in document order.
fn check_lists(p: &mut Pull, ld: &mut Loader, lists: Option<Lists>) -> Result<()> {
    if !ld.lists_wrong()? {
        return Ok(());
    }
    match lists {
        Some(Lists::Flat(at)) => {
            p.seek(at);
            read_members(p, ld, true)?;
        }
        Some(Lists::Nested(at)) => {
            let m = ld.model();
            let key = m.level_of_depth(0).and_then(|l| l.nested.as_ref()).map(|n| n.key.as_str()).unwrap_or("");
            p.seek(at);
            walk(p, m, &mut Verify(ld), 0, "", key)?;
        }
        None => {}
    }
    Err(Error::new(Code::NotAMember, "a member list holds a user who is not on the list its level requires"))
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
        let s = ld.directory().find_scope(&scope);
        if let Some(s) = s {
            // The same scope twice would be two lists for one scope: which one is meant?
            let i = s.index();
            if done.len() <= i {
                rolecascade_runtime::directory::room(&mut done)?;
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
        loop {
            if j % AHEAD == 0 {
                ahead(p, j == 0, ld, false);
            }
            if !p.item(j == 0)? {
                break;
            }
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
    loop {
        if i % AHEAD == 0 {
            ahead(p, i == 0, ld, true);
        }
        if !p.item(i == 0)? {
            break;
        }
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

/// How many entries of a list [`ahead`] reads ahead.
const AHEAD: usize = 16;

/// How many users a directory has before [`ahead`] reads ahead.
const AHEAD_FROM: usize = 1 << 16;

/// Reads up to [`AHEAD`] entries of the array being read ahead (user ids, or assignments'
/// users and scopes), looks them up, and comes back: the lookups' cache misses in the tables of
/// a large directory come together, not one after another, and the entries' own reading finds
/// everything in the cache. Anything unexpected ends the look ahead (the entries' reading finds
/// it in turn).
fn ahead(p: &mut Pull, first: bool, ld: &Loader, assignments: bool) {
    let dir = ld.directory();
    if dir.users.len() < AHEAD_FROM {
        // Tables this small stay in the cache: reading ahead would only read twice.
        return;
    }
    let back = p.mark();
    let mut users = [0u64; AHEAD];
    let mut scopes = [0u64; AHEAD];
    let mut n = 0;
    while n < AHEAD && matches!(p.item(first && n == 0), Ok(true)) {
        let (Some(u), Some(s)) = (users.get_mut(n), scopes.get_mut(n)) else { break };
        if assignments {
            if !matches!(p.peek_kind(), Ok(Next::Object)) || p.enter().is_err() {
                break;
            }
            let mut first_key = true;
            while let Ok(Some(k)) = p.key(first_key) {
                first_key = false;
                let slot = match k.as_ref() {
                    "user" => &mut *u,
                    "scope" => &mut *s,
                    _ => &mut 0,
                };
                match p.peek_kind() {
                    Ok(Next::String) => *slot = p.string().map_or(0, |x| Names::hash_of(&x)),
                    _ => {
                        if p.skip().is_err() {
                            break;
                        }
                    }
                }
            }
        } else {
            if !matches!(p.peek_kind(), Ok(Next::String)) {
                break;
            }
            *u = p.string().map_or(0, |x| Names::hash_of(&x));
        }
        n += 1;
    }
    let sink = users.iter().zip(&scopes).take(n).fold(0, |a, (&u, &s)| a ^ dir.users.touch(u) ^ if assignments { dir.scope_index.touch(s) } else { 0 });
    std::hint::black_box(sink);
    p.seek(back);
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
        Ok(self.0.directory().find_scope(path))
    }
    fn member(&mut self, s: Option<ScopeId>, path: &str, user: &str, at: At) -> Result<()> {
        match s {
            Some(s) => self.0.verify_member(s, path, user, at),
            None => Ok(()),
        }
    }
}

fn read_level(p: &mut Pull, ld: &mut Loader, depth: usize, parent: &str, at: &str) -> Result<()> {
    let m = ld.model();
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

