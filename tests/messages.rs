//! Messages are safe to show: every id in every error message and decision reason is escaped, so
//! that no input can break a line, reorder text with a bidirectional override or hide part of
//! itself in a log or a page.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use rolecascade::stateless::Grant;
use rolecascade::{Context, Engine};

/// Characters a message must never carry raw.
fn unsafe_char(c: char) -> bool {
    rolecascade::error::hidden(c)
}

const HOSTILE: &[&str] = &["a\nb", "x\u{202e}y", "z\u{200b}w", "q\r\t\u{7}", "acme/automation\u{2066}", "\u{feff}ana@acme.test"];

fn directory() -> String {
    // Directory ids may hold invisible formatting characters (only control characters are
    // refused there), so users and scopes named with them are in the directory.
    serde_json::json!({
        "companies": [{
            "id": "acme",
            "users": ["ana@acme.test", "bo\u{202e}@acme.test", "\u{200b}cy@acme.test"],
            "subscriptions": [{ "service": "automation", "users": ["ana@acme.test", "bo\u{202e}@acme.test", "\u{200b}cy@acme.test"],
                "projects": [{ "id": "cl\u{202e}aims", "environments": ["production"] }] }]
        }],
        "assignments": [
            { "user": "ana@acme.test", "role": "subscription-owner", "scope": "acme/automation" },
            { "user": "bo\u{202e}@acme.test", "role": "environment-basic", "scope": "acme/automation/cl\u{202e}aims/production" }
        ]
    })
    .to_string()
}

#[track_caller]
fn safe(what: &str, text: &str) {
    assert!(!text.chars().any(unsafe_char), "{what} carries a raw control or invisible character: {text:?}");
}

fn texts_of<T>(what: &str, r: rolecascade::Result<T>, out: &mut Vec<(String, String)>) {
    if let Err(e) = r {
        out.push((format!("{what}: error"), e.message));
    }
}

#[test]
fn every_message_escapes_every_id() {
    let mut e = Engine::bizagi(Some(&directory())).unwrap();
    let env = "acme/automation/cl\u{202e}aims/production";
    let project = "acme/automation/cl\u{202e}aims";
    let mut texts: Vec<(String, String)> = Vec::new();
    let known_users = ["ana@acme.test", "bo\u{202e}@acme.test", "\u{200b}cy@acme.test"];
    let mut ids: Vec<&str> = HOSTILE.to_vec();
    ids.extend(known_users);
    for &h in &ids {
        for (p, s) in [("mc.track", env), ("mc.connect", env), ("project.read", project), ("portal.customer-portal", h), ("project.read", h)] {
            match e.explain(h, p, s, None) {
                Ok(d) => texts.push((format!("explain {h:?} {p} {s:?}"), d.reason)),
                Err(err) => texts.push((format!("explain {h:?} {p} {s:?}: error"), err.message)),
            }
        }
        texts_of("check unknown permission", e.check("ana@acme.test", h, env, None), &mut texts);
        texts_of("check level", e.check(h, "company.users.read", env, None), &mut texts);
        for (r, s) in [("environment-basic", env), ("project-contributor", project), (h, env), ("company-admin", h), ("project-owner", env)] {
            match e.can_assign(h, r, s, h, None) {
                Ok(d) => texts.push((format!("canAssign {h:?} {r:?} {s:?}"), d.reason)),
                Err(err) => texts.push((format!("canAssign {h:?} {r:?} {s:?}: error"), err.message)),
            }
            match e.can_assign("ana@acme.test", r, s, h, None) {
                Ok(d) => texts.push((format!("canAssign ana {r:?} {s:?} {h:?}"), d.reason)),
                Err(err) => texts.push((format!("canAssign ana {r:?} {s:?} {h:?}: error"), err.message)),
            }
            let mut copy = e.clone();
            texts_of("assign", copy.assign(h, r, s), &mut texts);
            texts_of("assign as", copy.assign_as(h, "ana@acme.test", r, s), &mut texts);
            texts_of("revoke as", copy.revoke_as(h, "bo\u{202e}@acme.test", r, s), &mut texts);
        }
        let mut copy = e.clone();
        texts_of("create as", copy.create_scope(h, &format!("acme/automation/{h}")), &mut texts);
        texts_of("create path", copy.create_scope("ana@acme.test", &format!("acme/automation/{h}/x")), &mut texts);
        texts_of("create company", copy.create_scope("ana@acme.test", h), &mut texts);
        texts_of("remove", copy.remove_scope(h, env), &mut texts);
        texts_of("remove unknown", copy.remove_scope("ana@acme.test", h), &mut texts);
        texts_of("add member", copy.add_member(project, h), &mut texts);
        texts_of("add member as", copy.add_member_as(h, "acme/automation", "ana@acme.test"), &mut texts);
        texts_of("add member to", copy.add_member_as("ana@acme.test", h, "x"), &mut texts);
        texts_of("remove member as", copy.remove_member_as(h, "acme", "ana@acme.test"), &mut texts);
        texts_of("who can", e.who_can(h, env, None), &mut texts);
        texts_of("label", e.role_label(h, None), &mut texts);
        // A context value and an undeclared key are what a request sends.
        let ctx = Context::from_pairs(e.model(), [("customerPortalVersion", Some(h)), ("launchedFrom", Some(h))]);
        for (u, p, s) in [("ana@acme.test", "portal.work-portal", project), ("ana@acme.test", "subscription.read", "acme/automation")] {
            let d = e.explain(u, p, s, Some(&ctx)).unwrap();
            texts.push((format!("explain with context {h:?}"), d.reason));
        }
        // Stateless mode: everything comes from a token.
        let grants = [Grant { role: h.to_string(), scope: env.to_string() }, Grant { role: "environment-basic".into(), scope: h.to_string() }];
        for (p, s) in [("mc.track", env), ("mc.track", h), (h, env)] {
            match e.explain_stateless(h, &grants, p, s, None) {
                Ok(d) => texts.push((format!("stateless {h:?} {p:?} {s:?}"), d.reason)),
                Err(err) => texts.push((format!("stateless {h:?} {p:?} {s:?}: error"), err.message)),
            }
        }
        // Documents: the path names the element, the message names the id.
        let bad = serde_json::json!({ "scopes": ["acme", format!("acme/{h}")], "assignments": [{ "user": h, "role": h, "scope": h }] }).to_string();
        texts_of("load", e.load_directory_json(&bad), &mut texts);
        let model = serde_json::json!({ "levels": [{ "id": h }], "permissions": [], "roles": [] }).to_string();
        texts_of("model", Engine::from_model_json(&model, None), &mut texts);
        let model = serde_json::json!({ "levels": [{ "id": "org" }], "permissions": [{ "id": "p", "level": h }], "roles": [{ "id": "r", "level": "org", "grants": [h], "inherits": [h] }] }).to_string();
        texts_of("model refs", Engine::from_model_json(&model, None), &mut texts);
    }
    assert!(texts.len() > 300, "only {} messages were collected", texts.len());
    for (what, text) in &texts {
        safe(what, text);
    }
    // The escaped ids are still there to read.
    let d = e.explain("bo\u{202e}@acme.test", "mc.connect", env, None).unwrap();
    assert!(d.reason.contains("bo\\u{202e}@acme.test") && d.reason.contains("cl\\u{202e}aims"), "{}", d.reason);
}

