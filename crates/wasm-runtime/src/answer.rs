//! What both WebAssembly modules answer, over numbers: the runtime module has only this; the
//! authoring module (`crates/wasm-authoring`) includes this file and adds the rest. The package's
//! `js/engine.mjs` moves an engine from one to the other by loading the same directory (the same
//! numbers) into the other module, so both must number users, scopes, permissions and contexts
//! alike: one source guarantees it.

use alloc::string::String;
use alloc::vec::Vec;
use rolecascade_runtime::context::Context;
use rolecascade_runtime::error::Error;
use rolecascade_runtime::error::put_num;
use rolecascade_runtime::load::{load_flat, Flat};
use rolecascade_runtime::Engine;
use wasm_bindgen::prelude::*;

pub(crate) fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code.as_str().into());
    if let Some(p) = &e.path {
        let _ = js_sys::Reflect::set(&err, &"path".into(), &p.as_str().into());
    }
    err.into()
}

pub(crate) type R<T> = Result<T, JsValue>;

pub(crate) fn ok<T>(r: rolecascade_runtime::Result<T>) -> R<T> {
    r.map_err(|e| js_error(&e))
}

/// The most request contexts an engine keeps: past this it forgets them all and numbers anew
/// ([`RawEngine::define_context`] tells the package so).
const MAX_CONTEXTS: usize = 4096;

/// What a directory takes in wasm memory, about, per byte of its strings and per number of its
/// member entries and assignments (`load_flat`), so that `loadFlat` can have it in one step.
const ROOM_PER_BYTE: usize = 4;
const ROOM_PER_NUMBER: usize = 24;

/// The `ops` that ask `loadFlat` to read its text as a directory document (see there).
#[cfg(feature = "text")]
const TEXT: u32 = u32::MAX;

#[wasm_bindgen]
pub struct RawEngine {
    pub(crate) inner: Engine,
    /// Request contexts by number less one (0 is the model's defaults).
    pub(crate) contexts: Vec<Context>,
}

impl RawEngine {
    pub(crate) fn wrap(inner: Engine) -> RawEngine {
        RawEngine { inner, contexts: Vec::new() }
    }

    /// Context number `c` (0, or one not defined: the model's defaults).
    pub(crate) fn ctx(&self, c: u32) -> Option<&Context> {
        self.contexts.get((c as usize).checked_sub(1)?)
    }
}

/// Writes `s` as the package reads it back: its length in UTF-16 units, `:`, the text; `~` for
/// none. (No JSON writer in this module: it would cost more than the rest of this file.)
fn item(out: &mut String, s: Option<&str>) {
    match s {
        None => out.push('~'),
        Some(s) => {
            put_num(out, s.chars().map(|c| c.len_utf16() as u64).sum());
            out.push(':');
            out.push_str(s);
        }
    }
}

fn number(out: &mut String, n: usize) {
    let mut digits = String::new();
    put_num(&mut digits, n as u64);
    item(out, Some(&digits));
}

#[wasm_bindgen]
impl RawEngine {
    /// Whether `bytes` more can be allocated now. The package asks before handing a large
    /// document over: wasm-bindgen's own allocation of an argument cannot fail without a trap,
    /// and the memory this one took is reused for the argument.
    #[wasm_bindgen(js_name = hasRoom)]
    pub fn has_room(bytes: usize) -> bool {
        let mut probe: Vec<u8> = Vec::new();
        probe.try_reserve_exact(bytes).is_ok()
    }

    /// What the package needs of the model, as items (see `item`): its name; the number of
    /// permissions, each one's id and depth (`~` for level-free ones) in bit order, then the bit
    /// positions in id order; the number of scoped levels, each one's id and nested form (its
    /// key, or `~` for none, its id field and its members field); the number of context keys,
    /// each one's name and default.
    #[wasm_bindgen(js_name = modelInfo)]
    pub fn model_info(&self) -> String {
        let m = self.inner.model();
        let mut out = String::new();
        item(&mut out, Some(&m.name));
        number(&mut out, m.perms.len());
        for p in m.perm_ids() {
            item(&mut out, Some(m.perm_id(p)));
            match m.perm_depth(p) {
                Some(d) => number(&mut out, d),
                None => item(&mut out, None),
            }
        }
        for p in &m.by_id {
            number(&mut out, p.index());
        }
        let scoped: Vec<_> = m.chain.iter().filter_map(|&l| m.level(l)).collect();
        number(&mut out, scoped.len());
        for l in scoped {
            item(&mut out, Some(&l.id));
            let n = l.nested.as_ref();
            item(&mut out, n.map(|n| n.key.as_str()));
            item(&mut out, n.map(|n| n.id.as_deref().unwrap_or("id")));
            item(&mut out, n.and_then(|n| n.members.as_deref()));
        }
        number(&mut out, m.context_keys.len());
        for k in &m.context_keys {
            item(&mut out, Some(&k.name));
            item(&mut out, k.default.as_deref());
        }
        out
    }

