//! Search: a query over documents, giving hits attributed to turns.
//!
//! - [`query`]: the query language, parsed into a [`Query`] of folded terms
//!   and filters.
//! - [`matcher`]: finding one folded term in a text quickly
//!   ([`TermFinder`]).
//! - This module: a compiled query ([`Search`]) run over one document
//!   ([`Search::document`]) or over a file's canonical text without parsing
//!   it ([`Search::count_text`], the fast path of `floor search --count`).
//!
//! **Units.** Words must all occur in one *unit*: a turn, or a stretch of
//! text outside every turn (a heading, the header). `-word` excludes units
//! containing it; `speaker:`, `agenda:` and `theme:` keep turns whose
//! speaker, agenda item or tags match. **Hits.** A hit is a line of a
//! matching unit where a wanted word or phrase occurs (as `grep` counts
//! lines); a query of filters alone gives one hit per matching turn, on the
//! line where the turn starts.

mod index;
pub mod matcher;
pub mod query;
mod specials;

use std::ops::Range;

pub use index::{LazyTextIndex, TextIndex};
pub use matcher::TermFinder;
pub use query::{Filter, Query, QueryError, Term};

use crate::geometry::TurnIndex;
use crate::model::{Document, Turn};
use crate::text::fold::fold_str;

/// How many hits a search found, in the words every search of floor uses
/// (the document search, the corpus search): "12 hits in 3 documents",
/// "1 hit in 1 document".
pub fn hits_summary(hits: usize, documents: usize) -> String {
    format!(
        "{} in {}",
        crate::text::counted(hits, "hit", "hits"),
        crate::text::counted(documents, "document", "documents")
    )
}

/// A tagged span of a document, as search sees it: the themes it carries,
/// folded, with their ancestors and labels, so that `theme:` can match any.
#[derive(Debug, Clone, Default)]
pub struct TaggedSpan {
    pub range: Range<usize>,
    pub themes: Vec<String>,
}

/// The tagged spans of a document's annotations, for `theme:`: each tag's
/// range with its theme ids, their labels and their parents, folded.
pub fn tagged_spans(
    book: &crate::annotate::Codebook,
    ann: &crate::annotate::Annotations,
) -> Vec<TaggedSpan> {
    ann.tags
        .iter()
        .filter(|t| !t.orphaned)
        .map(|t| {
            let mut themes = Vec::new();
            for id in &t.themes {
                themes.push(fold_str(id));
                if let Some(theme) = book.get(id) {
                    themes.push(fold_str(&theme.label));
                    if let Some(parent) = &theme.parent {
                        themes.push(fold_str(parent));
                        if let Some(p) = book.get(parent) {
                            themes.push(fold_str(&p.label));
                        }
                    }
                }
            }
            TaggedSpan {
                range: t.target.range(),
                themes,
            }
        })
        .collect()
}

/// Which turn a hit lies in: indices into `agenda_items` and its `turns`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TurnRef {
    pub item: usize,
    pub turn: usize,
}

/// One hit: a line of a matching unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// 1-based line number.
    pub line: u32,
    /// The line, as a byte range of the canonical text (without its newline).
    pub line_range: Range<usize>,
    /// The occurrences of the wanted words on the line (empty for a hit of
    /// filters alone).
    pub matches: Vec<Range<usize>>,
    /// The turn the hit lies in; `None` outside every turn.
    pub turn: Option<TurnRef>,
}

/// A query compiled for running over many documents.
#[derive(Debug, Clone)]
pub struct Search {
    pub query: Query,
    /// One finder per term of `query.terms`.
    finders: Vec<TermFinder>,
    /// Alternative names for `speaker:` values (registry canonical names,
    /// folded), per speaker filter.
    speaker_alternatives: Vec<Vec<String>>,
}

impl Search {
    pub fn new(query: Query) -> Self {
        let finders = query
            .terms
            .iter()
            .map(|t| TermFinder::new(&t.text))
            .collect();
        let speaker_alternatives = query.speakers.iter().map(|_| Vec::new()).collect();
        Self {
            query,
            finders,
            speaker_alternatives,
        }
    }

    /// Parses and compiles a query.
    ///
    /// # Errors
    ///
    /// When the query is malformed.
    pub fn parse(query: &str) -> Result<Self, QueryError> {
        Query::parse(query).map(Self::new)
    }

