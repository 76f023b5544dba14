//! The theme tally: how many tagged segments each theme has, by speaker,
//! agenda item and document.
//!
//! The one count behind `floor stats`, the reader's theme index and
//! speaker × theme table, and what the exports list. Each anchored tag is
//! put in a turn by [`crate::geometry`]; a tag in no turn counts for
//! [`UNKNOWN_SPEAKER`] and for no agenda item.

use std::collections::BTreeMap;

use super::{Annotations, Codebook, Tag};
use crate::geometry::TurnIndex;
use crate::ingest::UNKNOWN_SPEAKER;
use crate::model::Document;

/// Which themes a tag counts for.
#[derive(Debug, Clone, Copy)]
pub enum Themes<'a> {
    /// The themes it carries: a tag with two themes counts for each
    /// (`floor stats`, the exports).
    Carried,
    /// The themes it carries and their parents in the codebook, each once
    /// (the reader's theme index: a parent lists its children's segments).
    WithParents(&'a Codebook),
}

impl<'b> Themes<'b> {
    /// The theme ids `tag` counts for, without repeats.
    pub fn of<'t>(self, tag: &'t Tag) -> Vec<&'t str>
    where
        'b: 't,
    {
        let mut out: Vec<&str> = Vec::with_capacity(tag.themes.len());
        for id in &tag.themes {
            if !out.contains(&id.as_str()) {
                out.push(id);
            }
            if let Themes::WithParents(book) = self
                && let Some(parent) = book.get(id).and_then(|t| t.parent.as_deref())
                && !out.contains(&parent)
            {
                out.push(parent);
            }
        }
        out
    }

    /// Whether `tag` counts for the theme `id`.
    pub fn has(self, tag: &Tag, id: &str) -> bool {
        self.of(tag).contains(&id)
    }
}

/// Segments per theme id, overall and by speaker, agenda item and document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeTally {
    /// Anchored tags counted (each once, whatever its themes).
    pub segments: usize,
    /// Segments per theme id.
    pub by_theme: BTreeMap<String, usize>,
    /// Speaker → theme id → segments.
    pub by_speaker: BTreeMap<String, BTreeMap<String, usize>>,
    /// (document id, agenda item index) → theme id → segments.
    pub by_item: BTreeMap<(String, usize), BTreeMap<String, usize>>,
    /// Document id → theme id → segments.
    pub by_document: BTreeMap<String, BTreeMap<String, usize>>,
}

impl ThemeTally {
    /// Tallies one document's anchored tags.
    pub fn add(&mut self, doc: &Document, ann: &Annotations, themes: Themes<'_>) {
        let index = TurnIndex::new(doc);
        for tag in ann.tags.iter().filter(|t| !t.orphaned) {
            let place = index.locate(tag.target.start);
            let speaker = place.map_or(UNKNOWN_SPEAKER, |p| &*p.turn_of(doc).speaker);
            self.segments += 1;
            for id in themes.of(tag) {
                bump(&mut self.by_theme, id);
                bump(self.by_speaker.entry(speaker.to_owned()).or_default(), id);
                bump(self.by_document.entry(doc.id.clone()).or_default(), id);
                if let Some(p) = place {
                    bump(
                        self.by_item.entry((doc.id.clone(), p.item)).or_default(),
                        id,
                    );
                }
            }
        }
    }

    /// Adds another tally (of other documents) to this one.
    pub fn merge(&mut self, other: ThemeTally) {
        fn add_row(into: &mut BTreeMap<String, usize>, row: BTreeMap<String, usize>) {
            for (id, n) in row {
                *into.entry(id).or_default() += n;
            }
        }
        self.segments += other.segments;
        add_row(&mut self.by_theme, other.by_theme);
        for (k, row) in other.by_speaker {
            add_row(self.by_speaker.entry(k).or_default(), row);
        }
        for (k, row) in other.by_item {
            add_row(self.by_item.entry(k).or_default(), row);
        }
        for (k, row) in other.by_document {
            add_row(self.by_document.entry(k).or_default(), row);
        }
    }

    /// Segments of one theme.
    pub fn theme(&self, id: &str) -> usize {
        self.by_theme.get(id).copied().unwrap_or(0)
    }
}

/// The tally of documents with their annotations.
pub fn tally<'a>(
    docs: impl IntoIterator<Item = (&'a Document, &'a Annotations)>,
    themes: Themes<'_>,
) -> ThemeTally {
    let mut out = ThemeTally::default();
    for (doc, ann) in docs {
        out.add(doc, ann, themes);
    }
    out
}

fn bump(row: &mut BTreeMap<String, usize>, id: &str) {
    *row.entry(id.to_owned()).or_default() += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_parents_counts_a_parent_once() {
        let book = Codebook::parse(
            r##"
[[theme]]
id = "threats"
label = "Threats"
colour = "#FF0000"
[[theme]]
id = "ransomware"
label = "Ransomware"
colour = "#00FF00"
parent = "threats"
"##,
        )
        .unwrap();
        let tag = Tag {
            id: "t".into(),
            themes: vec!["ransomware".into(), "threats".into()],
            target: crate::annotate::Target::new("abc", 0..1),
            note: String::new(),
            author: String::new(),
            created: String::new(),
            modified: String::new(),
            orphaned: false,
        };
        assert_eq!(Themes::Carried.of(&tag), ["ransomware", "threats"]);
        assert_eq!(
            Themes::WithParents(&book).of(&tag),
            ["ransomware", "threats"]
        );
        let child_only = Tag {
            themes: vec!["ransomware".into()],
            ..tag
        };
        assert!(Themes::WithParents(&book).has(&child_only, "threats"));
        assert!(!Themes::Carried.has(&child_only, "threats"));
    }
}
