//! rolecascade: a permission engine for SaaS role hierarchies.
//!
//! This crate is the Rust API over the two halves the package also ships apart: the runtime
//! (`rolecascade-runtime`: a compiled model, a directory, the answers) and the authoring side
//! (`rolecascade-authoring`: model documents read and compiled; descriptions, roles, the matrix).
//! [`Engine`] is the runtime's engine with the authoring calls added; every runtime method is
//! reached through it. See README.md for the formats and ARCHITECTURE.md for the code map.
#![forbid(unsafe_code)]
// The README is the crate documentation, so its Rust example is compiled and run as a doctest.
#![doc = include_str!("../README.md")]

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, OnceLock};

pub use rolecascade_authoring as authoring;
pub use rolecascade_authoring::json;
pub use rolecascade_authoring::describe::ModelInfo;
pub use rolecascade_authoring::diff::{Answer as DiffAnswer, Diff, RoleDiff};
pub use rolecascade_authoring::roles::{Cell, RoleInfo, RoleMatrix};
pub use rolecascade_runtime as runtime;
pub use rolecascade_runtime::{
    bits, changes, codec, cond, context, directory, error, eval, explain, hash, ids, limits, load, model, names, snapshot, stateless, Code, Context, Decision,
    Denial, Error, GrantPath, LevelId, Model, PermId, Result, RoleId, ScopeId, UserId,
};

/// The default model's document, compiled into the crate.
pub const DEFAULT_MODEL: &str = include_str!("../models/bizagi.json");

/// What changes between two models (JSON text): over a directory (JSON text, flat or nested
/// form) every answer that differs, `{ gained, lost, unchanged, ignored }`; without one, what
/// each role gains or loses at each level. `context` is a context object as JSON text.
///
/// # Errors
/// Either model's errors (the message says which), the directory's (read against the before
/// model, or the after model when the before one refuses it), the context's.
///
/// # Examples
/// ```
/// let before = r#"{
///   "levels": [{ "id": "org" }, { "id": "team", "parent": "org" }],
///   "permissions": [{ "id": "team.read", "level": "team" }, { "id": "team.write", "level": "team" }],
///   "roles": [{ "id": "member", "level": "team", "grants": ["team.read"], "inherits": [] }]
/// }"#;
/// let after = before.replace(r#""grants": ["team.read"]"#, r#""grants": ["team.read", "team.write"]"#);
/// let directory = r#"{
///   "scopes": ["acme", "acme/core"],
///   "assignments": [{ "user": "ana@acme.test", "role": "member", "scope": "acme/core" }]
/// }"#;
/// let rolecascade::DiffAnswer::Directory(d) = rolecascade::diff(before, &after, Some(directory), None).unwrap() else {
///     unreachable!("a directory was given")
/// };
/// assert_eq!((d.gained[0].user.as_str(), d.gained[0].permission.as_str()), ("ana@acme.test", "team.write"));
/// assert_eq!(d.gained[0].via[0].via, ["member"]);
/// assert!(d.lost.is_empty());
/// ```
pub fn diff(before: &str, after: &str, directory: Option<&str>, context: Option<&str>) -> Result<DiffAnswer> {
    fn which(name: &'static str) -> impl Fn(Error) -> Error {
        move |e: Error| Error { message: format!("the {name} model: {}", e.message), ..e }
    }
    let b = authoring::compile_json(before).map_err(which("before"))?;
    let a = authoring::compile_json(after).map_err(which("after"))?;
    authoring::diff::diff_any(&b, &a, directory, context)
}

/// An engine: a compiled model and a directory. Every question and change of the runtime's
/// [`runtime::Engine`] is available on it; it adds building from a model document and the
/// authoring side's descriptions.
#[derive(Debug, Clone)]
pub struct Engine(runtime::Engine);

impl Deref for Engine {
    type Target = runtime::Engine;
    fn deref(&self) -> &runtime::Engine {
        &self.0
    }
}

impl DerefMut for Engine {
    fn deref_mut(&mut self) -> &mut runtime::Engine {
        &mut self.0
    }
}

impl From<runtime::Engine> for Engine {
    fn from(e: runtime::Engine) -> Engine {
        Engine(e)
    }
}

fn with_directory(e: runtime::Engine, directory: Option<&str>) -> Result<Engine> {
    let mut e = Engine(e);
    if let Some(text) = directory {
        e.load_directory_json(text)?;
    }
    Ok(e)
}

impl Engine {
    /// An engine on a compiled model with an empty directory.
    pub fn new(model: Model) -> Engine {
        Engine(runtime::Engine::new(model))
    }

