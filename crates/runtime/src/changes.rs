//! Changes to the directory and the rules that gate them: assigning and revoking roles
//! (delegation, [`Engine::can_assign`]), creating and removing scopes, and adding users to or
//! taking them off member lists.
//!
//! A call without an acting user is the trusted back office: it is checked for consistency (ids,
//! levels, membership) but not for permission. With an actor, the model's data decides: a role's
//! `assignRequires`, and a level's `create`, `remove`, `addMember` and `removeMember` rules, each
//! naming a permission the actor must hold at the scope of that permission's level on the path
//! of the scope acted on. So `check(actor, needed, that scope)` and the action always agree. An
//! unknown or empty actor holds nothing and is refused (`not_allowed`) before any scope is
//! looked up, so a refusal cannot tell it which scopes exist.
//!
//! Every change checks everything before its first write: an error leaves the directory as it
//! was.

use crate::prelude::*;
use crate::msg;
use crate::ids::{PermId, RoleId};
use crate::model::Model;
use crate::context::Context;
use crate::directory::{Directory, ScopeId, UserId};
use crate::engine::Engine;
use crate::error::{shown, Code, Error, Result};
use crate::explain::{Decision, Denial};

/// What an acting user does with a role (for the words of a decision).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Assign,
    Revoke,
}

impl Verb {
    fn word(self) -> &'static str {
        match self {
            Verb::Assign => "assign",
            Verb::Revoke => "revoke",
        }
    }
}

/// The refusal of an actor the directory does not know.
fn unknown_actor(actor: &str, action: &str) -> String {
    msg!("'", shown(actor), "' is not a user of the directory and may not ", action)
}

/// Checks a user id given to a change: 1 to `MAX_ID_BYTES` bytes, no control characters.
fn user_id(user: &str) -> Result<()> {
    crate::directory::check_user_id(user).map_err(|why| Error::new(Code::InvalidArgument, why))
}

/// Whether role `r` can be held at scope `s`: its level's depth, and its level existing there
/// (a level's condition reads scope attributes only).
///
/// # Errors
/// `level_mismatch`.
#[inline(never)]
pub(crate) fn check_assignable(m: &Model, d: &Directory, r: RoleId, s: ScopeId) -> Result<()> {
    let role = m.roles.get(r.index()).ok_or_else(|| Error::new(Code::UnknownRole, "unknown role"))?;
    let scope = d.scope(s).ok_or_else(|| Error::new(Code::UnknownScope, "unknown scope"))?;
    let level = m.levels.get(role.level.index()).map_or("", |l| l.id.as_str());
    if role.depth != scope.depth {
        let at = m.level_of_depth(scope.depth).map_or("", |l| l.id.as_str());
        return Err(Error::new(Code::LevelMismatch, msg!("role '", role.id, "' of level '", level, "' cannot be assigned at '", shown(&scope.path), "', a ", at)));
    }
    let ctx = Context::default();
    if !(crate::eval::Eval { m, d, ctx: &ctx }).level_exists_at(r, s) {
        return Err(Error::new(Code::LevelMismatch, msg!("level '", level, "' of role '", role.id, "' does not exist at '", shown(&scope.path), "'")));
    }
    Ok(())
}

impl Engine {
    fn scope_or_err(&self, scope: &str) -> Result<ScopeId> {
        self.dir.find_scope(scope).ok_or_else(|| Error::new(Code::UnknownScope, msg!("unknown scope '", shown(scope), "'")))
    }

    fn level_id_at(&self, depth: usize) -> &str {
        self.model.level_of_depth(depth).map_or("", |l| l.id.as_str())
    }

    /// The acting user's number, or `not_allowed`. Every call with an actor asks this before it
    /// looks up any scope: an actor the directory does not know (the empty id included) holds
    /// nothing, and its refusal is the same whether the scopes it names exist or not, so it
    /// cannot be used to find out which do.
    fn actor_id(&self, actor: &str, action: &dyn Fn() -> String) -> Result<UserId> {
        self.dir.find_user(actor).ok_or_else(|| Error::new(Code::NotAllowed, unknown_actor(actor, &action())))
    }

