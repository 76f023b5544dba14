//! Fuzzes ingest: any bytes must parse without a panic, and every range must
//! lie on char boundaries inside the canonical text.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use floor::config::Config;
use floor::ingest::Ingest;
use libfuzzer_sys::fuzz_target;

static INGEST: LazyLock<Ingest> = LazyLock::new(|| Ingest::new(&Config::default()));

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = INGEST.parse_bytes("fuzz".into(), PathBuf::from("fuzz.txt"), data.to_vec()) else {
        return;
    };
    for turn in doc.turns() {
        for range in std::iter::once(&turn.range).chain(&turn.paragraphs) {
            assert!(range.start <= range.end && range.end <= doc.text.len());
            assert!(doc.text.is_char_boundary(range.start) && doc.text.is_char_boundary(range.end));
        }
        let _ = doc.turn_text(turn);
    }
});
