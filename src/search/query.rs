//! The query language: words, `"exact phrases"`, `-excluded` atoms and the
//! filters `speaker:`, `theme:`, `agenda:` and `doc:`.
//!
//! ```text
//! query   = atom { space atom }
//! atom    = [ "-" ] ( filter | phrase | word )
//! filter  = ( "speaker" | "theme" | "agenda" | "doc" ) ":" ( phrase | word )
//! phrase  = '"' { any character but '"' } '"'
//! ```
//!
//! Every text is folded with [`crate::text::fold::fold_str`] when the query is
//! parsed, so matching is case- and diacritic-insensitive. A malformed query
//! gives a [`QueryError`] with the 1-based column (in characters) where it
//! goes wrong.

use std::fmt;

use crate::text::fold::fold_str;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Words and phrases, folded, in query order.
    pub terms: Vec<Term>,
    pub speakers: Vec<Filter>,
    pub themes: Vec<Filter>,
    pub agendas: Vec<Filter>,
    pub docs: Vec<Filter>,
}

/// A word or phrase to find in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Folded text; a phrase has its inner whitespace collapsed to one space.
    pub text: String,
    pub phrase: bool,
    /// `-word`: the turn must not contain it.
    pub negated: bool,
}

/// One `key:value` filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Folded value.
    pub value: String,
    pub negated: bool,
}

/// Where and why a query is malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// 1-based column, in characters.
    pub column: usize,
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "query, column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for QueryError {}

/// The filter keys.
pub const FILTERS: [&str; 4] = ["speaker", "theme", "agenda", "doc"];

impl Query {
    /// Parses a query.
    ///
    /// # Errors
    ///
    /// An unclosed quote, an empty phrase or filter value, a lone `-`, text
    /// glued to a closing quote, or an empty query.
    pub fn parse(input: &str) -> Result<Self, QueryError> {
        let chars: Vec<char> = input.chars().collect();
        let err = |at: usize, message: String| QueryError {
            column: at + 1,
            message,
        };
        let mut query = Query::default();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_whitespace() {
                i += 1;
                continue;
            }
            let atom_start = i;
            let negated = chars[i] == '-';
            if negated {
                i += 1;
                if i == chars.len() || chars[i].is_whitespace() {
                    return Err(err(
                        atom_start,
                        "`-` must be followed by what to exclude".into(),
                    ));
                }
            }
            // A filter key?
            let word_end = (i..chars.len())
                .find(|&j| chars[j].is_whitespace() || chars[j] == '"')
                .unwrap_or(chars.len());
            let colon = (i..word_end).find(|&j| chars[j] == ':');
            let key: Option<String> = colon.and_then(|c| {
                let key: String = chars[i..c].iter().collect::<String>().to_ascii_lowercase();
                FILTERS.contains(&key.as_str()).then_some(key)
            });
            if let (Some(key), Some(colon)) = (key, colon) {
                let value_start = colon + 1;
                let (value, next) = if chars.get(value_start) == Some(&'"') {
                    let (v, next) = quoted(&chars, value_start)?;
                    (v, next)
                } else {
                    let end = (value_start..chars.len())
                        .find(|&j| chars[j].is_whitespace())
                        .unwrap_or(chars.len());
                    (chars[value_start..end].iter().collect::<String>(), end)
                };
                let value = collapse(&fold_str(&value));
                if value.is_empty() {
                    return Err(err(
                        value_start,
                        format!("`{key}:` needs a value, as in {key}:{}", example(&key)),
                    ));
                }
                let filter = Filter { value, negated };
                match key.as_str() {
                    "speaker" => query.speakers.push(filter),
                    "theme" => query.themes.push(filter),
                    "agenda" => query.agendas.push(filter),
                    _ => query.docs.push(filter),
                }
                i = next;
            } else if chars[i] == '"' {
                let (text, next) = quoted(&chars, i)?;
                let text = collapse(&fold_str(&text));
                if text.is_empty() {
                    return Err(err(i, "empty phrase \"\"".into()));
                }
                query.terms.push(Term {
                    text,
                    phrase: true,
                    negated,
                });
                i = next;
            } else {
                let text: String = chars[i..word_end].iter().collect();
                if word_end < chars.len() && chars[word_end] == '"' {
                    return Err(err(
                        word_end,
                        "a quote inside a word: put a space before the phrase".into(),
                    ));
                }
                query.terms.push(Term {
                    text: fold_str(&text),
                    phrase: false,
                    negated,
                });
                i = word_end;
            }
        }
        if query.is_empty() {
            return Err(err(
                0,
                "empty query: give words, a \"phrase\" or a filter".into(),
            ));
        }
        Ok(query)
    }

    /// Whether the query has no atom at all.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
            && self.speakers.is_empty()
            && self.themes.is_empty()
            && self.agendas.is_empty()
            && self.docs.is_empty()
    }

    /// The words and phrases that must occur.
    pub fn positive_terms(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| !t.negated)
    }

    /// Whether the query needs each turn's speaker, agenda item or tags
    /// (besides the text).
    pub fn needs_turns(&self) -> bool {
        !self.speakers.is_empty() || !self.themes.is_empty() || !self.agendas.is_empty()
    }

    /// Whether the document id passes the `doc:` filters.
    pub fn accepts_doc(&self, id: &str) -> bool {
        if self.docs.is_empty() {
            return true;
        }
        let id = fold_str(id);
        self.docs
            .iter()
            .all(|f| doc_matches(&f.value, &id) != f.negated)
    }
}

