//! The figures of `floor stats`: turns and words per speaker, tags per
//! theme and the speaker × theme table, orphaned tags and open conflicts
//! counted apart, each coder's work when asked, and their human report.
//! Pure functions over documents with their annotations; theme counts come
//! from [`crate::annotate::tally`].

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::annotate::Annotations;
use crate::annotate::tally::{Themes, tally};
use crate::model::{Document, Role};
use crate::text::counted;

/// The figures of a corpus.
#[derive(Debug, Default, Serialize, Clone, PartialEq)]
pub struct Stats {
    pub documents: usize,
    pub turns: usize,
    pub words: usize,
    /// Most turns first.
    pub speakers: Vec<SpeakerStats>,
    /// Tags per theme id (a tag with two themes counts for each).
    pub themes: BTreeMap<String, usize>,
    /// Tags per speaker and theme id.
    pub speaker_themes: BTreeMap<String, BTreeMap<String, usize>>,
    /// Tags anchored in the text (those counted above).
    pub tags: usize,
    /// Tags whose text is gone from the transcript: kept, counted apart.
    pub orphaned: usize,
    /// Items changed on both sides of a merge, both versions kept.
    pub conflicts: usize,
    /// Per author, when asked for ([`add_annotations`] with `by_author`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub authors: BTreeMap<String, AuthorStats>,
}

/// One coder's work.
#[derive(Debug, Default, Serialize, Clone, PartialEq)]
pub struct AuthorStats {
    /// Anchored tags.
    pub tags: usize,
    pub orphaned: usize,
    /// Notes on turns, and tags with a note.
    pub notes: usize,
    /// Tags per theme id.
    pub themes: BTreeMap<String, usize>,
}

/// Adds a document's orphans, conflicts and (with `by_author`) per-author
/// counts.
pub fn add_annotations(stats: &mut Stats, ann: &Annotations, by_author: bool) {
    stats.orphaned += ann.orphans().count();
    stats.conflicts += ann.conflicts.len();
    stats.tags += ann.tags.iter().filter(|t| !t.orphaned).count();
    if !by_author {
        return;
    }
    for t in &ann.tags {
        let a = stats.authors.entry(t.author.clone()).or_default();
        if t.orphaned {
            a.orphaned += 1;
            continue;
        }
        a.tags += 1;
        a.notes += usize::from(!t.note.is_empty());
        for theme in &t.themes {
            *a.themes.entry(theme.clone()).or_default() += 1;
        }
    }
    for n in &ann.notes {
        stats.authors.entry(n.author.clone()).or_default().notes += 1;
    }
}

#[derive(Debug, Default, Serialize, Clone, PartialEq)]
pub struct SpeakerStats {
    pub speaker: String,
    pub role: &'static str,
    pub turns: usize,
    pub words: usize,
}

/// Words spoken in a turn: whitespace-separated pieces of its paragraphs.
pub fn turn_words(doc: &Document, turn: &crate::model::Turn) -> usize {
    turn.paragraphs
        .iter()
        .map(|p| doc.slice(&p).split_whitespace().count())
        .sum()
}

/// Adds one document's turns, and its tags by theme and by the speaker of
/// the turn each tag starts in ([`crate::annotate::tally`]), to the figures.
pub fn add_document(stats: &mut Stats, doc: &Document, ann: &Annotations) {
    let mut per: BTreeMap<(String, Role), (usize, usize)> = BTreeMap::new();
    stats.documents += 1;
    for turn in doc.turns() {
        let words = turn_words(doc, turn);
        stats.turns += 1;
        stats.words += words;
        let e = per
            .entry((turn.speaker.to_string(), turn.role))
            .or_default();
        e.0 += 1;
        e.1 += words;
    }
    for ((speaker, role), (turns, words)) in per {
        match stats
            .speakers
            .iter_mut()
            .find(|s| s.speaker == speaker && s.role == role.as_str())
        {
            Some(s) => {
                s.turns += turns;
                s.words += words;
            }
            None => stats.speakers.push(SpeakerStats {
                speaker,
                role: role.as_str(),
                turns,
                words,
            }),
        }
    }
    let tally = tally([(doc, ann)], Themes::Carried);
    add_counts(&mut stats.themes, tally.by_theme);
    for (speaker, row) in tally.by_speaker {
        add_counts(stats.speaker_themes.entry(speaker).or_default(), row);
    }
}

