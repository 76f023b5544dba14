//! The session: the open corpus with its annotations, undo and redo, and
//! saving. No terminal types: the reader keeps one in its state and draws
//! from it; the command line loads one and exports or tags from it; tests
//! drive it without a terminal.
//!
//! Documents are in arrival order; a document's index is its id here and
//! in the reader. Corrections are applied on arrival and again after each
//! correction edit, from the document as parsed.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::annotate::ledger::{self, SaveLedger, SaveState, Unsaved};
use crate::annotate::suggest::Suggester;
use crate::annotate::writer::{WriteEvent, Writer};
use crate::annotate::{
    self, Annotations, Codebook, Correction, CorrectionKind, Edit, Location, Tag, Target, correct,
};
use crate::export::report::Annotated;
use crate::ingest::Ingest;
use crate::model::Document;
use crate::search::LazyTextIndex;

// What the reader's corpus views ask of the session.
mod views;
#[cfg(test)]
pub(crate) use views::tests::sample_session;
pub use views::{Segment, free_export_path};

/// The annotations of one document and their saving.
#[derive(Debug, Default)]
pub struct DocAnn {
    pub ann: Annotations,
    /// Where to save; `None` keeps the annotations in memory only.
    pub location: Option<Location>,
    /// The document as parsed, before corrections (kept once corrected;
    /// boxed, since most documents have none and there is one `DocAnn`
    /// per document).
    pub pristine: Option<Box<Document>>,
    /// Changes made (what was written is in [`Session::ledger`]).
    pub generation: u64,
    /// Ids removed in this session (not taken back from another process).
    pub deleted: BTreeSet<String>,
    /// Tags and notes per turn (for the tree) at an annotation version.
    pub counts: Option<(u64, Vec<(usize, usize)>)>,
    /// The writer thread has a copy of the annotations: changes go to it
    /// as edits.
    pub writer_has_copy: bool,
}

impl DocAnn {
    /// Annotations for a document just loaded; applies its corrections.
    pub fn new(doc: &mut Document, stored: Option<(Annotations, Location)>) -> DocAnn {
        match stored {
            Some((ann, location)) => {
                let pristine = (!ann.corrections.is_empty()).then(|| Box::new(doc.clone()));
                correct::apply_corrections(doc, &ann);
                DocAnn {
                    ann,
                    location: Some(location),
                    pristine,
                    ..DocAnn::default()
                }
            }
            None => DocAnn {
                ann: Annotations::new(doc),
                ..DocAnn::default()
            },
        }
    }
}

/// What the user is on: the open document and its current turn. Both
/// shells read it (the reader draws from it, a command could start from
/// it); the screen's scroll and cursor stay with the reader.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    /// The open document, by arrival index.
    pub doc: Option<usize>,
    /// The current turn of the open document, in reading order.
    pub turn: usize,
}

/// The open corpus, its annotations, the current selection, what can be
/// undone, and saving.
pub struct Session {
    /// Documents in arrival order.
    pub docs: Vec<Document>,
    /// Document indices in the tree's order, kept as documents arrive
    /// (sorting 10,000 ids again for each arrival froze the reader).
    order: Vec<usize>,
    /// The open document and turn.
    pub selection: Selection,
    /// The annotations of each document (same index).
    pub anns: Vec<DocAnn>,
    /// Per document, what a search needs to rerun a query on every key
    /// without rescanning the text, made by the first search.
    pub search_indexes: Vec<LazyTextIndex>,
    pub codebook: Codebook,
    /// The keyword matcher for suggestions, once the codebook is known.
    pub suggester: Option<Suggester>,
    pub author: String,
    /// The writer thread; without one, annotations stay in memory.
    pub writer: Option<Writer>,
    /// Bumped on every change of any annotations, for caches.
    pub version: u64,
    pub undo: Vec<(usize, Edit)>,
    pub redo: Vec<(usize, Edit)>,
    /// Whether anything was edited in this session.
    pub edited: bool,
    /// What reached the disk, what did not and why, and which documents
    /// cannot be edited: the one answer for the status line and a quit.
    pub ledger: SaveLedger,
}

impl Default for Session {
    /// With the bundled codebook.
    fn default() -> Self {
        Self {
            codebook: Codebook::default(),
            ..Self::without_codebook()
        }
    }
}

