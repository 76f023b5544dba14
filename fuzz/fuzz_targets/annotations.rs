//! Fuzzes annotation files: read whole or refused naming the file and a
//! line, and written back unchanged (see `common/checks.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common/checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::annotations(data));
