//! The directory: tenant data. Scopes by path (each with its level and derived attributes), the
//! members of each scope, and role assignments, indexed both by user and by scope.

use crate::bits::Bits;
use crate::compile::{AttrSource, Model, RoleId};
use crate::cond::Facts;
use crate::error::{Code, Error, Result};
use crate::limits::{MAX_DEPTH, MAX_ID_BYTES};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

pub type ScopeId = u32;
pub type UserId = u32;

/// Scopes with the same depth and attributes share a class: their attributes and the
/// permissions available there are computed once.
#[derive(Debug, Clone)]
pub struct ScopeClass {
    pub depth: usize,
    pub attrs: Vec<(String, String)>,
    /// Askable at this depth and not ruled out by a condition on attributes alone.
    pub avail: Bits,
}

impl ScopeClass {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

impl Facts for ScopeClass {
    fn attr(&self, name: &str) -> Option<&str> {
        ScopeClass::attr(self, name)
    }
    fn context(&self, _key: usize) -> Option<&str> {
        None
    }
}

#[derive(Debug, Clone)]
pub struct Scope {
    pub path: String,
    pub parent: Option<ScopeId>,
    pub depth: usize,
    /// `anc[d]` is the ancestor at depth `d` (itself at its own depth).
    pub anc: [ScopeId; MAX_DEPTH],
    pub class: u32,
    pub children: Vec<ScopeId>,
}

#[derive(Debug, Clone, Default)]
pub struct Directory {
    pub scopes: Vec<Scope>,
    pub scope_index: HashMap<String, ScopeId>,
    pub classes: Vec<ScopeClass>,
    class_index: HashMap<(usize, Vec<(String, String)>), u32>,
    pub users: Vec<String>,
    pub user_index: HashMap<String, UserId>,
    /// Per user: the roles assigned, with their scopes, in assignment order.
    pub by_user: Vec<Vec<(ScopeId, RoleId)>>,
    /// Per scope: the roles assigned there, with their users, in assignment order.
    pub by_scope: Vec<Vec<(UserId, RoleId)>>,
    /// Per scope: its members, in the order they were added.
    pub members: Vec<Vec<UserId>>,
    /// Per user: the scopes they are a member of, sorted.
    pub member_of: Vec<Vec<ScopeId>>,
}

/// Checks one path segment.
///
/// # Errors
/// A message (no code) saying what is wrong with it.
pub fn check_segment(seg: &str) -> std::result::Result<(), String> {
    if seg.is_empty() {
        return Err("has an empty segment".into());
    }
    if seg == "." || seg == ".." {
        return Err(format!("has a '{seg}' segment"));
    }
    if seg.len() > MAX_ID_BYTES {
        return Err(format!("has a segment longer than {MAX_ID_BYTES} bytes"));
    }
    if seg.chars().any(char::is_control) {
        return Err("has a segment with a control character".into());
    }
    Ok(())
}

/// Splits and checks a scope path against the model's depth.
///
/// # Errors
/// `unknown_scope` (with `code` chosen by the caller's context) when the path is malformed.
pub fn split_path<'a>(m: &Model, path: &'a str, code: Code) -> Result<Vec<&'a str>> {
    let segs: Vec<&str> = path.split('/').collect();
    if segs.len() > m.chain.len() {
        return Err(Error::new(code, format!("scope '{}' is deeper than the model's {} levels", path.escape_debug(), m.chain.len())));
    }
    for s in &segs {
        check_segment(s).map_err(|why| Error::new(code, format!("scope '{}' {why}", path.escape_debug())))?;
    }
    Ok(segs)
}

