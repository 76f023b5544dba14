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
/// Only flat `key: value` / `key = value` fields are kept, their quoting
/// decoded: a double-quoted value with its escapes (`\_`, `\"`, `\u00e9`)
/// and a quoted or plain value that goes on over indented lines (as YAML
/// writers wrap a long title) are read whole. A fence that is never closed
/// is reported and the text read as body.
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
    let separator = if fence == "---" { ':' } else { '=' };
    let mut fields = BTreeMap::new();
    let body = &text[fence.len() + 1..];
    let lines: Vec<&str> = body.split('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_end() == fence {
            let fm_end: usize = lines[..=i].iter().map(|l| l.len() + 1).sum();
            return FrontMatter {
                fields,
                body_start: (fence.len() + 1 + fm_end).min(text.len()),
                body_line: i as u32 + 3,
            };
        }
        i += 1;
        let Some((key, value)) = line.split_once(separator) else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() || key.starts_with(['#', ' ', '-']) || line.starts_with([' ', '\t']) {
            continue;
        }
        // Lines that go on with the value: indented, before the fence.
        let more = lines[i..]
            .iter()
            .take_while(|l| l.starts_with([' ', '\t']) || l.trim().is_empty())
            .take_while(|l| l.trim_end() != fence)
            .count();
        let (decoded, used) = scalar(value.trim_start(), &lines[i..i + more]);
        i += used;
        fields.insert(key.to_string(), decoded);
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

/// A value as written after its key, with the lines that may go on with it:
/// the decoded value and how many of those lines it took.
fn scalar(value: &str, more: &[&str]) -> (String, usize) {
    let quote = match value.chars().next() {
        Some(q @ ('"' | '\'')) => q,
        _ => {
            // A plain value: indented lines go on with it, joined by spaces.
            let used = more.iter().take_while(|l| !l.trim().is_empty()).count();
            let mut joined = value.trim_end().to_string();
            for line in &more[..used] {
                joined.push(' ');
                joined.push_str(line.trim());
            }
            return (markdown_unescape(&joined), used);
        }
    };
    let mut raw = value[1..].to_string();
    let mut used = 0;
    while closing_quote(&raw, quote).is_none() && used < more.len() {
        raw.push('\n');
        raw.push_str(more[used]);
        used += 1;
    }
    let inner = match closing_quote(&raw, quote) {
        Some(end) => &raw[..end],
        // Never closed: the text as it stands.
        None => raw.as_str(),
    };
    let decoded = if quote == '"' {
        double_quoted(inner)
    } else {
        fold_lines(&inner.replace("''", "'"))
    };
    (decoded, used)
}

/// Where the closing quote of a quoted value is (`\"` escapes a double
/// quote, `''` a single one).
fn closing_quote(raw: &str, quote: char) -> Option<usize> {
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == '"' => i += 2,
            b'\'' if quote == '\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote as u8 => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// YAML's folding of a quoted value over lines: a line break between words
/// is a space, each empty line a line break, the indentation dropped.
fn fold_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            fold_break(&mut out, &mut chars);
        } else {
            out.push(c);
        }
    }
    out
}

/// At a line break inside a quoted value: the spaces around it go, and it
/// becomes a space (or the empty lines after it, line breaks).
fn fold_break(out: &mut String, chars: &mut std::iter::Peekable<std::str::Chars>) {
    let kept = out.trim_end_matches([' ', '\t']).len();
    out.truncate(kept);
    let mut blank = 0;
    loop {
        while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
        if chars.next_if_eq(&'\n').is_none() {
            break;
        }
        blank += 1;
    }
    if blank == 0 {
        out.push(' ');
    } else {
        out.extend(std::iter::repeat_n('\n', blank));
    }
}

