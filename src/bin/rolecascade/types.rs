//! `rolecascade types model.json [-o model.d.ts] [--import-from rolecascade]`: a TypeScript
//! declaration of the model's ids as string-literal unions and the engine typed by them, so that
//! a misspelt permission or role is a compile error with an autocomplete list:
//!
//! ```ts
//! import { Engine } from "rolecascade";
//! import type { Ids } from "./model.d.ts";
//! const engine = Engine.fromModel<Ids>(model);
//! engine.view(user, scope).has("team.raed"); // error: not one of the model's permissions
//! ```
//!
//! The package ships this file for its default model, which types the engine of the default
//! model's constructor.

use crate::{read, write, Args, Failure};
use rolecascade::{authoring, codec, Model};
use std::path::{Path, PathBuf};

pub fn run(mut args: Args) -> Result<(), Failure> {
    let out = args.value(&["-o", "--output"])?.map(PathBuf::from);
    let from = match args.value(&["--import-from"])? {
        None => "rolecascade".to_string(),
        Some(s) => s.into_string().map_err(|_| Failure::usage("--import-from must be UTF-8"))?,
    };
    let input = args.one("the model file")?;
    let model = load(&input)?;
    let text = declarations(&model, &input, &from);
    match out {
        Some(out) => write(&out, text.as_bytes()),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// A model document, or a compiled model (recognised by its first bytes).
fn load(input: &Path) -> Result<Model, Failure> {
    let bytes = read(input)?;
    if bytes.starts_with(b"RCM") {
        return codec::decode(&bytes).map_err(|e| Failure::engine(input, e));
    }
    let text = String::from_utf8(bytes).map_err(|_| Failure {
        code: "invalid_json",
        message: "the model is neither UTF-8 text nor a compiled model".into(),
        file: Some(input.to_path_buf()),
        path: None,
    })?;
    authoring::compile_json(&text).map_err(|e| Failure::engine(input, e))
}

/// A TypeScript string literal: a JSON one, which escapes every control, line-breaking and
/// invisible formatting character (`json::quote`).
fn literal(s: &str) -> String {
    rolecascade::json::quote(s)
}

/// `export type Name = | "a" | "b";` (sorted, each once), or `never` for none.
fn union(out: &mut String, doc: &str, name: &str, ids: impl Iterator<Item = String>) {
    let mut ids: Vec<String> = ids.collect();
    ids.sort();
    ids.dedup();
    out.push_str(&format!("/** {doc} */\nexport type {name} =\n"));
    if ids.is_empty() {
        out.push_str("  never;\n\n");
        return;
    }
    for (i, id) in ids.iter().enumerate() {
        out.push_str("  | ");
        out.push_str(&literal(id));
        out.push_str(if i + 1 == ids.len() { ";\n\n" } else { "\n" });
    }
}

/// A comment line: no `*/` can close the comment early, no line break can start code.
fn comment(s: &str) -> String {
    s.replace("*/", "*\\/").chars().map(|c| if c.is_control() || c == '\u{2028}' || c == '\u{2029}' { ' ' } else { c }).collect()
}

/// The declaration file.
pub fn declarations(model: &Model, input: &Path, from: &str) -> String {
    let file = input.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let mut out = String::new();
    out.push_str(&format!(
        "// The ids of the model '{}' ({}), written by `rolecascade types`: run it again when the\n\
         // model changes. `Engine.fromModel<Ids>(model)` or `Engine.fromCompiled<Ids>(bytes)`\n\
         // gives an engine that refuses, at compile time, an id the model does not have.\n",
        comment(&model.name),
        comment(&file)
    ));
    out.push_str(&format!(
        "import type {{ Engine as AnyEngine, PermissionView as AnyView, Decision as AnyDecision, Context as AnyContext }} from {};\n\n",
        literal(from)
    ));
    union(&mut out, "Every permission id of the model.", "Permission", model.perms.iter().map(|p| p.id.clone()));
    union(&mut out, "Every role id of the model.", "Role", model.roles.iter().map(|r| r.id.clone()));
    union(&mut out, "Every level id of the model.", "Level", model.levels.iter().map(|l| l.id.clone()));
    union(&mut out, "The request context keys the model's conditions read.", "ContextKey", model.context_keys.iter().map(|k| k.name.clone()));
    out.push_str(
        "/** The model's ids, for `Engine<Ids>`. */\n\
         export interface Ids {\n  permission: Permission;\n  role: Role;\n  level: Level;\n  context: ContextKey;\n}\n\n\
         /** An engine on this model. */\n\
         export interface Engine extends AnyEngine<Ids> {}\n\
         /** What a user holds at a scope, as `engine.view()` returns it. */\n\
         export type PermissionView = AnyView<Permission>;\n\
         export type Decision = AnyDecision<Ids>;\n\
         export type Context = AnyContext<ContextKey>;\n",
    );
    out
}
