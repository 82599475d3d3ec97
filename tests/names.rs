//! `Names`, the interner behind user and scope ids: numbers in order of arrival, every name
//! found again through growth, nothing found that was not added.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

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

/// Taking the last name away (a change undone) leaves every other name found, the popped one
/// gone, and the next name numbered as it would have been.
#[test]
fn popped_names_are_gone_and_the_rest_stay() {
    let mut n = Names::default();
    let ids: Vec<String> = (0..20_000).map(|i| format!("s{i}/x{}", i % 13)).collect();
    for id in &ids {
        n.intern(id);
    }
    for k in (10_000..ids.len()).rev() {
        n.pop();
        assert_eq!(n.len(), k);
        assert_eq!(n.find(&ids[k]), None);
        // Every few pops, everything that is left is still found by its number.
        if k % 997 == 0 {
            for (i, id) in ids.iter().enumerate().take(k) {
                assert_eq!(n.find(id), Some(i as u32), "{id} after popping to {k}");
            }
        }
    }
    assert_eq!(n.intern("new"), Some(10_000));
    assert_eq!(n.find(&ids[9_999]), Some(9_999));
    let mut empty = Names::default();
    empty.pop();
    assert_eq!(empty.intern("a"), Some(0));
    empty.pop();
    assert_eq!((empty.len(), empty.find("a")), (0, None));
    assert_eq!(empty.intern("b"), Some(0));
}
