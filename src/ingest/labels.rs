//! Label shapes a document has to confirm, or that say nothing of who
//! speaks: a name in mixed case before a colon ("Regina:"), a summary
//! record's "3. Mr. X (Finland) said that ...", a machine transcript's
//! "Speaker 1:". [`super::speakers`] tries them after the sure shapes;
//! [`super::inventory`] decides on the candidates.

use crate::model::Role;

use super::registry::Registry;
use super::speakers::{
    CHAIR_TITLES, Named, OFFICIAL_TITLES, Prefix, is_honorific, is_name_word, skip_blanks,
    title_case,
};

/// A machine transcript's placeholder: `Speaker 1:`, `SPEAKER 2:`,
/// `[Speaker A]`, `Speaker B:`, `Unknown Speaker:`.
pub(super) fn diarised(p: &str) -> Option<Prefix> {
    let bracket = p.starts_with('[');
    let inner = if bracket { &p[1..] } else { p };
    let word_len = ["Speaker", "SPEAKER", "Unknown Speaker", "UNKNOWN SPEAKER"]
        .iter()
        .find(|w| inner.starts_with(**w))
        .map(|w| w.len())?;
    let after_word = &inner[word_len..];
    let id_len = after_word
        .strip_prefix(' ')
        .map(|r| r.bytes().take_while(u8::is_ascii_alphanumeric).count())
        .filter(|n| (1..=2).contains(n))
        .map_or(0, |n| n + 1);
    if word_len <= "SPEAKER".len() && id_len == 0 {
        return None;
    }
    let label = &inner[..word_len + id_len];
    let rest = &inner[word_len + id_len..];
    let rest = if bracket {
        rest.strip_prefix(']')?
    } else {
        rest.strip_prefix(':')?
    };
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    if !rest.chars().next().is_none_or(char::is_whitespace) {
        return None;
    }
    let mut prefix = Prefix::sure(
        Named {
            speaker: title_case(label),
            person: None,
            role: Role::Unknown,
            entry: None,
        },
        skip_blanks(p, p.len() - rest.len()),
    );
    prefix.placeholder = true;
    Some(prefix)
}

/// A label with the time it was said, as machine transcripts write it:
/// `General Pat Ryder (00:00):`, `Speaker 1 (00:11):`, `Name (1:02:33):`,
/// and without a colon, alone on its line or run into the text:
/// `Andy (00:21.138) Hello, ...`, `Name 00:01:12`. The first colon is the
/// clock's, so this is tried before the other label shapes. Without a
/// colon it is a candidate for the document's inventory: the shape must
/// recur. A `Speaker N` label is a placeholder, as in [`diarised`].
pub(super) fn timed_label(p: &str) -> Option<Prefix> {
    let head = &p[..p.floor_char_boundary(p.len().min(64))];
    let (name_end, after_clock) = if let Some(open) = memchr::memchr(b'(', head.as_bytes()) {
        let len = clock_len(&p[open + 1..]);
        if len == 0 || p.as_bytes().get(open + 1 + len) != Some(&b')') {
            return None;
        }
        (open, open + len + 2)
    } else {
        // "Name 00:01:12": the clock after the name's last blank, then the
        // end of the line, within the first 64 bytes (every line is asked).
        let line_end = match memchr::memchr(b'\n', head.as_bytes()) {
            Some(end) => end,
            None if p.len() == head.len() => p.len(),
            None => return None,
        };
        let line = p[..line_end].trim_end();
        if !line.as_bytes().last().is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let blank = line.rfind(' ')?;
        let len = clock_len(&line[blank + 1..]);
        if len == 0 || !line[blank + 1 + len..].trim().is_empty() || !line.contains(':') {
            return None;
        }
        (blank, blank + 1 + len)
    };
    let (colon, rest) = match p[after_clock..].strip_prefix(':') {
        Some(rest) => (true, rest),
        None => (false, &p[after_clock..]),
    };
    if !rest.chars().next().is_none_or(char::is_whitespace) {
        return None;
    }
    let name = p[..name_end].trim_end();
    let words = name.split_whitespace().count();
    if !(1..=5).contains(&words)
        || !name
            .split_whitespace()
            .all(|w| is_name_word(w) || w.bytes().all(|c| c.is_ascii_alphanumeric()))
        || !name.starts_with(char::is_uppercase)
    {
        return None;
    }
    // What a label opens starts a sentence: "The meeting (10:00): an
    // agenda" is a heading.
    let said = rest.trim_start();
    if said.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    let body = p.len() - said.len();
    if let Some(mut placeholder) = diarised(&format!("{name}:")) {
        placeholder.body = body;
        return Some(placeholder);
    }
    let mut prefix = Prefix::sure(Named::person(name), body);
    prefix.candidate = !colon;
    Some(prefix)
}

