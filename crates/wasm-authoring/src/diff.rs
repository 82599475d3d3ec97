//! `diff` for the package's `Engine.diff`: two models in their binary form (absent: the default
//! model), a directory as JSON text (absent: the answer per role and level) and a context as
//! JSON text; the answer goes out as a JavaScript object.

use crate::answer::{ok, R};
use crate::{model, to_js};
use rolecascade_authoring::diff::diff_any;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn diff(before: Option<Vec<u8>>, after: Option<Vec<u8>>, directory: Option<String>, context: Option<String>) -> R<JsValue> {
    let (b, a) = (model(before)?, model(after)?);
    to_js(&ok(diff_any(&b, &a, directory.as_deref(), context.as_deref()))?)
}
