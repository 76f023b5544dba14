//! Fuzzes Word (DOCX) files: the extractor alone, then the whole ingest (see
//! `common/checks.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common/checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::format_file(
    floor::ingest::formats::Format::Docx,
    "fuzz.docx",
    data
));
