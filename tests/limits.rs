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

/// A model where `boss` (at the root) may create and remove teams, and a team's creator leads it
/// but joins its list only from the root's.
const CHURN_MODEL: &str = r#"{
    "levels": [
        {"id": "org"},
        {"id": "team", "parent": "org", "membership": "org",
         "create": {"requires": "org.teams", "creatorRole": "lead", "creatorJoins": true},
         "remove": {"requires": "org.teams"}}
    ],
    "permissions": [{"id": "org.teams", "level": "org"}, {"id": "team.read", "level": "team"}],
    "roles": [
        {"id": "boss", "level": "org", "grants": ["org.teams", "team.read"], "inherits": []},
        {"id": "lead", "level": "team", "grants": ["team.read"], "inherits": []}
    ]
}"#;

/// Removed scopes do not count toward the scope limit: a directory one scope short of it can
/// create and remove new scopes for ever (each created scope had used a slot up for good).
#[test]
fn creating_and_removing_scopes_does_not_use_the_limit_up() {
    use rolecascade::limits::MAX_SCOPES;
    let mut scopes = vec!["\"o\"".to_string()];
    scopes.extend((0..MAX_SCOPES - 2).map(|i| format!("\"o/t{i}\"")));
    let dir = format!(r#"{{"scopes": [{}], "members": {{"o": ["boss"]}}, "assignments": [{{"user": "boss", "role": "boss", "scope": "o"}}]}}"#, scopes.join(","));
    let mut e = Engine::from_model_json(CHURN_MODEL, Some(&dir)).unwrap();
    for i in 0..5 {
        e.create_scope("boss", &format!("o/new{i}")).unwrap();
        let err = e.create_scope("boss", &format!("o/more{i}")).unwrap_err();
        assert_eq!(err.code.as_str(), "limit_exceeded", "{err}");
        e.remove_scope("boss", &format!("o/new{i}")).unwrap();
    }
    assert_eq!(e.directory().live_scopes(), MAX_SCOPES - 1);
    // A removed scope brought back counts again.
    e.create_scope("boss", "o/new0").unwrap();
    assert_eq!(e.create_scope("boss", "o/new1").unwrap_err().code.as_str(), "limit_exceeded");
}

/// Creating and removing scopes over and over keeps the directory small: once removed scopes
/// outnumber the live ones (and there are at least `COMPACT_AFTER`), `remove_scope` rebuilds the
/// directory without them. Scopes are renumbered then, users never; answers do not change.
#[test]
fn removed_scopes_are_compacted_away() {
    use rolecascade::directory::COMPACT_AFTER;
    let dir = r#"{"scopes": ["o", "o/a", "o/z"], "members": {"o": ["boss", "ana", "cy"], "o/z": ["cy"]},
        "assignments": [{"user": "boss", "role": "boss", "scope": "o"}, {"user": "ana", "role": "lead", "scope": "o/z"}]}"#;
    let mut e = Engine::from_model_json(CHURN_MODEL, Some(dir)).unwrap();
    let users: Vec<_> = ["boss", "ana", "cy"].iter().map(|u| e.directory().find_user(u).unwrap()).collect();
    let mut late = None;
    let mut compactions = 0;
    for i in 0..3 * COMPACT_AFTER {
        e.create_scope("boss", &format!("o/t{i}")).unwrap();
        assert!(e.check("boss", "team.read", &format!("o/t{i}"), None).unwrap());
        if i == 10 {
            // Created among removed scopes: its number changes when they go.
            e.create_scope("ana", "o/late").unwrap_err();
            e.create_scope("boss", "o/late").unwrap();
            late = e.directory().find_scope("o/late");
        }
        let slots = e.directory().scopes.len();
        e.remove_scope("boss", &format!("o/t{i}")).unwrap();
        let d = e.directory();
        compactions += usize::from(d.scopes.len() < slots - 1);
        assert!(d.scopes.len() <= d.live_scopes() + COMPACT_AFTER, "{} slots for {} scopes", d.scopes.len(), d.live_scopes());
    }
    assert!(compactions >= 2, "the directory was compacted {compactions} times");
    assert_ne!(e.directory().find_scope("o/late"), late, "compaction renumbers scopes");
    assert!(e.check("boss", "team.read", "o/late", None).unwrap());
    assert_eq!(e.who_can("team.read", "o/late", None).unwrap(), ["boss"]);
    assert_eq!(e.directory().live_scopes(), 4);
    let again: Vec<_> = ["boss", "ana", "cy"].iter().map(|u| e.directory().find_user(u).unwrap()).collect();
    assert_eq!(again, users, "user numbers never change");
    assert!(e.check("ana", "team.read", "o/z", None).unwrap());
    assert_eq!(e.who_can("team.read", "o/z", None).unwrap(), ["ana", "boss"]);
    assert!(!e.check("ana", "team.read", "o/t0", None).unwrap());
    let exported = e.export_directory();
    assert_eq!(exported.scopes, ["o", "o/a", "o/z", "o/late"]);
    assert_eq!(exported.members["o/z"], ["cy"]);
    // A scope removed before a compaction can be created again afterwards.
    e.create_scope("boss", "o/t0").unwrap();
    assert!(e.check("boss", "team.read", "o/t0", None).unwrap());
}

