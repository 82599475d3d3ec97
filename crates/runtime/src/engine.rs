//! The engine: a compiled model plus a directory, answering questions by string ids. This is the
//! Rust form of the public API; the wasm binding only converts and forwards.

use crate::prelude::*;
use crate::msg;
use crate::bits::Bits;
use crate::ids::{PermId, RoleId};
use crate::model::Model;
use crate::names::Names;
use crate::context::Context;
use crate::directory::{AssignmentDoc, Directory, ScopeId, UserId};
use crate::error::{Code, Error, Result};
use crate::eval::Eval;
use crate::explain::{Decision, Denial, Found, Room};
use alloc::collections::{BTreeMap, VecDeque};
use alloc::sync::Arc;


#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) model: Arc<Model>,
    pub(crate) dir: Directory,
    pub(crate) defaults: Context,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalScopes {
    pub portal: String,
    pub scopes: Vec<String>,
}

/// The general directory form, as `exportDirectory` returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryDoc {
    pub scopes: Vec<String>,
    pub members: BTreeMap<String, Vec<String>>,
    pub assignments: Vec<AssignmentDoc>,
}

impl Engine {
    /// An engine on a compiled model with an empty directory.
    pub fn new(model: Model) -> Engine {
        Engine::with_model(Arc::new(model))
    }

    /// An engine on a model in its binary form ([`crate::codec`]), with an empty directory.
    ///
    /// # Errors
    /// `invalid_model`: not a compiled model, another format version, or corrupt.
    pub fn from_compiled(bytes: &[u8]) -> Result<Engine> {
        Ok(Engine::new(crate::codec::decode(bytes)?))
    }

    /// An engine on a shared compiled model with an empty directory.
    pub fn with_model(model: Arc<Model>) -> Engine {
        let defaults = Context::defaults(&model);
        Engine { model, dir: Directory::default(), defaults }
    }

