//! Annotations: the codebook, tags, notes, corrections, anchoring and the
//! store. No terminal code: the reader and the command line both use this.
//!
//! - [`codebook`]: themes ([`Codebook`], [`Theme`]).
//! - [`anchor`]: targets (range + quote + context) and re-anchoring.
//! - [`Annotations`]: everything one document has — [`Tag`]s, [`TurnNote`]s
//!   and [`Correction`]s — with edits that can be undone ([`Edit`]).
//! - [`correct`]: corrections applied to a parsed [`Document`].
//! - [`ids`]: who and when — ids, timestamps, the content hash, the author.
//! - [`store`]: the TOML file per document, where it lives, atomic writes,
//!   lock, reload and merge before each save.
//! - [`merge`]: the three-way merge by id, shared by the store and git's
//!   merge driver.
//! - [`atomic`]: atomic writes, and the leftovers of killed writers.
//! - [`writer`]: the background thread that saves.
//! - [`ledger`]: what is saved and what is not (unsaved, failed, read-only).
//! - [`suggest`]: theme suggestions from the codebook's keywords.
//! - [`agree`]: agreement between two coders (percentage, Cohen's kappa).
//! - [`tally`]: segments per theme by speaker, agenda item and document.
//!
//! This file itself is the annotation records ([`Tag`], [`TurnNote`],
//! [`Correction`]), the [`Annotations`] of a document that hold them with
//! their index by id, and the [`Edit`]s on them with their inverses: one
//! data model, kept together because every edit touches all three.

pub mod agree;
pub mod anchor;
pub mod atomic;
pub mod codebook;
pub mod correct;
pub mod ids;
pub mod ledger;
pub mod merge;
pub mod store;
pub mod suggest;
pub mod tally;
pub mod writer;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use anchor::{Anchoring, Target};
pub use codebook::{Codebook, Rgb, Theme};
pub use ids::{author_name, content_hash, format_time, new_id, now};
pub use merge::Conflict;
pub use store::{Location, load_annotations};
pub use suggest::{auto_tag_id, new_auto_tag};

use crate::model::{Document, Role};

/// A span of a document tagged with themes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub id: String,
    /// Theme ids (at least one).
    pub themes: Vec<String>,
    #[serde(flatten)]
    pub target: Target,
    /// A note on the tag (multi-line); empty for none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub author: String,
    /// RFC 3339 UTC times.
    pub created: String,
    pub modified: String,
    /// Set when the target could not be found in the current text.
    #[serde(default, skip_serializing_if = "is_false")]
    pub orphaned: bool,
}

/// A note on a whole turn. The target is the start of the turn's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnNote {
    pub id: String,
    #[serde(flatten)]
    pub target: Target,
    pub note: String,
    pub author: String,
    pub created: String,
    pub modified: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub orphaned: bool,
}

/// What a correction does to the parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CorrectionKind {
    /// The turn at the target is spoken by `speaker`.
    Reattribute,
    /// A new turn starts at the target's start.
    Split,
    /// The turn at the target joins the turn before it.
    Merge,
    /// A new agenda item (`title`) starts with the turn at the target.
    AgendaItem,
}

/// A user's correction of the parse, applied at every load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    pub id: String,
    pub kind: CorrectionKind,
    #[serde(flatten)]
    pub target: Target,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub author: String,
    pub created: String,
    pub modified: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub orphaned: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Something stored by id with a modification time: merged by id on save.
pub trait Record {
    fn id(&self) -> &str;
    fn modified(&self) -> &str;
    fn target(&self) -> &Target;
    fn target_mut(&mut self) -> &mut Target;
    fn set_orphaned(&mut self, orphaned: bool);
    fn orphaned(&self) -> bool;
    fn set_id(&mut self, id: String);
    fn created(&self) -> &str;
    fn author(&self) -> &str;
    /// Whether two versions say the same thing: equal but for their times
    /// and author (the same automatic tag made by two people).
    fn same_content(&self, other: &Self) -> bool;
}

