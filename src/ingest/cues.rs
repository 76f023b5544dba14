//! What the words of a turn say about who speaks: the chair's floor cues
//! ("I give the floor to Malaysia", "Egypt, please, to be followed by
//! Thailand"), bracketed interjections, a delegation naming itself, and
//! speaking on behalf of a group. The chair opening an agenda item is
//! [`super::agenda`]'s.

use std::ops::Range;

use super::registry::{Mention, Registry};

/// How a chair's turn names a delegation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// Gives the floor: the next turn is this speaker's.
    Give,
    /// "followed by Y": Y speaks after the next speaker.
    Next,
}

/// A floor cue in a chair's turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub entry: usize,
    /// Range in the text searched.
    pub range: Range<usize>,
    pub kind: CueKind,
}

/// The text just before `at` (at most `n` bytes) without trailing
/// whitespace, for checking the words that lead up to a mention. Words are
/// compared ignoring ASCII case ([`ends_with_word`]).
pub(super) fn before(text: &str, at: usize, n: usize) -> &str {
    let start = text.floor_char_boundary(at.saturating_sub(n));
    text[start..at].trim_end()
}

/// The text just after `at` (at most `n` bytes, rounded up to a character).
fn after(text: &str, at: usize, n: usize) -> &str {
    let end = text.ceil_char_boundary((at + n).min(text.len()));
    &text[at..end]
}

/// Whether `s` ends with one of the lower-case `words`, ignoring ASCII
/// case. The last bytes are compared first: most words fail there.
pub(super) fn ends_with_any(s: &str, words: &[&str]) -> bool {
    let Some(last) = s.as_bytes().last().map(u8::to_ascii_lowercase) else {
        return false;
    };
    words
        .iter()
        .any(|w| w.as_bytes().last() == Some(&last) && ends_with_word(s, w))
}

/// Whether `s` starts with one of the lower-case `words`, ignoring ASCII
/// case. The second bytes are compared first (the first is mostly a space).
fn starts_with_any(s: &str, words: &[&str]) -> bool {
    let second = s.as_bytes().get(1).map(u8::to_ascii_lowercase);
    words
        .iter()
        .any(|w| w.as_bytes().get(1).copied() == second && starts_with_word(s, w))
}

/// Whether `s` ends with the lower-case ASCII `word`, ignoring ASCII case.
fn ends_with_word(s: &str, word: &str) -> bool {
    s.len() >= word.len()
        && s.as_bytes()[s.len() - word.len()..].eq_ignore_ascii_case(word.as_bytes())
}

/// Whether `s` starts with the lower-case ASCII `word`, ignoring ASCII case.
fn starts_with_word(s: &str, word: &str) -> bool {
    s.len() >= word.len() && s.as_bytes()[..word.len()].eq_ignore_ascii_case(word.as_bytes())
}

/// `s` without every trailing `word` (ignoring ASCII case).
pub(super) fn trim_end_word<'a>(mut s: &'a str, word: &str) -> &'a str {
    while !word.is_empty() && ends_with_word(s, word) {
        s = &s[..s.len() - word.len()];
    }
    s
}

