//! `describe()`: the model's own words (levels, permissions with their labels and groups, context
//! keys with their defaults), so that a UI renders any model's buttons and controls without
//! reading the model file itself. Roles have `roles()`.

use rolecascade_runtime::cond::{parse_version, Cond};
use rolecascade_runtime::{LevelId, Model};
use schemars::JsonSchema;
use serde::Serialize;

/// A level as a UI needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LevelInfo {
    pub id: String,
    pub label: String,
    pub parent: Option<String>,
    /// `false` for a level with no scopes of its own (its roles are held at its parent's scopes).
    pub scoped: bool,
    /// The path depth of its scopes (root 0); for an unscoped level, its parent's.
    pub depth: usize,
    /// Attribute names its scopes derive.
    pub attributes: Vec<String>,
    /// The level whose member list holders of its roles must be on (`null`: not enforced).
    pub membership: Option<String>,
}

/// A permission as a UI needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PermissionInfo {
    pub id: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// A scoped level id, or `"any"`.
    pub level: String,
    pub portal: bool,
    pub requires: Vec<String>,
    /// Where it is available, in words (`service = studio`), when it has a condition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
}

/// A request-context key that conditions read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContextInfo {
    pub key: String,
    pub label: String,
    pub default: Option<String>,
    /// The values the model's conditions compare it with, sorted (versions written dotted).
    pub values: Vec<String>,
    /// Whether a condition compares it as a dotted version.
    pub version: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ModelInfo {
    pub name: String,
    pub levels: Vec<LevelInfo>,
    pub permissions: Vec<PermissionInfo>,
    pub context: Vec<ContextInfo>,
    /// Exclusive groups of roles (developer profiles), with their labels and default.
    pub groups: Vec<GroupInfo>,
}

/// An exclusive group of roles as a UI needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupInfo {
    pub id: String,
    pub label: String,
    pub roles: Vec<String>,
    pub default: Option<String>,
}


/// Versions in version order (2.0.1 before 10.0), other values as text. An insertion sort: the
/// lists are a few values long, and each `sort_by` with its own closure adds kilobytes of wasm.
fn sort_values(values: &mut [String]) {
    let before = |a: &String, b: &String| match (parse_version(a), parse_version(b)) {
        (Some(x), Some(y)) => x < y || (x == y && a < b),
        _ => a < b,
    };
    for i in 1..values.len() {
        let mut j = i;
        while j > 0 && values.get(j).zip(values.get(j - 1)).is_some_and(|(b, a)| before(b, a)) {
            values.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// The model's levels (as declared), permissions (as declared), context keys and groups.
/// Labels fall back to ids.
pub fn describe(m: &Model) -> ModelInfo {
    {
        let level_id = |l: Option<LevelId>| l.and_then(|l| m.level(l)).map(|l| l.id.clone());
        let ctx = |k: usize| m.context_key_name(k);
        // Every condition of the model: where permissions, roles and levels exist, and labels.
        let conds: Vec<&Cond> = (m.perms.iter().filter_map(|p| p.when.as_ref()))
            .chain(m.roles.iter().filter_map(|r| r.when.as_ref()))
            .chain(m.roles.iter().flat_map(|r| r.labels.iter().map(|(c, _)| c)))
            .chain(m.levels.iter().filter_map(|l| l.when.as_ref()))
            .collect();
        ModelInfo {
            name: m.name.clone(),
            levels: m
                .levels
                .iter()
                .map(|l| LevelInfo {
                    id: l.id.clone(),
                    label: l.label.clone().unwrap_or_else(|| l.id.clone()),
                    parent: level_id(l.parent),
                    scoped: l.scoped,
                    depth: l.depth,
                    attributes: l.attrs.iter().map(|a| a.name.clone()).collect(),
                    membership: l.membership_depth.and_then(|d| m.level_of_depth(d)).map(|x| x.id.clone()),
                })
                .collect(),
            permissions: m
                .perms
                .iter()
                .map(|p| PermissionInfo {
                    id: p.id.clone(),
                    label: p.label.clone().unwrap_or_else(|| p.id.clone()),
                    group: p.group.clone(),
                    level: level_id(p.level).unwrap_or_else(|| "any".to_string()),
                    portal: p.portal,
                    requires: p.requires.iter().map(|&q| m.perm_id(q).to_string()).collect(),
                    when: p.when.as_ref().map(|c| c.describe(&ctx)),
                })
                .collect(),
            context: m
                .context_keys
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    let mut values = Vec::new();
                    let version = conds.iter().fold(false, |v, c| c.context_values(i, &mut values) | v);
                    sort_values(&mut values);
                    values.dedup();
                    ContextInfo { key: k.name.clone(), label: k.label.clone().unwrap_or_else(|| k.name.clone()), default: k.default.clone(), values, version }
                })
                .collect(),
            groups: m
                .groups
                .iter()
                .map(|g| GroupInfo {
                    id: g.id.clone(),
                    label: g.label.clone().unwrap_or_else(|| g.id.clone()),
                    roles: g.roles.iter().map(|&r| m.role_id(r).to_string()).collect(),
                    default: g.default.map(|r| m.role_id(r).to_string()),
                })
                .collect(),
        }
    }
}