/// A double-quoted YAML (or TOML basic) string: escapes decoded, a
/// backslash at a line's end joining the next line without a space, other
/// line breaks folded ([`fold_lines`]).
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => fold_break(&mut out, &mut chars),
            '\\' => {
                let Some(e) = chars.next() else {
                    out.push('\\');
                    break;
                };
                // An escaped character reaches the screen: never a
                // control character or a bidirectional override.
                let mut hex = |n: usize| {
                    let code: String = chars.by_ref().take(n).collect();
                    u32::from_str_radix(&code, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .filter(|c| !c.is_control() && !is_bidi_control(*c))
                };
                match e {
                    // An escaped line break: the next line joins, no space.
                    '\n' => while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {},
                    // Line breaks and tabs: a field is one line.
                    'n' | 't' | '\t' | 'N' | 'L' | 'P' => out.push(' '),
                    '_' => out.push('\u{a0}'),
                    'x' => out.extend(hex(2)),
                    'u' => out.extend(hex(4)),
                    'U' => out.extend(hex(8)),
                    // Other control characters (`\0`, `\e`, `\a`, ...).
                    '0' | 'a' | 'b' | 'e' | 'f' | 'r' | 'v' => {}
                    // `\"`, `\\`, `\/`, `\ ` and the rest: the character.
                    other => out.push(other),
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A bidirectional embedding, override or isolate (as decoding removes
/// them from the text).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Scraped plain values carry Markdown escapes ("Karine\_Jean-Pierre").
fn markdown_unescape(v: &str) -> String {
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

/// Words of an office before a name in a title ("Remarks by Permanent
/// Representative Vassily Nebenzia", "Interview with Foreign Minister ..."):
/// they say what the person is, not who.
const OFFICE_WORDS: &[&str] = &[
    "ambassador",
    "permanent",
    "representative",
    "deputy",
    "foreign",
    "minister",
    "secretary",
    "secretary-general",
    "under-secretary-general",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "president",
    "vice",
    "prime",
    "high",
    "commissioner",
    "special",
    "envoy",
    "acting",
    "director",
    "director-general",
    "senior",
    "official",
    "chargé",
    "d'affaires",
    "general",
    "of",
    "the",
    "state",
    "press",
    "h.e.",
    "mr.",
    "ms.",
    "mrs.",
    "dr.",
    "mr",
    "ms",
    "mrs",
    "dr",
];

/// The one person a title says the text is of ("Remarks to the Press by
/// Permanent Representative Vassily Nebenzia after ...", "Interview with
/// Ambassador Linda Thomas-Greenfield"): who answers a stakeout's `A:`.
/// `None` when the title names nobody, or more than one person.
pub fn person_in_title(title: &str) -> Option<String> {
    // Found in the title's own bytes: lower-casing may change the length
    // of what comes before ("İ"), and the offset must hold in `title`.
    let at = [" by ", " with "]
        .iter()
        .filter_map(|w| {
            title
                .as_bytes()
                .windows(w.len())
                .position(|b| b.eq_ignore_ascii_case(w.as_bytes()))
                .map(|i| i + w.len())
        })
        .min()?;
    // The capitalised run after "by": office and name, up to the first
    // word in lower case that is not "of" or "the", or punctuation.
    let mut run: Vec<&str> = Vec::new();
    for word in title[at..].split_whitespace() {
        let bare = word.trim_end_matches([',', ':', ';']);
        if matches!(bare, "and" | "&" | "And") {
            // "by Jen Psaki and Jared Bernstein": whose answers?
            return None;
        }
        let capital = bare.chars().next().is_some_and(char::is_uppercase);
        if !(capital || matches!(bare, "of" | "the")) || bare.starts_with('(') {
            break;
        }
        run.push(bare);
        if bare.len() != word.len() {
            break;
        }
    }
    let office = |w: &&str| OFFICE_WORDS.contains(&w.to_lowercase().as_str());
    let name_start = run.iter().rposition(office).map_or(0, |i| i + 1);
    let name = &run[name_start..];
    if name.is_empty()
        || name.len() > 4
        || !name.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        })
    {
        return None;
    }
    // "Secretary Blinken": a surname alone keeps its office.
    let from = if name.len() == 1 {
        name_start.checked_sub(1)?
    } else {
        name_start
    };
    Some(run[from..].join(" "))
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
    fn the_person_a_title_names() {
        let of = person_in_title;
        assert_eq!(
            of("Remarks to the Press by Permanent Representative Vassily Nebenzia after Security Council consultations").as_deref(),
            Some("Vassily Nebenzia")
        );
        assert_eq!(
            of("Interview with Ambassador Linda Thomas-Greenfield on CNN").as_deref(),
            Some("Linda Thomas-Greenfield")
        );
        assert_eq!(
            of("Press Availability by Secretary Blinken, May 3").as_deref(),
            Some("Secretary Blinken")
        );
        assert_eq!(of("Press Briefing by Jen Psaki and Jared Bernstein"), None);
        assert_eq!(of("Daily Press Briefing"), None);
        assert_eq!(of("Remarks by the President"), None);
        // Letters whose lower case is longer do not shift the offset.
        assert_eq!(
            of("İİİ Remarks By Ambassador Jane Doe").as_deref(),
            Some("Jane Doe")
        );
    }

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
        // `\_` in a double-quoted YAML string is a no-break space.
        assert_eq!(
            fm.fields["title"],
            "Press Briefing by Karine\u{a0}Jean-Pierre"
        );
        assert_eq!(fm.fields["date"], "2024-10-16");
        assert_eq!(&text[fm.body_start..], "Body");
        assert_eq!(fm.body_line, 5);
        assert!(w.is_empty());
    }

    #[test]
    fn quoted_values_over_lines_are_read_whole() {
        // As PyYAML wraps a long title (from the press briefings).
        let text = "---\ndate: '2024-10-08'\ntitle: \"White\\_House Press Call by Natalie Quillian, EPA Administrator\\\n  \\ Michael Regan, and a Senior Official Previewing the President Trip\\\n  \\ to\\_Wisconsin\"\ntags: press\n---\nBody";
        let mut w = Vec::new();
        let fm = front_matter(text, &mut w);
        assert_eq!(
            fm.fields["title"],
            "White\u{a0}House Press Call by Natalie Quillian, EPA Administrator Michael \
             Regan, and a Senior Official Previewing the President Trip to\u{a0}Wisconsin"
        );
        assert_eq!(fm.fields["tags"], "press");
        assert_eq!(&text[fm.body_start..], "Body");
        assert_eq!(fm.body_line, 8);
        let folded = "---\ntitle: 'It''s a long\n  title'\nplain: one\n  two\n---\n";
        let fm = front_matter(folded, &mut w);
        assert_eq!(fm.fields["title"], "It's a long title");
        assert_eq!(fm.fields["plain"], "one two");
        let fm = front_matter("---\ntitle: \"a\\\"b \\u00e9\\x41\"\n---\n", &mut w);
        assert_eq!(fm.fields["title"], "a\"b éA");
        // Escapes never make a control character or a bidi override.
        let fm = front_matter("---\ntitle: \"a\\x1b[31mb\\u202ec\\e\\nd\"\n---\n", &mut w);
        assert_eq!(fm.fields["title"], "a[31mbc d");
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
