//! Recognising who speaks from the shape of a line: label lines
//! ("Ambassador Gafoor", "European Union") and inline prefixes
//! ("The Chair:", "Mr. Name (Country):", "MS. PSAKI:", "Q", ">> CANADA:",
//! "Speaker 1:"), after a timestamp or a caption's `>>`. Shapes that are
//! labels only when the document uses them as labels ("Regina:", "3. Mr. X
//! (Finland) said that ...") come back as candidates, for the document's
//! inventory to decide.

use crate::model::Role;

use super::labels;
use super::registry::Registry;
use super::verbatim::verbatim_prefix;

/// A speaker named by a label line or a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// Canonical delegation name, or the person's name in display form.
    pub speaker: String,
    pub person: Option<String>,
    pub role: Role,
    /// The registry entry `speaker` is the name of, when it came from one.
    pub entry: Option<usize>,
}

impl Named {
    /// A speaker known by a title or a placeholder only ("Q", "A").
    pub fn titled(speaker: &str, role: Role) -> Self {
        Self {
            speaker: speaker.to_string(),
            person: None,
            role,
            entry: None,
        }
    }

    /// A person known by name only ("General Pat Ryder").
    pub fn person(name: &str) -> Self {
        Self {
            speaker: name.to_string(),
            person: Some(name.to_string()),
            role: Role::Unknown,
            entry: None,
        }
    }

    /// Registry entry `i`, by its canonical name.
    pub fn entry(registry: &Registry, i: usize) -> Self {
        let entry = registry.entry(i);
        Self {
            speaker: entry.name.clone(),
            person: None,
            role: entry.role,
            entry: Some(i),
        }
    }
}

/// "UNODC Jane Doe", "ITU DOREEN BOGDAN": an organisation's acronym the
/// registry knows, then a person's name; the turn is the organisation's,
/// spoken by the person.
pub fn organisation_and_person(head: &str, registry: &Registry) -> Option<Named> {
    let (acronym, person) = head.split_once(' ')?;
    let words: Vec<&str> = person.split_whitespace().collect();
    if acronym.len() < 2
        || !acronym.chars().all(|c| c.is_ascii_uppercase())
        || !(1..=4).contains(&words.len())
        || !words.iter().all(|w| is_name_word(w))
    {
        return None;
    }
    let i = registry.lookup(acronym)?;
    let mut named = Named::entry(registry, i);
    named.person = Some(title_case(person));
    Some(named)
}

/// A prefix at the start of a paragraph and where the spoken text begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefix {
    pub named: Named,
    /// Byte offset, within the paragraph, of the first spoken character.
    pub body: usize,
    /// A shape that is a label only when the document uses it as one
    /// (a `Name:` in mixed case, a summary record's "Mr. X (Country)
    /// said"): the document's inventory decides.
    pub candidate: bool,
    /// A placeholder of a machine transcript ("Speaker 1"), or a caption's
    /// bare `>>`: who speaks is not known from the label.
    pub placeholder: bool,
}

impl Prefix {
    pub(super) fn sure(named: Named, body: usize) -> Self {
        Self {
            named,
            body,
            candidate: false,
            placeholder: false,
        }
    }
}

/// Words that start a person's label or prefix.
const HONORIFICS: &[&str] = &[
    "Ambassador",
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Miss",
    "Dr",
    "Dr.",
    "H.E.",
    "HE",
    "Sir",
    "Dame",
    "Lord",
    "Madam",
    "Mme",
    "Mme.",
    "M.",
    "Mlle",
    "Sr.",
    "Sra.",
    "Srta.",
    "Professor",
    "Prof.",
    "Minister",
    "Secretary",
    "Judge",
    "Archbishop",
    "Monsignor",
    "Senator",
    "Excellency",
];

/// Titles of whoever presides, alone or after "The".
pub(super) const CHAIR_TITLES: &[&str] = &[
    "Chair",
    "Chairman",
    "Chairperson",
    "Chairwoman",
    "Co-Chair",
    "Vice-Chair",
    "President",
    "Acting President",
    "Vice-President",
    "Acting Chair",
    "Presiding Officer",
];

/// Other titles of a verbatim record ("The Secretary-General:").
pub(super) const OFFICIAL_TITLES: &[&str] = &[
    "Secretary-General",
    "Deputy Secretary-General",
    "Secretary",
    "Moderator",
    "Facilitator",
];

