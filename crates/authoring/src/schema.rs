//! The JSON Schema of the model and directory documents and their TypeScript declarations, both
//! generated from the serde types of `doc` (through schemars), so that a field is written once:
//! in its Rust type, with its doc comment. `models/model.schema.json`,
//! `models/directory.schema.json` and `js/documents.d.ts` are these functions' output, kept up to
//! date by `tests/generated.rs` (`UPDATE_GENERATED=1 cargo test --test generated` rewrites them).

use crate::doc::{ChangeDoc, DirectoryDoc, ModelDoc};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::{Map, Value};

fn schema_of<T: JsonSchema>(named: Option<(&str, &str, &str)>) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema: Schema = generator.into_root_schema_for::<T>();
    let mut v = schema.to_value();
    if let (Some(o), Some((id, title, description))) = (v.as_object_mut(), named) {
        o.insert("$id".into(), Value::from(format!("https://rolecascade.dev/{id}")));
        o.insert("title".into(), Value::from(title));
        o.insert("description".into(), Value::from(description));
    }
    v
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// The model document's JSON Schema (draft 2020-12), as text.
pub fn model_schema() -> String {
    pretty(&schema_of::<ModelDoc>(Some((
        "model.schema.json",
        "rolecascade model",
        "A role model: levels (a chain of scope levels, plus unscoped levels hanging off them), permissions, roles, exclusive groups and request context keys.",
    ))))
}

/// The directory document's JSON Schema (the general form; a model's nested form has the keys
/// its levels name), as text.
pub fn directory_schema() -> String {
    pretty(&schema_of::<DirectoryDoc>(Some((
        "directory.schema.json",
        "rolecascade directory",
        "A directory (tenant data) in the general form: scopes by path, the users of each scope, and role assignments.",
    ))))
}

/// TypeScript declarations of the model and directory documents (`Model`, `Directory` and the
/// types they use), from the same schemas.
pub fn typescript() -> String {
    let mut out = String::from(
        "// Generated from the Rust document types (crates/authoring/src/doc.rs) by\n\
         // crates/authoring/src/schema.rs: do not edit; run `UPDATE_GENERATED=1 cargo test --test generated`.\n\n",
    );
    let mut names: Vec<String> = Vec::new();
    for (root, v) in [("Model", schema_of::<ModelDoc>(None)), ("Directory", schema_of::<DirectoryDoc>(None)), ("Change", schema_of::<ChangeDoc>(None))] {
        let mut defs: Vec<(String, Value)> = v.get("$defs").and_then(Value::as_object).map(|d| d.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default();
        defs.sort_by(|a, b| a.0.cmp(&b.0));
        declare(&mut out, root, &v);
        for (name, def) in defs {
            let name = ts_name(&name);
            if !names.contains(&name) {
                declare(&mut out, &name, &def);
                names.push(name);
            }
        }
    }
    out
}

/// A schema's `$defs` name as a TypeScript name (`RoleDoc` → `Role`, `Rule_GateDoc` → `Rule<Gate>`
/// is written out as `RuleGate`).
fn ts_name(name: &str) -> String {
    name.replace("Doc", "").replace('_', "")
}

fn doc_comment(out: &mut String, indent: &str, v: &Value) {
    if let Some(d) = v.get("description").and_then(Value::as_str).filter(|d| !d.is_empty()) {
        out.push_str(indent);
        out.push_str("/** ");
        out.push_str(&d.replace("*/", "* /").replace('\n', &format!("\n{indent} * ")));
        out.push_str(" */\n");
    }
}

fn declare(out: &mut String, name: &str, v: &Value) {
    doc_comment(out, "", v);
    if v.get("type").and_then(Value::as_str) == Some("object") && v.get("properties").is_some() {
        out.push_str(&format!("export interface {name} {}\n\n", object(v, "")));
    } else {
        out.push_str(&format!("export type {name} = {};\n\n", ty(v, "")));
    }
}

fn object(v: &Value, indent: &str) -> String {
    let empty = Map::new();
    let props = v.get("properties").and_then(Value::as_object).unwrap_or(&empty);
    let required: Vec<&str> = v.get("required").and_then(Value::as_array).map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let inner = format!("{indent}  ");
    let mut s = String::from("{\n");
    for (k, p) in props {
        doc_comment(&mut s, &inner, p);
        let key = if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') { k.clone() } else { serde_json::to_string(k).unwrap_or_default() };
        let opt = if required.contains(&k.as_str()) { "" } else { "?" };
        s.push_str(&format!("{inner}{key}{opt}: {};\n", ty(p, &inner)));
    }
    if let Some(extra) = v.get("additionalProperties").filter(|a| a.is_object()) {
        s.push_str(&format!("{inner}[key: string]: {};\n", ty(extra, &inner)));
    }
    s.push_str(indent);
    s.push('}');
    s
}

fn ty(v: &Value, indent: &str) -> String {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        return ts_name(r.rsplit('/').next().unwrap_or(r));
    }
    if let Some(c) = v.get("const") {
        return c.to_string();
    }
    if let Some(e) = v.get("enum").and_then(Value::as_array) {
        return e.iter().map(Value::to_string).collect::<Vec<_>>().join(" | ");
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(xs) = v.get(key).and_then(Value::as_array) {
            return xs.iter().map(|x| ty(x, indent)).collect::<Vec<_>>().join(" | ");
        }
    }
    match v.get("type") {
        Some(Value::Array(ts)) => ts.iter().map(|t| ty(&with_type(v, t), indent)).collect::<Vec<_>>().join(" | "),
        Some(Value::String(t)) => match t.as_str() {
            "string" => "string".into(),
            "boolean" => "boolean".into(),
            "integer" | "number" => "number".into(),
            "null" => "null".into(),
            "array" => {
                let item = v.get("items").map_or_else(|| "unknown".to_string(), |i| ty(i, indent));
                if item.contains(' ') { format!("({item})[]") } else { format!("{item}[]") }
            }
            "object" if v.get("properties").is_some() => object(v, indent),
            "object" => match v.get("additionalProperties") {
                Some(a) if a.is_object() => format!("{{ [key: string]: {} }}", ty(a, indent)),
                _ => "Record<string, unknown>".into(),
            },
            _ => "unknown".into(),
        },
        _ => "unknown".into(),
    }
}

fn with_type(v: &Value, t: &Value) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.insert("type".into(), t.clone());
    }
    v
}
