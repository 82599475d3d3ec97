//! One case per error code (and per kind of model mistake), each asserting the code and the path
//! to the offending element. Query-time and directory errors are also in
//! `tests/vectors/errors.json`, which runs in wasm and against the package too.
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use rolecascade::{Engine, Error};
use serde_json::{json, Value};

/// CONTRACT.md's smallest model, grown by the tests below.
fn minimal() -> Value {
    json!({
        "levels": [{ "id": "org" }, { "id": "team", "parent": "org", "membership": "team" }],
        "permissions": [{ "id": "team.read", "level": "team" }, { "id": "org.read", "level": "org" }],
        "roles": [{ "id": "member", "level": "team", "grants": ["team.read"], "inherits": [] }]
    })
}

fn load(model: &Value, directory: Option<&Value>) -> Result<Engine, Error> {
    let d = directory.map(Value::to_string);
    Engine::from_model_json(&model.to_string(), d.as_deref())
}

#[track_caller]
fn refused(r: Result<Engine, Error>, code: &str, path: &str) {
    match r {
        Ok(_) => panic!("expected {code} at {path}, but it loaded"),
        Err(e) => {
            assert_eq!(e.code.as_str(), code, "{e:?}");
            assert_eq!(e.path.as_deref().unwrap_or(""), path, "{e:?}");
            assert!(!e.message.is_empty() && !e.message.ends_with('.'), "message style: {:?}", e.message);
        }
    }
}

/// The minimal model with `f` applied to it.
fn with(f: impl FnOnce(&mut Value)) -> Value {
    let mut m = minimal();
    f(&mut m);
    m
}

#[test]
fn invalid_json() {
    refused(Engine::from_model_json("{\"levels\": [", None), "invalid_json", "");
    refused(Engine::from_model_json(&minimal().to_string(), Some("{]")), "invalid_json", "");
}

#[test]
fn invalid_model_shapes() {
    // An unknown field, anywhere.
    refused(load(&with(|m| m["roles"][0]["colour"] = json!("red")), None), "invalid_model", "roles[0].colour");
    refused(load(&with(|m| m["extra"] = json!(1)), None), "invalid_model", "extra");
    // A wrong type.
    refused(load(&with(|m| m["roles"][0]["grants"] = json!("team.read")), None), "invalid_model", "roles[0].grants");
    // Duplicate ids.
    refused(
        load(&with(|m| m["permissions"].as_array_mut().unwrap().push(json!({"id": "team.read", "level": "team"}))), None),
        "invalid_model",
        "permissions[2].id",
    );
    refused(
        load(&with(|m| m["levels"].as_array_mut().unwrap().push(json!({"id": "team", "parent": "org"}))), None),
        "invalid_model",
        "levels[2].id",
    );
    // A nested key that is a field of every directory.
    for key in ["scopes", "members", "assignments"] {
        refused(load(&with(|m| m["levels"][0]["nested"] = json!({ "key": key })), None), "invalid_model", "levels[0].nested.key");
    }
    // An unknown level, for a permission and for a level's parent.
    refused(load(&with(|m| m["permissions"][0]["level"] = json!("galaxy")), None), "invalid_model", "permissions[0].level");
    refused(load(&with(|m| m["levels"][1]["parent"] = json!("galaxy")), None), "invalid_model", "levels[1].parent");
    // Levels that do not form a tree: two roots, or a cycle.
    refused(load(&with(|m| m["levels"][1] = json!({"id": "team"})), None), "invalid_model", "levels[1]");
    refused(
        load(&with(|m| m["levels"] = json!([{"id": "org", "parent": "team"}, {"id": "team", "parent": "org"}])), None),
        "invalid_model",
        "levels[1].parent",
    );
    // A malformed condition: an unknown operator, an attribute no level defines.
    refused(
        load(&with(|m| m["permissions"][0]["when"] = json!({"context": "v", "like": "2"})), None),
        "invalid_model",
        "permissions[0].when.like",
    );
    refused(
        load(&with(|m| m["permissions"][0]["when"] = json!({"attr": "plan", "eq": "pro"})), None),
        "invalid_model",
        "permissions[0].when.attr",
    );
}

#[test]
fn unknown_ids_in_the_model() {
    refused(load(&with(|m| m["roles"][0]["grants"] = json!(["team.write"])), None), "unknown_permission", "roles[0].grants[0]");
    refused(load(&with(|m| m["roles"][0]["inherits"] = json!(["owner"])), None), "unknown_role", "roles[0].inherits[0]");
}

