//! The compiled model: levels, permissions as bit positions, roles with their grants and
//! inheritance closed once per role and scope depth (`eff`), so that a check is a few lookups and
//! bit tests. A model comes from the authoring side's compiler or from its binary form
//! (`codec`); either way the declared parts are filled in and [`Model::finish`] derives the rest.

use crate::prelude::*;
use crate::bits::Bits;
use crate::cond::Cond;
use crate::ids::{LevelId, PermId, RoleId};
use crate::sort::sort;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrSource {
    /// The scope's own segment, optionally restricted to a list of values.
    Segment(Option<Vec<String>>),
    /// Chosen by the first case whose condition holds, else the default.
    Derived { cases: Vec<(Cond, String)>, default: Option<String> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: String,
    pub source: AttrSource,
}

/// The key and field names of a level in a directory's nested form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nested {
    /// The array key holding scopes of this level (`"companies"`).
    pub key: String,
    /// The field of an item holding its segment id (`None`: `"id"`).
    pub id: Option<String>,
    /// The field of an item holding its members (`"users"`).
    pub members: Option<String>,
}

/// A level's creation rule: the permission an acting user needs (at the scope of its level
/// above the new scope), the role the creator then holds, and whether they join the new scope's
/// member list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Create {
    pub requires: PermId,
    pub creator_role: Option<RoleId>,
    pub creator_joins: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub id: String,
    pub label: Option<String>,
    pub parent: Option<LevelId>,
    pub scoped: bool,
    /// The depth of the scopes its roles are assigned at (for an unscoped level, its parent's).
    pub depth: usize,
    pub attrs: Vec<Attr>,
    /// Depth of the scope on the assignment's path whose members may hold roles of this level;
    /// `None`: membership is not enforced.
    pub membership_depth: Option<usize>,
    pub when: Option<Cond>,
    pub nested: Option<Nested>,
    /// How an acting user creates a scope of this level; `None`: nobody can.
    pub create: Option<Create>,
    /// The permission that removing a scope of this level needs; `None`: nobody can.
    pub remove: Option<PermId>,
    /// The permission that adding a user to a member list of this level needs.
    pub add_member: Option<PermId>,
    /// The permission that taking a user off a member list of this level needs.
    pub remove_member: Option<PermId>,
}

impl Level {
    /// The `when` that decides where roles of this level exist: an unscoped level's (developer
    /// profiles exist only in some subscriptions). A scoped level's `when` decides which of its
    /// scopes may exist (checked when a scope is added), so at a scope that exists it always
    /// holds and takes no role away.
    pub fn role_when(&self) -> Option<&Cond> {
        self.when.as_ref().filter(|_| !self.scoped)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    pub id: String,
    pub label: Option<String>,
    /// A display group (`"portals"`): for UIs only.
    pub group: Option<String>,
    pub portal: bool,
    /// `None`: askable at every level.
    pub level: Option<LevelId>,
    pub when: Option<Cond>,
    pub requires: Vec<PermId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub id: String,
    pub label: Option<String>,
    pub labels: Vec<(Cond, String)>,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub level: LevelId,
    /// Depth of the scopes where it is held (its level's assignment depth).
    pub depth: usize,
    /// Own grants, sorted.
    pub grants: Vec<PermId>,
    pub inherits: Vec<RoleId>,
    pub when: Option<Cond>,
    pub assign_requires: Option<PermId>,
    pub self_assignable: bool,
    /// Its exclusive group, by position in `Model::groups`.
    pub group: Option<usize>,
    /// `grants` as a set (derived).
    pub grant_bits: Bits,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub label: Option<String>,
    pub roles: Vec<RoleId>,
    pub default: Option<RoleId>,
    pub depth: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextKey {
    pub name: String,
    pub default: Option<String>,
    pub label: Option<String>,
}

/// Grants that hold only where every role in `conds` exists (its `when` and its level's hold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub conds: Vec<RoleId>,
    pub bits: Bits,
}

/// What a role held on a scope's path grants at a scope of one depth, inheritance closed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Eff {
    pub always: Bits,
    pub parts: Vec<Part>,
}