impl Session {
    /// With no themes yet: the reader's first frame does not wait for the
    /// codebook to be parsed (the loading thread sends it).
    pub fn without_codebook() -> Self {
        Self {
            docs: Vec::new(),
            order: Vec::new(),
            selection: Selection::default(),
            anns: Vec::new(),
            search_indexes: Vec::new(),
            codebook: Codebook { themes: Vec::new() },
            suggester: None,
            author: String::new(),
            writer: None,
            version: 0,
            undo: Vec::new(),
            redo: Vec::new(),
            edited: false,
            ledger: SaveLedger::default(),
        }
    }
}

/// The tree's order of two document ids: folder by folder, so that a
/// folder's documents stay together (`a/b` before `a-c`); equal ids keep
/// their arrival order.
fn tree_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// The tags with one id before and after an edit.
pub type TagChange = (Vec<Arc<Tag>>, Vec<Arc<Tag>>);

/// What an edit changed, for the caches of whoever shows the documents.
#[derive(Debug, Default)]
pub struct Applied {
    /// For an edit of tags: the tags with its id before and after.
    pub tags: Option<TagChange>,
    /// A correction: the document's turns were made again.
    pub corrected: bool,
}

/// What the writer thread reported.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriterNews {
    /// Anything at all (a save, a failure).
    pub any: bool,
    /// Tags another process saved were taken in.
    pub adopted: bool,
}

impl Session {
    /// Loads documents with their stored annotations, corrections applied,
    /// for a command; problems with one path or one annotation file are
    /// returned as warnings for the caller to show, and the rest loads.
    ///
    /// # Errors
    ///
    /// When a path does not exist.
    pub fn load(
        ingest: &Ingest,
        paths: &[PathBuf],
        codebook: Codebook,
    ) -> Result<(Session, Vec<String>), String> {
        let corpus = ingest.load_paths(paths).map_err(|e| e.to_string())?;
        let mut warnings: Vec<String> = corpus.warnings.iter().map(|w| w.to_string()).collect();
        let loaded: Vec<(Document, DocAnn, Option<String>)> = corpus
            .documents
            .into_par_iter()
            .map(|mut doc| {
                let (stored, warning) = match annotate::load_annotations(&doc) {
                    Ok(stored) => (Some(stored), None),
                    Err(e) => (None, Some(e.to_string())),
                };
                let entry = DocAnn::new(&mut doc, stored);
                (doc, entry, warning)
            })
            .collect();
        let mut session = Session {
            codebook,
            ..Session::without_codebook()
        };
        for (doc, entry, warning) in loaded {
            session.docs.push(doc);
            session.anns.push(entry);
            warnings.extend(warning);
        }
        Ok((session, warnings))
    }

    /// Makes room for `more` documents about to be added: the lists kept
    /// per document then grow once, to their size, instead of doubling as
    /// documents arrive (at 5,000 documents a doubled list held room for
    /// 3,192 more, and each doubling briefly held the old list and the new).
    pub fn reserve(&mut self, more: usize) {
        self.docs.reserve_exact(more);
        self.anns.reserve_exact(more);
        self.search_indexes.reserve_exact(more);
        self.order.reserve_exact(more);
    }

    /// Adds a document with its stored annotations (and where to save
    /// them), applying its corrections; returns its index.
    pub fn add(&mut self, mut doc: Document, stored: Option<(Annotations, Location)>) -> usize {
        let entry = DocAnn::new(&mut doc, stored);
        self.anns.push(entry);
        self.search_indexes.push(LazyTextIndex::default());
        let d = self.docs.len();
        if self.order.len() == d {
            let at = self
                .order
                .partition_point(|&e| tree_order(&self.docs[e].id, &doc.id).is_le());
            self.order.insert(at, d);
        }
        self.docs.push(doc);
        d
    }

    /// Document `d`'s annotation file could not be read: it is read-only,
    /// with `reason` shown, so that no edit is claimed that could never be
    /// saved without overwriting the user's file.
    pub fn read_only(&mut self, d: usize, reason: impl Into<String>) {
        self.ledger.read_only(&self.anns[d].ann.document, reason);
    }

    /// Whether document `d` may be edited; `Err` gives the reason to show.
    pub fn can_edit(&self, d: usize) -> Result<(), String> {
        self.ledger
            .can_edit(&self.anns[d].ann.document)
            .map_err(ToString::to_string)
    }

    /// The documents (indices) whose changes are not on disk, and why:
    /// what a quit must ask about.
    pub fn unsaved(&self) -> Vec<(usize, Unsaved)> {
        self.ledger
            .unsaved()
            .into_iter()
            .filter_map(|(id, why)| {
                let d = self.anns.iter().position(|x| x.ann.document == id)?;
                Some((d, why))
            })
            .collect()
    }