pub(super) fn is_honorific(word: &str) -> bool {
    HONORIFICS.iter().any(|h| h.eq_ignore_ascii_case(word))
}

/// The lower-case particles inside a person's name: "Mr. Pecsteen de
/// Buytswerve", "Mr. Van der Berg", "Ms. Al-Sayed bin Ali".
pub(super) fn is_name_particle(word: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "al", "bin", "binti", "da", "das", "de", "del", "della", "der", "des", "di", "do", "dos",
        "du", "e", "el", "ibn", "la", "le", "ten", "ter", "van", "von", "y",
    ];
    PARTICLES.contains(&word)
}

pub(super) fn is_name_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
}

/// A paragraph of one short line naming a speaker, alone.
pub fn label(line: &str, registry: &Registry) -> Option<Named> {
    let line = line.trim_matches(crate::model::is_blank_char);
    if line.is_empty() || line.len() > 60 || line.contains('\n') {
        return None;
    }
    if line.ends_with(['.', ',', ';', ':', '?', '!']) && !line.ends_with("H.E.") {
        return None;
    }
    // An item of a list ("• IRAN" in a briefing's index of topics) names a
    // subject, not who speaks next.
    if line.starts_with(['•', '◦', '▪', '-', '–', '*']) {
        return None;
    }
    if let Some(i) = registry.lookup(line) {
        let entry = registry.entry(i);
        return Some(Named {
            speaker: entry.name.clone(),
            person: None,
            role: entry.role,
            entry: Some(i),
        });
    }
    let bare = line.strip_prefix("The ").unwrap_or(line);
    if CHAIR_TITLES.iter().any(|t| t.eq_ignore_ascii_case(bare)) {
        return Some(Named {
            speaker: title_case(line),
            person: None,
            role: Role::Chair,
            entry: None,
        });
    }
    let mut words = line.split_whitespace();
    if (2..=5).contains(&line.split_whitespace().count())
        && words.next().is_some_and(is_honorific)
        && words.all(is_name_word)
    {
        return Some(Named {
            speaker: line.to_string(),
            person: Some(line.to_string()),
            role: Role::Unknown,
            entry: None,
        });
    }
    None
}

/// A speaker prefix at the start of a paragraph, after a timestamp or a
/// caption's `>>` if any.
pub fn prefix(paragraph: &str, registry: &Registry) -> Option<Prefix> {
    let lead = timestamp_len(paragraph);
    let lead = if lead > 0 {
        lead + clock_suffix_len(&paragraph[lead..])
    } else {
        0
    };
    let rest = &paragraph[lead..];
    let (lead, caption) = match rest.strip_prefix(">>") {
        Some(after) => (skip_blanks(paragraph, paragraph.len() - after.len()), true),
        None => (lead, false),
    };
    let shaped = shaped_prefix(&paragraph[lead..], registry).map(|mut p| {
        p.body += lead;
        p
    });
    let shaped = shaped.or_else(|| soundbite(paragraph));
    // "17. The PRESIDENT:": verbatim records number their paragraphs
    // before the label. Only the verbatim shapes count after a number, so a
    // numbered list ("2. Scope: ...") stays text.
    let shaped = shaped.or_else(|| {
        let n = paragraph_number_len(paragraph);
        (n > 0 && !caption).then_some(())?;
        let rest = &paragraph[n..];
        let colon = memchr::memchr(b':', &rest.as_bytes()[..rest.len().min(160)])?;
        verbatim_prefix(rest, colon, registry).map(|mut p| {
            p.body += n;
            p
        })
    });
    // "PRN: 2012/259": a reference number after a label-shaped prefix is
    // a line of metadata, not someone speaking.
    let shaped = shaped.filter(|p| {
        let body = paragraph[p.body..].trim_matches(crate::model::is_blank_char);
        body.is_empty() || body.chars().any(char::is_alphabetic)
    });
    match shaped {
        Some(found) => Some(found),
        // A bare `>>`: a new speaker the captioner did not name.
        None if caption => Some(Prefix {
            named: Named::titled(super::parse::UNKNOWN_SPEAKER, Role::Unknown),
            body: lead,
            candidate: false,
            placeholder: true,
        }),
        None => None,
    }
}