/// A compiled model. Immutable once built.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub name: String,
    pub description: Option<String>,
    pub levels: Vec<Level>,
    pub perms: Vec<Permission>,
    pub roles: Vec<Role>,
    pub groups: Vec<Group>,
    pub context_keys: Vec<ContextKey>,
    // Derived by `finish`:
    /// Scoped levels by depth: `chain[0]` is the root.
    pub chain: Vec<LevelId>,
    /// Roles in id order (for lookups by id).
    pub roles_by_id: Vec<RoleId>,
    /// Permissions askable at each depth (the level's own and the level-free ones).
    pub askable: Vec<Bits>,
    /// `eff[role][depth]`, for depths at or below the role's.
    pub eff: Vec<Vec<Eff>>,
    /// Permissions whose availability reads the request context.
    pub dynamic: Vec<PermId>,
    /// Permissions with prerequisites.
    pub with_prereqs: Bits,
    /// Portal permissions, in id order.
    pub portals: Vec<PermId>,
    /// Every permission, in id order (for sorted answers).
    pub by_id: Vec<PermId>,
}

impl Model {
    /// Derives everything a query needs from the declared parts (levels with their depths,
    /// permissions, roles, groups, context keys): the scoped chain, the id maps, the askable
    /// sets, grant sets, and inheritance closed per role and depth. The parts must be
    /// consistent: the authoring compiler checks a document with paths, the binary decoder
    /// checks what safety needs (`codec`).
    #[inline(never)]
    pub fn finish(mut self) -> Model {
        let mut chain: Vec<u32> = (0..self.levels.len() as u32).filter(|&i| self.levels.get(i as usize).is_some_and(|l| l.scoped)).collect();
        let depth = |i: u32| self.levels.get(i as usize).map_or(0, |l| l.depth);
        sort(&mut chain, &|a, b| depth(a) < depth(b));
        self.chain = chain.into_iter().map(|l| LevelId(l as u8)).collect();
        let mut roles: Vec<u32> = (0..self.roles.len() as u32).collect();
        sort(&mut roles, &|a, b| self.roles.get(a as usize).map(|r| &r.id) < self.roles.get(b as usize).map(|r| &r.id));
        self.roles_by_id = roles.into_iter().map(|r| RoleId(r as u16)).collect();
        for role in &mut self.roles {
            role.grant_bits = Bits::EMPTY;
            for &p in &role.grants {
                role.grant_bits.set(p);
            }
        }
        let depths = self.chain.len();
        let mut askable = vec![Bits::EMPTY; depths];
        let mut dynamic = Vec::new();
        let mut with_prereqs = Bits::EMPTY;
        for (k, p) in self.perms.iter().enumerate() {
            let id = PermId(k as u16);
            let depth = p.level.and_then(|l| self.levels.get(l.index())).map(|l| l.depth);
            for (d, a) in askable.iter_mut().enumerate() {
                if depth.is_none_or(|pd| pd == d) {
                    a.set(id);
                }
            }
            if p.when.as_ref().is_some_and(Cond::reads_context) {
                dynamic.push(id);
            }
            if !p.requires.is_empty() {
                with_prereqs.set(id);
            }
        }
        let mut by_id: Vec<u32> = (0..self.perms.len() as u32).collect();
        sort(&mut by_id, &|a, b| self.perm_id(PermId(a as u16)) < self.perm_id(PermId(b as u16)));
        let by_id: Vec<PermId> = by_id.into_iter().map(|p| PermId(p as u16)).collect();
        self.portals = by_id.iter().copied().filter(|&k| self.perms.get(k.index()).is_some_and(|p| p.portal)).collect();
        self.by_id = by_id;
        self.askable = askable;
        self.dynamic = dynamic;
        self.with_prereqs = with_prereqs;
        self.eff = close_inheritance(&self);
        self
    }

    /// Whether the role is conditional (its own `when` or its level's).
    pub fn role_conditional(&self, r: RoleId) -> bool {
        self.roles.get(r.index()).is_some_and(|role| role.when.is_some() || self.levels.get(role.level.index()).is_some_and(|l| l.role_when().is_some()))
    }

    pub fn level_of_depth(&self, depth: usize) -> Option<&Level> {
        self.chain.get(depth).and_then(|&l| self.levels.get(l.index()))
    }

    pub fn level(&self, l: LevelId) -> Option<&Level> {
        self.levels.get(l.index())
    }

    pub fn role_data(&self, r: RoleId) -> Option<&Role> {
        self.roles.get(r.index())
    }

    pub fn perm_data(&self, p: PermId) -> Option<&Permission> {
        self.perms.get(p.index())
    }

    /// A permission by id.
    pub fn perm(&self, id: &str) -> Option<PermId> {
        let i = self.by_id.binary_search_by(|&p| self.perm_id(p).cmp(id)).ok()?;
        self.by_id.get(i).copied()
    }

