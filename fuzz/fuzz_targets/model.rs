#![no_main]
//! Fuzz target `model`: see tests/fuzz_logic/mod.rs.
#[path = "../../tests/reference/mod.rs"]
mod reference;
#[path = "../../tests/fuzz_logic/mod.rs"]
mod fuzz_logic;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_logic::model(data));
