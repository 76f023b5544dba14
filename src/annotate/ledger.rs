//! What is saved and what is not: the answer the reader needs before it
//! says "saved", before it lets a document be edited, and before it quits.
//!
//! A [`SaveLedger`] is fed the generation of each edit and the writer's
//! [`WriteEvent`]s; it says which documents hold changes not yet on disk
//! and why ([`SaveLedger::unsaved`]), and which cannot be edited because
//! their annotation file cannot be read ([`SaveLedger::can_edit`]): an edit
//! there could never be saved without overwriting the user's file.
//! [`rescue`] writes a document's annotations to a side file, for a quit
//! that would otherwise abandon them; `floor check` lists side files
//! ([`rescued`]) until they are merged back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::store::{self, Location, StoreError};
use super::writer::WriteEvent;
use super::{Annotations, now};

/// Why a document's changes are not on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsaved {
    /// Waiting for the writer (a save is due shortly).
    Pending,
    /// The last save failed, with the error (the writer retries).
    Failed(String),
}

/// Where a document stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Every edit is on disk (or there were none).
    Saved,
    Unsaved(Unsaved),
    /// Its annotation file cannot be read: no edits, with the reason.
    ReadOnly(String),
}

#[derive(Debug, Clone, Default)]
struct Doc {
    edited: u64,
    saved: u64,
    failure: Option<String>,
    read_only: Option<String>,
}

/// The save state of every document the reader changed or could not load.
#[derive(Debug, Clone, Default)]
pub struct SaveLedger {
    docs: BTreeMap<String, Doc>,
}

impl SaveLedger {
    /// An edit of `document`, the `generation`th handed to the writer.
    pub fn edited(&mut self, document: &str, generation: u64) {
        let d = self.docs.entry(document.to_string()).or_default();
        d.edited = d.edited.max(generation);
    }

    /// `document`'s annotations could not be loaded: it is read-only until
    /// the file is repaired ([`SaveLedger::repaired`]).
    pub fn read_only(&mut self, document: &str, reason: impl Into<String>) {
        self.docs.entry(document.to_string()).or_default().read_only = Some(reason.into());
    }

    /// The file of `document` reads again.
    pub fn repaired(&mut self, document: &str) {
        if let Some(d) = self.docs.get_mut(document) {
            d.read_only = None;
        }
    }

    /// Whether `document` may be edited; `Err` gives the reason to show.
    pub fn can_edit(&self, document: &str) -> Result<(), &str> {
        match self.docs.get(document).and_then(|d| d.read_only.as_deref()) {
            Some(reason) => Err(reason),
            None => Ok(()),
        }
    }

    /// What the writer reported. "Saved" counts only up to the generation
    /// the writer wrote: an edit made since is still unsaved.
    pub fn event(&mut self, event: &WriteEvent) {
        match event {
            WriteEvent::Saved {
                document,
                generation,
                ..
            } => {
                let d = self.docs.entry(document.clone()).or_default();
                d.saved = d.saved.max(*generation);
                d.failure = None;
            }
            WriteEvent::Failed {
                document, error, ..
            } => {
                self.docs.entry(document.clone()).or_default().failure = Some(error.clone());
            }
        }
    }

    /// Where `document` stands.
    pub fn state(&self, document: &str) -> SaveState {
        let Some(d) = self.docs.get(document) else {
            return SaveState::Saved;
        };
        if let Some(reason) = &d.read_only {
            return SaveState::ReadOnly(reason.clone());
        }
        if d.edited <= d.saved {
            return SaveState::Saved;
        }
        SaveState::Unsaved(match &d.failure {
            Some(e) => Unsaved::Failed(e.clone()),
            None => Unsaved::Pending,
        })
    }

    /// The documents with changes not on disk, and why, in id order: what
    /// a quit must ask about.
    pub fn unsaved(&self) -> Vec<(String, Unsaved)> {
        self.docs
            .keys()
            .filter_map(|id| match self.state(id) {
                SaveState::Unsaved(why) => Some((id.clone(), why)),
                _ => None,
            })
            .collect()
    }
}

