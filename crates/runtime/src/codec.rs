//! The compiled model's binary form (`.rcm`): what [`Model`] declares, written compactly, so that
//! a page or an edge isolate loads a model without reading or checking a model document.
//!
//! Layout: the magic `RCM` and a format byte, the format version (u16, little end), flags (u16;
//! bit 0: descriptions kept), the payload, and an FNV-1a checksum (u32) of everything before it.
//! Numbers in the payload are LEB128, strings are a length and UTF-8 bytes, optional values a
//! presence byte. Derived data (the chain, id maps, inheritance closed) is not stored: [`decode`]
//! computes it with [`Model::finish`], after checking everything that safety needs (counts within
//! limits, every reference in range, levels forming one chain, no prerequisite or inheritance
//! cycle, conditions of bounded size), so corrupt or hostile bytes are refused with
//! `invalid_model`, never trusted into a panic, a loop or a huge allocation.

use crate::prelude::*;
use crate::msg;
use crate::bits::MAX_PERMISSIONS;
use crate::cond::{Cond, Op, Subject};
use crate::error::{Code, Error, Result};
use crate::ids::{LevelId, PermId, RoleId};
use crate::limits::{MAX_COND_NODES, MAX_DEPTH, MAX_ID_BYTES, MAX_LEVELS, MAX_ROLES};
use crate::model::{Attr, AttrSource, ContextKey, Create, Group, Level, Model, Nested, Permission, Role};
use core::cmp::Ordering;

const MAGIC: &[u8; 4] = b"RCM\x1a";
/// The version of the layout this engine writes and reads.
pub const FORMAT_VERSION: u16 = 1;
const FLAG_DESCRIPTIONS: u16 = 1;
/// Deepest condition nesting read.
const MAX_COND_DEPTH: usize = 64;

fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// Writes a model in its binary form. With `descriptions: false` the labels, aliases and
/// descriptions, which only UIs read, are left out (the answers are the same).
pub fn encode(m: &Model, descriptions: bool) -> Vec<u8> {
    let mut w = W { out: Vec::new(), keep: descriptions };
    w.out.extend_from_slice(MAGIC);
    w.out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    w.out.extend_from_slice(&(if descriptions { FLAG_DESCRIPTIONS } else { 0 }).to_le_bytes());
    w.str(&m.name);
    w.meta(&m.description);
    w.len(m.context_keys.len());
    for k in &m.context_keys {
        w.str(&k.name);
        w.opt_str(&k.default);
        w.meta(&k.label);
    }
    w.len(m.levels.len());
    for l in &m.levels {
        w.str(&l.id);
        w.meta(&l.label);
        w.opt(l.parent.map(|p| p.number()));
        w.bool(l.scoped);
        w.num(l.depth as u64);
        w.len(l.attrs.len());
        for a in &l.attrs {
            w.str(&a.name);
            match &a.source {
                AttrSource::Segment(values) => {
                    w.num(0);
                    w.opt_strs(values.as_deref());
                }
                AttrSource::Derived { cases, default } => {
                    w.num(1);
                    w.len(cases.len());
                    for (c, v) in cases {
                        w.cond(c);
                        w.str(v);
                    }
                    w.opt_str(default);
                }
            }
        }
        w.opt(l.membership_depth.map(|d| d as u32));
        w.opt_cond(&l.when);
        match &l.nested {
            None => w.bool(false),
            Some(n) => {
                w.bool(true);
                w.str(&n.key);
                w.opt_str(&n.id);
                w.opt_str(&n.members);
            }
        }
        match &l.create {
            None => w.bool(false),
            Some(c) => {
                w.bool(true);
                w.num(u64::from(c.requires.number()));
                w.opt(c.creator_role.map(RoleId::number));
                w.bool(c.creator_joins);
            }
        }
        for rule in [l.remove, l.add_member, l.remove_member] {
            w.opt(rule.map(PermId::number));
        }
    }
    w.len(m.perms.len());
    for p in &m.perms {
        w.str(&p.id);
        w.meta(&p.label);
        w.meta(&p.group);
        w.bool(p.portal);
        w.opt(p.level.map(LevelId::number));
        w.opt_cond(&p.when);
        w.ids(p.requires.iter().map(|x| x.number()));
    }
    w.len(m.roles.len());
    for r in &m.roles {
        w.str(&r.id);
        w.num(u64::from(r.level.number()));
        w.meta(&r.label);
        w.len(if w.keep { r.labels.len() } else { 0 });
        if w.keep {
            for (c, l) in &r.labels {
                w.cond(c);
                w.str(l);
            }
        }
        w.opt_strs(if w.keep { Some(r.aliases.as_slice()) } else { None });
        w.meta(&r.description);
        w.ids(r.grants.iter().map(|x| x.number()));
        w.ids(r.inherits.iter().map(|x| x.number()));
        w.opt_cond(&r.when);
        w.opt(r.assign_requires.map(PermId::number));
        w.bool(r.self_assignable);
    }
    w.len(m.groups.len());
    for g in &m.groups {
        w.str(&g.id);
        w.meta(&g.label);
        w.ids(g.roles.iter().map(|x| x.number()));
        w.opt(g.default.map(RoleId::number));
    }
    let sum = fnv1a(&w.out);
    w.out.extend_from_slice(&sum.to_le_bytes());
    w.out
}

