//! An intervention ([`Turn`]) and what it is made of: the speaker's role,
//! how the speaker was found ([`Attribution`], [`Evidence`]), the
//! paragraphs ([`Paragraphs`]).

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

/// What a speaker is in the meeting.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, Default,
)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Chair,
    Delegation,
    Group,
    Observer,
    Secretariat,
    Moderator,
    Official,
    Press,
    #[default]
    Unknown,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Chair,
        Role::Delegation,
        Role::Group,
        Role::Observer,
        Role::Secretariat,
        Role::Moderator,
        Role::Official,
        Role::Press,
        Role::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Chair => "chair",
            Role::Delegation => "delegation",
            Role::Group => "group",
            Role::Observer => "observer",
            Role::Secretariat => "secretariat",
            Role::Moderator => "moderator",
            Role::Official => "official",
            Role::Press => "press",
            Role::Unknown => "unknown",
        }
    }
}

/// How the speaker of a turn was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attribution {
    /// A line naming the speaker above the turn.
    Label,
    /// An inline prefix: `The Chair:`, `MS. PSAKI:`, `Q`.
    Prefix,
    /// The chair's last floor cue before the turn.
    FloorCue,
    /// The turn names its own delegation ("Germany is fully aligned ...").
    SelfReference,
    /// The document header (statements and submissions).
    Header,
    /// A user's correction.
    Manual,
    /// Nobody could be found.
    Unknown,
}

impl Attribution {
    pub fn as_str(self) -> &'static str {
        match self {
            Attribution::Label => "label",
            Attribution::Prefix => "prefix",
            Attribution::FloorCue => "floor-cue",
            Attribution::SelfReference => "self-reference",
            Attribution::Header => "header",
            Attribution::Manual => "manual",
            Attribution::Unknown => "unknown",
        }
    }
}

/// One intervention: somebody holding the floor.
///
/// Kept compact, since a corpus holds one per intervention for the whole
/// session (117,285 in the 1,151 press briefings, most of them a question
/// or an answer of a few lines): the speaker's name is shared by the
/// document's turns ([`Document::shrink_to_fit`](super::Document::shrink_to_fit)),
/// the paragraphs are held inline up to two, paragraph and evidence offsets are
/// `u32`, and what few turns have (a person, joint authors, a group
/// spoken for) is boxed apart ([`TurnDetails`]). Read and set those
/// through the methods.
#[derive(Debug, Clone)]
pub struct Turn {
    /// Display name: the registry's canonical name for a delegation or group
    /// ("Islamic Republic of Iran"), the person's name otherwise
    /// ("Ambassador Gafoor", "MS. PSAKI"), or a short list for joint authors
    /// ("France, Egypt and 45 others"). "Unknown speaker" when none was found.
    pub speaker: Arc<str>,
    pub role: Role,
    pub attribution: Attribution,
    /// A short utterance inside another speaker's turn (a bracketed
    /// interjection in the chair's turn).
    pub interjection: bool,
    /// How sure the attribution is, from 0 to 1: an estimate of being right,
    /// low where errors are likely (see [`Turn::is_doubtful`]).
    pub confidence: f32,
    pub start_line: u32,
    /// From the start of the label or prefix to the end of the last paragraph.
    pub range: Range<usize>,
    /// Where the speaker was found: the label, the chair's cue, the words
    /// naming the delegation. `None` when nobody was found.
    pub evidence: Option<Evidence>,
    /// The spoken text, without label, prefix, markup or debris; a paragraph
    /// may span several hard-wrapped lines.
    pub paragraphs: Paragraphs,
    /// The person, joint authors and group spoken for, where any is known
    /// (`None` for most turns).
    pub details: Option<Box<TurnDetails>>,
}

/// What few turns have, boxed apart from [`Turn`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TurnDetails {
    /// The person speaking, where named apart from the delegation
    /// ("Mrs. Anne Gueguen").
    pub person: Option<String>,
    /// Every delegation speaking, for joint statements and submissions.
    pub authors: Vec<String>,
    /// The group a delegation speaks for ("Pacific Islands Forum").
    pub on_behalf_of: Option<String>,
}