    /// Lets `speaker:` values match by alias: `canonical` gives the canonical
    /// name of a speaker value when it is known (`us` → `United States of
    /// America`).
    pub fn with_speaker_aliases(mut self, canonical: impl Fn(&str) -> Option<String>) -> Self {
        for (filter, alts) in self
            .query
            .speakers
            .iter()
            .zip(&mut self.speaker_alternatives)
        {
            if let Some(name) = canonical(&filter.value) {
                let name = fold_str(&name);
                if name != filter.value {
                    alts.push(name);
                }
            }
        }
        self
    }

    /// Whether a document id passes the `doc:` filters.
    pub fn accepts_doc(&self, id: &str) -> bool {
        self.query.accepts_doc(id)
    }

    /// Whether the query has `doc:` filters (which need the documents'
    /// final ids).
    pub fn filters_docs(&self) -> bool {
        !self.query.docs.is_empty()
    }

    /// The fastest path: the number of hits counted in the raw bytes of a
    /// file, for a query of one wanted word or phrase and nothing else;
    /// `None` when the file or the query needs [`Search::count_text`] or a
    /// parse.
    pub fn count_bytes(&self, bytes: &[u8]) -> Option<usize> {
        let [term] = self.query.terms.as_slice() else {
            return None;
        };
        if term.negated || self.query.needs_turns() {
            return None;
        }
        self.finders[0].count_raw(bytes)
    }

    /// The fast path: when the query is one wanted word or phrase with no
    /// filter on turns, the number of hits in a canonical text without
    /// parsing it; `None` when the document has to be parsed to tell.
    ///
    /// `Some(0)` also answers for any query whose wanted words do not all
    /// occur in the text.
    pub fn count_text(&self, text: &str) -> Option<usize> {
        let mut single = None;
        for (term, finder) in self.query.terms.iter().zip(&self.finders) {
            if term.negated {
                continue;
            }
            let found = finder.find(text);
            if found.is_empty() {
                return Some(0);
            }
            single = Some(if single.is_none() { Some(found) } else { None });
        }
        let Some(Some(found)) = single else {
            return None;
        };
        if self.query.needs_turns() {
            return None;
        }
        let excluded = self
            .query
            .terms
            .iter()
            .zip(&self.finders)
            .any(|(t, f)| t.negated && f.is_in(text));
        if excluded {
            return None;
        }
        Some(matcher::count_lines(text, &found))
    }

    /// Whether the raw bytes of a file are known to hold no hit: a wanted
    /// word that can be counted from the bytes does not occur. `false` when
    /// it cannot be told without decoding.
    pub fn excludes_bytes(&self, bytes: &[u8]) -> bool {
        self.query
            .terms
            .iter()
            .zip(&self.finders)
            .any(|(t, f)| !t.negated && f.count_raw(bytes) == Some(0))
    }

    /// Whether a canonical text may hold a hit: every wanted word occurs in
    /// it. Filters on turns are not checked.
    pub fn may_match_text(&self, text: &str) -> bool {
        self.query
            .terms
            .iter()
            .zip(&self.finders)
            .all(|(t, f)| t.negated || f.is_in(text))
    }

    /// The hits in one parsed document, in text order; `tags` are the
    /// document's tagged spans (for `theme:`).
    pub fn document(&self, doc: &Document, tags: &[TaggedSpan]) -> Vec<Hit> {
        self.document_with(doc, None, tags)
    }

    /// [`Search::document`] for a document indexed when it was loaded,
    /// as the reader's search view runs it on every key.
    pub fn document_indexed(
        &self,
        doc: &Document,
        index: &TextIndex,
        tags: &[TaggedSpan],
    ) -> Vec<Hit> {
        self.document_with(doc, Some(index), tags)
    }