    /// Checks that `actor` holds `need` where an action on `s` is decided: at the scope of the
    /// permission's level on `s`'s path (`s` itself for a level-free permission).
    fn gate(&self, actor: &str, need: PermId, s: ScopeId, action: &dyn Fn() -> String) -> Result<()> {
        let ev = self.eval(None);
        let at = ev.scope_of(need, s).unwrap_or(s);
        let a = self.actor_id(actor, action)?;
        if ev.holds(a, need, at) {
            return Ok(());
        }
        Err(Error::new(
            Code::NotAllowed,
            msg!("'", shown(actor), "' may not ", action(), ": it needs '", self.model.perm_id(need), "' at '", shown(self.dir.scope_path(at)), "'"),
        ))
    }

    /// Whether role `r` can be held at scope `s` ([`check_assignable`]).
    ///
    /// # Errors
    /// `level_mismatch`.
    pub(crate) fn assignable_at(&self, r: RoleId, s: ScopeId) -> Result<()> {
        check_assignable(&self.model, &self.dir, r, s)
    }

    /// The scope whose member list a holder of role `r` at `s` must be on, when its level asks.
    fn member_scope(&self, r: RoleId, s: ScopeId) -> Option<ScopeId> {
        let md = self.model.roles.get(r.index()).and_then(|x| self.model.levels.get(x.level.index()))?.membership_depth?;
        self.dir.ancestor(s, md)
    }

    /// Checks the user of an assignment of role `r` at `s`: a well-formed id, on the member list
    /// the role's level asks for. Returns their number (`None`: a new id the change will add).
    fn assignee(&self, user: &str, r: RoleId, s: ScopeId) -> Result<Option<UserId>> {
        user_id(user)?;
        let u = self.dir.find_user(user);
        if let Some(at) = self.member_scope(r, s) {
            if !u.is_some_and(|u| self.dir.is_member(u, at)) {
                return Err(Error::new(Code::NotAMember, msg!("'", shown(user), "' is not a member of '", shown(self.dir.scope_path(at)), "'")));
            }
        }
        Ok(u)
    }

    /// Records an assignment already checked; a role of an exclusive group replaces the user's
    /// other role of that group at that scope. Returns whether anything changed.
    fn put_assignment(&mut self, user: &str, u: Option<UserId>, r: RoleId, s: ScopeId) -> Result<bool> {
        let u = match u {
            Some(u) => u,
            None => self.dir.intern_user(user)?,
        };
        if !self.dir.insert_assignment(u, s, r)? {
            return Ok(false);
        }
        // Added (nothing can fail after this): the group's other role goes.
        if let Some(g) = self.model.roles.get(r.index()).and_then(|x| x.group).and_then(|g| self.model.groups.get(g)) {
            for &o in g.roles.iter().filter(|&&o| o != r) {
                self.dir.remove_assignment(u, s, o);
            }
        }
        Ok(true)
    }

    /// Assigns a role, enforcing level, membership and exclusive groups (a group's other role
    /// held by the user at that scope is replaced). Returns whether anything changed.
    ///
    /// # Errors
    /// `unknown_role`, `unknown_scope`, `level_mismatch`, `not_a_member`, `invalid_argument` (a
    /// malformed user id). On error nothing changes.
    pub fn assign(&mut self, user: &str, role: &str, scope: &str) -> Result<bool> {
        let r = self.role(role)?;
        let s = self.scope_or_err(scope)?;
        self.assignable_at(r, s)?;
        let u = self.assignee(user, r, s)?;
        self.put_assignment(user, u, r, s)
    }

    /// [`Engine::assign`] on behalf of `actor`: [`Engine::can_assign`] decides.
    ///
    /// # Errors
    /// As `assign`, and `not_allowed` (or `not_a_member`) with the refusal's reason; an actor
    /// the directory does not know is `not_allowed` before anything else is looked at.
    pub fn assign_as(&mut self, actor: &str, user: &str, role: &str, scope: &str) -> Result<bool> {
        self.administer(actor, user, role, scope, Verb::Assign)?;
        self.assign(user, role, scope)
    }

    /// Removes an assignment. Returns whether there was one (a group default is not an
    /// assignment and cannot be revoked).
    ///
    /// # Errors
    /// `unknown_role`.
    pub fn revoke(&mut self, user: &str, role: &str, scope: &str) -> Result<bool> {
        let r = self.role(role)?;
        let (Some(u), Some(s)) = (self.dir.find_user(user), self.dir.find_scope(scope)) else { return Ok(false) };
        Ok(self.dir.remove_assignment(u, s, r))
    }

