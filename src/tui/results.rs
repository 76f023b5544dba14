//! The results list of the corpus views (the corpus search's hits, a
//! speaker's turns, a theme's segments): the entries, the selected one,
//! and the rows they make under a heading per document (and per turn for
//! search hits). The rows are built once when the entries change (a
//! search's slice adds its own), not on every frame; a frame draws only
//! the rows in view ([`super::list::rows_around`]), so 100,000 hits draw
//! as fast as ten. Each document is headed by its title, told apart from
//! others that read alike ([`super::names`]).

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::list;
use super::names::{self, Named};
use super::theme::{Theme, put};
use crate::annotate::Tag;
use crate::model::Document;
use crate::search::{Hit, snippet};
use crate::session::Session;
use crate::text::counted;

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

/// What the entries of a list are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shown {
    /// Search hits, under a heading per document and per turn.
    #[default]
    Hits,
    /// Turns of a speaker, one row each.
    Turns,
    /// Tagged segments, two rows each: the quote, then where it is.
    Segments,
}

impl Shown {
    /// Rows an entry takes.
    fn lines(self) -> usize {
        if self == Shown::Segments { 2 } else { 1 }
    }

    /// What a document heading counts.
    fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Shown::Hits => ("hit", "hits"),
            Shown::Turns => ("turn", "turns"),
            Shown::Segments => ("segment", "segments"),
        }
    }
}

/// One row of the list: a heading, or a line of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    /// Heading `n` (a document, [`Results::headings`]).
    Doc(usize),
    /// A turn heading within a document, of entry `i` (search hits).
    Turn(usize),
    /// Line `n` of entry `i`.
    Entry(usize, usize),
}

/// Columns a heading's count may take ("(12,345 segments)"): a title is
/// compared with the others in what is left of the row.
const COUNT_ROOM: usize = 20;

/// The results list.
#[derive(Debug, Default)]
pub struct Results {
    pub shown: Shown,
    pub entries: Vec<Entry>,
    /// The selected entry.
    pub selected: usize,
    rows: Vec<Row>,
    /// The row of each entry's first line.
    entry_rows: Vec<usize>,
    /// Each document heading: its document and how many entries it heads.
    headings: Vec<(usize, usize)>,
    /// Titles as seen at a width, and how many headings show each: the
    /// width, the headings counted so far, the counts.
    alike: Option<(usize, usize, HashMap<String, usize>)>,
}

impl Results {
    /// An empty list of `shown`.
    pub fn new(shown: Shown) -> Results {
        Results {
            shown,
            ..Results::default()
        }
    }

    /// Replaces the entries; the first is selected.
    pub fn set(&mut self, entries: Vec<Entry>) {
        self.clear();
        self.extend(entries);
    }

    /// Empties the list. Hundreds of thousands of hits take milliseconds
    /// to free: not on a key's time.
    pub fn clear(&mut self) {
        let old = std::mem::take(&mut self.entries);
        if old.len() > 10_000 {
            std::thread::spawn(move || drop(old));
        }
        self.rows.clear();
        self.entry_rows.clear();
        self.headings.clear();
        self.alike = None;
        self.selected = 0;
    }

    /// Adds entries after the last (in tree order), with their rows.
    pub fn extend(&mut self, more: impl IntoIterator<Item = Entry>) {
        for e in more {
            let i = self.entries.len();
            let last = self.entries.last();
            let same_doc = last.is_some_and(|l| l.doc == e.doc);
            if same_doc {
                if let Some(h) = self.headings.last_mut() {
                    h.1 += 1;
                }
            } else {
                self.rows.push(Row::Doc(self.headings.len()));
                self.headings.push((e.doc, 1));
            }
            if self.shown == Shown::Hits && !(same_doc && last.is_some_and(|l| l.turn == e.turn)) {
                self.rows.push(Row::Turn(i));
            }
            self.entry_rows.push(self.rows.len());
            for line in 0..self.shown.lines() {
                self.rows.push(Row::Entry(i, line));
            }
            self.entries.push(e);
        }
    }

    /// How many documents the entries are in.
    pub fn docs(&self) -> usize {
        self.headings.len()
    }

