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

use super::list;
use crate::annotate::{Annotations, Codebook, Tag};
use crate::export::Format;
use crate::model::Document;
use crate::search::{Hit, QueryError, Search, TaggedSpan, TextIndex, tagged_spans};
use crate::session::Session;
use crate::text::fuzzy;

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
    /// Where exports go (the current folder when unset).
    pub export_dir: Option<PathBuf>,
}

impl CorpusViews {
    /// Sets a view up over the session: the speakers or themes to pick
    /// from, or the table.
    pub fn open(&mut self, kind: ViewKind, session: &Session) {
        self.kind = kind;
        self.stage = Stage::Input;
        self.selected = 0;
        self.input.clear();
        self.error = None;
        self.entries.clear();
        self.chosen = None;
        match kind {
            ViewKind::Search => {}
            ViewKind::Speakers => {
                self.choices = session
                    .speaker_counts()
                    .into_iter()
                    .map(|(s, n)| (s.clone(), s, n))
                    .collect();
                self.refilter();
            }
            ViewKind::Themes => {
                let tally = session.theme_tally();
                self.choices = session
                    .codebook
                    .themes
                    .iter()
                    .map(|t| (t.id.clone(), t.label.clone(), tally.theme(&t.id)))
                    .collect();
                self.refilter();
            }
            ViewKind::Table => {
                self.build_table(session);
                self.stage = Stage::List;
            }
            ViewKind::Export => self.stage = Stage::List,
        }
    }

    /// Speakers × themes from the session's tally, most tags first.
    fn build_table(&mut self, session: &Session) {
        let tally = session.theme_tally();
        let themes: Vec<(String, String)> = session
            .codebook
            .themes
            .iter()
            .map(|t| (t.id.clone(), t.label.clone()))
            .collect();
        let mut table: Vec<(String, Vec<u64>)> = tally
            .by_speaker
            .into_iter()
            .map(|(speaker, row)| {
                let cells = themes
                    .iter()
                    .map(|(id, _)| row.get(id).copied().unwrap_or(0) as u64)
                    .collect();
                (speaker, cells)
            })
            .collect();
        table.sort_by(|a, b| {
            let (x, y): (u64, u64) = (a.1.iter().sum(), b.1.iter().sum());
            y.cmp(&x).then_with(|| a.0.cmp(&b.0))
        });
        self.table_theme = self.table_theme.min(themes.len().saturating_sub(1));
        self.table_themes = themes;
        self.table = table;
    }

    /// Keeps the speakers or themes that match the filter, best match first
    /// ([`crate::text::fuzzy`]), the best one highlighted.
    pub fn refilter(&mut self) {
        self.matches = fuzzy::rank(
            &self.input,
            self.choices.iter().map(|(_, label, _)| label.as_str()),
        );
        self.selected = 0;
    }

    /// Moves the selection of whatever list the view shows.
    pub fn move_by(&mut self, delta: isize) {
        let len = match (self.kind, self.stage) {
            (ViewKind::Table, _) => self.table.len(),
            (ViewKind::Export, _) => Format::ALL.len(),
            (ViewKind::Search, _) | (_, Stage::List) => self.entries.len(),
            (_, Stage::Input) => self.matches.len(),
        };
        self.selected = list::moved(self.selected, len, delta);
    }

    /// The input line changed: rerun the search, or refilter.
    pub fn input_changed(&mut self, session: &Session) {
        match self.kind {
            ViewKind::Search => self.rerun_search(session),
            _ => self.refilter(),
        }
    }

    /// Pasted text goes to the input line.
    pub fn paste(&mut self, text: &str, session: &Session) {
        if self.stage == Stage::Input {
            self.input.push_str(&text.replace(['\n', '\r'], " "));
            self.input_changed(session);
        }
    }

    /// Reruns the query of the search view over the session's documents.
    pub fn rerun_search(&mut self, session: &Session) {
        let order = session.sorted_docs();
        let anns: Vec<&Annotations> = session.anns.iter().map(|a| &a.ann).collect();
        let result = corpus_search(
            &session.docs,
            &session.search_indexes,
            &order,
            &self.input,
            &session.codebook,
            |d| anns.get(d).copied(),
        );
        self.selected = 0;
        match result {
            Ok(entries) => {
                self.entries = entries;
                self.error = None;
            }
            // Keep the last results under the error while the query is
            // being typed.
            Err(e) => self.error = Some(e),
        }
    }
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