impl TurnDetails {
    /// The details, boxed, or `None` when there are none.
    pub fn boxed(
        person: Option<String>,
        authors: Vec<String>,
        on_behalf_of: Option<String>,
    ) -> Option<Box<TurnDetails>> {
        let details = TurnDetails {
            person,
            authors,
            on_behalf_of,
        };
        (details != TurnDetails::default()).then(|| Box::new(details))
    }
}

impl Turn {
    /// A turn of `speaker` over `range`, starting on `start_line`, with no
    /// paragraphs, evidence or details yet.
    pub fn new(
        speaker: impl Into<Arc<str>>,
        role: Role,
        attribution: Attribution,
        range: Range<usize>,
        start_line: u32,
    ) -> Turn {
        Turn {
            speaker: speaker.into(),
            role,
            attribution,
            interjection: false,
            confidence: 0.9,
            start_line,
            range,
            evidence: None,
            paragraphs: Paragraphs::default(),
            details: None,
        }
    }

    /// The person speaking, where named apart from the delegation
    /// ("Mrs. Anne Gueguen").
    pub fn person(&self) -> Option<&str> {
        self.details.as_ref()?.person.as_deref()
    }

    /// Every delegation speaking, for joint statements and submissions.
    pub fn authors(&self) -> &[String] {
        self.details.as_ref().map_or(&[], |d| &d.authors)
    }

    /// The group a delegation speaks for ("Pacific Islands Forum").
    pub fn on_behalf_of(&self) -> Option<&str> {
        self.details.as_ref()?.on_behalf_of.as_deref()
    }

    pub fn set_person(&mut self, person: Option<String>) {
        self.edit_details(|d| d.person = person);
    }

    pub fn set_authors(&mut self, authors: Vec<String>) {
        self.edit_details(|d| d.authors = authors);
    }

    pub fn set_on_behalf_of(&mut self, group: Option<String>) {
        self.edit_details(|d| d.on_behalf_of = group);
    }

    /// Changes the details, keeping no box when none is left.
    fn edit_details(&mut self, edit: impl FnOnce(&mut TurnDetails)) {
        let mut details = self.details.take().map(|b| *b).unwrap_or_default();
        edit(&mut details);
        self.details = TurnDetails::boxed(details.person, details.authors, details.on_behalf_of);
    }
}

/// Below this confidence a turn is doubtful: the reader marks it, so that a
/// user checks those turns first.
pub const DOUBTFUL: f32 = 0.5;

impl Turn {
    /// Whether the attribution is likely wrong enough to be checked.
    pub fn is_doubtful(&self) -> bool {
        self.confidence < DOUBTFUL
    }
}

/// What a turn's speaker was found from, for `floor check --explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// 1-based line of the words.
    pub line: u32,
    /// The words (a label, the end of the chair's cue) in the canonical
    /// text, as `u32` offsets ([`Evidence::range`]); shown shortened by
    /// [`Document::quote`](super::Document::quote).
    words: (u32, u32),
    /// The words start inside a sentence (the end of a long cue).
    pub cut: bool,
}

impl Evidence {
    pub fn new(line: u32, range: Range<usize>, cut: bool) -> Evidence {
        Evidence {
            line,
            words: (offset32(range.start), offset32(range.end)),
            cut,
        }
    }

    /// The words in the canonical text.
    pub fn range(&self) -> Range<usize> {
        self.words.0 as usize..self.words.1 as usize
    }
}

/// An offset of a document's text as kept in a turn: documents are under
/// 4 GiB (the search index refuses longer ones), so this never saturates
/// in practice.
fn offset32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// The paragraphs of a turn: byte ranges of the canonical text, in order.
///
/// Up to two are held inline (most turns of a press briefing are one or
/// two paragraphs), more in one vector; offsets are kept as `u32` and
/// handed out as `Range<usize>`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Paragraphs(Repr);

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    Few(u8, [(u32, u32); 2]),
    Many(Vec<(u32, u32)>),
}

impl Default for Repr {
    fn default() -> Repr {
        Repr::Few(0, [(0, 0); 2])
    }
}

impl Paragraphs {
    fn pairs(&self) -> &[(u32, u32)] {
        match &self.0 {
            Repr::Few(n, few) => &few[..usize::from(*n)],
            Repr::Many(many) => many,
        }
    }

