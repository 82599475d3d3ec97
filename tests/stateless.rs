//! Stateless mode answers as directory mode does for a user whose memberships are the ones their
//! assignments imply, and bad token content denies without erroring.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use rolecascade::stateless::Grant;
use rolecascade::Engine;

const DIRECTORY: &str = r#"{
  "companies": [{
    "id": "acme",
    "users": ["ana", "bo", "cy", "di"],
    "subscriptions": [
      { "service": "automation", "users": ["ana", "bo"],
        "projects": [{ "id": "claims", "environments": ["testing", "production"] }] },
      { "service": "studio", "users": ["cy", "di"],
        "projects": [{ "id": "portal", "environments": ["development"] }] },
      { "service": "modeler", "users": ["bo"], "projects": [{ "id": "flows" }] }
    ]
  }],
  "assignments": [
    { "user": "ana", "role": "company-admin", "scope": "acme" },
    { "user": "bo", "role": "environment-technical", "scope": "acme/automation/claims/production" },
    { "user": "bo", "role": "project-contributor", "scope": "acme/modeler/flows" },
    { "user": "cy", "role": "project-contributor", "scope": "acme/studio/portal" },
    { "user": "cy", "role": "power-user", "scope": "acme/studio" },
    { "user": "di", "role": "project-owner", "scope": "acme/studio/portal" }
  ]
}"#;

const SCOPES: &[&str] = &[
    "acme",
    "acme/automation",
    "acme/automation/claims",
    "acme/automation/claims/testing",
    "acme/automation/claims/production",
    "acme/studio",
    "acme/studio/portal",
    "acme/studio/portal/development",
    "acme/modeler",
    "acme/modeler/flows",
];

fn grants_of(e: &Engine, user: &str) -> Vec<Grant> {
    e.export_directory().assignments.into_iter().filter(|a| a.user == user).map(|a| Grant { role: a.role, scope: a.scope }).collect()
}

#[test]
fn stateless_agrees_with_the_directory() {
    let e = Engine::bizagi(Some(DIRECTORY)).unwrap();
    let perms: Vec<String> = e.model().perms.iter().map(|p| p.id.clone()).collect();
    let mut compared = 0;
    for user in ["ana", "bo", "cy", "di"] {
        let grants = grants_of(&e, user);
        for scope in SCOPES {
            for p in &perms {
                for ctx in [None, Some(e.context_json(r#"{"launchedFrom":"studio"}"#).unwrap())] {
                    let want = match e.check(user, p, scope, ctx.as_ref()) {
                        Ok(v) => v,
                        Err(err) => {
                            assert_eq!(err.code.as_str(), "level_mismatch");
                            let got = e.check_stateless(user, &grants, p, scope, ctx.as_ref()).unwrap_err();
                            assert_eq!(got.code.as_str(), "level_mismatch");
                            continue;
                        }
                    };
                    let got = e.explain_stateless(user, &grants, p, scope, ctx.as_ref()).unwrap();
                    assert_eq!(got.allowed, want, "{user} {p} {scope}: {}", got.reason);
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 500);
}

#[test]
fn scopes_come_from_the_path_alone() {
    let e = Engine::bizagi(None).unwrap();
    let g = |role: &str, scope: &str| Grant { role: role.into(), scope: scope.into() };
    let owner = [g("subscription-owner", "globex/automation")];
    assert!(e.check_stateless("u", &owner, "mc.security", "globex/automation/new-project/staging", None).unwrap());
    assert!(!e.check_stateless("u", &owner, "mc.security", "globex/studio/p/development", None).unwrap());
    assert!(!e.check_stateless("u", &owner, "mc.security", "other/automation/p/staging", None).unwrap());
    // Attributes derive from the path: no mc.connect in a studio environment, even for its owner.
    let studio = [g("project-owner", "globex/studio/p")];
    assert!(e.check_stateless("u", &studio, "mc.track", "globex/studio/p/development", None).unwrap());
    assert!(!e.check_stateless("u", &studio, "mc.connect", "globex/studio/p/development", None).unwrap());
    // The default developer profile applies in a studio subscription the token places the user in.
    assert!(e.check_stateless("u", &studio, "studio.processes", "globex/studio/p", None).unwrap());
}

#[test]
fn bad_token_content_denies() {
    let e = Engine::bizagi(None).unwrap();
    let g = |role: &str, scope: &str| Grant { role: role.into(), scope: scope.into() };
    let junk = [
        g("no-such-role", "acme/automation"),
        g("subscription-owner", "acme/../automation"),
        g("subscription-owner", "acme//automation"),
        g("subscription-owner", "acme/not-a-service"),
        g("project-owner", "acme/automation"),
        g("developer", "acme/automation"),
        g("subscription-owner", "acme/automation/claims/production/deeper/still/more/and/more"),
        g("subscription-owner", "acme/\u{0}"),
    ];
    for scope in ["acme/automation/claims", "acme/automation/../x", "", "acme/x%2Fy/claims", "acme/automation/a/b/c/d/e/f"] {
        match e.explain_stateless("u", &junk, "project.read", scope, None) {
            Ok(d) => assert!(!d.allowed, "{scope}: {}", d.reason),
            Err(err) => assert_eq!(err.code.as_str(), "level_mismatch", "{scope}"),
        }
    }
    let d = e.explain_stateless("u", &[], "project.read", "acme/../claims", None);
    assert!(matches!(d, Ok(ref d) if d.denial == Some(rolecascade::explain::Denial::UnknownScope)), "{d:?}");
    let (_, ignored) = e.stateless("u", &junk, &[]);
    assert_eq!(ignored.len(), junk.len(), "{ignored:?}");
}
