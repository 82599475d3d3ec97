//! The WebAssembly binding: converts and forwards, nothing more. Strings in, JSON text or plain
//! numbers out; errors become real JavaScript `Error`s with `code` (and `path`). The JavaScript
//! wrapper in `js/engine.mjs` is the public `Engine`: it interns ids in JS maps so that the hot
//! `check` crosses into wasm with three numbers, and evaluates `view().has()` without crossing.

use crate::context::Context;
use crate::engine::Engine;
use crate::error::Error;
use crate::json::{Obj, ToJson};
use wasm_bindgen::prelude::*;

fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code.as_str().into());
    if let Some(p) = &e.path {
        let _ = js_sys::Reflect::set(&err, &"path".into(), &p.as_str().into());
    }
    err.into()
}

fn to_json<T: ToJson + ?Sized>(v: &T) -> Result<String, JsValue> {
    Ok(v.to_json())
}

type R<T> = Result<T, JsValue>;

#[wasm_bindgen]
pub struct RawEngine {
    inner: Engine,
}

#[wasm_bindgen]
impl RawEngine {
    pub fn bizagi(directory: Option<String>) -> R<RawEngine> {
        Engine::bizagi(directory.as_deref()).map(|inner| RawEngine { inner }).map_err(|e| js_error(&e))
    }

    /// Whether `bytes` more can be allocated now. The package asks before handing a large
    /// document over: wasm-bindgen's own allocation of an argument cannot fail without a trap,
    /// and the memory this one took is reused for the argument.
    #[wasm_bindgen(js_name = hasRoom)]
    pub fn has_room(bytes: usize) -> bool {
        let mut probe: Vec<u8> = Vec::new();
        probe.try_reserve_exact(bytes).is_ok()
    }

    #[wasm_bindgen(js_name = fromModel)]
    pub fn from_model(model: &str, directory: Option<String>) -> R<RawEngine> {
        Engine::from_model_json(model, directory.as_deref()).map(|inner| RawEngine { inner }).map_err(|e| js_error(&e))
    }

    fn ctx(&self, context: Option<String>) -> R<Option<Context>> {
        match context {
            None => Ok(None),
            Some(text) => self.inner.context_json(&text).map(Some).map_err(|e| js_error(&e)),
        }
    }

