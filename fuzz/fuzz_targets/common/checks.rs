//! What every fuzz target checks, shared with `tests/fuzz_targets.rs`, which
//! runs the same checks on stable Rust over the seeds and mutations of them:
//! any bytes give a document or a warning naming the file, never a panic;
//! every range lies on char boundaries inside the canonical text, in order;
//! text files never lose a word; an annotation file is read whole or refused
//! with its path and line, and what is read is written back unchanged.

// Each target uses part of this file.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use floor::config::Config;
use floor::ingest::Ingest;
use floor::ingest::formats::{Format, extract};

/// Ingest without the cache (fuzzing must not write files) and without
/// debris patterns (a text file then keeps every word).
static INGEST: LazyLock<Ingest> = LazyLock::new(|| {
    let mut config = Config::default();
    config.ingest.debris.clear();
    let mut ingest = Ingest::new(&config);
    ingest.cache = false;
    ingest
});

/// A file named `name` (its extension picks the format) holding `data`.
pub fn document(name: &str, data: &[u8]) {
    let path = PathBuf::from(name);
    let doc = match INGEST.parse_bytes("fuzz".into(), path.clone(), data.to_vec()) {
        Ok(doc) => doc,
        Err(warning) => {
            assert_eq!(warning.path, path, "the warning names the file");
            assert!(!warning.message.trim().is_empty(), "the warning says why");
            return;
        }
    };
    let text = &doc.text;
    let sound = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    let mut last_start = 0;
    for turn in doc.turns() {
        assert!(sound(&turn.range), "turn range {:?}", turn.range);
        if !turn.interjection {
            assert!(turn.range.start >= last_start, "turns in order");
            last_start = turn.range.start;
        }
        for p in &turn.paragraphs {
            assert!(sound(&p), "paragraph {p:?}");
        }
        let _ = doc.turn_text(turn);
        let _ = doc.start_time(turn);
    }
    for pair in doc.timecodes.windows(2) {
        assert!(pair[0].offset <= pair[1].offset, "timecodes in order");
    }
    for t in &doc.timecodes {
        assert!(sound(&(t.offset..t.offset)), "timecode at {}", t.offset);
    }
    assert!(!text.contains('\r') && !text.contains('\u{1b}'));
    if Format::of(Path::new(name)).is_none() {
        keeps_every_word(data, text);
    }
}

/// A text file's words all reach the canonical text: decoding, markup
/// removal and sanitising drop marks, never words. Checked on words of
/// ASCII letters, in valid UTF-8 without the characters of inline markup
/// (which may rightly join or hide what stands between them).
fn keeps_every_word(data: &[u8], text: &str) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if source.contains([
        '\0', '<', '>', '&', '\\', '`', '_', '*', '[', ']', '|', '~', '#',
    ]) {
        return;
    }
    for word in source
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 4)
    {
        assert!(text.contains(word), "{word:?} lost");
    }
}

/// A file of `format`: its extractor alone ([`extracted`]), then the whole
/// ingest of it named `name` ([`document`]).
pub fn format_file(format: Format, name: &str, data: &[u8]) {
    extracted(format, data);
    document(name, data);
}

/// The extractor of `format` alone: text or an error message, with caption
/// times and speaker names pointing into the text.
pub fn extracted(format: Format, data: &[u8]) {
    let extracted = match extract(format, data) {
        Ok(e) => e,
        Err(message) => {
            assert!(!message.trim().is_empty());
            return;
        }
    };
    let text = &extracted.text;
    for t in &extracted.timecodes {
        assert!(t.offset <= text.len() && text.is_char_boundary(t.offset));
    }
    for pair in extracted.speakers.windows(2) {
        assert!(pair[0].offset < pair[1].offset, "speakers in order");
    }
    for m in &extracted.speakers {
        let at = text.get(m.offset..).unwrap_or_default();
        assert!(
            at.strip_prefix(m.name.as_str())
                .is_some_and(|rest| rest.starts_with(':')),
            "{:?} is not at {}",
            m.name,
            m.offset
        );
    }
}

/// An annotation file: read whole, or refused naming the file and a line;
/// what is read survives a save and a reload unchanged.
pub fn annotations(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("notes/fuzz.toml");
    match floor::annotate::store::parse(source, path) {
        Err(e) => {
            assert_eq!(e.path, path, "the error names the file");
            assert!(e.message.starts_with("line "), "{}", e.message);
        }
        Ok(ann) => {
            let written = floor::annotate::store::to_toml(&ann);
            let again = floor::annotate::store::parse(&written, path)
                .unwrap_or_else(|e| panic!("floor cannot read what it wrote: {e}\n{written}"));
            assert_eq!(again, ann, "nothing lost in a save and reload");
        }
    }
}