/// Trailing words that mean the following name is given the floor.
const GIVE_BEFORE: &[&str] = &[
    "floor to",
    "floor now to",
    "floor to the",
    "floor now to the",
    "start with",
    "start with the",
    "begin with",
    "begin with the",
    "call on",
    "call on the",
    "call upon",
    "call upon the",
    "invite",
    "invite the",
    "recognize",
    "recognize the",
    "recognise",
    "recognise the",
    "next speaker is",
    "next speaker is the",
    "turn to",
    "turn to the",
    "next speaker on my list is",
    "next speaker on my list is the",
    "floor to the delegation of",
    "floor to the representative of",
    "invite the delegation of",
    "invite the representative of",
    "call on the delegation of",
    "call on the representative of",
    "call upon the delegation of",
    "call upon the representative of",
    // French: "Je donne la parole à la délégation de l'Égypte".
    "la parole à",
    "la parole à la délégation de",
    "la parole à la délégation du",
    "la parole au représentant de",
    "la parole au représentant du",
    // With the article French puts before most names of States: "à la
    // délégation de la Hongrie", "au Royaume-Uni", "de l'Égypte", "des
    // États-Unis".
    "la parole à la",
    "la parole à l'",
    "la parole au",
    "la parole aux",
    "la parole à la délégation de la",
    "la parole à la délégation de l'",
    "la parole à la délégation des",
    "la parole au représentant de la",
    "la parole au représentant de l'",
    "la parole au représentant des",
    // Spanish: "Tiene la palabra la delegación de Chile", "Doy la palabra a".
    "la palabra a",
    "la palabra al",
    "la palabra a la delegación de",
    "la palabra al representante de",
    "tiene la palabra la delegación de",
    "tiene la palabra el representante de",
    "tiene la palabra",
    // Spanish articles: "la delegación de la Argentina", "del Perú", "el
    // Reino Unido".
    "la palabra a la",
    "la palabra a los",
    "la palabra a la delegación de la",
    "la palabra a la delegación del",
    "la palabra a la delegación de los",
    "tiene la palabra la delegación de la",
    "tiene la palabra la delegación del",
    "tiene la palabra la delegación de los",
    "tiene la palabra el representante de la",
    "tiene la palabra el representante del",
    "tiene la palabra el",
    "tiene la palabra la",
];

/// Words after a name that give it the floor.
const GIVE_AFTER: &[&str] = &[
    ", vous avez la parole",
    ", tiene la palabra",
    ", please",
    " please",
    ", you have the floor",
    " you have the floor",
    ", the floor is yours",
    ", go ahead",
    ", over to you",
];

/// Floor cues in a chair's turn, in order.
pub fn floor_cues(text: &str, registry: &Registry) -> Vec<Cue> {
    registry
        .mentions(text)
        .into_iter()
        .filter(|m| !m.adjective)
        .filter_map(|Mention { entry, range, .. }| {
            let lead = before(text, range.start, 40);
            if ends_with_word(lead, "followed by") || ends_with_word(lead, "followed by the") {
                return Some(Cue {
                    entry,
                    range,
                    kind: CueKind::Next,
                });
            }
            let trail = after(text, range.end, 24);
            let gives = (ends_with_any(lead, GIVE_BEFORE) || starts_with_any(trail, GIVE_AFTER))
                && !invited_to_the_table(text, range.end);
            gives.then_some(Cue {
                entry,
                range,
                kind: CueKind::Give,
            })
        })
        .collect()
}

/// Whether the sentence going on at `at` invites to the table rather than
/// gives the floor: "In accordance with rule 37 ..., I invite the
/// representatives of Yemen and Iran to participate in this meeting." They
/// take part; they have not been called to speak.
fn invited_to_the_table(text: &str, at: usize) -> bool {
    const TO_TAKE_PART: &[&str] = &["to participate in", "participer à", "a participar en"];
    let rest = after(text, at, 400);
    let sentence = &rest[..rest.find(['.', ';']).unwrap_or(rest.len())];
    let lower = sentence.to_lowercase();
    TO_TAKE_PART.iter().any(|w| lower.contains(w))
}

/// The speaker given the floor last in `cues` before byte `at`.
pub fn last_given(cues: &[Cue], at: usize) -> Option<usize> {
    cues.iter()
        .rev()
        .find(|c| c.kind == CueKind::Give && c.range.end <= at)
        .map(|c| c.entry)
}

/// Bracketed utterances inside a turn ("[Mr Chair, we did not request the
/// floor. Thank you.]"): ranges of the text inside the brackets. Short notes
/// such as "[Unclear]" or "[fr]" are not utterances.
pub fn interjections(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = memchr::memchr(b'[', &text.as_bytes()[from..]).map(|i| from + i) {
        let Some(close) = memchr::memchr2(b']', b'[', &text.as_bytes()[open + 1..])
            .map(|i| open + 1 + i)
            .filter(|&c| text.as_bytes()[c] == b']')
        else {
            from = open + 1;
            continue;
        };
        let inner = &text[open + 1..close];
        let words = inner.split_whitespace().count();
        let speech = words >= 4 && inner.chars().next().is_some_and(char::is_uppercase);
        if speech {
            found.push(open + 1..close);
        }
        from = close + 1;
    }
    found
}