/// Attributes of a scope at `depth` with segment `seg`, from its parent's.
///
/// # Errors
/// A message when the segment is not one the level allows.
pub fn derive_attrs(m: &Model, parent: &[(String, String)], depth: usize, seg: &str) -> std::result::Result<Vec<(String, String)>, String> {
    let mut attrs: Vec<(String, String)> = parent.to_vec();
    let Some(level) = m.level_of_depth(depth) else { return Err("is too deep".into()) };
    for a in &level.attrs {
        let value = match &a.source {
            AttrSource::Segment(values) => {
                if let Some(vs) = values {
                    if !vs.iter().any(|v| v == seg) {
                        return Err(format!("is not a valid {} ('{}' is not one of {})", level.id, seg.escape_debug(), vs.join(", ")));
                    }
                }
                Some(seg.to_string())
            }
            AttrSource::Derived { cases, default } => {
                let facts = AttrFacts(&attrs);
                cases.iter().find(|(c, _)| c.eval(&facts)).map(|(_, v)| v.clone()).or_else(|| default.clone())
            }
        };
        attrs.retain(|(k, _)| k != &a.name);
        if let Some(v) = value {
            attrs.push((a.name.clone(), v));
        }
    }
    attrs.sort();
    Ok(attrs)
}

struct AttrFacts<'a>(&'a [(String, String)]);

impl Facts for AttrFacts<'_> {
    fn attr(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn context(&self, _key: usize) -> Option<&str> {
        None
    }
}

impl Directory {
    pub fn scope(&self, id: ScopeId) -> Option<&Scope> {
        self.scopes.get(id as usize)
    }

    pub fn class_of(&self, id: ScopeId) -> Option<&ScopeClass> {
        self.scope(id).and_then(|s| self.classes.get(s.class as usize))
    }

    pub fn find_scope(&self, path: &str) -> Option<ScopeId> {
        self.scope_index.get(path).copied()
    }

    pub fn find_user(&self, user: &str) -> Option<UserId> {
        self.user_index.get(user).copied()
    }

    pub fn user_name(&self, u: UserId) -> &str {
        self.users.get(u as usize).map_or("", String::as_str)
    }

    pub fn scope_path(&self, s: ScopeId) -> &str {
        self.scope(s).map_or("", |x| x.path.as_str())
    }

    /// The ancestor of `s` at `depth` (itself at its own depth), if `depth` is not below it.
    pub fn ancestor(&self, s: ScopeId, depth: usize) -> Option<ScopeId> {
        let sc = self.scope(s)?;
        if depth > sc.depth {
            return None;
        }
        sc.anc.get(depth).copied()
    }

    pub fn is_member(&self, u: UserId, s: ScopeId) -> bool {
        self.member_of.get(u as usize).is_some_and(|v| v.binary_search(&s).is_ok())
    }

    /// Interns a user id.
    ///
    /// # Errors
    /// `invalid_directory` for an empty or oversized id or one with control characters.
    pub fn intern_user(&mut self, user: &str) -> Result<UserId> {
        if let Some(u) = self.find_user(user) {
            return Ok(u);
        }
        if user.is_empty() || user.len() > MAX_ID_BYTES || user.chars().any(char::is_control) {
            return Err(Error::new(
                Code::InvalidDirectory,
                format!("user id '{}' must be 1 to {MAX_ID_BYTES} bytes with no control characters", user.escape_debug()),
            ));
        }
        let id = self.users.len() as UserId;
        self.users.push(user.to_string());
        self.user_index.insert(user.to_string(), id);
        self.by_user.push(Vec::new());
        self.member_of.push(Vec::new());
        Ok(id)
    }

    /// Adds a scope whose parent exists (or the root). Returns the existing id if present.
    ///
    /// # Errors
    /// `code` when the path is malformed, its parent is missing or its segment is not allowed.
    pub fn add_scope(&mut self, m: &Model, path: &str, code: Code) -> Result<ScopeId> {
        if let Some(s) = self.find_scope(path) {
            return Ok(s);
        }
        let segs = split_path(m, path, code)?;
        let depth = segs.len() - 1;
        let seg = segs.last().copied().unwrap_or("");
        let parent = if depth == 0 {
            None
        } else {
            let parent_path = path.get(..path.len() - seg.len() - 1).unwrap_or("");
            Some(self.find_scope(parent_path).ok_or_else(|| {
                Error::new(code, format!("scope '{}' has no parent scope '{}' in the directory", path.escape_debug(), parent_path.escape_debug()))
            })?)
        };
        let parent_attrs: Vec<(String, String)> = parent.and_then(|p| self.class_of(p)).map(|c| c.attrs.clone()).unwrap_or_default();
        let attrs = derive_attrs(m, &parent_attrs, depth, seg).map_err(|why| Error::new(code, format!("scope '{}' {why}", path.escape_debug())))?;
        let class = self.intern_class(m, depth, attrs);
        let id = self.scopes.len() as ScopeId;
        let mut anc = [0; MAX_DEPTH];
        if let Some(p) = parent.and_then(|p| self.scope(p)) {
            anc = p.anc;
        }
        if let Some(slot) = anc.get_mut(depth) {
            *slot = id;
        }
        self.scopes.push(Scope { path: path.to_string(), parent, depth, anc, class, children: Vec::new() });
        self.scope_index.insert(path.to_string(), id);
        self.by_scope.push(Vec::new());
        self.members.push(Vec::new());
        if let Some(p) = parent.and_then(|p| self.scopes.get_mut(p as usize)) {
            p.children.push(id);
        }
        Ok(id)
    }