    /// The default model with an optional directory (JSON text, flat or nested form).
    ///
    /// # Errors
    /// As [`Engine::from_model_json`], for the directory.
    pub fn bizagi(directory: Option<&str>) -> Result<Engine> {
        static MODEL: OnceLock<Result<Arc<Model>>> = OnceLock::new();
        let model = MODEL.get_or_init(|| authoring::compile_json(DEFAULT_MODEL).map(Arc::new)).clone()?;
        with_directory(runtime::Engine::with_model(model), directory)
    }

    /// A model and an optional directory, both JSON text.
    ///
    /// # Errors
    /// Model errors (`invalid_json`, `invalid_model`, ...) and directory errors
    /// (`invalid_directory`, `unknown_scope`, `unknown_role`, `not_a_member`, ...), with paths.
    ///
    /// # Examples
    /// ```
    /// let model = r#"{
    ///   "levels": [{ "id": "org" }, { "id": "team", "parent": "org" }],
    ///   "permissions": [{ "id": "team.read", "level": "team" }],
    ///   "roles": [{ "id": "member", "level": "team", "grants": ["team.read"], "inherits": [] }]
    /// }"#;
    /// let directory = r#"{
    ///   "scopes": ["acme", "acme/core"],
    ///   "assignments": [{ "user": "ana@acme.test", "role": "member", "scope": "acme/core" }]
    /// }"#;
    /// let engine = rolecascade::Engine::from_model_json(model, Some(directory)).unwrap();
    /// assert!(engine.check("ana@acme.test", "team.read", "acme/core", None).unwrap());
    /// ```
    pub fn from_model_json(model: &str, directory: Option<&str>) -> Result<Engine> {
        with_directory(runtime::Engine::new(authoring::compile_json(model)?), directory)
    }

    /// A model in its binary form (`rolecascade compile`) and an optional directory.
    ///
    /// # Errors
    /// `invalid_model` for bytes that are not a compiled model of this format version, and the
    /// directory's errors.
    pub fn from_compiled(bytes: &[u8], directory: Option<&str>) -> Result<Engine> {
        with_directory(runtime::Engine::from_compiled(bytes)?, directory)
    }

    /// An engine from a snapshot ([`runtime::Engine::export_snapshot`]).
    ///
    /// # Errors
    /// As [`runtime::Engine::from_snapshot`].
    pub fn from_snapshot(bytes: &[u8]) -> Result<Engine> {
        runtime::Engine::from_snapshot(bytes).map(Engine)
    }

    /// The model's levels, permissions, context keys and groups in its own words, for UIs.
    pub fn describe(&self) -> ModelInfo {
        authoring::describe::describe(self.model())
    }

    /// Every role, as declared, with grants expanded.
    pub fn roles(&self) -> Vec<RoleInfo> {
        authoring::roles::roles(self.model())
    }

    /// Every role against every permission, conditions aside.
    pub fn matrix(&self) -> RoleMatrix {
        authoring::roles::matrix(self.model())
    }

    /// The label of a role at a scope (the first matching conditional label, else its label).
    ///
    /// # Errors
    /// `unknown_role`.
    pub fn role_label(&self, role: &str, scope: Option<&str>) -> Result<String> {
        authoring::roles::role_label(&self.0, role, scope)
    }

    /// Replaces the directory with one read from JSON text (the general or the nested form).
    /// All or nothing: the new directory is built aside and swapped in.
    ///
    /// # Errors
    /// `invalid_json`, `invalid_argument`, `invalid_directory`, `unknown_scope`, `unknown_role`,
    /// `level_mismatch`, `not_a_member`, `limit_exceeded`, with the path of the offending element.
    pub fn load_directory_json(&mut self, text: &str) -> Result<()> {
        let dir = authoring::directory::load(self.model(), text)?;
        self.0.set_directory(dir);
        Ok(())
    }

    /// A request context from JSON text, against this engine's model.
    ///
    /// # Errors
    /// `invalid_json` or `invalid_context`.
    pub fn context_json(&self, text: &str) -> Result<Context> {
        authoring::output::context_from_json(self.model(), text)
    }

    /// The directory in the general form as JSON text (see [`authoring::output::export_directory_json`]).
    ///
    /// # Errors
    /// `limit_exceeded` when the memory for the text cannot be had.
    pub fn export_directory_json(&self) -> Result<String> {
        authoring::output::export_directory_json(&self.0)
    }

    /// What changes for this engine's directory when its model is replaced by `after`'s:
    /// every answer that differs, with the grant paths that make the difference.
    ///
    /// # Errors
    /// `invalid_directory` when a scope does not fit the after model's levels; the context's
    /// errors (`context` is JSON text).
    pub fn diff(&self, after: &Model, context: Option<&str>) -> Result<Diff> {
        authoring::diff::diff_loaded(self.model(), after, self.directory(), context)
    }

    /// The runtime's engine.
    pub fn into_runtime(self) -> runtime::Engine {
        self.0
    }
}
