//! Layout: the canonical text cut into paragraphs.
//!
//! Blank lines separate blocks; debris lines and Markdown rules separate them
//! too and belong to no paragraph. Inside a block, hard-wrapped lines (all
//! short) form one paragraph, while a block of long lines (one paragraph per
//! line, as web pages are saved) gives a paragraph per line. A line that
//! opens with a speaker prefix always starts a paragraph.

use std::ops::Range;

use crate::model::is_blank_char;

/// A run of text between separators: what the classifier looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// From the first to the last non-blank character.
    pub range: Range<usize>,
    /// 1-based line of the first character.
    pub line: u32,
    /// Number of lines the paragraph spans.
    pub lines: u32,
    /// Blank lines right before the paragraph (0 inside a block).
    pub blank_before: u32,
}

/// Lines longer than this (in bytes) are paragraphs of their own: hard
/// wrapping never makes lines this long.
const HARD_WRAP_LIMIT: usize = 150;

/// Removes whole lines that are web-site debris.
#[derive(Debug, Clone, Default)]
pub struct DebrisFilter {
    exact: Vec<String>,
    prefixes: Vec<String>,
    longest: usize,
    /// The first bytes of the (lower-case) patterns: a line starting with
    /// any other ASCII letter is no debris.
    first_bytes: Vec<u8>,
}

impl DebrisFilter {
    /// Patterns match a whole line, ignoring case; a trailing `*` matches
    /// any rest of the line.
    pub fn new(patterns: &[String]) -> Self {
        let mut filter = Self::default();
        for pattern in patterns {
            let lower = pattern.trim().to_lowercase();
            match lower.strip_suffix('*') {
                Some(prefix) if !prefix.trim().is_empty() && !lower.ends_with(" *") => {
                    filter.prefixes.push(prefix.trim_end().to_string());
                    filter.longest = usize::MAX;
                }
                _ => {
                    filter.longest = filter.longest.max(lower.len());
                    filter.exact.push(lower);
                }
            }
        }
        filter.first_bytes = filter
            .exact
            .iter()
            .chain(&filter.prefixes)
            .filter_map(|p| p.as_bytes().first().copied())
            .collect();
        filter
    }

    /// Whether a trimmed line is debris.
    pub fn is_debris(&self, line: &str) -> bool {
        // Debris is a short line; long lines are never lowercased.
        if line.len() > self.longest.min(200) || line.is_empty() {
            return false;
        }
        let first = line.as_bytes()[0];
        if first.is_ascii() && !self.first_bytes.contains(&first.to_ascii_lowercase()) {
            return false;
        }
        if line.is_ascii() {
            // The patterns are lower case: ASCII lines compare without a copy.
            let starts = |p: &str| {
                line.len() >= p.len()
                    && line.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
            };
            return self.exact.iter().any(|e| e.eq_ignore_ascii_case(line))
                || self.prefixes.iter().any(|p| starts(p));
        }
        // Lowered a character at a time, so that a line that differs from a
        // pattern in its first letters (nearly all) costs a few compares;
        // after an ASCII first letter, only the patterns it starts.
        let may_start = |p: &&String| {
            !first.is_ascii() || p.as_bytes().first() == Some(&first.to_ascii_lowercase())
        };
        self.exact
            .iter()
            .filter(may_start)
            .any(|e| lowered_starts_with(line, e, true))
            || self
                .prefixes
                .iter()
                .filter(may_start)
                .any(|p| lowered_starts_with(line, p, false))
    }
}

/// Whether `text` in lower case starts with `lower`; with `whole`, whether
/// it is `lower`.
fn lowered_starts_with(text: &str, lower: &str, whole: bool) -> bool {
    // A line's first letters are mostly ASCII even when the line is not,
    // and they lower to themselves in ASCII.
    let n = lower.len();
    if let Some(head) = text.as_bytes().get(..n)
        && head.is_ascii()
        && lower.is_ascii()
    {
        return head.eq_ignore_ascii_case(lower.as_bytes()) && (!whole || text.len() == n);
    }
    let mut wanted = lower.as_bytes();
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if wanted.is_empty() {
            return !whole;
        }
        for l in c.to_lowercase() {
            match wanted.strip_prefix(l.encode_utf8(&mut buf).as_bytes()) {
                Some(rest) => wanted = rest,
                None => return false,
            }
        }
    }
    wanted.is_empty()
}

/// Trims spaces, tabs and no-break spaces at both ends of `range`.
pub fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start_matches(is_blank_char).len());
    let end = range.start + slice.trim_end_matches(is_blank_char).len();
    if end < start {
        start..start
    } else {
        start..end
    }
}

/// Whether a trimmed line is a Markdown thematic break (`---`, `***`, `___`).
fn is_rule(line: &str) -> bool {
    if line.len() > 80 || !line.starts_with(['-', '*', '_']) {
        return false;
    }
    let compact: Vec<u8> = line.bytes().filter(|b| *b != b' ').collect();
    compact.len() >= 3
        && matches!(compact[0], b'-' | b'*' | b'_')
        && compact.iter().all(|b| *b == compact[0])
}