/// The folder of side files for a document's store: beside the data
/// directory's copy of the corpus (never inside the corpus, which may be
/// what cannot be written).
fn rescue_dir(location: &Location) -> PathBuf {
    location
        .fallback
        .parent()
        .unwrap_or(Path::new("."))
        .join(".unsaved")
}

/// Writes `ann` to a side file
/// (`<data dir>/…/.unsaved/<name>.unsaved-<time>.toml`)
/// and returns its path: for a quit with changes that could not be saved.
/// Merge it back with `floor merge-file /dev/null ANNOTATION-FILE SIDE-FILE`.
pub fn rescue(location: &Location, ann: &Annotations) -> Result<PathBuf, StoreError> {
    let name = location.fallback.file_stem().map_or_else(
        || "annotations".into(),
        |s| s.to_string_lossy().into_owned(),
    );
    let stamp = now().replace([':', '.'], "-");
    let path = rescue_dir(location).join(format!("{name}{SIDE}{stamp}.toml"));
    store::write_atomic(&path, store::to_toml(ann).as_bytes()).map_err(|e| StoreError {
        path: path.clone(),
        message: format!("cannot write: {e}"),
    })?;
    Ok(path)
}

/// What separates a document's name from the time in a side file's name.
const SIDE: &str = ".unsaved-";

/// The side files [`rescue`] wrote for the document at `location`.
pub fn rescued(location: &Location) -> Vec<PathBuf> {
    let Some(name) = location.fallback.file_stem() else {
        return Vec::new();
    };
    let prefix = format!("{}{SIDE}", name.to_string_lossy());
    let mut out: Vec<PathBuf> = std::fs::read_dir(rescue_dir(location))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
                && p.extension().is_some_and(|x| x == "toml")
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(document: &str, generation: u64) -> WriteEvent {
        WriteEvent::Saved {
            document: document.into(),
            generation,
            new_tags: Vec::new(),
            path: PathBuf::from("x.toml"),
        }
    }

    #[test]
    fn saved_only_up_to_what_the_writer_wrote() {
        let mut l = SaveLedger::default();
        assert_eq!(l.state("a"), SaveState::Saved);
        l.edited("a", 1);
        l.edited("a", 2);
        assert_eq!(l.unsaved(), vec![("a".to_string(), Unsaved::Pending)]);
        l.event(&saved("a", 1));
        assert_eq!(l.state("a"), SaveState::Unsaved(Unsaved::Pending));
        l.event(&WriteEvent::Failed {
            document: "a".into(),
            generation: 2,
            error: "disk full".into(),
        });
        assert_eq!(
            l.unsaved(),
            vec![("a".to_string(), Unsaved::Failed("disk full".into()))]
        );
        l.event(&saved("a", 2));
        assert!(l.unsaved().is_empty());
        assert_eq!(l.state("a"), SaveState::Saved);
    }

    #[test]
    fn a_document_whose_file_cannot_be_read_is_read_only_with_its_reason() {
        let mut l = SaveLedger::default();
        l.read_only("b", "b.toml: line 3: git conflict markers");
        assert_eq!(l.can_edit("b"), Err("b.toml: line 3: git conflict markers"));
        assert!(matches!(l.state("b"), SaveState::ReadOnly(_)));
        assert_eq!(l.can_edit("a"), Ok(()));
        l.repaired("b");
        assert_eq!(l.can_edit("b"), Ok(()));
    }

    #[test]
    fn rescued_annotations_are_listed_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let location = Location {
            primary: dir.path().join("corpus/.floor/m.toml"),
            fallback: dir.path().join("data/corpora/k/m.toml"),
        };
        let doc = crate::model::Document {
            id: "m".into(),
            text: "one two three".into(),
            ..Default::default()
        };
        let mut ann = Annotations::new(&doc);
        ann.insert_tag(std::sync::Arc::new(crate::annotate::new_tag(
            &doc,
            0..3,
            vec!["norms".into()],
            "me",
        )));
        let path = rescue(&location, &ann).unwrap();
        assert_eq!(rescued(&location), vec![path.clone()]);
        let back = store::read(&path).unwrap().unwrap();
        assert_eq!(back.tags, ann.tags);
    }
}
