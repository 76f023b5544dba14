//! What the reader asks of the session, apart from the rest of it: every
//! turn of a speaker and every segment of a theme across the corpus in the
//! tree's order (the speaker and theme indexes), the tag versions a merge
//! kept (the walk through conflicts), where the selection moves
//! to (the next turn, agenda item, or turn of a speaker), and an export
//! written to a folder without overwriting a file.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Session;
use crate::annotate::Tag;
use crate::annotate::tally::Themes;
use crate::export::Format;
use crate::geometry::TurnIndex;

/// A tagged segment found in the corpus: its document, the turn that
/// holds its start (reading order; none before the first turn) and the tag.
pub type Segment = (usize, Option<usize>, Arc<Tag>);

impl Session {
    /// Every turn of `speaker`, as (document, turn in reading order), the
    /// documents in the tree's order.
    pub fn turns_of(&self, speaker: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for d in self.sorted_docs() {
            for (t, turn) in self.docs[d].turns().enumerate() {
                if *turn.speaker == *speaker {
                    out.push((d, t));
                }
            }
        }
        out
    }

    /// Every segment tagged with `theme` or one of its sub-themes (not the
    /// orphaned ones), the documents in the tree's order, each with the
    /// turn that holds it ([`TurnIndex`]).
    pub fn segments_of(&self, theme: &str) -> Vec<Segment> {
        let themes = Themes::WithParents(&self.codebook);
        let mut out = Vec::new();
        for d in self.sorted_docs() {
            let index = TurnIndex::new(&self.docs[d]);
            for tag in self.anns[d].ann.tags.iter() {
                if tag.orphaned || !themes.has(tag, theme) {
                    continue;
                }
                let turn = index.locate(tag.target.start).map(|p| p.turn);
                out.push((d, turn, Arc::clone(tag)));
            }
        }
        out
    }

    /// Every tag version a merge kept, in the tree's order: document and
    /// tag.
    pub fn conflicted_tags(&self) -> Vec<(usize, Arc<Tag>)> {
        let mut out = Vec::new();
        for d in self.sorted_docs() {
            let ann = &self.anns[d].ann;
            for c in ann.conflicts.iter().filter(|c| c.kind == "tag") {
                out.extend(
                    ann.tags
                        .iter()
                        .filter(|t| c.versions.contains(&t.id))
                        .map(|t| (d, t.clone())),
                );
            }
        }
        out
    }

    /// The next turn of `speaker` after the selection, across the corpus
    /// in the tree's order, wrapping around: the document, the turn, its
    /// number among the speaker's turns (from 1) and how many they are.
    pub fn next_turn_of(&self, speaker: &str) -> Option<(usize, usize, usize, usize)> {
        let all = self.turns_of(speaker);
        let order = self.sorted_docs();
        let rank = |d: usize| order.iter().position(|&x| x == d).unwrap_or(0);
        let here = self.selection.doc.map(|d| (rank(d), self.selection.turn));
        let i = all
            .iter()
            .position(|&(d, t)| here.is_none_or(|here| (rank(d), t) > here))
            .unwrap_or(0);
        let &(d, t) = all.get(i)?;
        Some((d, t, i + 1, all.len()))
    }

    /// The turn before or after the selected one in its document (the
    /// first or last stays): the document and the turn.
    pub fn turn_step(&self, forward: bool) -> Option<(usize, usize)> {
        let d = self.selection.doc?;
        let n = self.docs[d].turn_count();
        if n == 0 {
            return None;
        }
        let t = if forward {
            (self.selection.turn + 1).min(n - 1)
        } else {
            self.selection.turn.saturating_sub(1)
        };
        Some((d, t))
    }

