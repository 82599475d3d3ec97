//! Snapshots: an engine's model and directory in one binary value (`exportSnapshot`), loaded
//! back with identical answers (`fromSnapshot`), for large directories and edge storage. Users
//! are written once and referred to by number, so a snapshot is smaller than the JSON and loads
//! without reading text; it is checked on load exactly as a directory document is (levels,
//! membership, exclusive groups, limits), so a corrupt snapshot is refused, never trusted.
//!
//! Layout: the magic `RCS` and a format byte, the version (u16), the compiled model (a length
//! and the bytes of `codec::encode`), then the scopes (paths, parents first), the users, the
//! member lists and the assignments by number, and an FNV-1a checksum of everything before it.

use crate::prelude::*;
use crate::msg;
use crate::codec;
use crate::engine::Engine;
use crate::error::{Code, Error, Result};
use crate::load::Loader;
use alloc::sync::Arc;

const MAGIC: &[u8; 4] = b"RCS\x1a";
const VERSION: u16 = 1;

fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

fn put_num(out: &mut Vec<u8>, mut x: u64) {
    loop {
        let byte = (x & 0x7f) as u8;
        x >>= 7;
        if x == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_num(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn bad(what: &str) -> Error {
    Error::new(Code::InvalidDirectory, msg!("the snapshot is corrupt: ", what))
}

impl Engine {
    /// The model and the directory as one binary value.
    ///
    /// # Errors
    /// `limit_exceeded` when the memory for it cannot be had.
    pub fn export_snapshot(&self) -> Result<Vec<u8>> {
        let d = &self.dir;
        let model = codec::encode(&self.model, true);
        let mut out = Vec::new();
        let estimate = model.len() + d.users.len() * 24 + d.scopes.len() * 48;
        out.try_reserve(estimate).map_err(|_| crate::directory::out_of_memory())?;
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        put_num(&mut out, model.len() as u64);
        out.extend_from_slice(&model);
        // Scopes by number are parents first (a scope is numbered after its parent); removed
        // ones are left out, so numbers are renumbered densely here.
        let live: Vec<_> = d.scope_ids().collect();
        let mut renum = vec![u32::MAX; d.scopes.len()];
        for (i, s) in live.iter().enumerate() {
            if let Some(slot) = renum.get_mut(s.index()) {
                *slot = i as u32;
            }
        }
        put_num(&mut out, live.len() as u64);
        for &s in &live {
            put_str(&mut out, d.scope_path(s));
        }
        put_num(&mut out, d.users.len() as u64);
        for u in d.user_ids() {
            put_str(&mut out, d.user_name(u));
        }
        for &s in &live {
            let members = d.members.get(s.index()).map(Vec::as_slice).unwrap_or(&[]);
            put_num(&mut out, members.len() as u64);
            for &u in members {
                put_num(&mut out, u64::from(u.number()));
            }
            let held = d.by_scope.get(s.index()).map(Vec::as_slice).unwrap_or(&[]);
            put_num(&mut out, held.len() as u64);
            for &(u, r) in held {
                put_num(&mut out, u64::from(u.number()));
                put_num(&mut out, u64::from(r.number()));
            }
        }
        let sum = fnv1a(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        Ok(out)
    }

    /// An engine from a snapshot: the same model and directory, the same answers.
    ///
    /// # Errors
    /// `invalid_model` (the model part), `invalid_directory` (not a snapshot, another version,
    /// corrupt), and every error loading the directory would give.
    pub fn from_snapshot(bytes: &[u8]) -> Result<Engine> {
        if bytes.len() < 10 || bytes.get(..4) != Some(MAGIC.as_slice()) {
            return Err(Error::new(Code::InvalidDirectory, "these bytes are not a snapshot (make one with exportSnapshot)"));
        }
        let version = u16::from_le_bytes([bytes.get(4).copied().unwrap_or(0), bytes.get(5).copied().unwrap_or(0)]);
        if version != VERSION {
            return Err(Error::new(Code::InvalidDirectory, msg!("the snapshot is in format version ", version, ", and this engine reads version ", VERSION)));
        }
        let (body, sum) = bytes.split_at(bytes.len() - 4);
        if fnv1a(body).to_le_bytes() != sum {
            return Err(bad("its checksum does not match"));
        }
        let mut r = Reader { b: body, i: 6 };
        let n = r.len()?;
        let model = codec::decode(r.take(n)?)?;
        let mut ld = Loader::new(&model);
        let scopes: Vec<&str> = (0..r.len()?).map(|_| r.str()).collect::<Result<_>>()?;
        let mut ids = Vec::new();
        for (i, path) in scopes.iter().enumerate() {
            ids.push(ld.scope(path, &|| msg!("snapshot scope ", i))?);
        }
        let users: Vec<&str> = (0..r.len()?).map(|_| r.str()).collect::<Result<_>>()?;
        let mut held = Vec::new();
        for (&s, path) in ids.iter().zip(&scopes) {
            for _ in 0..r.len()? {
                let user = users.get(r.index()?).copied().ok_or_else(|| bad("a member is not a user of the snapshot"))?;
                ld.member(s, user, &|| msg!("snapshot members of ", path))?;
            }
            for _ in 0..r.len()? {
                let user = users.get(r.index()?).copied().ok_or_else(|| bad("an assignment's user is not a user of the snapshot"))?;
                let role = r.index()?;
                held.push((user, role, *path));
            }
        }
        if r.i != body.len() {
            return Err(bad("bytes follow the directory"));
        }
        if ld.lists_wrong()? {
            return Err(Error::new(Code::NotAMember, "the snapshot's member lists are not inside the lists their levels ask for"));
        }
        for (user, role, scope) in held {
            let role = model.role_at(role as u32).map(|r| model.role_id(r).to_string()).ok_or_else(|| bad("an assignment's role is not in the model"))?;
            ld.assignment(user, &role, scope, &|| msg!("snapshot assignment at ", scope))?;
        }
        let dir = ld.finish()?;
        let mut e = Engine::with_model(Arc::new(model));
        e.dir = dir;
        Ok(e)
    }
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn num(&mut self) -> Result<u64> {
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.b.get(self.i).ok_or_else(|| bad("it ends early"))?;
            self.i += 1;
            x |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(x);
            }
        }
        Err(bad("a number is too long"))
    }
    /// A count or a length: never more than the bytes left.
    fn len(&mut self) -> Result<usize> {
        let n = usize::try_from(self.num()?).map_err(|_| bad("a count is too large"))?;
        if n > self.b.len().saturating_sub(self.i) {
            return Err(bad("a count runs past its end"));
        }
        Ok(n)
    }
    fn index(&mut self) -> Result<usize> {
        usize::try_from(self.num()?).map_err(|_| bad("a number is too large"))
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let bytes = self.b.get(self.i..self.i + n).ok_or_else(|| bad("it ends early"))?;
        self.i += n;
        Ok(bytes)
    }
    fn str(&mut self) -> Result<&'a str> {
        let n = self.len()?;
        core::str::from_utf8(self.take(n)?).map_err(|_| bad("a string is not UTF-8"))
    }
}