/// A refused creation leaves nothing behind, not even a removed scope: refusals cannot grow the
/// directory either.
#[test]
fn refused_creations_leave_no_trace() {
    // `stray` may create projects but is on no list: their lead role would need the team's
    // list, which stays inside the root's.
    let model = r#"{
        "levels": [
            {"id": "org"},
            {"id": "team", "parent": "org", "membership": "org"},
            {"id": "project", "parent": "team", "membership": "team",
             "create": {"requires": "make", "creatorRole": "lead"}}
        ],
        "permissions": [{"id": "make", "level": "team"}],
        "roles": [
            {"id": "boss", "level": "org", "grants": ["make"], "inherits": []},
            {"id": "lead", "level": "project", "grants": [], "inherits": []}
        ]
    }"#;
    let dir = r#"{"scopes": ["o", "o/t"], "assignments": [{"user": "stray", "role": "boss", "scope": "o"}]}"#;
    let mut e = Engine::from_model_json(model, Some(dir)).unwrap();
    let (slots, classes) = (e.directory().scopes.len(), e.directory().classes.len());
    for i in 0..100 {
        let err = e.create_scope("stray", &format!("o/t/p{i}")).unwrap_err();
        assert_eq!(err.code.as_str(), "not_a_member", "{err}");
    }
    let d = e.directory();
    assert_eq!((d.scopes.len(), d.scope_index.len(), d.classes.len(), d.dead_scopes()), (slots, slots, classes, 0));
    assert_eq!(e.export_directory().scopes, ["o", "o/t"]);
    assert!(e.directory().find_scope("o/t/p0").is_none());
}

/// A directory of `scopes` projects under one company, the first `lists` of them with `per`
/// members each, as numbers (`load_flat`'s form, which skips the text): member lists at the
/// limit on memberships without a text of hundreds of megabytes. `extra` member entries (scope
/// number, 0 for the company; user number) follow the lists.
fn members_at_scale(scopes: usize, lists: usize, per: usize, extra: &[(usize, usize)]) -> (String, Vec<u32>, Vec<u32>) {
    let mut text = String::from("a");
    let mut lens = vec![1u32];
    for s in 0..scopes {
        let p = format!("a/{s}");
        lens.push(p.len() as u32);
        text.push_str(&p);
    }
    let users = 1 + scopes;
    for u in 0..per {
        let id = format!("u{u}");
        lens.push(id.len() as u32);
        text.push_str(&id);
    }
    let mut ops = vec![0, u32::MAX];
    for s in 1..=scopes as u32 {
        ops.extend([s, u32::MAX]);
    }
    for s in 1..=lists as u32 {
        for u in 0..per as u32 {
            ops.extend([s, users as u32 + u]);
        }
    }
    for &(s, u) in extra {
        ops.extend([s as u32, (users + u) as u32]);
    }
    (text, lens, ops)
}

