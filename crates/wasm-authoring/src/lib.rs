//! The authoring module: a WebAssembly module of its own that a page fetches only when it needs
//! it. It compiles and describes models, and it holds the whole runtime: the engine the package
//! moves to when a call needs more than the runtime module answers (explanations, who-can,
//! portals, changes, exports, snapshots). It answers everything the runtime module does, from the
//! same source (`answer.rs`), so an engine moves between the two with its numbers intact.
//!
//! Models come as JSON text or as JavaScript objects, read through a `serde_json::Value` so that
//! unknown fields are refused exactly as in text (serde-wasm-bindgen alone reads only a struct's
//! known fields); structured answers go out as JavaScript objects through serde-wasm-bindgen.
#![cfg(target_arch = "wasm32")]
#![deny(unsafe_code)]

extern crate alloc;

#[path = "../../wasm-runtime/src/answer.rs"]
mod answer;
mod diff;
#[path = "../../wasm-runtime/src/grow.rs"]
mod grow;

use answer::{js_error, ok, RawEngine, R};
use rolecascade_authoring as authoring;
use rolecascade_runtime::codec;
use rolecascade_runtime::error::{Code, Error};
use rolecascade_runtime::eval::Held;
use rolecascade_runtime::explain::{Decision, Found, Room};
use rolecascade_runtime::{Engine, Model};
use serde::Serialize;
use std::sync::OnceLock;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The answer room of `explainIds` (numbers read by the package straight from memory: no
    /// copy, no second call to free them).
    static ANSWER: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    /// The lists `explainIds`' walks work in, kept from one question to the next.
    static ROOM: RefCell<Room> = RefCell::new(Room::default());
}

impl RawEngine {
    /// [`RawEngine::explain_ids`]'s numbers, added to `out`.
    fn explain_into(&self, user: u32, permission: u32, scope: u32, c: u32, out: &mut Vec<u32>) {
        let (d, m) = (self.inner.directory(), self.inner.model());
        let (Some(u), Some(p), Some(s)) = (d.user_at(user), m.perm_at(permission), d.scope_at(scope)) else { return };
        let depth = |h: Held| d.scope(h.scope).map_or(0, |x| x.depth as u32);
        ROOM.with_borrow_mut(|room| match self.inner.find_ids(u, p, s, self.ctx(c), room) {
            Err(e) if e.code == Code::LevelMismatch => out.push(0),
            Ok(Some(Found::Allowed)) => {
                out.extend([1, room.chains.len() as u32]);
                for (h, chain) in room.chains() {
                    out.extend([h.role.number(), depth(h), u32::from(h.default), chain.len() as u32]);
                    out.extend(chain.iter().map(|r| r.number()));
                }
            }
            Ok(Some(Found::NoGrant)) => {
                out.extend([2, room.held.len() as u32]);
                for &h in &room.held {
                    out.extend([h.role.number(), depth(h)]);
                }
            }
            Ok(Some(Found::Unavailable)) => out.push(3),
            _ => {}
        });
    }
}

/// The default model's document (the runtime module carries it compiled, without labels).
const DEFAULT_MODEL: &str = include_str!("../../../models/bizagi.json");

fn to_js<T: Serialize>(v: &T) -> R<JsValue> {
    // Plain objects (not Maps), undefined for absent fields: what JSON.parse would give.
    let s = serde_wasm_bindgen::Serializer::json_compatible();
    v.serialize(&s).map_err(|e| js_error(&Error::new(Code::InvalidArgument, e.to_string())))
}

fn default_model() -> R<&'static Model> {
    static MODEL: OnceLock<rolecascade_runtime::Result<Model>> = OnceLock::new();
    MODEL.get_or_init(|| authoring::compile_json(DEFAULT_MODEL)).as_ref().map_err(js_error)
}

/// The model of these bytes (`None`: the default model, with its labels).
fn model(compiled: Option<Vec<u8>>) -> R<std::borrow::Cow<'static, Model>> {
    match compiled {
        None => default_model().map(std::borrow::Cow::Borrowed),
        Some(bytes) => ok(codec::decode(&bytes)).map(std::borrow::Cow::Owned),
    }
}

/// Compiles a model from JSON text into its binary form (labels and descriptions kept).
#[wasm_bindgen]
pub fn compile(text: &str) -> R<Vec<u8>> {
    ok(authoring::compile_json(text)).map(|m| codec::encode(&m, true))
}

/// Compiles a model given as a JavaScript object.
#[wasm_bindgen(js_name = compileObject)]
pub fn compile_object(value: JsValue) -> R<Vec<u8>> {
    let value: serde_json::Value = serde_wasm_bindgen::from_value(value)
        .map_err(|e| js_error(&Error::new(Code::InvalidModel, format!("the model is not a JSON document: {e}"))))?;
    let doc = ok(authoring::model_from_value(value))?;
    ok(authoring::compile(&doc)).map(|m| codec::encode(&m, true))
}