macro_rules! record {
    ($t:ty) => {
        impl Record for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn modified(&self) -> &str {
                &self.modified
            }
            fn target(&self) -> &Target {
                &self.target
            }
            fn target_mut(&mut self) -> &mut Target {
                &mut self.target
            }
            fn set_orphaned(&mut self, orphaned: bool) {
                self.orphaned = orphaned;
            }
            fn orphaned(&self) -> bool {
                self.orphaned
            }
            fn set_id(&mut self, id: String) {
                self.id = id;
            }
            fn created(&self) -> &str {
                &self.created
            }
            fn author(&self) -> &str {
                &self.author
            }
            fn same_content(&self, other: &Self) -> bool {
                let mut a = self.clone();
                a.created = other.created.clone();
                a.modified = other.modified.clone();
                a.author = other.author.clone();
                a == *other
            }
        }
    };
}
record!(Tag);
record!(TurnNote);
record!(Correction);

/// Everything annotated on one document. Items are shared (`Arc`) so a
/// copy costs reference counts, not items.
///
/// Change `tags` through the methods ([`Annotations::apply`],
/// [`Annotations::insert_tag`], [`Annotations::sort`]): they keep an index
/// from tag id to sort key, so a tag is found by binary search rather than
/// by reading every tag.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotations {
    /// The document id.
    pub document: String,
    /// Hash of the canonical text the targets point into.
    pub content_hash: String,
    /// Sorted by position, then id.
    pub tags: Vec<Arc<Tag>>,
    pub notes: Vec<Arc<TurnNote>>,
    /// In the order they were made (applied in that order).
    pub corrections: Vec<Arc<Correction>>,
    /// Ids present when the annotations were loaded: what a save may treat
    /// as deleted when it no longer has them.
    pub loaded_ids: Arc<BTreeSet<String>>,
    /// Items two merges could not reconcile (both versions are kept in the
    /// lists above); listed by `floor check` until resolved.
    pub conflicts: Vec<Conflict>,
    /// Tag id → (start, end): where the tag sorts.
    index: TagIndex,
}

/// Tag id → (start, end) of its target. Rebuilt when its size differs from
/// the tags' (tags set directly, or ids held twice); an entry that does not
/// lead to its tag sends the lookup to a scan.
#[derive(Debug, Default)]
struct TagIndex(HashMap<String, (usize, usize)>);

/// A copy starts without the index and builds it at its first lookup: the
/// copy handed to the writer thread costs the reader no strings.
impl Clone for TagIndex {
    fn clone(&self) -> TagIndex {
        TagIndex::default()
    }
}

/// The index is a cache: annotations are equal whatever it holds.
impl PartialEq for TagIndex {
    fn eq(&self, _: &TagIndex) -> bool {
        true
    }
}

/// One undoable change.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    AddTag(Arc<Tag>),
    RemoveTag(Arc<Tag>),
    /// Old, new.
    ChangeTag(Arc<Tag>, Arc<Tag>),
    AddNote(Arc<TurnNote>),
    RemoveNote(Arc<TurnNote>),
    ChangeNote(Arc<TurnNote>, Arc<TurnNote>),
    AddCorrection(Arc<Correction>),
    RemoveCorrection(Arc<Correction>),
    /// Several edits as one action (accept all suggestions of a turn).
    Batch(Vec<Edit>),
}

impl Edit {
    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        match self {
            Edit::AddTag(t) => Edit::RemoveTag(t.clone()),
            Edit::RemoveTag(t) => Edit::AddTag(t.clone()),
            Edit::ChangeTag(a, b) => Edit::ChangeTag(b.clone(), a.clone()),
            Edit::AddNote(n) => Edit::RemoveNote(n.clone()),
            Edit::RemoveNote(n) => Edit::AddNote(n.clone()),
            Edit::ChangeNote(a, b) => Edit::ChangeNote(b.clone(), a.clone()),
            Edit::AddCorrection(c) => Edit::RemoveCorrection(c.clone()),
            Edit::RemoveCorrection(c) => Edit::AddCorrection(c.clone()),
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
        }
    }

    /// Whether the edit changes the turn structure (a correction).
    pub fn is_correction(&self) -> bool {
        match self {
            Edit::AddCorrection(_) | Edit::RemoveCorrection(_) => true,
            Edit::Batch(edits) => edits.iter().any(Edit::is_correction),
            _ => false,
        }
    }
}

