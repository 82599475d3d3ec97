//! Model diff (issue 16): the default model changed in the ways a pull request changes it
//! (a grant removed, an inheritance added, a condition changed, a role removed), the example
//! models, and the role-and-level answer without a directory. Every directory answer is also
//! checked against `check` asked one question at a time (`common/diff_oracle.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "common/diff_oracle.rs"]
mod oracle;

use rolecascade::authoring::diff::{diff as diff_text, diff_roles, RoleDiff};
use rolecascade::{Diff, DiffAnswer, Engine, DEFAULT_MODEL};
use serde_json::{json, Value};

const SAMPLE: &str = include_str!("../www/samples/bizagi.json");
const SAAS: &str = include_str!("../models/saas.json");
const SAAS_SAMPLE: &str = include_str!("../www/samples/saas.json");
const DEVHUB: &str = include_str!("../models/devhub.json");
const DEVHUB_SAMPLE: &str = include_str!("../www/samples/devhub.json");

/// A model document edited as a value.
fn edit(model: &str, f: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(model).unwrap();
    f(&mut v);
    v.to_string()
}

fn role<'a>(m: &'a mut Value, id: &str) -> &'a mut Value {
    m["roles"].as_array_mut().unwrap().iter_mut().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no role {id}"))
}

fn perm<'a>(m: &'a mut Value, id: &str) -> &'a mut Value {
    m["permissions"].as_array_mut().unwrap().iter_mut().find(|p| p["id"] == id).unwrap_or_else(|| panic!("no permission {id}"))
}

fn remove_from(list: &mut Value, item: &str) {
    list.as_array_mut().unwrap().retain(|x| x != item);
}

/// The diff over `dir`, checked against the slow answer (the directory fits both models).
fn checked(before: &str, after: &str, dir: &str, context: Option<&str>) -> Diff {
    let d = match rolecascade::diff(before, after, Some(dir), context).unwrap() {
        DiffAnswer::Directory(d) => d,
        DiffAnswer::Roles(_) => panic!("a directory was given"),
    };
    let want = oracle::expected(before, after, dir, dir, context);
    oracle::agrees(&d, &want).unwrap();
    d
}

fn roles(before: &str, after: &str) -> RoleDiff {
    match rolecascade::diff(before, after, None, None).unwrap() {
        DiffAnswer::Roles(r) => r,
        DiffAnswer::Directory(_) => panic!("no directory was given"),
    }
}

fn triples<T>(v: &[T], f: impl Fn(&T) -> (&str, &str, &str)) -> Vec<(String, String, String)> {
    v.iter().map(f).map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect()
}

#[test]
fn identical_models_change_nothing() {
    let d = checked(DEFAULT_MODEL, DEFAULT_MODEL, SAMPLE, None);
    assert!(d.gained.is_empty() && d.lost.is_empty() && d.ignored.is_empty());
    assert!(d.unchanged > 0);
    // Nothing reaches a change, so nothing is visited.
    assert_eq!((d.cost.scopes, d.cost.pairs, d.cost.classes), (0, 0, 0));
    let r = roles(DEFAULT_MODEL, DEFAULT_MODEL);
    assert!(r.gained.is_empty() && r.lost.is_empty() && r.conditions.is_empty());
    assert!(r.unchanged > 0);
}

#[test]
fn renaming_nothing_but_reordering_changes_nothing() {
    // The same model with its permissions, roles and groups listed in another order: other
    // numbers, the same answers.
    let after = edit(DEFAULT_MODEL, |m| {
        m["permissions"].as_array_mut().unwrap().reverse();
        m["roles"].as_array_mut().unwrap().reverse();
    });
    let d = checked(DEFAULT_MODEL, &after, SAMPLE, None);
    assert!(d.gained.is_empty() && d.lost.is_empty(), "{d:?}");
    assert_eq!(d.cost.scopes, 0, "reordering reaches nothing");
    let r = roles(DEFAULT_MODEL, &after);
    assert!(r.gained.is_empty() && r.lost.is_empty());
}

