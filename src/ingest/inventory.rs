//! A document's own conventions: which of its colon-ended prefixes are
//! speaker labels, and where labels run inline in long lines.
//!
//! A candidate label ("Regina:", "3. Mr. X (Finland) said ...") is a label
//! when the document uses it as one: it recurs, or the document has several
//! of them. One "The following points were agreed:" is not a label. Live
//! captions and records extracted from PDF often come as one long line with
//! the labels inside it (`... Egypt? >> EGYPT: Thank you ...`); those lines
//! are cut before each label.

use std::ops::Range;

use super::layout::Paragraph;

/// What kind of candidate a prefix is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CandidateKind {
    /// A name in mixed case before a colon.
    Name,
    /// A summary record's "Mr. X (Country) said".
    Summary,
    /// A registry entry's name in mixed case before a colon ("Egypt:").
    Registered,
}

/// The candidate labels of one document, counted.
#[derive(Debug, Default)]
pub struct Inventory {
    /// Each candidate label with its uses; at most [`Self::DISTINCT`].
    counts: Vec<(CandidateKind, String, usize)>,
    /// Uses of candidates of each kind, in [`CandidateKind`] order.
    totals: [usize; 3],
    /// Labels of a sure shape ("MS. PSAKI:", "The Chair:", "Q").
    sure: usize,
}

impl Inventory {
    /// Counts a label of a shape that is a label in any document.
    pub fn add_sure(&mut self) {
        self.sure += 1;
    }

    /// Distinct labels remembered: a document has a few speakers; one with
    /// hundreds of "Word:" lines is not labelled by them anyway.
    const DISTINCT: usize = 64;

    pub fn add(&mut self, kind: CandidateKind, key: &str) {
        self.totals[kind as usize] += 1;
        let known = self.counts.len();
        match self
            .counts
            .iter_mut()
            .find(|(k, l, _)| *k == kind && l == key)
        {
            Some((_, _, n)) => *n += 1,
            None if known < Self::DISTINCT => self.counts.push((kind, key.to_string(), 1)),
            None => {}
        }
    }

    /// Whether a candidate is a label in this document: a name that recurs,
    /// or one of at least three name labels, two of them different; a
    /// summary paragraph when the document has two or more. A document
    /// labels its speakers one way: where labels of a sure shape recur
    /// ("MS. PSAKI:"), "Ukraine:" or "Morgan Stanley:" in a turn are topics
    /// and quotations.
    pub fn accepts(&self, kind: CandidateKind, key: &str) -> bool {
        let total = self.totals[kind as usize];
        match kind {
            CandidateKind::Summary => total >= 2,
            CandidateKind::Name | CandidateKind::Registered if self.sure >= 2 => false,
            CandidateKind::Registered => true,
            CandidateKind::Name => {
                let this = self
                    .counts
                    .iter()
                    .find(|(k, l, _)| *k == kind && l == key)
                    .map_or(0, |(_, _, n)| *n);
                let distinct = self.counts.iter().filter(|(k, _, _)| *k == kind).count();
                this >= 2 || (total >= 3 && distinct >= 2)
            }
        }
    }
}

/// Lines shorter than this are never cut: labels inside ordinary lines are
/// quotations more often than turns.
const LONG_LINE: usize = 300;

/// A document of at most this many paragraphs may be "one long line":
/// captions or a record saved without line breaks.
const FEW: usize = 5;

/// A line longer than this is a run-on line in any document.
const RUN_ON: usize = 20_000;