#[test]
fn grants_at_impossible_levels() {
    // A team role cannot grant an org permission (it would flow up), nor inherit an org role.
    refused(load(&with(|m| m["roles"][0]["grants"] = json!(["org.read"])), None), "level_mismatch", "roles[0].grants[0]");
    refused(
        load(
            &with(|m| {
                m["roles"].as_array_mut().unwrap().push(json!({"id": "boss", "level": "org", "grants": ["org.read"]}));
                m["roles"][0]["inherits"] = json!(["boss"]);
            }),
            None,
        ),
        "level_mismatch",
        "roles[0].inherits[0]",
    );
}

#[test]
fn inheritance_cycle() {
    let m = with(|m| {
        m["roles"] = json!([
            {"id": "a", "level": "team", "inherits": ["b"]},
            {"id": "b", "level": "team", "inherits": ["c"]},
            {"id": "c", "level": "team", "inherits": ["a"]}
        ]);
    });
    let e = load(&m, None).err().unwrap();
    assert_eq!(e.code.as_str(), "inheritance_cycle");
    let path = e.path.unwrap_or_default();
    assert!(path.starts_with("roles[") && path.contains(".inherits[0]"), "{path}");
    // A role inheriting itself.
    refused(load(&with(|m| m["roles"][0]["inherits"] = json!(["member"])), None), "inheritance_cycle", "roles[0].inherits[0]");
}

#[test]
fn limit_exceeded() {
    let many: Vec<Value> = (0..600).map(|i| json!({"id": format!("p{i}"), "level": "team"})).collect();
    let e = load(&with(|m| m["permissions"] = json!(many)), None).err().unwrap();
    assert_eq!(e.code.as_str(), "limit_exceeded");
    let long = "x".repeat(300);
    let e = load(&with(|m| m["roles"][0]["id"] = json!(long)), None).err().unwrap();
    assert_eq!(e.code.as_str(), "limit_exceeded");
    assert_eq!(e.path.as_deref(), Some("roles[0].id"));
}

fn directory() -> Value {
    json!({
        "scopes": ["acme", "acme/core"],
        "members": { "acme": ["ana", "bo"], "acme/core": ["ana"] },
        "assignments": [{ "user": "ana", "role": "member", "scope": "acme/core" }]
    })
}

#[test]
fn directory_errors_carry_paths() {
    let m = minimal();
    let d = |f: &dyn Fn(&mut Value)| {
        let mut d = directory();
        f(&mut d);
        d
    };
    refused(load(&m, Some(&d(&|d| d["scopes"] = json!(["acme", "acme/../x"])))), "invalid_directory", "scopes[1]");
    refused(load(&m, Some(&d(&|d| d["scopes"] = json!(["acme", "acme//x"])))), "invalid_directory", "scopes[1]");
    refused(load(&m, Some(&d(&|d| d["assignments"][0]["role"] = json!("boss")))), "unknown_role", "assignments[0]");
    refused(load(&m, Some(&d(&|d| d["assignments"][0]["scope"] = json!("acme/none")))), "unknown_scope", "assignments[0]");
    refused(load(&m, Some(&d(&|d| d["assignments"][0]["scope"] = json!("acme")))), "level_mismatch", "assignments[0]");
    refused(load(&m, Some(&d(&|d| d["assignments"][0]["user"] = json!("bo")))), "not_a_member", "assignments[0]");
    // A level whose membership names the level above keeps its member lists inside that one's.
    let nested = with(|m| m["levels"][1]["membership"] = json!("org"));
    refused(load(&nested, Some(&d(&|d| d["members"]["acme/core"] = json!(["cy"])))), "not_a_member", "members[\"acme/core\"][0]");
}

