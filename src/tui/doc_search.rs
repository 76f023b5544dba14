//! The search in the open document as a component: it owns the search
//! line, the query, the hits (byte ranges of the document's display text)
//! and which hit is current; it finds them, steps through them, takes the
//! search line's keys and says how many there are in the words the corpus
//! search uses ([`crate::search::hits_summary`]). The reader moves the
//! reading cursor to the hit it hands back, so that a tag lands where the
//! user is looking.

use std::ops::Range;

use ratatui::crossterm::event::KeyEvent;

use super::document_view::DocText;
use super::keymap::KeyMap;
use super::line_input::{LineInput, LineKey};
use crate::text::fold::{find_all, fold_str};

/// What a key did on the search line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchKey {
    /// Still typing; true when the query changed (the hits were found again).
    Typing(bool),
    /// Closed with the query kept: go to this hit (None: nothing found).
    Done(Option<Range<usize>>),
    /// Closed and cleared.
    Cancelled,
}

/// The search in the current document.
#[derive(Debug)]
pub struct DocSearch {
    pub input: LineInput,
    /// The query the hits are for.
    pub query: String,
    /// Byte ranges into the current document's display text.
    pub hits: Vec<Range<usize>>,
    pub current: Option<usize>,
}

impl Default for DocSearch {
    fn default() -> Self {
        DocSearch {
            input: LineInput::new("search the document"),
            query: String::new(),
            hits: Vec::new(),
            current: None,
        }
    }
}

impl DocSearch {
    /// Opens the search line, empty.
    pub fn open(&mut self) {
        self.input.clear();
    }

    /// Finds the hits of the query in `text` (None: no document open).
    pub fn refresh(&mut self, text: Option<&DocText>) {
        self.hits.clear();
        self.current = None;
        let needle = fold_str(self.query.trim());
        if let Some(text) = text
            && !needle.is_empty()
        {
            self.hits = find_all(&text.folded, &needle);
        }
    }

    /// Takes the search line's text as the query and finds its hits.
    pub fn set_query_from_input(&mut self, text: Option<&DocText>) {
        self.query = self.input.text();
        self.refresh(text);
    }

    /// Searches for `query` as if typed (a corpus search hit opened).
    pub fn search_for(&mut self, query: &str, text: Option<&DocText>) {
        self.input.set_text(query);
        self.set_query_from_input(text);
    }

    /// Pasted text goes to the search line.
    pub fn paste(&mut self, pasted: &str, text: Option<&DocText>) {
        self.input.insert(pasted);
        self.set_query_from_input(text);
    }

    /// A key on the search line; `top` is the display offset at the top of
    /// the view, from where the first hit is taken when the search is done.
    pub fn key(
        &mut self,
        key: KeyEvent,
        keymap: &KeyMap,
        text: Option<&DocText>,
        top: usize,
    ) -> SearchKey {
        match self.input.key(key, keymap) {
            LineKey::Cancelled => {
                self.input.clear();
                self.query.clear();
                self.hits.clear();
                self.current = None;
                SearchKey::Cancelled
            }
            LineKey::Done => {
                self.set_query_from_input(text);
                SearchKey::Done(self.first_from(top))
            }
            LineKey::Edited(changed) => {
                if changed {
                    self.set_query_from_input(text);
                }
                SearchKey::Typing(changed)
            }
        }
    }

    /// Makes the first hit at or after `offset` current (wrapping to the
    /// first hit) and returns it.
    pub fn first_from(&mut self, offset: usize) -> Option<Range<usize>> {
        let i = self
            .hits
            .iter()
            .position(|h| h.start >= offset)
            .unwrap_or(0);
        self.select(i)
    }

    /// Makes the hit holding or following `offset` current without moving
    /// (a corpus search hit was opened there).
    pub fn current_at(&mut self, offset: usize) {
        if let Some(i) = self.hits.iter().position(|h| h.end > offset) {
            self.current = Some(i);
        }
    }

    /// The next (or previous) hit, wrapping around; None when there are no
    /// hits.
    pub fn step(&mut self, forward: bool) -> Option<Range<usize>> {
        let n = self.hits.len();
        if n == 0 {
            return None;
        }
        let i = match (self.current, forward) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, true) => 0,
            (None, false) => n - 1,
        };
        self.select(i)
    }

    fn select(&mut self, i: usize) -> Option<Range<usize>> {
        let hit = self.hits.get(i)?.clone();
        self.current = Some(i);
        Some(hit)
    }

    /// What the status line says about the search: "hit 3/12" on a hit,
    /// else "12 hits in 1 document" (as the corpus search counts), None
    /// with no query or no document.
    pub fn status(&self, doc_open: bool) -> Option<String> {
        if self.query.trim().is_empty() || !doc_open {
            return None;
        }
        Some(match self.current {
            Some(i) if !self.hits.is_empty() => format!("hit {}/{}", i + 1, self.hits.len()),
            _ => crate::search::hits_summary(self.hits.len(), usize::from(!self.hits.is_empty())),
        })
    }

    /// Why nothing was found, for the status line.
    pub fn not_found(&self) -> Option<String> {
        (self.hits.is_empty() && !self.query.trim().is_empty())
            .then(|| format!("not found: {}", self.query.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ingest::Ingest;

    fn doc_text(text: &str) -> DocText {
        let doc = Ingest::new(&Config::default())
            .parse_bytes("t".into(), "t.txt".into(), text.as_bytes().to_vec())
            .unwrap();
        DocText::new(&doc)
    }

    #[test]
    fn finds_steps_around_and_counts_in_the_corpus_words() {
        let text = doc_text(
            "Meeting\n\nThe Chair: Sovereignty first.\n\nEgypt: Sovereignty and sovereignty again.\n",
        );
        let mut s = DocSearch::default();
        s.search_for("sovereignty", Some(&text));
        assert_eq!(s.hits.len(), 3, "{:?}", text.text);
        assert_eq!(s.status(true).unwrap(), "3 hits in 1 document");
        let first = s.step(true).unwrap();
        assert_eq!(s.status(true).unwrap(), "hit 1/3");
        s.step(true);
        s.step(true);
        assert_eq!(s.step(true), Some(first), "wraps around");
        assert_eq!(s.step(false).unwrap().start, s.hits[2].start);
        let past_first = s.hits[0].start + 1;
        assert_eq!(s.first_from(past_first), Some(s.hits[1].clone()));
        s.search_for("absent", Some(&text));
        assert_eq!(s.status(true).unwrap(), "0 hits in 0 documents");
        assert_eq!(s.not_found().unwrap(), "not found: absent");
        assert_eq!(s.step(true), None);
    }
}
