//! rolecascade: a permission engine for SaaS role hierarchies.
//!
//! A model (data: levels, permissions, roles) is compiled once; a directory (scopes, members,
//! assignments) is loaded into it; questions are answered by a few lookups and bit tests.
//! See README.md for the model format and ARCHITECTURE.md for the code map.
#![forbid(unsafe_code)]
// The README is the crate documentation, so its Rust example is compiled and run as a doctest.
#![doc = include_str!("../README.md")]

pub mod bits;
pub mod changes;
pub mod compile;
pub mod cond;
pub mod context;
pub mod describe;
pub mod directory;
pub mod engine;
pub mod error;
pub mod eval;
pub mod explain;
pub mod hash;
pub mod json;
pub mod limits;
pub mod load;
pub mod model;
pub mod names;
pub mod stateless;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use compile::Model;
pub use context::Context;
pub use engine::{Engine, DEFAULT_MODEL};
pub use error::{Code, Error, Result};
pub use explain::{Decision, GrantPath};
