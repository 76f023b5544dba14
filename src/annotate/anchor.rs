//! Anchoring: where a stored target lies in a document's (possibly changed)
//! canonical text.
//!
//! A target is the W3C text-position + text-quote pair: a byte range, the
//! exact quote, and a short prefix and suffix. Re-anchoring tries, in order:
//! the position with the quote; the exact quote nearest the old position
//! (prefix and suffix break ties); a fuzzy match within a bounded edit
//! distance, found through the prefix and suffix; else the target is
//! orphaned.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Bytes of context kept before and after a quote (cut at char boundaries).
pub const CONTEXT: usize = 32;

/// Where a tag, note or correction points in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Target {
    /// Byte range into the canonical text.
    pub start: usize,
    pub end: usize,
    /// The exact text of the range.
    pub quote: String,
    /// Up to [`CONTEXT`] bytes before the quote.
    #[serde(default)]
    pub prefix: String,
    /// Up to [`CONTEXT`] bytes after the quote.
    #[serde(default)]
    pub suffix: String,
}

/// How a target was found again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchoring {
    /// Position and quote still match.
    Exact,
    /// The exact quote, elsewhere.
    Moved,
    /// A near match of the quote between its prefix and suffix.
    Fuzzy,
    /// Not found: kept, but shown as orphaned.
    Orphaned,
}

fn floor_boundary(text: &str, i: usize) -> usize {
    text.floor_char_boundary(i.min(text.len()))
}

fn ceil_boundary(text: &str, i: usize) -> usize {
    text.ceil_char_boundary(i.min(text.len()))
}

