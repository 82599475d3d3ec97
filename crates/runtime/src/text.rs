//! Directory text in its usual form read straight into a [`Loader`], for the package's Node
//! entries (the runtime module built for speed, and the authoring module): no JSON value is
//! built in JavaScript and no numbers are handed over, which at a million users was most of a
//! load's time.
//!
//! It reads what the package's JavaScript text reader reads (`readDirectoryText` in
//! `js/directory.mjs`) and declines what it declines: the general form with its keys in the
//! usual order (`scopes`, `members`, `assignments`, each at most once), strings without escapes
//! or control characters, no member list under a key that is an array index or given twice. So
//! the document it accepts is one `JSON.parse` would give in the same order, and its users and
//! scopes get the numbers every other reader gives them (in order of first sight).
//!
//! Anything else, every mistake included, is declined ([`Declined`]): the caller then reads the
//! document its own way, which finds the same mistake and names its place. A reader that only
//! accepts is small, and cannot give an error the other readers would not. (A `limit_exceeded`
//! met on the way, memory run out or a count past its limit, is handed back with the decline,
//! for a caller that has no other way to read the text.)

use crate::directory::{Directory, ScopeId};
use crate::error::{Code, Error, Result};
use crate::ids::RoleId;
use crate::load::Loader;
use crate::model::Model;
use crate::names::Names;
use crate::prelude::*;

/// Why a text was not read: declined, with the `limit_exceeded` error met, if that was why.
#[derive(Debug)]
pub struct Declined(pub Option<Error>);

/// Reads `text` into a directory of `m`, or declines it (see above).
///
/// # Errors
/// [`Declined`], for every text it does not read.
pub fn read(m: &Model, text: &str) -> core::result::Result<Directory, Declined> {
    let mut c = Cursor { s: text, at: 0, limit: None };
    if text.len() > crate::limits::MAX_DIRECTORY_BYTES {
        return Err(Declined(None));
    }
    document(&mut c, m).ok_or_else(|| Declined(c.limit.take()))
}

fn document(c: &mut Cursor, m: &Model) -> Option<Directory> {
    let text = c.s;
    let mut ld = Loader::new(m);
    let mut part = 0;
    let mut more = c.open(b'{', b'}')?;
    while more {
        let next = match c.string()? {
            "scopes" => 1,
            "members" => 2,
            "assignments" => 3,
            _ => return None,
        };
        // In this order, each once.
        if next <= part || !c.eat(b':') {
            return None;
        }
        part = next;
        match next {
            1 => scopes(c, &mut ld)?,
            2 => members(c, &mut ld)?,
            _ => assignments(c, &mut ld)?,
        }
        more = c.more(b'}')?;
    }
    if c.ws() != END || c.at != text.len() {
        return None;
    }
    c.kept(ld.finish())
}

/// What [`Cursor::ws`] finds at the end of the text.
const END: u8 = 0;

/// Where an entry would be named: never, as an error declines the text.
fn nowhere() -> String {
    String::new()
}

struct Cursor<'a> {
    s: &'a str,
    at: usize,
    /// The `limit_exceeded` error that stopped the reading, if one did.
    limit: Option<Error>,
}

impl<'a> Cursor<'a> {
    /// `r`'s value, or `None` (the text is declined), keeping a `limit_exceeded` error.
    fn kept<T>(&mut self, r: Result<T>) -> Option<T> {
        r.map_err(|e| {
            if e.code == Code::LimitExceeded {
                self.limit = Some(e);
            }
        })
        .ok()
    }

    /// The next byte that is not white space ([`END`] at the end), `at` on it.
    fn ws(&mut self) -> u8 {
        loop {
            match self.s.as_bytes().get(self.at) {
                Some(b' ' | b'\n' | b'\r' | b'\t') => self.at += 1,
                Some(&c) => return c,
                None => return END,
            }
        }
    }

    /// Past `c` (after white space), if it comes next.
    fn eat(&mut self, c: u8) -> bool {
        let found = self.ws() == c;
        self.at += usize::from(found);
        found
    }

    /// Past `open`: whether items follow (false: past `close` too); `None` when `open` is not next.
    fn open(&mut self, open: u8, close: u8) -> Option<bool> {
        if !self.eat(open) {
            return None;
        }
        Some(!self.eat(close))
    }

