//! `describe()`: the model's own words (levels, permissions with their labels and groups, context
//! keys with their defaults), so that a UI renders any model's buttons and controls without
//! reading the model file itself. Roles have `roles()`.

use crate::engine::Engine;
use crate::json::{Obj, ToJson};

/// A level as a UI needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

/// A permission as a UI needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionInfo {
    pub id: String,
    pub label: String,
    pub group: Option<String>,
    /// A scoped level id, or `"any"`.
    pub level: String,
    pub portal: bool,
    pub requires: Vec<String>,
    /// Where it is available, in words (`service = studio`), when it has a condition.
    pub when: Option<String>,
}

/// A request-context key that conditions read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextInfo {
    pub key: String,
    pub label: String,
    pub default: Option<String>,
    /// The values the model's conditions compare it with, sorted (versions written dotted).
    pub values: Vec<String>,
    /// Whether a condition compares it as a dotted version.
    pub version: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelInfo {
    pub name: String,
    pub levels: Vec<LevelInfo>,
    pub permissions: Vec<PermissionInfo>,
    pub context: Vec<ContextInfo>,
}


impl ToJson for LevelInfo {
    fn write_json(&self, out: &mut String) {
        let o = Obj::new(out).field("id", &self.id).field("label", &self.label).field("parent", &self.parent);
        o.field("scoped", &self.scoped).field("depth", &self.depth).field("attributes", &self.attributes).end();
    }
}

impl ToJson for PermissionInfo {
    fn write_json(&self, out: &mut String) {
        let o = Obj::new(out).field("id", &self.id).field("label", &self.label).opt_str("group", &self.group);
        let o = o.field("level", &self.level).field("portal", &self.portal).field("requires", &self.requires);
        o.opt_str("when", &self.when).end();
    }
}

impl ToJson for ContextInfo {
    fn write_json(&self, out: &mut String) {
        let o = Obj::new(out).field("key", &self.key).field("label", &self.label).field("default", &self.default);
        o.field("values", &self.values).field("version", &self.version).end();
    }
}

impl ToJson for ModelInfo {
    fn write_json(&self, out: &mut String) {
        let o = Obj::new(out).field("name", &self.name).field("levels", &self.levels);
        o.field("permissions", &self.permissions).field("context", &self.context).end();
    }
}

/// Versions in version order (2.0.1 before 10.0), other values as text. An insertion sort: the
/// lists are a few values long, and each `sort_by` with its own closure adds kilobytes of wasm.
fn sort_values(values: &mut [String]) {
    let before = |a: &String, b: &String| match (crate::cond::parse_version(a), crate::cond::parse_version(b)) {
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

impl Engine {
    /// The model's levels (root first, as declared), permissions (as declared) and context keys.
    /// Labels fall back to ids.
    pub fn describe(&self) -> ModelInfo {
        let m = self.model();
        let level_id = |l: Option<usize>| l.and_then(|l| m.levels.get(l)).map(|l| l.id.clone());
        let ctx = |k: usize| m.context_key_name(k);
        // Every condition of the model: where permissions, roles and levels exist, and labels.
        let conds: Vec<&crate::cond::Cond> = (m.perms.iter().filter_map(|p| p.when.as_ref()))
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
        }
    }
}
