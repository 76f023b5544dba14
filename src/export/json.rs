//! The JSON structure of `floor check --json`: documents → agenda items →
//! turns, with each turn's display text. The README documents it.

use serde::Serialize;

use crate::geometry::TurnIndex;
use crate::model::{AgendaItem, Corpus, Document, PathWarning, Turn, Warning};

/// The whole corpus.
#[derive(Serialize)]
pub struct CorpusJson<'a> {
    pub documents: Vec<DocumentJson<'a>>,
    /// Paths that could not be loaded (binary or unreadable files).
    pub warnings: &'a [PathWarning],
}

#[derive(Serialize)]
pub struct DocumentJson<'a> {
    pub id: &'a str,
    pub path: String,
    pub title: &'a str,
    pub kind: &'static str,
    pub metadata: &'a std::collections::BTreeMap<String, String>,
    pub authors: &'a [String],
    pub agenda_items: Vec<AgendaItemJson<'a>>,
    /// Tags starting in no turn: before the first turn or between turns
    /// (exports only; absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<TagJson<'a>>,
    pub warnings: &'a [Warning],
    /// Tags whose text is no longer in the transcript (with annotations).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub orphaned_tags: Vec<TagJson<'a>>,
}

#[derive(Serialize)]
pub struct AgendaItemJson<'a> {
    pub title: Option<&'a str>,
    pub number: Option<&'a str>,
    pub source: crate::model::AgendaSource,
    pub start_line: u32,
    pub turns: Vec<TurnJson<'a>>,
}

#[derive(Serialize)]
pub struct TurnJson<'a> {
    pub speaker: &'a str,
    pub person: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub authors: &'a [String],
    pub role: &'static str,
    pub on_behalf_of: Option<&'a str>,
    pub attribution: &'static str,
    pub confidence: f32,
    /// Why the speaker was chosen, as `floor check --explain` says it.
    pub evidence: String,
    pub interjection: bool,
    pub start_line: u32,
    /// When the turn began, `H:MM:SS`, for documents from captions (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// Byte range in the canonical text.
    pub byte_range: [usize; 2],
    pub text: String,
    /// Tags starting in the turn (exports only; absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<TagJson<'a>>,
    /// The note on the turn (exports only; absent when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A tag on a turn in `floor export --format json`.
#[derive(Serialize)]
pub struct TagJson<'a> {
    pub id: &'a str,
    pub themes: &'a [String],
    /// Byte range in the canonical text.
    pub byte_range: [usize; 2],
    pub start_line: u32,
    pub quote: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub note: String,
    pub author: &'a str,
    pub created: &'a str,
    pub modified: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub orphaned: bool,
}

fn tag_json<'a>(doc: &Document, t: &'a crate::annotate::Tag) -> TagJson<'a> {
    TagJson {
        id: &t.id,
        themes: &t.themes,
        byte_range: [t.target.start, t.target.end],
        start_line: if t.orphaned {
            0
        } else {
            doc.line_at(t.target.start)
        },
        quote: &t.target.quote,
        note: super::report::clean(&t.note),
        author: &t.author,
        created: &t.created,
        modified: &t.modified,
        orphaned: t.orphaned,
    }
}

/// A document with its tags and notes on each turn.
pub fn document_annotated<'a>(
    doc: &'a Document,
    ann: &'a crate::annotate::Annotations,
) -> DocumentJson<'a> {
    let mut json = document(doc);
    let index = TurnIndex::new(doc);
    let mut per_turn: Vec<Vec<TagJson<'a>>> =
        std::iter::repeat_with(Vec::new).take(index.len()).collect();
    for t in ann.tags.iter().filter(|t| !t.orphaned) {
        let tag = tag_json(doc, t);
        match index.locate(t.target.start) {
            Some(place) => per_turn[place.turn].push(tag),
            None => json.tags.push(tag),
        }
    }
    let turns = doc.turns();
    let out = json
        .agenda_items
        .iter_mut()
        .flat_map(|i| i.turns.iter_mut());
    for ((turn, out), tags) in turns.zip(out).zip(per_turn) {
        out.tags = tags;
        out.note = ann.turn_note(turn).map(|n| super::report::clean(&n.note));
    }
    json.orphaned_tags = ann.orphans().map(|t| tag_json(doc, t)).collect();
    json
}

pub fn corpus(corpus: &Corpus) -> CorpusJson<'_> {
    CorpusJson {
        documents: corpus.documents.iter().map(document).collect(),
        warnings: &corpus.warnings,
    }
}

pub fn document(doc: &Document) -> DocumentJson<'_> {
    DocumentJson {
        id: &doc.id,
        path: doc.path.display().to_string(),
        title: &doc.title,
        kind: doc.kind.as_str(),
        metadata: &doc.metadata,
        authors: &doc.authors,
        agenda_items: doc
            .agenda_items
            .iter()
            .map(|i| agenda_item(doc, i))
            .collect(),
        tags: Vec::new(),
        warnings: &doc.warnings,
        orphaned_tags: Vec::new(),
    }
}

fn agenda_item<'a>(doc: &'a Document, item: &'a AgendaItem) -> AgendaItemJson<'a> {
    AgendaItemJson {
        title: item.title.as_deref(),
        number: item.number.as_deref(),
        source: item.source,
        start_line: item.start_line,
        turns: item.turns.iter().map(|t| turn(doc, t)).collect(),
    }
}

pub fn turn<'a>(doc: &'a Document, turn: &'a Turn) -> TurnJson<'a> {
    TurnJson {
        speaker: &turn.speaker,
        person: turn.person(),
        authors: turn.authors(),
        role: turn.role.as_str(),
        on_behalf_of: turn.on_behalf_of(),
        attribution: turn.attribution.as_str(),
        confidence: turn.confidence,
        evidence: doc.why(turn),
        interjection: turn.interjection,
        start_line: turn.start_line,
        start_time: doc.start_time(turn).map(|t| t.clock()),
        byte_range: [turn.range.start, turn.range.end],
        text: doc.turn_text(turn),
        tags: Vec::new(),
        note: None,
    }
}
