//! The runtime's WebAssembly binding: converts and forwards, nothing more. Strings and numbers
//! in; numbers, bit words and JSON text out; errors become real JavaScript `Error`s with `code`
//! (and `path`). The package's `js/engine.mjs` is the public `Engine`: it interns ids in JS maps
//! so that the hot `check` crosses with three numbers, and answers `view().has()` without
//! crossing. No serde here: a structured answer is a few fields written as JSON text, which V8
//! parses faster than wasm-bindgen could build the object field by field.
#![cfg(target_arch = "wasm32")]
#![forbid(unsafe_code)]

use rolecascade_runtime::context::Context;
use rolecascade_runtime::error::Error;
use rolecascade_runtime::json::{Obj, ToJson};
use rolecascade_runtime::Engine;
use wasm_bindgen::prelude::*;

/// The default model, compiled at build time (build.rs).
static DEFAULT_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bizagi.rcm"));

fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code.as_str().into());
    if let Some(p) = &e.path {
        let _ = js_sys::Reflect::set(&err, &"path".into(), &p.as_str().into());
    }
    err.into()
}

type R<T> = Result<T, JsValue>;

fn ok<T>(r: rolecascade_runtime::Result<T>) -> R<T> {
    r.map_err(|e| js_error(&e))
}

#[wasm_bindgen]
pub struct RawEngine {
    inner: Engine,
}

#[wasm_bindgen]
impl RawEngine {
    /// The default model, with an empty directory.
    pub fn bizagi() -> R<RawEngine> {
        Self::from_compiled(DEFAULT_MODEL)
    }

    /// A model in its binary form, with an empty directory.
    #[wasm_bindgen(js_name = fromCompiled)]
    pub fn from_compiled(bytes: &[u8]) -> R<RawEngine> {
        ok(Engine::from_compiled(bytes)).map(|inner| RawEngine { inner })
    }

    #[wasm_bindgen(js_name = fromSnapshot)]
    pub fn from_snapshot(bytes: &[u8]) -> R<RawEngine> {
        ok(Engine::from_snapshot(bytes)).map(|inner| RawEngine { inner })
    }

    #[wasm_bindgen(js_name = exportSnapshot)]
    pub fn export_snapshot(&self) -> R<Vec<u8>> {
        ok(self.inner.export_snapshot())
    }

    /// Whether `bytes` more can be allocated now. The package asks before handing a large
    /// document over: wasm-bindgen's own allocation of an argument cannot fail without a trap,
    /// and the memory this one took is reused for the argument.
    #[wasm_bindgen(js_name = hasRoom)]
    pub fn has_room(bytes: usize) -> bool {
        let mut probe: Vec<u8> = Vec::new();
        probe.try_reserve_exact(bytes).is_ok()
    }

    fn ctx(&self, context: Option<String>) -> R<Option<Context>> {
        match context {
            None => Ok(None),
            Some(text) => ok(self.inner.context_json(&text)).map(Some),
        }
    }