    fn intern_class(&mut self, m: &Model, depth: usize, attrs: Vec<(String, String)>) -> u32 {
        let key = (depth, attrs);
        if let Some(&c) = self.class_index.get(&key) {
            return c;
        }
        let mut class = ScopeClass { depth, attrs: key.1.clone(), avail: m.askable.get(depth).copied().unwrap_or_default() };
        for (k, p) in m.perms.iter().enumerate() {
            if let Some(w) = &p.when {
                if !w.reads_context() && !w.eval(&class) {
                    class.avail.clear(k);
                }
            }
        }
        let id = self.classes.len() as u32;
        self.classes.push(class);
        self.class_index.insert(key, id);
        id
    }

    pub fn add_member(&mut self, s: ScopeId, u: UserId) {
        if let Some(list) = self.member_of.get_mut(u as usize) {
            if let Err(pos) = list.binary_search(&s) {
                list.insert(pos, s);
                if let Some(m) = self.members.get_mut(s as usize) {
                    m.push(u);
                }
            }
        }
    }

    pub fn has_assignment(&self, u: UserId, s: ScopeId, r: RoleId) -> bool {
        self.by_user.get(u as usize).is_some_and(|v| v.contains(&(s, r)))
    }

    /// Records an assignment (no checks: the engine checks first). Returns whether it is new.
    pub fn insert_assignment(&mut self, u: UserId, s: ScopeId, r: RoleId) -> bool {
        if self.has_assignment(u, s, r) {
            return false;
        }
        if let (Some(bu), Some(bs)) = (self.by_user.get_mut(u as usize), self.by_scope.get_mut(s as usize)) {
            bu.push((s, r));
            bs.push((u, r));
            return true;
        }
        false
    }

    /// Removes an assignment. Returns whether it was there.
    pub fn remove_assignment(&mut self, u: UserId, s: ScopeId, r: RoleId) -> bool {
        let mut removed = false;
        if let Some(bu) = self.by_user.get_mut(u as usize) {
            if let Some(i) = bu.iter().position(|x| *x == (s, r)) {
                bu.remove(i);
                removed = true;
            }
        }
        if let Some(bs) = self.by_scope.get_mut(s as usize) {
            if let Some(i) = bs.iter().position(|x| *x == (u, r)) {
                bs.remove(i);
            }
        }
        removed
    }
}

/// The general (flat) directory form.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FlatDoc {
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub members: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub assignments: Vec<AssignmentDoc>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AssignmentDoc {
    pub user: String,
    pub role: String,
    pub scope: String,
}

/// A directory document in either form, flattened: scopes (parents first), members with the path
/// of each entry in the input, and assignments with their paths.
#[derive(Debug, Default)]
pub struct Flattened {
    pub scopes: Vec<(String, String)>,
    pub members: Vec<(String, String, String)>,
    pub assignments: Vec<(AssignmentDoc, String)>,
}

