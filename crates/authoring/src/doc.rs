//! The documents: the model (the JSON a user writes to describe a SaaS hierarchy, its permissions
//! and its roles) and the directory's general form. These types mirror the JSON and nothing else
//! (`compile` checks a model and builds the runtime's); every one refuses unknown fields, and the
//! JSON Schemas (`models/*.schema.json`) and the TypeScript declarations (`js/documents.d.ts`)
//! are generated from them (`schema.rs`), so a field is written once.
//!
//! A directory is read by the runtime's streaming reader (`rolecascade_runtime::load`, which
//! holds a million-user document in the memory of its ids) and by the package's JavaScript
//! reader, not through [`DirectoryDoc`]: that type is the general form's definition for the
//! schema and the declarations, and `tests/generated.rs` checks that serde accepts and refuses
//! the general-form documents of the decision vectors as the readers do.

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A role model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ModelDoc {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The levels of the hierarchy: one root, scoped levels forming one chain (a scope's path
    /// depth tells its level), unscoped levels hanging off a scoped one.
    pub levels: Vec<LevelDoc>,
    pub permissions: Vec<PermissionDoc>,
    pub roles: Vec<RoleDoc>,
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupDoc>,
    /// Request context keys the conditions may read, with their defaults.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, ContextKeyDoc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LevelDoc {
    pub id: String,
    /// Exactly one level has none: the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `false` for a level that has no scopes of its own: its roles are assigned at a scope of
    /// its parent level (developer profiles, assigned at a studio subscription).
    #[serde(default = "yes", deserialize_with = "nullable_true")]
    #[schemars(default = "yes")]
    pub scoped: bool,
    /// Attributes of a scope of this level, derived from its path.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttrDoc>,
    /// The level (this one or a scoped one above) whose scope on the assignment's path a user
    /// must be on the member list of to hold a role of this level; when it is a level above,
    /// this level's member lists stay inside that scope's. Absent: not enforced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership: Option<String>,
    /// Where the level exists (a condition on scope attributes). For a level without scopes of
    /// its own (developer profiles), its roles hold and may be assigned only there; for a
    /// scoped level, a scope whose attributes (its ancestors' included) fail it is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<CondDoc>,
    /// The key and field names of this level in a directory's nested form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested: Option<NestedDoc>,
    /// How an acting user creates a scope of this level (`createScope`). `false` (the default):
    /// nobody can; the root must be `false`.
    #[serde(default, skip_serializing_if = "Rule::is_off")]
    pub create: Rule<CreateDoc>,
    /// What removing a scope of this level, and everything below it, needs (`removeScope`).
    #[serde(default, skip_serializing_if = "Rule::is_off")]
    pub remove: Rule<GateDoc>,
    /// What adding a user to a member list of this level needs, with an acting user.
    #[serde(default, skip_serializing_if = "Rule::is_off")]
    pub add_member: Rule<GateDoc>,
    /// What taking a user off a member list of this level (and every list and assignment below
    /// it) needs, with an acting user.
    #[serde(default, skip_serializing_if = "Rule::is_off")]
    pub remove_member: Rule<GateDoc>,
}

fn yes() -> bool {
    true
}

/// The rule for creating scopes of a level.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateDoc {
    /// The permission the acting user needs, at the scope of its level above the new scope.
    pub requires: String,
    /// The role the creator then holds at the new scope (joining the member lists it needs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_role: Option<String>,
    /// Whether the creator joins the new scope's member list.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "is_false")]
    pub creator_joins: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An action gated by one permission, held at the scope of that permission's level on the path
/// of the scope acted on (the scope itself for a level-free permission).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GateDoc {
    pub requires: String,
}

/// `false` (no acting user may) or the rule. Written as `false` or an object; absent is `false`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule<T>(pub Option<T>);

impl<T> Default for Rule<T> {
    fn default() -> Self {
        Rule(None)
    }
}

impl<T> Rule<T> {
    pub fn is_off(&self) -> bool {
        self.0.is_none()
    }
}

