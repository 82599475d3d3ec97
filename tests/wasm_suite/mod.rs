//! The wasm test cases, shared by the Node (`tests/wasm.rs`) and browser
//! (`tests/wasm_browser.rs`) suites.
#![allow(clippy::unwrap_used, clippy::panic)]
use crate::common;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn decision_vectors_in_wasm() {
    let (cases, failures) = common::run_all();
    assert!(cases > 0, "no vector cases found");
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[wasm_bindgen_test]
fn errors_leave_the_engine_usable() {
    let mut e = rolecascade::Engine::bizagi(None).unwrap();
    for bad in ["", "{", "[]", "{\"companies\": 3}", "{\"scopes\": [\"a/b\"]}", "\u{0}"] {
        assert!(e.load_directory_json(bad).is_err());
    }
    assert!(e.check("nobody", "portal.support", "acme", None).is_ok());
}
