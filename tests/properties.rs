//! Consistency as a property, on generated models and directories: `check` agrees with
//! `permissions`, the view bits (`holding`, which `view()` copies out), `check_ids`, `who_can`
//! and `explain().allowed`; adding a grant never removes a permission; a revoke undoes an assign;
//! a model diff says exactly what `check` says one question at a time, and nothing for a model
//! compared with itself.
// proptest is a native dev-dependency only; wasm-pack builds every test target for wasm32.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use proptest::prelude::*;
use rolecascade::{Context, Engine};
use serde_json::{json, Value};

/// A generated world: a model over a chain of levels and a directory of scopes under one root.
#[derive(Debug, Clone)]
struct World {
    depth: usize,
    /// Per level: how many permissions it has, and which carry a condition (0 none, 1 attribute, 2 context).
    perms: Vec<Vec<u8>>,
    /// Per level-free permission: its condition kind.
    free: Vec<u8>,
    /// Per permission (by level and index): the index of a lower permission of its level it requires.
    requires: Vec<Vec<Option<usize>>>,
    roles: Vec<RoleGen>,
    /// Membership of user u at scope s (by index into `scopes()`).
    members: Vec<(usize, usize)>,
    /// Assignments tried: (user, role, scope pick, join first); refused ones are skipped.
    assignments: Vec<(usize, usize, usize, bool)>,
    context_version: Option<&'static str>,
    /// Per level: membership (0 not enforced, 1 its own level, 2 the level above), and the rules
    /// for acting users: create, remove, addMember, removeMember, each a permission pick (level
    /// pick, index pick) or none, and for create whether there is a creator role and whether the
    /// creator joins the new scope's list.
    levels: Vec<LevelGen>,
}

type Pick = Option<(usize, usize)>;
type Act<'a> = dyn Fn(&mut Engine) -> rolecascade::Result<bool> + 'a;
type LevelGen = (u8, Pick, Pick, Pick, Pick, bool, bool);

/// A role: its level, grants as (level, index) picks, inherits as picks of earlier roles, and
/// picks of level-free permissions.
type RoleGen = (usize, Vec<(usize, usize)>, Vec<usize>, Vec<usize>);

const USERS: usize = 4;

fn perm_id(level: usize, i: usize) -> String {
    format!("l{level}.p{i}")
}

fn cond(kind: u8) -> Option<Value> {
    match kind {
        1 => Some(json!({ "attr": "kind", "eq": "a" })),
        2 => Some(json!({ "context": "version", "versionGte": "2.0.1" })),
        _ => None,
    }
}

impl World {
    /// Every scope path: the root `o`, then two children (`a`, `b`) per scope down the chain.
    fn scopes(&self) -> Vec<String> {
        let mut out = vec!["o".to_string()];
        let mut layer = vec!["o".to_string()];
        for _ in 1..self.depth {
            let next: Vec<String> = layer.iter().flat_map(|p| ["a", "b"].map(|s| format!("{p}/{s}"))).collect();
            out.extend(next.iter().cloned());
            layer = next;
        }
        out
    }

    fn all_perms(&self) -> Vec<(Option<usize>, String)> {
        let mut out = Vec::new();
        for (l, ps) in self.perms.iter().enumerate() {
            out.extend((0..ps.len()).map(|i| (Some(l), perm_id(l, i))));
        }
        out.extend((0..self.free.len()).map(|i| (None, format!("app.f{i}"))));
        out
    }

    /// A permission of a level at or above `max_level` (level pick beyond it: a level-free one).
    fn gate_perm(&self, (level, i): (usize, usize), max_level: usize) -> Option<String> {
        if level > max_level {
            return (!self.free.is_empty()).then(|| format!("app.f{}", i % self.free.len()));
        }
        let ps = self.perms.get(level)?;
        (!ps.is_empty()).then(|| perm_id(level, i % ps.len()))
    }

