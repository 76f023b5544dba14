//! The head of a document: front matter (YAML `---` or TOML `+++`), the title,
//! the kind of document and, for statements and submissions, their authors.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::model::{DocumentKind, Role, Warning};

use super::registry::Registry;
use super::speakers::Named;

/// Front matter found at the top of a document.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    pub fields: BTreeMap<String, String>,
    /// Byte offset where the body starts (after the closing fence).
    pub body_start: usize,
    /// Line number of the body's first line.
    pub body_line: u32,
}

/// Reads YAML (`---`) or TOML (`+++`) front matter at the start of `text`.
/// Only flat `key: value` / `key = value` fields are kept; a fence that is
/// never closed is reported and the text read as body.
pub fn front_matter(text: &str, warnings: &mut Vec<Warning>) -> FrontMatter {
    let fence = if text.starts_with("---\n") {
        "---"
    } else if text.starts_with("+++\n") {
        "+++"
    } else {
        return FrontMatter {
            body_line: 1,
            ..Default::default()
        };
    };
    let mut fields = BTreeMap::new();
    let mut offset = fence.len() + 1;
    for (line_no, line) in (2u32..).zip(text[offset..].split('\n')) {
        if line.trim_end() == fence {
            return FrontMatter {
                fields,
                body_start: (offset + line.len() + 1).min(text.len()),
                body_line: line_no + 1,
            };
        }
        let separator = if fence == "---" { ':' } else { '=' };
        if let Some((key, value)) = line.split_once(separator) {
            let key = key.trim();
            if !key.is_empty()
                && !key.starts_with(['#', ' ', '-'])
                && !line.starts_with([' ', '\t'])
            {
                fields.insert(key.to_string(), unquote(value.trim()));
            }
        }
        offset += line.len() + 1;
        if offset > text.len() {
            break;
        }
    }
    warnings.push(Warning::new(
        1,
        format!("front matter opened with `{fence}` is never closed; read as text"),
    ));
    FrontMatter {
        body_line: 1,
        ..Default::default()
    }
}

fn unquote(value: &str) -> String {
    let v = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value);
    // Scraped titles carry Markdown escapes ("Karine\_Jean-Pierre").
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}

/// What the first lines say a document is, and for whom.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeaderFacts {
    pub kind: Option<DocumentKind>,
    /// Authors as registry indices, in the order named, without repeats.
    pub authors: Vec<usize>,
    /// The person named in "Statement by Mrs. Anne Gueguen, ...".
    pub person: Option<String>,
}

/// Reads the kind and authors from a header line such as "Statement by Mrs.
/// Anne Gueguen, Deputy Permanent Representative of France", "Joint statement
/// by the French and German ministers" or "Submission by France, Egypt, ...".
pub fn header_facts(line: &str, registry: &Registry) -> HeaderFacts {
    let lower = line.to_lowercase();
    let [submission, statement, transcript] = &*HEADER_PHRASES;
    let (kind, after) = if let Some(i) = find_phrase(&lower, submission) {
        (DocumentKind::Submission, i)
    } else if let Some(i) = find_phrase(&lower, statement) {
        (DocumentKind::Statement, i)
    } else if find_phrase(&lower, transcript).is_some() {
        return HeaderFacts {
            kind: Some(DocumentKind::Transcript),
            ..Default::default()
        };
    } else {
        return HeaderFacts::default();
    };
    let named = &line[line.ceil_char_boundary(after.min(line.len()))..];
    let mut authors = Vec::new();
    for m in registry.mentions(named) {
        if !authors.contains(&m.entry) {
            authors.push(m.entry);
        }
    }
    let person = person_before_comma(named);
    HeaderFacts {
        kind: Some(kind),
        authors,
        person,
    }
}

