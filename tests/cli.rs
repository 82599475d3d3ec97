//! The `rolecascade` command, run as built: `compile` writes a model that `from_compiled` loads
//! with the same answers as the document, corrupt or other-version bytes are refused with
//! `invalid_model`, `types` writes every id; failures print their code and path, exit status 2.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use rolecascade::{Context, Engine};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_rolecascade");

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("the rolecascade binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Compiles `model` (JSON text) with the command; returns the bytes.
fn compile(name: &str, model: &str, strip: bool) -> Vec<u8> {
    let input = tmp(&format!("{name}.json"));
    let out = tmp(&format!("{name}{}.rcm", if strip { "-stripped" } else { "" }));
    std::fs::write(&input, model).unwrap();
    let mut args = vec!["compile", input.to_str().unwrap(), "-o", out.to_str().unwrap()];
    if strip {
        args.push("--strip");
    }
    let o = run(&args);
    assert!(o.status.success(), "compile {name}: {}", stderr(&o));
    std::fs::read(out).unwrap()
}

/// Models with the directories of the vector files that use them (each file's own model).
fn models_with_directories() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("tests/vectors").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if file.get("loadError").is_some() {
            continue;
        }
        let model = match &file["model"] {
            Value::String(name) => std::fs::read_to_string(format!("models/{name}.json")).unwrap(),
            Value::Null => rolecascade::DEFAULT_MODEL.to_string(),
            m => m.to_string(),
        };
        let directory = match &file["directory"] {
            Value::Null => continue,
            d => d.to_string(),
        };
        out.push((path.file_stem().unwrap().to_string_lossy().into_owned(), model, directory));
    }
    assert!(out.len() >= 5, "vector files with directories: {}", out.len());
    out
}

