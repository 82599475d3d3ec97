//! The decision-vector runner, shared by the native tests (`tests/vectors.rs`) and the wasm
//! tests (`tests/wasm.rs`). Vector files are engine-neutral JSON (see tests/vectors/README.md);
//! the same files run against the npm package in `pkg-tests/`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use rolecascade::json::ToJson;
use rolecascade::{Context, Engine};
use serde_json::{json, Value};

/// Models the vector files may name.
pub fn model_text(name: &str) -> &'static str {
    match name {
        "bizagi" => rolecascade::DEFAULT_MODEL,
        "saas" => include_str!("../../models/saas.json"),
        "devhub" => include_str!("../../models/devhub.json"),
        other => panic!("unknown model name '{other}' in a vector file"),
    }
}

/// Every vector file, embedded so that the wasm tests need no file system.
pub const FILES: &[(&str, &str)] = &[
    ("smoke.json", include_str!("../vectors/smoke.json")),
    ("saas.json", include_str!("../vectors/saas.json")),
    ("errors.json", include_str!("../vectors/errors.json")),
    ("devhub.json", include_str!("../vectors/devhub.json")),
    ("rolemodel-roles.json", include_str!("../vectors/rolemodel-roles.json")),
    ("rolemodel-conditions.json", include_str!("../vectors/rolemodel-conditions.json")),
    ("rolemodel-delegation.json", include_str!("../vectors/rolemodel-delegation.json")),
    ("rolemodel-directory.json", include_str!("../vectors/rolemodel-directory.json")),
    ("rolemodel-changes.json", include_str!("../vectors/rolemodel-changes.json")),
    ("membership.json", include_str!("../vectors/membership.json")),
    ("membership-nested.json", include_str!("../vectors/membership-nested.json")),
    ("acting.json", include_str!("../vectors/acting.json")),
    ("apply.json", include_str!("../vectors/apply.json")),
];

fn s<'a>(c: &'a Value, k: &str) -> &'a str {
    c.get(k).and_then(Value::as_str).unwrap_or_else(|| panic!("case {c} needs a string '{k}'"))
}

fn engine_for(file: &Value) -> Result<Engine, rolecascade::Error> {
    let model = match &file["model"] {
        Value::String(name) => model_text(name).to_string(),
        Value::Null => model_text("bizagi").to_string(),
        other => other.to_string(),
    };
    let directory = match &file["directory"] {
        Value::Null => None,
        d => Some(d.to_string()),
    };
    Engine::from_model_json(&model, directory.as_deref())
}

fn context(e: &Engine, c: &Value) -> Option<Context> {
    c.get("context").map(|ctx| e.context_json(&ctx.to_string()).expect("context"))
}

/// Runs one case; returns a description of the mismatch, if any.
fn run_case(e: &mut Engine, c: &Value) -> Result<(), String> {
    let op = s(c, "op");
    let ctx = context(e, c);
    let ctx = ctx.as_ref();
    let result: Result<Value, rolecascade::Error> = match op {
        "check" => e.check(s(c, "user"), s(c, "permission"), s(c, "scope"), ctx).map(Value::Bool),
        "explain" => e.explain(s(c, "user"), s(c, "permission"), s(c, "scope"), ctx).map(|d| serde_json::from_str::<Value>(&d.to_json()).unwrap()),
        "permissions" => Ok(json!(e.permissions(s(c, "user"), s(c, "scope"), ctx))),
        "whoCan" => e.who_can(s(c, "permission"), s(c, "scope"), ctx).map(|v| json!(v)),
        "portals" => Ok(serde_json::from_str::<Value>(&e.portals(s(c, "user"), ctx).to_json()).unwrap()),
        "canAssign" => e.can_assign(s(c, "actor"), s(c, "role"), s(c, "scope"), s(c, "target"), ctx).map(|d| serde_json::from_str::<Value>(&d.to_json()).unwrap()),
        "assign" => match c.get("actor").and_then(Value::as_str) {
            Some(actor) => e.assign_as(actor, s(c, "user"), s(c, "role"), s(c, "scope")).map(Value::Bool),
            None => e.assign(s(c, "user"), s(c, "role"), s(c, "scope")).map(Value::Bool),
        },
        "revoke" => match c.get("actor").and_then(Value::as_str) {
            Some(actor) => e.revoke_as(actor, s(c, "user"), s(c, "role"), s(c, "scope")).map(Value::Bool),
            None => e.revoke(s(c, "user"), s(c, "role"), s(c, "scope")).map(Value::Bool),
        },
        "createScope" => e.create_scope(s(c, "actor"), s(c, "scope")).map(|()| Value::Null),
        "addMember" => match c.get("actor").and_then(Value::as_str) {
            Some(actor) => e.add_member_as(actor, s(c, "scope"), s(c, "user")).map(Value::Bool),
            None => e.add_member(s(c, "scope"), s(c, "user")).map(Value::Bool),
        },
        "removeMember" => match c.get("actor").and_then(Value::as_str) {
            Some(actor) => e.remove_member_as(actor, s(c, "scope"), s(c, "user")).map(Value::Bool),
            None => e.remove_member(s(c, "scope"), s(c, "user")).map(Value::Bool),
        },
        "removeScope" => e.remove_scope(s(c, "actor"), s(c, "scope")).map(|()| Value::Null),
        "apply" => rolecascade::authoring::read::changes_from_value(c["changes"].clone())
            .and_then(|batch| e.apply(&batch, c.get("actor").and_then(Value::as_str)))
            .map(|done| json!(done.into_iter().map(rolecascade::authoring::doc::ChangeDoc::from).collect::<Vec<_>>())),
        "label" => e.role_label(s(c, "role"), c.get("scope").and_then(Value::as_str)).map(Value::String),
        "matrix" => {
            let m = e.matrix();
            let i = m.roles.iter().position(|r| r == s(c, "role")).expect("role in matrix");
            let j = m.permissions.iter().position(|p| p == s(c, "permission")).expect("permission in matrix");
            Ok(json!({ "cell": m.cells[i][j], "from": m.from[i][j] }))
        }
        "roundtrip" => {
            let exported = e.export_directory().to_json();
            let mut again = Engine::new(e.model().clone());
            again.load_directory_json(&exported).map(|()| json!(again.export_directory().to_json() == exported))
        }
        "loadDirectory" => {
            let text = c["directory"].to_string();
            e.load_directory_json(&text).map(|()| Value::Null)
        }
        other => panic!("unknown op '{other}'"),
    };
    match (result, c.get("error")) {
        (Err(err), Some(want)) => {
            if err.code.as_str() != want.as_str().unwrap_or("") {
                return Err(format!("expected error {want}, got {} ({})", err.code.as_str(), err.message));
            }
            if let Some(path) = c.get("path") {
                if err.path.as_deref() != path.as_str() {
                    return Err(format!("expected error path {path}, got {:?}", err.path));
                }
            }
            Ok(())
        }
        (Err(err), None) => Err(format!("unexpected error {}: {}", err.code.as_str(), err.message)),
        (Ok(v), Some(want)) => Err(format!("expected error {want}, got {v}")),
        (Ok(v), None) => compare(&v, c),
    }
}