fn shaped_prefix(p: &str, registry: &Registry) -> Option<Prefix> {
    if let Some(found) = press_question(p)
        .or_else(|| press_answer(p))
        .or_else(|| labels::diarised(p))
        .or_else(|| labels::timed_label(p))
    {
        return Some(found);
    }
    // The other styles end at the first colon of the first 160 bytes.
    let head = &p.as_bytes()[..p.len().min(160)];
    let colon = memchr::memchr(b':', head)?;
    capitals_prefix(p, colon, registry)
        .or_else(|| verbatim_prefix(p, colon, registry))
        .or_else(|| labels::name_prefix(p, colon, registry))
}

/// Whether a line opens with a speaker prefix (cheap enough for every line).
pub fn starts_with_prefix(line: &str, registry: &Registry) -> bool {
    let first = line.as_bytes().first().copied().unwrap_or(b' ');
    (first.is_ascii_uppercase() || matches!(first, b'>' | b'[' | b'(') || first.is_ascii_digit())
        && prefix(line, registry).is_some()
}

/// A shot list's soundbite, numbered like its shots: "4. SOUNDBITE
/// (English) Susan E. Rice, Permanent Representative of the United States
/// to the United Nations:", the words quoted on the next line. The speaker
/// is the name before the comma.
fn soundbite(p: &str) -> Option<Prefix> {
    let n = paragraph_number_len(p);
    let rest = p[n..].strip_prefix("SOUNDBITE")?;
    let mut rest = rest.trim_start_matches(crate::model::is_blank_char);
    if rest.starts_with('(') {
        rest = rest[rest.find(')')? + 1..].trim_start_matches(crate::model::is_blank_char);
    }
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let colon = line.rfind(':')?;
    if !line[colon + 1..].trim().is_empty() {
        return None;
    }
    let name = line[..colon].split(", ").next()?.trim();
    let words = name.split_whitespace().count();
    if !(1..=5).contains(&words) || !name.split_whitespace().all(is_name_word) {
        return None;
    }
    let at = p.len() - rest.len() + colon + 1;
    Some(Prefix::sure(Named::person(name), skip_blanks(p, at)))
}

/// Length of a paragraph number and the blanks after it ("17. "), or 0.
pub(super) fn paragraph_number_len(p: &str) -> usize {
    let b = p.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=3).contains(&digits) || b.get(digits) != Some(&b'.') {
        return 0;
    }
    // A sub-paragraph's number, "11.1 Le PRESIDENT :" or "11.1.".
    let mut end = digits + 1;
    let sub = b[end..].iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=2).contains(&sub) {
        end += sub;
        if b.get(end) == Some(&b'.') {
            end += 1;
        }
    }
    if p[end..].starts_with(crate::model::is_blank_char) {
        skip_blanks(p, end)
    } else {
        0
    }
}

/// Length of what may follow a clock time before a label: "P.M. EDT ",
/// "a.m. ", "PM ".
fn clock_suffix_len(p: &str) -> usize {
    let Some(after) = ["A.M.", "P.M.", "a.m.", "p.m.", "AM", "PM"]
        .iter()
        .find_map(|m| p.strip_prefix(m))
        .filter(|a| a.starts_with(crate::model::is_blank_char))
    else {
        return 0;
    };
    let after = after.trim_start_matches(crate::model::is_blank_char);
    let zone = after.bytes().take_while(u8::is_ascii_uppercase).count();
    let after = if (2..=4).contains(&zone) && after[zone..].starts_with(crate::model::is_blank_char)
    {
        after[zone..].trim_start_matches(crate::model::is_blank_char)
    } else {
        after
    };
    p.len() - after.len()
}

/// Length of a timestamp and the blanks after it at the start of a line:
/// `[00:01:23]`, `00:01:23`, `(12:05)`, `0:42`.
fn timestamp_len(p: &str) -> usize {
    let b = p.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'[' | b'(')));
    let open = i == 1;
    let mut groups = 0;
    loop {
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=2).contains(&digits) || (groups > 0 && digits != 2) {
            return 0;
        }
        i += digits;
        groups += 1;
        if b.get(i) == Some(&b':') && groups < 3 {
            i += 1;
        } else {
            break;
        }
    }
    if groups < 2 {
        return 0;
    }
    if matches!(b.get(i), Some(b'.' | b',')) && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1 + b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    }
    if open {
        if !matches!(b.get(i), Some(b']' | b')')) {
            return 0;
        }
        i += 1;
    }
    if !p[i..].starts_with(crate::model::is_blank_char) {
        return 0;
    }
    skip_blanks(p, i)
}

