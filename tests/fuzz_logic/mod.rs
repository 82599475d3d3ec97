//! The bodies of the fuzz targets (fuzz/fuzz_targets/*.rs include this file), shared with
//! `tests/fuzz_crashers.rs`, which replays every committed crasher in `cargo test`. Each body
//! panics only when the engine misbehaves: a panic of its own, an answer that disagrees with the
//! reference evaluator, or a round trip that changes the directory.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use crate::reference::Reference;
use rolecascade::stateless::Grant;
use rolecascade::{Context, Engine};

/// Any text as a model; when it compiles, a few questions with arbitrary ids.
pub fn model(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(e) = Engine::from_model_json(&text, None) else { return };
    let _ = e.roles();
    let _ = e.matrix();
    for p in e.model().perms.iter().take(8) {
        let _ = e.check("u", &p.id, "a", None);
        let _ = e.who_can(&p.id, "a/b", None);
    }
}

/// Any text as a directory of the default model; when it loads, it round-trips exactly. When
/// the runtime's quick reader (`text::read`) takes it, the full reader reads the same directory.
pub fn directory(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    quick_reader_agrees(&text);
    let Ok(e) = Engine::bizagi(Some(&text)) else { return };
    let exported = rolecascade::json::ToJson::to_json(&e.export_directory());
    let again = Engine::bizagi(Some(&exported)).expect("an exported directory loads");
    assert_eq!(rolecascade::json::ToJson::to_json(&again.export_directory()), exported);
    // Small directories only: the reference is slow by design.
    if e.directory().scopes.len() <= 24 && e.directory().users.len() <= 8 {
        let (_, bad) = crate::reference::compare_all(&e, e.default_context());
        assert!(bad.is_empty(), "{bad:?}");
    }
}

/// What `text::read` accepts, `directory::read` (the full reader) reads to the same snapshot:
/// every number and list alike.
fn quick_reader_agrees(text: &str) {
    let mut quick = Engine::bizagi(None).unwrap();
    let Ok(d) = rolecascade::runtime::text::read(quick.model(), text) else { return };
    quick.set_directory(d);
    let mut full = Engine::bizagi(None).unwrap();
    let d = rolecascade::authoring::directory::read(full.model(), text).unwrap_or_else(|e| panic!("the quick reader took a text the full reader refuses: {e}"));
    full.set_directory(d);
    assert_eq!(quick.export_snapshot().unwrap(), full.export_snapshot().unwrap(), "the two readers disagree");
}

const ROLES: [&str; 8] = ["company-admin", "subscription-owner", "subscription-viewer", "project-owner", "project-contributor", "environment-technical", "developer", "nope"];
const SEGS: [&str; 12] = ["acme", "globex", "automation", "studio", "modeler", "claims", "production", "development", "..", "", "a%2Fb", "x\u{0}"];
const PERMS: [&str; 8] = ["project.read", "project.delete", "mc.connect", "mc.track", "studio.processes", "portal.work-portal", "subscription.read", "company.users.read"];

fn path(bytes: &mut impl Iterator<Item = u8>) -> String {
    let n = 1 + bytes.next().unwrap_or(0) as usize % 5;
    (0..n).map(|_| SEGS[bytes.next().unwrap_or(0) as usize % SEGS.len()]).collect::<Vec<_>>().join("/")
}

/// Token-like assignments and a path from the bytes: no panic, and every allowed answer is one
/// a directory holding the same assignments also gives.
pub fn stateless(data: &[u8]) {
    static BASE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    let e = BASE.get_or_init(|| Engine::bizagi(None).unwrap());
    let mut it = data.iter().copied();
    let n = it.next().unwrap_or(0) as usize % 6;
    let grants: Vec<Grant> = (0..n).map(|_| Grant { role: ROLES[it.next().unwrap_or(0) as usize % ROLES.len()].to_string(), scope: path(&mut it) }).collect();
    let scope = path(&mut it);
    let perm = PERMS[it.next().unwrap_or(0) as usize % PERMS.len()];
    let ctx = Context::from_pairs(e.model(), [("launchedFrom", if it.next().unwrap_or(0) % 2 == 0 { Some("studio") } else { None })]);
    let Ok(d) = e.explain_stateless("u", &grants, perm, &scope, Some(&ctx)) else { return };
    let (built, _) = e.stateless("u", &grants, &[scope.as_str()]);
    assert_eq!(built.check("u", perm, &scope, Some(&ctx)).ok(), Some(d.allowed));
    let r = Reference::new(&built);
    if let Some(want) = r.holds("u", perm, &scope, &ctx) {
        assert_eq!(d.allowed, want, "{grants:?} {perm} {scope}: {}", d.reason);
    }
}