/// Reads a directory document, flat or nested (as the model's levels' `nested` settings say).
///
/// # Errors
/// `invalid_directory` with the path of the offending element.
pub fn flatten(m: &Model, value: serde_json::Value) -> Result<Flattened> {
    use serde_json::Value;
    let Value::Object(obj) = value else {
        return Err(Error::at(Code::InvalidDirectory, "", "a directory is a JSON object"));
    };
    let root_key = m.level_of_depth(0).and_then(|l| l.nested.as_ref()).map(|n| n.key.clone());
    let nested = root_key.as_ref().is_some_and(|k| obj.contains_key(k)) && !obj.contains_key("scopes") && !obj.contains_key("members");
    let mut out = Flattened::default();
    if !nested {
        let doc: FlatDoc = crate::json::from_value(Value::Object(obj), Code::InvalidDirectory)?;
        for (i, s) in doc.scopes.into_iter().enumerate() {
            out.scopes.push((s, format!("scopes[{i}]")));
        }
        for (scope, users) in doc.members {
            for (i, u) in users.into_iter().enumerate() {
                let path = format!("members[{}][{i}]", serde_json::Value::String(scope.clone()));
                out.members.push((scope.clone(), u, path));
            }
        }
        for (i, a) in doc.assignments.into_iter().enumerate() {
            out.assignments.push((a, format!("assignments[{i}]")));
        }
        return Ok(out);
    }
    let root_key = root_key.unwrap_or_default();
    for (k, v) in obj {
        if k == "assignments" {
            let list: Vec<AssignmentDoc> = crate::json::from_value(v, Code::InvalidDirectory).map_err(|e| e.under("assignments"))?;
            for (i, a) in list.into_iter().enumerate() {
                out.assignments.push((a, format!("assignments[{i}]")));
            }
        } else if k == root_key {
            walk_nested(m, 0, "", &v, &k, &mut out)?;
        } else {
            return Err(Error::at(Code::InvalidDirectory, k.clone(), format!("unknown field '{k}', expected '{root_key}' or 'assignments'")));
        }
    }
    Ok(out)
}

fn walk_nested(m: &Model, depth: usize, parent: &str, v: &serde_json::Value, at: &str, out: &mut Flattened) -> Result<()> {
    use serde_json::Value;
    let Some(level) = m.level_of_depth(depth) else {
        return Err(Error::at(Code::InvalidDirectory, at, "the model has no level this deep"));
    };
    let Some(nested) = &level.nested else {
        return Err(Error::at(Code::InvalidDirectory, at, format!("level '{}' has no nested form", level.id)));
    };
    let Value::Array(items) = v else {
        return Err(Error::at(Code::InvalidDirectory, at, format!("'{}' must be an array", nested.key)));
    };
    let id_field = nested.id.clone().unwrap_or_else(|| "id".to_string());
    let child_key = m.level_of_depth(depth + 1).and_then(|l| l.nested.as_ref()).map(|n| n.key.clone());
    for (i, item) in items.iter().enumerate() {
        let ip = format!("{at}[{i}]");
        let (seg, fields) = match item {
            Value::String(s) => (s.clone(), None),
            Value::Object(o) => match o.get(&id_field) {
                Some(Value::String(s)) => (s.clone(), Some(o)),
                _ => return Err(Error::at(Code::InvalidDirectory, format!("{ip}.{id_field}"), format!("a {} needs a string '{id_field}'", level.id))),
            },
            _ => return Err(Error::at(Code::InvalidDirectory, ip, format!("a {} is a string id or an object", level.id))),
        };
        let path = if parent.is_empty() { seg.clone() } else { format!("{parent}/{seg}") };
        out.scopes.push((path.clone(), format!("{ip}.{id_field}")));
        let Some(fields) = fields else { continue };
        for (k, fv) in fields {
            if *k == id_field {
                continue;
            }
            if Some(k) == nested.members.as_ref() {
                let Value::Array(users) = fv else {
                    return Err(Error::at(Code::InvalidDirectory, format!("{ip}.{k}"), format!("'{k}' must be an array of user ids")));
                };
                for (j, u) in users.iter().enumerate() {
                    let Value::String(u) = u else {
                        return Err(Error::at(Code::InvalidDirectory, format!("{ip}.{k}[{j}]"), "a user id is a string"));
                    };
                    out.members.push((path.clone(), u.clone(), format!("{ip}.{k}[{j}]")));
                }
            } else if Some(k) == child_key.as_ref() {
                walk_nested(m, depth + 1, &path, fv, &format!("{ip}.{k}"), out)?;
            } else {
                return Err(Error::at(Code::InvalidDirectory, format!("{ip}.{k}"), format!("unknown field '{k}' in a {}", level.id)));
            }
        }
    }
    Ok(())
}