/// Words after a delegation's name that make it the subject of a sentence
/// ("Germany is fully aligned", "Malaysia associates itself").
const SELF_AFTER: &[&str] = &[
    "’s ",
    "'s ",
    " is ",
    " has ",
    " associates",
    " aligns",
    " supports",
    " believes",
    " welcomes",
    " continues",
    " would ",
    " will ",
    " attaches",
    " considers",
    " reiterates",
    " stands",
    " shares",
    " also ",
    " remains",
    " recognizes",
    " recognises",
    " fully",
    " wishes",
    " takes",
    " thanks",
    " agrees",
    " joins",
    " notes",
    " underlines",
    " emphasizes",
    " emphasises",
    " highlights",
    " sees",
    " proposes",
    " calls",
    " favours",
    " favors",
    // Spanish and French: "Colombia es hoy", "Colombia comparte el
    // objetivo", "La France est", "La France partage", "Cuba reitera".
    " es ",
    " ha ",
    " está ",
    " comparte",
    " apoya",
    " reitera",
    " reafirma",
    " considera",
    " acoge",
    " agradece",
    " se suma",
    " se asocia",
    " est ",
    " partage",
    " soutient",
    " réitère",
    " réaffirme",
    " considère",
    " salue",
    " se félicite",
    " s'associe",
    " s’associe",
    " se joint",
];

/// Words before a name that make it somebody else ("the statement by the
/// European Union", "on behalf of NAM").
const OTHER_BEFORE: &[&str] = &[
    " by",
    " by the",
    " of the",
    "behalf of",
    "behalf of the",
    " with",
    " with the",
    "thank",
    " to",
    " to the",
    " from",
    " from the",
    " and",
    " as",
    // Spanish and French: "la situación de Venezuela", "avec la France".
    " de",
    " de la",
    " del",
    " d'",
    " d’",
    " à",
    " au",
    " con",
    " avec",
    " por",
    " par",
    " para",
    " pour",
    " y",
    " et",
    " en",
];

/// The delegation a turn names as itself in its first sentences.
pub fn self_reference(text: &str, registry: &Registry) -> Option<usize> {
    let head = &text[..text.floor_char_boundary(text.len().min(320))];
    registry.mentions_iter(head).find_map(|m| {
        if m.adjective {
            return None;
        }
        let lead = before(head, m.range.start, 24);
        if ends_with_any(lead, OTHER_BEFORE) {
            return None;
        }
        let trail = after(head, m.range.end, 14);
        starts_with_any(trail, SELF_AFTER).then_some(m.entry)
    })
}

