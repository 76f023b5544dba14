//! The corpus-wide views of the reader: search across every loaded document,
//! the speaker index, the theme index, the speaker × theme table and export.
//!
//! Their state lives here, apart from the reader's state (which holds it);
//! [`super::corpus_keys`] handles their keys and export, [`super::views`]
//! draws them. The search itself is [`corpus_search`], a pure function over
//! the loaded documents (what `benches/corpus_search.rs` measures); the
//! view runs it a slice of documents at a time ([`CorpusViews::search_more`])
//! so that typing a query never waits for a whole archive.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

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

/// A search of the corpus still under way: the documents still to search,
/// in tree order. Its hits so far are the view's entries.
#[derive(Debug)]
pub struct PendingSearch {
    search: Search,
    order: Vec<usize>,
    next: usize,
}

/// Documents searched at once (in parallel) between two looks at the clock:
/// a few milliseconds of work on a 10,000-document archive.
const SEARCH_SLICE: usize = 64;

/// How long a key that changes the query searches before its frame: the
/// whole search on anything but a large archive.
const SEARCH_ON_KEY: Duration = Duration::from_millis(10);

/// The state of the corpus views.
#[derive(Debug, Default)]
pub struct CorpusViews {
    /// The search still running, if any: what is left of it runs between
    /// keys ([`CorpusViews::search_more`]).
    pub pending: Option<PendingSearch>,
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
        self.pending = None;
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

    /// Reruns the query of the search view over the session's documents:
    /// as much as [`SEARCH_ON_KEY`] allows now, the rest between keys.
    pub fn rerun_search(&mut self, session: &Session) {
        self.selected = 0;
        match Search::parse(&self.input) {
            Ok(search) => {
                self.error = None;
                let old = std::mem::take(&mut self.entries);
                // Hundreds of thousands of hits take milliseconds to free:
                // not on the key's time.
                if old.len() > 10_000 {
                    std::thread::spawn(move || drop(old));
                }
                self.pending = (!search.query.is_empty()).then(|| PendingSearch {
                    search,
                    order: session.sorted_docs(),
                    next: 0,
                });
                self.search_more(session, Instant::now() + SEARCH_ON_KEY);
            }
            // Keep the last results under the error while the query is
            // being typed.
            Err(e) => {
                self.error = Some(e);
                self.pending = None;
            }
        }
    }

    /// Searches more documents for the running search, slice by slice,
    /// until `deadline`; hits are added in tree order. Whether anything
    /// was searched (the view changed).
    pub fn search_more(&mut self, session: &Session, deadline: Instant) -> bool {
        let Some(pending) = &mut self.pending else {
            return false;
        };
        let anns: Vec<&Annotations> = session.anns.iter().map(|a| &a.ann).collect();
        while pending.next < pending.order.len() {
            let end = (pending.next + SEARCH_SLICE).min(pending.order.len());
            let found = search_documents(
                &session.docs,
                &session.search_indexes,
                &pending.order[pending.next..end],
                &pending.search,
                &session.codebook,
                |d| anns.get(d).copied(),
            );
            self.entries.extend(found);
            pending.next = end;
            if Instant::now() >= deadline {
                break;
            }
        }
        if pending.next >= pending.order.len() {
            self.pending = None;
        }
        true
    }

    /// Documents searched and to search, while a search is under way.
    pub fn search_progress(&self) -> Option<(usize, usize)> {
        self.pending.as_ref().map(|p| (p.next, p.order.len()))
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
    Ok(search_documents(docs, indexes, order, &search, book, tags))
}

/// The hits of `search` in the documents `order` names, in that order,
/// the documents searched in parallel.
fn search_documents<'a>(
    docs: &[Document],
    indexes: &[TextIndex],
    order: &[usize],
    search: &Search,
    book: &Codebook,
    tags: impl Fn(usize) -> Option<&'a Annotations> + Sync,
) -> Vec<Entry> {
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
    entries
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ingest::Ingest;

    /// 150 short transcripts (more than two slices), each naming "fisheries"
    /// once or twice.
    fn session() -> Session {
        let ingest = Ingest::new(&Config::default());
        let mut session = Session::default();
        for i in 0..150 {
            let mut text = format!(
                "Chair: Good morning. I give the floor to Egypt.\n\nEgypt: Thank you. Fisheries {i} matter.\n"
            );
            if i % 3 == 0 {
                text.push_str("\nChair: Fisheries again, and the floor to Chile.\n");
            }
            let doc = ingest
                .parse_bytes(
                    format!("m{i:03}"),
                    format!("m{i:03}.txt").into(),
                    text.into_bytes(),
                )
                .unwrap();
            let index = TextIndex::new(&doc.text);
            session.add(doc, None, index);
        }
        session
    }

    fn found(entries: &[Entry]) -> Vec<(usize, Option<usize>, usize)> {
        entries.iter().map(|e| (e.doc, e.turn, e.offset)).collect()
    }

    #[test]
    fn a_search_run_a_slice_at_a_time_finds_what_the_whole_search_finds() {
        let session = session();
        let order = session.sorted_docs();
        let anns: Vec<&Annotations> = session.anns.iter().map(|a| &a.ann).collect();
        let whole = corpus_search(
            &session.docs,
            &session.search_indexes,
            &order,
            "fisheries",
            &session.codebook,
            |d| anns.get(d).copied(),
        )
        .unwrap();
        assert_eq!(whole.len(), 200);
        let mut views = CorpusViews {
            input: "fisheries".into(),
            ..CorpusViews::default()
        };
        views.pending = Some(PendingSearch {
            search: Search::parse("fisheries").unwrap(),
            order: order.clone(),
            next: 0,
        });
        // A deadline already passed: one slice per call.
        let mut calls = 0;
        while views.pending.is_some() {
            assert_eq!(views.search_progress(), Some((calls * SEARCH_SLICE, 150)));
            assert!(views.search_more(&session, Instant::now()));
            calls += 1;
        }
        assert_eq!(calls, 150usize.div_ceil(SEARCH_SLICE));
        assert_eq!(found(&views.entries), found(&whole));
        assert!(!views.search_more(&session, Instant::now()), "nothing left");
        // Typed: the search starts again, from the first document.
        views.rerun_search(&session);
        while views.pending.is_some() {
            views.search_more(&session, Instant::now());
        }
        assert_eq!(found(&views.entries), found(&whole));
        // A malformed query keeps the last results and stops the search.
        views.input = "\"unclosed".into();
        views.rerun_search(&session);
        assert!(views.error.is_some() && views.pending.is_none());
        assert_eq!(found(&views.entries), found(&whole));
        // Opening a view starts afresh: no search left running into it.
        views.pending = Some(PendingSearch {
            search: Search::parse("fisheries").unwrap(),
            order,
            next: 0,
        });
        views.open(ViewKind::Speakers, &session);
        assert!(views.pending.is_none() && views.search_progress().is_none());
    }
}