    /// A permission by number (its bit position), checked.
    pub fn perm_at(&self, n: u32) -> Option<PermId> {
        u16::try_from(n).ok().filter(|&n| usize::from(n) < self.perms.len()).map(PermId)
    }

    /// A role by id.
    pub fn role(&self, id: &str) -> Option<RoleId> {
        let i = self.roles_by_id.binary_search_by(|&r| self.role_id(r).cmp(id)).ok()?;
        self.roles_by_id.get(i).copied()
    }

    /// A role by number, checked.
    pub fn role_at(&self, n: u32) -> Option<RoleId> {
        u16::try_from(n).ok().filter(|&n| usize::from(n) < self.roles.len()).map(RoleId)
    }

    pub fn perm_id(&self, p: PermId) -> &str {
        self.perms.get(p.index()).map_or("", |x| x.id.as_str())
    }

    pub fn role_id(&self, r: RoleId) -> &str {
        self.roles.get(r.index()).map_or("", |x| x.id.as_str())
    }

    /// Every role, in declaration order.
    pub fn role_ids(&self) -> impl Iterator<Item = RoleId> + '_ {
        (0..self.roles.len()).map(|r| RoleId(r as u16))
    }

    /// Every permission, in declaration (bit) order.
    pub fn perm_ids(&self) -> impl Iterator<Item = PermId> + '_ {
        (0..self.perms.len()).map(|p| PermId(p as u16))
    }

    /// The depth at which a permission is askable, `None` for level-free ones.
    pub fn perm_depth(&self, p: PermId) -> Option<usize> {
        self.perms.get(p.index()).and_then(|x| x.level).and_then(|l| self.levels.get(l.index())).map(|l| l.depth)
    }

    pub fn context_key_name(&self, k: usize) -> String {
        self.context_keys.get(k).map_or_else(String::new, |c| c.name.clone())
    }
}

/// Closes inheritance: `eff[r][d]` is every grant that holding `r` gives at a scope of depth `d`,
/// split into unconditional grants and grants that need conditional roles to exist. Roles are
/// visited children first, so each role is computed once from its children's results: linear in
/// roles and inheritance edges, whatever the chain's length. (A cycle, which the compiler and
/// the decoder refuse, would only leave some rows incomplete: every role is visited once.)
#[inline(never)]
fn close_inheritance(m: &Model) -> Vec<Vec<Eff>> {
    let n = m.roles.len();
    let depths = m.chain.len();
    let mut eff: Vec<Vec<Eff>> = vec![Vec::new(); n];
    // Post-order, iteratively.
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    for start in 0..n {
        if seen.get(start) == Some(&true) {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        if let Some(s) = seen.get_mut(start) {
            *s = true;
        }
        while let Some((r, idx)) = stack.last_mut() {
            let kids = m.roles.get(*r).map(|x| x.inherits.as_slice()).unwrap_or(&[]);
            if let Some(&k) = kids.get(*idx) {
                *idx += 1;
                if seen.get(k.index()) == Some(&false) {
                    if let Some(s) = seen.get_mut(k.index()) {
                        *s = true;
                    }
                    stack.push((k.index(), 0));
                }
            } else {
                order.push(*r);
                stack.pop();
            }
        }
    }
    for r in order {
        let Some(role) = m.roles.get(r) else { continue };
        let rid = RoleId(r as u16);
        let mut row: Vec<Eff> = vec![Eff::default(); depths];
        for (d, e) in row.iter_mut().enumerate() {
            if d < role.depth {
                continue;
            }
            e.always = role.grant_bits;
            for &k in &role.inherits {
                if let Some(ke) = eff.get(k.index()).and_then(|x| x.get(d)) {
                    e.always.or(&ke.always);
                    for part in &ke.parts {
                        add_part(e, part.clone());
                    }
                }
            }
            if m.role_conditional(rid) {
                let always = core::mem::take(&mut e.always);
                let parts = core::mem::take(&mut e.parts);
                if !always.is_empty() {
                    add_part(e, Part { conds: vec![rid], bits: always });
                }
                for mut p in parts {
                    // Kept sorted (a handful of roles) without a sort routine of its own.
                    if let Err(at) = p.conds.binary_search(&rid) {
                        p.conds.insert(at, rid);
                    }
                    add_part(e, p);
                }
            }
        }
        if let Some(slot) = eff.get_mut(r) {
            *slot = row;
        }
    }
    eff
}

fn add_part(e: &mut Eff, part: Part) {
    if let Some(existing) = e.parts.iter_mut().find(|p| p.conds == part.conds) {
        existing.bits.or(&part.bits);
    } else {
        e.parts.push(part);
    }
}
