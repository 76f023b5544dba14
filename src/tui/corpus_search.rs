//! The corpus search (`F`) as a component: it owns the query line, the
//! query's error, the results ([`Results`]) and the search still under
//! way; it takes its keys from the key map and hands back what happened
//! ([`ViewKey`]); it draws itself.
//!
//! The search itself is [`corpus_search`], a pure function over the loaded
//! documents (what `benches/corpus_search.rs` measures); the component
//! runs it a slice of documents at a time ([`CorpusSearch::search_more`])
//! so that typing a query never waits for a whole archive: a key searches
//! for [`SEARCH_ON_KEY`] before its frame, the event loop the rest between
//! keys.

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use rayon::prelude::*;

use super::action::Action;
use super::keymap::KeyMap;
use super::line_input::{edit_filter, paste_into};
use super::list::{self, ListKey};
use super::results::{Entry, Results, Shown};
use super::theme::{Theme, line_at, put};
use super::view_key::{Stage, ViewKey};
use crate::annotate::{Annotations, Codebook};
use crate::model::Document;
use crate::search::{LazyTextIndex, QueryError, Search, TaggedSpan, tagged_spans};
use crate::session::Session;
use crate::text::wrap::display_width;

/// A search of the corpus still under way: the documents still to search,
/// in tree order. Its hits so far are the results.
#[derive(Debug)]
struct PendingSearch {
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

/// The corpus search's state.
#[derive(Debug, Default)]
pub struct CorpusSearch {
    /// The query.
    pub input: String,
    /// The last query that parsed badly, with where.
    pub error: Option<QueryError>,
    pub stage: Stage,
    pub results: Results,
    /// The search still running, if any: what is left of it runs between
    /// keys ([`CorpusSearch::search_more`]).
    pending: Option<PendingSearch>,
}

impl CorpusSearch {
    /// Opens afresh: no query, no results, no search left running.
    pub fn open(&mut self) {
        self.input.clear();
        self.error = None;
        self.stage = Stage::Input;
        self.results = Results::new(Shown::Hits);
        self.pending = None;
    }

    /// A key, with `page` entries in view.
    pub fn key(
        &mut self,
        key: &KeyEvent,
        keymap: &KeyMap,
        page: usize,
        session: &Session,
    ) -> ViewKey {
        match list::list_key(keymap, key, self.stage == Stage::Input, page) {
            ListKey::Close => return ViewKey::Closed,
            ListKey::Choose => return self.jump(),
            ListKey::Move(delta) => {
                self.results.move_by(delta);
                return ViewKey::Open;
            }
            ListKey::Other => {}
        }
        let action = keymap.action(key);
        match self.stage {
            Stage::List => {
                if matches!(action, Some(Action::SwitchPane | Action::Search)) {
                    self.stage = Stage::Input;
                }
            }
            Stage::Input => {
                if edit_filter(&mut self.input, key) {
                    self.rerun(session);
                } else if action == Some(Action::SwitchPane) && !self.results.entries.is_empty() {
                    self.stage = Stage::List;
                }
            }
        }
        ViewKey::Open
    }

    /// Enter: the selected hit, or why there is none.
    fn jump(&self) -> ViewKey {
        if self.error.is_some() {
            return ViewKey::Open;
        }
        match self.results.current() {
            Some(entry) => ViewKey::Jump(
                entry.clone(),
                self.results.selected,
                self.results.entries.len(),
            ),
            None => ViewKey::Message(format!("not found: {}", self.input.trim())),
        }
    }

    /// Pasted text goes to the query line.
    pub fn paste(&mut self, text: &str, session: &Session) {
        if self.stage == Stage::Input {
            paste_into(&mut self.input, text);
            self.rerun(session);
        }
    }

