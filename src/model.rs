//! The model document: the JSON a user writes to describe a SaaS hierarchy, its permissions and
//! its roles. These types only mirror the JSON; `compile` checks them and builds the fast form.

use crate::cond::CondDoc;
use crate::error::{Code, Result};
use crate::json::{Fields, Json};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct ModelDoc {
    pub schema: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub levels: Vec<LevelDoc>,
    pub permissions: Vec<PermissionDoc>,
    pub roles: Vec<RoleDoc>,
    pub groups: Vec<GroupDoc>,
    /// Request context keys the conditions may read, with their defaults.
    pub context: BTreeMap<String, ContextKeyDoc>,
}

#[derive(Debug, Clone)]
pub struct LevelDoc {
    pub id: String,
    pub parent: Option<String>,
    pub label: Option<String>,
    /// `false` for a level that has no scopes of its own: its roles are assigned at a scope of
    /// its parent level (developer profiles, assigned at a studio subscription).
    pub scoped: bool,
    /// Attributes of a scope of this level, derived from its path.
    pub attributes: BTreeMap<String, AttrDoc>,
    /// The level whose scope (the one above, or the same) a user must be a member of to hold a
    /// role of this level; also, when it is a level above, the list a user of this level's
    /// member lists must be on. Absent: membership is not enforced for this level.
    pub membership: Option<String>,
    /// Where the level exists: roles of this level hold and may be assigned only where it is true.
    pub when: Option<CondDoc>,
    /// The key and field names of this level in a directory's nested form.
    pub nested: Option<NestedDoc>,
    /// How an acting user creates a scope of this level (`createScope`); `None` (absent or
    /// `false`): no acting user can.
    pub create: Option<CreateDoc>,
    /// What removing a scope of this level (`removeScope`) needs; `None`: no acting user can.
    pub remove: Option<GateDoc>,
    /// What adding a user to a member list of this level needs, with an acting user.
    pub add_member: Option<GateDoc>,
    /// What taking a user off a member list of this level needs, with an acting user.
    pub remove_member: Option<GateDoc>,
}

/// The rule for creating scopes of a level.
#[derive(Debug, Clone)]
pub struct CreateDoc {
    /// The permission the acting user needs, at the scope of its level above the new scope.
    pub requires: String,
    /// The role the creator then holds at the new scope.
    pub creator_role: Option<String>,
    /// Whether the creator joins the new scope's member list.
    pub creator_joins: bool,
}

/// An action gated by one permission, held at the scope of its level on the path of the scope
/// acted on (the scope itself for a level-free permission).
#[derive(Debug, Clone)]
pub struct GateDoc {
    pub requires: String,
}

#[derive(Debug, Clone)]
pub struct AttrDoc {
    /// `"segment"`: the value is the scope's own path segment.
    pub from: Option<String>,
    /// With `from: "segment"`: the only segments allowed at this level.
    pub values: Option<Vec<String>>,
    /// A fixed value (or the default when no case matches).
    pub value: Option<String>,
    /// Values chosen by conditions on the attributes of the scope's ancestors.
    pub cases: Vec<AttrCaseDoc>,
}