/// Where what is said starts when `paragraph` opens with the name of
/// registry entry `entry` alone and a colon ("Türkiye: Thank you, Chair."),
/// as the delegation the chair just gave the floor to often starts.
pub fn label_naming(paragraph: &str, entry: usize, registry: &Registry) -> Option<usize> {
    let head = &paragraph.as_bytes()[..paragraph.len().min(64)];
    let colon = memchr::memchr(b':', head)?;
    let after = &paragraph[colon + 1..];
    if !after.chars().next().is_none_or(char::is_whitespace) {
        return None;
    }
    (registry.lookup(paragraph[..colon].trim()) == Some(entry))
        .then(|| skip_blanks(paragraph, colon + 1))
}

/// Offset after the blanks (spaces, no-break spaces) that follow a prefix.
pub(super) fn skip_blanks(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    from + (rest.len() - rest.trim_start_matches(crate::model::is_blank_char).len())
}

/// `Q` (or `Q:`) then blanks: a reporter's question in a press transcript.
fn press_question(p: &str) -> Option<Prefix> {
    let rest = p.strip_prefix('Q')?;
    let rest = rest
        .strip_prefix('.')
        .filter(|r| r.starts_with(':'))
        .unwrap_or(rest);
    let after = if let Some(r) = rest.strip_prefix(':') {
        r
    } else {
        rest
    };
    let blank = after.chars().next().is_none_or(crate::model::is_blank_char);
    if !blank {
        return None;
    }
    // "Q and A", a wrapped line of an answer starting "Q to ...": without
    // a colon, a `Q` then one blank and a word in lower case is text.
    if rest.len() == after.len()
        && after.starts_with(' ')
        && after[1..].chars().next().is_some_and(char::is_lowercase)
    {
        return None;
    }
    Some(Prefix::sure(
        Named::titled("Q", Role::Press),
        skip_blanks(p, p.len() - after.len()),
    ))
}

/// `A:` or `A.:`: the answer to a reporter's question. Unlike `Q`, a bare
/// `A` starts sentences ("A new service ..."), so the colon is required.
fn press_answer(p: &str) -> Option<Prefix> {
    let rest = p.strip_prefix('A')?;
    let rest = rest.strip_prefix('.').unwrap_or(rest).strip_prefix(':')?;
    if !rest.chars().next().is_none_or(char::is_whitespace) {
        return None;
    }
    Some(Prefix::sure(
        Named::titled("A", Role::Official),
        skip_blanks(p, p.len() - rest.len()),
    ))
}

/// `MS. PSAKI:`, `SENIOR ADMINISTRATION OFFICIAL:`, `MODERATOR:` — press
/// transcripts name speakers in capitals. `colon` is the paragraph's first.
fn capitals_prefix(p: &str, colon: usize, registry: &Registry) -> Option<Prefix> {
    if colon >= 64 {
        return None;
    }
    let label = p[..colon].trim_end();
    // "EMMA ALBERICI, PRESENTER:", "KARINE JEAN-PIERRE, WHITE HOUSE PRESS
    // SECRETARY:": a name, then what the person is, both in capitals.
    let (head, title) = match label.split_once(", ") {
        Some((name, title)) => (name, Some(title)),
        None => (label, None),
    };
    let capitals = |s: &str| {
        s.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && s.chars().all(|c| {
                c.is_uppercase()
                    || c.is_ascii_digit()
                    || matches!(c, ' ' | '.' | '-' | '\'' | '’' | '\u{2010}' | '\u{2011}')
            })
    };
    if !capitals(head) || title.is_some_and(|t| !capitals(t)) {
        return None;
    }
    if labels::NOT_SPEAKERS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(head))
    {
        return None;
    }
    let after = &p[colon + 1..];
    if !after.chars().next().is_none_or(crate::model::is_blank_char) {
        return None;
    }
    // "NOTE:" or a time "12:30" is not a speaker.
    if matches!(
        head,
        "NOTE" | "UPDATE" | "EDITOR'S NOTE" | "WATCH" | "READ MORE"
    ) {
        return None;
    }
    let body = skip_blanks(p, colon + 1);
    // `>> UNITED STATES:`: a delegation named in capitals.
    if let Some(i) = registry.lookup(head) {
        return Some(Prefix::sure(Named::entry(registry, i), body));
    }
    if let Some(named) = organisation_and_person(head, registry) {
        return Some(Prefix::sure(named, body));
    }
    // "THE PRESIDENT:" in a press briefing is a head of State, not whoever
    // presides: only the titles of chairs preside.
    let presents = title.is_some_and(|t| {
        ["MODERATOR", "PRESENTER", "ANCHOR", "HOST"]
            .iter()
            .any(|w| t.split_whitespace().any(|x| x == *w))
    });
    let role = match head {
        _ if presents => Role::Moderator,
        "MODERATOR" | "OPERATOR" | "THE MODERATOR" => Role::Moderator,
        "Q" | "REPORTER" | "QUESTION" | "JOURNALIST" | "CORRESPONDENT" => Role::Press,
        "CHAIR" | "CHAIRMAN" | "CHAIRPERSON" | "CHAIRWOMAN" | "CO-CHAIR" | "THE CHAIR"
        | "THE CHAIRMAN" => Role::Chair,
        _ => Role::Official,
    };
    Some(Prefix::sure(
        Named {
            speaker: title_case(head),
            person: None,
            role,
            entry: None,
        },
        body,
    ))
}

