//! Roles as people read them: every role with its labels, grants and inheritance; the label a
//! role carries at a scope; and the role matrix (every role against every permission: direct,
//! inherited, or not at all).

use rolecascade_runtime::error::{shown, Code, Error, Result};
use rolecascade_runtime::{Engine, Model, RoleId};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::VecDeque;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LabelInfo {
    pub when: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleInfo {
    pub id: String,
    pub level: String,
    pub label: String,
    pub labels: Vec<LabelInfo>,
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub grants: Vec<String>,
    pub inherits: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub is_default: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assign_requires: Option<String>,
    pub self_assignable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
}

/// How a role holds a permission in the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Cell {
    /// It grants it itself.
    Direct,
    /// A role it inherits grants it.
    Inherited,
}

impl Cell {
    pub fn as_str(self) -> &'static str {
        match self {
            Cell::Direct => "direct",
            Cell::Inherited => "inherited",
        }
    }
}

/// Every role against every permission. `cells[i][j]` is `"direct"`, `"inherited"` or `null`;
/// `from[i][j]` names, for an inherited cell, the nearest inherited role that grants it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoleMatrix {
    pub roles: Vec<String>,
    pub permissions: Vec<String>,
    pub cells: Vec<Vec<Option<Cell>>>,
    pub from: Vec<Vec<Option<String>>>,
}

/// Every role, as declared, with grants expanded.
pub fn roles(m: &Model) -> Vec<RoleInfo> {
    m.roles
        .iter()
        .map(|r| {
            let group = r.group.and_then(|g| m.groups.get(g));
            RoleInfo {
                id: r.id.clone(),
                level: m.levels.get(r.level.index()).map_or_else(String::new, |l| l.id.clone()),
                label: r.label.clone().unwrap_or_else(|| r.id.clone()),
                labels: r.labels.iter().map(|(c, l)| LabelInfo { when: c.describe(&|k| m.context_key_name(k)), label: l.clone() }).collect(),
                aliases: r.aliases.clone(),
                description: r.description.clone(),
                grants: r.grants.iter().map(|&p| m.perm_id(p).to_string()).collect(),
                inherits: r.inherits.iter().map(|&x| m.role_id(x).to_string()).collect(),
                group: group.map(|g| g.id.clone()),
                is_default: group.is_some_and(|g| g.default.is_some() && g.default == m.role(&r.id)),
                assign_requires: r.assign_requires.map(|p| m.perm_id(p).to_string()),
                self_assignable: r.self_assignable,
                when: r.when.as_ref().map(|c| c.describe(&|k| m.context_key_name(k))),
            }
        })
        .collect()
}

/// The label of a role at a scope of the engine's directory (the first matching conditional
/// label, else its label).
///
/// # Errors
/// `unknown_role`.
pub fn role_label(e: &Engine, role: &str, scope: Option<&str>) -> Result<String> {
    let m = e.model();
    let r = m.role(role).ok_or_else(|| Error::new(Code::UnknownRole, format!("unknown role '{}'", shown(role))))?;
    let Some(x) = m.role_data(r) else { return Err(Error::new(Code::UnknownRole, "unknown role")) };
    let d = e.directory();
    if let Some(class) = scope.and_then(|s| d.find_scope(s)).and_then(|s| d.class_of(s)) {
        if let Some((_, l)) = x.labels.iter().find(|(c, _)| c.eval(class)) {
            return Ok(l.clone());
        }
    }
    Ok(x.label.clone().unwrap_or_else(|| x.id.clone()))
}

/// Every role against every permission, conditions aside.
pub fn matrix(m: &Model) -> RoleMatrix {
    let mut cells = Vec::with_capacity(m.roles.len());
    let mut from = Vec::with_capacity(m.roles.len());
    for r in m.role_ids() {
        let Some(role) = m.role_data(r) else { continue };
        // Nearest granting role for each permission, breadth first.
        let mut nearest: Vec<Option<RoleId>> = vec![None; m.perms.len()];
        let mut seen = vec![false; m.roles.len()];
        let mut queue = VecDeque::from([r]);
        while let Some(x) = queue.pop_front() {
            match seen.get_mut(x.index()) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            if let Some(xr) = m.role_data(x) {
                for &p in &xr.grants {
                    if let Some(slot) = nearest.get_mut(p.index()) {
                        slot.get_or_insert(x);
                    }
                }
                queue.extend(xr.inherits.iter().copied());
            }
        }
        cells.push(
            m.perm_ids()
                .map(|p| match nearest.get(p.index()).copied().flatten() {
                    None => None,
                    Some(_) if role.grant_bits.has(p) => Some(Cell::Direct),
                    Some(_) => Some(Cell::Inherited),
                })
                .collect(),
        );
        from.push(
            m.perm_ids()
                .map(|p| match nearest.get(p.index()).copied().flatten() {
                    Some(x) if x != r && !role.grant_bits.has(p) => Some(m.role_id(x).to_string()),
                    _ => None,
                })
                .collect(),
        );
    }
    RoleMatrix {
        roles: m.roles.iter().map(|r| r.id.clone()).collect(),
        permissions: m.perms.iter().map(|p| p.id.clone()).collect(),
        cells,
        from,
    }
}
