//! Agreement between two coders: how often they applied the same themes to
//! the same text, as qualitative-analysis tools compare coders (NVivo's
//! coding comparison, MAXQDA's intercoder agreement).
//!
//! Two units are counted, per theme and over all themes:
//! - **turns**: did each coder apply the theme somewhere in this turn (a
//!   tag of theirs overlapping the turn);
//! - **characters**: is this character of the document's text inside a
//!   tag of the theme by each coder (NVivo's character-level comparison).
//!
//! For each, a 2×2 table gives the percentage agreement and Cohen's kappa,
//! `(po − pe) / (1 − pe)`, with `pe` from each coder's own rate. The overall
//! figures pool the tables of every theme. The turns where coders disagree
//! are listed ([`disagreements`]) for the reader to resolve with a normal
//! edit ([`resolution`]). [`CoderFilter`] is the reader's choice of whose
//! tags to show.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use super::{Annotations, Edit, Tag};
use crate::model::Document;

/// Units counted by what each coder did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Both coders applied the theme.
    pub both: usize,
    /// Only the first coder.
    pub only_a: usize,
    /// Only the second coder.
    pub only_b: usize,
    /// Neither.
    pub neither: usize,
}

impl Table {
    pub fn units(&self) -> usize {
        self.both + self.only_a + self.only_b + self.neither
    }

    /// Share of units where the coders agree, 0–100 (None without units).
    pub fn percent(&self) -> Option<f64> {
        let n = self.units();
        (n > 0).then(|| 100.0 * (self.both + self.neither) as f64 / n as f64)
    }

    /// Cohen's kappa; None when it is undefined (no units, or chance
    /// agreement is certain: both coders applied the theme everywhere or
    /// nowhere).
    pub fn kappa(&self) -> Option<f64> {
        let n = self.units() as f64;
        if n == 0.0 {
            return None;
        }
        let po = (self.both + self.neither) as f64 / n;
        let pa = (self.both + self.only_a) as f64 / n;
        let pb = (self.both + self.only_b) as f64 / n;
        let pe = pa * pb + (1.0 - pa) * (1.0 - pb);
        (pe < 1.0).then(|| (po - pe) / (1.0 - pe))
    }

    fn add(&mut self, other: &Table) {
        self.both += other.both;
        self.only_a += other.only_a;
        self.only_b += other.only_b;
        self.neither += other.neither;
    }

    fn count(&mut self, a: bool, b: bool, n: usize) {
        match (a, b) {
            (true, true) => self.both += n,
            (true, false) => self.only_a += n,
            (false, true) => self.only_b += n,
            (false, false) => self.neither += n,
        }
    }
}

/// Both units for one theme (or overall).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub turns: Table,
    pub characters: Table,
}

impl Figures {
    fn add(&mut self, other: &Figures) {
        self.turns.add(&other.turns);
        self.characters.add(&other.characters);
    }
}

/// The comparison of two coders.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Agreement {
    pub coders: [String; 2],
    /// Per theme id, in id order: the themes either coder applied (or the
    /// one asked for).
    pub themes: Vec<(String, Figures)>,
    pub overall: Figures,
}

/// A turn where one coder applied a theme and the other did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    pub document: String,
    /// The turn, in reading order.
    pub turn: usize,
    pub theme: String,
    /// The tags of the theme in the turn, by coder.
    pub tags_a: Vec<Arc<Tag>>,
    pub tags_b: Vec<Arc<Tag>>,
}

fn overlaps(t: &Tag, r: &Range<usize>) -> bool {
    t.target.start < r.end.max(r.start + 1) && r.start < t.target.end
}

/// The coder's anchored tags of a theme.
fn coded<'a>(ann: &'a Annotations, coder: &'a str, theme: &'a str) -> Vec<&'a Arc<Tag>> {
    ann.tags
        .iter()
        .filter(|t| !t.orphaned && t.author == coder && t.themes.iter().any(|x| x == theme))
        .collect()
}

/// The themes either coder applied in any document.
fn themes_used(docs: &[(&Document, &Annotations)], coders: &[&str; 2]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (_, ann) in docs {
        for t in ann
            .tags
            .iter()
            .filter(|t| coders.contains(&t.author.as_str()))
        {
            out.extend(t.themes.iter().cloned());
        }
    }
    out
}

/// Merged, sorted byte ranges covered by tags.
fn covered(tags: &[&Arc<Tag>]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = tags.iter().map(|t| t.target.range()).collect();
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

fn inside(ranges: &[Range<usize>], at: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= at);
    ranges.get(i).is_some_and(|r| r.start <= at)
}

