//! Suggestions: the sentences where a theme's keywords occur (whole words,
//! ignoring case) and no tag of that theme is yet; and the tags made from
//! them automatically, whose ids derive from what they tag.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use unicode_segmentation::UnicodeSegmentation;

use super::{Annotations, Codebook, Tag, new_tag};
use crate::model::Document;

/// A suggested tag: a sentence and a theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The sentence, a byte range into the canonical text.
    pub range: Range<usize>,
    pub theme: String,
    /// The keyword found.
    pub keyword: Range<usize>,
}

/// Keyword matcher for a codebook.
#[derive(Debug, Clone)]
pub struct Suggester {
    matcher: Option<AhoCorasick>,
    /// Theme id of each pattern.
    themes: Vec<String>,
}

impl Suggester {
    pub fn new(book: &Codebook) -> Suggester {
        let mut patterns = Vec::new();
        let mut themes = Vec::new();
        for theme in &book.themes {
            for k in &theme.keywords {
                if !k.trim().is_empty() {
                    patterns.push(k.trim().to_string());
                    themes.push(theme.id.clone());
                }
            }
        }
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        Suggester { matcher, themes }
    }

    /// Suggestions for `range` of the document (a turn, or everything),
    /// only for `theme` when given, leaving out sentences already tagged
    /// with the theme and those in `dismissed`.
    pub fn suggest(
        &self,
        doc: &Document,
        ann: &Annotations,
        theme: Option<&str>,
        dismissed: &BTreeSet<(usize, String)>,
    ) -> Vec<Suggestion> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let mut out: Vec<Suggestion> = Vec::new();
        // What is already suggested, and per theme the spans already tagged:
        // looked up, not scanned, so a long document costs linear time.
        let mut suggested: HashSet<(usize, usize, &str)> = HashSet::new();
        let tagged = TaggedSpans::new(ann);
        let text = doc.text.as_str();
        for turn in doc.turns() {
            for p in &turn.paragraphs {
                let para = &text[p.clone()];
                let sentences: Vec<(usize, &str)> = para.split_sentence_bound_indices().collect();
                for m in matcher.find_iter(para) {
                    let (s, e) = (m.start(), m.end());
                    let before = para[..s].chars().next_back();
                    let after = para[e..].chars().next();
                    if before.is_some_and(char::is_alphanumeric)
                        || after.is_some_and(char::is_alphanumeric)
                    {
                        continue;
                    }
                    let id = &self.themes[m.pattern().as_usize()];
                    if theme.is_some_and(|t| t != id) {
                        continue;
                    }
                    let Some(&(ss, sentence)) =
                        sentences.iter().rev().find(|(start, _)| *start <= s)
                    else {
                        continue;
                    };
                    let trimmed = sentence.trim_end();
                    let range = p.start + ss..p.start + ss + trimmed.len();
                    if dismissed.contains(&(range.start, id.clone()))
                        || tagged.overlaps(id, &range)
                        || !suggested.insert((range.start, range.end, id.as_str()))
                    {
                        continue;
                    }
                    out.push(Suggestion {
                        range,
                        theme: id.clone(),
                        keyword: p.start + s..p.start + e,
                    });
                }
            }
        }
        out.sort_by(|a, b| (a.range.start, &a.theme).cmp(&(b.range.start, &b.theme)));
        out
    }
}

/// The spans tagged with each theme (anchored tags only), sorted by start,
/// with the furthest end reached so far: whether a span overlaps a tag of
/// a theme is two binary searches, not a scan of every tag.
struct TaggedSpans<'a> {
    by_theme: HashMap<&'a str, ThemeSpans>,
}

/// Spans sorted by start, and the furthest end reached up to each.
type ThemeSpans = (Vec<(usize, usize)>, Vec<usize>);

impl<'a> TaggedSpans<'a> {
    fn new(ann: &'a Annotations) -> TaggedSpans<'a> {
        let mut by_theme: HashMap<&str, ThemeSpans> = HashMap::new();
        for t in ann.tags.iter().filter(|t| !t.orphaned) {
            for theme in &t.themes {
                by_theme
                    .entry(theme.as_str())
                    .or_default()
                    .0
                    .push((t.target.start, t.target.end));
            }
        }
        for (spans, max_end) in by_theme.values_mut() {
            spans.sort_unstable();
            let mut reach = 0;
            max_end.extend(spans.iter().map(|&(_, end)| {
                reach = reach.max(end);
                reach
            }));
        }
        TaggedSpans { by_theme }
    }

    /// Whether a tag of `theme` overlaps `range`.
    fn overlaps(&self, theme: &str, range: &Range<usize>) -> bool {
        let Some((spans, max_end)) = self.by_theme.get(theme) else {
            return false;
        };
        // Tags starting before the range ends; one of them overlaps when the
        // furthest end among them lies past the range's start.
        let upper = spans.partition_point(|&(start, _)| start < range.end);
        upper > 0 && max_end[upper - 1] > range.start
    }
}

/// The id of an automatic tag: derived from the document, the theme and
/// the span (with its quote), so that two people suggesting the same tag
/// make the same id and a merge keeps one.
pub fn auto_tag_id(doc: &Document, theme: &str, range: std::ops::Range<usize>) -> String {
    let quote = doc.text.get(range.clone()).unwrap_or_default();
    let key = format!(
        "{}\u{0}{theme}\u{0}{}\u{0}{}\u{0}{quote}",
        doc.id, range.start, range.end
    );
    format!("a-{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

/// A suggested tag accepted automatically, with its derived id.
pub fn new_auto_tag(
    doc: &Document,
    range: std::ops::Range<usize>,
    theme: &str,
    author: &str,
) -> Tag {
    let mut tag = new_tag(doc, range.clone(), vec![theme.to_string()], author);
    tag.id = auto_tag_id(doc, theme, range);
    tag
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ingest::{Ingest, sample};

    #[test]
    fn automatic_ids_derive_from_document_theme_and_span() {
        let doc = Document {
            id: "d".into(),
            text: "one two three".into(),
            ..Document::default()
        };
        let a = new_auto_tag(&doc, 0..3, "norms", "ana");
        let b = new_auto_tag(&doc, 0..3, "norms", "ben");
        assert_eq!(a.id, b.id);
        assert!(a.id.starts_with("a-"));
        assert_ne!(a.id, new_auto_tag(&doc, 0..3, "threats", "ana").id);
        assert_ne!(a.id, new_auto_tag(&doc, 4..7, "norms", "ana").id);
        let other = Document {
            id: "e".into(),
            ..doc.clone()
        };
        assert_ne!(a.id, new_auto_tag(&other, 0..3, "norms", "ana").id);
    }

    #[test]
    fn keywords_suggest_sentences() {
        let ingest = Ingest::new(&Config::default());
        let source = sample::sources()
            .into_iter()
            .find(|s| s.id.contains("meeting-9"))
            .unwrap();
        let doc = ingest.load_source(&source).unwrap();
        let ann = Annotations::new(&doc);
        let s = Suggester::new(&Codebook::default());
        let all = s.suggest(&doc, &ann, Some("institutional-dialogue"), &BTreeSet::new());
        assert!(!all.is_empty());
        for x in &all {
            assert_eq!(x.theme, "institutional-dialogue");
            let sentence = &doc.text[x.range.clone()];
            let kw = doc.text[x.keyword.clone()].to_ascii_lowercase();
            assert!(sentence.to_ascii_lowercase().contains(&kw));
        }
        assert!(all.iter().any(|x| doc.text[x.keyword.clone()] == *"POA"));
    }
}
