//! Turn geometry: which agenda item, turn and speaker hold a byte offset of
//! a document's canonical text.
//!
//! This module owns the one rule every part of floor uses to put a tag, a
//! note or a search hit in a turn (stats, every export, search results, the
//! theme index, the tree's counts and the reader): an offset belongs to the
//! **innermost turn whose range holds it** — an interjection rather than the
//! chair's turn around it — where an empty range holds its first byte. An
//! offset before the first turn or between turns (a heading, a gap) belongs
//! to no turn. Found by binary search over turn starts.

use crate::model::{AgendaItem, Document, Turn};

/// Where an offset lies: the turn (reading order and within its agenda
/// item) and the agenda item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Place {
    /// Index of the agenda item in `Document::agenda_items`.
    pub item: usize,
    /// Index of the turn in its agenda item's `turns`.
    pub turn_in_item: usize,
    /// Index of the turn in reading order (`Document::turns()`).
    pub turn: usize,
}

impl Place {
    /// The turn of this place in `doc`.
    pub fn turn_of<'d>(&self, doc: &'d Document) -> &'d Turn {
        &doc.agenda_items[self.item].turns[self.turn_in_item]
    }

    /// The agenda item of this place in `doc`.
    pub fn agenda_item<'d>(&self, doc: &'d Document) -> &'d AgendaItem {
        &doc.agenda_items[self.item]
    }
}

/// One turn's span in start order, with the turn around it.
#[derive(Debug, Clone)]
struct Span {
    start: usize,
    /// Exclusive; at least `start + 1`.
    end: usize,
    place: Place,
    /// The span (index into `spans`) this one lies inside, if any.
    outer: Option<usize>,
}

/// The turns of one document sorted by start, for repeated look-ups.
#[derive(Debug, Clone, Default)]
pub struct TurnIndex {
    spans: Vec<Span>,
}

impl TurnIndex {
    pub fn new(doc: &Document) -> Self {
        let mut spans: Vec<Span> =
            Vec::with_capacity(doc.agenda_items.iter().map(|i| i.turns.len()).sum());
        let mut n = 0;
        for (i, item) in doc.agenda_items.iter().enumerate() {
            for (j, turn) in item.turns.iter().enumerate() {
                spans.push(Span {
                    start: turn.range.start,
                    end: turn.range.end.max(turn.range.start + 1),
                    place: Place {
                        item: i,
                        turn_in_item: j,
                        turn: n,
                    },
                    outer: None,
                });
                n += 1;
            }
        }
        // Outer turns before the turns inside them; among equal spans the
        // later in reading order counts as the inner one.
        spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end), s.place.turn));
        // The innermost earlier span holding each start: a stack of open spans.
        let mut open: Vec<usize> = Vec::new();
        for k in 0..spans.len() {
            while let Some(&top) = open.last() {
                if spans[top].end > spans[k].start {
                    break;
                }
                open.pop();
            }
            spans[k].outer = open.last().copied();
            open.push(k);
        }
        Self { spans }
    }

    /// The innermost turn holding `offset`, if any.
    pub fn locate(&self, offset: usize) -> Option<Place> {
        let after = self.spans.partition_point(|s| s.start <= offset);
        let mut k = after.checked_sub(1)?;
        loop {
            let span = &self.spans[k];
            if offset < span.end {
                return Some(span.place);
            }
            k = span.outer?;
        }
    }

    /// Every turn, in order of start (a turn before the turns inside it).
    pub fn places(&self) -> impl Iterator<Item = Place> + '_ {
        self.spans.iter().map(|s| s.place)
    }

    /// How many turns the document has.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// The innermost turn of `doc` holding `offset`. For many look-ups in one
/// document, build a [`TurnIndex`] once.
pub fn locate(doc: &Document, offset: usize) -> Option<Place> {
    TurnIndex::new(doc).locate(offset)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{AgendaSource, Attribution, Role};

    /// A labelled delegation's turn whose one paragraph is its range (for
    /// unit tests here and elsewhere).
    pub(crate) fn turn(speaker: &str, range: std::ops::Range<usize>) -> Turn {
        let mut turn = Turn::new(
            speaker,
            Role::Delegation,
            Attribution::Label,
            range.clone(),
            1,
        );
        turn.confidence = 1.0;
        turn.paragraphs.push(range);
        turn
    }

    fn item(turns: Vec<Turn>) -> AgendaItem {
        AgendaItem {
            title: None,
            number: None,
            source: AgendaSource::Implicit,
            start_line: 1,
            turns,
        }
    }

    fn doc(items: Vec<AgendaItem>) -> Document {
        Document {
            text: "x".repeat(200),
            agenda_items: items,
            ..Default::default()
        }
    }

    fn speaker(doc: &Document, offset: usize) -> Option<&str> {
        locate(doc, offset).map(|p| p.turn_of(doc).speaker.as_ref())
    }

    #[test]
    fn offsets_before_between_and_after_turns_have_no_turn() {
        let d = doc(vec![item(vec![turn("A", 10..20), turn("B", 30..40)])]);
        assert_eq!(speaker(&d, 0), None);
        assert_eq!(speaker(&d, 10), Some("A"));
        assert_eq!(speaker(&d, 19), Some("A"));
        assert_eq!(speaker(&d, 20), None);
        assert_eq!(speaker(&d, 35), Some("B"));
        assert_eq!(speaker(&d, 40), None);
    }

    #[test]
    fn an_interjection_holds_its_offsets_and_the_chair_holds_the_rest() {
        // The parser pushes interjections after the chair's turn around them.
        let d = doc(vec![
            item(vec![
                turn("Chair", 0..100),
                turn("Egypt", 20..30),
                turn("Peru", 50..60),
            ]),
            item(vec![turn("Chile", 100..150)]),
        ]);
        assert_eq!(speaker(&d, 5), Some("Chair"));
        assert_eq!(speaker(&d, 25), Some("Egypt"));
        assert_eq!(speaker(&d, 40), Some("Chair"));
        assert_eq!(speaker(&d, 55), Some("Peru"));
        assert_eq!(speaker(&d, 99), Some("Chair"));
        let p = locate(&d, 120).unwrap();
        assert_eq!((p.item, p.turn_in_item, p.turn), (1, 0, 3));
    }

    #[test]
    fn an_empty_turn_holds_its_first_byte() {
        let d = doc(vec![item(vec![turn("A", 10..10), turn("B", 11..20)])]);
        assert_eq!(speaker(&d, 10), Some("A"));
        assert_eq!(speaker(&d, 11), Some("B"));
    }
}
