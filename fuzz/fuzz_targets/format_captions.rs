//! Fuzzes WebVTT and SRT captions (one extractor reads both): the extractor
//! alone, then the whole ingest, speaker names included (see
//! `common/checks.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common/checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::format_file(
    floor::ingest::formats::Format::WebVtt,
    "fuzz.vtt",
    data
));
