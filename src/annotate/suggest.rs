//! Suggestions: the sentences where a theme's keywords occur (whole words,
//! ignoring case) and no tag of that theme is yet.

use std::collections::BTreeSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use unicode_segmentation::UnicodeSegmentation;

use super::{Annotations, Codebook};
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
                        || out.iter().any(|x| x.range == range && &x.theme == id)
                    {
                        continue;
                    }
                    let tagged = ann.tags.iter().any(|t| {
                        !t.orphaned
                            && t.themes.iter().any(|x| x == id)
                            && t.target.start < range.end
                            && range.start < t.target.end
                    });
                    if tagged {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ingest::{Ingest, sample};

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