    pub fn len(&self) -> usize {
        self.pairs().len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs().is_empty()
    }

    /// The paragraphs in order.
    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = Range<usize>> + ExactSizeIterator + Clone + '_ {
        self.pairs().iter().map(|&(s, e)| s as usize..e as usize)
    }

    pub fn get(&self, i: usize) -> Option<Range<usize>> {
        self.pairs().get(i).map(|&(s, e)| s as usize..e as usize)
    }

    pub fn first(&self) -> Option<Range<usize>> {
        self.get(0)
    }

    pub fn last(&self) -> Option<Range<usize>> {
        self.iter().next_back()
    }

    pub fn push(&mut self, range: Range<usize>) {
        let pair = (offset32(range.start), offset32(range.end));
        match &mut self.0 {
            Repr::Few(n, few) if usize::from(*n) < few.len() => {
                few[usize::from(*n)] = pair;
                *n += 1;
            }
            Repr::Few(_, few) => {
                let mut many = few.to_vec();
                many.push(pair);
                self.0 = Repr::Many(many);
            }
            Repr::Many(many) => many.push(pair),
        }
    }

    pub fn clear(&mut self) {
        self.0 = Repr::default();
    }

    /// Gives back the room the pushes left.
    pub fn shrink_to_fit(&mut self) {
        if let Repr::Many(many) = &mut self.0 {
            many.shrink_to_fit();
        }
    }
}

impl std::fmt::Debug for Paragraphs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Extend<Range<usize>> for Paragraphs {
    fn extend<I: IntoIterator<Item = Range<usize>>>(&mut self, ranges: I) {
        for range in ranges {
            self.push(range);
        }
    }
}

impl FromIterator<Range<usize>> for Paragraphs {
    fn from_iter<I: IntoIterator<Item = Range<usize>>>(ranges: I) -> Paragraphs {
        let mut paragraphs = Paragraphs::default();
        paragraphs.extend(ranges);
        paragraphs
    }
}

impl From<Vec<Range<usize>>> for Paragraphs {
    fn from(ranges: Vec<Range<usize>>) -> Paragraphs {
        ranges.into_iter().collect()
    }
}

impl IntoIterator for Paragraphs {
    type Item = Range<usize>;
    type IntoIter = std::vec::IntoIter<Range<usize>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter().collect::<Vec<_>>().into_iter()
    }
}

impl<'a> IntoIterator for &'a Paragraphs {
    type Item = Range<usize>;
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (u32, u32)>, fn(&(u32, u32)) -> Range<usize>>;

    fn into_iter(self) -> Self::IntoIter {
        self.pairs().iter().map(|&(s, e)| s as usize..e as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_hold_any_number_in_order() {
        for n in 0..6usize {
            let ranges: Vec<Range<usize>> = (0..n).map(|i| i * 10..i * 10 + 5).collect();
            let mut pushed = Paragraphs::default();
            for r in &ranges {
                pushed.push(r.clone());
            }
            pushed.shrink_to_fit();
            assert_eq!(pushed.iter().collect::<Vec<_>>(), ranges);
            assert_eq!(pushed.len(), n);
            assert_eq!(pushed.first(), ranges.first().cloned());
            assert_eq!(pushed.last(), ranges.last().cloned());
            assert_eq!(pushed, Paragraphs::from(ranges.clone()));
            assert_eq!((&pushed).into_iter().rev().count(), n);
        }
    }

    #[test]
    fn details_are_boxed_only_when_there_are_any() {
        let mut turn = Turn::new("France", Role::Delegation, Attribution::Label, 0..5, 1);
        assert!(turn.details.is_none());
        turn.set_on_behalf_of(Some("European Union".into()));
        assert_eq!(turn.on_behalf_of(), Some("European Union"));
        assert_eq!(turn.person(), None);
        turn.set_on_behalf_of(None);
        assert!(turn.details.is_none());
        assert!(turn.authors().is_empty());
    }

    #[test]
    fn a_turn_stays_small() {
        // 176 bytes before the compact form; the press briefings hold
        // 117,285 turns.
        assert!(size_of::<Turn>() <= 104, "{}", size_of::<Turn>());
    }
}