struct W {
    out: Vec<u8>,
    keep: bool,
}

impl W {
    fn num(&mut self, mut x: u64) {
        loop {
            let byte = (x & 0x7f) as u8;
            x >>= 7;
            if x == 0 {
                self.out.push(byte);
                return;
            }
            self.out.push(byte | 0x80);
        }
    }
    fn len(&mut self, n: usize) {
        self.num(n as u64);
    }
    fn bool(&mut self, b: bool) {
        self.out.push(u8::from(b));
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.out.extend_from_slice(s.as_bytes());
    }
    fn opt_str(&mut self, s: &Option<String>) {
        match s {
            None => self.bool(false),
            Some(s) => {
                self.bool(true);
                self.str(s);
            }
        }
    }
    /// A description, kept only when asked.
    fn meta(&mut self, s: &Option<String>) {
        if self.keep {
            self.opt_str(s);
        } else {
            self.bool(false);
        }
    }
    fn opt(&mut self, x: Option<u32>) {
        match x {
            None => self.bool(false),
            Some(x) => {
                self.bool(true);
                self.num(u64::from(x));
            }
        }
    }
    fn opt_strs(&mut self, xs: Option<&[String]>) {
        match xs {
            None => self.bool(false),
            Some(xs) => {
                self.bool(true);
                self.len(xs.len());
                for x in xs {
                    self.str(x);
                }
            }
        }
    }
    fn ids(&mut self, xs: impl ExactSizeIterator<Item = u32>) {
        self.len(xs.len());
        for x in xs {
            self.num(u64::from(x));
        }
    }
    fn opt_cond(&mut self, c: &Option<Cond>) {
        match c {
            None => self.bool(false),
            Some(c) => {
                self.bool(true);
                self.cond(c);
            }
        }
    }
    fn cond(&mut self, c: &Cond) {
        match c {
            Cond::All(items) | Cond::Any(items) => {
                self.num(if matches!(c, Cond::All(_)) { 0 } else { 1 });
                self.len(items.len());
                for i in items {
                    self.cond(i);
                }
            }
            Cond::Not(inner) => {
                self.num(2);
                self.cond(inner);
            }
            Cond::Test(subject, op) => {
                self.num(3);
                match subject {
                    Subject::Attr(a) => {
                        self.num(0);
                        self.str(a);
                    }
                    Subject::Context(k) => {
                        self.num(1);
                        self.len(*k);
                    }
                }
                match op {
                    Op::Eq(x) => {
                        self.num(0);
                        self.str(x);
                    }
                    Op::Ne(x) => {
                        self.num(1);
                        self.str(x);
                    }
                    Op::In(xs) => {
                        self.num(2);
                        self.opt_strs(Some(xs));
                    }
                    Op::NotIn(xs) => {
                        self.num(3);
                        self.opt_strs(Some(xs));
                    }
                    Op::Present(p) => {
                        self.num(4);
                        self.bool(*p);
                    }
                    Op::Version(ord, or_equal, parts) => {
                        self.num(5);
                        self.bool(*ord == Ordering::Greater);
                        self.bool(*or_equal);
                        self.len(parts.len());
                        for &p in parts {
                            self.num(p);
                        }
                    }
                }
            }
        }
    }
}

/// Why bytes were refused: where reading stopped, or what is inconsistent.
fn corrupt(what: &str) -> Error {
    Error::new(Code::InvalidModel, msg!("the compiled model is corrupt: ", what))
}