    /// Reruns the query over the session's documents: as much as
    /// [`SEARCH_ON_KEY`] allows now, the rest between keys.
    pub fn rerun(&mut self, session: &Session) {
        match Search::parse(&self.input) {
            Ok(search) => {
                self.error = None;
                self.results.clear();
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
            self.results.extend(found);
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

    /// Whether a search is under way.
    pub fn running(&self) -> bool {
        self.pending.is_some()
    }

    /// Documents searched and to search, while a search is under way.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.pending.as_ref().map(|p| (p.next, p.order.len()))
    }

    /// The hint row's text.
    pub fn hint(&self, keymap: &KeyMap) -> String {
        match self.stage {
            Stage::Input => keymap.hint("type a query · {list-down}{list-up} move · {switch-pane} list · {list-choose} jump · {list-close}",
            ),
            Stage::List => keymap.hint("{down} {up} move · {search} edit query · {list-choose} jump · {list-close} close",
            ),
        }
    }

    /// Draws the query line, what was found (or the error under its
    /// column) and the results, in `body` (the view's inside less its hint
    /// row).
    pub fn render(&mut self, frame: &mut Frame, body: Rect, session: &Session, theme: &Theme) {
        let width = usize::from(body.width);
        let prompt = format!("> {}", self.input);
        put(
            frame,
            line_at(body, 0),
            &prompt,
            ratatui::style::Style::new(),
        );
        if self.stage == Stage::Input {
            let x = display_width(&prompt).min(width - 1) as u16;
            frame.set_cursor_position(Position::new(body.x + x, body.y));
        }
        let info = if let Some(e) = &self.error {
            // A caret under the column, then the message.
            let col = e.column.saturating_sub(1) + 2;
            let caret = format!("{}^ column {}: {}", " ".repeat(col), e.column, e.message);
            if display_width(&caret) <= width {
                caret
            } else {
                format!("column {}: {}", e.column, e.message)
            }
        } else if self.input.trim().is_empty() {
            "words, \"a phrase\", -word, speaker:, theme:, agenda:, doc:".to_string()
        } else {
            let summary =
                crate::search::hits_summary(self.results.entries.len(), self.results.docs());
            match self.progress() {
                Some((done, all)) => format!(
                    "{summary} so far, searching {} / {} documents",
                    crate::text::grouped(done),
                    crate::text::grouped(all)
                ),
                None => summary,
            }
        };
        let style = if self.error.is_some() {
            theme.hit_current
        } else {
            theme.dim
        };
        put(frame, line_at(body, 1), &info, style);
        let results = Rect {
            y: body.y + 2,
            height: body.height.saturating_sub(2),
            ..body
        };
        self.results.render(frame, results, session, theme);
    }
}

/// Runs a query over loaded documents, in parallel: hits in document order
/// (as given by `order`), each with its turn in reading order. `indexes`
/// are the documents' search indexes, made here for those not made yet
/// (a document without one is searched the slow way). `tags` gives a document's annotations, read only when the
/// query has `theme:`.
///
/// # Errors
///
/// When the query is malformed (the error says at which column).
pub fn corpus_search<'a>(
    docs: &[Document],
    indexes: &[LazyTextIndex],
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
    indexes: &[LazyTextIndex],
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
                Some(index) => search.document_indexed(doc, index.of(&doc.text), &spans),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ingest::Ingest;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

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
            session.add(doc, None);
        }
        session
    }