/// The character table of one document and theme: the text is cut at
/// every tag boundary and each piece counted by its characters.
fn characters(doc: &Document, a: &[&Arc<Tag>], b: &[&Arc<Tag>]) -> Table {
    let (ra, rb) = (covered(a), covered(b));
    let mut cuts: Vec<usize> = vec![0, doc.text.len()];
    for r in ra.iter().chain(&rb) {
        cuts.push(r.start.min(doc.text.len()));
        cuts.push(r.end.min(doc.text.len()));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut table = Table::default();
    for w in cuts.windows(2) {
        let n = doc.slice(&(w[0]..w[1])).chars().count();
        table.count(inside(&ra, w[0]), inside(&rb, w[0]), n);
    }
    table
}

/// Compares coders `a` and `b` over documents with their annotations, for
/// one theme or every theme either applied.
pub fn agreement(
    docs: &[(&Document, &Annotations)],
    a: &str,
    b: &str,
    theme: Option<&str>,
) -> Agreement {
    let themes = match theme {
        Some(t) => BTreeSet::from([t.to_string()]),
        None => themes_used(docs, &[a, b]),
    };
    let mut out = Agreement {
        coders: [a.to_string(), b.to_string()],
        ..Agreement::default()
    };
    for theme in themes {
        let mut figures = Figures::default();
        for (doc, ann) in docs {
            let (ta, tb) = (coded(ann, a, &theme), coded(ann, b, &theme));
            for turn in doc.turns() {
                let in_a = ta.iter().any(|t| overlaps(t, &turn.range));
                let in_b = tb.iter().any(|t| overlaps(t, &turn.range));
                figures.turns.count(in_a, in_b, 1);
            }
            figures.characters.add(&characters(doc, &ta, &tb));
        }
        out.overall.add(&figures);
        out.themes.push((theme, figures));
    }
    out
}

/// The turns of a document where one coder applied a theme and the other
/// did not (for `theme`, or every theme either applied).
pub fn disagreements(
    doc: &Document,
    ann: &Annotations,
    a: &str,
    b: &str,
    theme: Option<&str>,
) -> Vec<Disagreement> {
    let themes = match theme {
        Some(t) => BTreeSet::from([t.to_string()]),
        None => themes_used(&[(doc, ann)], &[a, b]),
    };
    let mut out = Vec::new();
    for (i, turn) in doc.turns().enumerate() {
        for theme in &themes {
            let pick = |coder: &str| -> Vec<Arc<Tag>> {
                coded(ann, coder, theme)
                    .into_iter()
                    .filter(|t| overlaps(t, &turn.range))
                    .cloned()
                    .collect()
            };
            let (tags_a, tags_b) = (pick(a), pick(b));
            if tags_a.is_empty() != tags_b.is_empty() {
                out.push(Disagreement {
                    document: doc.id.clone(),
                    turn: i,
                    theme: theme.clone(),
                    tags_a,
                    tags_b,
                });
            }
        }
    }
    out
}

/// The edit that resolves a disagreement: the tags of a coder not kept are
/// removed (keep both: nothing to do). A normal edit, so it is undone,
/// saved and merged like any other.
pub fn resolution(d: &Disagreement, keep_a: bool, keep_b: bool) -> Option<Edit> {
    let removed: Vec<Edit> = [(keep_a, &d.tags_a), (keep_b, &d.tags_b)]
        .into_iter()
        .filter(|(keep, _)| !keep)
        .flat_map(|(_, tags)| tags.iter().map(|t| Edit::RemoveTag(t.clone())))
        .collect();
    (!removed.is_empty()).then_some(Edit::Batch(removed))
}

/// Whose tags the reader shows: everyone's, only the user's, or one
/// coder's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum CoderFilter {
    #[default]
    All,
    Mine,
    One(String),
}

impl CoderFilter {
    /// Whether a tag by `author` is shown to the user `me`.
    pub fn shows(&self, author: &str, me: &str) -> bool {
        match self {
            CoderFilter::All => true,
            CoderFilter::Mine => author == me,
            CoderFilter::One(coder) => author == coder,
        }
    }

    /// The next choice in the cycle: all, mine, then each other coder of
    /// `coders`, then all again.
    pub fn next(&self, coders: &[String], me: &str) -> CoderFilter {
        let others: Vec<&String> = coders.iter().filter(|c| *c != me).collect();
        match self {
            CoderFilter::All => CoderFilter::Mine,
            CoderFilter::Mine => others
                .first()
                .map_or(CoderFilter::All, |c| CoderFilter::One((*c).clone())),
            CoderFilter::One(current) => others
                .iter()
                .position(|c| *c == current)
                .and_then(|i| others.get(i + 1))
                .map_or(CoderFilter::All, |c| CoderFilter::One((*c).clone())),
        }
    }