    /// The same model with another directory.
    pub(crate) fn with_directory(&self, dir: Directory) -> Engine {
        Engine { model: self.model.clone(), dir, defaults: self.defaults.clone() }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Replaces the directory with one built elsewhere (`load::load_flat`).
    pub fn set_directory(&mut self, dir: Directory) {
        self.dir = dir;
    }

    pub fn directory(&self) -> &Directory {
        &self.dir
    }

    /// The model's default context.
    pub fn default_context(&self) -> &Context {
        &self.defaults
    }

    pub(crate) fn eval<'a>(&'a self, ctx: Option<&'a Context>) -> Eval<'a> {
        Eval { m: &self.model, d: &self.dir, ctx: ctx.unwrap_or(&self.defaults) }
    }

    pub(crate) fn perm(&self, permission: &str) -> Result<PermId> {
        self.model.perm(permission).ok_or_else(|| Error::new(Code::UnknownPermission, msg!("unknown permission '", crate::error::shown(permission), "'")))
    }

    pub(crate) fn role(&self, role: &str) -> Result<RoleId> {
        self.model.role(role).ok_or_else(|| Error::new(Code::UnknownRole, msg!("unknown role '", crate::error::shown(role), "'")))
    }

    /// Refuses a permission asked at a scope of another level.
    fn level_check(&self, p: PermId, s: ScopeId) -> Result<()> {
        let (Some(pd), Some(scope)) = (self.model.perm_depth(p), self.dir.scope(s)) else { return Ok(()) };
        if pd == scope.depth {
            return Ok(());
        }
        let name = |d: usize| self.model.level_of_depth(d).map_or("", |l| l.id.as_str()).to_string();
        Err(Error::new(
            Code::LevelMismatch,
            msg!("'", self.model.perm_id(p), "' is a ", name(pd), " permission but '", crate::error::shown(&scope.path), "' is a ", name(scope.depth)),
        ))
    }

    /// Resolves a question to ids: `None` for an unknown scope or user (which deny).
    fn resolve(&self, user: &str, permission: &str, scope: &str) -> Result<(PermId, Option<ScopeId>, Option<UserId>)> {
        // In a large directory each lookup is two cache misses (a table slot, then the name),
        // one after the other. The user's and the scope's are started together, and the
        // permission's search (in the model, which stays in the cache) runs while they are
        // under way.
        let (hu, hs) = (Names::hash_of(user), Names::hash_of(scope));
        let warm = self.dir.users.touch(hu) ^ self.dir.scope_index.touch(hs);
        let p = self.perm(permission)?;
        core::hint::black_box(warm ^ self.dir.users.touch_name(hu) ^ self.dir.scope_index.touch_name(hs));
        let s = self.dir.find_scope_hashed(scope, hs);
        if let Some(s) = s {
            self.level_check(p, s)?;
        }
        Ok((p, s, self.dir.find_user_hashed(user, hu)))
    }

    /// Whether `user` holds `permission` at `scope`.
    ///
    /// # Errors
    /// `unknown_permission`; `level_mismatch` when the permission is not askable at the scope's
    /// level. Unknown users and scopes are not errors: they deny.
    pub fn check(&self, user: &str, permission: &str, scope: &str, ctx: Option<&Context>) -> Result<bool> {
        let (p, s, u) = self.resolve(user, permission, scope)?;
        Ok(match (s, u) {
            (Some(s), Some(u)) => self.eval(ctx).holds(u, p, s),
            _ => false,
        })
    }

    /// The numeric form of [`Engine::check`], for callers that interned ids once.
    ///
    /// # Errors
    /// `level_mismatch`, or `unknown_permission` for an id out of range.
    pub fn check_ids(&self, u: UserId, p: PermId, s: ScopeId, ctx: Option<&Context>) -> Result<bool> {
        if self.model.perm_data(p).is_none() {
            return Err(Error::new(Code::UnknownPermission, "unknown permission number"));
        }
        match self.holds_ids(u, p, s, ctx) {
            Some(held) => Ok(held),
            None => self.level_check(p, s).map(|()| false),
        }
    }

    /// [`Engine::check_ids`] without its error's words: `None` for an unknown permission number
    /// or a permission of another level than the scope's (a caller that words the error itself,
    /// or asks again, pays for no message).
    pub fn holds_ids(&self, u: UserId, p: PermId, s: ScopeId, ctx: Option<&Context>) -> Option<bool> {
        self.model.perm_data(p)?;
        let Some(scope) = self.dir.scope(s) else { return Some(false) };
        if u.index() >= self.dir.users.len() {
            return Some(false);
        }
        if self.model.perm_depth(p).is_some_and(|d| d != scope.depth) {
            return None;
        }
        Some(self.eval(ctx).holds(u, p, s))
    }

    /// The decision with its reasons.
    ///
    /// # Errors
    /// As [`Engine::check`].
    pub fn explain(&self, user: &str, permission: &str, scope: &str, ctx: Option<&Context>) -> Result<Decision> {
        let (p, s, u) = self.resolve(user, permission, scope)?;
        let Some(s) = s else {
            return Ok(Decision::deny(Denial::UnknownScope, msg!("scope '", crate::error::shown(scope), "' is not in the directory")));
        };
        Ok(self.eval(ctx).explain(user, u, p, s))
    }

    /// The numeric form of [`Engine::explain`]'s reasoning, for callers that put it in words
    /// themselves (`None` for numbers out of range), its lists left in `room`, which a caller
    /// asking many questions keeps (no allocation per question once it has grown).
    ///
    /// # Errors
    /// `level_mismatch`.
    pub fn find_ids(&self, u: UserId, p: PermId, s: ScopeId, ctx: Option<&Context>, room: &mut Room) -> Result<Option<Found>> {
        if self.model.perm_data(p).is_none() || self.dir.scope(s).is_none() || u.index() >= self.dir.users.len() {
            return Ok(None);
        }
        self.level_check(p, s)?;
        Ok(Some(self.eval(ctx).find(u, p, s, room)))
    }

    /// Permission positions held at a scope (empty for unknown users and scopes).
    pub fn holding(&self, user: &str, scope: &str, ctx: Option<&Context>) -> Bits {
        match (self.dir.find_user(user), self.dir.find_scope(scope)) {
            (Some(u), Some(s)) => self.eval(ctx).holding(u, s),
            _ => Bits::EMPTY,
        }
    }

    /// The numeric form of [`Engine::holding`] (empty for unknown numbers).
    pub fn holding_ids(&self, u: UserId, s: ScopeId, ctx: Option<&Context>) -> Bits {
        if self.dir.scope(s).is_none() || u.index() >= self.dir.users.len() {
            return Bits::EMPTY;
        }
        self.eval(ctx).holding(u, s)
    }

    /// Sorted ids of the permissions askable at `scope` that `user` holds there.
    pub fn permissions(&self, user: &str, scope: &str, ctx: Option<&Context>) -> Vec<String> {
        // The held permissions in id order: `by_id` is that order.
        let held = self.holding(user, scope, ctx);
        self.model.by_id.iter().filter(|&&p| held.has(p)).map(|&p| self.model.perm_id(p).to_string()).collect()
    }

    /// Sorted ids of the users who hold `permission` at `scope`.
    ///
    /// # Errors
    /// `unknown_permission`, `level_mismatch`.
    pub fn who_can(&self, permission: &str, scope: &str, ctx: Option<&Context>) -> Result<Vec<String>> {
        let p = self.perm(permission)?;
        let Some(s) = self.dir.find_scope(scope) else { return Ok(Vec::new()) };
        self.level_check(p, s)?;
        let ev = self.eval(ctx);
        let mut out: Vec<String> = ev.candidates(s, p).into_iter().filter(|&u| ev.holds(u, p, s)).map(|u| self.dir.user_name(u).to_string()).collect();
        crate::sort::sort_strings(&mut out);
        Ok(out)
    }

    /// Per portal permission, the sorted scopes where the user holds it (portals with none are
    /// left out).
    pub fn portals(&self, user: &str, ctx: Option<&Context>) -> Vec<PortalScopes> {
        let Some(u) = self.dir.find_user(user) else { return Vec::new() };
        let ev = self.eval(ctx);
        // Only scopes below one where the user holds something can grant anything.
        let mut roots: Vec<ScopeId> = self.dir.by_user.get(u.index()).iter().map(|&(s, _)| s).collect();
        if self.model.groups.iter().any(|g| g.default.is_some()) {
            roots.extend(self.dir.member_of.get(u.index()).iter().copied());
        }
        let mut seen = vec![false; self.dir.scopes.len()];
        let mut queue: VecDeque<ScopeId> = roots.into_iter().collect();
        let mut scopes = Vec::new();
        while let Some(s) = queue.pop_front() {
            match seen.get_mut(s.index()) {
                Some(x) if !*x => *x = true,
                _ => continue,
            }
            scopes.push(s);
            if let Some(sc) = self.dir.scope(s) {
                queue.extend(sc.children.iter().copied());
            }
        }
        let mut out: Vec<PortalScopes> = Vec::new();
        for &p in &self.model.portals {
            let mut list: Vec<String> = scopes.iter().filter(|&&s| ev.holds(u, p, s)).map(|&s| self.dir.scope_path(s).to_string()).collect();
            if !list.is_empty() {
                crate::sort::sort_strings(&mut list);
                out.push(PortalScopes { portal: self.model.perm_id(p).to_string(), scopes: list });
            }
        }
        out
    }

    /// The directory in the general form; loading it again gives the same answers.
    pub fn export_directory(&self) -> DirectoryDoc {
        let d = &self.dir;
        let mut members = BTreeMap::new();
        let mut assignments = Vec::new();
        for (i, s) in d.scopes.iter().enumerate().filter(|(_, s)| s.alive) {
            let ms = d.members.get(i).map(|v| v.iter().map(|&u| d.user_name(u).to_string()).collect::<Vec<_>>()).unwrap_or_default();
            if !ms.is_empty() {
                members.insert(s.path.clone(), ms);
            }
            for &(u, r) in d.by_scope.get(i).map(Vec::as_slice).unwrap_or(&[]) {
                assignments.push(AssignmentDoc { user: d.user_name(u).to_string(), role: self.model.role_id(r).to_string(), scope: s.path.clone() });
            }
        }
        DirectoryDoc { scopes: d.scopes.iter().filter(|s| s.alive).map(|s| s.path.clone()).collect(), members, assignments }
    }
}
