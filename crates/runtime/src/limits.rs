//! Input limits. Every one is checked at the boundary and refused with `limit_exceeded` (or, for
//! the JSON nesting, `invalid_json`), so no input can make the engine slow or large. The
//! directory's counts are chosen so that one engine holding a directory at every limit at once,
//! and exporting it, fits in wasm32's 4 GiB with room to spare (`pkg-tests/memory.test.mjs`
//! loads one at the user limit in wasm).

pub use crate::bits::MAX_PERMISSIONS;

/// Largest model document, in bytes.
pub const MAX_MODEL_BYTES: usize = 4 << 20;
/// Largest directory document, in bytes.
pub const MAX_DIRECTORY_BYTES: usize = 256 << 20;
/// Most distinct user ids in one directory (2,097,152).
pub const MAX_USERS: usize = 1 << 21;
/// Most scopes in one directory (1,048,576).
pub const MAX_SCOPES: usize = 1 << 20;
/// Most memberships (a user on a scope's member list) in one directory (8,388,608).
pub const MAX_MEMBERSHIPS: usize = 1 << 23;
/// Most assignments in one directory (4,194,304).
pub const MAX_ASSIGNMENTS: usize = 1 << 22;
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
