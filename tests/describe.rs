//! `describe()` on the default model and on a minimal one: what a UI reads to render a model.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use rolecascade::Engine;

#[test]
fn the_default_model_described() {
    let e = Engine::bizagi(None).unwrap();
    let d = e.describe();
    assert_eq!(d.name, e.model().name);
    let ids: Vec<&str> = d.levels.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["company", "subscription", "project", "environment", "development"]);
    let dev = &d.levels[4];
    assert!(!dev.scoped);
    assert_eq!((dev.parent.as_deref(), dev.depth), (Some("subscription"), 1));
    assert_eq!(d.levels[1].attributes, ["service"]);
    // Every permission, in model order, with its level and portal flag.
    assert_eq!(d.permissions.len(), e.model().perms.len());
    let wp = d.permissions.iter().find(|p| p.id == "portal.work-portal").unwrap();
    assert!(wp.portal);
    assert_eq!(wp.level, "any");
    assert_eq!(wp.requires, ["project.edit"]);
    assert!(wp.when.as_deref().unwrap().contains("launchedFrom"), "{:?}", wp.when);
    let track = d.permissions.iter().find(|p| p.id == "mc.track").unwrap();
    assert_eq!((track.level.as_str(), track.portal), ("environment", false));
    assert!(track.group.is_some() && track.label != track.id);
    let keys: Vec<(&str, Option<&str>, bool, Vec<&str>)> =
        d.context.iter().map(|c| (c.key.as_str(), c.default.as_deref(), c.version, c.values.iter().map(String::as_str).collect())).collect();
    assert!(keys.contains(&("customerPortalVersion", Some("2.0.3"), true, vec!["2.0.1"])), "{keys:?}");
    assert!(keys.contains(&("launchedFrom", None, false, vec!["studio"])), "{keys:?}");
    let json = serde_json::to_string(&d).unwrap();
    assert!(json.starts_with("{\"name\":") && json.contains("\"context\":["), "{json}");
}

#[test]
fn labels_fall_back_to_ids() {
    let model = r#"{"levels": [{"id": "org"}, {"id": "team", "parent": "org"}],
        "permissions": [{"id": "team.read", "level": "team"}],
        "roles": [{"id": "member", "level": "team", "grants": ["team.read"], "inherits": []}]}"#;
    let d = Engine::from_model_json(model, None).unwrap().describe();
    assert_eq!(d.levels[0].label, "org");
    assert_eq!(d.levels[0].parent, None);
    assert_eq!((d.levels[1].depth, d.levels[1].parent.as_deref()), (1, Some("org")));
    assert_eq!(d.permissions[0].label, "team.read");
    assert_eq!(d.permissions[0].group, None);
    assert!(d.context.is_empty());
    assert_eq!(
        serde_json::to_string(&d).unwrap(),
        r#"{"name":"model","levels":[{"id":"org","label":"org","parent":null,"scoped":true,"depth":0,"attributes":[],"membership":null},{"id":"team","label":"team","parent":"org","scoped":true,"depth":1,"attributes":[],"membership":null}],"permissions":[{"id":"team.read","label":"team.read","level":"team","portal":false,"requires":[]}],"context":[],"groups":[]}"#
    );
}

#[test]
fn context_values_in_version_order() {
    let model = r#"{"levels": [{"id": "org"}],
        "permissions": [{"id": "a", "level": "org", "when": {"any": [{"context": "v", "versionGte": "10.0"}, {"context": "v", "versionLt": "2.0.1"}, {"context": "v", "eq": "2.0.1"}, {"context": "v", "eq": "beta"}]}}],
        "roles": [{"id": "r", "level": "org", "grants": ["a"]}],
        "context": {"v": {}}}"#;
    let d = Engine::from_model_json(model, None).unwrap().describe();
    assert_eq!(d.context[0].values, ["2.0.1", "10.0", "beta"]);
    assert!(d.context[0].version);
}
