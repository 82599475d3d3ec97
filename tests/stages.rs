//! Environment stages follow the service (the default model's environment level has a `when`):
//! Studio projects have a `development` environment, Automation projects `testing`, `staging` and
//! `production`, Modeler models none; AI and BI projects, which the role model says nothing
//! about, may have any stage. A scope its level's `when` rules out is refused wherever scopes
//! come from (a document, `createScope` with or without an actor), and nothing changes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use rolecascade::Engine;
use serde_json::json;

const SERVICES: [&str; 5] = ["automation", "studio", "modeler", "ai", "bi"];
const STAGES: [&str; 4] = ["development", "testing", "staging", "production"];

fn allowed(service: &str, stage: &str) -> bool {
    match service {
        "studio" => stage == "development",
        "automation" => stage != "development",
        "modeler" => false,
        _ => true,
    }
}

fn directory(scopes: &[String]) -> String {
    json!({ "scopes": scopes, "members": {}, "assignments": [] }).to_string()
}

fn base() -> Vec<String> {
    let mut scopes = vec!["acme".to_string()];
    for s in SERVICES {
        scopes.push(format!("acme/{s}"));
        scopes.push(format!("acme/{s}/p"));
    }
    scopes
}

#[test]
fn a_document_holds_only_the_stages_of_its_service() {
    for service in SERVICES {
        for stage in STAGES {
            let mut scopes = base();
            scopes.push(format!("acme/{service}/p/{stage}"));
            let got = Engine::bizagi(Some(&directory(&scopes)));
            if allowed(service, stage) {
                got.unwrap_or_else(|e| panic!("{service}/{stage}: {e}"));
            } else {
                let e = got.err().unwrap_or_else(|| panic!("{service}/{stage} was accepted"));
                assert_eq!(e.code.as_str(), "invalid_directory", "{service}/{stage}: {e}");
                assert_eq!(e.path.as_deref(), Some("scopes[11]"), "{service}/{stage}: {e}");
                assert!(e.message.contains(&format!("rules out kind = {}, service = {service}, stage = {stage}", if service == "modeler" { "model" } else { "project" })), "{service}/{stage}: {}", e.message);
            }
        }
    }
}

#[test]
fn the_nested_form_too() {
    let doc = json!({ "companies": [{ "id": "acme", "subscriptions": [
        { "service": "studio", "projects": [{ "id": "portal", "environments": ["development", "production"] }] }
    ] }] });
    let Err(e) = Engine::bizagi(Some(&doc.to_string())) else { panic!("a studio production environment was accepted") };
    assert_eq!(e.code.as_str(), "invalid_directory");
    assert_eq!(e.path.as_deref(), Some("companies[0].subscriptions[0].projects[0].environments[1]"));
}

#[test]
fn create_scope_refuses_a_stage_of_another_service_and_changes_nothing() {
    let mut e = Engine::bizagi(Some(&directory(&base()))).unwrap();
    let before = e.export_directory_json().unwrap();
    for (service, stage) in [("studio", "production"), ("automation", "development"), ("modeler", "testing")] {
        let path = format!("acme/{service}/p/{stage}");
        let err = e.insert_scope(&path).err().unwrap_or_else(|| panic!("{path} was created"));
        assert_eq!(err.code.as_str(), "invalid_directory", "{path}: {err}");
        assert_eq!(e.export_directory_json().unwrap(), before, "{path}: the directory changed");
    }
    for (service, stage) in [("studio", "development"), ("automation", "production"), ("ai", "development"), ("bi", "staging")] {
        let path = format!("acme/{service}/p/{stage}");
        assert!(e.insert_scope(&path).unwrap(), "{path}");
    }
}

#[test]
fn stateless_mode_says_why_a_scope_of_the_wrong_stage_is_unknown() {
    use rolecascade::stateless::Grant;
    let e = Engine::bizagi(None).unwrap();
    let grants = [Grant { role: "subscription-owner".into(), scope: "acme/studio".into() }];
    let d = e.explain_stateless("so", &grants, "mc.track", "acme/studio/p/production", None).unwrap();
    assert!(!d.allowed);
    assert_eq!(d.denial, Some(rolecascade::explain::Denial::UnknownScope));
    assert!(d.reason.contains("'acme/studio/p/production' is not a valid environment"), "{}", d.reason);
    // The environment of its stage is known, and granted.
    let d = e.explain_stateless("so", &grants, "mc.track", "acme/studio/p/development", None).unwrap();
    assert!(d.allowed, "{}", d.reason);
    // The first scope the model refuses, from the root, is the one named.
    let d = e.explain_stateless("so", &grants, "mc.track", "acme/mining/p/production", None).unwrap();
    assert!(d.reason.contains("'acme/mining'"), "{}", d.reason);
}