    fn found(entries: &[Entry]) -> Vec<(usize, Option<usize>, usize)> {
        entries.iter().map(|e| (e.doc, e.turn, e.offset)).collect()
    }

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn a_search_run_a_slice_at_a_time_finds_what_the_whole_search_finds() {
        let session = session();
        let order = session.sorted_docs();
        let anns: Vec<&Annotations> = session.anns.iter().map(|a| &a.ann).collect();
        // Loading makes no search index; the first search makes each.
        assert!(session.search_indexes.iter().all(|i| i.made().is_none()));
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
        assert!(session.search_indexes.iter().all(|i| i.made().is_some()));
        let mut view = CorpusSearch {
            input: "fisheries".into(),
            ..CorpusSearch::default()
        };
        view.pending = Some(PendingSearch {
            search: Search::parse("fisheries").unwrap(),
            order: order.clone(),
            next: 0,
        });
        // A deadline already passed: one slice per call.
        let mut calls = 0;
        while view.running() {
            assert_eq!(view.progress(), Some((calls * SEARCH_SLICE, 150)));
            assert!(view.search_more(&session, Instant::now()));
            calls += 1;
        }
        assert_eq!(calls, 150usize.div_ceil(SEARCH_SLICE));
        assert_eq!(found(&view.results.entries), found(&whole));
        assert!(!view.search_more(&session, Instant::now()), "nothing left");
        // Typed: the search starts again, from the first document.
        view.rerun(&session);
        while view.running() {
            view.search_more(&session, Instant::now());
        }
        assert_eq!(found(&view.results.entries), found(&whole));
        // A malformed query keeps the last results and stops the search.
        view.input = "\"unclosed".into();
        view.rerun(&session);
        assert!(view.error.is_some() && !view.running());
        assert_eq!(found(&view.results.entries), found(&whole));
        // Opening starts afresh: no search left running into it.
        view.pending = Some(PendingSearch {
            search: Search::parse("fisheries").unwrap(),
            order,
            next: 0,
        });
        view.open();
        assert!(!view.running() && view.progress().is_none());
    }

    #[test]
    fn keys_type_move_and_hand_back_the_hit_to_jump_to() {
        let session = session();
        let keymap = KeyMap::default();
        let mut view = CorpusSearch::default();
        view.open();
        for c in "egypt fisheries".chars() {
            let done = view.key(&press(KeyCode::Char(c)), &keymap, 10, &session);
            assert!(matches!(done, ViewKey::Open), "{done:?}");
        }
        while view.running() {
            view.search_more(&session, Instant::now());
        }
        assert_eq!(view.results.entries.len(), 150, "Egypt's turn in each");
        // Typing: j is a letter of the query; down moves.
        view.key(&press(KeyCode::Down), &keymap, 10, &session);
        assert_eq!(view.results.selected, 1);
        // Tab gives the list the keys: j and k move, G goes to the end.
        view.key(&press(KeyCode::Tab), &keymap, 10, &session);
        assert_eq!(view.stage, Stage::List);
        view.key(&press(KeyCode::Char('j')), &keymap, 10, &session);
        view.key(&press(KeyCode::Char('k')), &keymap, 10, &session);
        view.key(&press(KeyCode::Char('j')), &keymap, 10, &session);
        assert_eq!(view.results.selected, 2);
        assert_eq!(view.input, "egypt fisheries");
        match view.key(&press(KeyCode::Enter), &keymap, 10, &session) {
            ViewKey::Jump(entry, 2, 150) => assert_eq!(entry.doc, view.results.entries[2].doc),
            other => panic!("{other:?}"),
        }
        // `/` goes back to the query; backspace edits it.
        view.key(&press(KeyCode::Char('/')), &keymap, 10, &session);
        assert_eq!(view.stage, Stage::Input);
        view.key(&press(KeyCode::Backspace), &keymap, 10, &session);
        assert_eq!(view.input, "egypt fisherie");
        // Nothing found: Enter says so.
        view.key(
            &KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
            &keymap,
            10,
            &session,
        );
        for c in "absent".chars() {
            view.key(&press(KeyCode::Char(c)), &keymap, 10, &session);
        }
        match view.key(&press(KeyCode::Enter), &keymap, 10, &session) {
            ViewKey::Message(m) => assert_eq!(m, "not found: absent"),
            other => panic!("{other:?}"),
        }
        let esc = view.key(&press(KeyCode::Esc), &keymap, 10, &session);
        assert!(matches!(esc, ViewKey::Closed), "{esc:?}");
    }
}