/// `expect` is compared exactly, except for decisions: `{allowed, grants?, denial?,
/// reasonContains?}`, where grants are compared as a set of `{role, scope, via}`.
fn compare(got: &Value, c: &Value) -> Result<(), String> {
    let Some(want) = c.get("expect") else { return Ok(()) };
    let decision = matches!(s(c, "op"), "explain" | "canAssign");
    if !decision {
        return if got == want { Ok(()) } else { Err(format!("expected {want}, got {got}")) };
    }
    if got["allowed"] != want["allowed"] {
        return Err(format!("expected allowed={}, got {got}", want["allowed"]));
    }
    if let Some(wd) = want.get("denial") {
        if &got["denial"] != wd {
            return Err(format!("expected denial {wd}, got {got}"));
        }
    }
    if let Some(text) = want.get("reasonContains").and_then(Value::as_str) {
        if !got["reason"].as_str().unwrap_or("").contains(text) {
            return Err(format!("expected reason containing {text:?}, got {got}"));
        }
    }
    if let Some(wg) = want.get("grants").and_then(Value::as_array) {
        let key = |g: &Value| format!("{}@{}:{}", g["role"], g["scope"], g["via"]);
        let mut a: Vec<String> = got["grants"].as_array().unwrap().iter().map(key).collect();
        let mut b: Vec<String> = wg.iter().map(key).collect();
        a.sort();
        b.sort();
        if a != b {
            return Err(format!("expected grants {b:?}, got {a:?}"));
        }
    }
    Ok(())
}

/// Runs every case of one file; returns the failures.
pub fn run_file(name: &str, text: &str) -> Vec<String> {
    let file: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut failures = Vec::new();
    let mut e = match (engine_for(&file), file.get("loadError")) {
        (Ok(e), None) => e,
        (Err(err), Some(want)) if err.code.as_str() == want.as_str().unwrap_or("") => {
            if let Some(path) = file.get("loadErrorPath") {
                if err.path.as_deref() != path.as_str() {
                    failures.push(format!("{name}: load error path {:?}, expected {path}", err.path));
                }
            }
            return failures;
        }
        (r, want) => return vec![format!("{name}: loading gave {:?}, expected error {want:?}", r.err())],
    };
    for (i, c) in file["cases"].as_array().unwrap().iter().enumerate() {
        if let Err(why) = run_case(&mut e, c) {
            failures.push(format!("{name} case {i} {c}: {why}"));
        }
    }
    failures
}

pub fn run_all() -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut cases = 0;
    for (name, text) in FILES {
        let file: Value = serde_json::from_str(text).unwrap();
        cases += file["cases"].as_array().map_or(0, Vec::len);
        failures.extend(run_file(name, text));
    }
    (cases, failures)
}