/// "MS. JEAN-PIERRE" → "Ms. Jean-Pierre"; "THE CHAIR" → "The Chair".
pub fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start_of_word = true;
    for c in s.chars() {
        if start_of_word {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start_of_word = matches!(
            c,
            ' ' | '-' | '.' | '\'' | '’' | '(' | '\u{2010}' | '\u{2011}'
        );
        if matches!(c, '\'' | '’') {
            // "O'NEILL" → "O'Neill" but "DON'T" is not a name prefix anyway.
            start_of_word = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        Registry::builtin()
    }

    #[test]
    fn labels_name_delegations_and_persons() {
        let r = registry();
        assert_eq!(
            label("The Netherlands\u{a0}\u{a0}", &r).unwrap().speaker,
            "Netherlands"
        );
        let chair = label("Ambassador Gafoor\u{a0}\u{a0}", &r).unwrap();
        assert_eq!(chair.speaker, "Ambassador Gafoor");
        assert_eq!(label("Chair", &r).unwrap().role, Role::Chair);
        assert_eq!(label("This is an unofficial transcript", &r), None);
        assert_eq!(label("Cyber security", &r), None);
        assert_eq!(label("Thank you.", &r), None);
    }

    #[test]
    fn press_prefixes() {
        let r = registry();
        let p = prefix("MS. JEAN-PIERRE:\u{a0} Hey.", &r).unwrap();
        assert_eq!(p.named.speaker, "Ms. Jean-Pierre");
        assert_eq!(p.named.role, Role::Official);
        assert_eq!(&"MS. JEAN-PIERRE:\u{a0} Hey."[p.body..], "Hey.");
        let q = prefix("Q\u{a0}\u{a0}\u{a0} Good afternoon.", &r).unwrap();
        assert_eq!((q.named.speaker.as_str(), q.named.role), ("Q", Role::Press));
        assert_eq!(
            prefix("MODERATOR: Thanks.", &r).unwrap().named.role,
            Role::Moderator
        );
        assert_eq!(prefix("Quite so.", &r), None);
        assert_eq!(prefix("At 12:30 we meet.", &r), None);
        // A press release's number at the foot of a transcript.
        assert_eq!(prefix("PRN: 2012/259", &r), None);
        assert!(prefix("MS. PSAKI:", &r).is_some());
        // A UN briefing's parts: who asks, who answers; sure labels, with
        // their roles, however few.
        for (line, role) in [
            ("Question:  Any news on Gaza?", Role::Press),
            ("Correspondent: Thank you.", Role::Press),
            ("Spokesperson:  I have nothing.", Role::Official),
            ("Deputy Spokesperson: Yes.", Role::Official),
        ] {
            let p = prefix(line, &r).unwrap();
            assert_eq!((p.named.role, p.candidate), (role, false), "{line}");
        }
        // A wrapped line of an answer that starts with a `Q` is no label.
        assert_eq!(prefix("Q and A sessions will follow.", &r), None);
        assert!(prefix("Q: and then?", &r).is_some());
    }

    #[test]
    fn french_and_spanish_verbatim_labels_numbered_or_not() {
        let r = Registry::builtin();
        let named = |p: &str| {
            let found = prefix(p, &r).unwrap();
            (
                found.named.speaker,
                found.named.role,
                p[found.body..].to_string(),
            )
        };
        assert_eq!(
            named("Le PRÉSIDENT\u{a0}: Je donne la parole."),
            (
                "Le Président".into(),
                Role::Chair,
                "Je donne la parole.".into()
            )
        );
        assert_eq!(
            named("M. Dupont (France) (parle en anglais) : Merci."),
            ("France".into(), Role::Delegation, "Merci.".into())
        );
        assert_eq!(
            named("Sr. García (España) (habla en inglés): Gracias."),
            ("Spain".into(), Role::Delegation, "Gracias.".into())
        );
        assert_eq!(
            named("17. The PRESIDENT: I thank the representative."),
            (
                "The President".into(),
                Role::Chair,
                "I thank the representative.".into()
            )
        );
        // A sub-paragraph's number: "11.1 Le PRESIDENT :".
        assert_eq!(
            named("11.1 Le PRESIDENT : Merci, M. Pataki."),
            (
                "Le President".into(),
                Role::Chair,
                "Merci, M. Pataki.".into()
            )
        );
        assert_eq!(prefix("3.5 million people: a figure.", &r), None);
        assert_eq!(
            named("18. Mr. Smith (United Kingdom) (interpretation from Arabic): Thank you."),
            (
                "United Kingdom".into(),
                Role::Delegation,
                "Thank you.".into()
            )
        );
        assert_eq!(
            named("19. La PRESIDENTA (habla en inglés): Tiene la palabra."),
            (
                "La Presidenta".into(),
                Role::Chair,
                "Tiene la palabra.".into()
            )
        );
        // A numbered list item is no label.
        assert!(prefix("2. Scope: the following points were agreed.", &r).is_none());
    }

    #[test]
    fn verbatim_prefixes() {
        let r = registry();
        let p = prefix("The Chair: I call on the representative of Egypt.", &r).unwrap();
        assert_eq!(
            (p.named.speaker.as_str(), p.named.role),
            ("The Chair", Role::Chair)
        );
        let p = prefix("Mr. Hassan (Egypt) (spoke in Arabic): Thank you.", &r).unwrap();
        assert_eq!(p.named.speaker, "Egypt");
        assert_eq!(p.named.person.as_deref(), Some("Mr. Hassan"));
        assert_eq!(p.named.role, Role::Delegation);
        let p = prefix("Mrs. Dupont (France), Vice-Chair: We resume.", &r).unwrap();
        assert_eq!(p.named.role, Role::Chair);
        assert_eq!(p.named.speaker, "Mrs. Dupont");
        assert_eq!(prefix("The meeting rose at 1 p.m.: adjourned", &r), None);
    }

    #[test]
    fn parliamentary_chairs_and_offices_in_capitals() {
        let r = registry();
        let who = |p: &str| {
            let found = prefix(p, &r).unwrap();
            (
                found.named.speaker,
                found.named.role,
                p[found.body..].to_string(),
            )
        };
        assert_eq!(
            who("The SPEAKER: Order, hon members!"),
            (
                "The Speaker".into(),
                Role::Chair,
                "Order, hon members!".into()
            )
        );
        assert_eq!(who("The DEPUTY SPEAKER: Order!").1, Role::Chair);
        assert_eq!(
            who("An Leas-Cheann Comhairle: Deputy Martin.").1,
            Role::Chair
        );
        assert_eq!(who("Mr Speaker: Order.").1, Role::Chair);
        assert_eq!(
            who("The CHIEF WHIP OF THE OPPOSITION: Hon Speaker, at the outset."),
            (
                "The Chief Whip of the Opposition".into(),
                Role::Unknown,
                "Hon Speaker, at the outset.".into()
            )
        );
        assert_eq!(
            who("The MINISTER OF JUSTICE AND CONSTITUTIONAL DEVELOPMENT: Speaker.").0,
            "The Minister of Justice and Constitutional Development"
        );
        // Prose that opens with "The" and a colon is no label.
        assert_eq!(prefix("The US: a partner of long standing.", &r), None);
        assert_eq!(prefix("The reason: nobody asked.", &r), None);
    }
}
