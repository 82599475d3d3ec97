//! `apply` is all or nothing: a batch keeps a journal of its writes and takes them back in place
//! when a change is refused (or, when it removes scopes, a copy). As a property, on the
//! default model: a batch that fails leaves the engine exactly as it was (its snapshot, byte for
//! byte: users, lists and their order), and names the change the same single calls refuse first;
//! a batch that passes leaves the engine as those single calls do, one after another.
// proptest is a native dev-dependency only; wasm-pack builds every test target for wasm32.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use proptest::prelude::*;
use rolecascade::changes::Change;
use rolecascade::Engine;

const DIRECTORY: &str = r#"{
  "scopes": ["c", "c/automation", "c/studio", "c/automation/p1", "c/automation/p1/production", "c/studio/s1", "c/studio/s1/development"],
  "members": {
    "c": ["u0", "u1", "u2", "u3", "u4"],
    "c/automation": ["u0", "u1", "u2"],
    "c/studio": ["u1", "u2", "u3"]
  },
  "assignments": [
    { "user": "u0", "role": "company-admin", "scope": "c" },
    { "user": "u1", "role": "project-owner", "scope": "c/automation/p1" },
    { "user": "u2", "role": "project-contributor", "scope": "c/automation/p1" },
    { "user": "u1", "role": "project-contributor", "scope": "c/automation/p1" },
    { "user": "u2", "role": "developer", "scope": "c/studio" },
    { "user": "u3", "role": "power-user", "scope": "c/studio" }
  ]
}"#;

const USERS: [&str; 8] = ["u0", "u1", "u2", "u3", "u4", "u5", "new1", "new2"];
const ROLES: [&str; 9] = [
    "company-admin",
    "subscription-owner",
    "subscription-viewer",
    "project-owner",
    "project-contributor",
    "environment-admin",
    "developer",
    "power-user",
    "full-access-developer",
];
const SCOPES: [&str; 8] = ["c", "c/automation", "c/studio", "c/automation/p1", "c/automation/p1/production", "c/studio/s1", "c/studio/s1/development", "c/none"];
/// Scopes to create: new ones, one under another new one, one that is there.
const CREATE: [&str; 6] = ["c/automation/p2", "c/automation/p2/production", "c/studio/s2", "c/studio/s2/development", "c/automation/p1", "c/bi"];
const ACTORS: [Option<&str>; 3] = [None, Some("u0"), Some("u1")];

fn change((op, u, r, s): (u8, usize, usize, usize)) -> Change {
    let (user, role, scope) = (USERS[u].to_string(), ROLES[r].to_string(), SCOPES[s].to_string());
    match op % 10 {
        0 | 1 => Change::Assign { user, role, scope },
        2 => Change::Revoke { user, role, scope },
        3 | 4 => Change::AddMember { scope, user },
        5 => Change::RemoveMember { scope, user },
        6 | 7 => Change::CreateScope { path: CREATE[s % CREATE.len()].to_string() },
        8 => Change::RemoveScope { path: scope },
        _ => Change::Assign { user, role, scope: CREATE[s % CREATE.len()].to_string() },
    }
}

fn engine() -> Engine {
    Engine::bizagi(Some(DIRECTORY)).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_batch_is_all_or_nothing(
        picks in prop::collection::vec((0u8..10, 0usize..USERS.len(), 0usize..ROLES.len(), 0usize..SCOPES.len()), 2..12),
        actor in 0usize..ACTORS.len(),
        refused_last in any::<bool>(),
    ) {
        let actor = ACTORS[actor];
        let mut batch: Vec<Change> = picks.into_iter().map(change).collect();
        if refused_last {
            // Everything before it applied, then taken back.
            batch.push(Change::Assign { user: "u1".into(), role: "no-such-role".into(), scope: "c".into() });
        }
        let mut e = engine();
        let before = e.export_snapshot().unwrap();
        let got = e.apply(&batch, actor);

        // The same changes as single calls, one after another, up to the first refusal.
        let mut one = engine();
        let mut changed = Vec::new();
        let mut refused = None;
        for (i, c) in batch.iter().enumerate() {
            match one.apply(core::slice::from_ref(c), actor) {
                Ok(done) => changed.extend(done),
                Err(err) => {
                    refused = Some((i, err.code));
                    break;
                }
            }
        }
        match (got, refused) {
            (Ok(done), None) => {
                prop_assert_eq!(done, changed);
                prop_assert_eq!(e.export_snapshot().unwrap(), one.export_snapshot().unwrap());
            }
            (Err(err), Some((i, code))) => {
                prop_assert_eq!(err.code, code);
                let at = err.path.clone().unwrap_or_default();
                let named = at == format!("[{i}]") || at.starts_with(&format!("[{i}]."));
                prop_assert!(named, "the batch's error names {} where the single calls fail at {}", at, i);
                prop_assert_eq!(e.export_snapshot().unwrap(), before, "a refused batch left the engine changed");
                prop_assert_eq!(e.export_directory(), engine().export_directory());
                // Each scope has its children back: removing the subscriptions takes the same
                // scopes from it as from an engine never changed.
                let (mut a, mut b) = (e.clone(), engine());
                for top in ["c/automation", "c/studio"] {
                    let gone = Change::RemoveScope { path: top.into() };
                    prop_assert_eq!(a.apply(core::slice::from_ref(&gone), None).is_ok(), b.apply(core::slice::from_ref(&gone), None).is_ok());
                }
                prop_assert_eq!(a.export_snapshot().unwrap(), b.export_snapshot().unwrap());
                // And the engine goes on: the same changes, one by one, give the same engine.
                let mut again = Vec::new();
                for c in &batch[..i] {
                    again.extend(e.apply(core::slice::from_ref(c), actor).unwrap());
                }
                prop_assert_eq!(again, changed);
            }
            (got, refused) => prop_assert!(false, "the batch gave {:?}, the single calls {:?}", got, refused),
        }
    }
}

/// A batch that removes a member with roles and lists below, interns new users and replaces a
/// role of an exclusive group, then is refused: each list is back in its order.
#[test]
fn a_refused_batch_puts_every_list_back_in_its_order() {
    let mut e = engine();
    let before = (e.export_snapshot().unwrap(), e.export_directory());
    let batch = vec![
        Change::RemoveMember { scope: "c".into(), user: "u1".into() },
        Change::AddMember { scope: "c".into(), user: "new1".into() },
        Change::AddMember { scope: "c/automation".into(), user: "new1".into() },
        Change::Assign { user: "new1".into(), role: "project-contributor".into(), scope: "c/automation/p1".into() },
        Change::Assign { user: "u2".into(), role: "power-user".into(), scope: "c/studio".into() },
        Change::Revoke { user: "u0".into(), role: "company-admin".into(), scope: "c".into() },
        Change::Assign { user: "new2".into(), role: "project-owner".into(), scope: "c/automation/p1".into() },
    ];
    let err = e.apply(&batch, None).unwrap_err();
    assert_eq!(err.code, rolecascade::Code::NotAMember, "{err:?}");
    assert_eq!(err.path.as_deref(), Some("[6]"));
    assert_eq!((e.export_snapshot().unwrap(), e.export_directory()), before);
    // Without the refused change it all holds.
    let done = e.apply(&batch[..6], None).unwrap();
    assert_eq!(done.len(), 6);
    assert!(!e.export_directory().members["c"].contains(&"u1".to_string()));
}
