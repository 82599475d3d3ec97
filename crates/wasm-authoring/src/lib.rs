//! The authoring crate's WebAssembly binding, a module of its own that a page fetches only when
//! it needs it (compiling a model, describing one): converts and forwards, nothing more. Models
//! come as JSON text or as JavaScript objects, read through a `serde_json::Value` so that unknown
//! fields are refused exactly as in text (serde-wasm-bindgen alone reads only a struct's known
//! fields); answers go out as JavaScript objects through serde-wasm-bindgen.
#![cfg(target_arch = "wasm32")]
#![forbid(unsafe_code)]

use rolecascade_authoring as authoring;
use rolecascade_runtime::codec;
use rolecascade_runtime::error::{Code, Error};
use rolecascade_runtime::{Engine, Model};
use serde::Serialize;
use std::sync::OnceLock;
use wasm_bindgen::prelude::*;

/// The default model's document (the runtime module carries it compiled, without labels).
const DEFAULT_MODEL: &str = include_str!("../../../models/bizagi.json");

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