    /// The scope of a permission's level on `s`'s path (`s` itself for a level-free one).
    fn scope_of(&self, permission: &str, s: &str) -> String {
        match permission.strip_prefix('l').and_then(|x| x.split('.').next()).and_then(|d| d.parse::<usize>().ok()) {
            Some(d) => s.split('/').take(d + 1).collect::<Vec<_>>().join("/"),
            None => s.to_string(),
        }
    }

    fn model(&self) -> Value {
        let levels: Vec<Value> = (0..self.depth)
            .map(|l| {
                let mut v = json!({ "id": format!("l{l}") });
                if l > 0 {
                    v["parent"] = json!(format!("l{}", l - 1));
                }
                if l == 1 {
                    v["attributes"] = json!({ "kind": { "from": "segment" } });
                }
                let (membership, create, remove, add, del, creator, joins) = self.levels[l];
                match membership {
                    1 => v["membership"] = json!(format!("l{l}")),
                    2 if l > 0 => v["membership"] = json!(format!("l{}", l - 1)),
                    _ => {}
                }
                // Creation is decided above the new scope; the other actions at it or above.
                if let Some(p) = create.filter(|_| l > 0).and_then(|pick| self.gate_perm(pick, l - 1)) {
                    v["create"] = json!({ "requires": p, "creatorJoins": joins });
                    let own: Vec<usize> = (0..self.roles.len()).filter(|&r| self.roles[r].0 == l).collect();
                    if creator && !own.is_empty() {
                        v["create"]["creatorRole"] = json!(format!("r{}", own[l % own.len()]));
                    }
                }
                for (key, pick) in [("remove", remove), ("addMember", add), ("removeMember", del)] {
                    if let Some(p) = pick.and_then(|pick| self.gate_perm(pick, l)) {
                        v[key] = json!({ "requires": p });
                    }
                }
                v
            })
            .collect();
        let mut permissions = Vec::new();
        for (l, ps) in self.perms.iter().enumerate() {
            for (i, &c) in ps.iter().enumerate() {
                let mut p = json!({ "id": perm_id(l, i), "level": format!("l{l}") });
                // Attribute conditions only where the attribute exists (level 1 and below).
                if let Some(w) = cond(if c == 1 && l == 0 { 0 } else { c }) {
                    p["when"] = w;
                }
                if let Some(Some(r)) = self.requires.get(l).and_then(|rs| rs.get(i)) {
                    p["requires"] = json!([perm_id(l, *r)]);
                }
                permissions.push(p);
            }
        }
        for (i, &c) in self.free.iter().enumerate() {
            let mut p = json!({ "id": format!("app.f{i}"), "level": "any", "portal": true });
            if let Some(w) = cond(if c == 1 { 2 } else { c }) {
                p["when"] = w;
            }
            permissions.push(p);
        }
        let roles: Vec<Value> = self
            .roles
            .iter()
            .enumerate()
            .map(|(i, (level, grants, inherits, free))| {
                let g: Vec<String> = grants
                    .iter()
                    .filter(|(gl, _)| gl >= level)
                    .filter_map(|&(gl, gi)| self.perms.get(gl).filter(|ps| !ps.is_empty()).map(|ps| perm_id(gl, gi % ps.len())))
                    .chain(free.iter().filter(|_| !self.free.is_empty()).map(|f| format!("app.f{}", f % self.free.len())))
                    .collect();
                let inh: Vec<String> =
                    inherits.iter().filter(|&&r| r < i && self.roles[r].0 >= *level).map(|r| format!("r{r}")).collect();
                json!({ "id": format!("r{i}"), "level": format!("l{level}"), "grants": dedup(g), "inherits": dedup(inh) })
            })
            .collect();
        json!({
            "levels": levels,
            "permissions": permissions,
            "roles": roles,
            "context": { "version": { "default": "2.0.0" } }
        })
    }