#[test]
fn memberships_count_once_at_the_limit() {
    use rolecascade::runtime::load::{load_flat, Flat};
    let e = Engine::from_model_json(&model_with(LEVELS, "[]", "[]"), None).unwrap();
    // 2^19 projects of 16 members: exactly the limit of 2^23 memberships.
    let (scopes, per) = (1 << 19, 16);
    assert_eq!(scopes * per, limits::MAX_MEMBERSHIPS);
    let load = |lists: usize, extra: &[(usize, usize)]| {
        let (text, lens, ops) = members_at_scale(scopes, lists, per, extra);
        let first_extra = 1 + scopes + lists * per;
        (load_flat(e.model(), &Flat { text: &text, lens: &lens, ops: &ops, assignments: &[] }), first_extra)
    };
    let full_and_ok = |d: &rolecascade::directory::Directory| {
        assert_eq!(d.memberships(), limits::MAX_MEMBERSHIPS);
        assert!((1..=scopes).all(|s| d.members[s].len() == per), "every list full, none with a repeat");
        assert!(d.is_member(d.find_user("u7").unwrap(), d.find_scope("a/77").unwrap()));
    };
    // Every list, then repeats of entries at the limit: one membership each.
    let repeats: Vec<(usize, usize)> = (0..1000).map(|i| (1 + i % scopes, i % per)).collect();
    let (d, _) = load(scopes, &repeats);
    full_and_ok(&d.unwrap());
    // One more distinct membership is refused, at its entry.
    let mut over = repeats.clone();
    over.push((0, 3));
    let (err, first) = load(scopes, &over);
    let err = err.unwrap_err();
    assert_eq!((err.code.as_str(), err.path.clone()), ("limit_exceeded", Some(format!("@ops:{}", first + repeats.len()))), "{err}");
    // Repeats do not use the limit up: all lists but the last, the first list twice more (the
    // entries pass the limit, counting repeats), then the last list: taken, at the limit.
    let mut late: Vec<(usize, usize)> = (0..2 * per).map(|i| (1, i % per)).collect();
    late.extend((0..per).map(|u| (scopes, u)));
    let (d, _) = load(scopes - 1, &late);
    full_and_ok(&d.unwrap());
    late.push((0, 0));
    let (err, first) = load(scopes - 1, &late);
    assert_eq!(err.unwrap_err().path, Some(format!("@ops:{}", first + late.len() - 1)));
    // Repeats among the entries after the limit is reached, counting repeats (each of the last
    // list's entries given twice): one membership each, so the lists still fit.
    let mut twice: Vec<(usize, usize)> = (0..2 * per).map(|i| (1, i % per)).collect();
    twice.extend((0..per).flat_map(|u| [(scopes, u), (scopes, u)]));
    let (d, _) = load(scopes - 1, &twice);
    full_and_ok(&d.unwrap());
}

#[test]
fn a_loader_finished_without_asking_about_its_lists_still_builds_them() {
    use rolecascade::runtime::load::Loader;
    let e = Engine::from_model_json(&model_with(LEVELS, "[]", "[]"), None).unwrap();
    let mut ld = Loader::new(e.model());
    let at = || String::new();
    let a = ld.scope("a", &at).unwrap();
    ld.member(a, "u", &at).unwrap();
    ld.member(a, "u", &at).unwrap();
    let d = ld.finish().unwrap();
    assert!(d.is_member(d.find_user("u").unwrap(), a));
    assert_eq!((d.memberships(), d.members[a.index()].len()), (1, 1));
}