/// Reads a model from its binary form, checked.
///
/// # Errors
/// `invalid_model`: not a compiled model, another format version (recompile it), or corrupt.
pub fn decode(bytes: &[u8]) -> Result<Model> {
    if bytes.len() < 12 || bytes.get(..4) != Some(MAGIC.as_slice()) {
        return Err(Error::new(Code::InvalidModel, "these bytes are not a compiled model (compile one with `rolecascade compile model.json -o model.rcm`)"));
    }
    let version = u16::from_le_bytes([bytes.get(4).copied().unwrap_or(0), bytes.get(5).copied().unwrap_or(0)]);
    if version != FORMAT_VERSION {
        return Err(Error::new(
            Code::InvalidModel,
            msg!("the compiled model is in format version ", version, ", and this engine reads version ", FORMAT_VERSION, ": compile the model again with this version"),
        ));
    }
    let (body, sum) = bytes.split_at(bytes.len() - 4);
    if fnv1a(body).to_le_bytes() != sum {
        return Err(corrupt("its checksum does not match"));
    }
    let mut r = R { b: body, i: 8, bad: None };
    let m = r.model();
    if let Some(at) = r.bad {
        return Err(corrupt(&msg!("unreadable at byte ", at)));
    }
    if r.i != body.len() {
        return Err(corrupt("bytes follow the model"));
    }
    // Finishing is safe on any decoded model (every walk visits a role once); what it derives
    // (the ids in order) then serves the checks.
    let m = m.finish();
    check(&m).map_err(|why| corrupt(&why))?;
    Ok(m)
}

/// A byte reader. A read past the end or of a value out of range records where reading failed
/// (`bad`) and returns a default, so reading goes on to the end with no early return: the
/// caller looks at `bad` once. (Early returns through a model half built would each carry
/// their own cleanup code: kilobytes of wasm.)
struct R<'a> {
    b: &'a [u8],
    i: usize,
    bad: Option<usize>,
}