    /// [`Engine::revoke`] on behalf of `actor`: [`Engine::can_assign`] decides, as for assigning
    /// (so nobody revokes a role they could not give, and nobody takes their own owner role),
    /// except that the target need not be on any member list: membership is a condition of
    /// holding a role, not of losing one. Returns whether there was an assignment to remove.
    ///
    /// # Errors
    /// `unknown_role`, `unknown_scope`, `level_mismatch`, `not_allowed` (an unknown actor first).
    pub fn revoke_as(&mut self, actor: &str, user: &str, role: &str, scope: &str) -> Result<bool> {
        self.administer(actor, user, role, scope, Verb::Revoke)?;
        self.revoke(user, role, scope)
    }

    fn administer(&self, actor: &str, user: &str, role: &str, scope: &str, verb: Verb) -> Result<()> {
        let r = self.role(role)?;
        self.actor_id(actor, &|| msg!(verb.word(), " '", self.model.role_id(r), "' at '", shown(scope), "'"))?;
        if verb == Verb::Assign {
            user_id(user)?;
        }
        let s = self.scope_or_err(scope)?;
        self.assignable_at(r, s)?;
        let d = self.may_administer(actor, r, s, user, verb, None);
        if d.allowed {
            return Ok(());
        }
        let code = if d.denial == Some(Denial::NotAMember) { Code::NotAMember } else { Code::NotAllowed };
        Err(Error::new(code, d.reason))
    }

    /// Whether `actor` may assign (or revoke) `role` at `scope` to `target`, under `ctx` (the
    /// model's defaults when `None`).
    ///
    /// An actor the directory does not know is denied (`not_allowed`) before the scope is looked
    /// up, so the answer does not tell whether the scope exists.
    ///
    /// # Errors
    /// `unknown_role`; `invalid_argument` for a malformed target id; `level_mismatch` when the
    /// role cannot be held at that scope. Unknown scopes and actors deny.
    pub fn can_assign(&self, actor: &str, role: &str, scope: &str, target: &str, ctx: Option<&Context>) -> Result<Decision> {
        let r = self.role(role)?;
        if self.dir.find_user(actor).is_none() {
            return Ok(Decision::deny(Denial::NotAllowed, unknown_actor(actor, &msg!("assign '", self.model.role_id(r), "'"))));
        }
        user_id(target)?;
        let Some(s) = self.dir.find_scope(scope) else {
            return Ok(Decision::deny(Denial::UnknownScope, msg!("scope '", shown(scope), "' is not in the directory")));
        };
        self.assignable_at(r, s)?;
        Ok(self.may_administer(actor, r, s, target, Verb::Assign, ctx))
    }

    fn may_administer(&self, actor: &str, r: RoleId, s: ScopeId, target: &str, verb: Verb, ctx: Option<&Context>) -> Decision {
        let (role_id, need, self_assignable) = match self.model.roles.get(r.index()) {
            Some(x) => (x.id.as_str(), x.assign_requires, x.self_assignable),
            None => return Decision::deny(Denial::NotAllowed, "unknown role".to_string()),
        };
        let path = shown(self.dir.scope_path(s));
        let verb = verb.word();
        let Some(a) = self.dir.find_user(actor) else {
            return Decision::deny(Denial::NotAllowed, unknown_actor(actor, &msg!(verb, " '", role_id, "'")));
        };
        let Some(need) = need else {
            return Decision::deny(Denial::NotAllowed, msg!("role '", role_id, "' names no permission that allows anyone to ", verb, " it"));
        };
        let ev = self.eval(ctx);
        let d = ev.explain(actor, Some(a), need, s);
        if !d.allowed {
            return Decision::deny(
                Denial::NotAllowed,
                msg!("'", shown(actor), "' may not ", verb, " '", role_id, "' at '", path, "': it needs '", self.model.perm_id(need), "' there (", d.reason, ")"),
            );
        }
        if !ev.role_exists(r, s) {
            return Decision::deny(Denial::RoleUnavailable, msg!("role '", role_id, "' does not exist at '", path, "': it needs ", ev.describe_role_condition(r, s)));
        }
        if target == actor && !self_assignable {
            return Decision::deny(Denial::SelfAssignment, msg!("'", shown(actor), "' may not ", verb, " '", role_id, "' for themselves"));
        }
        // Membership is a condition of holding a role: checked when giving one, not when taking it.
        if verb == "assign" {
            if let Err(e) = self.assignee(target, r, s) {
                let denial = if e.code == Code::NotAMember { Denial::NotAMember } else { Denial::NotAllowed };
                return Decision::deny(denial, e.message);
            }
        }
        Decision {
            allowed: true,
            reason: msg!("'", shown(actor), "' may ", verb, " '", role_id, "' for '", shown(target), "' at '", path, "' as holder of '", self.model.perm_id(need), "' (", d.reason, ")"),
            grants: d.grants,
            denial: None,
        }
    }