    /// The number of user `id` (`scope` false) or of scope `id` (`scope` true), or -1 when
    /// unknown.
    pub fn find(&self, scope: bool, id: &str) -> i32 {
        let d = self.inner.directory();
        let n = if scope { d.find_scope(id).map(|s| s.number()) } else { d.find_user(id).map(|u| u.number()) };
        n.map_or(-1, |n| n as i32)
    }

    /// A request context: the values of the model's context keys in order, one after another in
    /// `text`, with their lengths in bytes (-1: absent). Returns its number for the calls below.
    /// Past the most contexts an engine keeps, it forgets them all first and returns the number
    /// with its top bit set (the caller forgets its numbers too).
    #[wasm_bindgen(js_name = defineContext)]
    pub fn define_context(&mut self, text: &str, lens: &[i32]) -> u32 {
        let mut fresh = 0;
        if self.contexts.len() >= MAX_CONTEXTS {
            self.contexts = Vec::new();
            fresh = 1 << 31;
        }
        if self.contexts.try_reserve(1).is_err() {
            return 0;
        }
        self.contexts.push(Context::from_values(self.inner.model(), text, lens));
        self.contexts.len() as u32 | fresh
    }

    /// The hot path: 1 allowed, 0 denied, -1 not answerable by numbers (a permission of another
    /// level, or a number out of range: the caller finds out which). Under context `c`.
    #[wasm_bindgen(js_name = checkIds)]
    pub fn check_ids(&self, user: u32, permission: u32, scope: u32, c: u32) -> i32 {
        let (d, m) = (self.inner.directory(), self.inner.model());
        let (Some(u), Some(p), Some(s)) = (d.user_at(user), m.perm_at(permission), d.scope_at(scope)) else { return -1 };
        self.inner.holds_ids(u, p, s, self.ctx(c)).map_or(-1, i32::from)
    }

    /// The permissions `user` holds at `scope` under context `c`, as bit words (32 bits each,
    /// low bit first; empty for numbers out of range).
    #[wasm_bindgen(js_name = holdingIds)]
    pub fn holding_ids(&self, user: u32, scope: u32, c: u32) -> Vec<u32> {
        let (d, m) = (self.inner.directory(), self.inner.model());
        let bits = match (d.user_at(user), d.scope_at(scope)) {
            (Some(u), Some(s)) => self.inner.holding_ids(u, s, self.ctx(c)),
            _ => Default::default(),
        };
        bits.to_u32s(m.perms.len())
    }

    /// Replaces the directory with one handed over as numbers (see `load::Flat`), all or nothing.
    /// The strings come as UTF-8 bytes: the package encodes them natively (`TextEncoder`), much
    /// faster than wasm-bindgen's character-by-character copy of a long string.
    ///
    /// Where the `text` feature is on (the runtime module built for speed, and the authoring
    /// module: what the package's Node entries load), `ops` of the one number [`TEXT`] and no
    /// other numbers ask for `text` to be read as a directory document instead, by
    /// `rolecascade_runtime::text`, which declines what it does not read with an error (the
    /// package then reads the document itself). Elsewhere such numbers are refused as any that
    /// name no string.
    #[wasm_bindgen(js_name = loadFlat)]
    pub fn load_flat(&mut self, text: &[u8], lens: &[u32], ops: &[u32], assignments: &[u32]) -> R<()> {
        let text = core::str::from_utf8(text).map_err(|_| js_error(&Error::new(rolecascade_runtime::error::Code::InvalidArgument, "the directory's text is not UTF-8")))?;
        #[cfg(feature = "text")]
        if ops == [TEXT] && lens.is_empty() && assignments.is_empty() {
            // No memory had ahead here: what a text becomes cannot be told from its length (a
            // list repeating one user becomes one member), and growing as the directory is
            // built measured no slower at a million users.
            // Declined: `invalid_argument`, or the `limit_exceeded` that stopped it (memory ran
            // out), which no other reader would get past either.
            let dir = rolecascade_runtime::text::read(self.inner.model(), text)
                .map_err(|d| js_error(&d.0.unwrap_or_else(|| Error::new(rolecascade_runtime::error::Code::InvalidArgument, "the directory text is not read here"))))?;
            self.inner.set_directory(dir);
            return Ok(());
        }
        // The memory the directory will take, had in one step: a grow in V8 11.3 takes time in
        // proportion to the memory's size, and the allocator's grows by half (`grow.rs`) still
        // cost about three times one grow to the final size. (Freed at once, the room is what
        // the directory's structures are built in.)
        reserve(text.len() * ROOM_PER_BYTE + (ops.len() + assignments.len()) * ROOM_PER_NUMBER);
        let dir = ok(load_flat(self.inner.model(), &Flat { text, lens, ops, assignments }))?;
        self.inner.set_directory(dir);
        Ok(())
    }
}

/// `bytes` of memory had and let go, so that the memory grows once (see `load_flat`).
fn reserve(bytes: usize) {
    let mut room: Vec<u8> = Vec::new();
    if room.try_reserve_exact(bytes).is_ok() {
        core::hint::black_box(&room);
    }
}
