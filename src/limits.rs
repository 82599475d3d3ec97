//! Input limits. Every one is checked at the boundary and refused with `limit_exceeded` (or, for
//! the JSON size and nesting, `invalid_json`), so no input can make the engine slow or large.

pub use crate::bits::MAX_PERMISSIONS;

/// Largest model document, in bytes.
pub const MAX_MODEL_BYTES: usize = 4 << 20;
/// Largest directory document, in bytes.
pub const MAX_DIRECTORY_BYTES: usize = 256 << 20;
/// Longest id (level, permission, role, group, user, path segment), in bytes.
pub const MAX_ID_BYTES: usize = 256;
/// Most levels of scopes (the depth of a scope path).
pub const MAX_DEPTH: usize = 8;
/// Most levels in a model, scoped or not.
pub const MAX_LEVELS: usize = 32;
/// Most roles in a model.
pub const MAX_ROLES: usize = 20_000;
/// Most condition nodes in one condition.
pub const MAX_COND_NODES: usize = 256;
/// Deepest JSON nesting accepted (serde_json's own recursion limit is 128).
pub const MAX_JSON_NESTING: usize = 128;
