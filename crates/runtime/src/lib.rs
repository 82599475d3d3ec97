//! rolecascade's runtime: a compiled role model, a tenant's directory, and the answers.
//!
//! A model arrives compiled (from the authoring crate, or in its binary form through
//! [`Engine::from_compiled`]); a directory arrives entry by entry ([`load::Loader`]), as numbers
//! ([`load::load_flat`]) or as a snapshot; questions are answered by a few lookups and bit tests
//! over validated ids. Nothing here reads or writes JSON or depends on serde: documents are the
//! authoring crate's business (and the package's JavaScript's), so a page or an edge isolate
//! that only answers questions carries only this.
#![forbid(unsafe_code)]
// No std: the runtime's wasm module then carries no standard panic machinery (a panic message's
// formatting alone was about a kilobyte gzipped). Collections come from `alloc`.
#![no_std]

extern crate alloc;
#[cfg(test)]
extern crate std;

/// What the standard prelude would give every module.
mod prelude {
    pub use alloc::boxed::Box;
    pub use alloc::format;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod bits;
pub mod changes;
pub mod codec;
pub mod cond;
pub mod context;
pub mod directory;
pub mod engine;
pub mod error;
pub mod eval;
pub mod explain;
pub mod hash;
pub mod ids;
pub mod limits;
pub mod lists;
pub mod load;
pub mod model;
pub mod names;
pub mod snapshot;
pub mod sort;
pub mod stateless;
pub mod text;

pub use context::Context;
pub use engine::Engine;
pub use error::{Code, Error, Result};
pub use explain::{Decision, Denial, GrantPath};
pub use ids::{LevelId, PermId, RoleId, ScopeId, UserId};
pub use model::Model;
