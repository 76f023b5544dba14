//! A document as the text pane shows it: built once per document (the
//! display text, a heading per turn, agenda item titles) and wrapped once per
//! width into rows that each know their turn and byte range. Drawing a frame
//! reads only the visible rows.

use std::ops::Range;

use crate::model::{Document, Role, Turn, push_unwrapped};
use crate::text::fold::{Folded, fold};
use crate::text::wrap::wrap;

/// What a display row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// An agenda item title.
    Item,
    /// The heading of a turn: speaker · role · on behalf of.
    Heading,
    /// Spoken text.
    Body,
    /// Space between paragraphs, turns and items.
    Blank,
}

/// One display row: a byte range into [`DocText::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewRow {
    pub kind: RowKind,
    pub range: Range<usize>,
    /// The turn (index in reading order) the row belongs to; for an item
    /// title, its first turn.
    pub turn: usize,
}

/// Where a turn is in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnInfo {
    pub item: usize,
    /// Index of the turn within its item.
    pub index: usize,
}

/// A block of the display text before wrapping.
#[derive(Debug, Clone)]
struct Block {
    kind: RowKind,
    range: Range<usize>,
    turn: usize,
    /// Blank rows before the block.
    gap: usize,
}

/// The display text of a document, independent of the width.
#[derive(Debug, Clone)]
pub struct DocText {
    /// Headings, item titles and unwrapped paragraphs, one per line.
    pub text: String,
    /// The folded text, for search.
    pub folded: Folded,
    pub turns: Vec<TurnInfo>,
    blocks: Vec<Block>,
    /// Pieces of body text copied from the canonical text:
    /// (display start, canonical start, length), increasing in both.
    segments: Vec<(usize, usize, usize)>,
    /// The same pieces as (canonical start, display start, length), sorted
    /// by canonical start (interjections make reading order differ).
    by_canonical: Vec<(usize, usize, usize)>,
}

/// The segments `push_unwrapped` copies from a paragraph at `canon` to the
/// display text at `display`.
fn unwrap_segments(
    paragraph: &str,
    canon: usize,
    mut display: usize,
    out: &mut Vec<(usize, usize, usize)>,
) {
    let mut first = true;
    let mut offset = 0;
    for line in paragraph.split('\n') {
        let trimmed = line.trim_start_matches(crate::model::is_blank_char);
        let lead = line.len() - trimmed.len();
        let trimmed = trimmed.trim_end_matches(crate::model::is_blank_char);
        if !trimmed.is_empty() {
            if !first {
                display += 1;
            }
            out.push((display, canon + offset + lead, trimmed.len()));
            display += trimmed.len();
            first = false;
        }
        offset += line.len() + 1;
    }
}

/// The heading line of a turn: "Egypt · delegation · on behalf of Arab Group".
pub fn heading(turn: &Turn) -> String {
    let mut out = turn.speaker.to_string();
    if turn.role != Role::Unknown {
        out.push_str(" · ");
        out.push_str(turn.role.as_str());
    }
    if let Some(group) = turn.on_behalf_of() {
        out.push_str(" · on behalf of ");
        out.push_str(group);
    }
    out
}

impl DocText {
    pub fn new(doc: &Document) -> DocText {
        let mut text = String::new();
        let mut blocks = Vec::new();
        let mut turns = Vec::new();
        let mut segments = Vec::new();
        let mut push = |text: &mut String, kind, turn, gap, f: &dyn Fn(&mut String)| {
            let start = text.len();
            f(text);
            let end = text.len();
            text.push('\n');
            blocks.push(Block {
                kind,
                range: start..end,
                turn,
                gap,
            });
        };
        for (i, item) in doc.agenda_items.iter().enumerate() {
            let first = turns.len();
            if let Some(title) = &item.title {
                let title = match &item.number {
                    Some(n) => format!("Agenda item {n}: {title}"),
                    None => title.clone(),
                };
                let gap = usize::from(first > 0);
                push(&mut text, RowKind::Item, first, gap, &|t| {
                    t.push_str(&title)
                });
            }
            for (j, turn) in item.turns.iter().enumerate() {
                let n = turns.len();
                turns.push(TurnInfo { item: i, index: j });
                let gap = usize::from(n > 0 || item.title.is_some());
                let mut head = heading(turn);
                // Turns from captions show when they were spoken.
                if let Some(start) = doc.start_time(turn) {
                    head = format!("{} · {head}", start.clock());
                }
                push(&mut text, RowKind::Heading, n, gap, &|t| t.push_str(&head));
                for (k, paragraph) in turn.paragraphs.iter().enumerate() {
                    let body = doc.slice(&paragraph);
                    unwrap_segments(body, paragraph.start, text.len(), &mut segments);
                    // A blank row between paragraphs, as in the document.
                    let gap = usize::from(k > 0);
                    push(&mut text, RowKind::Body, n, gap, &|t| {
                        push_unwrapped(t, body)
                    });
                }
            }
        }
        let folded = fold(&text);
        let mut by_canonical: Vec<_> = segments.iter().map(|&(d, c, l)| (c, d, l)).collect();
        by_canonical.sort_unstable();
        DocText {
            by_canonical,
            text,
            folded,
            turns,
            blocks,
            segments,
        }
    }

