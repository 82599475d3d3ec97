//! The files generated from the document types (crates/authoring/src/schema.rs) are up to date:
//! `models/model.schema.json`, `models/directory.schema.json`, `js/documents.d.ts`. With
//! `UPDATE_GENERATED=1` the test writes them instead. And the general form's serde type accepts
//! and refuses what the directory readers do, on every directory of the decision vectors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
use rolecascade_authoring::schema;
use std::path::Path;

fn up_to_date(path: &str, want: &str) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&file, want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(have == want, "{path} is out of date: run `UPDATE_GENERATED=1 cargo test --test generated`");
}

#[test]
fn the_model_schema_is_generated() {
    up_to_date("models/model.schema.json", &schema::model_schema());
}

#[test]
fn the_directory_schema_is_generated() {
    up_to_date("models/directory.schema.json", &schema::directory_schema());
}

#[test]
fn the_typescript_declarations_are_generated() {
    up_to_date("js/documents.d.ts", &schema::typescript());
}

#[test]
fn every_shipped_model_is_valid_against_the_generated_schema_shape() {
    // The schema's top level lists exactly the model document's fields.
    let s: serde_json::Value = serde_json::from_str(&schema::model_schema()).unwrap();
    let props: Vec<&String> = s["properties"].as_object().unwrap().keys().collect();
    for f in ["levels", "permissions", "roles", "groups", "context"] {
        assert!(props.iter().any(|p| *p == f), "{f} missing from the schema");
    }
    assert_eq!(s["additionalProperties"], serde_json::Value::Bool(false));
}

fn model_of(v: &serde_json::Value) -> rolecascade_runtime::Model {
    let text = match &v["model"] {
        serde_json::Value::String(name) => std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("models").join(format!("{name}.json"))).unwrap(),
        serde_json::Value::Object(_) => v["model"].to_string(),
        _ => include_str!("../models/bizagi.json").to_string(),
    };
    rolecascade_authoring::compile_json(&text).unwrap()
}

#[test]
fn the_general_form_type_agrees_with_the_readers() {
    use rolecascade_runtime::error::Code;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let (mut seen, mut refused) = (0, 0);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let m = model_of(&v);
        let mut docs: Vec<serde_json::Value> = vec![v["directory"].clone()];
        for c in v["cases"].as_array().into_iter().flatten() {
            if c["op"] == "loadDirectory" {
                docs.push(c["directory"].clone());
            }
        }
        for d in docs {
            // General-form documents only (the nested form's keys come from the model).
            let Some(o) = d.as_object() else { continue };
            if !o.contains_key("scopes") {
                continue;
            }
            let text = d.to_string();
            let serde_ok = serde_json::from_value::<rolecascade_authoring::DirectoryDoc>(d.clone()).is_ok();
            let read = rolecascade_authoring::directory::load(&m, &text);
            let shape = matches!(&read, Err(e) if e.code == Code::InvalidDirectory
                && ["unknown field", "missing field", "expected"].iter().any(|p| e.message.starts_with(p)));
            if read.is_ok() {
                assert!(serde_ok, "serde refuses a document the reader takes: {text}");
            }
            if shape {
                assert!(!serde_ok, "serde takes a document the reader refuses for its shape: {text}");
                refused += 1;
            }
            seen += 1;
        }
    }
    assert!(seen > 5 && refused > 0, "{seen} general-form documents, {refused} refused for their shape");
}
