//! Runs every decision-vector file natively.
#![allow(clippy::unwrap_used, clippy::panic)]
mod common;

#[test]
fn decision_vectors() {
    let (cases, failures) = common::run_all();
    assert!(cases > 0, "no vector cases found");
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
}