    /// Puts the creator `u` on the member list of `s`, which they must be allowed to join as it
    /// is: when `s`'s level keeps its lists inside a list above, they must already be on that
    /// one. A creator never climbs: creating a scope adds them to no list above the ones their
    /// new role needs. Records the list joined in `joined`, so that a caller can undo it.
    ///
    /// # Errors
    /// `not_a_member`, `limit_exceeded`.
    fn creator_joins(&mut self, actor: &str, u: UserId, s: ScopeId, joined: &mut Vec<ScopeId>) -> Result<()> {
        if self.dir.is_member(u, s) {
            return Ok(());
        }
        if let Some(req) = self.dir.list_requires(&self.model, s) {
            if !self.dir.is_member(u, req) {
                return Err(Error::new(
                    Code::NotAMember,
                    msg!("'", shown(actor), "' would join the members of '", shown(self.dir.scope_path(s)), "' as the creator, and must be a member of '", shown(self.dir.scope_path(req)), "' first"),
                ));
            }
        }
        if self.dir.add_member(s, u)? {
            joined.push(s);
        }
        Ok(())
    }

    /// What a creator gets at the new scope `s`: the list their creator role needs, the new
    /// scope's own list (`creatorJoins`), the role.
    fn creator_takes(&mut self, actor: &str, a: UserId, rule: crate::model::Create, s: ScopeId, joined: &mut Vec<ScopeId>) -> Result<()> {
        if let Some(r) = rule.creator_role {
            self.assignable_at(r, s)?;
            if let Some(at) = self.member_scope(r, s) {
                self.creator_joins(actor, a, at, joined)?;
            }
        }
        if rule.creator_joins {
            self.creator_joins(actor, a, s, joined)?;
        }
        if let Some(r) = rule.creator_role {
            self.put_assignment(actor, Some(a), r, s)?;
        }
        Ok(())
    }

    /// Creates a scope on behalf of `actor`, as its level's `create` rule says: the actor needs
    /// the rule's permission (at the scope of its level above the new one), then holds the
    /// rule's creator role there, joining the member list that role needs (and the new scope's
    /// own, with `creatorJoins`), each only from the list above it: a creator who is not on
    /// that one is refused (`not_a_member`) rather than added to lists above. A level without a
    /// rule (the root, say) cannot be created by anyone. All or nothing.
    ///
    /// # Errors
    /// `invalid_directory` (malformed path, a segment the level does not allow, or the scope
    /// exists), `not_allowed`, `unknown_scope` (no parent), `not_a_member`, `level_mismatch`
    /// (the creator role's level does not exist there).
    pub fn create_scope(&mut self, actor: &str, path: &str) -> Result<()> {
        let segs = crate::directory::split_path(&self.model, path, Code::InvalidDirectory)?;
        let depth = segs.len().saturating_sub(1);
        let level = self.model.level_of_depth(depth).ok_or_else(|| Error::new(Code::InvalidDirectory, "too deep"))?;
        let Some(rule) = level.create else {
            let why = if depth == 0 { "its scopes come only from a loaded directory" } else { "the model gives no acting user that right" };
            return Err(Error::new(Code::NotAllowed, msg!("'", shown(actor), "' may not create '", shown(path), "': no one may create a ", level.id, " (", why, ")")));
        };
        let a = self.actor_id(actor, &|| msg!("create '", shown(path), "'"))?;
        let last = segs.last().map_or(0, |s| s.len());
        let parent_path = path.get(..path.len().saturating_sub(last + 1)).unwrap_or("");
        let parent = self.scope_or_err(parent_path)?;
        self.gate(actor, rule.requires, parent, &|| msg!("create '", shown(path), "'"))?;
        if self.dir.find_scope(path).is_some() {
            return Err(Error::new(Code::InvalidDirectory, msg!("scope '", shown(path), "' already exists")));
        }
        let mark = self.dir.mark();
        let journal = self.dir.journal_len();
        let s = self.dir.add_scope(&self.model, path, Code::InvalidDirectory)?;
        let mut joined = Vec::new();
        if let Err(e) = self.creator_takes(actor, a, rule, s, &mut joined) {
            // Undone: the lists joined, then the scope, as if never added (a refused creation
            // leaves no removed scope behind, so refusals cannot grow the directory).
            for x in joined {
                self.dir.remove_member(x, a);
            }
            self.dir.undo_add_scope(s, mark);
            // Taken back here: a batch's journal forgets these writes.
            self.dir.journal_truncate(journal);
            return Err(e);
        }
        Ok(())
    }

