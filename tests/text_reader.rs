//! The runtime's reader of directory text in its usual form (`rolecascade::runtime::text`, what
//! the package's Node entries load text with): what it accepts it reads exactly as the authoring
//! crate's full reader does (the same directory, every user and scope with the same number: the
//! same snapshot), and it declines everything else, mistakes included, for the package to read
//! its own way.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#[path = "../benches/common/gen.rs"]
mod gen;

use rolecascade::runtime::text;
use rolecascade::Engine;

/// The snapshot of `text` read by the runtime's text reader, `None` when it declines.
fn read(text: &str) -> Option<Vec<u8>> {
    let mut e = Engine::bizagi(None).unwrap();
    let d = text::read(e.model(), text).ok()?;
    e.set_directory(d);
    Some(e.export_snapshot().unwrap())
}

/// The snapshot of `text` read by the authoring crate's full reader, or its error's code.
fn full(text: &str) -> Result<Vec<u8>, String> {
    let mut e = Engine::bizagi(None).unwrap();
    let d = rolecascade::authoring::directory::read(e.model(), text).map_err(|e| e.code.as_str().to_string())?;
    e.set_directory(d);
    Ok(e.export_snapshot().unwrap())
}

const SMALL: &str = r#"{
  "scopes": ["acme", "acme/automation", "acme/automation/claims", "acme/automation/claims/production", "acme/studio"],
  "members": {
    "acme": ["ana", "bo", "cy", "ana"],
    "acme/automation": ["bo", "ana"],
    "acme/studio": ["cy"]
  },
  "assignments": [
    { "user": "ana", "role": "subscription-owner", "scope": "acme/automation" },
    { "scope": "acme/automation/claims/production", "user": "bo", "role": "environment-basic" },
    { "role": "developer", "user": "cy", "scope": "acme/studio" },
    { "user": "ana", "role": "subscription-owner", "scope": "acme/automation" },
    { "user": "cy", "role": "company-admin", "scope": "acme" }
  ]
}"#;

#[test]
fn what_it_reads_is_what_the_full_reader_reads() {
    let g = gen::generate(2, 300);
    let compact: String = SMALL.split('\n').map(str::trim).collect();
    let exported = Engine::bizagi(Some(SMALL)).unwrap().export_directory_json().unwrap();
    for doc in [SMALL, &compact, &exported, &g.json, "{}", " { } ", r#"{"scopes":[],"members":{},"assignments":[]}"#, r#"{"assignments":[]}"#] {
        let got = read(doc).unwrap_or_else(|| panic!("declined: {doc:.200}"));
        assert_eq!(got, full(doc).unwrap(), "{doc:.200}");
    }
    // The generated company really is read: its users are there.
    let mut e = Engine::bizagi(None).unwrap();
    let d = text::read(e.model(), &g.json).unwrap();
    e.set_directory(d);
    assert_eq!(e.directory().users.len(), g.users);
}