    /// The model's permissions in bit order: `[{id, depth}]` (`depth` null for level-free ones),
    /// and `sorted`, the bit positions in id order; its scoped levels; its name.
    #[wasm_bindgen(js_name = modelInfo)]
    pub fn model_info(&self) -> String {
        let m = self.inner.model();
        struct Perm<'a>(&'a str, Option<usize>);
        impl ToJson for Perm<'_> {
            fn write_json(&self, out: &mut String) {
                Obj::new(out).field("id", &self.0).field("depth", &self.1).end();
            }
        }
        let permissions: Vec<Perm> = m.perm_ids().map(|p| Perm(m.perm_id(p), m.perm_depth(p))).collect();
        let sorted: Vec<usize> = m.by_id.iter().map(|p| p.index()).collect();
        let levels: Vec<&str> = m.chain.iter().filter_map(|&l| m.level(l)).map(|l| l.id.as_str()).collect();
        let mut out = String::new();
        Obj::new(&mut out).field("name", &m.name).field("permissions", &permissions).field("sorted", &sorted).field("levels", &levels).end();
        out
    }

    /// Whether the model is the embedded default one (the authoring module has its labels).
    #[wasm_bindgen(js_name = isDefault)]
    pub fn is_default(&self) -> bool {
        rolecascade_runtime::codec::encode(self.inner.model(), false) == DEFAULT_MODEL
    }

    /// The model in its binary form (the authoring module describes it from these).
    pub fn compiled(&self) -> Vec<u8> {
        rolecascade_runtime::codec::encode(self.inner.model(), true)
    }

    /// The user's number, or -1 when unknown.
    #[wasm_bindgen(js_name = userId)]
    pub fn user_id(&self, user: &str) -> i32 {
        self.inner.directory().find_user(user).map_or(-1, |u| u.number() as i32)
    }

    /// The scope's number, or -1 when unknown.
    #[wasm_bindgen(js_name = scopeId)]
    pub fn scope_id(&self, scope: &str) -> i32 {
        self.inner.directory().find_scope(scope).map_or(-1, |s| s.number() as i32)
    }

    /// The scope's depth, or -1 when unknown.
    #[wasm_bindgen(js_name = scopeDepth)]
    pub fn scope_depth(&self, scope: &str) -> i32 {
        let d = self.inner.directory();
        d.find_scope(scope).and_then(|s| d.scope(s)).map_or(-1, |s| s.depth as i32)
    }

    /// The hot path: 1 allowed, 0 denied, -1 an error (the caller asks again by strings to get
    /// it). Numbers are checked here, once: a stale or foreign number denies.
    #[wasm_bindgen(js_name = checkIds)]
    pub fn check_ids(&self, user: u32, permission: u32, scope: u32) -> i32 {
        let (d, m) = (self.inner.directory(), self.inner.model());
        let (Some(u), Some(p), Some(s)) = (d.user_at(user), m.perm_at(permission), d.scope_at(scope)) else {
            return if m.perm_at(permission).is_some() { 0 } else { -1 };
        };
        match self.inner.check_ids(u, p, s, None) {
            Ok(true) => 1,
            Ok(false) => 0,
            Err(_) => -1,
        }
    }

    pub fn check(&self, user: &str, permission: &str, scope: &str, context: Option<String>) -> R<bool> {
        let ctx = self.ctx(context)?;
        ok(self.inner.check(user, permission, scope, ctx.as_ref()))
    }

    pub fn explain(&self, user: &str, permission: &str, scope: &str, context: Option<String>) -> R<String> {
        let ctx = self.ctx(context)?;
        Ok(ok(self.inner.explain(user, permission, scope, ctx.as_ref()))?.to_json())
    }

    /// `holding` by numbers, for the view of a user and scope the wrapper has already met.
    #[wasm_bindgen(js_name = holdingIds)]
    pub fn holding_ids(&self, user: u32, scope: u32) -> Vec<u32> {
        let (d, m) = (self.inner.directory(), self.inner.model());
        let bits = match (d.user_at(user), d.scope_at(scope)) {
            (Some(u), Some(s)) => self.inner.holding_ids(u, s, None),
            _ => Default::default(),
        };
        bits.to_u32s(m.perms.len())
    }

    /// The permissions held, as bit words (32 bits each, low bit first).
    pub fn holding(&self, user: &str, scope: &str, context: Option<String>) -> R<Vec<u32>> {
        let ctx = self.ctx(context)?;
        Ok(self.inner.holding(user, scope, ctx.as_ref()).to_u32s(self.inner.model().perms.len()))
    }

    #[wasm_bindgen(js_name = whoCan)]
    pub fn who_can(&self, permission: &str, scope: &str, context: Option<String>) -> R<String> {
        let ctx = self.ctx(context)?;
        Ok(ok(self.inner.who_can(permission, scope, ctx.as_ref()))?.to_json())
    }

    pub fn portals(&self, user: &str, context: Option<String>) -> R<String> {
        let ctx = self.ctx(context)?;
        Ok(self.inner.portals(user, ctx.as_ref()).to_json())
    }

    #[wasm_bindgen(js_name = canAssign)]
    pub fn can_assign(&self, actor: &str, role: &str, scope: &str, target: &str, context: Option<String>) -> R<String> {
        let ctx = self.ctx(context)?;
        Ok(ok(self.inner.can_assign(actor, role, scope, target, ctx.as_ref()))?.to_json())
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

    #[wasm_bindgen(js_name = loadDirectory)]
    pub fn load_directory(&mut self, directory: &str) -> R<()> {
        ok(self.inner.load_directory_json(directory))
    }

    /// Stateless mode: the user's own assignments (`[{role, scope}]` JSON) instead of a directory.
    #[wasm_bindgen(js_name = explainAssignments)]
    pub fn explain_assignments(&self, user: &str, assignments: &str, permission: &str, scope: &str, context: Option<String>) -> R<String> {
        let ctx = self.ctx(context)?;
        let grants = ok(rolecascade_runtime::stateless::read_grants(assignments))?;
        Ok(ok(self.inner.explain_stateless(user, &grants, permission, scope, ctx.as_ref()))?.to_json())
    }

    #[wasm_bindgen(js_name = exportDirectory)]
    pub fn export_directory(&self) -> R<String> {
        ok(self.inner.export_directory_json())
    }
}
