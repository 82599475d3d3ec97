//! Stateless evaluation: no directory, only a user's own assignments (from a signed token, say)
//! and scopes taken from a request path. Each scope's level and attributes come from its path as
//! the model says, exactly as for a directory's scopes, so the answers are the directory mode's.
//!
//! Membership is implied by the assignments: the user counts as a member of every scope on the
//! path of each assignment (the directory rules make that true of any valid assignment), so group
//! defaults (a member with no profile) apply as they would with a directory. Assignments the model
//! cannot hold (unknown role, malformed scope, another level) are ignored, and a second role of an
//! exclusive group at one scope is ignored: bad token content denies, it never errors or grants.

use crate::prelude::*;
use crate::msg;
use crate::context::Context;
use crate::directory::Directory;
use crate::engine::Engine;
use crate::error::{Code, Error, Result};
use crate::explain::{Decision, Denial};

/// One assignment of a stateless caller: a role at a scope path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: String,
    pub scope: String,
}


/// The most assignments considered per call (a token listing more is cut to these).
pub const MAX_STATELESS_ASSIGNMENTS: usize = 256;

impl Engine {
    /// A throwaway engine holding only `user`, the scopes of `assignments` and `scopes`, and the
    /// assignments the model can hold. Returns it with the assignments it ignored, and why.
    pub fn stateless(&self, user: &str, assignments: &[Grant], scopes: &[&str]) -> (Engine, Vec<String>) {
        let m = self.model();
        let mut ignored = Vec::new();
        let mut dir = Directory::default();
        let Ok(u) = dir.intern_user(user) else {
            return (self.with_directory(dir), vec![msg!("user id '", crate::error::shown(user), "' is malformed")]);
        };
        let add_path = |dir: &mut Directory, path: &str| -> core::result::Result<(), String> {
            let segs = crate::directory::split_path(m, path, Code::UnknownScope).map_err(|e| e.message)?;
            let mut prefix = String::new();
            for (i, seg) in segs.iter().enumerate() {
                if i > 0 {
                    prefix.push('/');
                }
                prefix.push_str(seg);
                dir.add_scope(m, &prefix, Code::UnknownScope).map_err(|e| e.message)?;
            }
            Ok(())
        };
        for s in scopes {
            // A malformed asked scope is simply absent: questions about it deny.
            let _ = add_path(&mut dir, s);
        }
        let mut placed = Vec::new();
        for a in assignments.iter().take(MAX_STATELESS_ASSIGNMENTS) {
            if let Err(why) = add_path(&mut dir, &a.scope) {
                ignored.push(msg!(crate::error::shown(&a.role), " at '", crate::error::shown(&a.scope), "': ", why));
                continue;
            }
            placed.push(a);
            let Some(s) = dir.find_scope(&a.scope) else { continue };
            // Members of every scope on the path.
            let mut cur = Some(s);
            while let Some(c) = cur {
                // At most 256 assignments: no limit is near.
                let _ = dir.add_member(c, u);
                cur = dir.scope(c).and_then(|x| x.parent);
            }
        }
        let mut engine = self.with_directory(dir);
        for a in placed {
            let Some(r) = m.role(&a.role) else {
                ignored.push(msg!("unknown role '", crate::error::shown(&a.role), "'"));
                continue;
            };
            let clash = m.roles.get(r.index()).and_then(|x| x.group).is_some_and(|g| {
                engine.directory().find_scope(&a.scope).is_some_and(|s| {
                    engine.directory().by_user.get(0).iter().any(|&(x, other)| x == s && other != r && m.roles.get(other.index()).and_then(|o| o.group) == Some(g))
                })
            });
            if clash {
                ignored.push(msg!(crate::error::shown(&a.role), " at '", crate::error::shown(&a.scope), "': another role of its exclusive group is already held there"));
                continue;
            }
            if let Err(e) = engine.assign(user, &a.role, &a.scope) {
                ignored.push(msg!(crate::error::shown(&a.role), " at '", crate::error::shown(&a.scope), "': ", e.message));
            }
        }
        (engine, ignored)
    }

    /// Whether a user holding `assignments` holds `permission` at `scope`, with no directory.
    ///
    /// # Errors
    /// `unknown_permission`, and `level_mismatch` when the permission is not askable at the level
    /// the scope path's depth gives.
    pub fn check_stateless(&self, user: &str, assignments: &[Grant], permission: &str, scope: &str, ctx: Option<&Context>) -> Result<bool> {
        Ok(self.explain_stateless(user, assignments, permission, scope, ctx)?.allowed)
    }

    /// [`Engine::check_stateless`] with its reasons.
    ///
    /// # Errors
    /// As [`Engine::check_stateless`].
    pub fn explain_stateless(&self, user: &str, assignments: &[Grant], permission: &str, scope: &str, ctx: Option<&Context>) -> Result<Decision> {
        let m = self.model();
        let p = m.perm(permission).ok_or_else(|| Error::new(Code::UnknownPermission, msg!("unknown permission '", crate::error::shown(permission), "'")))?;
        let segs = match crate::directory::split_path(m, scope, Code::UnknownScope) {
            Ok(segs) => segs,
            Err(e) => return Ok(Decision::deny(Denial::UnknownScope, e.message)),
        };
        if let Some(pd) = m.perm_depth(p) {
            let depth = segs.len() - 1;
            if pd != depth {
                let name = |d: usize| m.level_of_depth(d).map_or("", |l| l.id.as_str()).to_string();
                return Err(Error::new(
                    Code::LevelMismatch,
                    msg!("'", permission, "' is a ", name(pd), " permission but '", crate::error::shown(scope), "' is a ", name(depth)),
                ));
            }
        }
        let (engine, _ignored) = self.stateless(user, assignments, &[scope]);
        if engine.directory().find_scope(scope).is_none() {
            // The path has the right shape but the model refuses a scope on it (an unknown
            // service, an environment its service does not have): the first one, from the root.
            let mut d = crate::directory::Directory::default();
            let mut end = 0;
            let mut why = None;
            for seg in &segs {
                end += seg.len() + usize::from(end > 0);
                if let Err(e) = d.add_scope(m, scope.get(..end).unwrap_or(scope), Code::UnknownScope) {
                    why = Some(e.message);
                    break;
                }
            }
            let why = why.unwrap_or_else(|| msg!("scope '", crate::error::shown(scope), "' is not valid for this model"));
            return Ok(Decision::deny(Denial::UnknownScope, why));
        }
        engine.explain(user, permission, scope, ctx)
    }
}
