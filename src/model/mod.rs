//! The data model: corpus, documents, agenda items and turns.
//!
//! Plain data, no I/O and no terminal code. Every offset is a byte range into a
//! document's canonical text (`Document::text`), the decoded and sanitised file
//! with line ends normalised to LF and inline markup removed. The canonical text
//! has exactly as many lines as the file, so a line number found here is a line
//! number in the file.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

mod turn;

pub use turn::{Attribution, DOUBTFUL, Evidence, Paragraphs, Role, Turn, TurnDetails};

/// Everything loaded from the paths given on the command line.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    /// Documents sorted by id, so folders group together.
    pub documents: Vec<Document>,
    /// Problems that concern no single document (an unreadable path, say).
    pub warnings: Vec<PathWarning>,
}

/// A warning about a path that could not be loaded as a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathWarning {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for PathWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// What sort of text a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    /// A record of a meeting: many turns.
    #[default]
    Transcript,
    /// One delegation (or a few together) speaking: one turn.
    Statement,
    /// A written proposal or working paper by one or more States.
    Submission,
    /// A news article or web page about a meeting.
    Article,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Transcript => "transcript",
            Self::Statement => "statement",
            Self::Submission => "submission",
            Self::Article => "article",
        }
    }
}

/// One file of the corpus.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Path relative to the corpus root without extension, with `/` separators:
    /// `oewg-2021-25/session-2/meeting-9`.
    pub id: String,
    /// Where the document was read from (as given, or `sample:` for the bundled
    /// sample).
    pub path: PathBuf,
    pub title: String,
    pub kind: DocumentKind,
    /// Header fields: front matter keys, or `date`, `process`, ... found in the
    /// first lines.
    pub metadata: BTreeMap<String, String>,
    /// Who the document speaks for (statements and submissions), in the order
    /// the header names them.
    pub authors: Vec<String>,
    /// The canonical text: every range in this document points into it.
    pub text: String,
    pub agenda_items: Vec<AgendaItem>,
    pub warnings: Vec<Warning>,
    /// When the text at an offset was spoken, for documents extracted from
    /// captions (WebVTT, SRT); in order of offset, empty for other documents.
    pub timecodes: Vec<Timecode>,
}

/// A caption's start time at an offset of the canonical text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Timecode {
    pub offset: usize,
    /// Milliseconds from the start of the recording.
    pub millis: u64,
}

impl Timecode {
    /// `H:MM:SS` (hours without padding), as a reader shows a start time.
    pub fn clock(&self) -> String {
        let s = self.millis / 1000;
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

impl Document {
    /// Gives back the memory the parse reserved beyond what the document
    /// holds (a vector grown by pushing keeps up to twice its length), and
    /// lets the turns of one speaker share the name: the reader keeps every
    /// document of a corpus for the whole session.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.agenda_items.shrink_to_fit();
        let mut names: HashSet<Arc<str>> = HashSet::new();
        for item in &mut self.agenda_items {
            item.turns.shrink_to_fit();
            for turn in &mut item.turns {
                turn.paragraphs.shrink_to_fit();
                match names.get(&turn.speaker) {
                    Some(name) => turn.speaker = Arc::clone(name),
                    None => {
                        names.insert(Arc::clone(&turn.speaker));
                    }
                }
            }
        }
        self.warnings.shrink_to_fit();
        self.timecodes.shrink_to_fit();
    }

    /// All turns of the document in reading order.
    pub fn turns(&self) -> impl Iterator<Item = &Turn> {
        self.agenda_items.iter().flat_map(|item| item.turns.iter())
    }

    /// The number of turns.
    pub fn turn_count(&self) -> usize {
        self.agenda_items.iter().map(|i| i.turns.len()).sum()
    }

    /// The agenda item of a turn (reading order) and the turn's index in
    /// it; None past the last turn.
    pub fn turn_location(&self, turn: usize) -> Option<(usize, usize)> {
        let mut n = 0;
        for (i, item) in self.agenda_items.iter().enumerate() {
            if turn < n + item.turns.len() {
                return Some((i, turn - n));
            }
            n += item.turns.len();
        }
        None
    }

    /// The text of a range of the canonical text.
    pub fn slice(&self, range: &Range<usize>) -> &str {
        self.text.get(range.clone()).unwrap_or("")
    }

    /// When a turn began, for documents from captions: the time of the last
    /// timecode at or before the turn's first spoken word.
    pub fn start_time(&self, turn: &Turn) -> Option<Timecode> {
        let at = turn
            .paragraphs
            .first()
            .map_or(turn.range.start, |p| p.start);
        let n = self.timecodes.partition_point(|t| t.offset <= at);
        n.checked_sub(1).map(|i| self.timecodes[i])
    }

    /// The 1-based line on which a byte offset lies.
    ///
    /// This counts the text up to `offset`; for many offsets use
    /// [`LineCounter`], which counts the text once.
    pub fn line_at(&self, offset: usize) -> u32 {
        let end = offset.min(self.text.len());
        memchr::memchr_iter(b'\n', &self.text.as_bytes()[..end]).count() as u32 + 1
    }

    /// The words of a turn's evidence as shown: unwrapped, at most 80
    /// characters, "…" where they are cut.
    pub fn quote(&self, evidence: &Evidence) -> String {
        let mut out = String::new();
        if evidence.cut {
            out.push_str("… ");
        }
        push_unwrapped(&mut out, self.slice(&evidence.range()));
        if out.chars().count() > 80 {
            out = out.chars().take(79).collect::<String>() + "…";
        }
        out
    }

    /// Why `turn` has its speaker, in words: "label at line 12: 'The
    /// Chair:'", "cue at line 40: '… Chile, you have the floor.'", "no
    /// label, cue or self-reference found". `floor check --explain` and the
    /// JSON export say it the same way.
    pub fn why(&self, turn: &Turn) -> String {
        match (&turn.evidence, turn.attribution) {
            (_, Attribution::Manual) => "corrected by hand".to_string(),
            (None, _) => "no label, cue or self-reference found".to_string(),
            (Some(e), a) => {
                let what = match a {
                    Attribution::Label | Attribution::Prefix => "label",
                    Attribution::FloorCue => "cue",
                    Attribution::SelfReference => "self-reference",
                    Attribution::Header => "header",
                    Attribution::Manual | Attribution::Unknown => "",
                };
                format!("{what} at line {}: '{}'", e.line, self.quote(e))
            }
        }
    }

    /// Display text of a turn: its paragraphs (without labels, prefixes,
    /// markup or debris) joined by blank lines, hard-wrapped lines unwrapped.
    pub fn turn_text(&self, turn: &Turn) -> String {
        let mut out = String::new();
        for (i, paragraph) in turn.paragraphs.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            push_unwrapped(&mut out, self.slice(&paragraph));
        }
        out
    }
}

