//! The session: the open corpus with its annotations, undo and redo, and
//! saving. No terminal types: the reader keeps one in its state and draws
//! from it; the command line loads one and exports or tags from it; tests
//! drive it without a terminal.
//!
//! Documents are in arrival order; a document's index is its id here and
//! in the reader. Corrections are applied on arrival and again after each
//! correction edit, from the document as parsed.

use std::collections::BTreeSet;

use crate::annotate::suggest::Suggester;
use crate::annotate::writer::Writer;
use crate::annotate::{Annotations, Codebook, Edit, Location, correct};
use crate::model::Document;
use crate::search::TextIndex;

/// The annotations of one document and their saving.
#[derive(Debug, Default)]
pub struct DocAnn {
    pub ann: Annotations,
    /// Where to save; `None` keeps the annotations in memory only.
    pub location: Option<Location>,
    /// The document as parsed, before corrections (kept once corrected).
    pub pristine: Option<Document>,
    /// Changes made; changes written.
    pub generation: u64,
    pub saved: u64,
    /// Ids removed in this session (not taken back from another process).
    pub deleted: BTreeSet<String>,
    pub error: Option<String>,
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
                let pristine = (!ann.corrections.is_empty()).then(|| doc.clone());
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

/// The open corpus, its annotations, what can be undone, and saving.
pub struct Session {
    /// Documents in arrival order.
    pub docs: Vec<Document>,
    /// The annotations of each document (same index).
    pub anns: Vec<DocAnn>,
    /// Per document, what a search needs to rerun a query on every key
    /// without rescanning the text.
    pub search_indexes: Vec<TextIndex>,
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
        }
    }
}