impl Target {
    /// The target of a range of `text` (snapped to char boundaries).
    pub fn new(text: &str, range: Range<usize>) -> Target {
        let start = floor_boundary(text, range.start);
        let end = ceil_boundary(text, range.end.max(start));
        let p = floor_boundary(text, start.saturating_sub(CONTEXT));
        let s = ceil_boundary(text, end + CONTEXT);
        Target {
            start,
            end,
            quote: text[start..end].to_string(),
            prefix: text[p..start].to_string(),
            suffix: text[end..s].to_string(),
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Whether the target still points at its quote in `text`.
    pub fn matches(&self, text: &str) -> bool {
        text.get(self.range()) == Some(self.quote.as_str())
    }

    /// Finds the target in `text`; on success the target is updated to the
    /// new range (and, for a fuzzy match, the new quote and context).
    pub fn reanchor(&mut self, text: &str) -> Anchoring {
        if self.matches(text) {
            return Anchoring::Exact;
        }
        if let Some(range) = find_quote(text, self) {
            *self = Target::new(text, range);
            return Anchoring::Moved;
        }
        if let Some(range) = find_fuzzy(text, self) {
            *self = Target::new(text, range);
            return Anchoring::Fuzzy;
        }
        Anchoring::Orphaned
    }
}

/// Length of the common suffix of `a` and `b` in bytes.
fn common_suffix(a: &str, b: &str) -> usize {
    a.bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// The occurrence of the exact quote that best fits: most context matching,
/// then nearest the old position.
fn find_quote(text: &str, target: &Target) -> Option<Range<usize>> {
    if target.quote.is_empty() {
        return None;
    }
    let finder = memchr::memmem::Finder::new(target.quote.as_bytes());
    let mut best: Option<(usize, usize, usize)> = None; // (context, distance, start)
    for start in finder.find_iter(text.as_bytes()) {
        let end = start + target.quote.len();
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        let before = &text[floor_boundary(text, start.saturating_sub(CONTEXT))..start];
        let after = &text[end..ceil_boundary(text, end + CONTEXT)];
        let context = common_suffix(before, &target.prefix) + common_prefix(after, &target.suffix);
        let distance = start.abs_diff(target.start);
        let better = match best {
            None => true,
            Some((c, d, _)) => context > c || (context == c && distance < d),
        };
        if better {
            best = Some((context, distance, start));
        }
    }
    best.map(|(_, _, s)| s..s + target.quote.len())
}

/// Levenshtein distance over chars, giving up (None) above `limit`.
pub fn bounded_edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

/// Quotes longer than this are matched fuzzily by their ends only.
const FUZZY_FULL_LIMIT: usize = 2000;

/// A near match of the quote: between an occurrence of the prefix and of
/// the suffix near the old position, within an edit distance of a quarter
/// of the quote.
fn find_fuzzy(text: &str, target: &Target) -> Option<Range<usize>> {
    let qlen = target.quote.len();
    if qlen == 0 {
        return None;
    }
    let limit = (target.quote.chars().count() / 4).max(1);
    let window = (qlen * 2).max(4096);
    let lo = floor_boundary(text, target.start.saturating_sub(window));
    let hi = ceil_boundary(text, target.end.saturating_add(window));
    let hay = &text[lo..hi];
    let mut candidates: Vec<Range<usize>> = Vec::new();
    // Prefix then suffix.
    let prefix = target.prefix.trim_start();
    let suffix = target.suffix.trim_end();
    let starts: Vec<usize> = if prefix.len() >= 8 {
        memchr::memmem::find_iter(hay.as_bytes(), prefix.as_bytes())
            .map(|i| lo + i + prefix.len())
            .collect()
    } else {
        Vec::new()
    };
    let ends: Vec<usize> = if suffix.len() >= 8 {
        memchr::memmem::find_iter(hay.as_bytes(), suffix.as_bytes())
            .map(|i| lo + i)
            .collect()
    } else {
        Vec::new()
    };
    for &s in &starts {
        for &e in &ends {
            if e >= s && (e - s).abs_diff(qlen) <= limit * 4 {
                candidates.push(s..e);
            }
        }
        // Prefix only: the quote's length after it.
        candidates.push(s..ceil_boundary(text, s + qlen));
    }
    for &e in &ends {
        candidates.push(floor_boundary(text, e.saturating_sub(qlen))..e);
    }
    let mut best: Option<(usize, usize, Range<usize>)> = None;
    for c in candidates {
        if !text.is_char_boundary(c.start) || !text.is_char_boundary(c.end) || c.is_empty() {
            continue;
        }
        let found = &text[c.clone()];
        let d = if qlen > FUZZY_FULL_LIMIT {
            // Long quotes: compare the ends only.
            let k = 200;
            let a = bounded_edit_distance(
                &found[..floor_boundary(found, k)],
                &target.quote[..floor_boundary(&target.quote, k)],
                limit,
            );
            let b = bounded_edit_distance(
                &found[ceil_boundary(found, found.len().saturating_sub(k))..],
                &target.quote[ceil_boundary(&target.quote, qlen.saturating_sub(k))..],
                limit,
            );
            match (a, b) {
                (Some(a), Some(b)) if found.len().abs_diff(qlen) <= limit => Some(a + b),
                _ => None,
            }
        } else {
            bounded_edit_distance(found, &target.quote, limit)
        };
        if let Some(d) = d {
            let distance = c.start.abs_diff(target.start);
            if best
                .as_ref()
                .is_none_or(|(bd, bdist, _)| d < *bd || (d == *bd && distance < *bdist))
            {
                best = Some((d, distance, c));
            }
        }
    }
    best.map(|(_, _, r)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Germany is fully aligned with the statement of the European Union. \
        Capacity building is key for all States. We thank the Chair.";

    fn target(quote: &str) -> Target {
        let start = TEXT.find(quote).unwrap();
        Target::new(TEXT, start..start + quote.len())
    }

    #[test]
    fn exact_position_is_kept() {
        let mut t = target("Capacity building is key");
        assert_eq!(t.reanchor(TEXT), Anchoring::Exact);
    }

    #[test]
    fn moved_quote_is_found() {
        let mut t = target("Capacity building is key");
        let text = format!("Opening words. {TEXT}");
        assert_eq!(t.reanchor(&text), Anchoring::Moved);
        assert_eq!(&text[t.range()], "Capacity building is key");
    }

    #[test]
    fn edited_quote_is_found_fuzzily() {
        let mut t = target("Capacity building is key for all States.");
        let text = TEXT.replace("is key for all", "is crucial for all");
        assert_eq!(t.reanchor(&text), Anchoring::Fuzzy);
        assert_eq!(
            &text[t.range()],
            "Capacity building is crucial for all States."
        );
    }

    #[test]
    fn vanished_quote_is_orphaned() {
        let mut t = target("Capacity building is key for all States.");
        let before = t.clone();
        assert_eq!(t.reanchor("Something else entirely."), Anchoring::Orphaned);
        assert_eq!(t, before);
    }

    #[test]
    fn repeated_quotes_prefer_their_context() {
        let text = "A said yes. B said no. C said yes. D said no.";
        let start = text.rfind("said yes").unwrap();
        let mut t = Target::new(text, start..start + 8);
        let changed = format!("Intro. {text}");
        t.reanchor(&changed);
        assert_eq!(&changed[t.start - 2..t.start], "C ");
    }
}