impl<T: Serialize> Serialize for Rule<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            None => s.serialize_bool(false),
            Some(x) => x.serialize(s),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Rule<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Rule<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("false (no acting user may) or an object with 'requires', a permission id")
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Rule<T>, E> {
                if b {
                    Err(E::invalid_value(de::Unexpected::Bool(true), &self))
                } else {
                    Ok(Rule(None))
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<Rule<T>, E> {
                Ok(Rule(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Rule<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|x| Rule(Some(x)))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for Rule<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Rule_{}", T::schema_name()).into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "oneOf": [{ "const": false }, g.subschema_for::<T>()] })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AttrDoc {
    /// `"segment"`: the value is the scope's own path segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// With `from: "segment"`: the only segments allowed at this level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// A fixed value (or the default when no case matches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Values chosen by conditions on the attributes of the scope's ancestors.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<AttrCaseDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AttrCaseDoc {
    pub when: CondDoc,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NestedDoc {
    /// The array key holding scopes of this level (`"companies"`).
    pub key: String,
    /// The field of an item holding its segment id (default `"id"`); an item may also be a
    /// plain string, the id itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The field of an item holding its members (`"users"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PermissionDoc {
    /// No `/` or `*`.
    pub id: String,
    /// A scoped level id, or `"any"` for a permission askable at every level.
    pub level: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A display group (`"portals"`, `"environment modules"`): for UIs only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether `portals()` lists it.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "is_false")]
    pub portal: bool,
    /// Availability: the permission exists only where and when this holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<CondDoc>,
    /// Prerequisites: permissions the user must also hold (at the scope of their level on the
    /// path of the scope asked about). Acyclic.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RoleDoc {
    pub id: String,
    pub level: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Labels chosen by conditions on the scope's attributes (`Model Owner` under modeler).
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<LabelDoc>,
    /// Other names people use for the role.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Permission ids, or `prefix.*` for every permission whose id starts with `prefix.`.
    #[serde(default, deserialize_with = "nullable")]
    pub grants: Vec<String>,
    /// Roles held wherever this one is held, at this scope and (for roles of lower levels) at
    /// every scope of their level below it. Acyclic.
    #[serde(default, deserialize_with = "nullable")]
    pub inherits: Vec<String>,
    /// The role exists only when this holds (evaluated at the scope where it is held).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<CondDoc>,
    /// The permission an actor needs at the target scope to assign or revoke this role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assign_requires: Option<String>,
    /// `false`: nobody may assign this role to themselves.
    #[serde(default = "yes", deserialize_with = "nullable_true")]
    #[schemars(default = "yes")]
    pub self_assignable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LabelDoc {
    pub when: CondDoc,
    pub label: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GroupDoc {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Mutually exclusive roles of one level: a user holds at most one of them per scope;
    /// assigning one replaces the other.
    pub roles: Vec<String>,
    /// The role a member of the scope holds when assigned none of the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ContextKeyDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A condition: one test (`{"attr": name, OP: value}` or `{"context": key, OP: value}`) or a
/// combination (`all`, `any`, `not`). A missing value fails every test but `ne`, `notIn` and
/// `present: false`; a value that is not a version fails version tests.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CondDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<CondDoc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<CondDoc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<CondDoc>>,
    /// A scope attribute (declared by some level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attr: Option<String>,
    /// A request context key (declared in the model's `context`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eq: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ne: Option<String>,
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub in_: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_in: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub present: Option<bool>,
    /// Dotted numeric versions: `2.0.10 > 2.0.9`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_gte: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_gt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_lte: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_lt: Option<String>,
}

/// `null` is an absent value, as everywhere in documents: the type's default.
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn nullable_true<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or(true))
}

/// A directory in the general form: every scope by its path, the users on each scope's member
/// list, and role assignments.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DirectoryDoc {
    /// Scope paths (`acme`, `acme/automation`): segments joined by `/`, a scope's depth naming
    /// its level; a scope's parent is listed before it.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The users on each scope's member list, by the scope's path.
    #[serde(default)]
    pub members: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub assignments: Vec<AssignmentDoc>,
}

/// A role held by a user at a scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentDoc {
    pub user: String,
    pub role: String,
    /// The scope's path.
    pub scope: String,
}

/// One change of a batch (`apply`), as the package and the Rust API take it: `op` names the
/// call, the other fields are its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "op", rename_all = "camelCase", deny_unknown_fields)]
pub enum ChangeDoc {
    Assign { user: String, role: String, scope: String },
    Revoke { user: String, role: String, scope: String },
    AddMember { scope: String, user: String },
    RemoveMember { scope: String, user: String },
    CreateScope { path: String },
    RemoveScope { path: String },
}

impl From<ChangeDoc> for rolecascade_runtime::changes::Change {
    fn from(c: ChangeDoc) -> Self {
        use rolecascade_runtime::changes::Change as C;
        match c {
            ChangeDoc::Assign { user, role, scope } => C::Assign { user, role, scope },
            ChangeDoc::Revoke { user, role, scope } => C::Revoke { user, role, scope },
            ChangeDoc::AddMember { scope, user } => C::AddMember { scope, user },
            ChangeDoc::RemoveMember { scope, user } => C::RemoveMember { scope, user },
            ChangeDoc::CreateScope { path } => C::CreateScope { path },
            ChangeDoc::RemoveScope { path } => C::RemoveScope { path },
        }
    }
}

impl From<rolecascade_runtime::changes::Change> for ChangeDoc {
    fn from(c: rolecascade_runtime::changes::Change) -> Self {
        use rolecascade_runtime::changes::Change as C;
        match c {
            C::Assign { user, role, scope } => ChangeDoc::Assign { user, role, scope },
            C::Revoke { user, role, scope } => ChangeDoc::Revoke { user, role, scope },
            C::AddMember { scope, user } => ChangeDoc::AddMember { scope, user },
            C::RemoveMember { scope, user } => ChangeDoc::RemoveMember { scope, user },
            C::CreateScope { path } => ChangeDoc::CreateScope { path },
            C::RemoveScope { path } => ChangeDoc::RemoveScope { path },
        }
    }
}
