//! Formats: the files delegations keep (PDF records, Word statements, saved
//! web pages, WebVTT and SRT captions) turned into canonical text in the
//! shapes the text parser already reads: paragraphs separated by blank lines,
//! `Name:` prefixes, Markdown `#` headings. Caption start times come out as
//! [`Timecode`]s beside the text.
//!
//! One module per format ([`pdf`], [`docx`], [`html`], [`captions`]) and the
//! extraction cache ([`cache`]). Extractors never panic on bad input: a file
//! that cannot be read at all gives an error message (the caller names the
//! file), a file read in part gives warnings.

pub mod cache;
pub mod captions;
pub mod docx;
pub mod html;
pub mod pdf;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::{Timecode, Warning};

/// Bumped whenever an extractor's output changes, so that cached extractions
/// made by an older floor are made again (tags re-anchor on the new text).
pub const EXTRACTOR_VERSION: u32 = 4;

/// A format floor extracts text from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
    Html,
    WebVtt,
    Srt,
}

impl Format {
    /// The format of a file from its extension (case-insensitive); `None`
    /// for text files and anything else.
    pub fn of(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "pdf" => Self::Pdf,
            "docx" => Self::Docx,
            "html" | "htm" | "xhtml" => Self::Html,
            "vtt" => Self::WebVtt,
            "srt" => Self::Srt,
            _ => return None,
        })
    }

    /// A short name used in cache keys and messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Html => "html",
            Self::WebVtt => "vtt",
            Self::Srt => "srt",
        }
    }
}

/// Canonical text extracted from a file, with what it could not read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    pub text: String,
    /// Caption start times, in order of offset.
    pub timecodes: Vec<Timecode>,
    /// Warnings at 1-based lines of the extracted text.
    pub warnings: Vec<(u32, String)>,
    /// Speakers the file itself names where their turns start (caption
    /// voice spans and `>> Name:`), in order of offset.
    #[serde(default)]
    pub speakers: Vec<SpeakerMark>,
}

/// A speaker named by the file at the start of a turn: the text at `offset`
/// is `name` followed by a colon, the name as the file writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerMark {
    pub offset: usize,
    pub name: String,
}

impl Extracted {
    pub fn warnings(&self) -> Vec<Warning> {
        self.warnings
            .iter()
            .map(|(line, message)| Warning::new(*line, message.clone()))
            .collect()
    }
}

/// Extracts the canonical text of a file of `format`. An error is the
/// message of a warning naming the file: nothing of it can be read.
pub fn extract(format: Format, bytes: &[u8]) -> Result<Extracted, String> {
    // A panic in a parser crate on hostile input must cost one file, not the corpus.
    EXTRACTING.with(|e| e.set(true));
    let result = std::panic::catch_unwind(|| match format {
        Format::Pdf => pdf::extract(bytes),
        Format::Docx => docx::extract(bytes),
        Format::Html => html::extract(bytes),
        Format::WebVtt | Format::Srt => captions::extract(bytes),
    });
    EXTRACTING.with(|e| e.set(false));
    let mut extracted = result.unwrap_or_else(|_| {
        Err(format!(
            "cannot read this {}: the file is malformed",
            format.name()
        ))
    })?;
    extracted.text = clean(&extracted.text);
    if extracted.text.trim().is_empty() {
        return Err(format!("no text found in this {}", format.name()));
    }
    Ok(extracted)
}

thread_local! {
    static EXTRACTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` marked as extracting on this thread (a page read on another
/// thread of the pool), so that a panic in it is the file's, as in
/// [`extract`].
fn while_extracting<T>(f: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            EXTRACTING.with(|e| e.set(self.0));
        }
    }
    let _restore = Restore(EXTRACTING.with(|e| e.replace(true)));
    f()
}

/// Whether this thread is extracting a file, for a panic hook: such a panic
/// is caught and becomes a warning on the file, so the hook must neither
/// restore the terminal nor print over the reader.
pub fn in_extraction() -> bool {
    EXTRACTING.with(std::cell::Cell::get)
}

/// Text builder shared by the extractors: paragraphs separated by one blank
/// line, whitespace inside a paragraph collapsed, control characters (which
/// a terminal would act on) dropped.
#[derive(Debug, Default)]
pub struct TextBuilder {
    pub text: String,
    /// The paragraph being written has text.
    open: bool,
}

impl TextBuilder {
    /// Appends words to the current paragraph, one space between runs.
    pub fn push_words(&mut self, s: &str) {
        for word in s.split(|c: char| c.is_whitespace() || c.is_control()) {
            if word.is_empty() {
                continue;
            }
            if self.open && !self.text.ends_with([' ', '\n']) {
                self.text.push(' ');
            }
            self.text.extend(word.chars().filter(|c| !is_unsafe(*c)));
            self.open = true;
        }
    }

    /// Appends text as it is, with no space before it (the rest of a word).
    pub fn push_glued(&mut self, s: &str) {
        self.text
            .extend(s.chars().filter(|c| !is_unsafe(*c) && *c != '\n'));
        self.open |= !s.is_empty();
    }

    /// Ends the current paragraph (nothing when it is empty).
    pub fn end_paragraph(&mut self) {
        if self.open {
            self.text.push_str("\n\n");
            self.open = false;
        }
    }

    /// Where the next paragraph starts (the current one if it has text).
    pub fn offset(&self) -> usize {
        self.text.len()
    }

    /// Whether the current paragraph has text.
    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn finish(mut self) -> String {
        self.end_paragraph();
        while self.text.ends_with('\n') {
            self.text.pop();
        }
        self.text.push('\n');
        self.text
    }
}

/// Characters never written: controls other than newline and tab, and the
/// bidirectional overrides and isolates (see the decode module).
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{ad}')
}

/// The same cleaning for text not built with [`TextBuilder`].
fn clean(text: &str) -> String {
    if text.chars().any(is_unsafe) {
        text.chars().filter(|c| !is_unsafe(*c)).collect()
    } else {
        text.to_string()
    }
}