    /// Writes the annotations of every document with unsaved changes to a
    /// side file ([`ledger::rescue`]); returns the files written, or the
    /// first error (with what was written before it).
    pub fn rescue_unsaved(&self) -> Result<Vec<PathBuf>, (Vec<PathBuf>, String)> {
        let mut written = Vec::new();
        for (d, _) in self.unsaved() {
            let entry = &self.anns[d];
            let Some(location) = &entry.location else {
                continue;
            };
            match ledger::rescue(location, &entry.ann) {
                Ok(path) => written.push(path),
                Err(e) => return Err((written, e.to_string())),
            }
        }
        Ok(written)
    }

    /// Document indices in id order (folders together): the tree's order.
    pub fn sorted_docs(&self) -> Vec<usize> {
        if self.order.len() == self.docs.len() {
            return self.order.clone();
        }
        // Documents pushed without `add` (the commands' `load`).
        let mut order: Vec<usize> = (0..self.docs.len()).collect();
        order.sort_by(|&a, &b| tree_order(&self.docs[a].id, &self.docs[b].id));
        order
    }

    /// The first document in the tree's order.
    pub fn first_doc(&self) -> Option<usize> {
        if self.order.len() == self.docs.len() {
            return self.order.first().copied();
        }
        self.sorted_docs().first().copied()
    }