#[derive(Debug, Clone)]
pub struct AttrCaseDoc {
    pub when: CondDoc,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct NestedDoc {
    /// The array key holding scopes of this level (`"companies"`).
    pub key: String,
    /// The field of an item holding its segment id (default `"id"`); an item may also be a
    /// plain string, the id itself.
    pub id: Option<String>,
    /// The field of an item holding its members (`"users"`).
    pub members: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PermissionDoc {
    pub id: String,
    /// A level id, or `"any"` for a permission askable at every level.
    pub level: String,
    pub label: Option<String>,
    /// A display group (`"portals"`, `"environment modules"`): for UIs only.
    pub group: Option<String>,
    /// Whether `portals()` lists it.
    pub portal: bool,
    /// Availability: the permission exists only where and when this holds.
    pub when: Option<CondDoc>,
    /// Prerequisites: permissions the user must also hold (at the scope of their level on the
    /// path of the scope asked about).
    pub requires: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct RoleDoc {
    pub id: String,
    pub level: String,
    pub label: Option<String>,
    /// Labels chosen by conditions on the scope's attributes (`Model Owner` under modeler).
    pub labels: Vec<LabelDoc>,
    /// Other names people use for the role.
    pub aliases: Vec<String>,
    pub description: Option<String>,
    /// Permission ids, or `prefix.*` for every permission whose id starts with `prefix.`.
    pub grants: Vec<String>,
    /// Roles held wherever this one is held, at this scope and (for roles of lower levels) at
    /// every scope of their level below it.
    pub inherits: Vec<String>,
    /// The role exists only when this holds (evaluated at the scope where it is held).
    pub when: Option<CondDoc>,
    /// The permission an actor needs at the target scope to assign or revoke this role.
    pub assign_requires: Option<String>,
    /// `false`: nobody may assign this role to themselves.
    pub self_assignable: bool,
}

#[derive(Debug, Clone)]
pub struct LabelDoc {
    pub when: CondDoc,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct GroupDoc {
    pub id: String,
    pub label: Option<String>,
    /// Mutually exclusive roles: a user holds at most one of them per scope; assigning one
    /// replaces the other.
    pub roles: Vec<String>,
    /// The role a member of the scope holds when assigned none of the group.
    pub default: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ContextKeyDoc {
    pub default: Option<String>,
    pub label: Option<String>,
}

const M: Code = Code::InvalidModel;

impl ModelDoc {
    /// Reads a model document, refusing unknown fields and values of the wrong type.
    ///
    /// # Errors
    /// `invalid_model` with the path of the offending element.
    pub fn read(v: &Json) -> Result<ModelDoc> {
        let f = Fields::new(v, M, "", &["$schema", "name", "description", "levels", "permissions", "roles", "groups", "context"])?;
        let list = |key: &str| -> Result<Vec<(&Json, String)>> {
            if f.get(key).is_none() && matches!(key, "levels" | "permissions" | "roles") {
                return Err(crate::error::Error::at(M, "", format!("missing field '{key}'")));
            }
            f.items(key)
        };
        let mut context = BTreeMap::new();
        if let Some(c) = f.get("context") {
            let Json::Obj(entries) = c else {
                return Err(crate::error::Error::at(M, "context", "expected an object"));
            };
            for (k, v) in entries {
                let kp = crate::json::join("context", k);
                let kf = Fields::new(v, M, &kp, &["default", "label"])?;
                context.insert(k.clone(), ContextKeyDoc { default: kf.opt_str("default")?, label: kf.opt_str("label")? });
            }
        }
        Ok(ModelDoc {
            schema: f.opt_str("$schema")?,
            name: f.opt_str("name")?,
            description: f.opt_str("description")?,
            levels: list("levels")?.iter().map(|(v, p)| LevelDoc::read(v, p)).collect::<Result<_>>()?,
            permissions: list("permissions")?.iter().map(|(v, p)| PermissionDoc::read(v, p)).collect::<Result<_>>()?,
            roles: list("roles")?.iter().map(|(v, p)| RoleDoc::read(v, p)).collect::<Result<_>>()?,
            groups: f.items("groups")?.iter().map(|(v, p)| GroupDoc::read(v, p)).collect::<Result<_>>()?,
            context,
        })
    }
}

fn cond(f: &Fields, key: &str) -> Result<Option<CondDoc>> {
    match f.get(key) {
        None => Ok(None),
        Some(v) => CondDoc::read(v, &f.path(key)).map(Some),
    }
}

impl LevelDoc {
    fn read(v: &Json, path: &str) -> Result<LevelDoc> {
        let f = Fields::new(
            v,
            M,
            path,
            &["id", "parent", "label", "scoped", "attributes", "membership", "when", "nested", "create", "remove", "addMember", "removeMember"],
        )?;
        let mut attributes = BTreeMap::new();
        if let Some(a) = f.get("attributes") {
            let ap = f.path("attributes");
            let Json::Obj(entries) = a else {
                return Err(crate::error::Error::at(M, ap, "expected an object"));
            };
            for (name, av) in entries {
                let p = crate::json::join(&ap, name);
                let af = Fields::new(av, M, &p, &["from", "values", "value", "cases"])?;
                let mut cases = Vec::new();
                for (cv, cp) in af.items("cases")? {
                    let cf = Fields::new(cv, M, &cp, &["when", "value"])?;
                    let when = cond(&cf, "when")?.ok_or_else(|| crate::error::Error::at(M, cp.clone(), "missing field 'when'"))?;
                    cases.push(AttrCaseDoc { when, value: cf.str("value")? });
                }
                attributes.insert(name.clone(), AttrDoc { from: af.opt_str("from")?, values: af.opt_strings("values")?, value: af.opt_str("value")?, cases });
            }
        }
        let nested = match f.get("nested") {
            None => None,
            Some(n) => {
                let np = f.path("nested");
                let nf = Fields::new(n, M, &np, &["key", "id", "members"])?;
                Some(NestedDoc { key: nf.str("key")?, id: nf.opt_str("id")?, members: nf.opt_str("members")? })
            }
        };
        Ok(LevelDoc {
            id: f.str("id")?,
            parent: f.opt_str("parent")?,
            label: f.opt_str("label")?,
            scoped: f.opt_bool("scoped")?.unwrap_or(true),
            attributes,
            membership: f.opt_str("membership")?,
            when: cond(&f, "when")?,
            nested,
            create: rule(&f, "create", &["requires", "creatorRole", "creatorJoins"], |g| {
                Ok(CreateDoc { requires: g.str("requires")?, creator_role: g.opt_str("creatorRole")?, creator_joins: g.opt_bool("creatorJoins")?.unwrap_or(false) })
            })?,
            remove: gate(&f, "remove")?,
            add_member: gate(&f, "addMember")?,
            remove_member: gate(&f, "removeMember")?,
        })
    }
}

/// An action rule: absent or `false` is `None` (no acting user may); otherwise an object with
/// the given fields, read by `read`.
fn rule<T>(f: &Fields, key: &str, fields: &[&str], read: impl FnOnce(&Fields) -> Result<T>) -> Result<Option<T>> {
    let path = f.path(key);
    match f.get(key) {
        None | Some(Json::Bool(false)) => Ok(None),
        Some(v @ Json::Obj(_)) => read(&Fields::new(v, M, &path, fields)?).map(Some),
        Some(_) => Err(crate::error::Error::at(M, path, "expected false (no acting user may) or an object with 'requires', a permission id")),
    }
}

fn gate(f: &Fields, key: &str) -> Result<Option<GateDoc>> {
    rule(f, key, &["requires"], |g| Ok(GateDoc { requires: g.str("requires")? }))
}

impl PermissionDoc {
    fn read(v: &Json, path: &str) -> Result<PermissionDoc> {
        let f = Fields::new(v, M, path, &["id", "level", "label", "group", "portal", "when", "requires", "description"])?;
        Ok(PermissionDoc {
            id: f.str("id")?,
            level: f.str("level")?,
            label: f.opt_str("label")?,
            group: f.opt_str("group")?,
            portal: f.opt_bool("portal")?.unwrap_or(false),
            when: cond(&f, "when")?,
            requires: f.strings("requires")?,
        })
    }
}

impl RoleDoc {
    fn read(v: &Json, path: &str) -> Result<RoleDoc> {
        let f = Fields::new(
            v,
            M,
            path,
            &["id", "level", "label", "labels", "aliases", "description", "grants", "inherits", "when", "assignRequires", "selfAssignable"],
        )?;
        let mut labels = Vec::new();
        for (lv, lp) in f.items("labels")? {
            let lf = Fields::new(lv, M, &lp, &["when", "label"])?;
            let when = cond(&lf, "when")?.ok_or_else(|| crate::error::Error::at(M, lp.clone(), "missing field 'when'"))?;
            labels.push(LabelDoc { when, label: lf.str("label")? });
        }
        Ok(RoleDoc {
            id: f.str("id")?,
            level: f.str("level")?,
            label: f.opt_str("label")?,
            labels,
            aliases: f.strings("aliases")?,
            description: f.opt_str("description")?,
            grants: f.strings("grants")?,
            inherits: f.strings("inherits")?,
            when: cond(&f, "when")?,
            assign_requires: f.opt_str("assignRequires")?,
            self_assignable: f.opt_bool("selfAssignable")?.unwrap_or(true),
        })
    }
}

impl GroupDoc {
    fn read(v: &Json, path: &str) -> Result<GroupDoc> {
        let f = Fields::new(v, M, path, &["id", "label", "roles", "default"])?;
        Ok(GroupDoc { id: f.str("id")?, label: f.opt_str("label")?, roles: f.strings("roles")?, default: f.opt_str("default")? })
    }
}