/// Length of a clock at the start of `s`: `00:21.138`, `1:02:33`, `00:05`
/// (one or two digits, then one or two groups of two after colons, then
/// perhaps a fraction); 0 if there is none.
pub(super) fn clock_len(s: &str) -> usize {
    let b = s.as_bytes();
    let digits = |from: usize| {
        b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let first = digits(0);
    if !(1..=2).contains(&first) {
        return 0;
    }
    let mut i = first;
    let mut groups = 0;
    while groups < 2 && b.get(i) == Some(&b':') && digits(i + 1) == 2 {
        i += 3;
        groups += 1;
    }
    if groups == 0 {
        return 0;
    }
    if b.get(i) == Some(&b'.') && digits(i + 1) > 0 {
        i += 1 + digits(i + 1);
    }
    if b.get(i).is_some_and(u8::is_ascii_digit) {
        return 0;
    }
    i
}

/// The role of a label that names a part at a press briefing rather than a
/// person: the journalists' ("Question", "Reporter", "Correspondent") or
/// the official's ("Spokesperson", "Deputy Spokesman").
pub(super) fn press_role(head: &str) -> Option<Role> {
    const PRESS: &[&str] = &["question", "reporter", "correspondent", "journalist"];
    const OFFICIAL: &[&str] = &[
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "deputy spokesperson",
        "deputy spokesman",
        "deputy spokeswoman",
        "associate spokesperson",
        "associate spokesman",
        "answer",
    ];
    if one_of(head, PRESS) {
        Some(Role::Press)
    } else if one_of(head, OFFICIAL) {
        Some(Role::Official)
    } else {
        None
    }
}

/// Words that open a line ending in a colon but name no speaker.
pub(super) const NOT_SPEAKERS: &[&str] = &[
    "note",
    "update",
    "editor's note",
    "watch",
    "read more",
    "disclaimer",
    "source",
    "sources",
    "keywords",
    "speakers",
    "summary",
    "transcript",
    "agenda",
    "date",
    "time",
    "location",
    "venue",
    "subject",
    "topic",
    "title",
    "participants",
    "present",
    "attendees",
    "moderated by",
    "services provided by",
    "background",
    "related",
    "tags",
    // The keys of a UN video shot list (Unifeed): "STORY:", "TRT: 2.46".
    "story",
    "trt",
    "restrictions",
    "language",
    "dateline",
    "shotlist",
    "storyline",
];

/// Words that open an address to the chair ("Señor Presidente:",
/// "Monsieur le Président :"), which ends in a colon but is no label.
const ADDRESSES: &[&str] = &[
    "señor",
    "señora",
    "senor",
    "senora",
    "sr.",
    "sra.",
    "monsieur",
    "madame",
    "madam",
    "mister",
    "dear",
    "distinguished",
    "excellencies",
    "excellency",
    "honourable",
    "honorable",
    "estimado",
    "estimada",
    "excelentísimo",
    "excelentísima",
];

/// Whether `word` is one of the lower-case `words`, ignoring case.
fn one_of(word: &str, words: &[&str]) -> bool {
    if word.is_ascii() {
        words.iter().any(|w| w.eq_ignore_ascii_case(word))
    } else {
        let lower = word.to_lowercase();
        words.contains(&lower.as_str())
    }
}

/// `Regina:`, `Jean-Paul Adam:`, `Bill:` — a name in mixed case before a
/// colon. Sentences and headings end in colons too ("The following points
/// were agreed:"), so this is a candidate for the document's inventory.
pub(super) fn name_prefix(p: &str, colon: usize, registry: &Registry) -> Option<Prefix> {
    let label = p[..colon].trim_end();
    // "El C. Consejero Presidente Provisional, Doctor Lorenzo Córdova
    // Vianello:": who, then a name or title, each name-like; the speaker is
    // the part before the comma, as later labels repeat it.
    let (head, title) = match label.split_once(", ") {
        Some((head, title)) if label.len() <= 96 => (head, Some(title)),
        _ => (label, None),
    };
    if head.is_empty() || head.len() > 48 {
        return None;
    }
    let after = &p[colon + 1..];
    if !after.chars().next().is_none_or(char::is_whitespace) {
        return None;
    }
    // What a label opens starts a sentence; "Lebanon: we follow it" quotes.
    let said = after.trim_start_matches(crate::model::is_blank_char);
    if said.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    let body = skip_blanks(p, colon + 1);
    // "Question:", "Spokesperson:": who asks and who answers at a UN
    // briefing, labels in any document.
    if let Some(role) = press_role(head) {
        return Some(Prefix::sure(Named::titled(head, role), body));
    }
    // "Egypt:": a delegation named by the registry, a label unless the
    // document labels its speakers another way.
    if let Some(i) = registry.lookup(head) {
        let mut prefix = Prefix::sure(Named::entry(registry, i), body);
        prefix.candidate = true;
        return Some(prefix);
    }
    if let Some(named) = super::speakers::organisation_and_person(head, registry) {
        return Some(Prefix::sure(named, body));
    }
    let words: Vec<&str> = head.split_whitespace().collect();
    if words.is_empty() || words.len() > if title.is_some() { 6 } else { 4 } {
        return None;
    }
    if one_of(head, NOT_SPEAKERS) || one_of(words[0], NOT_SPEAKERS) || one_of(words[0], ADDRESSES) {
        return None;
    }
    let particle = |w: &str| {
        matches!(
            w,
            "de" | "da" | "del" | "van" | "von" | "al" | "el" | "la" | "le" | "bin" | "ben"
        )
    };
    let name_like = |words: &[&str]| {
        words.iter().enumerate().all(|(i, w)| {
            (i > 0 && i + 1 < words.len() && particle(w))
                || (w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().all(|c| {
                        c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.' | '\u{2011}')
                    }))
        })
    };
    if !name_like(&words) {
        return None;
    }
    if let Some(title) = title {
        let title: Vec<&str> = title.split_whitespace().collect();
        if title.is_empty() || title.len() > 6 || !name_like(&title) {
            return None;
        }
    }
    Some(Prefix {
        named: Named {
            speaker: head.to_string(),
            person: Some(head.to_string()),
            role: Role::Unknown,
            entry: None,
        },
        body,
        candidate: true,
        placeholder: false,
    })
}

/// Verbs a summary record reports a speaker with ("Mr. X (Finland) said
/// that ..."); any other past tense in -ed counts too.
const REPORTING_VERBS: &[&str] = &[
    "said",
    "asked",
    "stated",
    "noted",
    "stressed",
    "recalled",
    "suggested",
    "proposed",
    "agreed",
    "expressed",
    "welcomed",
    "added",
    "observed",
    "emphasized",
    "emphasised",
    "requested",
    "endorsed",
    "supported",
    "thought",
    "felt",
    "explained",
    "replied",
    "drew",
    "made",
    "took",
    "spoke",
    "began",
    "introduced",
    "urged",
    "considered",
    "pointed",
    "underlined",
    "reiterated",
    "wished",
    "hoped",
    "believed",
    "announced",
];

/// A summary record's paragraph: "3. Mr. Taalas (Finland), speaking on
/// behalf of the European Union, endorsed the request.", "1. The CHAIRMAN
/// asked ...", "Ms. WICKRAMANAYAKE, referencing ..., said that". The speaker's
/// name is part of the narration, so the spoken text is the whole paragraph
/// after its number. Numbered, or the name in capitals, as summary records
/// write them; a candidate for the document's inventory.
pub fn summary_prefix(p: &str, registry: &Registry) -> Option<Prefix> {
    let start = super::speakers::paragraph_number_len(p);
    let numbered = start > 0;
    let rest = &p[start..];
    // Unnumbered, the name after the first word is in capitals ("Mr.
    // NASSER", "The CHAIRMAN"): most paragraphs fail here, cheaply.
    if !numbered {
        let second = rest.find(' ').map(|i| &rest.as_bytes()[i + 1..]);
        if !second
            .is_some_and(|w| w.len() > 1 && w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase())
        {
            return None;
        }
    }
    let mut words = rest.split_whitespace();
    let first = words.next()?;
    let reports = |w: Option<&str>| {
        w.is_some_and(|w| {
            let w = w.trim_end_matches([',', '.', ';']);
            REPORTING_VERBS.contains(&w)
                || (w.len() > 4 && w.ends_with("ed") && w.chars().all(|c| c.is_ascii_lowercase()))
        })
    };
    if first == "The" {
        let title = words.next()?;
        let titled = title_case(title);
        let chair = CHAIR_TITLES.contains(&titled.as_str());
        if !(chair || OFFICIAL_TITLES.contains(&titled.as_str())) || !reports(words.next()) {
            return None;
        }
        let caps = title.chars().all(|c| !c.is_lowercase());
        if !(numbered || caps) {
            return None;
        }
        return Some(Prefix {
            named: Named {
                speaker: format!("The {titled}"),
                person: None,
                role: if chair {
                    Role::Chair
                } else {
                    Role::Secretariat
                },
                entry: None,
            },
            body: start,
            candidate: true,
            placeholder: false,
        });
    }
    if !is_honorific(first) {
        return None;
    }
    // The name: capitalised words up to "(", "," or a lower-case word,
    // within the paragraph's first words.
    let after_first = &rest[first.len()..];
    let after_first = &after_first[..after_first.floor_char_boundary(160)];
    // The first word in lower case ends the name too ("Mr. NASSER recalled").
    let lower_word = after_first
        .char_indices()
        .find(|&(i, c)| c.is_lowercase() && (i == 0 || after_first[..i].ends_with(' ')))
        .map_or(after_first.len(), |(i, _)| i);
    let name_end = after_first
        .find(['(', ','])
        .unwrap_or(after_first.len())
        .min(lower_word);
    if name_end > 60 {
        return None;
    }
    let name = after_first[..name_end].trim();
    let name_words: Vec<&str> = name.split_whitespace().collect();
    if name_words.is_empty() || name_words.len() > 4 || !name_words.iter().all(|w| is_name_word(w))
    {
        return None;
    }
    let caps = name_words.iter().any(|w| {
        w.chars().filter(|c| c.is_alphabetic()).count() > 1 && w.chars().all(|c| !c.is_lowercase())
    });
    if !(numbered || caps) {
        return None;
    }
    let mut tail = after_first[name_end..].trim_start();
    let mut country = None;
    if let Some(inner) = tail.strip_prefix('(') {
        let close = inner.find(')')?;
        country = Some(&inner[..close]);
        tail = inner[close + 1..].trim_start();
    }
    if !(tail.starts_with(',') || reports(tail.split_whitespace().next())) {
        return None;
    }
    let person = format!("{first} {}", title_case(name));
    let entry = country.and_then(|c| {
        let c = c.trim();
        let c = [
            "Observer for the ",
            "Observer for ",
            "Representative of the ",
            "Representative of ",
        ]
        .iter()
        .find_map(|w| c.strip_prefix(w))
        .unwrap_or(c);
        registry.lookup(c)
    });
    let named = match (entry, country) {
        (Some(i), _) => Named {
            speaker: registry.entry(i).name.clone(),
            person: Some(person),
            role: registry.entry(i).role,
            entry: Some(i),
        },
        (None, Some(c)) => Named {
            speaker: c.trim().to_string(),
            person: Some(person),
            role: Role::Unknown,
            entry: None,
        },
        (None, None) => Named {
            speaker: person.clone(),
            person: Some(person),
            role: Role::Unknown,
            entry: None,
        },
    };
    Some(Prefix {
        named,
        body: start,
        candidate: true,
        placeholder: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_with_the_time_it_was_said() {
        let p = timed_label("General Pat Ryder (00:00):\nGood afternoon.").unwrap();
        assert_eq!(p.named.speaker, "General Pat Ryder");
        assert!(!p.placeholder);
        let p = timed_label("Speaker 1 (1:02:33): Thank you.").unwrap();
        assert_eq!(p.named.speaker, "Speaker 1");
        assert!(p.placeholder);
        assert_eq!(&"Speaker 1 (1:02:33): Thank you."[p.body..], "Thank you.");
        // A reference in parentheses is no clock.
        assert!(timed_label("In the Report (para 3): we say.").is_none());
        assert!(timed_label("The meeting (10:00): an agenda of two items").is_none());
        // Without a colon, alone on its line or run into the text: a
        // candidate, for the document to confirm by using it again.
        let p = timed_label("Andy (00:21.138) Hello, my name is Andy.").unwrap();
        assert_eq!((p.named.speaker.as_str(), p.candidate), ("Andy", true));
        assert_eq!(
            &"Andy (00:21.138) Hello, my name is Andy."[p.body..],
            "Hello, my name is Andy."
        );
        let p = timed_label("Jane Doe 00:01:12\nThank you.").unwrap();
        assert_eq!((p.named.speaker.as_str(), p.candidate), ("Jane Doe", true));
        assert!(timed_label("Doors open 10:30 for all.").is_none());
        assert!(timed_label("Resolution 2020 (12:30) was adopted.").is_none());
        assert_eq!(clock_len("00:21.138)"), 9);
        assert_eq!(clock_len("1:02:33 "), 7);
        assert_eq!(clock_len("10:3"), 0);
        assert_eq!(clock_len("2020"), 0);
    }

    #[test]
    fn summary_record_paragraphs_name_their_speaker() {
        let r = Registry::builtin();
        let p = summary_prefix(
            "3. Mr. Taalas (Finland), speaking on behalf of the European Union, endorsed the request.",
            &r,
        )
        .unwrap();
        assert_eq!(p.named.speaker, "Finland");
        assert_eq!(p.body, 3);
        let p = summary_prefix(
            "2. Ms. Rasheed (Observer for Palestine) asked the Committee",
            &r,
        )
        .unwrap();
        assert_eq!(p.named.speaker, "State of Palestine");
        let p = summary_prefix("Mr. NASSER recalled his experience", &r).unwrap();
        assert_eq!(p.named.speaker, "Mr. Nasser");
        let p = summary_prefix("1. The CHAIRMAN asked the Committee to continue", &r).unwrap();
        assert_eq!(
            (p.named.speaker.as_str(), p.named.role),
            ("The Chairman", Role::Chair)
        );
        // Unnumbered and not in capitals: ordinary prose.
        assert_eq!(summary_prefix("Mr. Smith said that it rained.", &r), None);
        assert_eq!(summary_prefix("4. He suggested that solution.", &r), None);
    }

    #[test]
    fn diarisation_placeholders_and_names() {
        let r = Registry::builtin();
        let p = diarised("[Speaker A] Hello there.").unwrap();
        assert_eq!(
            (p.named.speaker.as_str(), p.placeholder),
            ("Speaker A", true)
        );
        assert_eq!(&"[Speaker A] Hello there."[p.body..], "Hello there.");
        assert_eq!(
            diarised("Speaker 12: Yes.").unwrap().named.speaker,
            "Speaker 12"
        );
        assert_eq!(diarised("Speakers: A, B"), None);
        let text = "UNODC Jane Doe: Thank you.";
        let p = name_prefix(text, text.find(':').unwrap(), &r).unwrap();
        assert_eq!(p.named.speaker, "United Nations Office on Drugs and Crime");
        assert_eq!(p.named.person.as_deref(), Some("Jane Doe"));
        let text = "Regina: Hi everyone.";
        let p = name_prefix(text, text.find(':').unwrap(), &r).unwrap();
        assert!(p.candidate);
        let text = "Señor Presidente:";
        assert_eq!(name_prefix(text, text.find(':').unwrap(), &r), None);
        let text = "The following points were agreed: none";
        assert_eq!(name_prefix(text, text.find(':').unwrap(), &r), None);
    }
}