#[wasm_bindgen]
pub fn describe(compiled: Option<Vec<u8>>) -> R<JsValue> {
    to_js(&authoring::describe::describe(&*model(compiled)?))
}

#[wasm_bindgen]
pub fn roles(compiled: Option<Vec<u8>>) -> R<JsValue> {
    to_js(&authoring::roles::roles(&*model(compiled)?))
}

#[wasm_bindgen]
pub fn matrix(compiled: Option<Vec<u8>>) -> R<JsValue> {
    to_js(&authoring::roles::matrix(&*model(compiled)?))
}

/// The label of a role at a scope path (its attributes come from the path alone).
#[wasm_bindgen(js_name = roleLabel)]
pub fn role_label(compiled: Option<Vec<u8>>, role: &str, scope: Option<String>) -> R<String> {
    let m = model(compiled)?.into_owned();
    let mut e = Engine::new(m);
    if let Some(path) = scope.as_deref() {
        // A scope named by a path the model refuses simply has no attributes.
        let mut prefix = String::new();
        for seg in path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(seg);
            if e.insert_scope(&prefix).is_err() {
                break;
            }
        }
    }
    ok(authoring::roles::role_label(&e, role, scope.as_deref()))
}

/// A decision as JavaScript sees it (`denial` and a grant's `default` only when there is one).
#[derive(Serialize)]
struct DecisionOut<'a> {
    allowed: bool,
    grants: Vec<GrantOut<'a>>,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    denial: Option<&'static str>,
}

#[derive(Serialize)]
struct GrantOut<'a> {
    user: &'a str,
    role: &'a str,
    scope: &'a str,
    via: &'a [String],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    default: bool,
}

fn decision(d: &Decision) -> R<JsValue> {
    let grants = d.grants.iter().map(|g| GrantOut { user: &g.user, role: &g.role, scope: &g.scope, via: &g.via, default: g.default }).collect();
    to_js(&DecisionOut { allowed: d.allowed, grants, reason: &d.reason, denial: d.denial.map(|x| x.as_str()) })
}

#[derive(Serialize)]
struct PortalOut<'a> {
    portal: &'a str,
    scopes: &'a [String],
}

#[wasm_bindgen]
impl RawEngine {
    /// The default model (with its labels), with an empty directory.
    pub fn bizagi() -> R<RawEngine> {
        Ok(RawEngine::wrap(Engine::new(default_model()?.clone())))
    }

    /// A model in its binary form, with an empty directory.
    #[wasm_bindgen(js_name = fromCompiled)]
    pub fn from_compiled(bytes: &[u8]) -> R<RawEngine> {
        ok(Engine::from_compiled(bytes)).map(RawEngine::wrap)
    }

    #[wasm_bindgen(js_name = fromSnapshot)]
    pub fn from_snapshot(bytes: &[u8]) -> R<RawEngine> {
        ok(Engine::from_snapshot(bytes)).map(RawEngine::wrap)
    }

    #[wasm_bindgen(js_name = exportSnapshot)]
    pub fn export_snapshot(&self) -> R<Vec<u8>> {
        ok(self.inner.export_snapshot())
    }

    /// Whether `compiled` is this engine's model (labels and descriptions aside).
    #[wasm_bindgen(js_name = sameModel)]
    pub fn same_model(&self, compiled: &[u8]) -> bool {
        codec::decode(compiled).is_ok_and(|m| codec::encode(&m, false) == codec::encode(self.inner.model(), false))
    }

    /// The model in its binary form.
    pub fn compiled(&self) -> Vec<u8> {
        codec::encode(self.inner.model(), true)
    }

    pub fn explain(&self, user: &str, permission: &str, scope: &str, c: u32) -> R<JsValue> {
        decision(&ok(self.inner.explain(user, permission, scope, self.ctx(c)))?)
    }

    /// The model's role ids, by number (the numbers `explainIds` gives).
    #[wasm_bindgen(js_name = roleIds)]
    pub fn role_ids(&self) -> Vec<String> {
        self.inner.model().roles.iter().map(|r| r.id.clone()).collect()
    }

    /// `explain` for numbered ids (as `checkIds`), in numbers the package puts in words for the
    /// common answers, written to this module's answer room: returns the room's byte address,
    /// where the first number is how many follow. Granted, `[1, n, (role, depth, default, k, k
    /// roles of the chain) × n]`; no role grants it, `[2, n, (role, depth) × n]` for the roles
    /// held on the path (`depth`: of the scope where each is held, on the asked scope's path);
    /// not available at the scope, `[3]` (its reason depends on the permission, the scope and
    /// the context alone); a permission of another level than the scope's, `[0]` (the package
    /// throws its own error). None (`[]`) for any other answer (or numbers out of range):
    /// `explain` writes those. The room is read before the next call into the module.
    #[wasm_bindgen(js_name = explainIds)]
    pub fn explain_ids(&self, user: u32, permission: u32, scope: u32, c: u32) -> u32 {
        ANSWER.with_borrow_mut(|out| {
            out.clear();
            out.push(0);
            self.explain_into(user, permission, scope, c, out);
            if let Some(n) = out.len().checked_sub(1).and_then(|n| u32::try_from(n).ok()) {
                if let Some(x) = out.first_mut() {
                    *x = n;
                }
            }
            out.as_ptr() as usize as u32
        })
    }