fn add_counts(into: &mut BTreeMap<String, usize>, row: BTreeMap<String, usize>) {
    for (id, n) in row {
        *into.entry(id).or_default() += n;
    }
}

/// Puts speakers with most turns first.
pub fn finish_stats(stats: &mut Stats) {
    stats.speakers.sort_by(|a, b| {
        b.turns
            .cmp(&a.turns)
            .then_with(|| a.speaker.cmp(&b.speaker))
    });
}

/// Adds the figures of other documents.
pub fn merge(into: &mut Stats, part: Stats) {
    into.documents += part.documents;
    into.turns += part.turns;
    into.words += part.words;
    into.tags += part.tags;
    into.orphaned += part.orphaned;
    into.conflicts += part.conflicts;
    for (author, a) in part.authors {
        let into_a = into.authors.entry(author).or_default();
        into_a.tags += a.tags;
        into_a.orphaned += a.orphaned;
        into_a.notes += a.notes;
        add_counts(&mut into_a.themes, a.themes);
    }
    for s in part.speakers {
        match into
            .speakers
            .iter_mut()
            .find(|x| x.speaker == s.speaker && x.role == s.role)
        {
            Some(x) => {
                x.turns += s.turns;
                x.words += s.words;
            }
            None => into.speakers.push(s),
        }
    }
    add_counts(&mut into.themes, part.themes);
    for (speaker, row) in part.speaker_themes {
        add_counts(into.speaker_themes.entry(speaker).or_default(), row);
    }
}

/// The human report.
pub fn write_stats(out: &mut impl Write, stats: &Stats) -> io::Result<()> {
    writeln!(
        out,
        "{}, {}, {}",
        counted(stats.documents, "document", "documents"),
        counted(stats.turns, "turn", "turns"),
        counted(stats.words, "word", "words")
    )?;
    writeln!(out)?;
    writeln!(out, "{:>7} {:>9}  speaker", "turns", "words")?;
    for s in &stats.speakers {
        writeln!(
            out,
            "{:>7} {:>9}  {} ({})",
            s.turns, s.words, s.speaker, s.role
        )?;
    }
    if !stats.themes.is_empty() {
        writeln!(out)?;
        writeln!(out, "{:>7}  theme", "tags")?;
        for (theme, n) in &stats.themes {
            writeln!(out, "{n:>7}  {theme}")?;
        }
        writeln!(out)?;
        writeln!(out, "Tags by speaker and theme:")?;
        for (speaker, row) in &stats.speaker_themes {
            let cells: Vec<String> = row.iter().map(|(t, n)| format!("{t} {n}")).collect();
            writeln!(out, "  {speaker}: {}", cells.join(", "))?;
        }
    }
    if stats.orphaned > 0 {
        writeln!(out)?;
        writeln!(
            out,
            "{} (their text is gone from the transcript; kept, not counted above)",
            counted(stats.orphaned, "orphaned tag", "orphaned tags")
        )?;
    }
    if stats.conflicts > 0 {
        writeln!(
            out,
            "{} from merges, both versions kept (see `floor check`)",
            counted(stats.conflicts, "conflict", "conflicts")
        )?;
    }
    if !stats.authors.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{:>7} {:>7} {:>8}  author",
            "tags", "notes", "orphaned"
        )?;
        for (author, a) in &stats.authors {
            writeln!(
                out,
                "{:>7} {:>7} {:>8}  {}",
                a.tags,
                a.notes,
                a.orphaned,
                super::report::one_line(author)
            )?;
        }
    }
    Ok(())
}