    fn directory(&self) -> Value {
        let scopes = self.scopes();
        let mut members = serde_json::Map::new();
        for (i, s) in scopes.iter().enumerate() {
            let mut us: Vec<String> = self.members.iter().filter(|(_, si)| si % scopes.len() == i).map(|(u, _)| format!("u{u}")).collect();
            us.sort();
            us.dedup();
            if !us.is_empty() {
                members.insert(s.clone(), json!(us));
            }
        }
        json!({ "scopes": scopes, "members": members })
    }

    /// The engine with every valid assignment applied.
    fn engine(&self) -> Engine {
        self.engine_with(&self.model())
    }

    /// The same, on a model document derived from this world's.
    fn engine_with(&self, model: &Value) -> Engine {
        let mut e = Engine::from_model_json(&model.to_string(), Some(&self.directory().to_string())).expect("generated world loads");
        let scopes = self.scopes();
        for &(u, r, pick, join) in &self.assignments {
            let r = r % self.roles.len();
            // A scope of the role's level; most users are made members along its path first, the
            // rest are refused unless the directory already lists them.
            let at: Vec<&String> = scopes.iter().filter(|s| s.split('/').count() == self.roles[r].0 + 1).collect();
            let scope = at[pick % at.len()];
            if join {
                let mut prefix = String::new();
                for seg in scope.split('/') {
                    prefix = if prefix.is_empty() { seg.to_string() } else { format!("{prefix}/{seg}") };
                    e.add_member(&prefix, &format!("u{u}")).unwrap();
                }
            }
            let _ = e.assign(&format!("u{u}"), &format!("r{r}"), scope);
        }
        e
    }