fn tag_key(t: &Tag) -> (usize, usize, &str) {
    (t.target.start, t.target.end, t.id.as_str())
}

impl Annotations {
    /// Empty annotations for a document.
    pub fn new(doc: &Document) -> Annotations {
        Annotations {
            document: doc.id.clone(),
            content_hash: content_hash(&doc.text),
            ..Annotations::default()
        }
    }

    /// Applies an edit.
    pub fn apply(&mut self, edit: &Edit) {
        match edit {
            Edit::AddTag(t) => self.insert_tag(t.clone()),
            Edit::RemoveTag(t) => {
                self.remove_tags(&t.id);
            }
            Edit::ChangeTag(_, new) => self.insert_tag(new.clone()),
            Edit::AddNote(n) => {
                self.notes.retain(|x| x.id != n.id);
                self.notes.push(n.clone());
                self.notes
                    .sort_by(|a, b| (a.target.start, &a.id).cmp(&(b.target.start, &b.id)));
            }
            Edit::RemoveNote(n) => self.notes.retain(|x| x.id != n.id),
            Edit::ChangeNote(_, new) => {
                for n in &mut self.notes {
                    if n.id == new.id {
                        *n = new.clone();
                    }
                }
            }
            Edit::AddCorrection(c) => {
                self.corrections.retain(|x| x.id != c.id);
                self.corrections.push(c.clone());
                self.corrections
                    .sort_by(|a, b| (&a.created, &a.id).cmp(&(&b.created, &b.id)));
            }
            Edit::RemoveCorrection(c) => self.corrections.retain(|x| x.id != c.id),
            Edit::Batch(edits) => {
                for e in edits {
                    self.apply(e);
                }
            }
        }
    }

    /// Inserts a tag in sorted position (replacing those of the same id).
    pub fn insert_tag(&mut self, tag: Arc<Tag>) {
        self.remove_tags(&tag.id);
        let i = self.tags.partition_point(|x| tag_key(x) < tag_key(&tag));
        self.index
            .0
            .insert(tag.id.clone(), (tag.target.start, tag.target.end));
        self.tags.insert(i, tag);
    }

    /// Removes the tags of an id (one, unless a file held the id twice) and
    /// returns them.
    pub fn remove_tags(&mut self, id: &str) -> Vec<Arc<Tag>> {
        let mut removed = Vec::new();
        while let Some(i) = self.tag_position(id) {
            removed.push(self.tags.remove(i));
            self.index.0.remove(id);
        }
        removed
    }

    /// The tags of an id (one, unless a file held the id twice).
    pub fn tags_with_id(&mut self, id: &str) -> Vec<Arc<Tag>> {
        self.refresh_index();
        if self.index.0.len() == self.tags.len() {
            // Ids are unique.
            self.tag_position(id)
                .map(|i| self.tags[i].clone())
                .into_iter()
                .collect()
        } else {
            self.tags.iter().filter(|t| t.id == id).cloned().collect()
        }
    }

    /// The tag of an id.
    pub fn tag(&mut self, id: &str) -> Option<&Arc<Tag>> {
        let i = self.tag_position(id)?;
        Some(&self.tags[i])
    }

    /// Rebuilds the id index when it cannot be right: its size differs.
    fn refresh_index(&mut self) {
        if self.index.0.len() != self.tags.len() {
            self.reindex();
        }
    }

    fn reindex(&mut self) {
        self.index.0 = self
            .tags
            .iter()
            .map(|t| (t.id.clone(), (t.target.start, t.target.end)))
            .collect();
    }

    /// Where the tag of an id is: through the index and a binary search;
    /// a scan when the index is out of date (then rebuilt).
    fn tag_position(&mut self, id: &str) -> Option<usize> {
        self.refresh_index();
        let unique = self.index.0.len() == self.tags.len();
        if let Some(&(start, end)) = self.index.0.get(id) {
            let key = (start, end, id);
            let i = self.tags.partition_point(|x| tag_key(x) < key);
            if self.tags.get(i).is_some_and(|t| t.id == id) {
                return Some(i);
            }
        } else if unique {
            return None;
        }
        let found = self.tags.iter().position(|t| t.id == id);
        self.reindex();
        found
    }

