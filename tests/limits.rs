//! Every input limit is refused with its documented code, and large-but-legal inputs stay fast
//! in shape (linear work): a 10,000-role inheritance chain compiles and answers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use rolecascade::{limits, Engine};

fn model_with(levels: &str, perms: &str, roles: &str) -> String {
    format!(r#"{{"levels":{levels},"permissions":{perms},"roles":{roles}}}"#)
}

const LEVELS: &str = r#"[{"id":"org"},{"id":"team","parent":"org"}]"#;

fn code_of(r: Result<Engine, rolecascade::Error>) -> String {
    r.err().map(|e| e.code.as_str().to_string()).unwrap_or_else(|| "ok".into())
}

#[test]
fn model_size() {
    let pad = "x".repeat(limits::MAX_MODEL_BYTES);
    let text = format!(r#"{{"name":"{pad}","levels":[{{"id":"o"}}],"permissions":[],"roles":[]}}"#);
    assert_eq!(code_of(Engine::from_model_json(&text, None)), "limit_exceeded");
}

#[test]
fn json_nesting() {
    let deep = format!("{}{}", "[".repeat(limits::MAX_JSON_NESTING + 1), "]".repeat(limits::MAX_JSON_NESTING + 1));
    assert_eq!(code_of(Engine::from_model_json(&deep, None)), "invalid_json");
    let e = Engine::bizagi(None).unwrap();
    let mut e2 = e.clone();
    // Read in place, the shape is wrong before the depth is: a company is not an array.
    let err = e2.load_directory_json(&format!(r#"{{"companies":{deep}}}"#)).unwrap_err();
    assert_eq!(err.code.as_str(), "invalid_directory");
    // Skipped (members before scopes are read later), the depth is what is wrong.
    let err = e2.load_directory_json(&format!(r#"{{"members":{deep},"scopes":[]}}"#)).unwrap_err();
    assert_eq!(err.code.as_str(), "invalid_json");
    // Just inside the limit is fine as JSON (and then refused for its shape).
    let ok = format!("{}{}", "[".repeat(limits::MAX_JSON_NESTING - 2), "]".repeat(limits::MAX_JSON_NESTING - 2));
    assert_eq!(code_of(Engine::from_model_json(&format!(r#"{{"levels":{ok}}}"#), None)), "invalid_model");
}

#[test]
fn id_length_and_characters() {
    let long = "r".repeat(limits::MAX_ID_BYTES + 1);
    let roles = format!(r#"[{{"id":"{long}","level":"team"}}]"#);
    let e = Engine::from_model_json(&model_with(LEVELS, "[]", &roles), None).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_deref()), ("limit_exceeded", Some("roles[0].id")));
    let e = Engine::from_model_json(&model_with(LEVELS, r#"[{"id":"a/b","level":"team"}]"#, "[]"), None).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_deref()), ("invalid_model", Some("permissions[0].id")));
    let e = Engine::from_model_json(&model_with(LEVELS, r#"[{"id":"a\u0001","level":"team"}]"#, "[]"), None).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_model");
}

#[test]
fn permissions_and_roles_counts() {
    let perms: Vec<String> = (0..=limits::MAX_PERMISSIONS).map(|i| format!(r#"{{"id":"p{i}","level":"team"}}"#)).collect();
    let m = model_with(LEVELS, &format!("[{}]", perms.join(",")), "[]");
    assert_eq!(code_of(Engine::from_model_json(&m, None)), "limit_exceeded");
    let perms: Vec<String> = (0..limits::MAX_PERMISSIONS).map(|i| format!(r#"{{"id":"p{i}","level":"team"}}"#)).collect();
    let m = model_with(LEVELS, &format!("[{}]", perms.join(",")), r#"[{"id":"all","level":"org","grants":["*"]}]"#);
    let e = Engine::from_model_json(&m, Some(r#"{"scopes":["a","a/b"],"members":{"a":["u"]},"assignments":[{"user":"u","role":"all","scope":"a"}]}"#)).unwrap();
    assert!(e.check("u", "p511", "a/b", None).unwrap());
    assert_eq!(e.permissions("u", "a/b", None).len(), limits::MAX_PERMISSIONS);
    let roles: Vec<String> = (0..=limits::MAX_ROLES).map(|i| format!(r#"{{"id":"r{i}","level":"team"}}"#)).collect();
    assert_eq!(code_of(Engine::from_model_json(&model_with(LEVELS, "[]", &format!("[{}]", roles.join(","))), None)), "limit_exceeded");
}

#[test]
fn levels_and_depth() {
    let levels: Vec<String> = (0..=limits::MAX_DEPTH).map(|i| if i == 0 { r#"{"id":"l0"}"#.to_string() } else { format!(r#"{{"id":"l{i}","parent":"l{}"}}"#, i - 1) }).collect();
    assert_eq!(code_of(Engine::from_model_json(&model_with(&format!("[{}]", levels.join(",")), "[]", "[]"), None)), "limit_exceeded");
    // Paths deeper than the model are refused in a directory and deny in a question.
    let mut e = Engine::from_model_json(&model_with(LEVELS, r#"[{"id":"p","level":"any"}]"#, "[]"), None).unwrap();
    let err = e.load_directory_json(r#"{"scopes":["a","a/b","a/b/c"]}"#).unwrap_err();
    assert_eq!((err.code.as_str(), err.path.as_deref()), ("invalid_directory", Some("scopes[2]")));
    assert!(!e.check("u", "p", "a/b/c/d/e/f/g/h/i/j", None).unwrap());
}

#[test]
fn condition_size() {
    let mut c = r#"{"attr":"x","eq":"y"}"#.to_string();
    for _ in 0..limits::MAX_COND_NODES {
        c = format!(r#"{{"any":[{c}]}}"#);
    }
    // Nesting hits the JSON limit or the node limit first; both refuse it.
    let m = model_with(LEVELS, &format!(r#"[{{"id":"p","level":"team","when":{c}}}]"#), "[]");
    let code = code_of(Engine::from_model_json(&m, None));
    assert!(code == "limit_exceeded" || code == "invalid_json", "{code}");
    let wide: Vec<String> = (0..=limits::MAX_COND_NODES).map(|_| r#"{"attr":"x","eq":"y"}"#.to_string()).collect();
    let m = model_with(LEVELS, &format!(r#"[{{"id":"p","level":"team","when":{{"any":[{}]}}}}]"#, wide.join(",")), "[]");
    assert_eq!(code_of(Engine::from_model_json(&m, None)), "limit_exceeded");
}

#[test]
fn a_ten_thousand_role_chain_compiles_and_answers() {
    let n = 10_000;
    let roles: Vec<String> = (0..n)
        .map(|i| {
            let inherits = if i + 1 < n { format!(r#"["r{}"]"#, i + 1) } else { "[]".into() };
            let grants = if i + 1 == n { r#"["deep"]"# } else { "[]" };
            format!(r#"{{"id":"r{i}","level":"team","grants":{grants},"inherits":{inherits}}}"#)
        })
        .collect();
    let m = model_with(LEVELS, r#"[{"id":"deep","level":"team"}]"#, &format!("[{}]", roles.join(",")));
    let dir = r#"{"scopes":["a","a/b"],"members":{"a/b":["u"]},"assignments":[{"user":"u","role":"r0","scope":"a/b"}]}"#;
    let e = Engine::from_model_json(&m, Some(dir)).unwrap();
    assert!(e.check("u", "deep", "a/b", None).unwrap());
    let d = e.explain("u", "deep", "a/b", None).unwrap();
    assert_eq!(d.grants[0].via.len(), n);
    // A cycle at the end of the chain is found without recursion.
    let mut cyclic = roles.clone();
    cyclic[n - 1] = format!(r#"{{"id":"r{}","level":"team","inherits":["r0"]}}"#, n - 1);
    let m = model_with(LEVELS, r#"[{"id":"deep","level":"team"}]"#, &format!("[{}]", cyclic.join(",")));
    let err = Engine::from_model_json(&m, None).unwrap_err();
    assert_eq!(err.code.as_str(), "inheritance_cycle");
}

#[test]
fn refused_changes_change_nothing() {
    let mut e = Engine::bizagi(Some(
        r#"{"companies":[{"id":"acme","users":["a","b"],"subscriptions":[{"service":"studio","users":["a"],"projects":[{"id":"p"}]}]}],
            "assignments":[{"user":"a","role":"developer","scope":"acme/studio"}]}"#,
    ))
    .unwrap();
    let before = e.export_directory();
    assert!(e.assign("b", "developer", "acme/studio").is_err()); // not a member
    assert!(e.assign("a", "developer", "acme/nowhere").is_err());
    assert!(e.assign("a", "nope", "acme/studio").is_err());
    assert!(e.assign_as("a", "a", "project-owner", "acme/studio/p").is_err()); // self-owner
    assert!(e.create_scope("b", "acme/studio/q").is_err());
    assert!(e.add_member("acme/studio", "zed").is_err()); // not a company user
    assert!(e.load_directory_json(r#"{"scopes":["acme"],"assignments":[{"user":"x","role":"company-admin","scope":"acme"}]}"#).is_err());
    assert_eq!(e.export_directory(), before);
    assert!(e.check("a", "studio.forms", "acme/studio/p", None).is_ok());
}
