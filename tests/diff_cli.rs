//! `rolecascade diff` (the command line, issue 16): exit codes (1 when anything is gained, 0
//! otherwise, 2 on an error with its code on stderr), `--json` printing what `rolecascade::diff`
//! answers, and the readable summary.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Output};

const SAMPLE: &str = "www/samples/bizagi.json";
const MODEL: &str = "models/bizagi.json";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rolecascade")).current_dir(env!("CARGO_MANIFEST_DIR")).args(args).output().unwrap()
}

/// A file in a directory of this test's own, written once.
fn file(name: &str, text: &str) -> String {
    let dir: PathBuf = std::env::temp_dir().join(format!("rolecascade-diff-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn edited(name: &str, f: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(rolecascade::DEFAULT_MODEL).unwrap();
    f(&mut v);
    file(name, &v.to_string())
}

fn role(m: &mut Value, id: &str) -> usize {
    m["roles"].as_array().unwrap().iter().position(|r| r["id"] == id).unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Contributors inherit basic environment access (a widening change).
fn widening() -> String {
    edited("widening.json", |m| {
        let r = role(m, "project-contributor");
        m["roles"][r]["inherits"] = json!(["environment-basic"]);
    })
}

/// Project owners no longer delete projects (a narrowing change).
fn narrowing() -> String {
    edited("narrowing.json", |m| {
        let r = role(m, "project-owner");
        m["roles"][r]["grants"].as_array_mut().unwrap().retain(|g| g != "project.delete");
    })
}

#[test]
fn a_widening_change_exits_1_and_says_who_gains_what() {
    let after = widening();
    let o = run(&["diff", MODEL, &after, "--directory", SAMPLE]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Gained: 14 answers by 5 users"), "{out}");
    assert!(out.contains("+5 users gain mc.track on 5 environments, through project-contributor -> environment-basic"), "{out}");
    assert!(out.contains("Lost: 0 answers"), "{out}");
}

#[test]
fn a_narrowing_change_exits_0() {
    let after = narrowing();
    let o = run(&["diff", MODEL, &after, "--directory", SAMPLE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("-ana@acme.test loses project.delete on 6 projects, through company-admin -> subscription-owner -> project-owner"), "{out}");
    // Without a directory: per role and level.
    let o = run(&["diff", MODEL, &after]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("-project-owner loses project.delete at project scopes, through project-owner"), "{}", stdout(&o));
    // The same models: nothing gained.
    let o = run(&["diff", MODEL, MODEL, "--directory", SAMPLE]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn json_is_what_the_library_answers() {
    let after = widening();
    let o = run(&["diff", MODEL, &after, "--directory", SAMPLE, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let got: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let after_text = std::fs::read_to_string(&after).unwrap();
    let sample = std::fs::read_to_string(SAMPLE).unwrap();
    let want = rolecascade::diff(rolecascade::DEFAULT_MODEL, &after_text, Some(&sample), None).unwrap();
    assert_eq!(got, serde_json::from_str::<Value>(&want.to_json(false)).unwrap());
    assert_eq!(got["gained"][0]["via"][0]["via"], json!(["project-contributor", "environment-basic"]));
    for key in ["gained", "lost", "unchanged", "ignored"] {
        assert!(got.get(key).is_some(), "{key}");
    }
    // Per role and level, and under a context given inline.
    let o = run(&["diff", MODEL, &after, "--json"]);
    let got: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(got["gained"].as_array().unwrap().len(), 2);
    assert_eq!(got["gained"][0]["level"], "environment");
    let o = run(&["diff", MODEL, &after, "--directory", SAMPLE, "--context", r#"{"launchedFrom": "studio"}"#, "--json"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn errors_exit_2_with_their_code() {
    let cases: [(&[&str], &str); 5] = [
        (&["diff", MODEL], "invalid_argument"),
        (&["diff", MODEL, "no-such-file.json"], "invalid_argument"),
        (&["diff", MODEL, MODEL, "--directory"], "invalid_argument"),
        (&["diff", MODEL, MODEL, "--frobnicate"], "invalid_argument"),
        (&["nonsense"], "invalid_argument"),
    ];
    for (args, code) in cases {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(code), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
    let bad = file("bad.json", r#"{"levels": []"#);
    let o = run(&["diff", MODEL, &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid_json") && stderr(&o).contains("bad.json"), "{}", stderr(&o));
    let cyclic = edited("cyclic.json", |m| {
        let r = role(m, "environment-basic");
        m["roles"][r]["inherits"] = json!(["environment-owner"]);
    });
    let o = run(&["diff", MODEL, &cyclic]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("inheritance_cycle") && stderr(&o).contains("(at roles["), "{}", stderr(&o));
    let dir = file("dir.json", r#"{"scopes": ["acme"], "assignments": [{"user": "a", "role": "nobody", "scope": "acme"}]}"#);
    let o = run(&["diff", MODEL, MODEL, "--directory", &dir]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown_role") && stderr(&o).contains("(at assignments[0])"), "{}", stderr(&o));
}