    /// The first turn of the next agenda item with turns, or of the
    /// current one (back from inside it), or of the previous one: the
    /// document, the turn and whether the item has a title.
    pub fn item_step(&self, forward: bool) -> Option<(usize, usize, bool)> {
        let d = self.selection.doc?;
        let (item, index) = self.docs[d].turn_location(self.selection.turn)?;
        let items = &self.docs[d].agenda_items;
        let target = if forward {
            (item + 1..items.len()).find(|&i| !items[i].turns.is_empty())
        } else if index > 0 {
            Some(item)
        } else {
            (0..item).rev().find(|&i| !items[i].turns.is_empty())
        }?;
        let first: usize = items[..target].iter().map(|i| i.turns.len()).sum();
        Some((d, first, items[target].title.is_some()))
    }

    /// Writes an export of the corpus with its annotations into `dir` as
    /// `floor-export.EXT` (`-2`, `-3`, ... when taken), never over an
    /// existing file; the path written.
    ///
    /// # Errors
    ///
    /// When the export cannot be made or written.
    pub fn export_to(&self, format: Format, dir: &Path) -> std::io::Result<PathBuf> {
        let ext = format.ext();
        let bytes = crate::export::render(format, &self.annotated(), &self.codebook)?;
        loop {
            // create_new: a file that appeared meanwhile is not overwritten.
            let path = free_export_path(dir, ext);
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    f.write_all(&bytes)?;
                    return Ok(path);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
    }
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
pub(crate) mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ingest::{Ingest, sample};

    /// The bundled sample in a session (also for the reader's tests).
    pub(crate) fn sample_session() -> Session {
        let ingest = Ingest::new(&Config::default());
        let mut session = Session::default();
        for source in sample::sources() {
            let doc = ingest.load_source(&source).unwrap();
            session.add(doc, None);
        }
        session
    }

    #[test]
    fn a_speakers_turns_in_tree_order_and_the_next_one_wraps_around() {
        let mut s = sample_session();
        let all = s.turns_of("Ambassador Gafoor");
        assert!(all.len() > 2, "{all:?}");
        let order = s.sorted_docs();
        let rank = |d: usize| order.iter().position(|&x| x == d).unwrap();
        assert!(
            all.windows(2)
                .all(|w| (rank(w[0].0), w[0].1) < (rank(w[1].0), w[1].1))
        );
        // Nothing open: the first; on it, the second; on the last, the first.
        assert_eq!(
            s.next_turn_of("Ambassador Gafoor"),
            Some((all[0].0, all[0].1, 1, all.len()))
        );
        s.selection.doc = Some(all[0].0);
        s.selection.turn = all[0].1;
        assert_eq!(s.next_turn_of("Ambassador Gafoor").map(|n| n.2), Some(2));
        let last = all[all.len() - 1];
        s.selection.doc = Some(last.0);
        s.selection.turn = last.1;
        assert_eq!(s.next_turn_of("Ambassador Gafoor").map(|n| n.2), Some(1));
        assert_eq!(s.next_turn_of("Nobody"), None);
    }

    #[test]
    fn turn_and_item_steps_stay_inside_the_document() {
        let mut s = sample_session();
        let d = (0..s.docs.len())
            .find(|&d| s.docs[d].id.ends_with("meeting-9"))
            .unwrap();
        assert_eq!(s.turn_step(true), None, "nothing open");
        s.selection.doc = Some(d);
        assert_eq!(s.turn_step(false), Some((d, 0)));
        assert_eq!(s.turn_step(true), Some((d, 1)));
        let n = s.docs[d].turn_count();
        s.selection.turn = n - 1;
        assert_eq!(s.turn_step(true), Some((d, n - 1)));
        // The next agenda item starts at its first turn, and has a title.
        s.selection.turn = 0;
        let (_, first, titled) = s.item_step(true).unwrap();
        let (item, index) = s.docs[d].turn_location(first).unwrap();
        assert!(item > 0 && index == 0 && titled);
        // Back from inside an item: its own first turn.
        s.selection.turn = first + 1;
        assert_eq!(s.item_step(false).map(|x| x.1), Some(first));
        assert!(s.conflicted_tags().is_empty());
        assert!(s.segments_of("capacity-building").is_empty(), "no tags yet");
    }
}
