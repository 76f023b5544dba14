//! The compact form of turns (`model::Turn`: speaker names shared by a
//! document's turns, paragraphs inline up to two with `u32` offsets, rare
//! details boxed, evidence as `u32`) loses nothing: every turn reads back
//! the speaker, details, evidence and paragraphs the parse gave it, as a
//! plain record of owned strings and `usize` ranges (the form turns had
//! before), after the reader's `Document::shrink_to_fit` and a clone. Checked
//! on the attribution excerpts, the sample and the fixtures, and on the
//! 1,151 press briefings where they can be had; `Paragraphs` is also checked
//! against a plain vector under random edits.

mod skip;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use floor::config::Config;
use floor::ingest::Ingest;
use floor::model::{Attribution, Document, Paragraphs, Role};
use proptest::prelude::*;

/// A turn as plain owned data.
#[derive(Debug, Clone, PartialEq)]
struct PlainTurn {
    speaker: String,
    person: Option<String>,
    authors: Vec<String>,
    on_behalf_of: Option<String>,
    role: Role,
    attribution: Attribution,
    confidence: f32,
    evidence: Option<(u32, Range<usize>, bool, String)>,
    interjection: bool,
    range: Range<usize>,
    start_line: u32,
    paragraphs: Vec<Range<usize>>,
    text: String,
}

fn plain(doc: &Document) -> Vec<PlainTurn> {
    doc.turns()
        .map(|t| PlainTurn {
            speaker: t.speaker.to_string(),
            person: t.person().map(str::to_string),
            authors: t.authors().to_vec(),
            on_behalf_of: t.on_behalf_of().map(str::to_string),
            role: t.role,
            attribution: t.attribution,
            confidence: t.confidence,
            evidence: t
                .evidence
                .as_ref()
                .map(|e| (e.line, e.range(), e.cut, doc.quote(e))),
            interjection: t.interjection,
            range: t.range.clone(),
            start_line: t.start_line,
            paragraphs: t.paragraphs.iter().collect(),
            text: doc.turn_text(t),
        })
        .collect()
}

/// Compacts `doc` as the reader does and checks that every turn reads the
/// same, and that turns of one speaker share the name.
fn check(doc: Document) -> usize {
    let before = plain(&doc);
    for (t, turn) in before.iter().enumerate() {
        for p in &turn.paragraphs {
            assert!(
                p.start <= p.end && doc.text.get(p.clone()).is_some(),
                "{} turn {t}: paragraph {p:?} in the text",
                doc.id
            );
        }
    }
    let mut compact = doc.clone();
    compact.shrink_to_fit();
    assert_eq!(plain(&compact), before, "{}", doc.id);
    assert_eq!(plain(&compact.clone()), before, "{}", doc.id);
    let mut names: Vec<&Arc<str>> = compact.turns().map(|t| &t.speaker).collect();
    names.sort();
    for pair in names.windows(2) {
        if pair[0] == pair[1] {
            assert!(
                Arc::ptr_eq(pair[0], pair[1]),
                "{}: {} held twice",
                doc.id,
                pair[0]
            );
        }
    }
    before.len()
}

fn load(paths: &[PathBuf]) -> Vec<Document> {
    let corpus = Ingest::new(&Config::default())
        .load_paths(paths)
        .expect("fixtures load");
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
    corpus.documents
}

#[test]
fn turns_read_back_the_same_on_the_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let paths: Vec<PathBuf> = [
        "tests/attribution/dev",
        "tests/attribution/holdout",
        "assets/sample",
        "tests/fixtures/press-call.md",
        "tests/fixtures/verbatim-record.txt",
    ]
    .iter()
    .map(|p| root.join(p))
    .collect();
    let docs = load(&paths);
    assert!(docs.len() >= 50, "{} documents", docs.len());
    let turns: usize = docs.into_iter().map(check).sum();
    assert!(turns > 150, "{turns} turns");
}

#[test]
fn turns_read_back_the_same_on_the_press_briefings() {
    skip::with_press_briefings("turns_read_back_the_same_on_the_press_briefings", |dir| {
        let docs = load(&[dir]);
        let turns: usize = docs.into_iter().map(check).sum();
        assert!(turns > 100_000, "{turns} turns");
    });
}

/// An edit of a turn's paragraphs.
#[derive(Debug, Clone)]
enum Edit {
    Push(Range<usize>),
    Extend(Vec<Range<usize>>),
    Clear,
    Shrink,
}

fn edit() -> impl Strategy<Value = Edit> {
    let range = (0usize..1 << 31, 0usize..5000).prop_map(|(s, n)| s..s + n);
    prop_oneof![
        6 => range.clone().prop_map(Edit::Push),
        2 => proptest::collection::vec(range, 0..6).prop_map(Edit::Extend),
        1 => Just(Edit::Clear),
        1 => Just(Edit::Shrink),
    ]
}

proptest! {
    #[test]
    fn paragraphs_behave_as_a_vector(edits in proptest::collection::vec(edit(), 0..40)) {
        let mut compact = Paragraphs::default();
        let mut model: Vec<Range<usize>> = Vec::new();
        for e in edits {
            match e {
                Edit::Push(r) => {
                    compact.push(r.clone());
                    model.push(r);
                }
                Edit::Extend(rs) => {
                    compact.extend(rs.iter().cloned());
                    model.extend(rs);
                }
                Edit::Clear => {
                    compact.clear();
                    model.clear();
                }
                Edit::Shrink => compact.shrink_to_fit(),
            }
            prop_assert_eq!(compact.iter().collect::<Vec<_>>(), model.clone());
            prop_assert_eq!(compact.len(), model.len());
            prop_assert_eq!(compact.is_empty(), model.is_empty());
            prop_assert_eq!(compact.first(), model.first().cloned());
            prop_assert_eq!(compact.last(), model.last().cloned());
            prop_assert_eq!(compact.iter().rev().collect::<Vec<_>>(),
                model.iter().rev().cloned().collect::<Vec<_>>());
            prop_assert_eq!(&Paragraphs::from(model.clone()), &compact);
        }
    }
}