/// Appends a paragraph with its hard line breaks turned into single spaces and
/// runs of spaces or no-break spaces at the breaks collapsed.
pub fn push_unwrapped(out: &mut String, paragraph: &str) {
    let mut first = true;
    for line in paragraph.split('\n') {
        let line = line.trim_matches(is_blank_char);
        if line.is_empty() {
            continue;
        }
        if !first {
            out.push(' ');
        }
        out.push_str(line);
        first = false;
    }
}

/// Whitespace that may pad a line: spaces, tabs and no-break spaces.
pub fn is_blank_char(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{feff}'
    )
}

/// How an agenda item was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgendaSource {
    /// No agenda structure: the one untitled item of the document.
    Implicit,
    /// A heading line (`Agenda item 93`, `## ...`).
    Heading,
    /// The chair opened it ("the floor is now open on ...").
    ChairCue,
    /// A user's correction.
    Manual,
}

/// A part of a meeting under one agenda item or sub-item.
#[derive(Debug, Clone)]
pub struct AgendaItem {
    /// `None` for the implicit item of a document without agenda structure.
    pub title: Option<String>,
    /// The agenda number where one is given ("93").
    pub number: Option<String>,
    pub source: AgendaSource,
    /// Line where the item starts.
    pub start_line: u32,
    pub turns: Vec<Turn>,
}

/// Something a user should know about a document, at a line of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub line: u32,
    pub message: String,
}

impl Warning {
    pub fn new(line: u32, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

/// The text shown for several authors: "France", "France and Germany",
/// "France, Egypt and 45 others".
pub fn authors_display(authors: &[String]) -> String {
    match authors {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, c] => format!("{a}, {b} and {c}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} others", rest.len()),
    }
}

/// Line numbers of many offsets of one text: asked in increasing order, the
/// text is counted once in all (a document's tags, in text order), where
/// [`Document::line_at`] for each would count it again from the start.
pub struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    line: u32,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line (from 1) holding `offset`, as [`Document::line_at`].
    pub fn line_at(&mut self, offset: usize) -> u32 {
        let end = offset.min(self.text.len());
        if end < self.at {
            self.at = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &self.text[self.at..end]).count() as u32;
        self.at = end;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_counter_agrees_with_line_at_in_any_order() {
        let doc = Document {
            text: "a\nbb\n\nccc\nd".into(),
            ..Document::default()
        };
        let mut counter = LineCounter::new(&doc.text);
        for offset in [0, 1, 2, 5, 6, 7, 12, 3, 0, 11, 40, 4] {
            assert_eq!(
                counter.line_at(offset),
                doc.line_at(offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn authors_display_shortens_long_lists() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(authors_display(&names(&["France"])), "France");
        assert_eq!(
            authors_display(&names(&["France", "Germany"])),
            "France and Germany"
        );
        assert_eq!(
            authors_display(&names(&["France", "Egypt", "Japan", "Chile"])),
            "France, Egypt and 2 others"
        );
    }

    #[test]
    fn unwrapping_joins_hard_wrapped_lines() {
        let mut out = String::new();
        push_unwrapped(
            &mut out,
            "So, the\nBiden-Harris administration\u{a0}\u{a0}\nsaid.",
        );
        assert_eq!(out, "So, the Biden-Harris administration said.");
    }

    #[test]
    fn line_at_counts_from_one() {
        let doc = Document {
            text: "a\nb\nc".into(),
            ..Default::default()
        };
        assert_eq!(doc.line_at(0), 1);
        assert_eq!(doc.line_at(2), 2);
        assert_eq!(doc.line_at(4), 3);
    }
}