    /// After an item: past a comma (true) or past `close` (false); `None` for anything else.
    fn more(&mut self, close: u8) -> Option<bool> {
        match self.ws() {
            b',' => {
                self.at += 1;
                Some(true)
            }
            c if c == close => {
                self.at += 1;
                Some(false)
            }
            _ => None,
        }
    }

    /// A string without escapes or control characters, `at` past it.
    #[inline]
    fn string(&mut self) -> Option<&'a str> {
        if self.ws() != b'"' {
            return None;
        }
        let start = self.at + 1;
        let rest = self.s.as_bytes().get(start..)?;
        let len = rest.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        self.at = start + len + 1;
        // Quotes are ASCII: the string is cut at character boundaries.
        self.s.get(start..start + len)
    }
}

fn scopes(c: &mut Cursor, ld: &mut Loader) -> Option<()> {
    let mut more = c.open(b'[', b']')?;
    while more {
        let path = c.string()?;
        c.kept(ld.scope(path, &nowhere))?;
        more = c.more(b']')?;
    }
    Some(())
}

fn members(c: &mut Cursor, ld: &mut Loader) -> Option<()> {
    // The scopes with a list so far.
    let mut listed: Vec<bool> = Vec::new();
    // By user, the last list that named them (a list's number is its place, from 1): a user
    // named again in a list is passed over as soon as found, so that a list repeating one user
    // costs no memory per entry (as in the JavaScript readers).
    let mut stamp: Vec<u32> = Vec::new();
    let mut tag = 0u32;
    let mut more = c.open(b'{', b'}')?;
    while more {
        tag += 1;
        let key = c.string()?;
        // JavaScript lists an object's array-index keys first.
        if is_index(key) || !c.eat(b':') {
            return None;
        }
        let s: ScopeId = ld.directory().find_scope(key)?;
        if let Some(n) = (s.index() + 1).checked_sub(listed.len()) {
            c.kept(crate::directory::room_for(&mut listed, n))?;
            listed.resize(s.index() + 1, false);
        }
        let seen = listed.get_mut(s.index())?;
        if core::mem::replace(seen, true) {
            // `JSON.parse` would keep the last list.
            return None;
        }
        let mut users = c.open(b'[', b']')?;
        let batch = apart(member_batch as MemberBatch);
        while users {
            users = batch(c, ld, s, tag, &mut stamp)?;
        }
        more = c.more(b'}')?;
    }
    lists_right(c, ld)
}

/// `f`, called through a pointer no optimizer sees through: it stays a function of its own.
///
/// For V8: it compiles a wasm function quickly first and for speed once it has run a while,
/// but a call already running goes on in the quick compilation (there is no on-stack
/// replacement for wasm). A loop over a whole list in one call ran all of a first load that
/// way; a function called once a batch is soon called in its fast form. (Called only from one
/// place, it would be folded into its caller by LLVM or by wasm-opt, loop and all.)
fn apart<F>(f: F) -> F {
    core::hint::black_box(f)
}

type MemberBatch = for<'a, 'b, 'm> fn(&'b mut Cursor<'a>, &mut Loader<'m>, ScopeId, u32, &mut Vec<u32>) -> Option<bool>;
type AssignmentBatch = for<'a, 'b, 'm> fn(&'b mut Cursor<'a>, &mut Loader<'m>, &mut Roles<'a>) -> Option<bool>;

/// Up to [`BATCH`] entries of scope `s`'s member list (the list numbered `tag`); whether more
/// follow. Called [`apart`].
fn member_batch(c: &mut Cursor, ld: &mut Loader, s: ScopeId, tag: u32, stamp: &mut Vec<u32>) -> Option<bool> {
    let mut batch = [("", 0u64); BATCH];
    let mut users = true;
    let n = read_batch(&mut batch, || {
        let user = c.string()?;
        users = c.more(b']')?;
        Some(((user, Names::hash_of(user)), users))
    })?;
    let d = ld.directory();
    warm(batch.iter().take(n).map(|&(_, h)| (&d.users, h)));
    for &(user, h) in batch.iter().take(n) {
        let known = ld.directory().find_user_hashed(user, h);
        let u = known.map_or(usize::MAX, |u| u.index());
        if stamp.get(u) == Some(&tag) {
            continue;
        }
        let u = c.kept(ld.join(s, user, known, &nowhere))?.index();
        if u == stamp.len() {
            c.kept(crate::directory::room(stamp))?;
            stamp.push(0);
        }
        *stamp.get_mut(u)? = tag;
    }
    Some(users)
}

