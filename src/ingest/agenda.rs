//! Agenda items: headings that open one ("Agenda item 93 (continued)",
//! "Item 5 of the agenda: Capacity building") and the configured agenda
//! vocabulary, matched in headings and in the chair's words ("the floor is
//! now open on capacity building").

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::config::AgendaEntry;

use super::cues::{before, ends_with_any, trim_end_word};

/// "Agenda item 93 (continued)", "Item 5 of the agenda".
pub(super) fn is_agenda_heading(s: &str) -> bool {
    let s = s.trim_start();
    let head = &s[..s.floor_char_boundary(24)];
    let strip = |word: &str| {
        let b = head.as_bytes();
        (b.len() >= word.len() && b[..word.len()].eq_ignore_ascii_case(word.as_bytes()))
            .then(|| &head[word.len()..])
    };
    let rest = strip("agenda item")
        .or_else(|| strip("item"))
        .map(str::trim_start);
    if rest.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit())) {
        return true;
    }
    // "Point 4 de l'ordre du jour", "Tema 5 del programa": in French and
    // Spanish the number comes first and the agenda after it.
    let numbered = strip("point ")
        .or_else(|| strip("tema "))
        .or_else(|| strip("punto "))
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    let lower = s[..s.floor_char_boundary(80)].to_lowercase();
    numbered
        && [
            "de l'ordre du jour",
            "de l’ordre du jour",
            "del programa",
            "del orden del día",
        ]
        .iter()
        .any(|w| lower.contains(w))
}

/// The agenda number in an agenda heading ("93" in "Agenda item 93 (continued)").
pub(super) fn agenda_number(s: &str) -> Option<String> {
    let digits_at = s.find(|c: char| c.is_ascii_digit())?;
    let number: String = s[digits_at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    Some(number.trim_end_matches('.').to_string())
}

/// The item's title when an agenda heading gives it after its number and a
/// colon or dash ("Capacity building" in "Agenda item 5: Capacity
/// building"); `None` for "Agenda item 93 (continued)" or "Item 5 of the
/// agenda".
pub(super) fn agenda_title_after_number(s: &str) -> Option<&str> {
    let digits_at = s.find(|c: char| c.is_ascii_digit())?;
    let rest = s[digits_at..]
        .trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '.')
        .trim_start();
    let rest = rest.strip_prefix([':', '-', '–', '—'])?;
    let title = rest.trim().trim_end_matches(['.', ':']).trim_end();
    (!title.is_empty()).then_some(title)
}

/// The item a statement's title names in parentheses at its end, with the
/// words before it: "Plenario: Cuestión de la representación ... (Tema
/// 122)" gives ("Cuestión de la representación ...", "122"); also
/// "(Agenda item 5)", "(Item 5)", "(Point 5)", "(Punto 5)".
pub fn item_in_title(line: &str) -> Option<(String, String)> {
    let line = line.trim_end();
    let inner = line.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let marker = &inner[open + 1..];
    let number = ["agenda item ", "item ", "tema ", "point ", "punto "]
        .iter()
        .find_map(|w| {
            let head = marker.get(..w.len())?;
            head.eq_ignore_ascii_case(w).then(|| &marker[w.len()..])
        })
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'))?;
    let before = inner[..open].trim_end();
    let title = before.rsplit(": ").next().unwrap_or(before).trim();
    let mut shown = String::new();
    crate::model::push_unwrapped(&mut shown, title);
    (!shown.is_empty()).then(|| (shown, number.to_string()))
}

/// The agenda vocabulary as a matcher over running text.
#[derive(Debug, Clone)]
pub struct AgendaMatcher {
    titles: Vec<String>,
    matcher: AhoCorasick,
    targets: Vec<usize>,
}

/// Words that, right before an agenda title, mean the chair opens it.
const OPENS: &[&str] = &[
    "floor is now open on",
    "floor is now open for",
    "floor is open on",
    "floor is open for",
    "open the floor on",
    "open the floor for",
    "now turn to",
    "now move to",
    "now move on to",
    "proceed to",
    "now take up",
    "move to the next item",
    "turn to the next item",
    "sub-item on",
    "sub item on",
];

impl AgendaMatcher {
    pub fn new(vocabulary: &[AgendaEntry]) -> Self {
        let mut patterns = Vec::new();
        let mut targets = Vec::new();
        for (i, entry) in vocabulary.iter().enumerate() {
            for name in std::iter::once(&entry.title).chain(&entry.aliases) {
                patterns.push(name.clone());
                targets.push(i);
            }
        }
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("agenda patterns build");
        Self {
            titles: vocabulary.iter().map(|e| e.title.clone()).collect(),
            matcher,
            targets,
        }
    }

    pub fn title(&self, index: usize) -> &str {
        &self.titles[index]
    }

    /// The vocabulary title a heading or phrase means, if any.
    pub fn normalise(&self, text: &str) -> Option<usize> {
        self.matcher
            .find_iter(text)
            .find(|m| word_bounded(text, m.range()))
            .map(|m| self.targets[m.pattern().as_usize()])
    }