/// Notes a transcript service or a mission puts at the top, not spoken:
/// caption disclaimers, "check against delivery", "unofficial transcript".
const HEADER_NOTES: &[&str] = &[
    "captioning",
    "rough draft format",
    "rough-draft format",
    "not be a totally verbatim record",
    "authoritative record",
    "not an official record",
    "unofficial transcript",
    "check against delivery",
    "as delivered",
    "la version prononcée fait foi",
    "seul le prononcé fait foi",
    "cotejar con el discurso pronunciado",
    "official records",
    "called to order",
    "disclaimer",
    "speakers:",
    "keywords:",
];

/// Whether a paragraph at the top of a document is a note of the
/// transcript service or the record, not speech.
pub fn is_header_note(paragraph: &str) -> bool {
    paragraph.len() <= 1200 && NOTES_AND_MONTHS[0].is_match(paragraph)
}

/// [`HEADER_NOTES`] and [`MONTHS`] as matchers, ignoring ASCII case: every
/// document's first paragraphs are searched for them.
static NOTES_AND_MONTHS: std::sync::LazyLock<[AhoCorasick; 2]> = std::sync::LazyLock::new(|| {
    let build = |words: &[&str]| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(words)
            .expect("header words build")
    };
    [build(HEADER_NOTES), build(MONTHS)]
});

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may ",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai ",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// Whether a line names a date with its year ("Geneva, 7 June 2017",
/// "September 6, 2013"): a dateline or byline of the header.
pub fn names_a_date(line: &str) -> bool {
    let b = line.as_bytes();
    let year = b.windows(4).enumerate().any(|(i, w)| {
        w.iter().all(u8::is_ascii_digit)
            && matches!(&w[..2], b"19" | b"20")
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
    });
    year && NOTES_AND_MONTHS[1].is_match(line)
}

/// Byte offset just after the first of `phrases` found in `lower` (the
/// longest, where several start there).
fn find_phrase(lower: &str, phrases: &AhoCorasick) -> Option<usize> {
    phrases.find(lower).map(|m| m.end())
}

/// The phrases of a header line that name a submission, a statement (in
/// English, French and Spanish) and a transcript, each group one matcher:
/// every header line of every document is searched for them.
static HEADER_PHRASES: std::sync::LazyLock<[AhoCorasick; 3]> = std::sync::LazyLock::new(|| {
    let build = |phrases: &[&str]| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(phrases)
            .expect("header phrases build")
    };
    [
        build(&[
            "submission by",
            "working paper by",
            "proposal by",
            "non-paper by",
            "submitted by",
        ]),
        build(&[
            "joint statement by",
            "statement by",
            "remarks by",
            "speech by",
            "intervention by",
            "statement of",
            "address by",
            "intervention du",
            "intervention de",
            "déclaration du",
            "déclaration de",
            "allocution du",
            "allocution de",
            "intervención del",
            "intervención de",
            "declaración del",
            "declaración de",
            "discurso del",
            "discurso de",
        ]),
        build(&[
            "transcript",
            "verbatim record",
            "provisional record",
            "summary record",
            "press briefing",
            "press call",
            "press gaggle",
        ]),
    ]
});

/// "Mrs. Anne Gueguen, Deputy ..." → "Mrs. Anne Gueguen".
fn person_before_comma(named: &str) -> Option<String> {
    let head = named.trim().split(',').next()?.trim();
    let words: Vec<&str> = head.split_whitespace().collect();
    let honorific = [
        "Mr.",
        "Mrs.",
        "Ms.",
        "Mr",
        "Mrs",
        "Ms",
        "Dr.",
        "H.E.",
        "Ambassador",
        "Minister",
    ];
    (words.len() >= 2 && words.len() <= 6 && honorific.contains(&words[0]))
        .then(|| head.to_string())
}