/// Model values (condition literals, an attribute's allowed values) are data too: messages show
/// them escaped, as ids.
#[test]
fn model_values_are_escaped_in_messages() {
    let hostile = "st\u{202e}udio\n";
    let model = serde_json::json!({
        "levels": [
            { "id": "org" },
            { "id": "team", "parent": "org", "attributes": { "kind": { "from": "segment", "values": ["core", hostile] } } }
        ],
        "permissions": [
            { "id": "team.read", "level": "team", "when": { "attr": "kind", "eq": hostile } },
            { "id": "team.edit", "level": "team", "when": { "attr": "kind", "in": ["x", hostile] } },
            { "id": "team.run", "level": "team", "when": { "attr": "kind", "notIn": ["core", "y\u{200b}"] } }
        ],
        "roles": [
            { "id": "member", "level": "team", "grants": ["team.read", "team.edit", "team.run"], "inherits": [] },
            { "id": "lead", "level": "team", "grants": [], "inherits": [], "when": { "attr": "kind", "ne": hostile }, "assignRequires": "team.read" }
        ]
    })
    .to_string();
    let dir = r#"{"scopes": ["o", "o/core"], "assignments": [{"user": "ana", "role": "member", "scope": "o/core"}]}"#;
    let mut e = Engine::from_model_json(&model, Some(dir)).unwrap();
    let mut texts: Vec<(String, String)> = Vec::new();
    for p in ["team.read", "team.edit", "team.run"] {
        texts.push((format!("explain {p}"), e.explain("ana", p, "o/core", None).unwrap().reason));
    }
    let d = e.can_assign("ana", "lead", "o/core", "bo", None).unwrap();
    texts.push(("canAssign".into(), d.reason));
    texts_of("load", e.load_directory_json(r#"{"scopes": ["o", "o/other"]}"#), &mut texts);
    let err = Engine::from_model_json(&model, Some(r#"{"scopes": ["o", "o/other"]}"#)).err().unwrap();
    texts.push(("load values".into(), err.message.clone()));
    assert!(err.message.contains("st\\u{202e}udio\\n"), "{}", err.message);
    for (what, text) in &texts {
        safe(what, text);
    }
    assert!(texts[0].1.contains("kind = st\\u{202e}udio\\n"), "{}", texts[0].1);
    assert!(texts[1].1.contains("kind in [x, st\\u{202e}udio\\n]"), "{}", texts[1].1);
}