    /// The model's permissions in bit order: `[{id, depth}]` (`depth` null for level-free ones),
    /// and `sorted`, the bit positions in id order.
    #[wasm_bindgen(js_name = modelInfo)]
    pub fn model_info(&self) -> R<String> {
        let m = self.inner.model();
        struct Perm<'a>(&'a str, Option<usize>);
        impl ToJson for Perm<'_> {
            fn write_json(&self, out: &mut String) {
                Obj::new(out).field("id", &self.0).field("depth", &self.1).end();
            }
        }
        let permissions: Vec<Perm> = m.perms.iter().enumerate().map(|(i, p)| Perm(&p.id, m.perm_depth(i))).collect();
        let sorted = &m.by_id;
        let levels: Vec<&str> = m.chain.iter().filter_map(|&l| m.levels.get(l)).map(|l| l.id.as_str()).collect();
        let mut out = String::new();
        Obj::new(&mut out).field("name", &m.name).field("permissions", &permissions).field("sorted", &sorted).field("levels", &levels).end();
        Ok(out)
    }

    /// The user's number, or -1 when unknown.
    #[wasm_bindgen(js_name = userId)]
    pub fn user_id(&self, user: &str) -> i32 {
        self.inner.directory().find_user(user).map_or(-1, |u| u as i32)
    }

    /// The scope's number, or -1 when unknown.
    #[wasm_bindgen(js_name = scopeId)]
    pub fn scope_id(&self, scope: &str) -> i32 {
        self.inner.directory().find_scope(scope).map_or(-1, |s| s as i32)
    }

    /// The scope's depth, or -1 when unknown.
    #[wasm_bindgen(js_name = scopeDepth)]
    pub fn scope_depth(&self, scope: &str) -> i32 {
        let d = self.inner.directory();
        d.find_scope(scope).and_then(|s| d.scope(s)).map_or(-1, |s| s.depth as i32)
    }

    /// The hot path: 1 allowed, 0 denied, -1 an error (the caller asks again by strings to get it).
    #[wasm_bindgen(js_name = checkIds)]
    pub fn check_ids(&self, user: u32, permission: u32, scope: u32) -> i32 {
        match self.inner.check_ids(user, permission as usize, scope, None) {
            Ok(true) => 1,
            Ok(false) => 0,
            Err(_) => -1,
        }
    }

    pub fn check(&self, user: &str, permission: &str, scope: &str, context: Option<String>) -> R<bool> {
        let ctx = self.ctx(context)?;
        self.inner.check(user, permission, scope, ctx.as_ref()).map_err(|e| js_error(&e))
    }

    pub fn explain(&self, user: &str, permission: &str, scope: &str, context: Option<String>) -> R<String> {
        let ctx = self.ctx(context)?;
        to_json(&self.inner.explain(user, permission, scope, ctx.as_ref()).map_err(|e| js_error(&e))?)
    }

    /// `holding` by numbers, for the view of a user and scope the wrapper has already met.
    #[wasm_bindgen(js_name = holdingIds)]
    pub fn holding_ids(&self, user: u32, scope: u32) -> Vec<u32> {
        self.inner.holding_ids(user, scope, None).to_u32s(self.inner.model().perms.len())
    }

    /// The permissions held, as bit words (32 bits each, low bit first).
    pub fn holding(&self, user: &str, scope: &str, context: Option<String>) -> R<Vec<u32>> {
        let ctx = self.ctx(context)?;
        Ok(self.inner.holding(user, scope, ctx.as_ref()).to_u32s(self.inner.model().perms.len()))
    }

    #[wasm_bindgen(js_name = whoCan)]
    pub fn who_can(&self, permission: &str, scope: &str, context: Option<String>) -> R<String> {
        let ctx = self.ctx(context)?;
        to_json(&self.inner.who_can(permission, scope, ctx.as_ref()).map_err(|e| js_error(&e))?)
    }

    pub fn portals(&self, user: &str, context: Option<String>) -> R<String> {
        let ctx = self.ctx(context)?;
        to_json(&self.inner.portals(user, ctx.as_ref()))
    }

    #[wasm_bindgen(js_name = canAssign)]
    pub fn can_assign(&self, actor: &str, role: &str, scope: &str, target: &str, context: Option<String>) -> R<String> {
        let ctx = self.ctx(context)?;
        to_json(&self.inner.can_assign(actor, role, scope, target, ctx.as_ref()).map_err(|e| js_error(&e))?)
    }

    pub fn assign(&mut self, user: &str, role: &str, scope: &str, actor: Option<String>) -> R<bool> {
        match actor {
            Some(a) => self.inner.assign_as(&a, user, role, scope),
            None => self.inner.assign(user, role, scope),
        }
        .map_err(|e| js_error(&e))
    }

    pub fn revoke(&mut self, user: &str, role: &str, scope: &str, actor: Option<String>) -> R<bool> {
        match actor {
            Some(a) => self.inner.revoke_as(&a, user, role, scope),
            None => self.inner.revoke(user, role, scope),
        }
        .map_err(|e| js_error(&e))
    }

    #[wasm_bindgen(js_name = createScope)]
    pub fn create_scope(&mut self, actor: &str, path: &str) -> R<()> {
        self.inner.create_scope(actor, path).map_err(|e| js_error(&e))
    }

    #[wasm_bindgen(js_name = addMember)]
    pub fn add_member(&mut self, scope: &str, user: &str, actor: Option<String>) -> R<bool> {
        match actor {
            Some(a) => self.inner.add_member_as(&a, scope, user),
            None => self.inner.add_member(scope, user),
        }
        .map_err(|e| js_error(&e))
    }

    #[wasm_bindgen(js_name = removeMember)]
    pub fn remove_member(&mut self, scope: &str, user: &str, actor: Option<String>) -> R<bool> {
        match actor {
            Some(a) => self.inner.remove_member_as(&a, scope, user),
            None => self.inner.remove_member(scope, user),
        }
        .map_err(|e| js_error(&e))
    }

    #[wasm_bindgen(js_name = removeScope)]
    pub fn remove_scope(&mut self, actor: &str, path: &str) -> R<()> {
        self.inner.remove_scope(actor, path).map_err(|e| js_error(&e))
    }

    #[wasm_bindgen(js_name = loadDirectory)]
    pub fn load_directory(&mut self, directory: &str) -> R<()> {
        self.inner.load_directory_json(directory).map_err(|e| js_error(&e))
    }

    /// Stateless mode: the user's own assignments (`[{role, scope}]` JSON) instead of a directory.
    #[wasm_bindgen(js_name = explainAssignments)]
    pub fn explain_assignments(&self, user: &str, assignments: &str, permission: &str, scope: &str, context: Option<String>) -> R<String> {
        let ctx = self.ctx(context)?;
        let grants = crate::stateless::read_grants(assignments).map_err(|e| js_error(&e))?;
        to_json(&self.inner.explain_stateless(user, &grants, permission, scope, ctx.as_ref()).map_err(|e| js_error(&e))?)
    }

    #[wasm_bindgen(js_name = roleLabel)]
    pub fn role_label(&self, role: &str, scope: Option<String>) -> R<String> {
        self.inner.role_label(role, scope.as_deref()).map_err(|e| js_error(&e))
    }

    pub fn roles(&self) -> R<String> {
        to_json(&self.inner.roles())
    }

    pub fn describe(&self) -> R<String> {
        to_json(&self.inner.describe())
    }

    pub fn matrix(&self) -> R<String> {
        to_json(&self.inner.matrix())
    }

    #[wasm_bindgen(js_name = exportDirectory)]
    pub fn export_directory(&self) -> R<String> {
        self.inner.export_directory_json().map_err(|e| js_error(&e))
    }
}
