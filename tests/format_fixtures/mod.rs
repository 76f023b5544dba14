//! The format fixtures of `tests/fixtures/formats/` (sources in its
//! README) as the format tests read them: loaded without the cache, so
//! tests never write into the repository.

// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::path::PathBuf;

use floor::config::Config;
use floor::ingest::Ingest;
use floor::model::Document;

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

/// Ingest without the cache, so tests never write into the repository.
pub fn ingest() -> Ingest {
    let mut ingest = Ingest::new(&Config::default());
    ingest.cache = false;
    ingest
}

pub fn load(name: &str) -> Document {
    let path = fixture_path(name);
    let bytes = std::fs::read(&path).unwrap();
    ingest()
        .parse_bytes(name.into(), path, bytes)
        .unwrap_or_else(|w| panic!("{name}: {}", w.message))
}

/// Every turn's text, one string per turn.
pub fn turn_texts(doc: &Document) -> Vec<String> {
    doc.turns().map(|t| doc.turn_text(t)).collect()
}

pub fn speakers(doc: &Document) -> Vec<String> {
    doc.turns().map(|t| t.speaker.to_string()).collect()
}

/// Lines of the canonical text that are only a number (a page number left in).
pub fn bare_numbers(doc: &Document) -> Vec<&str> {
    doc.text
        .lines()
        .filter(|l| !l.trim().is_empty() && l.trim().chars().all(|c| c.is_ascii_digit()))
        .collect()
}