#[test]
fn removing_a_grant_loses_it_wherever_it_was_held() {
    let after = edit(DEFAULT_MODEL, |m| remove_from(&mut role(m, "project-owner")["grants"], "project.delete"));
    let d = checked(DEFAULT_MODEL, &after, SAMPLE, None);
    assert!(d.gained.is_empty());
    assert!(!d.lost.is_empty() && d.lost.iter().all(|l| l.permission == "project.delete"));
    // The project owner, the subscription owner above it, and the company administrator.
    let diego = d.lost.iter().find(|l| l.user == "diego@acme.test" && l.scope == "acme/automation/claims").expect("the project owner loses it");
    assert_eq!(diego.was.len(), 1);
    assert_eq!((diego.was[0].role.as_str(), diego.was[0].scope.as_str()), ("project-owner", "acme/automation/claims"));
    assert_eq!(diego.was[0].via, ["project-owner"]);
    let bruno = d.lost.iter().find(|l| l.user == "bruno@acme.test" && l.scope == "acme/automation/claims").expect("the subscription owner loses it");
    assert_eq!(bruno.was[0].via, ["subscription-owner", "project-owner"]);
    let ana = d.lost.iter().find(|l| l.user == "ana@acme.test" && l.scope == "acme/automation/claims").expect("the company administrator loses it");
    assert_eq!(ana.was[0].via, ["company-admin", "subscription-owner", "project-owner"]);
    // Only the holders of the roles that reach the change were asked.
    assert!(d.cost.pairs > 0 && d.cost.pairs < 60, "{:?}", d.cost);

    let r = roles(DEFAULT_MODEL, &after);
    assert!(r.gained.is_empty());
    let lost: Vec<(&str, &str, &str)> = r.lost.iter().map(|l| (l.role.as_str(), l.level.as_str(), l.permission.as_str())).collect();
    assert_eq!(
        lost,
        [("company-admin", "project", "project.delete"), ("project-owner", "project", "project.delete"), ("subscription-owner", "project", "project.delete")]
    );
    assert_eq!(r.lost[0].was, [["company-admin", "subscription-owner", "project-owner"]]);
}

#[test]
fn adding_an_inheritance_gains_what_the_inherited_role_grants_where_it_is_available() {
    let after = edit(DEFAULT_MODEL, |m| {
        // Contributors hold basic environment access on their projects' environments.
        role(m, "project-contributor")["inherits"] = json!(["environment-basic"]);
    });
    let d = checked(DEFAULT_MODEL, &after, SAMPLE, None);
    assert!(d.lost.is_empty());
    let elena: Vec<(String, String, String)> = triples(&d.gained, |g| (&g.user, &g.permission, &g.scope)).into_iter().filter(|t| t.0 == "elena@acme.test").collect();
    let want: Vec<(String, String, String)> = ["production", "staging", "testing"]
        .iter()
        .flat_map(|e| ["mc.track", "portal.management-console"].map(|p| ("elena@acme.test".to_string(), p.to_string(), format!("acme/automation/claims/{e}"))))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(elena, want);
    let g = d.gained.iter().find(|g| g.user == "elena@acme.test").unwrap();
    assert_eq!(g.via[0].via, ["project-contributor", "environment-basic"]);
    assert_eq!(g.via[0].scope, "acme/automation/claims");

    let r = roles(DEFAULT_MODEL, &after);
    assert!(r.lost.is_empty());
    assert!(r.gained.iter().all(|g| g.role == "project-contributor" && g.level == "environment"));
    assert_eq!(r.gained.len(), 2, "{:?}", r.gained);
}

#[test]
fn loosening_a_condition_gains_where_the_permission_now_exists() {
    // The Studio desktop application, now also in automation subscriptions.
    let after = edit(DEFAULT_MODEL, |m| perm(m, "portal.studio")["when"] = json!({ "attr": "service", "in": ["studio", "automation"] }));
    let d = checked(DEFAULT_MODEL, &after, SAMPLE, None);
    assert!(d.lost.is_empty());
    assert!(!d.gained.is_empty() && d.gained.iter().all(|g| g.permission == "portal.studio" && g.scope.starts_with("acme/automation")));
    // The grant paths are the same before and after: every one is shown.
    let diego = d.gained.iter().find(|g| g.user == "diego@acme.test" && g.scope == "acme/automation/claims").unwrap();
    assert_eq!(diego.via[0].via, ["project-owner"]);
    let r = roles(DEFAULT_MODEL, &after);
    assert!(r.gained.is_empty() && r.lost.is_empty(), "conditions aside, no role changes");
    assert_eq!(r.conditions.len(), 1);
    assert_eq!((r.conditions[0].kind.as_str(), r.conditions[0].id.as_str()), ("permission", "portal.studio"));
    assert_eq!(r.conditions[0].after.as_deref(), Some("service in [studio, automation]"));
}