    fn document_with(
        &self,
        doc: &Document,
        index: Option<&TextIndex>,
        tags: &[TaggedSpan],
    ) -> Vec<Hit> {
        if !self.accepts_doc(&doc.id) {
            return Vec::new();
        }
        let text = &doc.text;
        let has_positive = self.query.positive_terms().next().is_some();
        // Every occurrence of every term, with its term. Most documents
        // hold no wanted word at all: they end here, before their turns
        // are indexed.
        // Each occurrence with its term and (below) its unit.
        let mut occurrences: Vec<(Range<usize>, usize, Option<usize>)> = Vec::new();
        let mut ranges = Vec::new();
        for (t, finder) in self.finders.iter().enumerate() {
            ranges.clear();
            match index {
                Some(index) => finder.find_into_indexed(text, index, &mut ranges),
                None => finder.find_into(text, &mut ranges),
            }
            if ranges.is_empty() && !self.query.terms[t].negated {
                return Vec::new();
            }
            occurrences.extend(ranges.drain(..).map(|r| (r, t, None)));
        }
        if has_positive && occurrences.is_empty() {
            return Vec::new();
        }
        let geometry = TurnIndex::new(doc);
        // Turns in reading order (`Place::turn`), with where they are.
        let turns: Vec<(TurnRef, &Turn)> = doc
            .agenda_items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| {
                item.turns
                    .iter()
                    .enumerate()
                    .map(move |(t, turn)| (TurnRef { item: i, turn: t }, turn))
            })
            .collect();
        // Units are numbered: 0 outside every turn, `u + 1` for `turns[u]`.
        let unit_number = |unit: Option<usize>| unit.map_or(0, |u| u + 1);
        for (r, _, unit) in &mut occurrences {
            *unit = geometry.locate(r.start).map(|p| p.turn);
        }
        if self.finders.len() > 1 {
            occurrences.sort_by_key(|(r, t, _)| (r.start, *t));
        }
        let n_terms = self.query.terms.len();
        // Which terms occur in which unit.
        let mut present = vec![false; (turns.len() + 1) * n_terms];
        for (_, t, unit) in &occurrences {
            present[unit_number(*unit) * n_terms + t] = true;
        }
        let unit_passes = |unit: Option<usize>| -> bool {
            let at = unit_number(unit) * n_terms;
            let words_ok = self
                .query
                .terms
                .iter()
                .zip(&present[at..at + n_terms])
                .all(|(term, &here)| here != term.negated);
            words_ok && self.filters_pass(doc, unit.map(|u| &turns[u]), tags)
        };
        let mut lines = LineCounter::new(text);
        let mut line_of = |offset: usize| match index {
            Some(index) => index.line_of(text, offset),
            None => lines.line_of(offset),
        };
        let mut hits: Vec<Hit> = Vec::with_capacity(occurrences.len());
        if has_positive {
            let mut passes: Vec<Option<bool>> = vec![None; turns.len() + 1];
            for (r, t, unit) in occurrences {
                if self.query.terms[t].negated {
                    continue;
                }
                if !*passes[unit_number(unit)].get_or_insert_with(|| unit_passes(unit)) {
                    continue;
                }
                if let Some(last) = hits.last_mut()
                    && last.line_range.contains(&r.start)
                {
                    last.matches.push(r);
                    continue;
                }
                let (number, line_range) = line_of(r.start);
                hits.push(Hit {
                    line: number,
                    line_range,
                    matches: vec![r],
                    turn: unit.map(|u| turns[u].0),
                });
            }
            if n_terms > 1 {
                for hit in &mut hits {
                    hit.matches.sort_by_key(|r| r.start);
                    hit.matches.dedup_by(|b, a| b.start < a.end);
                }
            }
        } else {
            for u in geometry.places().map(|p| p.turn) {
                let (at, turn) = &turns[u];
                if unit_passes(Some(u)) {
                    let (number, line_range) = line_of(turn.range.start);
                    hits.push(Hit {
                        line: number,
                        line_range,
                        matches: Vec::new(),
                        turn: Some(*at),
                    });
                }
            }
        }
        hits
    }

    fn filters_pass(
        &self,
        doc: &Document,
        turn: Option<&(TurnRef, &Turn)>,
        tags: &[TaggedSpan],
    ) -> bool {
        let q = &self.query;
        if !q.needs_turns() {
            return true;
        }
        let Some((at, turn)) = turn else {
            // Outside every turn: only excluding filters can hold.
            return q
                .speakers
                .iter()
                .chain(&q.agendas)
                .chain(&q.themes)
                .all(|f| f.negated);
        };
        let names: Vec<String> = std::iter::once(&*turn.speaker)
            .chain(turn.person())
            .chain(turn.on_behalf_of())
            .chain(turn.authors().iter().map(String::as_str))
            .map(fold_str)
            .collect();
        let speakers_ok = q
            .speakers
            .iter()
            .zip(&self.speaker_alternatives)
            .all(|(f, alts)| {
                let hit = names
                    .iter()
                    .any(|n| query::contains_words(n, &f.value) || alts.iter().any(|a| n == a));
                hit != f.negated
            });
        if !speakers_ok {
            return false;
        }
        let title = doc.agenda_items[at.item]
            .title
            .as_deref()
            .map(fold_str)
            .unwrap_or_default();
        let agenda_ok = q
            .agendas
            .iter()
            .all(|f| title.contains(f.value.as_str()) != f.negated);
        if !agenda_ok {
            return false;
        }
        q.themes.iter().all(|f| {
            let tagged = tags.iter().any(|span| {
                span.range.start < turn.range.end
                    && turn.range.start < span.range.end.max(span.range.start + 1)
                    && span.themes.contains(&f.value)
            });
            tagged != f.negated
        })
    }
}