    /// Moves the selection by `delta`, kept inside the list.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = list::moved(self.selected, self.entries.len(), delta);
    }

    /// The selected entry.
    pub fn current(&self) -> Option<&Entry> {
        self.entries.get(self.selected)
    }

    /// Draws the rows in view in `body`, the selected entry with its
    /// headings.
    pub fn render(&mut self, frame: &mut Frame, body: Rect, session: &Session, theme: &Theme) {
        if body.height == 0 || self.entries.is_empty() {
            return;
        }
        let width = usize::from(body.width);
        let ellipsis = theme.deco("…");
        self.count_alike(session, width, &ellipsis);
        let lines = self.shown.lines();
        let first = self.entry_rows.get(self.selected).copied().unwrap_or(0);
        for (k, rect) in list::rows_around(self.rows.len(), first..first + lines, 2, body) {
            match self.rows[k] {
                Row::Doc(h) => {
                    let label = self.heading(session, h, width, &ellipsis);
                    put(frame, rect, &label, theme.heading);
                }
                Row::Turn(j) => {
                    let e = &self.entries[j];
                    let doc = &session.docs[e.doc];
                    let text = match e.turn.and_then(|t| doc.turns().nth(t)) {
                        Some(turn) => format!(
                            "  {}{}line {}",
                            turn.speaker,
                            theme.deco(" · "),
                            turn.start_line
                        ),
                        None => "  (outside the turns)".to_string(),
                    };
                    put(frame, rect, &text, theme.item);
                }
                Row::Entry(j, line) => {
                    let e = &self.entries[j];
                    let style = if j == self.selected {
                        theme.tree_focused
                    } else {
                        Style::new()
                    };
                    let line = entry_line(&session.docs[e.doc], e, line, width, theme, style);
                    frame.render_widget(Paragraph::new(line).style(style), rect);
                }
            }
        }
    }

    /// How heading `h` names its document.
    fn named(&self, session: &Session, h: usize) -> Named {
        let (d, n) = self.headings[h];
        let doc = &session.docs[d];
        let (one, many) = self.shown.nouns();
        Named {
            name: crate::export::report::one_line(names::doc_name(doc)),
            tail: names::tail(doc),
            suffix: format!(" ({})", counted(n, one, many)),
        }
    }

    /// What the reader sees of heading `h`'s title, its count aside.
    fn seen(&self, session: &Session, h: usize, width: usize, ellipsis: &str) -> String {
        let mut named = self.named(session, h);
        named.suffix.clear();
        names::seen(&named, width.saturating_sub(COUNT_ROOM), ellipsis)
    }

    /// Counts the titles seen alike at `width`: all of them after a change
    /// of width, else only the headings added since the last frame.
    fn count_alike(&mut self, session: &Session, width: usize, ellipsis: &str) {
        let from = match &self.alike {
            Some((w, counted, _)) if *w == width => *counted,
            _ => 0,
        };
        let fresh: Vec<String> = (from..self.headings.len())
            .map(|h| self.seen(session, h, width, ellipsis))
            .collect();
        let (_, counted, counts) = self.alike.get_or_insert_with(Default::default);
        if from == 0 {
            counts.clear();
        }
        for s in fresh {
            *counts.entry(s).or_default() += 1;
        }
        *counted = self.headings.len();
        self.alike.as_mut().expect("just set").0 = width;
    }

    /// Heading `h`'s label: the title and its count, with its date (or
    /// symbol, or file name) where another heading reads alike.
    fn heading(&self, session: &Session, h: usize, width: usize, ellipsis: &str) -> String {
        let seen = self.seen(session, h, width, ellipsis);
        let alike = self
            .alike
            .as_ref()
            .and_then(|(_, _, counts)| counts.get(&seen))
            .is_some_and(|&n| n > 1);
        names::label(&self.named(session, h), alike, width, ellipsis)
    }
}

/// The agenda item title of a turn (reading order).
pub fn item_title(doc: &Document, turn: usize) -> Option<&str> {
    let (item, _) = doc.turn_location(turn)?;
    doc.agenda_items[item].title.as_deref()
}