#[test]
fn query_errors() {
    let mut e = load(&minimal(), Some(&directory())).unwrap();
    let code = |r: rolecascade::Result<bool>| r.err().map(|e| e.code.as_str().to_string());
    assert_eq!(code(e.check("ana", "team.nope", "acme/core", None)).as_deref(), Some("unknown_permission"));
    assert_eq!(code(e.check("ana", "team.read", "acme", None)).as_deref(), Some("level_mismatch"));
    assert_eq!(code(e.assign("bo", "member", "acme/core")).as_deref(), Some("not_a_member"));
    assert_eq!(code(e.assign("ana", "boss", "acme/core")).as_deref(), Some("unknown_role"));
    assert_eq!(code(e.assign("ana", "member", "acme/none")).as_deref(), Some("unknown_scope"));
    assert_eq!(code(e.assign_as("ana", "ana", "member", "acme/core")).as_deref(), Some("not_allowed"));
    assert_eq!(e.context_json("{\"v\": 3}").err().map(|e| e.code.as_str()), Some("invalid_context"));
    // Unknown users and scopes deny rather than throw, and explain says why.
    assert_eq!(e.check("nobody", "team.read", "acme/core", None).ok(), Some(false));
    assert_eq!(e.check("ana", "team.read", "acme/none", None).ok(), Some(false));
    let d = e.explain("nobody", "team.read", "acme/core", None).unwrap();
    assert!(!d.allowed && d.reason.contains("nobody"), "{}", d.reason);
    // Nothing above changed the directory.
    assert_eq!(e.who_can("team.read", "acme/core", None).unwrap(), vec!["ana".to_string()]);
}

#[test]
fn messages_show_ids_escaped() {
    use rolecascade::error::shown;
    assert_eq!(shown("plain id@x.test/é").to_string(), "plain id@x.test/é");
    assert_eq!(shown("a'b\"c\\d").to_string(), "a\\'b\\\"c\\\\d");
    assert_eq!(shown("line\nbreak\ttab\u{7}").to_string(), "line\\nbreak\\ttab\\u{7}");
    // Invisible formatting characters cannot reorder or hide text in a message.
    assert_eq!(shown("admin\u{202e}txt.exe\u{200b}").to_string(), "admin\\u{202e}txt.exe\\u{200b}");
    let e = load(&minimal(), Some(&directory())).unwrap();
    let err = e.check("ana", "team.read\u{202e}x", "acme/core", None).unwrap_err();
    assert_eq!(err.message, "unknown permission 'team.read\\u{202e}x'");
}

#[test]
fn level_rules_are_checked() {
    let rule = |level: usize, key: &str, v: Value| with(move |m| m["levels"][level][key] = v);
    // The root's scopes come only from a loaded directory.
    refused(load(&rule(0, "create", json!({ "requires": "org.read" })), None), "invalid_model", "levels[0].create");
    // A rule is false or an object naming a permission.
    refused(load(&rule(1, "create", json!(true)), None), "invalid_model", "levels[1].create");
    refused(load(&rule(1, "create", json!({ "creatorRole": "member" })), None), "invalid_model", "levels[1].create");
    refused(load(&rule(1, "remove", json!({ "requires": "org.read", "by": "x" })), None), "invalid_model", "levels[1].remove.by");
    refused(load(&rule(1, "create", json!({ "requires": "org.nope" })), None), "unknown_permission", "levels[1].create.requires");
    // Creation is decided above the new scope; the other actions at it or above.
    refused(load(&rule(1, "create", json!({ "requires": "team.read" })), None), "level_mismatch", "levels[1].create.requires");
    refused(load(&rule(0, "addMember", json!({ "requires": "team.read" })), None), "level_mismatch", "levels[0].addMember.requires");
    refused(load(&rule(1, "create", json!({ "requires": "org.read", "creatorRole": "nobody" })), None), "unknown_role", "levels[1].create.creatorRole");
    let org_role = with(|m| {
        m["roles"].as_array_mut().unwrap().push(json!({ "id": "boss", "level": "org", "grants": ["org.read"] }));
        m["levels"][1]["create"] = json!({ "requires": "org.read", "creatorRole": "boss" });
    });
    refused(load(&org_role, None), "level_mismatch", "levels[1].create.creatorRole");
    // An unscoped level has no scopes to act on.
    let unscoped = with(|m| {
        m["levels"].as_array_mut().unwrap().push(json!({ "id": "seat", "parent": "org", "scoped": false, "addMember": { "requires": "org.read" } }));
    });
    refused(load(&unscoped, None), "invalid_model", "levels[2].addMember");
    // Valid rules load: false, and permissions at or above.
    for (level, key, v) in [
        (0, "create", json!(false)),
        (1, "create", json!({ "requires": "org.read", "creatorRole": "member", "creatorJoins": true })),
        (1, "remove", json!({ "requires": "team.read" })),
        (0, "remove", json!({ "requires": "org.read" })),
        (1, "removeMember", json!({ "requires": "org.read" })),
    ] {
        assert!(load(&rule(level, key, v.clone()), None).is_ok(), "{key} {v}");
    }
}
