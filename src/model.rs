//! The model document: the JSON a user writes to describe a SaaS hierarchy, its permissions and
//! its roles. These types only mirror the JSON; `compile` checks them and builds the fast form.

use crate::cond::CondDoc;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ModelDoc {
    #[serde(rename = "$schema", default)]
    pub schema: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub levels: Vec<LevelDoc>,
    pub permissions: Vec<PermissionDoc>,
    pub roles: Vec<RoleDoc>,
    #[serde(default)]
    pub groups: Vec<GroupDoc>,
    /// Request context keys the conditions may read, with their defaults.
    #[serde(default)]
    pub context: BTreeMap<String, ContextKeyDoc>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LevelDoc {
    pub id: String,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    /// `false` for a level that has no scopes of its own: its roles are assigned at a scope of
    /// its parent level (developer profiles, assigned at a studio subscription).
    #[serde(default = "yes")]
    pub scoped: bool,
    /// Attributes of a scope of this level, derived from its path.
    #[serde(default)]
    pub attributes: BTreeMap<String, AttrDoc>,
    /// The level whose scope (the one above, or the same) a user must be a member of to hold a
    /// role of this level. Defaults to this level itself (the scope of the assignment).
    #[serde(default)]
    pub membership: Option<String>,
    /// Where the level exists: roles of this level hold and may be assigned only where it is true.
    #[serde(default)]
    pub when: Option<CondDoc>,
    /// The key and field names of this level in a directory's nested form.
    #[serde(default)]
    pub nested: Option<NestedDoc>,
    /// The role given to whoever creates a scope of this level.
    #[serde(default)]
    pub creator_role: Option<String>,
    /// The permission needed, at the parent scope, to create a scope of this level.
    #[serde(default)]
    pub create_requires: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AttrDoc {
    /// `"segment"`: the value is the scope's own path segment.
    #[serde(default)]
    pub from: Option<String>,
    /// With `from: "segment"`: the only segments allowed at this level.
    #[serde(default)]
    pub values: Option<Vec<String>>,
    /// A fixed value (or the default when no case matches).
    #[serde(default)]
    pub value: Option<String>,
    /// Values chosen by conditions on the attributes of the scope's ancestors.
    #[serde(default)]
    pub cases: Vec<AttrCaseDoc>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AttrCaseDoc {
    pub when: CondDoc,
    pub value: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NestedDoc {
    /// The array key holding scopes of this level (`"companies"`).
    pub key: String,
    /// The field of an item holding its segment id (default `"id"`); an item may also be a
    /// plain string, the id itself.
    #[serde(default)]
    pub id: Option<String>,
    /// The field of an item holding its members (`"users"`).
    #[serde(default)]
    pub members: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PermissionDoc {
    pub id: String,
    /// A level id, or `"any"` for a permission askable at every level.
    pub level: String,
    #[serde(default)]
    pub label: Option<String>,
    /// A display group (`"portals"`, `"environment modules"`): for UIs only.
    #[serde(default)]
    pub group: Option<String>,
    /// Whether `portals()` lists it.
    #[serde(default)]
    pub portal: bool,
    /// Availability: the permission exists only where and when this holds.
    #[serde(default)]
    pub when: Option<CondDoc>,
    /// Prerequisites: permissions the user must also hold (at the scope of their level on the
    /// path of the scope asked about).
    #[serde(default)]
    pub requires: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RoleDoc {
    pub id: String,
    pub level: String,
    #[serde(default)]
    pub label: Option<String>,
    /// Labels chosen by conditions on the scope's attributes (`Model Owner` under modeler).
    #[serde(default)]
    pub labels: Vec<LabelDoc>,
    /// Other names people use for the role.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Permission ids, or `prefix.*` for every permission whose id starts with `prefix.`.
    #[serde(default)]
    pub grants: Vec<String>,
    /// Roles held wherever this one is held, at this scope and (for roles of lower levels) at
    /// every scope of their level below it.
    #[serde(default)]
    pub inherits: Vec<String>,
    /// The role exists only when this holds (evaluated at the scope where it is held).
    #[serde(default)]
    pub when: Option<CondDoc>,
    /// The permission an actor needs at the target scope to assign or revoke this role.
    #[serde(default)]
    pub assign_requires: Option<String>,
    /// `false`: nobody may assign this role to themselves.
    #[serde(default = "yes")]
    pub self_assignable: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LabelDoc {
    pub when: CondDoc,
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GroupDoc {
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
    /// Mutually exclusive roles: a user holds at most one of them per scope; assigning one
    /// replaces the other.
    pub roles: Vec<String>,
    /// The role a member of the scope holds when assigned none of the group.
    #[serde(default)]
    pub default: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ContextKeyDoc {
    #[serde(default)]
    pub default: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
}