#[test]
fn it_declines_what_it_does_not_read() {
    let declined = [
        // Not the general form in the usual order, or not an object.
        r#"{"members":{},"scopes":[]}"#,
        r#"{"assignments":[],"scopes":[]}"#,
        r#"{"scopes":[],"scopes":[]}"#,
        r#"{"companies":[{"id":"acme"}]}"#,
        r#"{"scopes":[],"extra":1}"#,
        "[]",
        "",
        "null",
        // Escapes and control characters in strings; non-strings.
        r#"{"scopes":["a\u0063me"]}"#,
        "{\"scopes\":[\"ac\tme\"]}",
        r#"{"scopes":[1]}"#,
        r#"{"scopes":"acme"}"#,
        // Member lists under an array index (JavaScript lists those first) or given twice.
        r#"{"scopes":["0"],"members":{"0":["ana"]}}"#,
        r#"{"scopes":["acme"],"members":{"acme":["ana"],"acme":["bo"]}}"#,
        // Assignments not of exactly the three fields.
        r#"{"scopes":["acme"],"assignments":[{"user":"a","role":"company-admin"}]}"#,
        r#"{"scopes":["acme"],"assignments":[{"user":"a","role":"company-admin","scope":"acme","x":"y"}]}"#,
        r#"{"scopes":["acme"],"assignments":[{"user":"a","user":"b","role":"company-admin","scope":"acme"}]}"#,
        r#"{"scopes":["acme"],"assignments":[{}]}"#,
        // Bad JSON.
        r#"{"scopes":["acme"],}"#,
        r#"{"scopes":["acme"]} x"#,
        r#"{"scopes":["acme""#,
        r#"{"scopes" ["acme"]}"#,
        // Mistakes the engine finds: an unknown scope or role, a duplicate scope, a missing
        // parent, a member missing from the list its level requires, a level mismatch.
        r#"{"scopes":["acme"],"members":{"globex":["ana"]}}"#,
        r#"{"scopes":["acme"],"assignments":[{"user":"a","role":"nobody","scope":"acme"}]}"#,
        r#"{"scopes":["acme","acme"]}"#,
        r#"{"scopes":["acme/automation"]}"#,
        r#"{"scopes":["acme","acme/automation"],"members":{"acme/automation":["ana"]}}"#,
        r#"{"scopes":["acme","acme/automation"],"assignments":[{"user":"a","role":"company-admin","scope":"acme/automation"}]}"#,
    ];
    for doc in declined {
        assert!(read(doc).is_none(), "accepted: {doc}");
    }
    // Its neighbours, which it reads.
    for doc in [r#"{"scopes":["acme"],"members":{"acme":["ana"]}}"#, r#"{"scopes":["0a"],"members":{"0a":["ana"]}}"#, r#"{"scopes":["é/x"]}"#] {
        assert_eq!(read(doc), full(doc).ok(), "{doc}");
    }
}

/// Every text made by changing one byte of a document, or cutting it short: whatever the reader
/// accepts, the full reader reads to the same directory. (The other way round does not hold: the
/// reader declines much that is valid.)
#[test]
fn an_edited_text_it_accepts_is_read_as_the_full_reader_reads_it() {
    let doc = SMALL.as_bytes();
    let bytes: &[u8] = b" \"{}[],:\\a0/\t";
    let mut accepted = 0;
    for at in 0..doc.len() {
        for &b in bytes.iter().chain([b'x'].iter()) {
            let mut t = doc.to_vec();
            t[at] = b;
            let Ok(t) = String::from_utf8(t) else { continue };
            if let Some(got) = read(&t) {
                accepted += 1;
                assert_eq!(Ok(got), full(&t), "{t}");
            }
        }
        if let Some(cut) = SMALL.get(..at) {
            assert!(read(cut).is_none(), "a text cut short at {at} accepted");
        }
    }
    // Many edits keep the document valid (white space, ids): they are read.
    assert!(accepted > 100, "{accepted}");
}

#[test]
fn a_text_over_the_size_limit_is_declined() {
    let max = rolecascade::limits::MAX_DIRECTORY_BYTES;
    let at_limit = format!("{{}}{}", " ".repeat(max - 2));
    assert_eq!(at_limit.len(), max);
    assert!(read(&at_limit).is_some());
    assert!(read(&format!("{at_limit} ")).is_none());
    // The full reader refuses it, naming the limit.
    assert_eq!(Engine::bizagi(Some(&format!("{at_limit} "))).err().map(|e| e.code.as_str().to_string()).as_deref(), Some("limit_exceeded"));
}

#[test]
fn a_limit_met_is_handed_back_with_the_decline() {
    let max = rolecascade::limits::MAX_USERS;
    let users: Vec<String> = (0..=max).map(|i| format!("\"u{i}\"")).collect();
    let text = format!("{{\"scopes\":[\"acme\"],\"members\":{{\"acme\":[{}]}}}}", users.join(","));
    let e = Engine::bizagi(None).unwrap();
    let Err(text::Declined(Some(err))) = text::read(e.model(), &text) else { panic!("not declined with its limit") };
    assert_eq!(err.code.as_str(), "limit_exceeded");
    assert!(err.message.contains(&max.to_string()), "{}", err.message);
    // A mistake is declined without an error.
    assert!(matches!(text::read(e.model(), "{\"scopes\":[\"acme\",\"acme\"]}"), Err(text::Declined(None))));
}