impl R<'_> {
    #[inline(never)]
    fn fail(&mut self) {
        self.bad.get_or_insert(self.i);
        // Nothing more is read: every later read fails at the end.
        self.i = self.b.len();
    }
    #[inline(never)]
    fn byte(&mut self) -> u8 {
        match self.b.get(self.i) {
            Some(&x) => {
                self.i += 1;
                x
            }
            None => {
                self.fail();
                0
            }
        }
    }
    #[inline(never)]
    fn num(&mut self) -> u64 {
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte();
            x |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return x;
            }
        }
        self.fail();
        0
    }
    /// A count: never more than the bytes left (every item takes at least one), nor `max`.
    #[inline(never)]
    fn len(&mut self, max: usize) -> usize {
        let n = usize::try_from(self.num()).unwrap_or(usize::MAX);
        if n > max || n > self.b.len().saturating_sub(self.i) {
            self.fail();
            return 0;
        }
        n
    }
    /// A number below `max`.
    #[inline(never)]
    fn small(&mut self, max: u32) -> u32 {
        match u32::try_from(self.num()) {
            Ok(x) if x < max => x,
            _ => {
                self.fail();
                0
            }
        }
    }
    #[inline(never)]
    fn bool(&mut self) -> bool {
        match self.byte() {
            0 => false,
            1 => true,
            _ => {
                self.fail();
                false
            }
        }
    }
    #[inline(never)]
    fn str(&mut self) -> String {
        let n = self.len(usize::MAX);
        let at = self.i;
        match self.b.get(at..at + n).map(core::str::from_utf8) {
            Some(Ok(s)) => {
                self.i += n;
                s.to_string()
            }
            _ => {
                self.fail();
                String::new()
            }
        }
    }
    #[inline(never)]
    fn opt_str(&mut self) -> Option<String> {
        if self.bool() {
            Some(self.str())
        } else {
            None
        }
    }
    #[inline(never)]
    fn opt(&mut self, max: u32) -> Option<u32> {
        if self.bool() {
            Some(self.small(max))
        } else {
            None
        }
    }
    #[inline(never)]
    fn strs(&mut self) -> Vec<String> {
        let n = self.len(usize::MAX);
        (0..n).map(|_| self.str()).collect()
    }
    #[inline(never)]
    fn opt_strs(&mut self) -> Option<Vec<String>> {
        if self.bool() {
            Some(self.strs())
        } else {
            None
        }
    }
    #[inline(never)]
    fn ids(&mut self, max: u32) -> Vec<u32> {
        let n = self.len(usize::MAX);
        (0..n).map(|_| self.small(max)).collect()
    }
    fn perm(&mut self) -> PermId {
        PermId(self.small(MAX_PERMISSIONS as u32) as u16)
    }
    fn opt_perm(&mut self) -> Option<PermId> {
        self.opt(MAX_PERMISSIONS as u32).map(|p| PermId(p as u16))
    }
    fn opt_role(&mut self) -> Option<RoleId> {
        self.opt(MAX_ROLES as u32).map(|r| RoleId(r as u16))
    }
    fn opt_cond(&mut self, keys: usize) -> Option<Cond> {
        if self.bool() {
            Some(self.cond(keys, 0, &mut 0))
        } else {
            None
        }
    }
    fn cond(&mut self, keys: usize, depth: usize, nodes: &mut usize) -> Cond {
        *nodes += 1;
        if depth > MAX_COND_DEPTH || *nodes > MAX_COND_NODES {
            self.fail();
            return Cond::All(Vec::new());
        }
        match self.num() {
            tag @ (0 | 1) => {
                let n = self.len(MAX_COND_NODES);
                let items = (0..n).map(|_| self.cond(keys, depth + 1, nodes)).collect();
                if tag == 0 {
                    Cond::All(items)
                } else {
                    Cond::Any(items)
                }
            }
            2 => Cond::Not(Box::new(self.cond(keys, depth + 1, nodes))),
            3 => {
                let subject = match self.num() {
                    0 => Subject::Attr(self.str()),
                    1 => Subject::Context(self.small(keys as u32) as usize),
                    _ => {
                        self.fail();
                        Subject::Context(0)
                    }
                };
                let op = match self.num() {
                    0 => Op::Eq(self.str()),
                    1 => Op::Ne(self.str()),
                    2 => Op::In(self.opt_strs().unwrap_or_default()),
                    3 => Op::NotIn(self.opt_strs().unwrap_or_default()),
                    4 => Op::Present(self.bool()),
                    5 => {
                        let ord = if self.bool() { Ordering::Greater } else { Ordering::Less };
                        let or_equal = self.bool();
                        let n = self.len(64);
                        Op::Version(ord, or_equal, (0..n).map(|_| self.num()).collect())
                    }
                    _ => {
                        self.fail();
                        Op::Present(false)
                    }
                };
                Cond::Test(subject, op)
            }
            _ => {
                self.fail();
                Cond::All(Vec::new())
            }
        }
    }

    fn cases(&mut self, keys: usize) -> Vec<(Cond, String)> {
        let n = self.len(usize::MAX);
        (0..n).map(|_| (self.cond(keys, 0, &mut 0), self.str())).collect()
    }

    /// The model as written. References to permissions and roles are read before those are:
    /// `check` verifies them once all are read.
    #[inline(never)]
    fn model(&mut self) -> Model {
        let mut m = Model { name: self.str(), description: self.opt_str(), ..Model::default() };
        let keys = self.len(MAX_LEVELS * 8);
        for _ in 0..keys {
            let key = ContextKey { name: self.str(), default: self.opt_str(), label: self.opt_str() };
            m.context_keys.push(key);
        }
        let n_levels = self.len(MAX_LEVELS);
        for _ in 0..n_levels {
            let id = self.str();
            let label = self.opt_str();
            let parent = self.opt(n_levels as u32).map(|p| LevelId(p as u8));
            let scoped = self.bool();
            let depth = self.small(MAX_DEPTH as u32) as usize;
            let n_attrs = self.len(usize::MAX);
            let mut attrs = Vec::new();
            for _ in 0..n_attrs {
                let name = self.str();
                let source = match self.num() {
                    0 => AttrSource::Segment(self.opt_strs()),
                    1 => {
                        let cases = self.cases(keys);
                        AttrSource::Derived { cases, default: self.opt_str() }
                    }
                    _ => {
                        self.fail();
                        AttrSource::Segment(None)
                    }
                };
                attrs.push(Attr { name, source });
            }
            let membership_depth = self.opt(MAX_DEPTH as u32).map(|d| d as usize);
            let when = self.opt_cond(keys);
            let nested = if self.bool() { Some(Nested { key: self.str(), id: self.opt_str(), members: self.opt_str() }) } else { None };
            let create = if self.bool() { Some(Create { requires: self.perm(), creator_role: self.opt_role(), creator_joins: self.bool() }) } else { None };
            let (remove, add_member, remove_member) = (self.opt_perm(), self.opt_perm(), self.opt_perm());
            m.levels.push(Level { id, label, parent, scoped, depth, attrs, membership_depth, when, nested, create, remove, add_member, remove_member });
        }
        let n_perms = self.len(MAX_PERMISSIONS);
        for _ in 0..n_perms {
            let id = self.str();
            let (label, group, portal) = (self.opt_str(), self.opt_str(), self.bool());
            let level = self.opt(n_levels as u32).map(|l| LevelId(l as u8));
            let when = self.opt_cond(keys);
            let requires = self.ids(n_perms as u32).into_iter().map(|p| PermId(p as u16)).collect();
            m.perms.push(Permission { id, label, group, portal, level, when, requires });
        }
        let n_roles = self.len(MAX_ROLES);
        for _ in 0..n_roles {
            let id = self.str();
            let level = LevelId(self.small(n_levels as u32) as u8);
            let label = self.opt_str();
            let labels = self.cases(keys);
            let aliases = self.opt_strs().unwrap_or_default();
            let description = self.opt_str();
            let grants = self.ids(n_perms as u32).into_iter().map(|p| PermId(p as u16)).collect();
            let inherits = self.ids(n_roles as u32).into_iter().map(|r| RoleId(r as u16)).collect();
            let when = self.opt_cond(keys);
            let assign_requires = self.opt(n_perms as u32).map(|p| PermId(p as u16));
            let self_assignable = self.bool();
            let depth = m.levels.get(level.index()).map_or(0, |l| l.depth);
            let group = None;
            let grant_bits = crate::bits::Bits::EMPTY;
            m.roles.push(Role { id, label, labels, aliases, description, level, depth, grants, inherits, when, assign_requires, self_assignable, group, grant_bits });
        }
        let n_groups = self.len(usize::MAX);
        for g in 0..n_groups {
            let id = self.str();
            let label = self.opt_str();
            let roles: Vec<RoleId> = self.ids(n_roles as u32).into_iter().map(|r| RoleId(r as u16)).collect();
            let default = self.opt(n_roles as u32).map(|r| RoleId(r as u16));
            let depth = roles.first().and_then(|r| m.roles.get(r.index())).map_or(0, |r| r.depth);
            for r in &roles {
                match m.roles.get_mut(r.index()) {
                    Some(role) if role.group.is_none() => role.group = Some(g),
                    _ => self.fail(),
                }
            }
            m.groups.push(Group { id, label, roles, default, depth });
        }
        m
    }
}

