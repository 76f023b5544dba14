//! Fuzzes text transcripts (.txt and .md take the same path): any bytes
//! give a document or a warning naming the file, ranges are sound and no
//! word is lost (see `common/checks.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common/checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::document("fuzz.txt", data));