/// Whether a line inside a block starts a paragraph of its own regardless
/// of wrapping: a list item or a heading.
fn starts_own_paragraph(line: &str) -> bool {
    let b = line.as_bytes();
    if b.first() == Some(&b'#') {
        return true;
    }
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("• ") {
        return true;
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    digits > 0
        && digits < 4
        && matches!(b.get(digits), Some(b'.' | b')' | b'/'))
        && b.get(digits + 1) == Some(&b' ')
}

/// Cuts `text[from..]` into paragraphs. `starts_turn` tells whether a line
/// opens with a speaker prefix (which always starts a paragraph).
pub fn paragraphs(
    text: &str,
    from: usize,
    first_line: u32,
    debris: &DebrisFilter,
    starts_turn: impl Fn(&str) -> bool,
) -> Vec<Paragraph> {
    let mut out = Vec::new();
    // The block being gathered: trimmed line ranges with their line numbers.
    let mut block: Vec<(Range<usize>, u32)> = Vec::new();
    let mut blank_run = 0u32;
    let mut blank_before_block = 0u32;
    let mut line_no = first_line;
    let mut start = from;
    let bytes = text.as_bytes();
    loop {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let trimmed = trim_range(text, start..end);
        let line = &text[trimmed.clone()];
        let separator = line.is_empty() || is_rule(line) || debris.is_debris(line);
        if separator {
            flush_block(text, &mut block, blank_before_block, &starts_turn, &mut out);
            if line.is_empty() {
                blank_run += 1;
            }
        } else {
            if block.is_empty() {
                blank_before_block = blank_run;
            }
            blank_run = 0;
            block.push((trimmed, line_no));
        }
        if end >= bytes.len() {
            break;
        }
        start = end + 1;
        line_no += 1;
    }
    flush_block(text, &mut block, blank_before_block, &starts_turn, &mut out);
    out
}

fn flush_block(
    text: &str,
    block: &mut Vec<(Range<usize>, u32)>,
    blank_before: u32,
    starts_turn: &impl Fn(&str) -> bool,
    out: &mut Vec<Paragraph>,
) {
    if block.is_empty() {
        return;
    }
    let long_lines = block.iter().any(|(r, _)| r.len() > HARD_WRAP_LIMIT);
    let mut current: Option<Paragraph> = None;
    for (range, line) in block.drain(..) {
        let own = long_lines || {
            let content = &text[range.clone()];
            starts_own_paragraph(content) || starts_turn(content)
        };
        match current.as_mut() {
            Some(p) if !own => {
                p.range.end = range.end;
                p.lines = line - p.line + 1;
            }
            _ => {
                // Only the block's first paragraph follows the blank lines.
                let blank_before = match current.take() {
                    Some(done) => {
                        out.push(done);
                        0
                    }
                    None => blank_before,
                };
                current = Some(Paragraph {
                    range,
                    line,
                    lines: 1,
                    blank_before,
                });
            }
        }
    }
    if let Some(done) = current {
        out.push(done);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<(String, u32, u32)> {
        let debris = DebrisFilter::new(&["Leave a Reply".into(), "Your email address*".into()]);
        paragraphs(text, 0, 1, &debris, |l| l.starts_with("MS. PSAKI:"))
            .into_iter()
            .map(|p| (text[p.range].to_string(), p.line, p.blank_before))
            .collect()
    }

    /// Lines with non-ASCII characters are compared in lower case too,
    /// whole for an exact pattern and by their start for a prefix.
    #[test]
    fn debris_with_non_ascii_characters() {
        let debris = DebrisFilter::new(&[
            "Leave a Réply".into(),
            "Your email address*".into(),
            "Ünited*".into(),
        ]);
        for (line, expected) in [
            ("LEAVE A RÉPLY", true),
            ("Leave a Réply!", false),
            ("Leave a Rép", false),
            ("Leave a Reply\u{a0}now", false),
            (
                "YOUR EMAIL ADDRESS will not be published \u{2014} ever",
                true,
            ),
            ("Your email addres\u{a0}s", false),
            ("ÜNITED Nations", true),
            ("Ünite", false),
            ("\u{212A}elvin", false),
        ] {
            assert_eq!(debris.is_debris(line), expected, "{line:?}");
        }
        assert!(lowered_starts_with("\u{212A}ELVIN", "kelvin", true));
        assert!(!lowered_starts_with("", "a", false));
        assert!(lowered_starts_with("ab", "", false));
        assert!(!lowered_starts_with("ab", "", true));
    }

    #[test]
    fn blank_lines_separate_and_are_counted() {
        let got = cut(
            "Ambassador Gafoor\u{a0}\u{a0}\n\n\nThank you.\n\nLeave a Reply\n\nYour email address will not be published.",
        );
        assert_eq!(
            got,
            [
                ("Ambassador Gafoor".to_string(), 1, 0),
                ("Thank you.".to_string(), 4, 2)
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_join_and_prefixes_split() {
        let text = "MS. PSAKI: Hello, the\nadministration said.\nMS. PSAKI: Again.\n\nNext para\ncontinues.";
        let got = cut(text);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, "MS. PSAKI: Hello, the\nadministration said.");
        assert_eq!(got[1].0, "MS. PSAKI: Again.");
        assert_eq!((got[2].1, got[2].2), (5, 1));
    }

    #[test]
    fn long_lines_are_paragraphs_each() {
        let long = "x".repeat(200);
        let text = format!("Title line\n{long}\n{long}");
        let got = cut(&text);
        assert_eq!(got.len(), 3);
        assert_eq!(got[2].1, 3);
    }

    #[test]
    fn rules_and_list_items_separate() {
        let got = cut("a\n---\nb\n1/ first\n2/ second");
        let texts: Vec<_> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(texts, ["a", "b", "1/ first", "2/ second"]);
    }
}