/// Every question about every user, permission and scope, asked of both engines.
fn same_answers(name: &str, a: &Engine, b: &Engine) -> usize {
    let dir: Value = serde_json::from_str(&rolecascade::json::ToJson::to_json(&a.export_directory())).unwrap();
    let scopes: Vec<&str> = dir["scopes"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    let mut users: Vec<&str> = dir["assignments"].as_array().unwrap().iter().map(|x| x["user"].as_str().unwrap()).collect();
    users.extend(dir["members"].as_object().unwrap().values().flat_map(|v| v.as_array().unwrap().iter().map(|u| u.as_str().unwrap())));
    users.push("nobody@unknown.test");
    users.sort_unstable();
    users.dedup();
    let model = a.model();
    let perms: Vec<&str> = model.perm_ids().map(|p| model.perm_id(p)).collect();
    let roles: Vec<&str> = model.role_ids().map(|r| model.role_id(r)).collect();
    let contexts: Vec<Option<Context>> = std::iter::once(None)
        .chain(model.context_keys.iter().map(|k| Some(Context::from_pairs(model, [(k.name.as_str(), Some("0"))]))))
        .collect();
    let mut asked = 0;
    for ctx in &contexts {
        let ctx = ctx.as_ref();
        for &s in &scopes {
            for &p in &perms {
                assert_eq!(format!("{:?}", a.who_can(p, s, ctx)), format!("{:?}", b.who_can(p, s, ctx)), "{name}: whoCan {p} {s}");
            }
            for &u in &users {
                assert_eq!(a.permissions(u, s, ctx), b.permissions(u, s, ctx), "{name}: permissions {u} {s}");
                for &p in &perms {
                    assert_eq!(format!("{:?}", a.explain(u, p, s, ctx)), format!("{:?}", b.explain(u, p, s, ctx)), "{name}: explain {u} {p} {s}");
                    asked += 1;
                }
                for &r in &roles {
                    assert_eq!(format!("{:?}", a.can_assign(u, r, s, u, ctx)), format!("{:?}", b.can_assign(u, r, s, u, ctx)), "{name}: canAssign {u} {r} {s}");
                }
            }
        }
        for &u in &users {
            assert_eq!(format!("{:?}", a.portals(u, ctx)), format!("{:?}", b.portals(u, ctx)), "{name}: portals {u}");
        }
    }
    asked
}

#[test]
fn compiled_models_answer_as_their_documents() {
    let mut asked = 0;
    for (name, model, directory) in models_with_directories() {
        let from_doc = Engine::from_model_json(&model, Some(&directory)).unwrap();
        for strip in [false, true] {
            let bytes = compile(&name, &model, strip);
            let compiled = Engine::from_compiled(&bytes, Some(&directory)).unwrap();
            asked += same_answers(&name, &from_doc, &compiled);
            // Labels and descriptions are kept unless stripped: the engines then describe alike.
            if !strip {
                assert_eq!(from_doc.describe(), compiled.describe(), "{name}: describe");
                assert_eq!(from_doc.roles(), compiled.roles(), "{name}: roles");
            }
        }
    }
    assert!(asked > 10_000, "only {asked} questions asked");
}

#[test]
fn stripping_leaves_labels_out() {
    let full = compile("bizagi-labels", rolecascade::DEFAULT_MODEL, false);
    let stripped = compile("bizagi-labels", rolecascade::DEFAULT_MODEL, true);
    assert!(stripped.len() < full.len(), "{} vs {}", stripped.len(), full.len());
    let label = |bytes: &[u8]| Engine::from_compiled(bytes, None).unwrap().roles().into_iter().find(|r| r.id == "company-admin").unwrap().label;
    assert_eq!(label(&full), "Company Administrator");
    assert_ne!(label(&stripped), "Company Administrator");
}

#[test]
fn corrupt_and_other_version_bytes_are_refused() {
    let good = compile("bizagi-corrupt", rolecascade::DEFAULT_MODEL, false);
    let refused = |bytes: &[u8], what: &str| {
        let err = Engine::from_compiled(bytes, None).expect_err(what);
        assert_eq!(err.code.as_str(), "invalid_model", "{what}: {err}");
        err.message
    };
    // Another format version (the two bytes after the magic), older or newer.
    for version in [0u16, 2, 0xffff] {
        let mut b = good.clone();
        b[4..6].copy_from_slice(&version.to_le_bytes());
        let message = refused(&b, "another version");
        assert!(message.contains("format version") && message.contains("compile the model again"), "{message}");
    }
    // A byte changed anywhere, truncated, extended, empty, or not a compiled model at all.
    for i in (4..good.len()).step_by(7) {
        let mut b = good.clone();
        b[i] ^= 0x5a;
        refused(&b, &format!("byte {i} changed"));
    }
    for n in [0, 3, 11, 12, good.len() / 2, good.len() - 1] {
        refused(&good[..n], &format!("truncated to {n}"));
    }
    let mut longer = good.clone();
    longer.push(0);
    refused(&longer, "a byte added");
    refused(rolecascade::DEFAULT_MODEL.as_bytes(), "model JSON");
    assert!(Engine::from_compiled(&good, None).is_ok());
}

#[test]
fn compile_errors_name_the_code_the_file_and_the_path() {
    let bad = tmp("bad-model.json");
    std::fs::write(&bad, r#"{"levels": [{"id": "org"}], "permissions": [], "roles": [{"id": "r", "level": "org", "inherits": ["ghost"]}]}"#).unwrap();
    let out = tmp("bad-model.rcm");
    let o = run(&["compile", bad.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad-model.json: unknown_role at roles[0].inherits[0]: unknown role 'ghost'"), "{err}");
    assert!(!out.exists(), "nothing written for a refused model");

    std::fs::write(&bad, r#"{"levels": [{"id": "org", "colour": "red"}], "permissions": [], "roles": []}"#).unwrap();
    let err = stderr(&run(&["compile", bad.to_str().unwrap(), "-o", out.to_str().unwrap()]));
    assert!(err.contains("invalid_model at levels[0]") && err.contains("colour"), "{err}");

    std::fs::write(&bad, "{").unwrap();
    let o = run(&["types", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid_json"), "{}", stderr(&o));

    let missing = tmp("no-such-model.json");
    let o = run(&["compile", missing.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-model.json: io_error"), "{}", stderr(&o));
}

#[test]
fn command_lines_it_does_not_understand_print_the_usage() {
    for args in [&[][..], &["frobnicate"], &["compile", "models/bizagi.json"], &["compile", "-o", "x.rcm"], &["types"], &["types", "a.json", "b.json"], &["types", "models/bizagi.json", "--frob"], &["compile", "models/bizagi.json", "-o"]] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.starts_with("rolecascade: invalid_argument: ") && err.contains("usage:\n  rolecascade compile"), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    let o = run(&["help"]);
    assert!(o.status.success() && String::from_utf8_lossy(&o.stdout).contains("rolecascade types model.json"));
}

#[test]
fn types_lists_every_id_of_the_model() {
    let o = run(&["types", "models/bizagi.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let e = Engine::bizagi(None).unwrap();
    let m = e.model();
    for id in m.perm_ids().map(|p| m.perm_id(p)).chain(m.role_ids().map(|r| m.role_id(r))) {
        assert!(text.contains(&format!("  | \"{id}\"")), "{id} missing");
    }
    for section in ["export type Permission =", "export type Role =", "export type Level =", "export type ContextKey =", "export interface Ids {", "export interface Engine extends AnyEngine<Ids> {}"] {
        assert!(text.contains(section), "{section} missing:\n{text}");
    }
    assert!(text.contains("  | \"customerPortalVersion\"\n  | \"launchedFrom\";"), "{text}");
    assert!(text.contains("from \"rolecascade\";"));
    // The compiled form gives the same ids; -o writes the file; the import can be renamed.
    let rcm = compile("bizagi-types", rolecascade::DEFAULT_MODEL, true);
    let rcm_path = tmp("bizagi-types.rcm");
    std::fs::write(&rcm_path, rcm).unwrap();
    let out = tmp("bizagi.d.ts");
    let o = run(&["types", rcm_path.to_str().unwrap(), "-o", out.to_str().unwrap(), "--import-from", "../rolecascade.js"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let from_rcm = std::fs::read_to_string(out).unwrap();
    assert!(from_rcm.contains("from \"../rolecascade.js\";"));
    let body = |t: &str| t.split_once("\n\n").unwrap().1.to_string();
    assert_eq!(body(&from_rcm), body(&text));
}

#[test]
fn types_writes_any_id_as_a_valid_literal() {
    let model = r#"{"name": "odd */ name", "levels": [{"id": "org"}],
        "permissions": [{"id": "say\"hi\"", "level": "org"}, {"id": "back\\slash", "level": "org"}, {"id": "café", "level": "org"}],
        "roles": [{"id": "r", "level": "org", "grants": ["say\"hi\""]}]}"#;
    let input = tmp("odd.json");
    std::fs::write(&input, model).unwrap();
    let o = run(&["types", input.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains(r#"  | "say\"hi\"""#), "{text}");
    assert!(text.contains(r#"  | "back\\slash""#), "{text}");
    assert!(text.contains(r#"  | "café""#), "{text}");
    assert!(text.contains("odd *\\/ name"), "{text}");
    assert!(text.contains("export type ContextKey =\n  never;"), "{text}");
}