    /// Creates a scope under an existing parent as the trusted back office: no permission is
    /// checked and nobody is given a role. Returns whether it is new.
    ///
    /// # Errors
    /// `invalid_directory` (malformed path, a segment the level does not allow, no parent).
    pub fn insert_scope(&mut self, path: &str) -> Result<bool> {
        if self.dir.find_scope(path).is_some() {
            return Ok(false);
        }
        self.dir.add_scope(&self.model, path, Code::InvalidDirectory)?;
        Ok(true)
    }

    /// Removes a scope and everything below it (member lists, assignments) on behalf of
    /// `actor`, who needs its level's `remove` permission. A level without one (the root, say)
    /// cannot be removed by anyone.
    ///
    /// Removed scopes are kept (not counted against the scope limit) until they outnumber the
    /// scopes in the directory (and number at least [`crate::directory::COMPACT_AFTER`]); this
    /// call then rebuilds the directory without them, which renumbers the scopes. So scope
    /// numbers ([`crate::directory::ScopeId`], the numeric API) are stable across every call but
    /// this one: a caller that keeps them must forget them after it, as the package does. User
    /// numbers never change.
    ///
    /// # Errors
    /// `unknown_scope`, `not_allowed`, `limit_exceeded` (no memory to list what goes).
    pub fn remove_scope(&mut self, actor: &str, path: &str) -> Result<()> {
        self.actor_id(actor, &|| msg!("remove '", shown(path), "'"))?;
        let s = self.scope_or_err(path)?;
        let depth = self.dir.scope(s).map_or(0, |x| x.depth);
        let level = self.level_id_at(depth).to_string();
        let Some(need) = self.model.level_of_depth(depth).and_then(|l| l.remove) else {
            return Err(Error::new(Code::NotAllowed, msg!("'", shown(actor), "' may not remove '", shown(path), "': no one may remove a ", level)));
        };
        self.gate(actor, need, s, &|| msg!("remove '", shown(path), "'"))?;
        self.dir.remove_subtree(s)?;
        self.compact();
        Ok(())
    }

    /// Adds a user to a scope's member list. When the scope's level asks for membership of a
    /// level above (`membership`), the user must be on that scope's list first. Returns whether
    /// they are new there.
    ///
    /// # Errors
    /// `unknown_scope`, `not_a_member`, `invalid_argument` (a malformed user id).
    pub fn add_member(&mut self, scope: &str, user: &str) -> Result<bool> {
        let s = self.scope_or_err(scope)?;
        self.put_member(s, scope, user)
    }

    /// [`Engine::add_member`] on behalf of `actor`, who needs the level's `addMember` permission.
    ///
    /// # Errors
    /// As `add_member`, and `not_allowed`.
    pub fn add_member_as(&mut self, actor: &str, scope: &str, user: &str) -> Result<bool> {
        self.actor_id(actor, &|| msg!("add '", shown(user), "' to the members of '", shown(scope), "'"))?;
        let s = self.scope_or_err(scope)?;
        let need = self.list_rule(s, |l| l.add_member);
        self.list_gate(actor, need, s, &|| msg!("add '", shown(user), "' to the members of '", shown(scope), "'"))?;
        self.put_member(s, scope, user)
    }