#[test]
fn tightening_a_role_condition_loses_under_the_default_context_only() {
    // Subscription viewers from Customer Portal 2.0.4 on: the default context (2.0.3) loses them.
    let after = edit(DEFAULT_MODEL, |m| role(m, "subscription-viewer")["when"] = json!({ "context": "customerPortalVersion", "versionGte": "2.0.4" }));
    let d = checked(DEFAULT_MODEL, &after, SAMPLE, None);
    assert!(d.gained.is_empty());
    assert!(d.lost.iter().any(|l| l.user == "carla@acme.test" && l.permission == "subscription.read" && l.scope == "acme/automation"));
    assert!(d.lost.iter().all(|l| l.user == "carla@acme.test" || l.was.iter().any(|p| p.role == "subscription-viewer")));
    // Under a context that meets both conditions nothing changes.
    let d = checked(DEFAULT_MODEL, &after, SAMPLE, Some(r#"{"customerPortalVersion": "3.0"}"#));
    assert!(d.gained.is_empty() && d.lost.is_empty());
}

#[test]
fn changing_the_default_profile_reaches_every_member_without_one() {
    let after = edit(DEFAULT_MODEL, |m| {
        let g = &mut m["groups"][0];
        assert_eq!(g["default"], "full-access-developer");
        g["default"] = json!("developer");
    });
    let d = checked(DEFAULT_MODEL, &after, SAMPLE, None);
    assert!(d.gained.is_empty());
    assert!(d.lost.iter().all(|l| l.permission.starts_with("studio.") && l.was.iter().all(|p| p.default && p.role == "full-access-developer")));
    assert!(d.cost.classes > 0, "members holding only the default are asked once per scope");
}

#[test]
fn removing_a_role_ignores_its_assignments_and_loses_what_they_granted() {
    let after = edit(DEFAULT_MODEL, |m| {
        m["roles"].as_array_mut().unwrap().retain(|r| r["id"] != "environment-technical");
        remove_from(&mut role(m, "environment-admin")["inherits"], "environment-technical");
    });
    let d = match rolecascade::diff(DEFAULT_MODEL, &after, Some(SAMPLE), None).unwrap() {
        DiffAnswer::Directory(d) => d,
        DiffAnswer::Roles(_) => unreachable!(),
    };
    let ignored: Vec<(&str, &str, &str, &str)> = d.ignored.iter().map(|i| (i.user.as_str(), i.role.as_str(), i.scope.as_str(), i.model.as_str())).collect();
    assert_eq!(ignored, [("hiro@acme.test", "environment-technical", "acme/automation/claims/production", "after")]);
    // The slow answer over the directory as each model holds it.
    let without: Value = {
        let mut v: Value = serde_json::from_str(SAMPLE).unwrap();
        v["assignments"].as_array_mut().unwrap().retain(|a| a["role"] != "environment-technical");
        v
    };
    let want = oracle::expected(DEFAULT_MODEL, &after, SAMPLE, &without.to_string(), None);
    oracle::agrees(&d, &want).unwrap();
    assert!(d.lost.iter().any(|l| l.user == "hiro@acme.test" && l.permission == "mc.connect"));
    assert!(d.lost.iter().any(|l| l.user == "grace@acme.test" && l.permission == "mc.connect"), "the admin no longer inherits it");
    let r = roles(DEFAULT_MODEL, &after);
    assert!(r.lost.iter().any(|l| l.role == "environment-technical" && l.permission == "mc.track" && l.was == [["environment-technical", "environment-basic"]]));
}

#[test]
fn a_directory_only_the_after_model_accepts_is_read_against_it() {
    // A new role, already assigned in the directory: it fits the after model only.
    let after = edit(DEFAULT_MODEL, |m| {
        m["roles"].as_array_mut().unwrap().push(json!({ "id": "project-auditor", "level": "project", "grants": ["project.read"], "inherits": [] }));
    });
    let dir = edit(SAMPLE, |d| {
        d["assignments"].as_array_mut().unwrap().push(json!({ "user": "ines@acme.test", "role": "project-auditor", "scope": "acme/automation/onboarding" }));
    });
    let d = match rolecascade::diff(DEFAULT_MODEL, &after, Some(&dir), None).unwrap() {
        DiffAnswer::Directory(d) => d,
        DiffAnswer::Roles(_) => unreachable!(),
    };
    assert_eq!(d.ignored.len(), 1);
    assert_eq!(d.ignored[0].model, "before");
    let want = oracle::expected(DEFAULT_MODEL, &after, SAMPLE, &dir, None);
    oracle::agrees(&d, &want).unwrap();
    assert_eq!(oracle::gained(&d).into_iter().collect::<Vec<_>>(), [("ines@acme.test".to_string(), "project.read".to_string(), "acme/automation/onboarding".to_string())]);
    assert_eq!(d.gained[0].via[0].via, ["project-auditor"]);
}

#[test]
fn a_level_change_reaches_everything_and_still_agrees() {
    // A fifth service: the attribute's allowed values change, so every role is reconsidered.
    let after = edit(DEFAULT_MODEL, |m| {
        let values = &mut m["levels"][1]["attributes"]["service"]["values"];
        values.as_array_mut().unwrap().push(json!("mining"));
        remove_from(&mut role(m, "company-admin")["grants"], "portal.support");
    });
    let d = checked(DEFAULT_MODEL, &after, SAMPLE, None);
    assert!(d.cost.everything);
    assert!(d.lost.iter().all(|l| l.user == "ana@acme.test" && l.permission == "portal.support"));
    assert!(!d.lost.is_empty());
}

#[test]
fn the_example_models_agree_with_their_checks() {
    for (model, dir) in [(SAAS, SAAS_SAMPLE), (DEVHUB, DEVHUB_SAMPLE)] {
        let d = checked(model, model, dir, None);
        assert!(d.gained.is_empty() && d.lost.is_empty());
        // Every role loses its first grant, one at a time; every role also gains the last
        // permission of the model, when it may grant it.
        let m: Value = serde_json::from_str(model).unwrap();
        for (i, r) in m["roles"].as_array().unwrap().iter().enumerate() {
            let Some(first) = r["grants"].as_array().and_then(|g| g.first()).cloned() else { continue };
            let after = edit(model, |m| {
                m["roles"][i]["grants"].as_array_mut().unwrap().remove(0);
            });
            let d = checked(model, &after, dir, None);
            let rd = roles(model, &after);
            assert!(d.gained.is_empty() && rd.gained.is_empty(), "{} lost {first}", r["id"]);
        }
        // The default seat changes.
        let after = edit(model, |m| {
            let g = &mut m["groups"][0];
            let other = g["roles"].as_array().unwrap().iter().find(|r| **r != g["default"]).cloned().unwrap();
            g["default"] = other;
        });
        let d = checked(model, &after, dir, None);
        assert!(!d.gained.is_empty() || !d.lost.is_empty());
    }
}

#[test]
fn an_engine_diffs_its_own_directory() {
    let e = Engine::bizagi(Some(SAMPLE)).unwrap();
    let after = edit(DEFAULT_MODEL, |m| remove_from(&mut role(m, "project-owner")["grants"], "project.delete"));
    let a = rolecascade::authoring::compile_json(&after).unwrap();
    let d = e.diff(&a, None).unwrap();
    let via_text = diff_text(e.model(), &a, SAMPLE, None).unwrap();
    assert_eq!(d, via_text);
    assert!(!d.lost.is_empty());
    assert_eq!(diff_roles(e.model(), &a), roles(DEFAULT_MODEL, &after));
}

#[test]
fn errors_have_codes_and_say_which_model() {
    let e = rolecascade::diff(DEFAULT_MODEL, "{", None, None).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_json");
    assert!(e.message.starts_with("the after model: "), "{}", e.message);
    let bad = edit(DEFAULT_MODEL, |m| role(m, "project-owner")["inherits"] = json!(["nobody"]));
    let e = rolecascade::diff(&bad, DEFAULT_MODEL, None, None).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_deref()), ("unknown_role", Some("roles[3].inherits[0]")));
    assert!(e.message.starts_with("the before model: "));
    let e = rolecascade::diff(DEFAULT_MODEL, DEFAULT_MODEL, Some(r#"{"scopes": ["acme"], "assignments": [{"user": "a", "role": "nope", "scope": "acme"}]}"#), None).unwrap_err();
    assert_eq!((e.code.as_str(), e.path.as_deref()), ("unknown_role", Some("assignments[0]")));
    let e = rolecascade::diff(DEFAULT_MODEL, DEFAULT_MODEL, Some(SAMPLE), Some("[1]")).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_context");
    // A scope the after model's levels refuse.
    let after = edit(DEFAULT_MODEL, |m| remove_from(&mut m["levels"][1]["attributes"]["service"]["values"], "bi"));
    let dir = r#"{"scopes": ["acme", "acme/bi"]}"#;
    let e = rolecascade::diff(DEFAULT_MODEL, &after, Some(dir), None).unwrap_err();
    assert_eq!(e.code.as_str(), "invalid_directory");
    assert!(e.message.contains("after model"), "{}", e.message);
}
