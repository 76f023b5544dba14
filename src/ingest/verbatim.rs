//! The label shapes of UN verbatim records, in English, French and
//! Spanish: `The Chair:`, `The President (spoke in French):`, `Le
//! PRÉSIDENT :`, `Mr. Name (Country):`, `Mrs. Name (Country), Vice-Chair:`.

use crate::model::Role;

use super::registry::Registry;
use super::speakers::{
    CHAIR_TITLES, Named, OFFICIAL_TITLES, Prefix, is_honorific, is_name_particle, is_name_word,
    skip_blanks, title_case,
};

/// Notes of the language a speaker used, which say nothing of who:
/// "(spoke in French)", "(interpretation from Arabic)", "(parle en
/// anglais)", "(habla en inglés)".
const LANGUAGE_NOTES: &[&str] = &[
    " (spoke in",
    " (interpretation from",
    " (parle en",
    " (interprétation de",
    " (habla en",
    " (interpretación del",
    " (interpretación de",
];

/// The presiding officer's title after an article, in English, French,
/// Spanish or Irish, in any case: "The PRESIDENT", "Le PRÉSIDENT", "La
/// PRESIDENTA", and the chairs of parliaments, whose records (Hansard) write
/// "The SPEAKER:", "The DEPUTY SPEAKER:", "An Ceann Comhairle:".
fn presiding_title(head: &str) -> bool {
    const ARTICLES: &[&str] = &["The ", "Le ", "La ", "El ", "An "];
    const TITLES: &[&str] = &[
        "President",
        "Chair",
        "Chairman",
        "Chairperson",
        "Acting President",
        "Président",
        "Présidente",
        "Presidente",
        "Presidenta",
        "Speaker",
        "Deputy Speaker",
        "Acting Speaker",
        "Deputy Chair",
        "Deputy Chairperson",
        "House Chairperson",
        "Ceann Comhairle",
        "Leas-Cheann Comhairle",
        "Cathaoirleach",
        "Leas-Chathaoirleach",
    ];
    ARTICLES
        .iter()
        .find_map(|a| head.strip_prefix(a))
        .is_some_and(|title| {
            let title = crate::text::fold::fold_str(title);
            TITLES
                .iter()
                .any(|t| crate::text::fold::fold_str(t) == title)
        })
}

/// Words an office's name joins with, written in capitals in a label.
const OFFICE_JOINERS: &[&str] = &["OF", "THE", "AND", "FOR", "ON", "IN", "TO", "&"];

/// "CHIEF WHIP OF THE OPPOSITION", "MINISTER OF JUSTICE AND CONSTITUTIONAL
/// DEVELOPMENT": two to twelve words in capitals, the first a word of at
/// least three letters.
fn is_office_in_capitals(title: &str) -> bool {
    let words: Vec<&str> = title.split_whitespace().collect();
    (2..=12).contains(&words.len())
        && words[0].chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !OFFICE_JOINERS.contains(&words[0])
        && words.iter().all(|w| {
            w.chars().any(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_uppercase() || matches!(c, '-' | '\'' | '’' | ',' | '&'))
        })
}

