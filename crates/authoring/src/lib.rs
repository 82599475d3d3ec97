//! rolecascade's authoring side: model documents read with serde (every error with its code and
//! path), checked and compiled into the runtime's model, written in the binary form the runtime
//! loads; and what people and UIs read about a model: descriptions, roles, the role matrix, and
//! the JSON Schema and TypeScript declarations generated from the document types.

pub mod compile;
pub mod cond;
pub mod describe;
pub mod diff;
pub mod directory;
pub mod doc;
pub mod json;
pub mod output;
pub mod read;
pub mod roles;
pub mod schema;

pub use compile::compile;
pub use doc::{DirectoryDoc, ModelDoc};
pub use read::{model_from_json, model_from_value};

use rolecascade_runtime::error::Result;
use rolecascade_runtime::Model;

/// Reads, checks and compiles a model from JSON text.
///
/// # Errors
/// `invalid_json`, `invalid_argument` (ill-formed Unicode), `invalid_model` and the other model
/// errors of [`compile`], with the path of the offending element.
pub fn compile_json(text: &str) -> Result<Model> {
    compile(&model_from_json(text)?)
}