    /// Every speaker with their number of turns, most first.
    pub fn speaker_counts(&self) -> Vec<(String, usize)> {
        let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
        for doc in &self.docs {
            for turn in doc.turns() {
                *counts.entry(&turn.speaker).or_default() += 1;
            }
        }
        let mut out: Vec<(String, usize)> = counts
            .into_iter()
            .map(|(s, n)| (s.to_string(), n))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// Segments per theme, a tag counting for its themes and their parents
    /// (the reader's theme index and table).
    pub fn theme_tally(&self) -> crate::annotate::tally::ThemeTally {
        crate::annotate::tally::tally(
            self.docs.iter().zip(self.anns.iter().map(|d| &d.ann)),
            crate::annotate::tally::Themes::WithParents(&self.codebook),
        )
    }

    /// Uses a codebook and author for tagging.
    pub fn set_codebook(&mut self, codebook: Codebook, author: String) {
        self.suggester = Some(Suggester::new(&codebook));
        self.codebook = codebook;
        self.author = author;
    }

    /// Saves through a writer thread from now on.
    pub fn set_writer(&mut self, writer: Writer) {
        for entry in &mut self.anns {
            entry.writer_has_copy = false;
        }
        self.writer = Some(writer);
    }

    /// The author of new annotations.
    pub fn author(&self) -> String {
        if self.author.is_empty() {
            annotate::author_name("")
        } else {
            self.author.clone()
        }
    }

    /// A new correction of `kind` on `target` by the session's author.
    pub fn correction(&self, kind: CorrectionKind, target: Target) -> Correction {
        let now = annotate::now();
        Correction {
            id: annotate::new_id("c"),
            kind,
            target,
            speaker: None,
            role: None,
            title: None,
            author: self.author(),
            created: now.clone(),
            modified: now,
            orphaned: false,
        }
    }

    /// The selected document and the target of its current turn (the
    /// first bytes of its text), which corrections of the turn anchor to.
    pub fn current_turn_target(&self) -> Option<(usize, Target)> {
        let d = self.selection.doc?;
        let turn = self.docs[d].turns().nth(self.selection.turn)?;
        Some((d, annotate::turn_target(&self.docs[d], turn)))
    }

    /// The canonical range of a turn's text: its first paragraph's start to
    /// its last paragraph's end (None for a turn without text).
    pub fn turn_range(&self, d: usize, turn: usize) -> Option<std::ops::Range<usize>> {
        let t = self.docs[d].turns().nth(turn)?;
        let start = t.paragraphs.first()?.start;
        let end = t.paragraphs.last()?.end;
        Some(start..end)
    }

    /// The documents with their annotations, as exports take them.
    pub fn annotated(&self) -> Vec<Annotated> {
        self.docs
            .iter()
            .zip(&self.anns)
            .map(|(doc, a)| Annotated {
                doc: doc.clone(),
                ann: a.ann.clone(),
            })
            .collect()
    }

    /// The documents with their annotations, handed over whole (a command
    /// that only exports need not copy them).
    pub fn into_annotated(self) -> Vec<Annotated> {
        self.docs
            .into_iter()
            .zip(self.anns)
            .map(|(doc, a)| Annotated { doc, ann: a.ann })
            .collect()
    }

    /// Applies an edit to a document's annotations, records it for undo
    /// and queues a save.
    pub fn edit(&mut self, d: usize, edit: Edit) -> Applied {
        let applied = self.apply(d, &edit);
        self.undo.push((d, edit));
        self.redo.clear();
        applied
    }

    /// Undoes the last edit (or redoes the last undone one): the document
    /// and what changed; None when there is nothing to undo (or redo).
    pub fn undo_redo(&mut self, undo: bool) -> Option<(usize, Applied)> {
        let (d, edit) = if undo {
            self.undo.pop()?
        } else {
            self.redo.pop()?
        };
        let apply = if undo { edit.inverse() } else { edit.clone() };
        let applied = self.apply(d, &apply);
        if undo {
            self.redo.push((d, edit));
        } else {
            self.undo.push((d, edit));
        }
        Some((d, applied))
    }

    /// Applies an edit without recording it: the annotations change, the
    /// document's turns are made again after a correction, and the change
    /// goes to the writer.
    pub fn apply(&mut self, d: usize, edit: &Edit) -> Applied {
        let entry = &mut self.anns[d];
        // The tags a tag edit takes away and puts in (found through the
        // id index, not by reading every tag).
        let tag_edit = tag_edit_id(edit);
        let before = tag_edit.map(|id| entry.ann.tags_with_id(id));
        entry.ann.apply(edit);
        let after = tag_edit.map(|id| entry.ann.tags_with_id(id));
        collect_deleted(edit, &mut entry.deleted);
        let corrected = edit.is_correction();
        if corrected {
            self.correct(d);
        }
        self.changed(d, edit);
        Applied {
            tags: before.zip(after),
            corrected,
        }
    }

    /// Re-applies every correction to the document as parsed.
    fn correct(&mut self, d: usize) {
        let entry = &mut self.anns[d];
        let mut doc = entry
            .pristine
            .get_or_insert_with(|| Box::new(self.docs[d].clone()))
            .as_ref()
            .clone();
        correct::apply_corrections(&mut doc, &entry.ann);
        self.docs[d] = doc;
    }

    /// Counts a change and hands it to the writer thread: the whole
    /// annotations the first time, the edit after that.
    fn changed(&mut self, d: usize, edit: &Edit) {
        self.version += 1;
        self.edited = true;
        let entry = &mut self.anns[d];
        entry.generation += 1;
        if let (Some(writer), Some(location)) = (&self.writer, &entry.location) {
            self.ledger.edited(&entry.ann.document, entry.generation);
            if entry.writer_has_copy {
                writer.edit(&entry.ann.document, edit.clone(), entry.generation);
            } else {
                writer.save(location.clone(), entry.ann.clone(), entry.generation);
                entry.writer_has_copy = true;
            }
        }
    }

    /// Takes the writer's reports: saved generations and errors (into the
    /// ledger), and tags another process added.
    pub fn poll_writer(&mut self) -> WriterNews {
        let Some(writer) = &self.writer else {
            return WriterNews::default();
        };
        let events = writer.events();
        let mut news = WriterNews {
            any: !events.is_empty(),
            adopted: false,
        };
        for event in events {
            self.ledger.event(&event);
            match event {
                WriteEvent::Saved {
                    document, new_tags, ..
                } => {
                    let Some(d) = self.docs.iter().position(|x| x.id == document) else {
                        continue;
                    };
                    let entry = &mut self.anns[d];
                    let mut adopted = false;
                    // Only tags the saved snapshot lacked can be new here:
                    // a tag of the snapshot missing from the annotations now
                    // was removed, so it is in `deleted`.
                    for tag in &new_tags {
                        if !entry.deleted.contains(&tag.id) && entry.ann.tag(&tag.id).is_none() {
                            entry.ann.insert_tag(tag.clone());
                            adopted = true;
                        }
                    }
                    if adopted {
                        self.version += 1;
                        news.adopted = true;
                    }
                }
                // The ledger keeps the failure.
                WriteEvent::Failed { .. } => {}
            }
        }
        news
    }

    /// The status of saving: None before any change. "saved" only when
    /// the writer reported every edit renamed into place.
    pub fn save_status(&self) -> Option<String> {
        if !self.edited {
            return None;
        }
        let unsaved = self.ledger.unsaved();
        if let Some(e) = unsaved.iter().find_map(|(_, why)| match why {
            Unsaved::Failed(e) => Some(e),
            Unsaved::Pending => None,
        }) {
            return Some(format!("NOT saved, retrying: {e}"));
        }
        if !unsaved.is_empty() {
            Some("saving…".into())
        } else if self.writer.is_some() {
            Some("saved".into())
        } else {
            None
        }
    }

    /// Where document `d`'s annotations stand.
    pub fn save_state(&self, d: usize) -> SaveState {
        self.ledger.state(&self.anns[d].ann.document)
    }
}

/// The id of the tags a tag edit removes or replaces (as
/// `Annotations::apply` does it); None for any other edit.
fn tag_edit_id(edit: &Edit) -> Option<&str> {
    match edit {
        Edit::AddTag(t) | Edit::RemoveTag(t) | Edit::ChangeTag(_, t) => Some(t.id.as_str()),
        _ => None,
    }
}

/// Remembers the ids an edit removes: a save must not take them back
/// from another process's file.
fn collect_deleted(edit: &Edit, deleted: &mut BTreeSet<String>) {
    match edit {
        Edit::RemoveTag(t) => {
            deleted.insert(t.id.clone());
        }
        Edit::RemoveNote(n) => {
            deleted.insert(n.id.clone());
        }
        Edit::RemoveCorrection(c) => {
            deleted.insert(c.id.clone());
        }
        Edit::Batch(edits) => {
            for e in edits {
                collect_deleted(e, deleted);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::tests::turn;
    use crate::model::{AgendaItem, AgendaSource, Turn};

    fn session() -> Session {
        let text = "Egypt\n\nWe support capacity building.\n";
        let spoken = 7..text.len() - 1;
        let doc = Document {
            id: "d".into(),
            text: text.into(),
            agenda_items: vec![AgendaItem {
                title: None,
                number: None,
                source: AgendaSource::Implicit,
                start_line: 1,
                turns: vec![Turn {
                    range: 0..text.len() - 1,
                    paragraphs: vec![spoken].into(),
                    ..turn("Egypt", 0..0)
                }],
            }],
            ..Document::default()
        };
        let mut s = Session::default();
        s.add(doc, None);
        s
    }

    #[test]
    fn the_selection_gives_the_current_turn_its_target_and_range() {
        let mut s = session();
        assert_eq!(s.current_turn_target(), None, "nothing open");
        s.selection = Selection {
            doc: Some(0),
            turn: 0,
        };
        let (d, target) = s.current_turn_target().expect("a turn is current");
        assert_eq!(
            (d, target.quote.as_str()),
            (0, "We support capacity building.")
        );
        assert_eq!(s.turn_range(0, 0), Some(7..s.docs[0].text.len() - 1));
        s.selection.turn = 1;
        assert_eq!(s.current_turn_target(), None, "past the last turn");
        assert_eq!(s.turn_range(0, 1), None);
        s.author = "ana".into();
        let c = s.correction(CorrectionKind::Split, target);
        assert_eq!((c.author.as_str(), c.kind), ("ana", CorrectionKind::Split));
        assert!(c.id.starts_with("c-"));
    }

    #[test]
    fn edits_undo_and_redo_without_a_terminal() {
        let mut s = session();
        let tag = annotate::new_tag(&s.docs[0], 18..26, vec!["norms".into()], "me");
        let applied = s.edit(0, Edit::AddTag(Arc::new(tag)));
        assert!(
            matches!(&applied.tags, Some((before, after)) if before.is_empty() && after.len() == 1)
        );
        assert_eq!(s.anns[0].ann.tags.len(), 1);
        assert_eq!(s.save_status(), None, "no writer: kept in memory");
        assert!(s.undo_redo(true).is_some());
        assert!(s.anns[0].ann.tags.is_empty());
        assert!(s.undo_redo(true).is_none(), "nothing more to undo");
        assert!(s.undo_redo(false).is_some());
        assert_eq!(s.anns[0].ann.tags.len(), 1);
        assert_eq!(s.version, 3);
    }

    #[test]
    fn a_correction_makes_the_turns_again_and_its_undo_restores_them() {
        let mut s = session();
        let target = annotate::Target::new(&s.docs[0].text, 7..8);
        let correction = annotate::Correction {
            id: "c".into(),
            kind: annotate::CorrectionKind::Reattribute,
            target,
            speaker: Some("Chile".into()),
            role: None,
            title: None,
            author: "me".into(),
            created: String::new(),
            modified: String::new(),
            orphaned: false,
        };
        let applied = s.edit(0, Edit::AddCorrection(Arc::new(correction)));
        assert!(applied.corrected);
        assert_eq!(s.docs[0].turns().next().unwrap().speaker.as_ref(), "Chile");
        s.undo_redo(true);
        assert_eq!(s.docs[0].turns().next().unwrap().speaker.as_ref(), "Egypt");
    }
}
