//! Corrections applied to a parsed document: re-attribute a turn, split a
//! turn, merge a turn into the one before, start an agenda item. The parse
//! is a proposal; the user has the last word. Corrected turns carry the
//! attribution `manual`.

use super::{Annotations, Correction, CorrectionKind};
use crate::model::{AgendaItem, AgendaSource, Attribution, Document, Role, Turn};

/// Applies every anchored correction in order; returns how many applied.
pub fn apply_corrections(doc: &mut Document, ann: &Annotations) -> usize {
    ann.corrections
        .iter()
        .filter(|c| !c.orphaned)
        .filter(|c| apply(doc, c))
        .count()
}

/// (item, index) of the turn holding `offset` ([`crate::geometry`]).
fn locate(doc: &Document, offset: usize) -> Option<(usize, usize)> {
    crate::geometry::locate(doc, offset).map(|p| (p.item, p.turn_in_item))
}

fn apply(doc: &mut Document, c: &Correction) -> bool {
    let offset = c.target.start;
    let Some((i, j)) = locate(doc, offset) else {
        return false;
    };
    let line = doc.line_at(offset);
    match c.kind {
        CorrectionKind::Reattribute => {
            let Some(speaker) = c.speaker.clone() else {
                return false;
            };
            let turn = &mut doc.agenda_items[i].turns[j];
            turn.speaker = speaker.into();
            turn.role = c.role.unwrap_or(if turn.role == Role::Unknown {
                Role::Delegation
            } else {
                turn.role
            });
            turn.set_on_behalf_of(None);
            turn.attribution = Attribution::Manual;
            turn.confidence = 1.0;
            true
        }
        CorrectionKind::Split => {
            let turn = &doc.agenda_items[i].turns[j];
            if offset <= turn.range.start || offset >= turn.range.end {
                return false;
            }
            let mut first = turn.clone();
            let mut second = turn.clone();
            first.paragraphs.clear();
            second.paragraphs.clear();
            for p in &turn.paragraphs {
                if p.end <= offset {
                    first.paragraphs.push(p);
                } else if p.start >= offset {
                    second.paragraphs.push(p);
                } else {
                    first.paragraphs.push(p.start..offset);
                    // Skip the space at the cut.
                    let rest = doc.text[offset..p.end].trim_start();
                    second.paragraphs.push(p.end - rest.len()..p.end);
                }
            }
            if first.paragraphs.is_empty() || second.paragraphs.is_empty() {
                return false;
            }
            first.range.end = offset;
            second.range.start = offset;
            second.start_line = line;
            second.interjection = false;
            second.attribution = Attribution::Manual;
            second.confidence = 1.0;
            if let Some(speaker) = &c.speaker {
                second.speaker = speaker.as_str().into();
                second.role = c.role.unwrap_or(Role::Delegation);
                second.set_on_behalf_of(None);
            }
            let turns = &mut doc.agenda_items[i].turns;
            turns[j] = first;
            turns.insert(j + 1, second);
            true
        }
        CorrectionKind::Merge => {
            let (pi, pj) = if j > 0 {
                (i, j - 1)
            } else {
                match (0..i)
                    .rev()
                    .find(|&k| !doc.agenda_items[k].turns.is_empty())
                {
                    Some(k) => (k, doc.agenda_items[k].turns.len() - 1),
                    None => return false,
                }
            };
            let turn: Turn = doc.agenda_items[i].turns.remove(j);
            let prev = &mut doc.agenda_items[pi].turns[pj];
            prev.paragraphs.extend(turn.paragraphs);
            prev.range.end = prev.range.end.max(turn.range.end);
            prev.attribution = Attribution::Manual;
            prev.confidence = 1.0;
            true
        }
        CorrectionKind::AgendaItem => {
            let title = c.title.clone().unwrap_or_else(|| "Agenda item".into());
            let item = &mut doc.agenda_items[i];
            let rest: Vec<Turn> = item.turns.drain(j..).collect();
            let new = AgendaItem {
                title: Some(title),
                number: None,
                source: AgendaSource::Manual,
                start_line: rest.first().map_or(line, |t| t.start_line),
                turns: rest,
            };
            doc.agenda_items.insert(i + 1, new);
            // An untitled item left empty disappears.
            if doc.agenda_items[i].turns.is_empty() && doc.agenda_items[i].title.is_none() {
                doc.agenda_items.remove(i);
            }
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::annotate::{Target, new_id, now};
    use crate::config::Config;
    use crate::ingest::{Ingest, sample};

    fn meeting() -> Document {
        let ingest = Ingest::new(&Config::default());
        let source = sample::sources()
            .into_iter()
            .find(|s| s.id.contains("meeting-9"))
            .unwrap();
        ingest.load_source(&source).unwrap()
    }

    fn correction(doc: &Document, kind: CorrectionKind, at: usize) -> Correction {
        Correction {
            id: new_id("c"),
            kind,
            target: Target::new(&doc.text, at..at + 10),
            speaker: Some("Japan".into()),
            role: None,
            title: Some("Capacity building".into()),
            author: "me".into(),
            created: now(),
            modified: now(),
            orphaned: false,
        }
    }

    #[test]
    fn reattribute_split_merge_and_item() {
        let mut doc = meeting();
        let n = doc.turns().count();
        let germany = doc
            .turns()
            .find(|t| t.speaker.as_ref() == "Germany")
            .unwrap()
            .clone();
        let mut ann = Annotations::new(&doc);
        let at = germany.paragraphs.first().unwrap().start;
        ann.corrections
            .push(Arc::new(correction(&doc, CorrectionKind::Reattribute, at)));
        let mid = at + doc.text[at..].find(". ").unwrap() + 2;
        ann.corrections
            .push(Arc::new(correction(&doc, CorrectionKind::Split, mid)));
        ann.corrections
            .push(Arc::new(correction(&doc, CorrectionKind::AgendaItem, at)));
        assert_eq!(apply_corrections(&mut doc, &ann), 3);
        assert_eq!(doc.turns().count(), n + 1);
        let manual: Vec<_> = doc
            .turns()
            .filter(|t| t.attribution == Attribution::Manual)
            .collect();
        assert_eq!(manual.len(), 2);
        assert!(manual.iter().all(|t| t.speaker.as_ref() == "Japan"));
        assert!(
            doc.agenda_items
                .iter()
                .any(|i| i.source == AgendaSource::Manual)
        );
        // Merging the second half back.
        let mut ann2 = Annotations::new(&doc);
        ann2.corrections
            .push(Arc::new(correction(&doc, CorrectionKind::Merge, mid)));
        assert_eq!(apply_corrections(&mut doc, &ann2), 1);
        assert_eq!(doc.turns().count(), n);
    }
}
