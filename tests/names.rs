//! `Names`, the interner behind user and scope ids: numbers in order of arrival, every name
//! found again through growth, nothing found that was not added.
#![allow(clippy::unwrap_used)]

use rolecascade::names::Names;

#[test]
fn interned_names_come_back() {
    let mut n = Names::default();
    assert_eq!((n.len(), n.find("a"), n.name(0)), (0, None, ""));
    let ids: Vec<String> = (0..100_000).map(|i| format!("u{i}@c{}.test", i % 97)).collect();
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(n.intern(id), Some(i as u32));
    }
    // Again: the same numbers, nothing added.
    for (i, id) in ids.iter().enumerate().step_by(7) {
        assert_eq!(n.intern(id), Some(i as u32));
    }
    assert_eq!(n.len(), ids.len());
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(n.find(id), Some(i as u32));
        assert_eq!(n.name(i as u32), id);
    }
    for missing in ["", "u1", "u1@c1.tes", "u100000@c0.test", "U1@c1.test"] {
        assert_eq!(n.find(missing), None, "{missing}");
    }
    assert_eq!(n.name(ids.len() as u32), "");
    assert_eq!(n.name(u32::MAX), "");
    assert_eq!(n.iter().count(), ids.len());
}

#[test]
fn odd_names_are_plain_names() {
    let mut n = Names::default();
    let odd = ["__proto__", "constructor", "é", "e\u{301}", "a/b", "\"quoted\"", "x".repeat(256).leak() as &str];
    for (i, s) in odd.iter().enumerate() {
        assert_eq!(n.intern(s), Some(i as u32));
    }
    for (i, s) in odd.iter().enumerate() {
        assert_eq!((n.find(s), n.name(i as u32)), (Some(i as u32), *s));
    }
}