    /// Sorts every list as the file stores them.
    pub fn sort(&mut self) {
        self.tags.sort_by(|a, b| tag_key(a).cmp(&tag_key(b)));
        self.reindex();
        self.notes
            .sort_by(|a, b| (a.target.start, &a.id).cmp(&(b.target.start, &b.id)));
        self.corrections
            .sort_by(|a, b| (&a.created, &a.id).cmp(&(&b.created, &b.id)));
        self.conflicts
            .sort_by(|a, b| (&a.id, &a.versions).cmp(&(&b.id, &b.versions)));
    }

    /// Tags covering a byte offset of the canonical text (not orphaned).
    pub fn tags_at(&self, offset: usize) -> impl Iterator<Item = &Arc<Tag>> {
        self.tags
            .iter()
            .filter(move |t| !t.orphaned && t.target.start <= offset && offset < t.target.end)
    }

    /// Orphaned tags.
    pub fn orphans(&self) -> impl Iterator<Item = &Arc<Tag>> {
        self.tags.iter().filter(|t| t.orphaned)
    }

    /// Whether there is nothing to store.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
            && self.notes.is_empty()
            && self.corrections.is_empty()
            && self.conflicts.is_empty()
    }

    /// Drops the conflicts that no longer stand (a version was deleted).
    pub fn prune_conflicts(&mut self) {
        if self.conflicts.is_empty() {
            return;
        }
        let ids = store::ids(self);
        self.conflicts.retain(|c| c.is_open(&ids));
    }

    /// Marks a conflict resolved, keeping whatever versions remain.
    pub fn resolve_conflict(&mut self, id: &str) {
        self.conflicts.retain(|c| c.id != id);
    }

    /// Re-anchors every target against `text`; returns how many were
    /// anchored and how many orphaned. Nothing is dropped.
    pub fn reanchor(&mut self, text: &str) -> (usize, usize) {
        let hash = content_hash(text);
        fn fix<T: Record + Clone>(items: &mut [Arc<T>], text: &str, counts: &mut (usize, usize)) {
            for item in items {
                if item.orphaned() || !item.target().matches(text) {
                    let r = Arc::make_mut(item);
                    let orphaned = r.target_mut().reanchor(text) == Anchoring::Orphaned;
                    r.set_orphaned(orphaned);
                }
                if item.orphaned() {
                    counts.1 += 1;
                } else {
                    counts.0 += 1;
                }
            }
        }
        let mut counts = (0, 0);
        fix(&mut self.tags, text, &mut counts);
        fix(&mut self.notes, text, &mut counts);
        fix(&mut self.corrections, text, &mut counts);
        self.content_hash = hash;
        self.sort();
        counts
    }

    /// Number of tags and notes per turn of `doc` (reading order), for the
    /// tree: (tags, notes).
    pub fn counts_per_turn(&self, doc: &Document) -> Vec<(usize, usize)> {
        let index = crate::geometry::TurnIndex::new(doc);
        let mut out = vec![(0, 0); index.len()];
        let turn_of = |offset: usize| index.locate(offset).map(|p| p.turn);
        for t in self.tags.iter().filter(|t| !t.orphaned) {
            if let Some(i) = turn_of(t.target.start) {
                out[i].0 += 1;
                if !t.note.is_empty() {
                    out[i].1 += 1;
                }
            }
        }
        for n in self.notes.iter().filter(|n| !n.orphaned) {
            if let Some(i) = turn_of(n.target.start) {
                out[i].1 += 1;
            }
        }
        out
    }

    /// The note on the turn starting its text at `start`.
    pub fn turn_note(&self, turn: &crate::model::Turn) -> Option<&Arc<TurnNote>> {
        let start = turn_text_start(turn);
        let end = turn.range.end;
        self.notes.iter().find(|n| {
            !n.orphaned && n.target.start >= start.min(turn.range.start) && n.target.start < end
        })
    }
}