/// The person an editor's note says a transcript is of: "The following is
/// a near-verbatim transcript of today's noon briefing by Farhan Haq,
/// Deputy Spokesman for the Secretary-General." gives Farhan Haq, an
/// official. The name is the two to five capitalised words after the last
/// "by", up to a comma.
pub fn briefer(paragraph: &str) -> Option<Named> {
    if paragraph.len() > 400 {
        return None;
    }
    let lower = paragraph.to_lowercase();
    let at = lower.find("transcript of")?;
    let by = at + lower[at..].find(" by ")? + " by ".len();
    let rest = &paragraph[by..];
    let name = rest[..rest.find([',', '.', ';', '(']).unwrap_or(rest.len())].trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let name_like = (2..=5).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        });
    if !name_like || words[0].eq_ignore_ascii_case("the") {
        return None;
    }
    let mut named = Named::person(name);
    named.role = Role::Official;
    Some(named)
}

/// Authors listed in a sentence of an article ("Australia, Belgium, ... and
/// the United States signed a joint statement"): at least two registry
/// names in a sentence that speaks of a statement.
pub fn listed_authors(paragraph: &str, registry: &Registry) -> Vec<usize> {
    for sentence in paragraph.split_inclusive(['.', '!', '?']) {
        let lower = sentence.to_lowercase();
        if !(lower.contains("statement")
            || lower.contains("signed")
            || lower.contains("submission"))
        {
            continue;
        }
        let mut authors = Vec::new();
        for m in registry.mentions(sentence) {
            if !m.adjective && !authors.contains(&m.entry) {
                authors.push(m.entry);
            }
        }
        if authors.len() >= 2 {
            return authors;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_editors_note_names_the_briefer() {
        let note = "The following is a near-verbatim transcript of today’s noon briefing by \
                    Farhan Haq, Deputy Spokesman for the Secretary-General.";
        let named = briefer(note).unwrap();
        assert_eq!(named.speaker, "Farhan Haq");
        assert_eq!(named.role, Role::Official);
        assert_eq!(
            briefer("A transcript of the debate by the Committee."),
            None
        );
        assert_eq!(briefer("Statement by Farhan Haq, Deputy Spokesman."), None);
    }

    #[test]
    fn yaml_front_matter_gives_fields_and_body() {
        let text =
            "---\ndate: '2024-10-16'\ntitle: \"Press Briefing by Karine\\_Jean-Pierre\"\n---\nBody";
        let mut w = Vec::new();
        let fm = front_matter(text, &mut w);
        assert_eq!(fm.fields["title"], "Press Briefing by Karine_Jean-Pierre");
        assert_eq!(fm.fields["date"], "2024-10-16");
        assert_eq!(&text[fm.body_start..], "Body");
        assert_eq!(fm.body_line, 5);
        assert!(w.is_empty());
    }

    #[test]
    fn toml_front_matter_and_unclosed_fences() {
        let mut w = Vec::new();
        let fm = front_matter("+++\ntitle = \"T\"\n+++\nx", &mut w);
        assert_eq!(fm.fields["title"], "T");
        let fm = front_matter("---\ntitle: T\nno end", &mut w);
        assert_eq!(fm.body_start, 0);
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn statement_headers_name_kind_person_and_authors() {
        let r = Registry::builtin();
        let facts = header_facts(
            "Statement by Mrs. Anne Gueguen, Deputy Permanent Representative of France to the United Nations",
            &r,
        );
        assert_eq!(facts.kind, Some(DocumentKind::Statement));
        assert_eq!(facts.person.as_deref(), Some("Mrs. Anne Gueguen"));
        let names: Vec<_> = facts
            .authors
            .iter()
            .map(|i| r.entry(*i).name.as_str())
            .collect();
        assert_eq!(names, ["France"]);
        let joint = header_facts(
            "Joint statement by the French and German ministers for Foreign Affairs",
            &r,
        );
        let names: Vec<_> = joint
            .authors
            .iter()
            .map(|i| r.entry(*i).name.as_str())
            .collect();
        assert_eq!(names, ["France", "Germany"]);
    }
}
