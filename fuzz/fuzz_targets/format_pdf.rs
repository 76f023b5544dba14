//! Fuzzes the pdf extractor (see `common/format.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common/format.rs"]
mod format;

fuzz_target!(|data: &[u8]| format::run(floor::ingest::formats::Format::Pdf, data));