/// Line numbers of increasing offsets, counted incrementally.
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Offset up to which newlines are counted, and the line there.
    at: usize,
    line: u32,
    line_start: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The 1-based line of `offset` (not before the last one asked) and the
    /// line's range.
    fn line_of(&mut self, offset: usize) -> (u32, Range<usize>) {
        if offset < self.at {
            // Out of order: count from the start.
            *self = Self {
                bytes: self.bytes,
                at: 0,
                line: 1,
                line_start: 0,
            };
        }
        for p in memchr::memchr_iter(b'\n', &self.bytes[self.at..offset]) {
            self.line += 1;
            self.line_start = self.at + p + 1;
        }
        self.at = offset;
        let end =
            memchr::memchr(b'\n', &self.bytes[offset..]).map_or(self.bytes.len(), |p| offset + p);
        (self.line, self.line_start..end)
    }
}

/// A short excerpt of a line around its first match: at most `width`
/// characters, with `…` where it was cut. Returns the excerpt and the
/// matches as byte ranges of it.
pub fn snippet(text: &str, hit: &Hit, width: usize) -> (String, Vec<Range<usize>>) {
    let line = &text[hit.line_range.clone()];
    let base = hit.line_range.start;
    let first = hit.matches.first().map_or(0, |r| r.start - base);
    // Start a third of the width before the first match, at a char boundary.
    let chars_before = line[..first].chars().count();
    let lead = width / 3;
    let skip = chars_before.saturating_sub(lead);
    let start = line.char_indices().nth(skip).map_or(line.len(), |(i, _)| i);
    let start = if skip > 0 {
        // Begin at a word.
        line[start..]
            .find(' ')
            .filter(|&p| start + p < first)
            .map_or(start, |p| start + p + 1)
    } else {
        start
    };
    let rest = &line[start..];
    let end = rest
        .char_indices()
        .nth(width)
        .map_or(line.len(), |(i, _)| start + i);
    let mut out = String::new();
    let mut shift = 0isize;
    if start > 0 {
        out.push('…');
        shift = '…'.len_utf8() as isize - start as isize;
    }
    out.push_str(line[start..end].trim_end());
    let ranges = hit
        .matches
        .iter()
        .filter_map(|r| {
            let (s, e) = (r.start - base, r.end - base);
            (s >= start && s < end).then(|| {
                let s = (s as isize + shift) as usize;
                let e = ((e.min(end)) as isize + shift) as usize;
                s..e.min(out.len())
            })
        })
        .collect();
    if end < line.len() {
        out.push('…');
    }
    (out, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_cuts_around_the_match() {
        let text = format!("{} needle {}", "word ".repeat(40), "tail ".repeat(40));
        let start = text.find("needle").unwrap();
        let hit = Hit {
            line: 1,
            line_range: 0..text.len(),
            matches: std::iter::once(start..start + 6).collect(),
            turn: None,
        };
        let (s, ranges) = snippet(&text, &hit, 60);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert_eq!(&s[ranges[0].clone()], "needle");
        assert!(s.chars().count() <= 62);
    }
}
