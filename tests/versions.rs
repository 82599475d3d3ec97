//! Version conditions compare dotted numbers part by part, missing parts as 0, and fail closed
//! on anything that is not a version.
#![allow(clippy::unwrap_used)]

use rolecascade::{Context, Engine};

fn engine() -> Engine {
    let model = r#"{"levels": [{"id": "org"}],
        "permissions": [{"id": "beta", "level": "org", "when": {"context": "v", "versionGte": "2.0.1"}},
                        {"id": "old", "level": "org", "when": {"context": "v", "versionLt": "2.0"}}],
        "roles": [{"id": "m", "level": "org", "grants": ["beta", "old"]}],
        "context": {"v": {"default": "2.0.3"}}}"#;
    Engine::from_model_json(model, Some(r#"{"scopes": ["o"], "members": {"o": ["u"]}, "assignments": [{"user": "u", "role": "m", "scope": "o"}]}"#)).unwrap()
}

#[test]
fn dotted_versions() {
    let e = engine();
    let at = |v: &str, p: &str| e.check("u", p, "o", Some(&Context::from_pairs(e.model(), [("v", Some(v))]))).unwrap();
    for (v, beta, old) in [
        ("2.0.1", true, false),
        ("2.0.10", true, false),
        ("2.0.9", true, false),
        ("2.0.0", false, false),
        ("2", false, false),
        ("2.0", false, false),
        ("2.0.1.0", true, false),
        ("2.0.0.1", false, false),
        ("10", true, false),
        ("1.99.99", false, true),
        ("02.0.1", true, false),
        // Not versions: every version test fails, whichever way it points.
        ("", false, false),
        ("2..1", false, false),
        ("2.0.1-beta", false, false),
        ("v2", false, false),
        ("99999999999999999999999", false, false),
    ] {
        assert_eq!((at(v, "beta"), at(v, "old")), (beta, old), "version {v:?}");
    }
    // The default applies when the call gives none.
    assert!(e.check("u", "beta", "o", None).unwrap());
}