    fn put_member(&mut self, s: ScopeId, scope: &str, user: &str) -> Result<bool> {
        user_id(user)?;
        let u = self.dir.find_user(user);
        if u.is_some_and(|u| self.dir.is_member(u, s)) {
            return Ok(false);
        }
        if let Some(req) = self.dir.list_requires(&self.model, s) {
            if !u.is_some_and(|u| self.dir.is_member(u, req)) {
                return Err(Error::new(
                    Code::NotAMember,
                    msg!("'", shown(user), "' must be a member of '", shown(self.dir.scope_path(req)), "' before '", shown(scope), "'"),
                ));
            }
        }
        let u = match u {
            Some(u) => u,
            None => self.dir.intern_user(user)?,
        };
        self.dir.add_member(s, u)
    }

    /// Takes a user off a scope's member list and off every list below it, and removes every
    /// assignment of theirs at or below it. Returns whether anything changed.
    ///
    /// # Errors
    /// `unknown_scope`.
    pub fn remove_member(&mut self, scope: &str, user: &str) -> Result<bool> {
        let s = self.scope_or_err(scope)?;
        Ok(self.dir.find_user(user).is_some_and(|u| self.dir.remove_user_below(u, s)))
    }

    /// [`Engine::remove_member`] on behalf of `actor`, who needs the level's `removeMember`
    /// permission, and who must be allowed to revoke (as [`Engine::revoke_as`] decides) every
    /// assignment that leaving the list takes from the user: a member list is not a way round
    /// delegation (taking another administrator's role, or one's own owner role). All or
    /// nothing: one assignment the actor may not revoke refuses the whole removal.
    ///
    /// # Errors
    /// As `remove_member`, and `not_allowed`.
    pub fn remove_member_as(&mut self, actor: &str, scope: &str, user: &str) -> Result<bool> {
        let action = || msg!("remove '", shown(user), "' from the members of '", shown(scope), "'");
        self.actor_id(actor, &action)?;
        let s = self.scope_or_err(scope)?;
        let need = self.list_rule(s, |l| l.remove_member);
        self.list_gate(actor, need, s, &action)?;
        if let Some(u) = self.dir.find_user(user) {
            for (a, r) in self.dir.held_within(u, s) {
                let d = self.may_administer(actor, r, a, user, Verb::Revoke, None);
                if !d.allowed {
                    return Err(Error::new(
                        Code::NotAllowed,
                        msg!("'", shown(actor), "' may not ", action(), ": that would revoke '", self.model.role_id(r), "' at '", shown(self.dir.scope_path(a)), "' (", d.reason, ")"),
                    ));
                }
            }
        }
        self.remove_member(scope, user)
    }

    fn list_rule(&self, s: ScopeId, rule: impl Fn(&crate::model::Level) -> Option<PermId>) -> Option<PermId> {
        self.dir.scope(s).and_then(|x| self.model.level_of_depth(x.depth)).and_then(rule)
    }

    fn list_gate(&self, actor: &str, need: Option<PermId>, s: ScopeId, action: &dyn Fn() -> String) -> Result<()> {
        match need {
            Some(need) => self.gate(actor, need, s, action),
            None => {
                let level = self.level_id_at(self.dir.scope(s).map_or(0, |x| x.depth));
                Err(Error::new(Code::NotAllowed, msg!("'", shown(actor), "' may not ", action(), ": no one may change the member lists of a ", level)))
            }
        }
    }
}

/// One change of a batch ([`Engine::apply`]): the single calls' arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Assign { user: String, role: String, scope: String },
    Revoke { user: String, role: String, scope: String },
    AddMember { scope: String, user: String },
    RemoveMember { scope: String, user: String },
    CreateScope { path: String },
    RemoveScope { path: String },
}