    fn contexts(&self, e: &Engine) -> Vec<Option<Context>> {
        vec![None, self.context_version.map(|v| Context::from_pairs(e.model(), [("version", Some(v))]))]
    }
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

fn world() -> impl Strategy<Value = World> {
    (2usize..=4)
        .prop_flat_map(|depth| {
            (
                Just(depth),
                prop::collection::vec(prop::collection::vec(0u8..3, 1..4), depth),
                prop::collection::vec(0u8..3, 0..3),
                prop::collection::vec(prop::collection::vec(prop::option::weighted(0.3, 0usize..3), 3), depth),
                prop::collection::vec(
                    (
                        0..depth,
                        prop::collection::vec((0..depth, 0usize..4), 0..4),
                        prop::collection::vec(0usize..8, 0..3),
                        prop::collection::vec(0usize..3, 0..2),
                    ),
                    1..8,
                ),
                prop::collection::vec((0..USERS, 0usize..64), 0..24),
                prop::collection::vec((0..USERS, 0usize..8, 0usize..64, prop::bool::weighted(0.7)), 0..16),
                prop::option::of(prop::sample::select(vec!["1.9", "2.0.1", "10.0"])),
                prop::collection::vec(
                    (
                        0u8..3,
                        prop::option::weighted(0.7, (0usize..5, 0usize..4)),
                        prop::option::weighted(0.6, (0usize..5, 0usize..4)),
                        prop::option::weighted(0.6, (0usize..5, 0usize..4)),
                        prop::option::weighted(0.6, (0usize..5, 0usize..4)),
                        prop::bool::weighted(0.7),
                        prop::bool::ANY,
                    ),
                    depth,
                ),
            )
        })
        .prop_map(|(depth, perms, free, req, roles, members, assignments, context_version, levels)| {
            // A permission may require only an earlier one of its own level: never a cycle.
            let requires = perms
                .iter()
                .zip(req)
                .map(|(ps, rs)| (0..ps.len()).map(|i| rs.get(i).copied().flatten().filter(|&r| r < i)).collect())
                .collect();
            // Members of a scope are also members of its parent, as the directory requires.
            World { depth, perms, free, requires, roles, members, assignments, context_version, levels }
        })
        .prop_map(|mut w| {
            let scopes = w.scopes();
            let mut closed = Vec::new();
            for &(u, s) in &w.members {
                let path = &scopes[s % scopes.len()];
                let mut prefix = String::new();
                for seg in path.split('/') {
                    if !prefix.is_empty() {
                        prefix.push('/');
                    }
                    prefix.push_str(seg);
                    closed.push((u, scopes.iter().position(|x| *x == prefix).unwrap()));
                }
            }
            w.members = closed;
            w
        })
}

/// Every question's answer in one list, to compare two engines.
fn answers(e: &Engine, w: &World, ctx: Option<&Context>) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for s in w.scopes() {
        for u in 0..USERS {
            let u = format!("u{u}");
            out.push((u.clone(), s.clone(), e.permissions(&u, &s, ctx)));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn check_agrees_with_every_other_answer(w in world()) {
        let e = w.engine();
        let scopes = w.scopes();
        for ctx in w.contexts(&e) {
            let ctx = ctx.as_ref();
            for s in &scopes {
                let depth = s.split('/').count() - 1;
                for (level, p) in w.all_perms() {
                    if level.is_some_and(|l| l != depth) {
                        let err = e.check("u0", &p, s, ctx).unwrap_err();
                        prop_assert_eq!(err.code.as_str(), "level_mismatch");
                        continue;
                    }
                    let who = e.who_can(&p, s, ctx).unwrap();
                    let bit = e.model().perm(&p).unwrap();
                    for u in (0..=USERS).map(|u| format!("u{u}")) {
                        let allowed = e.check(&u, &p, s, ctx).unwrap();
                        prop_assert_eq!(e.permissions(&u, s, ctx).contains(&p), allowed, "permissions {} {} {}", u, p, s);
                        prop_assert_eq!(e.holding(&u, s, ctx).has(bit), allowed, "view bits {} {} {}", u, p, s);
                        prop_assert_eq!(who.contains(&u), allowed, "who_can {} {} {}", u, p, s);
                        let d = e.explain(&u, &p, s, ctx).unwrap();
                        prop_assert_eq!(d.allowed, allowed, "explain {} {} {}: {}", u, p, s, d.reason);
                        // A prerequisite denial shows the grant paths the prerequisite blocks.
                        let blocked = d.denial.map(|x| x.as_str()) == Some("prerequisite");
                        prop_assert_eq!(d.grants.is_empty(), !allowed && !blocked, "grant paths {} {} {}", u, p, s);
                        if let (Some(ui), Some(si)) = (e.directory().find_user(&u), e.directory().find_scope(s)) {
                            prop_assert_eq!(e.check_ids(ui, bit, si, ctx).unwrap(), allowed);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn adding_a_grant_never_removes_a_permission(w in world(), role in 0usize..8, level in 0usize..4, pick in 0usize..4) {
        let before = w.engine();
        let mut more = w.clone();
        let r = role % more.roles.len();
        more.roles[r].1.push((level % more.depth, pick));
        let after = more.engine();
        for ctx in w.contexts(&before) {
            let (a, b) = (answers(&before, &w, ctx.as_ref()), answers(&after, &w, ctx.as_ref()));
            for ((u, s, old), (_, _, new)) in a.iter().zip(&b) {
                for p in old {
                    prop_assert!(new.contains(p), "{} lost {} at {} when r{} gained a grant", u, p, s, r);
                }
            }
        }
    }

    #[test]
    fn a_revoke_undoes_an_assign(w in world(), user in 0..USERS, role in 0usize..8, scope in 0usize..64) {
        let mut e = w.engine();
        let r = role % w.roles.len();
        let at: Vec<String> = w.scopes().into_iter().filter(|s| s.split('/').count() == w.roles[r].0 + 1).collect();
        let (u, r, s) = (format!("u{user}"), format!("r{r}"), at[scope % at.len()].clone());
        let mut prefix = String::new();
        for seg in s.split('/') {
            prefix = if prefix.is_empty() { seg.to_string() } else { format!("{prefix}/{seg}") };
            e.add_member(&prefix, &u).unwrap();
        }
        let export = e.export_directory();
        let before = answers(&e, &w, None);
        match e.assign(&u, &r, &s) {
            Ok(true) => {
                prop_assert!(e.revoke(&u, &r, &s).unwrap());
                prop_assert_eq!(answers(&e, &w, None), before);
                prop_assert_eq!(e.export_directory(), export);
            }
            // Already held: nothing changed.
            Ok(false) => {
                prop_assert_eq!(answers(&e, &w, None), before);
                prop_assert_eq!(e.export_directory(), export);
            }
            Err(err) => prop_assert!(false, "a member's assignment at its role's level was refused: {:?}", err),
        }
    }
}

/// The properties above would hold vacuously if generated worlds granted nothing: most must.
#[test]
fn generated_worlds_grant_something() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut granting = 0;
    for _ in 0..100 {
        let w = world().new_tree(&mut runner).unwrap().current();
        let e = w.engine();
        if answers(&e, &w, None).iter().any(|(_, _, ps)| !ps.is_empty()) {
            granting += 1;
        }
    }
    assert!(granting >= 50, "only {granting} of 100 generated worlds grant anything");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// A yes from `check` means the action works: an acting user may create, remove, add to and
    /// take off member lists exactly when they hold the permission the level's rule names, at
    /// the scope of that permission's level (and, taking a user off a list, may revoke every
    /// assignment that goes with it); a refusal is always `not_allowed`, except a creator who
    /// would have to climb onto a list above the ones their new role needs (`not_a_member`).
    #[test]
    fn an_actor_may_act_exactly_when_check_says_so(w in world(), user in 0..=USERS, scope in 0usize..64, other in 0..USERS) {
        let e = w.engine();
        let scopes = w.scopes();
        let s = scopes[scope % scopes.len()].clone();
        let depth = s.split('/').count() - 1;
        let (u, v) = (format!("u{user}"), format!("u{other}"));
        let needs = |level: usize, key: &str| -> Option<String> {
            let m = w.model();
            m["levels"][level][key]["requires"].as_str().map(str::to_string)
        };
        let allowed_to = |u: &str, need: &Option<String>, at: &str| need.as_ref().is_some_and(|p| e.check(u, p, &w.scope_of(p, at), None).unwrap());
        let allowed = |need: &Option<String>, at: &str| allowed_to(&u, need, at);
        let refused = |r: &rolecascade::Result<bool>| r.as_ref().err().map(|x| x.code.as_str()) == Some("not_allowed");
        // Creating: every user under every scope (few creations pass the gate otherwise).
        let export = e.export_directory();
        for parent in scopes.iter().filter(|p| p.split('/').count() < w.depth) {
            let level = parent.split('/').count();
            let create = &w.model()["levels"][level]["create"];
            let need = create["requires"].as_str().map(str::to_string);
            let child = format!("{parent}/new");
            for c in 0..=USERS {
                let u = format!("u{c}");
                let mut e2 = e.clone();
                let got = e2.create_scope(&u, &child).map(|()| true);
                // The creator joins the list their creator role needs, then (creatorJoins) the
                // new scope's, each only from the list its level keeps it inside: never climbing.
                let mut on: Vec<String> = export.members.iter().filter(|(_, us)| us.contains(&u)).map(|(p, _)| p.clone()).collect();
                // The list a list at level `l` must stay inside (its level's `membership` above).
                let above = |path: &str, l: usize| (w.levels[l].0 == 2 && l > 0).then(|| path.rsplit_once('/').map_or(String::new(), |(p, _)| p.to_string()));
                let mut lists = Vec::new();
                if create["creatorRole"].is_string() {
                    match w.levels[level].0 {
                        1 => lists.push((child.clone(), level)),
                        2 => lists.push((parent.clone(), level - 1)),
                        _ => {}
                    }
                }
                if create["creatorJoins"].as_bool() == Some(true) {
                    lists.push((child.clone(), level));
                }
                let mut climbs = false;
                for (list, l) in lists {
                    if on.contains(&list) {
                        continue;
                    }
                    if above(&list, l).is_some_and(|req| !on.contains(&req)) {
                        climbs = true;
                        break;
                    }
                    on.push(list);
                }
                if !allowed_to(&u, &need, parent) {
                    prop_assert!(refused(&got), "create {} as {}: {:?}", child, u, got);
                } else if climbs {
                    prop_assert_eq!(got.as_ref().err().map(|x| x.code.as_str()), Some("not_a_member"), "create {} as {}: {:?}", child, u, got);
                } else if got.is_err() {
                    prop_assert!(false, "create {} as {} was refused: {:?}", child, u, got);
                } else if let Some(r) = create["creatorRole"].as_str() {
                    let held = e2.export_directory().assignments.iter().any(|a| a.user == u && a.role == r && a.scope == child);
                    prop_assert!(held, "the creator holds {} at {}", r, child);
                }
                if got.is_err() {
                    prop_assert_eq!(&e2.export_directory(), &export, "a refusal changed nothing");
                }
            }
        }
        let cases: [(&str, Box<Act>); 3] = [
            ("remove", Box::new(|e: &mut Engine| e.remove_scope(&u, &s).map(|()| true))),
            ("addMember", Box::new(|e: &mut Engine| e.add_member_as(&u, &s, &v))),
            ("removeMember", Box::new(|e: &mut Engine| e.remove_member_as(&u, &s, &v))),
        ];
        // Leaving a list takes the user's assignments at and below it: the actor must also be
        // allowed to revoke each of them (the decision `canAssign` gives).
        let within = |scope: &str| scope == s || scope.starts_with(&format!("{s}/"));
        let may_revoke_all = e
            .export_directory()
            .assignments
            .iter()
            .filter(|a| a.user == v && within(&a.scope))
            .all(|a| e.can_assign(&u, &a.role, &a.scope, &v, None).unwrap().allowed);
        for (key, act) in cases {
            let need = needs(depth, key);
            let mut e2 = e.clone();
            let got = act(&mut e2);
            let expected = allowed(&need, &s) && (key != "removeMember" || may_revoke_all);
            prop_assert_eq!(!refused(&got), expected, "{} at {} as {}: {:?}", key, s, u, got);
            if refused(&got) {
                prop_assert_eq!(e2.export_directory(), e.export_directory(), "a refusal changed nothing");
            }
        }
    }
}

// ---- model diff --------------------------------------------------------------------------------

#[path = "common/diff_oracle.rs"]
mod diff_oracle;

/// One edit of a generated model document, as picks into its lists.
#[derive(Debug, Clone)]
enum Edit {
    AddGrant(usize, usize),
    DropGrant(usize, usize),
    AddInherit(usize, usize),
    DropInherit(usize, usize),
    /// A permission's condition: 0 none, 1 attribute, 2 context.
    PermWhen(usize, u8),
    /// A permission's prerequisite: an earlier permission of its level, or none.
    Requires(usize, Option<usize>),
    /// A role's own condition.
    RoleWhen(usize, u8),
    /// The group's default: another of its roles, or none.
    Default(Option<usize>),
    /// A role leaves the group (its holders now also get the default).
    Leave(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..8, 0usize..16).prop_map(|(r, p)| Edit::AddGrant(r, p)),
        (0usize..8, 0usize..8).prop_map(|(r, g)| Edit::DropGrant(r, g)),
        (0usize..8, 0usize..8).prop_map(|(r, x)| Edit::AddInherit(r, x)),
        (0usize..8, 0usize..8).prop_map(|(r, x)| Edit::DropInherit(r, x)),
        (0usize..16, 0u8..3).prop_map(|(p, c)| Edit::PermWhen(p, c)),
        (0usize..16, prop::option::of(0usize..4)).prop_map(|(p, q)| Edit::Requires(p, q)),
        (0usize..8, 0u8..3).prop_map(|(r, c)| Edit::RoleWhen(r, c)),
        prop::option::of(0usize..8).prop_map(Edit::Default),
        (0usize..8).prop_map(Edit::Leave),
    ]
}

fn level_of(v: &Value) -> usize {
    v["level"].as_str().and_then(|l| l.strip_prefix('l')).and_then(|d| d.parse().ok()).unwrap_or(usize::MAX)
}

/// The world's model with an exclusive group of the roles of one level (its first role the
/// default), when `group` picks a level that has roles.
fn with_group(mut m: Value, group: Option<usize>, depth: usize) -> Value {
    let Some(level) = group.map(|g| g % depth) else { return m };
    let roles: Vec<Value> = m["roles"].as_array().unwrap().iter().filter(|r| level_of(r) == level).map(|r| r["id"].clone()).collect();
    if let Some(first) = roles.first().cloned() {
        m["groups"] = json!([{ "id": "g", "roles": roles, "default": first }]);
    }
    m
}

/// Applies an edit; the document stays valid (grants at or below the role's level, inheritance
/// of earlier roles of a level at or below, prerequisites on earlier permissions of the level).
fn apply(m: &mut Value, e: &Edit) {
    let perms: Vec<(String, usize)> = m["permissions"].as_array().unwrap().iter().map(|p| (p["id"].as_str().unwrap().to_string(), level_of(p))).collect();
    let roles = m["roles"].as_array().unwrap().clone();
    let n = roles.len();
    match *e {
        Edit::AddGrant(r, p) => {
            let (r, (id, pl)) = (r % n, perms[p % perms.len()].clone());
            if pl == usize::MAX || pl >= level_of(&roles[r]) {
                m["roles"][r]["grants"].as_array_mut().unwrap().push(json!(id));
            }
        }
        Edit::DropGrant(r, g) => {
            let grants = m["roles"][r % n]["grants"].as_array_mut().unwrap();
            if !grants.is_empty() {
                let k = g % grants.len();
                grants.remove(k);
            }
        }
        Edit::AddInherit(r, x) => {
            let r = r % n;
            if r > 0 {
                let x = x % r;
                if level_of(&roles[x]) >= level_of(&roles[r]) {
                    m["roles"][r]["inherits"].as_array_mut().unwrap().push(json!(format!("r{x}")));
                }
            }
        }
        Edit::DropInherit(r, x) => {
            let inherits = m["roles"][r % n]["inherits"].as_array_mut().unwrap();
            if !inherits.is_empty() {
                let k = x % inherits.len();
                inherits.remove(k);
            }
        }
        Edit::PermWhen(p, c) => {
            let k = p % perms.len();
            let free = perms[k].1 == usize::MAX;
            // Attribute conditions where the attribute exists; level-free ones read the context.
            let c = if free && c == 1 { 2 } else if perms[k].1 == 0 && c == 1 { 0 } else { c };
            match cond(c) {
                Some(w) => m["permissions"][k]["when"] = w,
                None => {
                    m["permissions"][k].as_object_mut().unwrap().remove("when");
                }
            }
        }
        Edit::Requires(p, q) => {
            let k = p % perms.len();
            let (id, level) = perms[k].clone();
            let Some(i) = id.rsplit(".p").next().and_then(|i| i.parse::<usize>().ok()).filter(|_| level != usize::MAX) else { return };
            match q.filter(|_| i > 0).map(|q| q % i) {
                Some(j) => m["permissions"][k]["requires"] = json!([perm_id(level, j)]),
                None => {
                    m["permissions"][k].as_object_mut().unwrap().remove("requires");
                }
            }
        }
        Edit::RoleWhen(r, c) => match cond(c) {
            Some(w) => m["roles"][r % n]["when"] = w,
            None => {
                m["roles"][r % n].as_object_mut().unwrap().remove("when");
            }
        },
        Edit::Default(d) => {
            let Some(group) = m.get_mut("groups").and_then(|g| g.get_mut(0)) else { return };
            let members = group["roles"].as_array().unwrap().clone();
            match d {
                Some(d) => group["default"] = members[d % members.len()].clone(),
                None => {
                    group.as_object_mut().unwrap().remove("default");
                }
            }
        }
        Edit::Leave(r) => {
            let Some(group) = m.get_mut("groups").and_then(|g| g.get_mut(0)) else { return };
            let members = group["roles"].as_array().unwrap().clone();
            let leaving = &members[r % members.len()];
            if members.len() > 1 && group.get("default") != Some(leaving) {
                group["roles"].as_array_mut().unwrap().retain(|x| x != leaving);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// `diff(a, a, d)` is empty, and `diff(a, b, d)` holds exactly the answers that `check`
    /// gives differently, one question at a time, under the default and another context.
    #[test]
    fn diff_agrees_with_check(w in world(), group in prop::option::of(0usize..4), edits in prop::collection::vec(edit(), 1..4)) {
        let before = with_group(w.model(), group, w.depth);
        let mut after = before.clone();
        for e in &edits {
            apply(&mut after, e);
        }
        use rolecascade::json::ToJson;
        let dir = w.engine_with(&before).export_directory().to_json();
        let (b, a) = (before.to_string(), after.to_string());
        let contexts: Vec<Option<String>> = vec![None, w.context_version.map(|v| json!({ "version": v }).to_string())];
        for ctx in &contexts {
            let same = rolecascade::authoring::diff::diff(&rolecascade::authoring::compile_json(&b).unwrap(), &rolecascade::authoring::compile_json(&b).unwrap(), &dir, ctx.as_deref()).unwrap();
            prop_assert!(same.gained.is_empty() && same.lost.is_empty() && same.ignored.is_empty());
            prop_assert_eq!((same.cost.scopes, same.cost.pairs), (0, 0));
            let want = diff_oracle::expected(&b, &b, &dir, &dir, ctx.as_deref());
            prop_assert_eq!(same.unchanged, want.unchanged);

            let got = match rolecascade::diff(&b, &a, Some(&dir), ctx.as_deref()) {
                Ok(rolecascade::DiffAnswer::Directory(d)) => d,
                other => return Err(TestCaseError::fail(format!("{other:?}"))),
            };
            let want = diff_oracle::expected(&b, &a, &dir, &dir, ctx.as_deref());
            if let Err(why) = diff_oracle::agrees(&got, &want) {
                prop_assert!(false, "{} after {:?}", why, edits);
            }
        }
    }
}

/// The diff property above would hold vacuously if edits changed nothing: many must, and some
/// through a group's default held by members.
#[test]
fn generated_edits_change_answers() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut changed, mut by_default) = (0, 0);
    for _ in 0..200 {
        let (w, group, edits) = (world(), prop::option::of(0usize..4), prop::collection::vec(edit(), 1..4)).new_tree(&mut runner).unwrap().current();
        let before = with_group(w.model(), group, w.depth);
        let mut after = before.clone();
        edits.iter().for_each(|e| apply(&mut after, e));
        use rolecascade::json::ToJson;
        let dir = w.engine_with(&before).export_directory().to_json();
        let Ok(rolecascade::DiffAnswer::Directory(d)) = rolecascade::diff(&before.to_string(), &after.to_string(), Some(&dir), None) else { panic!("diff failed") };
        if !d.gained.is_empty() || !d.lost.is_empty() {
            changed += 1;
            if d.gained.iter().flat_map(|g| &g.via).chain(d.lost.iter().flat_map(|l| &l.was)).any(|p| p.default) {
                by_default += 1;
            }
        }
    }
    assert!(changed >= 30, "only {changed} of 200 edits changed an answer");
    assert!(by_default >= 5, "only {by_default} of 200 edits changed an answer held through a default");
}