/// Loads a document's annotations (re-anchored on its text) and applies
/// its corrections to it. A file that cannot be read gives an error and
/// leaves the document as parsed.
pub fn load_and_correct(doc: &mut Document) -> Result<(Annotations, Location), store::StoreError> {
    let (ann, location) = load_annotations(doc)?;
    correct::apply_corrections(doc, &ann);
    Ok((ann, location))
}

/// Where a turn's spoken text starts (its first paragraph, else its range).
pub fn turn_text_start(turn: &crate::model::Turn) -> usize {
    turn.paragraphs
        .first()
        .map_or(turn.range.start, |p| p.start)
}

/// The target for a whole turn: the first bytes of its first paragraph.
pub fn turn_target(doc: &Document, turn: &crate::model::Turn) -> Target {
    let start = turn_text_start(turn);
    let end = turn
        .paragraphs
        .first()
        .map_or(turn.range.end, |p| p.end)
        .min(start + 80);
    Target::new(&doc.text, start..end)
}

/// A new tag on `range` of `doc`.
pub fn new_tag(
    doc: &Document,
    range: std::ops::Range<usize>,
    themes: Vec<String>,
    author: &str,
) -> Tag {
    let time = now();
    Tag {
        id: new_id("t"),
        themes,
        target: Target::new(&doc.text, range),
        note: String::new(),
        author: author.to_string(),
        created: time.clone(),
        modified: time,
        orphaned: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_found_by_id_through_the_index() {
        let doc = Document {
            id: "d".into(),
            text: "one two three four five six seven eight nine ten".into(),
            ..Document::default()
        };
        let mut ann = Annotations::new(&doc);
        let mut tags = Vec::new();
        for (i, (s, e)) in [(0, 3), (4, 7), (4, 7), (8, 13), (0, 13)]
            .into_iter()
            .enumerate()
        {
            let tag = Arc::new(new_tag(&doc, s..e, vec![format!("t{i}")], "me"));
            ann.apply(&Edit::AddTag(tag.clone()));
            tags.push(tag);
        }
        for t in &tags {
            assert_eq!(ann.tag(&t.id), Some(t));
        }
        assert!(ann.tag("t-none").is_none());
        // A change moves the tag; the old place is empty.
        let mut moved = (*tags[1]).clone();
        moved.target = Target::new(&doc.text, 14..18);
        let moved = Arc::new(moved);
        ann.apply(&Edit::ChangeTag(tags[1].clone(), moved.clone()));
        assert_eq!(ann.tags.len(), 5);
        assert_eq!(ann.tag(&moved.id), Some(&moved));
        ann.apply(&Edit::RemoveTag(tags[3].clone()));
        assert!(ann.tag(&tags[3].id).is_none());
        assert_eq!(ann.tags.len(), 4);
        // Set directly, bypassing the index: found all the same.
        let extra = Arc::new(new_tag(&doc, 19..22, vec!["x".into()], "me"));
        ann.tags.push(extra.clone());
        assert_eq!(ann.tag(&extra.id), Some(&extra));
        // An id held twice (a hand-edited file): both go.
        ann.tags.push(extra.clone());
        assert_eq!(ann.tags_with_id(&extra.id).len(), 2);
        assert_eq!(ann.remove_tags(&extra.id).len(), 2);
        assert!(ann.tag(&extra.id).is_none());
        assert_eq!(ann.tags.len(), 4);
        let sorted = ann
            .tags
            .windows(2)
            .all(|w| tag_key(&w[0]) <= tag_key(&w[1]));
        assert!(sorted);
    }

    #[test]
    fn edits_undo() {
        let doc = Document {
            id: "d".into(),
            text: "one two three".into(),
            ..Document::default()
        };
        let mut ann = Annotations::new(&doc);
        let tag = Arc::new(new_tag(&doc, 4..7, vec!["norms".into()], "me"));
        let edit = Edit::AddTag(tag.clone());
        ann.apply(&edit);
        assert_eq!(ann.tags.len(), 1);
        assert_eq!(ann.tags[0].target.quote, "two");
        ann.apply(&edit.inverse());
        assert!(ann.tags.is_empty());
    }
}