const DIRECTORY: &str = r#"{
  "companies": [{ "id": "acme", "users": ["ana", "bo", "cy", "di"],
    "subscriptions": [
      { "service": "automation", "users": ["ana", "bo", "cy"], "projects": [{ "id": "claims", "environments": ["testing", "production"] }] },
      { "service": "studio", "users": ["bo", "cy", "di"], "projects": [{ "id": "portal", "environments": ["development"] }] },
      { "service": "modeler", "users": ["ana", "di"], "projects": [{ "id": "flows" }] } ] }],
  "assignments": [{ "user": "ana", "role": "company-admin", "scope": "acme" }]
}"#;

/// A sequence of changes (as the back office and as acting users) and questions from the bytes:
/// a refused change changes nothing, and every answer is the reference evaluator's on the
/// directory as it stands.
pub fn queries(data: &[u8]) {
    static BASE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    let mut e = BASE.get_or_init(|| Engine::bizagi(Some(DIRECTORY)).unwrap()).clone();
    let users = ["ana", "bo", "cy", "di", "zed"];
    let scopes: Vec<String> = e.export_directory().scopes;
    let ctx = e.default_context().clone();
    for chunk in data.chunks(4).take(64) {
        let [op, a, b, c] = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0), *chunk.get(3).unwrap_or(&0)];
        let user = users[a as usize % users.len()];
        let scope = &scopes[c as usize % scopes.len()];
        let role = ROLES[b as usize % ROLES.len()];
        let other = users[b as usize % users.len()];
        let before = e.export_directory();
        let refused = match op % 12 {
            0 => e.assign(user, role, scope).is_err(),
            1 => {
                let _ = e.revoke(user, role, scope);
                false
            }
            4 => e.assign_as(other, user, role, scope).is_err(),
            5 => e.revoke_as(other, user, role, scope).is_err(),
            6 => e.create_scope(user, &format!("{scope}/{}", SEGS[b as usize % SEGS.len()])).is_err(),
            7 => e.remove_scope(user, scope).is_err(),
            8 => e.add_member_as(user, scope, other).is_err(),
            9 => e.remove_member_as(user, scope, other).is_err(),
            10 => e.add_member(scope, other).is_err(),
            11 => {
                let _ = e.remove_member(scope, other);
                false
            }
            _ => false,
        };
        if refused {
            assert_eq!(e.export_directory(), before, "a refused change changed the directory (op {})", op % 12);
        }
        match op % 12 {
            2 => {
                let perm = PERMS[b as usize % PERMS.len()];
                let r = Reference::new(&e);
                assert_eq!(e.check(user, perm, scope, None).ok(), r.holds(user, perm, scope, &ctx), "{user} {perm} {scope}");
            }
            3 => {
                let perm = PERMS[b as usize % PERMS.len()];
                let r = Reference::new(&e);
                if let Ok(list) = e.who_can(perm, scope, None) {
                    let want: Vec<String> = r.users().into_iter().filter(|u| r.holds(u, perm, scope, &ctx) == Some(true)).collect();
                    assert_eq!(list, want, "who can {perm} at {scope}");
                }
            }
            _ => {
                // After any change, the engine answers as the reference does on its export.
                let perm = PERMS[c as usize % PERMS.len()];
                let r = Reference::new(&e);
                assert_eq!(e.check(other, perm, scope, None).ok(), r.holds(other, perm, scope, &ctx), "{other} {perm} {scope} after op {}", op % 12);
            }
        }
    }
}