/// The State a statement names as its own delegation: "the Cuban
/// delegation", "la delegación cubana", "la délégation française". French
/// and Spanish adjectives are matched by their stem against the registry's
/// names ("cubana" → Cuba, "française" → France); one that fits several
/// names, or none, names nobody.
pub fn delegation_adjective(text: &str, registry: &Registry) -> Option<usize> {
    let head = &text[..text.floor_char_boundary(text.len().min(800))];
    // English: an adjective the registry knows, right before "delegation".
    for m in registry.mentions_iter(head) {
        if m.adjective
            && after(head, m.range.end, 12)
                .trim_start()
                .starts_with("delegation")
        {
            return Some(m.entry);
        }
    }
    let lower = head.to_lowercase();
    for word in ["delegación ", "délégation ", "delegacion ", "delegation "] {
        for (at, _) in lower.match_indices(word) {
            let adjective: String = lower[at + word.len()..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            if let Some(entry) = stem_match(&adjective, registry) {
                return Some(entry);
            }
        }
    }
    None
}

/// The one registry entry whose name starts with the stem of a French or
/// Spanish adjective of nationality.
fn stem_match(adjective: &str, registry: &Registry) -> Option<usize> {
    const ENDINGS: &[&str] = &[
        "ienne", "ienn", "aise", "ana", "ano", "ina", "ino", "ena", "eno", "ien", "ais", "ia", "a",
        "o", "e",
    ];
    let folded = crate::text::fold::fold_str(adjective);
    // The registry's own French and Spanish adjectives first ("hongroise",
    // "británica"): many share no stem with the English name.
    if let Some(entry) = registry.adjective(&folded) {
        return entry;
    }
    let stem = ENDINGS
        .iter()
        .find_map(|e| folded.strip_suffix(e))
        .unwrap_or(&folded);
    if stem.chars().count() < 3 {
        return None;
    }
    let mut found = registry.entries().iter().enumerate().filter(|(i, e)| {
        e.role != crate::model::Role::Group && registry.folded_name(*i).starts_with(stem)
    });
    let first = found.next()?;
    found.next().is_none().then_some(first.0)
}

/// The group a delegation speaks for: "I have the honour to speak on behalf
/// of the 14 member states of the Pacific Islands Forum".
pub fn on_behalf_of(text: &str, registry: &Registry) -> Option<usize> {
    let head = &text[..text.floor_char_boundary(text.len().min(800))];
    static BEHALF: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("behalf"));
    BEHALF.find(head.as_bytes())?;
    let lower = head.to_ascii_lowercase();
    for (at, _) in lower.match_indices("on behalf of") {
        let lead = &lower[lower.floor_char_boundary(at.saturating_sub(60))..at];
        let clause = lead.rsplit(['.', ';']).next().unwrap_or(lead);
        let speaks = [
            "speak",
            "statement",
            "honour",
            "honor",
            "deliver",
            "take the floor",
        ]
        .iter()
        .any(|w| clause.contains(w));
        let reported = ["delivered by", "made by", "presented by"]
            .iter()
            .any(|w| clause.contains(w));
        if !speaks || reported {
            continue;
        }
        let from = at + "on behalf of".len();
        let window = &head[from..head.floor_char_boundary((from + 120).min(head.len()))];
        // A group or an observer such as the European Union: "on behalf of
        // Germany and Belgium, the co-penholders" lists States speaking
        // together, which no one of them speaks for.
        if let Some(m) = registry.mentions_iter(window).find(|m| {
            !m.adjective && registry.entry(m.entry).role != crate::model::Role::Delegation
        }) {
            return Some(m.entry);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn given(text: &str) -> Option<String> {
        let r = Registry::builtin();
        let cues = floor_cues(text, &r);
        last_given(&cues, text.len()).map(|i| r.entry(i).name.clone())
    }

    #[test]
    fn an_invitation_to_take_part_gives_nobody_the_floor() {
        assert_eq!(
            given(
                "In accordance with rule 37 of the Council's provisional rules of procedure, \
                 I invite the representative of Yemen to participate in this meeting."
            ),
            None
        );
        assert_eq!(
            given(
                "I invite the representatives of Yemen, Saudi Arabia and Iran to participate in this meeting."
            ),
            None
        );
        assert_eq!(
            given("I now invite the representative of Yemen to make a statement.").as_deref(),
            Some("Yemen")
        );
    }

    #[test]
    fn the_last_cue_wins_and_followed_by_is_next() {
        assert_eq!(
            given("Thank you, Germany, I give now the floor to Malaysia please.").as_deref(),
            Some("Malaysia")
        );
        assert_eq!(
            given("I give the floor now to Brazil to be followed by Thailand, Brazil, please.")
                .as_deref(),
            Some("Brazil")
        );
        assert_eq!(
            given("Egypt, please to be followed by Thailand, Egypt.").as_deref(),
            Some("Egypt")
        );
        assert_eq!(
            given("And I start with the Islamic Republic of Iran, followed by the European Union. Iran, please.").as_deref(),
            Some("Islamic Republic of Iran")
        );
        assert_eq!(
            given("Thank you for the statement, El Salvador, you have the floor please.")
                .as_deref(),
            Some("El Salvador")
        );
        assert_eq!(
            given("Thank you very much, Malawi. I have no other requests.").as_deref(),
            None
        );
        assert_eq!(
            given(
                "The next speaker on my list is Chile. I now call on the representative of Cuba."
            )
            .as_deref(),
            Some("Cuba")
        );
        assert_eq!(
            given("Merci. Je donne la parole à la délégation de Cuba.").as_deref(),
            Some("Cuba")
        );
        assert_eq!(
            given("Gracias. Tiene la palabra la delegación de Chile.").as_deref(),
            Some("Chile")
        );
        assert_eq!(given("Chile, tiene la palabra.").as_deref(), Some("Chile"));
        assert_eq!(
            given("We thank the delegation of Cuba for its statement.").as_deref(),
            None
        );
    }

    #[test]
    fn french_and_spanish_names_of_states_are_given_the_floor() {
        assert_eq!(
            given("Merci. Je donne la parole à la délégation de la Hongrie.").as_deref(),
            Some("Hungary")
        );
        assert_eq!(
            given("Je donne maintenant la parole au Royaume-Uni.").as_deref(),
            Some("United Kingdom")
        );
        assert_eq!(
            given("Gracias. Tiene la palabra la delegación de Hungría.").as_deref(),
            Some("Hungary")
        );
        assert_eq!(
            given("Tiene la palabra la delegación de la República Islámica del Irán.").as_deref(),
            Some("Islamic Republic of Iran")
        );
        assert_eq!(
            given("Gracias. Tiene la palabra el Reino Unido.").as_deref(),
            Some("United Kingdom")
        );
    }

    #[test]
    fn a_delegation_named_by_its_french_or_spanish_adjective() {
        let r = Registry::builtin();
        let named = |t: &str| delegation_adjective(t, &r).map(|i| r.entry(i).name.clone());
        assert_eq!(
            named("La delegación mexicana agradece al Relator Especial.").as_deref(),
            Some("Mexico")
        );
        assert_eq!(
            named("La délégation hongroise remercie le Rapporteur spécial.").as_deref(),
            Some("Hungary")
        );
        assert_eq!(
            named("La delegación británica desea agradecer.").as_deref(),
            Some("United Kingdom")
        );
        assert_eq!(
            named("La délégation cubaine remercie.").as_deref(),
            Some("Cuba")
        );
        assert_eq!(
            named("La délégation remercie le Président.").as_deref(),
            None
        );
    }

    #[test]
    fn bracketed_speech_is_an_interjection() {
        let text = "I give now the floor to Thailand please. [Mr Chair, we did not request the floor. Thank you.] Okay. [Unclear] [fr]";
        let found = interjections(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            &text[found[0].clone()],
            "Mr Chair, we did not request the floor. Thank you."
        );
        let r = Registry::builtin();
        let cues = floor_cues(text, &r);
        assert_eq!(
            r.entry(last_given(&cues, found[0].start).unwrap()).name,
            "Thailand"
        );
    }

    #[test]
    fn self_reference_finds_the_subject_not_others() {
        let r = Registry::builtin();
        let name = |t: &str| self_reference(t, &r).map(|i| r.entry(i).name.clone());
        assert_eq!(name("Thank you honorable chairman, Germany is fully aligned with the statement of the European Union").as_deref(), Some("Germany"));
        assert_eq!(name("Malaysia associates itself with a statement delivered by Indonesia on behalf of NAM.").as_deref(), Some("Malaysia"));
        assert_eq!(
            name("Colombia comparte el objetivo propuesto en el documento").as_deref(),
            Some("Colombia")
        );
        assert_eq!(
            name("La France partage les préoccupations du Secrétaire général").as_deref(),
            Some("France")
        );
        assert_eq!(
            name("Colombia es hoy un país diferente").as_deref(),
            Some("Colombia")
        );
        assert_eq!(
            name("La France est attachée au multilatéralisme").as_deref(),
            Some("France")
        );
        // Somebody else's country, after "de": not the speaker.
        assert_eq!(name("La situación de Venezuela es grave").as_deref(), None);
        assert_eq!(
            name("my delegation aligns itself with a statement made by the European Union")
                .as_deref(),
            None
        );
    }

    #[test]
    fn on_behalf_of_needs_the_speaker_to_speak_for_the_group() {
        let r = Registry::builtin();
        let group = |t: &str| on_behalf_of(t, &r).map(|i| r.entry(i).name.clone());
        assert_eq!(
            group("Chair, I have the honor to speak on behalf of the 14 member states of the Pacific Islands Forum with presence").as_deref(),
            Some("Pacific Islands Forum")
        );
        assert_eq!(group("Malaysia associates itself with a statement delivered by Indonesia on behalf of NAM.").as_deref(), None);
        assert_eq!(
            group(
                "I shall make this statement on behalf of Germany and Belgium, the humanitarian co-penholders."
            ),
            None
        );
    }
}