/// Line `n` of an entry, at most `width` columns.
fn entry_line<'a>(
    doc: &'a Document,
    e: &'a Entry,
    n: usize,
    width: usize,
    theme: &Theme,
    style: Style,
) -> Line<'a> {
    let turn = e.turn.and_then(|t| doc.turns().nth(t));
    let none = theme.deco("—");
    let dot = theme.deco(" · ");
    let item = e.turn.and_then(|t| item_title(doc, t)).unwrap_or(&none);
    if let Some(hit) = &e.hit {
        let prefix = format!("    {:>5}: ", hit.line);
        let room = width.saturating_sub(prefix.len()).max(1);
        let (text, ranges) = snippet(&doc.text, hit, room);
        let mut text = crate::export::report::clean(&text);
        if theme.ascii {
            // The snippet's own ellipses, as many bytes long in ASCII.
            if let Some(rest) = text.strip_prefix('…') {
                text = format!("...{rest}");
            }
            if let Some(rest) = text.strip_suffix('…') {
                text = format!("{rest}...");
            }
        }
        let mut spans = vec![Span::styled(prefix, theme.dim.patch(style))];
        let mut at = 0;
        for r in ranges {
            if r.start < at || r.end > text.len() || !text.is_char_boundary(r.start) {
                continue;
            }
            let end = if text.is_char_boundary(r.end) {
                r.end
            } else {
                continue;
            };
            spans.push(Span::styled(text[at..r.start].to_string(), style));
            spans.push(Span::styled(text[r.start..end].to_string(), theme.hit));
            at = end;
        }
        spans.push(Span::styled(text[at..].to_string(), style));
        return Line::from(spans);
    }
    if let Some(tag) = &e.tag {
        let speaker = turn.map_or(&*none, |t| &*t.speaker);
        let text = if n == 0 {
            let (open, close) = (theme.deco("“"), theme.deco("”"));
            format!("  {open}{}{close}", one_line(&tag.target.quote))
        } else {
            let note = if tag.note.is_empty() {
                String::new()
            } else {
                format!("{dot}{} {}", theme.note_symbol, one_line(&tag.note))
            };
            format!("    {speaker}{dot}{}{dot}{item}{note}", doc.id)
        };
        return Line::from(Span::styled(text, style));
    }
    let first_words = turn
        .and_then(|t| t.paragraphs.first())
        .map(|p| one_line(doc.slice(&p)))
        .unwrap_or_default();
    let line_no = turn.map_or(0, |t| t.start_line);
    Line::from(Span::styled(
        format!("  {line_no:>5}{dot}{item}{dot}{first_words}"),
        style,
    ))
}

/// Text on one line, control characters and runs of spaces folded.
fn one_line(s: &str) -> String {
    let cleaned = crate::export::report::clean(s);
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(doc: usize, turn: usize) -> Entry {
        Entry {
            doc,
            turn: Some(turn),
            offset: 0,
            hit: None,
            tag: None,
        }
    }

    #[test]
    fn rows_are_built_as_entries_arrive_in_slices() {
        let all = [
            entry(0, 0),
            entry(0, 0),
            entry(0, 2),
            entry(3, 1),
            entry(3, 1),
        ];
        let mut whole = Results::new(Shown::Hits);
        whole.set(all.to_vec());
        let mut sliced = Results::new(Shown::Hits);
        sliced.extend(all[..2].to_vec());
        sliced.extend(all[2..4].to_vec());
        sliced.extend(all[4..].to_vec());
        assert_eq!(whole.rows, sliced.rows);
        assert_eq!(whole.headings, [(0, 3), (3, 2)]);
        assert_eq!(sliced.headings, whole.headings);
        // Doc, turn, hit, hit, turn, hit, doc, turn, hit, hit.
        assert_eq!(whole.rows.len(), 10);
        assert_eq!(whole.entry_rows, [2, 3, 5, 8, 9]);
        assert_eq!(whole.docs(), 2);
        let mut segments = Results::new(Shown::Segments);
        segments.set(all[3..].to_vec());
        assert_eq!(
            segments.rows,
            [
                Row::Doc(0),
                Row::Entry(0, 0),
                Row::Entry(0, 1),
                Row::Entry(1, 0),
                Row::Entry(1, 1)
            ]
        );
        segments.move_by(5);
        assert_eq!(segments.selected, 1);
        segments.clear();
        assert!(segments.rows.is_empty() && segments.current().is_none());
    }
}