    /// In words, for the status line.
    pub fn label(&self) -> String {
        match self {
            CoderFilter::All => "all coders".into(),
            CoderFilter::Mine => "my tags".into(),
            CoderFilter::One(c) => format!("{c}'s tags"),
        }
    }
}

/// Every author of a tag or note, sorted.
pub fn coders<'a>(anns: impl IntoIterator<Item = &'a Annotations>) -> Vec<String> {
    let mut out = BTreeSet::new();
    for ann in anns {
        for t in &ann.tags {
            if !out.contains(&t.author) {
                out.insert(t.author.clone());
            }
        }
        for n in &ann.notes {
            if !out.contains(&n.author) {
                out.insert(n.author.clone());
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::new_tag;
    use crate::geometry::tests::turn;
    use crate::model::{AgendaItem, AgendaSource, Turn};

    /// Ten turns of ten characters; `a` and `b` tag whole turns.
    fn case(a: &[usize], b: &[usize]) -> (Document, Annotations) {
        let text = "0123456789".repeat(10);
        let turns = (0..10)
            .map(|i| Turn {
                start_line: i as u32 + 1,
                ..turn(&format!("S{i}"), i * 10..i * 10 + 10)
            })
            .collect();
        let doc = Document {
            id: "d".into(),
            text,
            agenda_items: vec![AgendaItem {
                title: None,
                number: None,
                source: AgendaSource::Implicit,
                start_line: 1,
                turns,
            }],
            ..Document::default()
        };
        let mut ann = Annotations::new(&doc);
        for (coder, turns) in [("ana", a), ("ben", b)] {
            for &i in turns {
                let tag = new_tag(&doc, i * 10..i * 10 + 10, vec!["norms".into()], coder);
                ann.insert_tag(Arc::new(tag));
            }
        }
        (doc, ann)
    }

    #[test]
    fn kappa_of_a_known_table() {
        // both 3, only ana 2, only ben 1, neither 4: po = .7, pe = .5*.4 +
        // .5*.6 = .5, kappa = .2/.5 = .4.
        let (doc, ann) = case(&[0, 1, 2, 3, 4], &[0, 1, 2, 5]);
        let r = agreement(&[(&doc, &ann)], "ana", "ben", None);
        assert_eq!(r.themes.len(), 1);
        let f = &r.themes[0].1;
        assert_eq!(
            f.turns,
            Table {
                both: 3,
                only_a: 2,
                only_b: 1,
                neither: 4
            }
        );
        assert!((f.turns.kappa().unwrap() - 0.4).abs() < 1e-9);
        assert!((f.turns.percent().unwrap() - 70.0).abs() < 1e-9);
        // Whole turns tagged: characters count ten per turn.
        assert_eq!(f.characters.both, 30);
        assert_eq!(f.characters.units(), 100);
        assert_eq!(r.overall, *f);
        let d = disagreements(&doc, &ann, "ana", "ben", None);
        assert_eq!(d.iter().map(|d| d.turn).collect::<Vec<_>>(), vec![3, 4, 5]);
        let Some(Edit::Batch(edits)) = resolution(&d[0], false, true) else {
            panic!()
        };
        assert_eq!(edits.len(), 1);
        assert!(resolution(&d[0], true, true).is_none());
    }

    #[test]
    fn the_coder_filter_cycles_through_coders() {
        let (_, ann) = case(&[0], &[1]);
        let coders = coders([&ann]);
        assert_eq!(coders, vec!["ana", "ben"]);
        let mut f = CoderFilter::default();
        let mut seen = Vec::new();
        for _ in 0..4 {
            seen.push(f.label());
            f = f.next(&coders, "ana");
        }
        assert_eq!(
            seen,
            vec!["all coders", "my tags", "ben's tags", "all coders"]
        );
        assert!(CoderFilter::Mine.shows("ana", "ana"));
        assert!(!CoderFilter::Mine.shows("ben", "ana"));
        assert!(CoderFilter::One("ben".into()).shows("ben", "ana"));
        assert!(CoderFilter::All.shows("cy", "ana"));
    }

    #[test]
    fn kappa_is_undefined_when_chance_agreement_is_certain() {
        let (doc, ann) = case(&[], &[]);
        let r = agreement(&[(&doc, &ann)], "ana", "ben", Some("norms"));
        assert_eq!(r.themes[0].1.turns.neither, 10);
        assert_eq!(r.themes[0].1.turns.kappa(), None);
        assert_eq!(r.themes[0].1.turns.percent(), Some(100.0));
    }
}