/// "The CHIEF WHIP OF THE OPPOSITION" → "The Chief Whip of the Opposition".
fn office_name(head: &str) -> String {
    let titled = title_case(head);
    titled
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i > 0 && OFFICE_JOINERS.iter().any(|j| j.eq_ignore_ascii_case(w)) {
                w.to_lowercase()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The UN verbatim-record style: `The Chair:`, `The President (spoke in
/// French):`, `Mr. Name (Country):`, `Mrs. Name (Country), Vice-Chair:`.
/// `colon` is the paragraph's first, within its first 160 bytes.
pub(super) fn verbatim_prefix(p: &str, colon: usize, registry: &Registry) -> Option<Prefix> {
    let after = &p[colon + 1..];
    if !after.chars().next().is_none_or(char::is_whitespace) {
        return None;
    }
    let body = skip_blanks(p, colon + 1);
    let mut head = p[..colon].trim();
    // "(spoke in French)" and "(interpretation from Arabic)" say nothing of who.
    if let Some(open) = LANGUAGE_NOTES.iter().filter_map(|n| head.rfind(n)).min() {
        head = head[..open].trim_end();
    }
    // "The PRESIDENT", "Le PRÉSIDENT", "La PRESIDENTA": whoever presides, as
    // verbatim records in English, French and Spanish write it.
    if presiding_title(head)
        && !CHAIR_TITLES
            .iter()
            .any(|t| head.strip_prefix("The ") == Some(t))
    {
        return Some(Prefix::sure(
            Named {
                speaker: title_case(head),
                person: None,
                role: Role::Chair,
                entry: None,
            },
            body,
        ));
    }
    // "The Chair", "The Acting President", "The Secretary-General".
    if let Some(title) = head.strip_prefix("The ") {
        let chair = CHAIR_TITLES.contains(&title);
        let official = OFFICIAL_TITLES.contains(&title);
        if chair || official {
            return Some(Prefix::sure(
                Named {
                    speaker: head.to_string(),
                    person: None,
                    role: if chair {
                        Role::Chair
                    } else if title == "Moderator" {
                        Role::Moderator
                    } else {
                        Role::Secretariat
                    },
                    entry: None,
                },
                body,
            ));
        }
        // "The CHIEF WHIP OF THE OPPOSITION:", "The MINISTER OF FINANCE:":
        // an office in capitals, as parliamentary records label ministers
        // and office holders.
        if is_office_in_capitals(title) {
            return Some(Prefix::sure(
                Named {
                    speaker: office_name(head),
                    person: None,
                    role: Role::Unknown,
                    entry: None,
                },
                body,
            ));
        }
        return None;
    }
    if CHAIR_TITLES.contains(&head) {
        // "Chair: Mr. Pieris (Sri Lanka)" in a record's header names who
        // presides; it is not a turn.
        let rest = p[body..].trim_end();
        let mut words = rest.split_whitespace();
        if words.next().is_some_and(is_honorific)
            && (rest.ends_with(')')
                || (rest.len() < 100 && !words.any(|w| w.ends_with(['.', '!', '?', ',']))))
        {
            return None;
        }
        return Some(Prefix::sure(
            Named {
                speaker: head.to_string(),
                person: None,
                role: Role::Chair,
                entry: None,
            },
            body,
        ));
    }
    // "Mrs. Name (Country), Vice-Chair" or "Mr. Name (Country)".
    let first = head.split_whitespace().next()?;
    if !is_honorific(first) {
        return None;
    }
    let (person, rest) = match head.find(" (") {
        Some(open) => (&head[..open], &head[open + 2..]),
        None => (head, ""),
    };
    // Name words, with particles between them ("Mr. Pecsteen de Buytswerve").
    let names: Vec<&str> = person.split_whitespace().skip(1).collect();
    let named = names
        .iter()
        .enumerate()
        .all(|(i, w)| is_name_word(w) || (i > 0 && i + 1 < names.len() && is_name_particle(w)));
    if !named || names.is_empty() {
        return None;
    }
    let (country, role_title) = match rest.find(')') {
        Some(close) => (
            Some(&rest[..close]),
            rest[close + 1..].trim_start_matches([',', ' ']).trim(),
        ),
        None if rest.is_empty() => (None, ""),
        None => return None,
    };
    let presiding = CHAIR_TITLES
        .iter()
        .any(|t| t.eq_ignore_ascii_case(role_title));
    let entry = country.and_then(|c| registry.lookup(c));
    let named = match (presiding, entry, country) {
        (true, _, _) => Named {
            speaker: person.to_string(),
            person: Some(person.to_string()),
            role: Role::Chair,
            entry: None,
        },
        (false, Some(i), _) => Named {
            speaker: registry.entry(i).name.clone(),
            person: Some(person.to_string()),
            role: registry.entry(i).role,
            entry: Some(i),
        },
        (false, None, Some(country)) => Named {
            speaker: country.to_string(),
            person: Some(person.to_string()),
            role: Role::Unknown,
            entry: None,
        },
        (false, None, None) => Named {
            speaker: person.to_string(),
            person: Some(person.to_string()),
            // "Mr Speaker:", "Madam Chair:": the chair, by title.
            role: match person.split_once(' ') {
                Some((_, title)) if presiding_title(&format!("The {title}")) => Role::Chair,
                _ => Role::Unknown,
            },
            entry: None,
        },
    };
    Some(Prefix::sure(named, body))
}
