//! Checks a model document and compiles it into the runtime's [`Model`]: every problem is
//! refused with a code and the path of the offending element (`roles[3].inherits[0]`); ids are
//! interned to dense numbers, `prefix.*` grants expanded, conditions checked against the
//! declared attributes and context keys. The runtime derives the rest ([`Model::finish`]).

use crate::cond::compile_cond;
use crate::doc::{CondDoc, ModelDoc};
use rolecascade_runtime::bits::{Bits, MAX_PERMISSIONS};
use rolecascade_runtime::codec::find_cycle;
use rolecascade_runtime::cond::Cond;
use rolecascade_runtime::error::{shown, Code, Error, Result};
use rolecascade_runtime::hash::FastHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// A map keyed by ids, with the runtime's fast hash.
type Map<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
use rolecascade_runtime::limits::{MAX_COND_NODES, MAX_DEPTH, MAX_ID_BYTES, MAX_LEVELS, MAX_ROLES};
use rolecascade_runtime::model::{Attr, AttrSource, ContextKey, Create, Group, Level, Model, Nested, Permission, Role};
use rolecascade_runtime::{LevelId as Lid, PermId as Pid, RoleId as Rid};

// Positions in the document's lists, while checking; the runtime's ids once built.
type LevelId = usize;
type PermId = usize;
type RoleId = usize;

fn pid(k: PermId) -> Pid {
    Pid::from_index(k)
}

fn rid(k: RoleId) -> Rid {
    Rid::from_index(k)
}

fn lid(k: LevelId) -> Lid {
    Lid::from_index(k)
}
fn check_id(id: &str, path: &str, what: &str) -> Result<()> {
    if id.is_empty() {
        return Err(Error::at(Code::InvalidModel, path, format!("{what} id is empty")));
    }
    if id.len() > MAX_ID_BYTES {
        return Err(Error::at(Code::LimitExceeded, path, format!("{what} id is longer than {MAX_ID_BYTES} bytes")));
    }
    if id.chars().any(|c| rolecascade_runtime::error::hidden(c) || c == '/' || c == '*') {
        return Err(Error::at(
            Code::InvalidModel,
            path,
            format!("{what} id '{}' contains a control or invisible formatting character, '/' or '*'", shown(id)),
        ));
    }
    Ok(())
}

fn cond_size(c: &CondDoc) -> usize {
    1 + c.all.iter().chain(c.any.iter()).flatten().map(cond_size).sum::<usize>() + c.not.as_deref().map_or(0, cond_size)
}