/// Every member list on the one its level asks for (`None` when one is not).
fn lists_right(c: &mut Cursor, ld: &mut Loader) -> Option<()> {
    (!c.kept(ld.lists_wrong())?).then_some(())
}

fn assignments(c: &mut Cursor, ld: &mut Loader) -> Option<()> {
    let mut more = c.open(b'[', b']')?;
    let batch = apart(assignment_batch as AssignmentBatch);
    let mut roles = Roles::default();
    while more {
        more = batch(c, ld, &mut roles)?;
    }
    Some(())
}

/// Up to [`BATCH`] assignments; whether more follow. Called [`apart`].
fn assignment_batch<'a>(c: &mut Cursor<'a>, ld: &mut Loader, roles: &mut Roles<'a>) -> Option<bool> {
    let mut batch = [(["", "", ""], 0u64, 0u64); BATCH];
    let mut more = true;
    let n = read_batch(&mut batch, || {
        let a = assignment(c)?;
        more = c.more(b']')?;
        Some(((a, Names::hash_of(a[0]), Names::hash_of(a[2])), more))
    })?;
    let d = ld.directory();
    warm(batch.iter().take(n).flat_map(|&(_, hu, hs)| [(&d.users, hu), (&d.scope_index, hs)]));
    for &([user, role, scope], hu, hs) in batch.iter().take(n) {
        // As `Loader::assignment`, with the role found once per id, the hashes had already.
        let r = roles.find(ld.model(), role)?;
        let d = ld.directory();
        let s = d.find_scope_hashed(scope, hs)?;
        let known = d.find_user_hashed(user, hu);
        c.kept(ld.assign(user, known, r, s, &nowhere))?;
    }
    Some(more)
}

/// Roles by id, as met: a directory names a few roles over and over, and the model's list is
/// searched by comparing ids. Each id is kept in one of a few places, by its length and its
/// last byte (another id there replaces it).
#[derive(Default)]
struct Roles<'a> {
    seen: [(&'a str, Option<RoleId>); 16],
}

impl<'a> Roles<'a> {
    fn find(&mut self, m: &Model, id: &'a str) -> Option<RoleId> {
        let at = (id.len() ^ usize::from(id.as_bytes().last().copied().unwrap_or(0))) % 16;
        let place = self.seen.get_mut(at)?;
        if place.0 != id || place.1.is_none() {
            *place = (id, m.role(id));
        }
        place.1
    }
}

/// An assignment: exactly the three fields, in any order; user, role and scope.
fn assignment<'a>(c: &mut Cursor<'a>) -> Option<[&'a str; 3]> {
    let mut got: [Option<&str>; 3] = [None; 3];
    let mut fields = c.open(b'{', b'}')?;
    while fields {
        let k = match c.string()? {
            "user" => 0,
            "role" => 1,
            "scope" => 2,
            _ => return None,
        };
        let slot = got.get_mut(k)?;
        if slot.is_some() || !c.eat(b':') {
            return None;
        }
        *slot = Some(c.string()?);
        fields = c.more(b'}')?;
    }
    let [Some(user), Some(role), Some(scope)] = got else { return None };
    Some([user, role, scope])
}

/// How many entries of a list are read before their lookups: the cache misses of a large
/// directory's tables then come together, not one after another (see [`warm`]).
const BATCH: usize = 16;

/// Fills `batch` from `next` (an item, and whether more follow) while items follow; how many.
fn read_batch<T>(batch: &mut [T; BATCH], mut next: impl FnMut() -> Option<(T, bool)>) -> Option<usize> {
    for (n, slot) in batch.iter_mut().enumerate() {
        let (item, more) = next()?;
        *slot = item;
        if !more {
            return Some(n + 1);
        }
    }
    Some(BATCH)
}

/// Starts the lookups of names by their hashes: every one's table slot, then the name in it.
fn warm<'a>(names: impl Iterator<Item = (&'a Names, u64)> + Clone) {
    let slots = names.clone().fold(0, |a, (t, h)| a ^ t.touch(h));
    core::hint::black_box(names.fold(slots, |a, (t, h)| a ^ t.touch_name(h)));
}

/// Whether `key` is an array index (0 to 2^32 - 2, without a leading zero).
fn is_index(key: &str) -> bool {
    let b = key.as_bytes();
    if b.is_empty() || b.len() > 10 || (b.len() > 1 && b.first() == Some(&b'0')) || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    b.iter().fold(0u64, |v, &d| v * 10 + u64::from(d - b'0')) < 0xffff_ffff
}