/// What the engine needs of a decoded model to answer safely: ids well formed and unique,
/// references in range, scoped levels forming one chain with depths 0, 1, ... at most
/// `MAX_DEPTH`, roles at their level's depth, rules on the path, and no cycle where an answer
/// would otherwise recurse or loop (prerequisites, inheritance).
#[inline(never)]
fn check(m: &Model) -> core::result::Result<(), String> {
    let ids = m.levels.iter().map(|l| &l.id).chain(m.perms.iter().map(|p| &p.id)).chain(m.roles.iter().map(|r| &r.id)).chain(m.groups.iter().map(|g| &g.id));
    for id in ids {
        if id.is_empty() || id.len() > MAX_ID_BYTES || id.chars().any(|c| crate::error::hidden(c) || c == '/' || c == '*') {
            return Err("an id is empty, too long or holds a character ids may not".into());
        }
    }
    // Ids in order have no two alike (levels are few: compared pairwise).
    let perms_unique = m.by_id.windows(2).all(|w| w.first().map(|&p| m.perm_id(p)) != w.get(1).map(|&p| m.perm_id(p)));
    let roles_unique = m.roles_by_id.windows(2).all(|w| w.first().map(|&r| m.role_id(r)) != w.get(1).map(|&r| m.role_id(r)));
    let levels_unique = m.levels.iter().enumerate().all(|(i, l)| m.levels.iter().skip(i + 1).all(|x| x.id != l.id));
    if !perms_unique || !roles_unique || !levels_unique || m.by_id.len() != m.perms.len() {
        return Err("an id is declared twice".into());
    }
    // Levels: one root; each scoped level one deeper than its parent, an unscoped one at its
    // scoped parent's depth; one scoped level per depth.
    let mut scoped_at = [false; MAX_DEPTH];
    let mut roots = 0;
    for l in &m.levels {
        let parent = l.parent.and_then(|p| m.levels.get(p.index()));
        let ok = match (parent, l.scoped) {
            (None, true) => {
                roots += 1;
                l.depth == 0
            }
            (Some(p), true) => p.scoped && l.depth == p.depth + 1,
            (Some(p), false) => p.scoped && l.depth == p.depth && l.attrs.is_empty(),
            (None, false) => false,
        };
        if !ok || l.membership_depth.is_some_and(|d| d > l.depth) {
            return Err(msg!("level '", l.id, "' is not where the chain of levels puts it"));
        }
        if l.scoped {
            match scoped_at.get_mut(l.depth) {
                Some(slot) if !*slot => *slot = true,
                _ => return Err("two scoped levels at one depth".into()),
            }
        }
    }
    let chain = scoped_at.iter().take_while(|&&x| x).count();
    if roots != 1 || scoped_at.iter().filter(|&&x| x).count() != chain {
        return Err("the scoped levels do not form one chain from a single root".into());
    }
    let perm_depth = |p: PermId| m.perms.get(p.index()).map(|x| x.level.and_then(|l| m.levels.get(l.index())).map(|l| l.depth));
    let role = |r: RoleId| m.roles.get(r.index());
    for l in &m.levels {
        let gated = [l.create.map(|c| c.requires), l.remove, l.add_member, l.remove_member];
        if gated.iter().flatten().any(|&p| perm_depth(p).is_none_or(|d| d.is_some_and(|d| d > l.depth))) {
            return Err(msg!("a rule of level '", l.id, "' needs a permission below it"));
        }
        if let Some(c) = l.create {
            if l.depth == 0 || c.creator_role.is_some_and(|r| role(r).is_none_or(|r| r.depth != l.depth)) {
                return Err(msg!("the creation rule of level '", l.id, "' is inconsistent"));
            }
        }
    }
    for r in &m.roles {
        let level = m.levels.get(r.level.index());
        if level.is_none_or(|l| l.depth != r.depth) || r.inherits.iter().any(|&k| role(k).is_none_or(|k| k.depth < r.depth)) {
            return Err(msg!("role '", r.id, "' is not at its level, or inherits a role above it"));
        }
        if r.grants.iter().any(|&p| perm_depth(p).is_none_or(|d| d.is_some_and(|d| d < r.depth))) {
            return Err(msg!("role '", r.id, "' grants a permission above its level"));
        }
    }
    for g in &m.groups {
        if g.roles.is_empty() || g.roles.iter().any(|&r| role(r).is_none_or(|r| r.depth != g.depth)) || g.default.is_some_and(|d| !g.roles.contains(&d)) {
            return Err(msg!("group '", g.id, "' is inconsistent"));
        }
    }
    if has_cycle(m.perms.len(), |p| m.perms.get(p).map(|x| x.requires.iter().map(|q| q.index()).collect()).unwrap_or_default()) {
        return Err("prerequisites form a cycle".into());
    }
    if has_cycle(m.roles.len(), |r| m.roles.get(r).map(|x| x.inherits.iter().map(|k| k.index()).collect()).unwrap_or_default()) {
        return Err("roles inherit each other in a cycle".into());
    }
    Ok(())
}