impl Engine {
    /// Applies `changes` in order, all or none: on the first refusal the directory is put back
    /// as it was and the error names the change (`path` `[i]`). With `actor`, every change is
    /// gated as the single call with that actor is; without one the caller is the trusted back
    /// office keeping the engine in step with its own records, and `createScope` /
    /// `removeScope` are done without a gate (a new scope's parent must exist; nobody is given a
    /// role). Returns the changes that changed something, in order (an assignment already there,
    /// a revoke of nothing, a member already on the list are left out).
    ///
    /// One change alone is all or nothing by itself. A batch keeps a journal of its writes and
    /// takes them back in place on a refusal, so it costs what it changes. Removed scopes are
    /// dropped from the directory (which renumbers the scopes, see [`Engine::remove_scope`])
    /// once, after the whole batch, rather than after the change that tips the count.
    ///
    /// # Errors
    /// Each change's own errors, with `path` `[i]` (the change's place in the batch).
    pub fn apply(&mut self, changes: &[Change], actor: Option<&str>) -> Result<Vec<Change>> {
        if changes.len() > 1 {
            self.dir.begin();
        }
        let mut done = Vec::new();
        for (i, c) in changes.iter().enumerate() {
            match self.journal_room(c).and_then(|()| self.apply_one(c, actor)) {
                Ok(true) => done.push(c.clone()),
                Ok(false) => {}
                Err(e) => {
                    self.dir.rollback();
                    let path = match e.path {
                        Some(p) => msg!("[", i, "].", p),
                        None => msg!("[", i, "]"),
                    };
                    return Err(Error { path: Some(path), ..e });
                }
            }
        }
        self.dir.commit();
        self.compact();
        Ok(done)
    }

    /// Room in the directory's journal (when a batch keeps one) for what change `c` may write,
    /// had before it writes: a new user and an assignment with the roles of its exclusive group
    /// it replaces; a new user and a membership; every membership and assignment of the user it
    /// takes off a list; or a scope, the two lists its creator joins (and leaves again if
    /// refused) and their assignment. Removing a scope makes its own room, once it has walked
    /// the subtree ([`crate::directory::Directory::remove_subtree`]).
    fn journal_room(&mut self, c: &Change) -> Result<()> {
        if !self.dir.journaling() {
            return Ok(());
        }
        let group = self.model.groups.iter().map(|g| g.roles.len()).max().unwrap_or(0);
        let n = match c {
            Change::Assign { .. } => 2 + group,
            Change::CreateScope { .. } => 6 + group,
            Change::Revoke { .. } => 1,
            Change::AddMember { .. } => 2,
            Change::RemoveMember { user, .. } => self.dir.find_user(user).map_or(0, |u| {
                self.dir.member_of.get(u.index()).len() + self.dir.by_user.get(u.index()).len()
            }),
            Change::RemoveScope { .. } => 0,
        };
        self.dir.journal_room(n)
    }

    fn apply_one(&mut self, c: &Change, actor: Option<&str>) -> Result<bool> {
        match (c, actor) {
            (Change::Assign { user, role, scope }, Some(a)) => self.assign_as(a, user, role, scope),
            (Change::Assign { user, role, scope }, None) => self.assign(user, role, scope),
            (Change::Revoke { user, role, scope }, Some(a)) => self.revoke_as(a, user, role, scope),
            (Change::Revoke { user, role, scope }, None) => self.revoke(user, role, scope),
            (Change::AddMember { scope, user }, Some(a)) => self.add_member_as(a, scope, user),
            (Change::AddMember { scope, user }, None) => self.add_member(scope, user),
            (Change::RemoveMember { scope, user }, Some(a)) => self.remove_member_as(a, scope, user),
            (Change::RemoveMember { scope, user }, None) => self.remove_member(scope, user),
            (Change::CreateScope { path }, Some(a)) => self.create_scope(a, path).map(|()| true),
            (Change::CreateScope { path }, None) => self.insert_scope(path),
            (Change::RemoveScope { path }, Some(a)) => self.remove_scope(a, path).map(|()| true),
            (Change::RemoveScope { path }, None) => {
                let s = self.scope_or_err(path)?;
                self.dir.remove_subtree(s)?;
                self.compact();
                Ok(true)
            }
        }
    }

    /// Rebuilds the directory without its removed scopes once they outnumber the live ones (and
    /// number at least [`crate::directory::COMPACT_AFTER`]): this renumbers the scopes.
    fn compact(&mut self) {
        // Not within a batch, whose journal names scopes by number: after it.
        if self.dir.journaling() {
            return;
        }
        let dead = self.dir.dead_scopes();
        if dead > self.dir.live_scopes() && dead >= crate::directory::COMPACT_AFTER {
            // Without the memory for the copy the removed scopes simply stay a while longer.
            if let Ok(d) = self.dir.compacted(&self.model) {
                self.dir = d;
            }
        }
    }
}
