//! The corpus-wide views of the reader: search across every loaded document,
//! the speaker index, the theme index, the speaker × theme table and export.
//!
//! Their state lives here, apart from the reader's state (which holds it);
//! [`super::corpus_keys`] handles their keys and export, [`super::views`]
//! draws them. The search itself is [`corpus_search`], a pure function over
//! the loaded documents (what `benches/corpus_search.rs` measures).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::annotate::{Annotations, Codebook, Tag};
use crate::model::Document;
use crate::search::{Hit, QueryError, Search, TaggedSpan, TextIndex, tagged_spans};

/// Which corpus view is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ViewKind {
    /// Search across the corpus.
    #[default]
    Search,
    /// Every turn of one speaker.
    Speakers,
    /// Every tagged segment of one theme.
    Themes,
    /// Speakers × themes, with a bar chart of one theme.
    Table,
    /// Choose an export format.
    Export,
}

/// Whether keys go to the input line (a query or a filter) or to the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    /// Typing: a query, or a filter over speakers or themes.
    #[default]
    Input,
    /// Moving through the results with `j`/`k`.
    List,
}

/// One result: a search hit, a turn of a speaker or a tagged segment.
#[derive(Debug, Clone)]
pub struct Entry {
    pub doc: usize,
    /// The turn in reading order, when the entry lies in one.
    pub turn: Option<usize>,
    /// Where to jump: a byte offset of the canonical text.
    pub offset: usize,
    /// The search hit (search view).
    pub hit: Option<Hit>,
    /// The tag (theme index).
    pub tag: Option<Arc<Tag>>,
}

/// The state of the corpus views.
#[derive(Debug, Default)]
pub struct CorpusViews {
    pub kind: ViewKind,
    pub stage: Stage,
    /// The query (search) or the filter (speaker and theme pickers).
    pub input: String,
    /// The last query that parsed badly, with where.
    pub error: Option<QueryError>,
    pub entries: Vec<Entry>,
    /// Selected entry (list stage), or selected choice (input stage of the
    /// pickers), or selected row (table), or format (export).
    pub selected: usize,
    /// Speakers or themes to pick from: key, label, count.
    pub choices: Vec<(String, String, usize)>,
    /// Indices into `choices` that pass the filter.
    pub matches: Vec<usize>,
    /// The speaker or theme picked: key and label.
    pub chosen: Option<(String, String)>,
    /// The table: theme ids and labels (columns), and speakers with their
    /// count per theme (rows), most tags first.
    pub table_themes: Vec<(String, String)>,
    pub table: Vec<(String, Vec<u64>)>,
    /// The theme shown in the bar chart (a column of the table).
    pub table_theme: usize,
    /// Where exports go; derived from the documents' paths when unset.
    pub export_dir: Option<PathBuf>,
}

/// Runs a query over loaded documents, in parallel: hits in document order
/// (as given by `order`), each with its turn in reading order. `indexes`
/// are the documents' [`TextIndex`]es (a document without one is searched
/// the slow way). `tags` gives a document's annotations, read only when the
/// query has `theme:`.
///
/// # Errors
///
/// When the query is malformed (the error says at which column).
pub fn corpus_search<'a>(
    docs: &[Document],
    indexes: &[TextIndex],
    order: &[usize],
    query: &str,
    book: &Codebook,
    tags: impl Fn(usize) -> Option<&'a Annotations> + Sync,
) -> Result<Vec<Entry>, QueryError> {
    let search = Search::parse(query)?;
    if search.query.is_empty() {
        return Ok(Vec::new());
    }
    let themed = !search.query.themes.is_empty();
    let per_doc: Vec<Vec<Entry>> = order
        .par_iter()
        .map(|&d| {
            let doc = &docs[d];
            if !search.accepts_doc(&doc.id) {
                return Vec::new();
            }
            let spans: Vec<TaggedSpan> = if themed {
                tags(d).map(|a| tagged_spans(book, a)).unwrap_or_default()
            } else {
                Vec::new()
            };
            let hits = match indexes.get(d) {
                Some(index) => search.document_indexed(doc, index, &spans),
                None => search.document(doc, &spans),
            };
            if hits.is_empty() {
                return Vec::new();
            }
            let firsts = first_turns(doc);
            hits.into_iter()
                .map(|hit| Entry {
                    doc: d,
                    turn: hit.turn.map(|t| firsts[t.item] + t.turn),
                    offset: hit
                        .matches
                        .first()
                        .map_or(hit.line_range.start, |r| r.start),
                    hit: Some(hit),
                    tag: None,
                })
                .collect()
        })
        .collect();
    let mut entries = Vec::with_capacity(per_doc.iter().map(Vec::len).sum());
    for doc_entries in per_doc {
        entries.extend(doc_entries);
    }
    Ok(entries)
}

/// The reading-order index of the first turn of each agenda item.
fn first_turns(doc: &Document) -> Vec<usize> {
    let mut n = 0;
    doc.agenda_items
        .iter()
        .map(|item| {
            let first = n;
            n += item.turns.len();
            first
        })
        .collect()
}

/// The agenda item title of a turn (reading order).
pub fn item_title(doc: &Document, turn: usize) -> Option<&str> {
    let mut n = 0;
    for item in &doc.agenda_items {
        if turn < n + item.turns.len() {
            return item.title.as_deref();
        }
        n += item.turns.len();
    }
    None
}

/// A path in `dir` for `floor-export.EXT` that does not exist yet:
/// `floor-export-2.EXT`, `-3`, ... when taken.
pub fn free_export_path(dir: &Path, ext: &str) -> PathBuf {
    let first = dir.join(format!("floor-export.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("floor-export-{n}.{ext}")))
        .find(|p| !p.exists())
        .expect("some suffix is free")
}