/// Whether the graph of `n` nodes has a cycle (iterative: a long chain must not overflow the
/// stack).
pub fn has_cycle(n: usize, next: impl Fn(usize) -> Vec<usize>) -> bool {
    find_cycle(n, next).is_some()
}

/// An edge `(node, index in its list)` that closes a cycle, if any.
pub fn find_cycle(n: usize, next: impl Fn(usize) -> Vec<usize>) -> Option<(usize, usize)> {
    let mut color = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    for start in 0..n {
        if color.get(start) != Some(&0) {
            continue;
        }
        let mut stack: Vec<(usize, Vec<usize>, usize)> = vec![(start, next(start), 0)];
        if let Some(c) = color.get_mut(start) {
            *c = 1;
        }
        while let Some((node, kids, idx)) = stack.last_mut() {
            if let Some(&k) = kids.get(*idx) {
                let at = *idx;
                *idx += 1;
                let node = *node;
                match color.get(k) {
                    Some(1) => return Some((node, at)),
                    Some(0) => {
                        if let Some(c) = color.get_mut(k) {
                            *c = 1;
                        }
                        stack.push((k, next(k), 0));
                    }
                    _ => {}
                }
            } else {
                if let Some(c) = color.get_mut(*node) {
                    *c = 2;
                }
                stack.pop();
            }
        }
    }
    None
}
