//! rolecascade's runtime: a compiled role model, a tenant's directory, and the answers.
//!
//! A model arrives compiled (from the authoring crate, or in its binary form through
//! [`Engine::from_compiled`]); a directory arrives entry by entry ([`load::Loader`]), as numbers
//! ([`load::load_flat`]) or as a snapshot; questions are answered by a few lookups and bit tests
//! over validated ids. Nothing here reads or writes JSON or depends on serde: documents are the
//! authoring crate's business (and the package's JavaScript's), so a page or an edge isolate
//! that only answers questions carries only this.
#![forbid(unsafe_code)]

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
pub mod load;
pub mod model;
pub mod names;
pub mod snapshot;
pub mod sort;
pub mod stateless;

pub use context::Context;
pub use engine::Engine;
pub use error::{Code, Error, Result};
pub use explain::{Decision, Denial, GrantPath};
pub use ids::{LevelId, PermId, RoleId, ScopeId, UserId};
pub use model::Model;