    /// Stateless mode: the user's own assignments (`[{role, scope}]` JSON) instead of a directory.
    #[wasm_bindgen(js_name = explainAssignments)]
    pub fn explain_assignments(&self, user: &str, assignments: &str, permission: &str, scope: &str, c: u32) -> R<JsValue> {
        let grants = ok(authoring::output::read_grants(assignments))?;
        decision(&ok(self.inner.explain_stateless(user, &grants, permission, scope, self.ctx(c)))?)
    }

    #[wasm_bindgen(js_name = whoCan)]
    pub fn who_can(&self, permission: &str, scope: &str, c: u32) -> R<Vec<String>> {
        ok(self.inner.who_can(permission, scope, self.ctx(c)))
    }

    pub fn portals(&self, user: &str, c: u32) -> R<JsValue> {
        let list = self.inner.portals(user, self.ctx(c));
        to_js(&list.iter().map(|p| PortalOut { portal: &p.portal, scopes: &p.scopes }).collect::<Vec<_>>())
    }

    #[wasm_bindgen(js_name = canAssign)]
    pub fn can_assign(&self, actor: &str, role: &str, scope: &str, target: &str, c: u32) -> R<JsValue> {
        decision(&ok(self.inner.can_assign(actor, role, scope, target, self.ctx(c)))?)
    }

    pub fn assign(&mut self, user: &str, role: &str, scope: &str, actor: Option<String>) -> R<bool> {
        ok(match actor {
            Some(a) => self.inner.assign_as(&a, user, role, scope),
            None => self.inner.assign(user, role, scope),
        })
    }

    pub fn revoke(&mut self, user: &str, role: &str, scope: &str, actor: Option<String>) -> R<bool> {
        ok(match actor {
            Some(a) => self.inner.revoke_as(&a, user, role, scope),
            None => self.inner.revoke(user, role, scope),
        })
    }

    #[wasm_bindgen(js_name = createScope)]
    pub fn create_scope(&mut self, actor: &str, path: &str) -> R<()> {
        ok(self.inner.create_scope(actor, path))
    }

    #[wasm_bindgen(js_name = removeScope)]
    pub fn remove_scope(&mut self, actor: &str, path: &str) -> R<()> {
        ok(self.inner.remove_scope(actor, path))
    }

    #[wasm_bindgen(js_name = addMember)]
    pub fn add_member(&mut self, scope: &str, user: &str, actor: Option<String>) -> R<bool> {
        ok(match actor {
            Some(a) => self.inner.add_member_as(&a, scope, user),
            None => self.inner.add_member(scope, user),
        })
    }

    #[wasm_bindgen(js_name = removeMember)]
    pub fn remove_member(&mut self, scope: &str, user: &str, actor: Option<String>) -> R<bool> {
        ok(match actor {
            Some(a) => self.inner.remove_member_as(&a, scope, user),
            None => self.inner.remove_member(scope, user),
        })
    }

    /// Applies a batch of changes (`[{op, ...}]`, checked with paths) all or none; returns the
    /// ones that changed something.
    pub fn apply(&mut self, changes: JsValue, actor: Option<String>) -> R<JsValue> {
        let value: serde_json::Value = serde_wasm_bindgen::from_value(changes)
            .map_err(|e| js_error(&Error::new(Code::InvalidArgument, format!("the changes are not a JSON document: {e}"))))?;
        let batch = ok(authoring::read::changes_from_value(value))?;
        let done = ok(self.inner.apply(&batch, actor.as_deref()))?;
        to_js(&done.into_iter().map(authoring::doc::ChangeDoc::from).collect::<Vec<_>>())
    }

    /// Replaces the directory with one read from JSON text by the Rust reader (the package reads
    /// documents itself; this one is the reference its tests compare it with).
    #[wasm_bindgen(js_name = loadDirectory)]
    pub fn load_directory(&mut self, directory: &str) -> R<()> {
        ok(authoring::directory::load(self.inner.model(), directory)).map(|d| self.inner.set_directory(d))
    }

    /// The directory in the general form, as JSON text (the package parses it: for a large
    /// directory, one text and `JSON.parse` are faster than building the object across).
    #[wasm_bindgen(js_name = exportDirectory)]
    pub fn export_directory(&self) -> R<String> {
        ok(authoring::output::export_directory_json(&self.inner))
    }
}

/// Talc instead of the standard library's dlmalloc: a few kilobytes smaller and faster; a failed
/// allocation still returns null, so `try_reserve` (which every large structure grows by) fails
/// instead of trapping. A large memory grows by half its size at least (`grow.rs`).
#[global_allocator]
static ALLOCATOR: grow::Allocator = grow::allocator();