/// Cuts long one-line paragraphs before the labels they hold inside: a
/// caption's `>>`, a verbatim record's "Mr. Name (Country):", and a label in
/// capitals ("MIRABAI:") used at least twice in the line or once at its
/// start. Only in documents of few, long paragraphs: elsewhere a label
/// inside a line is a quotation, and looking costs a pass over the text.
pub fn split_long_lines(text: &str, paragraphs: Vec<Paragraph>) -> Vec<Paragraph> {
    let few = paragraphs.len() <= FEW;
    if !few && paragraphs.iter().all(|p| p.range.len() < RUN_ON) {
        return paragraphs;
    }
    let mut out = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        if p.lines != 1 || p.range.len() < if few { LONG_LINE } else { RUN_ON } {
            out.push(p);
            continue;
        }
        let line = &text[p.range.clone()];
        // Every inline label ends in ": " (a bare `>>` aside).
        let b = line.as_bytes();
        let colon_blank = memchr::memchr_iter(b':', b).any(|i| b.get(i + 1) == Some(&b' '));
        let chevrons = memchr::memchr_iter(b'>', b).any(|i| b.get(i + 1) == Some(&b'>'));
        let clocks = memchr::memchr(b'(', b).is_some();
        if !colon_blank && !chevrons && !clocks {
            out.push(p);
            continue;
        }
        let mut cuts = inline_labels(line);
        cuts.retain(|&c| c > 0);
        cuts.sort_unstable();
        cuts.dedup();
        if cuts.is_empty() {
            out.push(p);
            continue;
        }
        let mut start = 0;
        for cut in cuts.into_iter().chain(std::iter::once(line.len())) {
            let range = super::layout::trim_range(text, p.range.start + start..p.range.start + cut);
            if !range.is_empty() {
                out.push(Paragraph {
                    range,
                    line: p.line,
                    lines: 1,
                    blank_before: if start == 0 { p.blank_before } else { 0 },
                });
            }
            start = cut;
        }
    }
    out
}

/// Offsets in `line` where an inline label starts.
fn inline_labels(line: &str) -> Vec<usize> {
    let b = line.as_bytes();
    let mut cuts = Vec::new();
    // A caption's `>>` after a blank.
    for at in memchr::memchr_iter(b'>', b) {
        if b.get(at + 1) == Some(&b'>')
            && at > 0
            && b[at - 1] == b' '
            && b.get(at.wrapping_sub(2)) != Some(&b'>')
        {
            cuts.push(at);
        }
    }
    // A machine transcript's "Andy (00:21.138) Hello": the name before a
    // clock in parentheses, after the end of a sentence.
    for open in memchr::memchr_iter(b'(', b) {
        let len = super::labels::clock_len(&line[open + 1..]);
        if len > 0
            && b.get(open + 1 + len) == Some(&b')')
            && let Some(start) = name_before(line, open)
        {
            cuts.push(start);
        }
    }
    // Colons after a short run of capitals, or after "Mr. Name (Country)".
    let mut caps: Vec<(Range<usize>, &str)> = Vec::new();
    for colon in memchr::memchr_iter(b':', b) {
        // Labels end in a capital or a parenthesis, then ": ".
        if b.get(colon + 1).is_some_and(|c| *c != b' ')
            || colon == 0
            || !(b[colon - 1].is_ascii_uppercase() || b[colon - 1] == b')')
        {
            continue;
        }
        if let Some(start) = capitals_before(line, colon) {
            caps.push((start..colon, &line[start..colon]));
        } else if let Some(start) = verbatim_before(line, colon) {
            cuts.push(start);
        }
    }
    for (range, label) in &caps {
        let uses = caps.iter().filter(|(_, l)| l == label).count();
        if uses >= 2
            || caps
                .first()
                .is_some_and(|(r, _)| r.start == 0 && line.starts_with(label))
        {
            cuts.push(range.start);
        }
    }
    cuts
}

/// Start of the one to four capitalised words that end right before `at`
/// ("Steve Feuerstein " before a clock), when a sentence or the line ends
/// just before them.
fn name_before(line: &str, at: usize) -> Option<usize> {
    let head = line[..at].trim_end();
    let mut start = head.len();
    for (words, word) in head.rsplit(' ').enumerate() {
        let name_word = word.chars().next().is_some_and(char::is_uppercase)
            && word
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\''));
        if !name_word || words == 4 {
            break;
        }
        start = (start - word.len()).saturating_sub(1);
    }
    let start = if start > 0 { start + 1 } else { 0 };
    if start >= head.len() {
        return None;
    }
    let before = line[..start].trim_end();
    (before.is_empty() || before.ends_with(['.', '?', '!', ']', ')'])).then_some(start)
}