fn example(key: &str) -> &'static str {
    match key {
        "speaker" => "egypt",
        "theme" => "capacity-building",
        "agenda" => "\"institutional dialogue\"",
        _ => "oewg*",
    }
}

/// Reads a quoted string starting at the `"` at `start`; returns it and the
/// index after the closing quote.
fn quoted(chars: &[char], start: usize) -> Result<(String, usize), QueryError> {
    let close = (start + 1..chars.len()).find(|&j| chars[j] == '"');
    let Some(close) = close else {
        return Err(QueryError {
            column: start + 1,
            message: "unclosed quote: this `\"` has no closing `\"`".into(),
        });
    };
    if let Some(&c) = chars.get(close + 1)
        && !c.is_whitespace()
    {
        return Err(QueryError {
            column: close + 2,
            message: "put a space after the closing quote".into(),
        });
    }
    Ok((chars[start + 1..close].iter().collect(), close + 1))
}

/// Collapses runs of whitespace to one space and trims.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `doc:` matching on a folded id: a glob with `*` and `?` over the whole id;
/// without wildcards, the id itself or a folder holding it.
pub fn doc_matches(pattern: &str, id: &str) -> bool {
    if pattern.contains(['*', '?']) {
        glob(pattern.as_bytes(), id.as_bytes())
    } else {
        id == pattern
            || id
                .strip_prefix(pattern.trim_end_matches('/'))
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// Glob matching with `*` (any run) and `?` (one byte, or one character's
/// worth of UTF-8 continuation bytes).
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            if pattern[p] == b'?' {
                t += 1;
                while t < text.len() && text[t] & 0xC0 == 0x80 {
                    t += 1;
                }
            } else {
                t += 1;
            }
            p += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

/// Whether `needle` occurs in `hay` (both folded) as whole words: not
/// preceded or followed by a letter or digit.
pub fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(at) = hay[from..].find(needle) {
        let start = from + at;
        let end = start + needle.len();
        let before = hay[..start].chars().next_back();
        let after = hay[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &Query) -> Vec<(&str, bool, bool)> {
        q.terms
            .iter()
            .map(|t| (t.text.as_str(), t.phrase, t.negated))
            .collect()
    }

    #[test]
    fn parses_every_kind_of_atom() {
        let q = Query::parse(
            r#"Türkiye "Program  of Action" -POA speaker:egypt theme:capacity-building agenda:"Institutional Dialogue" doc:oewg* -speaker:chair"#,
        )
        .unwrap();
        assert_eq!(
            words(&q),
            [
                ("turkiye", false, false),
                ("program of action", true, false),
                ("poa", false, true)
            ]
        );
        assert_eq!(q.speakers.len(), 2);
        assert_eq!(q.speakers[0].value, "egypt");
        assert!(q.speakers[1].negated);
        assert_eq!(q.themes[0].value, "capacity-building");
        assert_eq!(q.agendas[0].value, "institutional dialogue");
        assert_eq!(q.docs[0].value, "oewg*");
    }

    #[test]
    fn unknown_keys_are_words() {
        let q = Query::parse("10:00 https://x").unwrap();
        assert_eq!(words(&q)[0].0, "10:00");
        assert_eq!(words(&q)[1].0, "https://x");
        assert!(q.speakers.is_empty());
        // Keys ignore case.
        assert_eq!(Query::parse("Speaker:France").unwrap().speakers.len(), 1);
    }

    #[test]
    fn errors_say_where() {
        let e = Query::parse(r#"france "program of"#).unwrap_err();
        assert_eq!(e.column, 8);
        assert!(e.message.contains("unclosed quote"), "{e}");
        let e = Query::parse("france speaker:").unwrap_err();
        assert_eq!(e.column, 16);
        let e = Query::parse("a - b").unwrap_err();
        assert_eq!(e.column, 3);
        let e = Query::parse(r#"a """#).unwrap_err();
        assert_eq!(e.column, 3);
        let e = Query::parse(r#""a"b"#).unwrap_err();
        assert_eq!(e.column, 4);
        let e = Query::parse(r#"ab"c d""#).unwrap_err();
        assert_eq!(e.column, 3);
        let e = Query::parse("   ").unwrap_err();
        assert_eq!(e.column, 1);
        // Columns count characters, not bytes.
        let e = Query::parse(r#"Türkiye ""#).unwrap_err();
        assert_eq!(e.column, 9);
        assert_eq!(e.to_string(), format!("query, column 9: {}", e.message));
    }

    #[test]
    fn doc_globs() {
        assert!(doc_matches("oewg*", "oewg-2021-25/session-2/meeting-9"));
        assert!(!doc_matches("oewg*", "press/oewg"));
        assert!(doc_matches("*meeting-?", "oewg/session-2/meeting-9"));
        assert!(doc_matches("oewg", "oewg/a"));
        assert!(doc_matches("oewg/a", "oewg/a"));
        assert!(!doc_matches("oew", "oewg/a"));
        assert!(doc_matches("*é*", "café"));
        assert!(doc_matches("caf?", "café"));
    }

    #[test]
    fn whole_word_containment() {
        assert!(contains_words("islamic republic of iran", "iran"));
        assert!(!contains_words("nigeria", "niger"));
        assert!(contains_words("niger", "niger"));
        assert!(contains_words("united states of america", "united states"));
    }
}
