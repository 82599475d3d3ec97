//! Every input that once broke the engine stays: the files under tests/fuzz-crashers/<target>/
//! are replayed through the fuzz targets' bodies on every `cargo test`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod fuzz_logic;
mod reference;

use std::path::Path;

fn replay(target: &str, f: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-crashers").join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") {
            continue;
        }
        f(&std::fs::read(&path).unwrap());
        n += 1;
    }
    n
}

#[test]
fn crashers_stay_fixed() {
    let n = replay("model", fuzz_logic::model)
        + replay("directory", fuzz_logic::directory)
        + replay("stateless", fuzz_logic::stateless)
        + replay("queries", fuzz_logic::queries);
    println!("replayed {n} crashers");
}

#[test]
fn the_fuzz_bodies_run_on_simple_inputs() {
    fuzz_logic::model(br#"{"levels":[{"id":"o"},{"id":"t","parent":"o"}],"permissions":[{"id":"p","level":"t"}],"roles":[]}"#);
    fuzz_logic::directory(br#"{"scopes":["acme","acme/automation"],"members":{"acme":["a"],"acme/automation":["a"]},"assignments":[{"user":"a","role":"subscription-owner","scope":"acme/automation"}]}"#);
    fuzz_logic::stateless(&[3, 1, 2, 0, 2, 1, 0, 2, 4, 2, 0, 2, 5, 6, 1]);
    fuzz_logic::queries(&(0u8..=255).collect::<Vec<_>>());
}