/// Checks and compiles a model document.
///
/// # Errors
/// `invalid_model`, `unknown_permission`, `unknown_role`, `level_mismatch`,
/// `inheritance_cycle` or `limit_exceeded`, each with the path of the offending element.
pub fn compile(doc: &ModelDoc) -> Result<Model> {
    {
        // Context keys first: conditions refer to them.
        let context_keys: Vec<ContextKey> = doc
            .context
            .iter()
            .map(|(k, v)| ContextKey { name: k.clone(), default: v.default.clone(), label: v.label.clone() })
            .collect();
        for (i, k) in context_keys.iter().enumerate() {
            check_id(&k.name, &format!("context[{i}]"), "context key")?;
        }
        let key_of = |name: &str| context_keys.iter().position(|k| k.name == name);
        let attr_known = |name: &str| doc.levels.iter().any(|l| l.attributes.contains_key(name));
        let cond = |c: &CondDoc, path: &str, attrs_only: bool| -> Result<Cond> {
            if cond_size(c) > MAX_COND_NODES {
                return Err(Error::at(Code::LimitExceeded, path, format!("a condition has more than {MAX_COND_NODES} nodes")));
            }
            let compiled = compile_cond(c, &key_of, &attr_known).map_err(|e| e.under(path))?;
            if attrs_only && compiled.reads_context() {
                return Err(Error::at(Code::InvalidModel, path, "this condition may read scope attributes only, not the request context"));
            }
            Ok(compiled)
        };

        // Levels.
        if doc.levels.is_empty() {
            return Err(Error::at(Code::InvalidModel, "levels", "a model needs at least one level"));
        }
        if doc.levels.len() > MAX_LEVELS {
            return Err(Error::at(Code::LimitExceeded, "levels", format!("a model may have at most {MAX_LEVELS} levels")));
        }
        let mut level_index: Map<&str, LevelId> = Map::default();
        for (i, l) in doc.levels.iter().enumerate() {
            let p = format!("levels[{i}].id");
            check_id(&l.id, &p, "level")?;
            if l.id == "any" {
                return Err(Error::at(Code::InvalidModel, p, "'any' is reserved for level-free permissions"));
            }
            if level_index.insert(l.id.as_str(), i).is_some() {
                return Err(Error::at(Code::InvalidModel, p, format!("duplicate level id '{}'", shown(&l.id))));
            }
        }
        let mut parents: Vec<Option<LevelId>> = Vec::with_capacity(doc.levels.len());
        for (i, l) in doc.levels.iter().enumerate() {
            parents.push(match &l.parent {
                None => None,
                Some(p) => Some(*level_index.get(p.as_str()).ok_or_else(|| {
                    Error::at(Code::InvalidModel, format!("levels[{i}].parent"), format!("unknown parent level '{}'", shown(p)))
                })?),
            });
        }
        // Depths, refusing cycles.
        let mut depth_of: Vec<Option<usize>> = vec![None; doc.levels.len()];
        for start in 0..doc.levels.len() {
            let mut trail = vec![start];
            let mut cur = start;
            while let Some(Some(p)) = parents.get(cur) {
                if trail.contains(p) {
                    return Err(Error::at(
                        Code::InvalidModel,
                        format!("levels[{cur}].parent"),
                        format!("levels form a cycle through '{}'", doc.levels.get(*p).map_or("", |l| l.id.as_str())),
                    ));
                }
                trail.push(*p);
                cur = *p;
            }
            // Count scoped levels above, root first.
            let mut d = 0usize;
            for &l in trail.iter().skip(1) {
                if doc.levels.get(l).is_some_and(|x| x.scoped) {
                    d += 1;
                }
            }
            let scoped = doc.levels.get(start).is_some_and(|x| x.scoped);
            let depth = if scoped { d } else { d.saturating_sub(1) };
            if let Some(slot) = depth_of.get_mut(start) {
                *slot = Some(depth);
            }
        }
        let roots: Vec<usize> = (0..doc.levels.len()).filter(|&i| parents.get(i).is_some_and(|p| p.is_none())).collect();
        if roots.len() != 1 {
            // Point at the second root when there is one; with none, every level has a parent.
            let path = roots.get(1).map_or_else(|| "levels".to_string(), |i| format!("levels[{i}]"));
            return Err(Error::at(Code::InvalidModel, path, format!("a model needs exactly one root level (one without a parent), found {}", roots.len())));
        }
        // Scoped levels form a chain; unscoped levels hang off a scoped one and have no children.
        let mut chain: Vec<LevelId> = Vec::new();
        let mut cur = roots.first().copied();
        if let Some(r) = cur {
            if !doc.levels.get(r).is_some_and(|l| l.scoped) {
                return Err(Error::at(Code::InvalidModel, format!("levels[{r}].scoped"), "the root level must have scopes"));
            }
        }
        while let Some(c) = cur {
            chain.push(c);
            let kids: Vec<usize> = (0..doc.levels.len())
                .filter(|&i| parents.get(i) == Some(&Some(c)) && doc.levels.get(i).is_some_and(|l| l.scoped))
                .collect();
            if kids.len() > 1 {
                let second = kids.get(1).copied().unwrap_or(0);
                return Err(Error::at(
                    Code::InvalidModel,
                    format!("levels[{second}].parent"),
                    format!("level '{}' already has a scoped child level: a scope's level is told by its path depth, so scoped levels form one chain", doc.levels.get(c).map_or("", |l| l.id.as_str())),
                ));
            }
            cur = kids.first().copied();
        }
        if chain.len() > MAX_DEPTH {
            return Err(Error::at(Code::LimitExceeded, "levels", format!("at most {MAX_DEPTH} scoped levels are supported")));
        }
        for (i, l) in doc.levels.iter().enumerate() {
            if !l.scoped {
                let parent_scoped = parents.get(i).copied().flatten().and_then(|p| doc.levels.get(p)).is_some_and(|p| p.scoped);
                if !parent_scoped {
                    return Err(Error::at(Code::InvalidModel, format!("levels[{i}].parent"), format!("unscoped level '{}' needs a parent level that has scopes", l.id)));
                }
            }
            if let Some(p) = parents.get(i).copied().flatten() {
                if doc.levels.get(p).is_some_and(|x| !x.scoped) {
                    return Err(Error::at(Code::InvalidModel, format!("levels[{i}].parent"), "a level cannot be below an unscoped level"));
                }
            }
        }

        // Permissions.
        if doc.permissions.len() > MAX_PERMISSIONS {
            return Err(Error::at(Code::LimitExceeded, "permissions", format!("a model may declare at most {MAX_PERMISSIONS} permissions")));
        }
        let mut perm_index: Map<String, PermId> = Map::default();
        for (i, p) in doc.permissions.iter().enumerate() {
            let path = format!("permissions[{i}].id");
            check_id(&p.id, &path, "permission")?;
            if perm_index.insert(p.id.clone(), i).is_some() {
                return Err(Error::at(Code::InvalidModel, path, format!("duplicate permission id '{}'", shown(&p.id))));
            }
        }
        let level_depth = |l: LevelId| depth_of.get(l).copied().flatten().unwrap_or(0);
        let mut perms: Vec<Permission> = Vec::with_capacity(doc.permissions.len());
        for (i, p) in doc.permissions.iter().enumerate() {
            let level = if p.level == "any" {
                None
            } else {
                let l = *level_index.get(p.level.as_str()).ok_or_else(|| {
                    Error::at(Code::InvalidModel, format!("permissions[{i}].level"), format!("unknown level '{}'", shown(&p.level)))
                })?;
                if !doc.levels.get(l).is_some_and(|x| x.scoped) {
                    return Err(Error::at(Code::InvalidModel, format!("permissions[{i}].level"), format!("level '{}' has no scopes to ask a permission at", shown(&p.level))));
                }
                Some(l)
            };
            let when = p.when.as_ref().map(|c| cond(c, &format!("permissions[{i}].when"), false)).transpose()?;
            let mut requires = Vec::new();
            for (j, r) in p.requires.iter().enumerate() {
                let q = *perm_index.get(r).ok_or_else(|| {
                    Error::at(Code::UnknownPermission, format!("permissions[{i}].requires[{j}]"), format!("unknown permission '{}'", shown(r)))
                })?;
                if q == i {
                    return Err(Error::at(Code::InvalidModel, format!("permissions[{i}].requires[{j}]"), format!("permission '{}' requires itself", shown(r))));
                }
                requires.push(q);
            }
            perms.push(Permission { id: p.id.clone(), label: p.label.clone(), group: p.group.clone(), portal: p.portal, level: level.map(lid), when, requires: requires.into_iter().map(pid).collect() });
        }
        // Prerequisites must not form a cycle.
        if let Some((i, j)) = find_cycle(perms.len(), |p| perms.get(p).map(|x| x.requires.iter().map(|q| q.index()).collect()).unwrap_or_default()) {
            return Err(Error::at(Code::InvalidModel, format!("permissions[{i}].requires[{j}]"), "prerequisites form a cycle"));
        }

        // Roles.
        if doc.roles.len() > MAX_ROLES {
            return Err(Error::at(Code::LimitExceeded, "roles", format!("a model may declare at most {MAX_ROLES} roles")));
        }
        let mut role_index: Map<String, RoleId> = Map::default();
        for (i, r) in doc.roles.iter().enumerate() {
            let path = format!("roles[{i}].id");
            check_id(&r.id, &path, "role")?;
            if role_index.insert(r.id.clone(), i).is_some() {
                return Err(Error::at(Code::InvalidModel, path, format!("duplicate role id '{}'", shown(&r.id))));
            }
        }
        let mut roles: Vec<Role> = Vec::with_capacity(doc.roles.len());
        for (i, r) in doc.roles.iter().enumerate() {
            let at = |k: &str| format!("roles[{i}].{k}");
            let level = *level_index
                .get(r.level.as_str())
                .ok_or_else(|| Error::at(Code::InvalidModel, at("level"), format!("unknown level '{}'", shown(&r.level))))?;
            let depth = level_depth(level);
            let mut grant_bits = Bits::EMPTY;
            for (j, g) in r.grants.iter().enumerate() {
                let gp = format!("roles[{i}].grants[{j}]");
                let matched: Vec<PermId> = if let Some(prefix) = g.strip_suffix('*') {
                    if !(prefix.is_empty() || prefix.ends_with('.')) || prefix.contains('*') {
                        return Err(Error::at(Code::InvalidModel, gp, format!("'{}' is not a permission id nor a 'prefix.*' pattern", shown(g))));
                    }
                    perms.iter().enumerate().filter(|(_, p)| p.id.starts_with(prefix)).map(|(k, _)| k).collect()
                } else {
                    perm_index.get(g).map(|&k| vec![k]).unwrap_or_default()
                };
                if matched.is_empty() {
                    return Err(Error::at(Code::UnknownPermission, gp, format!("unknown permission '{}'", shown(g))));
                }
                for k in matched {
                    if let Some(pl) = perms.get(k).and_then(|p| p.level).map(|l| l.index()) {
                        if level_depth(pl) < depth {
                            return Err(Error::at(
                                Code::LevelMismatch,
                                gp,
                                format!(
                                    "role '{}' of level '{}' cannot grant '{}' of level '{}', which is above it",
                                    r.id, r.level, perms.get(k).map_or("", |p| p.id.as_str()), doc.levels.get(pl).map_or("", |l| l.id.as_str())
                                ),
                            ));
                        }
                    }
                    grant_bits.set(pid(k));
                }
            }
            let mut inherits = Vec::new();
            for (j, h) in r.inherits.iter().enumerate() {
                let x = *role_index
                    .get(h)
                    .ok_or_else(|| Error::at(Code::UnknownRole, format!("roles[{i}].inherits[{j}]"), format!("unknown role '{}'", shown(h))))?;
                let xl = doc.roles.get(x).and_then(|xr| level_index.get(xr.level.as_str()).copied());
                if let Some(xl) = xl {
                    if level_depth(xl) < depth {
                        return Err(Error::at(
                            Code::LevelMismatch,
                            format!("roles[{i}].inherits[{j}]"),
                            format!("role '{}' cannot inherit '{h}', whose level is above its own", r.id),
                        ));
                    }
                }
                if !inherits.contains(&x) {
                    inherits.push(x);
                }
            }
            let when = r.when.as_ref().map(|c| cond(c, &at("when"), false)).transpose()?;
            let mut labels = Vec::new();
            for (j, l) in r.labels.iter().enumerate() {
                labels.push((cond(&l.when, &format!("roles[{i}].labels[{j}].when"), true)?, l.label.clone()));
            }
            let assign_requires = match &r.assign_requires {
                None => None,
                Some(p) => {
                    let k = *perm_index
                        .get(p)
                        .ok_or_else(|| Error::at(Code::UnknownPermission, at("assignRequires"), format!("unknown permission '{}'", shown(p))))?;
                    if let Some(pl) = perms.get(k).and_then(|x| x.level).map(|l| l.index()) {
                        if level_depth(pl) != depth {
                            return Err(Error::at(
                                Code::LevelMismatch,
                                at("assignRequires"),
                                format!("'{p}' is not askable at the scopes where role '{}' is assigned", r.id),
                            ));
                        }
                    }
                    Some(k)
                }
            };
            roles.push(Role {
                id: r.id.clone(),
                label: r.label.clone(),
                labels,
                aliases: r.aliases.clone(),
                description: r.description.clone(),
                level: lid(level),
                depth,
                grants: grant_bits.iter().collect(),
                grant_bits,
                inherits: inherits.into_iter().map(rid).collect(),
                when,
                assign_requires: assign_requires.map(pid),
                self_assignable: r.self_assignable,
                group: None,
            });
        }
        if let Some((i, j)) = find_cycle(roles.len(), |r| roles.get(r).map(|x| x.inherits.iter().map(|k| k.index()).collect()).unwrap_or_default()) {
            let via = roles.get(i).and_then(|r| r.inherits.get(j)).and_then(|x| roles.get(x.index())).map_or("", |x| x.id.as_str());
            return Err(Error::at(
                Code::InheritanceCycle,
                format!("roles[{i}].inherits[{j}]"),
                format!("role '{}' inherits '{via}', which leads back to it", roles.get(i).map_or("", |r| r.id.as_str())),
            ));
        }

        // Levels, now that roles and permissions are known.
        let mut levels = Vec::with_capacity(doc.levels.len());
        for (i, l) in doc.levels.iter().enumerate() {
            let at = |k: &str| format!("levels[{i}].{k}");
            let depth = level_depth(i);
            let mut attrs = Vec::new();
            for (name, a) in &l.attributes {
                let ap = format!("levels[{i}].attributes.{name}");
                check_id(name, &ap, "attribute")?;
                let source = match (a.from.as_deref(), &a.value, a.cases.is_empty()) {
                    (Some("segment"), None, true) => AttrSource::Segment(a.values.clone()),
                    (Some(other), _, _) if other != "segment" => {
                        return Err(Error::at(Code::InvalidModel, format!("{ap}.from"), format!("'from' must be \"segment\", not '{}'", shown(other))))
                    }
                    (None, _, _) if a.values.is_some() => {
                        return Err(Error::at(Code::InvalidModel, format!("{ap}.values"), "'values' goes with \"from\": \"segment\""))
                    }
                    (None, value, _) if value.is_some() || !a.cases.is_empty() => {
                        let mut cases = Vec::new();
                        for (j, c) in a.cases.iter().enumerate() {
                            cases.push((cond(&c.when, &format!("{ap}.cases[{j}].when"), true)?, c.value.clone()));
                        }
                        AttrSource::Derived { cases, default: value.clone() }
                    }
                    _ => {
                        return Err(Error::at(Code::InvalidModel, ap, "an attribute is either {\"from\": \"segment\"} or a \"value\" with optional \"cases\""))
                    }
                };
                attrs.push(Attr { name: name.clone(), source });
            }
            if !l.scoped && !attrs.is_empty() {
                return Err(Error::at(Code::InvalidModel, at("attributes"), "an unscoped level has no scopes to carry attributes"));
            }
            let membership_depth = match &l.membership {
                None => None,
                Some(m) => {
                    let ml = *level_index
                        .get(m.as_str())
                        .ok_or_else(|| Error::at(Code::InvalidModel, at("membership"), format!("unknown level '{}'", shown(m))))?;
                    let md = level_depth(ml);
                    if !doc.levels.get(ml).is_some_and(|x| x.scoped) || md > depth || chain.get(md) != Some(&ml) {
                        return Err(Error::at(Code::InvalidModel, at("membership"), format!("membership level '{}' must be this level or a scoped level above it", shown(m))));
                    }
                    Some(md)
                }
            };
            let when = l.when.as_ref().map(|c| cond(c, &at("when"), true)).transpose()?;
            if !l.scoped {
                let given = [("create", !l.create.is_off()), ("remove", !l.remove.is_off()), ("addMember", !l.add_member.is_off()), ("removeMember", !l.remove_member.is_off())];
                if let Some((key, _)) = given.iter().find(|(_, g)| *g) {
                    return Err(Error::at(Code::InvalidModel, at(key), format!("level '{}' has no scopes to create, remove or keep member lists of", l.id)));
                }
            }
            // A gating permission is held at the scope of its own level on the path of the scope
            // acted on, so its level must be on that path: at or above (`strict`: above) this one.
            let gate = |p: &str, key: &str, strict: bool| -> Result<Pid> {
                let k = *perm_index.get(p).ok_or_else(|| Error::at(Code::UnknownPermission, at(key), format!("unknown permission '{}'", shown(p))))?;
                let pd = perms.get(k).and_then(|x| x.level).map(|l| level_depth(l.index()));
                let ok = match pd {
                    None => !strict || depth > 0,
                    Some(pd) => pd < depth || (!strict && pd == depth),
                };
                if !ok {
                    return Err(Error::at(
                        Code::LevelMismatch,
                        at(key),
                        format!("'{p}' is not a permission of a level {} '{}'", if strict { "above" } else { "at or above" }, l.id),
                    ));
                }
                Ok(pid(k))
            };
            let create = match &l.create.0 {
                None => None,
                Some(c) => {
                    if depth == 0 && l.scoped {
                        return Err(Error::at(Code::InvalidModel, at("create"), "scopes of the root level come only from a loaded directory: 'create' must be false"));
                    }
                    let requires = gate(&c.requires, "create.requires", true)?;
                    let creator_role = match &c.creator_role {
                        None => None,
                        Some(r) => {
                            let k = *role_index.get(r).ok_or_else(|| Error::at(Code::UnknownRole, at("create.creatorRole"), format!("unknown role '{}'", shown(r))))?;
                            if roles.get(k).map(|x| x.level.index()) != Some(i) {
                                return Err(Error::at(Code::LevelMismatch, at("create.creatorRole"), format!("role '{r}' is not of level '{}'", l.id)));
                            }
                            Some(rid(k))
                        }
                    };
                    Some(Create { requires, creator_role, creator_joins: c.creator_joins })
                }
            };
            let remove = l.remove.0.as_ref().map(|g| gate(&g.requires, "remove.requires", false)).transpose()?;
            let add_member = l.add_member.0.as_ref().map(|g| gate(&g.requires, "addMember.requires", false)).transpose()?;
            let remove_member = l.remove_member.0.as_ref().map(|g| gate(&g.requires, "removeMember.requires", false)).transpose()?;
            if let Some(n) = &l.nested {
                let key_at = format!("{}.key", at("nested"));
                check_id(&n.key, &key_at, "nested key")?;
                // A directory's own fields: the nested form beside them would be read as one of
                // them by one reader and as the nested form by another.
                if ["scopes", "members", "assignments"].contains(&n.key.as_str()) {
                    return Err(Error::at(Code::InvalidModel, key_at, format!("nested key '{}' is a field of every directory (scopes, members, assignments): choose another", n.key)));
                }
            }
            levels.push(Level {
                id: l.id.clone(),
                label: l.label.clone(),
                parent: parents.get(i).copied().flatten().map(lid),
                scoped: l.scoped,
                depth,
                attrs,
                membership_depth,
                when,
                nested: l.nested.as_ref().map(|n| Nested { key: n.key.clone(), id: n.id.clone(), members: n.members.clone() }),
                create,
                remove,
                add_member,
                remove_member,
            });
        }

        // Groups.
        let mut groups: Vec<Group> = Vec::new();
        for (gi, g) in doc.groups.iter().enumerate() {
            check_id(&g.id, &format!("groups[{gi}].id"), "group")?;
            if groups.iter().any(|x| x.id == g.id) {
                return Err(Error::at(Code::InvalidModel, format!("groups[{gi}].id"), format!("duplicate group id '{}'", shown(&g.id))));
            }
            if g.roles.is_empty() {
                return Err(Error::at(Code::InvalidModel, format!("groups[{gi}].roles"), "a group needs at least one role"));
            }
            let mut members = Vec::new();
            let mut glevel = None;
            for (j, r) in g.roles.iter().enumerate() {
                let p = format!("groups[{gi}].roles[{j}]");
                let k = *role_index.get(r).ok_or_else(|| Error::at(Code::UnknownRole, p.clone(), format!("unknown role '{}'", shown(r))))?;
                let role = roles.get_mut(k).ok_or_else(|| Error::at(Code::UnknownRole, p.clone(), format!("unknown role '{}'", shown(r))))?;
                if role.group.is_some() {
                    return Err(Error::at(Code::InvalidModel, p, format!("role '{}' is already in a group", shown(r))));
                }
                if *glevel.get_or_insert(role.level) != role.level {
                    return Err(Error::at(Code::LevelMismatch, p, format!("role '{}' is not of the same level as the group's other roles", shown(r))));
                }
                role.group = Some(groups.len());
                members.push(rid(k));
            }
            let default = match &g.default {
                None => None,
                Some(d) => {
                    let k = *role_index.get(d).ok_or_else(|| Error::at(Code::UnknownRole, format!("groups[{gi}].default"), format!("unknown role '{}'", shown(d))))?;
                    if !members.contains(&rid(k)) {
                        return Err(Error::at(Code::InvalidModel, format!("groups[{gi}].default"), format!("default role '{}' is not one of the group's roles", shown(d))));
                    }
                    Some(rid(k))
                }
            };
            let depth = glevel.map_or(0, |l: Lid| level_depth(l.index()));
            groups.push(Group { id: g.id.clone(), label: g.label.clone(), roles: members, default, depth });
        }

        Ok(Model {
            name: doc.name.clone().unwrap_or_else(|| "model".to_string()),
            description: doc.description.clone(),
            levels,
            perms,
            roles,
            groups,
            context_keys,
            ..Model::default()
        }
        .finish())
    }
}
