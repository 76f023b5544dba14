//! What in a record is nobody's speech, and what marks speech however
//! short: narration ("It was so decided."), transcribers' notes ("(no
//! audio)"), openings that address the chair ("Merci Monsieur le
//! Président"), and a person's name on a line of its own after the chair
//! invited them.

use crate::model::Role;

use super::layout::Paragraph;
use super::speakers::Named;

/// The words a speaker opens with, addressing the chair ("Merci Monsieur
/// le Président", "Thank you, Mr. Chair"): speech, however short.
pub fn is_salutation(paragraph: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "thank you",
        "thanks",
        "merci",
        "gracias",
        "muchas gracias",
        "mr. president",
        "madam president",
        "mr. chair",
        "madam chair",
        "monsieur le président",
        "madame la présidente",
        "señor presidente",
        "señora presidenta",
    ];
    opens_with(paragraph, OPENINGS)
}

/// Whether `paragraph` opens with one of the lower-case `openings` (each
/// at most 40 bytes), ignoring case.
pub fn opens_with(paragraph: &str, openings: &[&str]) -> bool {
    let head = &paragraph[..paragraph.floor_char_boundary(paragraph.len().min(40))];
    let lower = head.to_lowercase();
    openings.iter().any(|o| lower.starts_with(o))
}

/// A transcriber's note standing alone: "(no audio).", "[Applause]",
/// "(Laughter)".
pub fn is_transcriber_note(line: &str) -> bool {
    let line = line.trim_end_matches('.');
    line.len() <= 60
        && ((line.starts_with('(') && line.ends_with(')'))
            || (line.starts_with('[') && line.ends_with(']')))
}

/// What a record narrates rather than reports anyone saying: "It was so
/// decided.", "The members of the Security Council observed a minute of
/// silence.", "The agenda was adopted.", "The Assembly held ...".
pub fn is_narration(paragraph: &str) -> bool {
    if paragraph.len() > 700 {
        return false;
    }
    if paragraph.starts_with("It was so ") {
        return paragraph.len() < 80;
    }
    // A recorded vote: "A vote was taken by show of hands.", then who voted
    // how, "In favour: Belgium, China, ...", "Against: ...", "Abstaining: ...".
    if paragraph.starts_with("A vote was taken")
        || paragraph.starts_with("A recorded vote was taken")
    {
        return paragraph.len() < 80;
    }
    if [
        "In favour:",
        "In favor:",
        "Against:",
        "Abstaining:",
        "Abstentions:",
    ]
    .iter()
    .any(|h| paragraph.starts_with(h))
    {
        return true;
    }
    let Some(rest) = paragraph.strip_prefix("The ") else {
        return false;
    };
    const SUBJECTS: &[&str] = &[
        "Assembly",
        "General Assembly",
        "Council",
        "Security Council",
        "Committee",
        "Commission",
        "Conference",
        "Working Group",
        "meeting",
        "session",
        "members of the",
        "agenda",
        "draft resolution",
        "draft decision",
        "Board",
    ];
    const VERBS: &[&str] = &[
        "was",
        "were",
        "held",
        "observed",
        "adopted",
        "decided",
        "rose",
        "resumed",
        "heard",
        "began",
        "concluded",
        "stood",
        "took note",
    ];
    let Some(subject) = SUBJECTS.iter().find(|s| rest.starts_with(**s)) else {
        return false;
    };
    let first_person = [" I ", " we ", " We ", " my ", " our ", " us "]
        .iter()
        .any(|w| paragraph.contains(w));
    let words: Vec<&str> = rest[subject.len()..].split_whitespace().take(6).collect();
    !first_person
        && words
            .iter()
            .any(|w| VERBS.contains(&w.trim_end_matches([',', '.'])))
}

/// A line naming a person alone ("Izumi Nakamitsu") that the text just
/// before invited to speak ("Miss Nakamitsu, you have the floor"): a label
/// in a transcript that labels its speakers by line.
pub fn named_after_invitation(text: &str, p: &Paragraph) -> Option<Named> {
    let line = &text[p.range.clone()];
    if line.len() > 40 {
        return None;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    if !(2..=4).contains(&words.len())
        || !words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        })
    {
        return None;
    }
    let last = words.last()?;
    let before = &text[text.floor_char_boundary(p.range.start.saturating_sub(3000))..p.range.start];
    before.contains(last).then(|| Named {
        speaker: words.join(" "),
        person: Some(words.join(" ")),
        role: Role::Unknown,
        entry: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narration_and_notes_are_no_speech() {
        assert!(is_narration("It was so decided."));
        assert!(is_narration(
            "The members of the Security Council observed a minute of silence."
        ));
        assert!(is_narration("The agenda was adopted."));
        assert!(!is_narration(
            "The agenda was adopted, and we are glad of it."
        ));
        assert!(!is_narration("The situation was dire."));
        assert!(is_transcriber_note("(no audio)."));
        assert!(is_transcriber_note("[Applause]"));
        assert!(!is_transcriber_note("(spoke in French) Merci."));
        assert!(is_salutation("Merci Monsieur le Président"));
        assert!(!is_salutation("Genève, 10 juillet 2019"));
    }

    #[test]
    fn a_name_alone_after_an_invitation_is_a_label() {
        let text = "Miss Nakamitsu, you have the floor please.\n\nIzumi Nakamitsu\n\nThanks.\n\nCyber Security Matters";
        let at = |s: &str| {
            let start = text.find(s).unwrap();
            Paragraph {
                range: start..start + s.len(),
                line: 1,
                lines: 1,
                blank_before: 1,
            }
        };
        let named = named_after_invitation(text, &at("Izumi Nakamitsu")).unwrap();
        assert_eq!(named.speaker, "Izumi Nakamitsu");
        assert_eq!(
            named_after_invitation(text, &at("Cyber Security Matters")),
            None
        );
    }
}