    /// The agenda item a chair's turn opens: the title after an opening
    /// phrase ("the floor is now open on ..."), or, in the chair's
    /// `opening_words` (nobody else has spoken in the item under way) when
    /// `current` is none yet, the title the turn names most often.
    ///
    /// Later in a meeting a title merely named is no opening: a chair
    /// speaking "in my capacity as the representative of Viet Nam" about
    /// capacity-building, or about international law in a debate on Yemen,
    /// is not moving the meeting on (Security Council records S/PV.8702 and
    /// S/PV.8704 grew items "Capacity building" and "International law").
    pub fn opened_by(
        &self,
        text: &str,
        current: Option<usize>,
        opening_words: bool,
    ) -> Option<usize> {
        // Allocated at the first title found (most turns name none).
        let mut counts: Vec<usize> = Vec::new();
        let mut opened = None;
        let mut first_seen: Vec<usize> = Vec::new();
        for m in self.matcher.find_iter(text) {
            if !word_bounded(text, m.range()) {
                continue;
            }
            if counts.is_empty() {
                counts = vec![0; self.titles.len()];
            }
            let target = self.targets[m.pattern().as_usize()];
            if counts[target] == 0 {
                first_seen.push(target);
            }
            counts[target] += 1;
            let lead = before(text, m.start(), 48);
            let lead = trim_end_word(trim_end_word(lead, " the"), " of");
            if ends_with_any(lead, OPENS) {
                opened = Some(target);
            }
        }
        if opened.is_some() {
            return opened.filter(|t| Some(*t) != current);
        }
        if current.is_some() || !opening_words {
            return None;
        }
        let best = first_seen.iter().copied().max_by_key(|t| {
            // Most mentions; the earliest wins a tie.
            (
                counts[*t],
                std::cmp::Reverse(first_seen.iter().position(|x| x == t)),
            )
        })?;
        Some(best)
    }
}

fn word_bounded(text: &str, range: Range<usize>) -> bool {
    let b = text.as_bytes();
    let ok_before = range.start == 0 || !b[range.start - 1].is_ascii_alphanumeric();
    let ok_after = range.end == b.len() || !b[range.end].is_ascii_alphanumeric();
    ok_before && ok_after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agenda_headings_in_english_french_and_spanish() {
        assert!(is_agenda_heading("Agenda item 93 (continued)"));
        assert!(is_agenda_heading("Item 10 of the provisional agenda"));
        assert!(is_agenda_heading("Point 4 de l'ordre du jour"));
        assert!(is_agenda_heading("Tema 5 del programa (continuación)"));
        assert!(!is_agenda_heading("Point 4 is important"));
        assert!(!is_agenda_heading("Tema 5"));
        assert_eq!(agenda_number("Tema 5 del programa").as_deref(), Some("5"));
    }

    #[test]
    fn a_statements_title_names_its_item() {
        assert_eq!(
            item_in_title("Intervención de S.E., Plenario: Cuestión de la reforma (Tema 122)"),
            Some(("Cuestión de la reforma".to_string(), "122".to_string()))
        );
        assert_eq!(
            item_in_title("Statement by Chile (Agenda item 5)"),
            Some(("Statement by Chile".to_string(), "5".to_string()))
        );
        assert_eq!(item_in_title("Statement by Mr. X (Chile)"), None);
        assert_eq!(item_in_title("Remarks (item)"), None);
    }

    #[test]
    fn agenda_items_open_on_cues_or_by_most_mentions() {
        let m = AgendaMatcher::new(&crate::config::Config::default().agenda);
        let first = "we had begun the discussion on sub agenda item relating to capacity building. \
            ... under this sub-item on capacity building ... I intend to move on to the next item under agenda item five, \
            which is the topic of regular institutional dialogue ... hear statements on capacity building";
        let cb = m
            .opened_by(first, None, true)
            .map(|i| m.title(i).to_string());
        assert_eq!(cb.as_deref(), Some("Capacity building"));
        // Named after others have spoken: no opening, unless cued.
        let named = "Viet Nam supports capacity building, and capacity building again.";
        assert!(m.opened_by(named, None, true).is_some());
        assert_eq!(m.opened_by(named, None, false), None);
        assert!(
            m.opened_by(first, None, false).is_some(),
            "cued: sub-item on"
        );
        let cued = "Thank you. The floor is now open on capacity building.";
        assert!(m.opened_by(cued, None, false).is_some());
        let cb_index = m.normalise("capacity building");
        let later = "no other requests under the sub item on capacity building. So the floor is now open on regular institutional dialogue.";
        let rid = m
            .opened_by(later, cb_index, false)
            .map(|i| m.title(i).to_string());
        assert_eq!(rid.as_deref(), Some("Regular institutional dialogue"));
        assert_eq!(
            m.opened_by("Thank you, capacity building matters.", cb_index, true),
            None
        );
    }
}