/// Start of a label in capitals ending at `colon` ("JOLY", "MS. PSAKI"),
/// right after the end of a sentence or at the start of the line.
fn capitals_before(line: &str, colon: usize) -> Option<usize> {
    let head = &line[line.floor_char_boundary(colon.saturating_sub(40))..colon];
    let from = colon - head.len();
    // Walk back over capitals, blanks and periods.
    let mut start = colon;
    for (i, c) in head.char_indices().rev() {
        if c.is_uppercase() || c == ' ' || c == '.' || c == '-' || c == '\'' {
            start = from + i;
        } else {
            break;
        }
    }
    let mut label = line[start..colon].trim_start_matches(|c: char| !c.is_alphabetic());
    // "... called AI. MIRABAI": the label starts after the last sentence
    // end, unless that is an honorific's period ("MS. PSAKI").
    if let Some(dot) = label.rfind(". ") {
        let before = &label[..dot];
        let word = before.rsplit(' ').next().unwrap_or(before);
        if !matches!(word, "MR" | "MS" | "MRS" | "DR" | "H.E") {
            label = &label[dot + 2..];
        }
    }
    let start = colon - label.len();
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || label.split(' ').count() > 4 {
        return None;
    }
    let before = line[..start].trim_end();
    (before.is_empty() || before.ends_with(['.', '?', '!', ']', ')'])).then_some(start)
}

/// Start of "Mr. Name (Country)" or "Mr. Name (Country) (spoke in French)"
/// ending at `colon`.
fn verbatim_before(line: &str, colon: usize) -> Option<usize> {
    if colon == 0 || line.as_bytes()[colon - 1] != b')' {
        return None;
    }
    let head = &line[line.floor_char_boundary(colon.saturating_sub(90))..colon];
    let from = colon - head.len();
    [
        "Mr. ", "Mrs. ", "Ms. ", "Sir ", "Dame ", "Mr ", "Ms ", "Mrs ",
    ]
    .iter()
    .filter_map(|h| head.rfind(h).map(|i| from + i))
    .filter(|&i| i == 0 || line.as_bytes()[i - 1] == b' ')
    .max()
    .filter(|&i| {
        let name = &line[i..colon];
        name.contains(" (")
            && name
                .split(" (")
                .next()
                .is_some_and(|n| n.split(' ').count() <= 5)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(line: &str) -> Vec<&str> {
        let p = Paragraph {
            range: 0..line.len(),
            line: 1,
            lines: 1,
            blank_before: 0,
        };
        split_long_lines(line, vec![p])
            .into_iter()
            .map(|p| &line[p.range])
            .collect()
    }

    #[test]
    fn long_caption_lines_are_cut_before_each_label() {
        let pad = "x ".repeat(150);
        let line = format!("HEADER {pad}>> CHAIR: Egypt? >> EGYPT: Thank you. >> CHAIR: Okay.");
        let parts = cut(&line);
        assert_eq!(parts.len(), 4);
        assert_eq!(parts[2], ">> EGYPT: Thank you.");
        let line = format!("JOLY: Hello {pad}. MIRABAI: Cool. JOLY: So. MIRABAI: Wow. At 12: noon");
        let parts = cut(&line);
        assert_eq!(parts[1], "MIRABAI: Cool.");
        assert_eq!(parts.len(), 4);
        let line = format!("Agenda items 9 {pad} matters Mr. Oshima (Japan): We condemn.");
        assert_eq!(cut(&line)[1], "Mr. Oshima (Japan): We condemn.");
    }

    #[test]
    fn a_machine_transcript_on_one_line_is_cut_before_each_timed_name() {
        let pad = "so ".repeat(100);
        let line = format!(
            "Steve Feuerstein (00:01.127) Yeah, {pad}that. Andy (00:21.138) Hello, I am Andy. \
             Steve Feuerstein (00:30.087) Andy, it is great."
        );
        let parts = cut(&line);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[1], "Andy (00:21.138) Hello, I am Andy.");
        assert!(parts[2].starts_with("Steve Feuerstein (00:30.087)"));
    }

    #[test]
    fn short_lines_and_single_names_stay() {
        assert_eq!(cut("NOTE: a >> b").len(), 1);
        let pad = "x ".repeat(150);
        let line = format!("We agreed. NOTE: nothing {pad}");
        assert_eq!(cut(&line).len(), 1);
    }

    #[test]
    fn names_are_labels_when_the_document_uses_them() {
        let mut inv = Inventory::default();
        inv.add(CandidateKind::Name, "Regina");
        assert!(!inv.accepts(CandidateKind::Name, "Regina"));
        inv.add(CandidateKind::Name, "Matt");
        inv.add(CandidateKind::Name, "Matt");
        assert!(inv.accepts(CandidateKind::Name, "Regina"));
        inv.add(CandidateKind::Summary, "x");
        assert!(!inv.accepts(CandidateKind::Summary, "x"));
        inv.add_sure();
        inv.add_sure();
        assert!(!inv.accepts(CandidateKind::Name, "Matt"));
    }
}