    /// The canonical offset shown at a display offset (between pieces: the
    /// end of the piece before).
    pub fn to_canonical(&self, display: usize) -> usize {
        let i = self.segments.partition_point(|s| s.0 <= display);
        if i == 0 {
            return self.segments.first().map_or(0, |s| s.1);
        }
        let (d, c, len) = self.segments[i - 1];
        c + (display - d).min(len)
    }

    /// The display offset of a canonical offset (between pieces: the start
    /// of the next piece).
    pub fn to_display(&self, canonical: usize) -> usize {
        let i = self.by_canonical.partition_point(|s| s.0 <= canonical);
        if i == 0 {
            return self.by_canonical.first().map_or(0, |s| s.1);
        }
        let (c, d, len) = self.by_canonical[i - 1];
        if canonical <= c + len {
            d + (canonical - c)
        } else {
            self.by_canonical.get(i).map_or(d + len, |s| s.1)
        }
    }

    /// The display ranges of the body lines (paragraphs), in order.
    pub fn body_blocks(&self) -> impl Iterator<Item = (usize, &Range<usize>)> {
        self.blocks
            .iter()
            .filter(|b| b.kind == RowKind::Body)
            .map(|b| (b.turn, &b.range))
    }

    /// Wraps the document to `width` columns.
    pub fn layout(&self, width: u16) -> Layout {
        let mut rows = Vec::new();
        let mut turn_rows = vec![0; self.turns.len()];
        for block in &self.blocks {
            for _ in 0..block.gap {
                rows.push(ViewRow {
                    kind: RowKind::Blank,
                    range: block.range.start..block.range.start,
                    turn: block.turn,
                });
            }
            if block.kind == RowKind::Heading {
                turn_rows[block.turn] = rows.len();
            }
            let slice = &self.text[block.range.clone()];
            for row in wrap(slice, width) {
                rows.push(ViewRow {
                    kind: block.kind,
                    range: block.range.start + row.range.start..block.range.start + row.range.end,
                    turn: block.turn,
                });
            }
        }
        Layout {
            width,
            rows,
            turn_rows,
        }
    }
}

/// A document wrapped to one width.
#[derive(Debug, Clone)]
pub struct Layout {
    pub width: u16,
    pub rows: Vec<ViewRow>,
    /// The heading row of each turn.
    pub turn_rows: Vec<usize>,
}

impl Layout {
    /// The row showing byte `offset` of the display text.
    pub fn row_of_offset(&self, offset: usize) -> usize {
        let i = self.rows.partition_point(|r| r.range.end < offset);
        i.min(self.rows.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_canonical_offsets_map_both_ways() {
        let ingest = Ingest::new(&Config::default());
        for source in sample::sources() {
            let doc = ingest.load_source(&source).unwrap();
            let text = DocText::new(&doc);
            for &(d, c, len) in &text.segments {
                assert_eq!(&text.text[d..d + len], &doc.text[c..c + len]);
                assert_eq!(text.to_canonical(d + len / 2), c + len / 2);
                assert_eq!(text.to_display(c + len / 2), d + len / 2);
            }
        }
    }
    use crate::config::Config;
    use crate::ingest::{Ingest, sample};

    #[test]
    fn every_turn_has_a_heading_row_and_rows_fit() {
        let ingest = Ingest::new(&Config::default());
        for source in sample::sources() {
            let doc = ingest.load_source(&source).unwrap();
            let text = DocText::new(&doc);
            assert_eq!(text.turns.len(), doc.turns().count());
            for width in [1u16, 10, 57, 200] {
                let layout = text.layout(width);
                for (turn, &row) in layout.turn_rows.iter().enumerate() {
                    assert_eq!(layout.rows[row].kind, RowKind::Heading);
                    assert_eq!(layout.rows[row].turn, turn);
                }
                for row in &layout.rows {
                    let w = crate::text::wrap::display_width(&text.text[row.range.clone()]);
                    assert!(w <= usize::from(width).max(2));
                }
            }
        }
    }

    #[test]
    fn paragraphs_of_a_turn_are_set_apart_by_a_blank_row() {
        let ingest = Ingest::new(&Config::default());
        let source = &sample::sources()[2]; // the French statement: one turn, many paragraphs
        let doc = ingest.load_source(source).unwrap();
        let paragraphs = doc.turns().next().unwrap().paragraphs.len();
        assert!(paragraphs > 3);
        let layout = DocText::new(&doc).layout(80);
        let body_then_blank_then_body = layout
            .rows
            .windows(3)
            .filter(|w| {
                w[0].kind == RowKind::Body
                    && w[1].kind == RowKind::Blank
                    && w[2].kind == RowKind::Body
            })
            .count();
        assert_eq!(body_then_blank_then_body, paragraphs - 1);
    }
}
