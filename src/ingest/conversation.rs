//! A transcript's turns and agenda items assembled, paragraph by paragraph,
//! from what [`super::parse`] classified: a label or prefix opens a turn,
//! a chair's floor cue hands the next paragraph to the one called, a
//! placeholder label is named by a cue or by its own words, interjections
//! in the chair's turn become turns of their own, headings and the chair's
//! words open agenda items. One state machine over the paragraphs, which is
//! why it stays one file.

use std::ops::Range;

use crate::model::{AgendaItem, AgendaSource, Attribution, Evidence, Role, Turn, Warning};

use super::agenda::{agenda_number, agenda_title_after_number};
use super::cues;
use super::layout::{self, Paragraph};
use super::parse::{Parser, Piece, Shape, UNKNOWN_SPEAKER, implicit_item};
use super::registry::Registry;
use super::speakers::{self, Named};

/// A turn being gathered.
struct OpenTurn {
    turn: Turn,
    /// The registry entry of the turn's speaker, looked up once.
    registered: Option<usize>,
    /// Interjections found inside it, emitted right after it.
    interjections: Vec<Turn>,
    /// The speaker it gave the floor to last.
    cue: Option<Cued>,
}

/// A chair's floor cue at the end of the open turn.
#[derive(Debug, Clone)]
struct Cued {
    entry: usize,
    /// Whether the cue ends the turn's last paragraph.
    at_end: bool,
    evidence: Evidence,
}

impl OpenTurn {
    fn new(turn: Turn, registered: Option<usize>) -> Self {
        Self {
            registered,
            turn,
            interjections: Vec::new(),
            cue: None,
        }
    }
}

/// Assembles the turns and agenda items of a transcript, paragraph by
/// paragraph.
pub(super) struct Conversation<'a> {
    parser: &'a Parser,
    text: &'a str,
    items: Vec<AgendaItem>,
    /// The vocabulary index of the current item, when it came from it.
    current_topic: Option<usize>,
    open: Option<OpenTurn>,
    /// People found to preside (their labels give the floor).
    chairs: Vec<String>,
    /// An agenda heading was just seen; a title line may follow.
    awaiting_subtitle: bool,
    /// Registry lookups of speakers' names that are no entry's own.
    looked_up: Vec<(String, Option<usize>)>,
    /// Start and line of the paragraph being added: a cue's line is
    /// counted from there.
    paragraph_at: (usize, u32),
    /// Lines are counted from the last offset asked about, so that finding
    /// the line of every interjection stays linear in the document's length.
    lines: LineCursor,
    warnings: Vec<Warning>,
    /// Who speaks where no label, cue or self-reference says: the briefer
    /// an editor's note names, with that note as evidence.
    default_speaker: Option<(Named, Evidence)>,
    /// The chair was found by giving the floor in a record without labels:
    /// later paragraphs that give the floor are the chair's again.
    unlabelled_chair: bool,
}

impl<'a> Conversation<'a> {
    pub(super) fn new(parser: &'a Parser, text: &'a str) -> Self {
        Self {
            parser,
            text,
            items: Vec::new(),
            current_topic: None,
            open: None,
            chairs: Vec::new(),
            awaiting_subtitle: false,
            looked_up: Vec::new(),
            paragraph_at: (0, 1),
            lines: LineCursor::default(),
            warnings: Vec::new(),
            default_speaker: None,
            unlabelled_chair: false,
        }
    }

    /// Unlabelled paragraphs with nobody else to attribute them to are
    /// `named`'s, as `evidence` says.
    pub(super) fn set_default_speaker(&mut self, named: Named, evidence: Evidence) {
        self.default_speaker = Some((named, evidence));
    }

    fn registry(&self) -> &Registry {
        &self.parser.registry
    }

    pub(super) fn add(&mut self, p: &Paragraph, piece: Piece) {
        self.paragraph_at = (p.range.start, p.line);
        match piece {
            Piece::Heading { title, agenda } => {
                self.close();
                let title_text = &self.text[title];
                let topic = self.parser.agenda.normalise(title_text);
                // "Agenda item 5: Capacity building" names its item on the
                // same line; "Agenda item 93 (continued)" on the next.
                let same_line = agenda
                    .then(|| agenda_title_after_number(title_text))
                    .flatten();
                let shown = match (topic, same_line) {
                    (_, Some(title)) => title.to_string(),
                    (Some(i), None) if !agenda => self.parser.agenda.title(i).to_string(),
                    _ => title_text.trim_end_matches(['.', ':']).to_string(),
                };
                self.current_topic = topic;
                self.awaiting_subtitle = agenda && same_line.is_none();
                self.push_item(AgendaItem {
                    title: Some(shown),
                    number: if agenda {
                        agenda_number(title_text)
                    } else {
                        None
                    },
                    source: AgendaSource::Heading,
                    start_line: p.line,
                    turns: Vec::new(),
                });
            }
            Piece::Label(named) => {
                self.awaiting_subtitle = false;
                let cued = self.take_cue().map(|c| c.entry);
                self.close();
                let registered = self.registered(&named);
                let by_registry = named.entry.is_some() || registered.is_some();
                let mut turn = self.new_turn(named, Attribution::Label, p);
                turn.confidence = match cued {
                    Some(entry) if *self.registry().entry(entry).name == *turn.speaker => 1.0,
                    _ if by_registry => 0.95,
                    _ => 0.9,
                };
                turn.evidence = Some(words_at(self.text, p.line, p.range.clone()));
                self.open = Some(OpenTurn::new(turn, registered));
            }
            Piece::Prefix(named, body, shape) => {
                self.awaiting_subtitle = false;
                let cued = self.take_cue();
                self.close();
                let prefix = p.range.start..body.start.max(p.range.start);
                // A summary record's speaker is named inside the paragraph.
                let shown = if self.text[prefix.clone()].contains(char::is_alphabetic) {
                    prefix
                } else {
                    p.range.clone()
                };
                let label = words_at(self.text, p.line, shown);
                if shape == Shape::Placeholder {
                    self.placeholder(named, body, cued, label, p);
                    return;
                }
                let registered = self.registered(&named);
                let by_registry = named.entry.is_some() || registered.is_some();
                let mut turn = self.new_turn(named, Attribution::Prefix, p);
                turn.confidence = match shape {
                    _ if cued.as_ref().map(|c| c.entry) == registered && registered.is_some() => {
                        // The label names the delegation the chair just called.
                        1.0
                    }
                    _ if by_registry => 0.95,
                    Shape::Sure => 0.9,
                    // A label because the document uses such labels.
                    _ => 0.8,
                };
                turn.evidence = Some(label);
                self.open = Some(OpenTurn::new(turn, registered));
                if !body.is_empty() {
                    self.push_paragraph(body);
                }
            }
            Piece::Candidate(..) => self.body(p),
            Piece::Body => self.body(p),
            Piece::Procedural => {}
        }
    }

    /// A turn whose label does not say who speaks ("Speaker 2", a bare
    /// `>>`): the chair's cue names it, or its own words; otherwise it
    /// stays the placeholder, a person unknown for this stretch only.
    fn placeholder(
        &mut self,
        named: Named,
        body: Range<usize>,
        cued: Option<Cued>,
        label: Evidence,
        p: &Paragraph,
    ) {
        let said = &self.text[body.clone()];
        let own = cues::self_reference(said, self.registry());
        let self_named = words_at(self.text, p.line, body.clone());
        let found = match (cued, own) {
            (Some(c), _) => Some((
                c.entry,
                Attribution::FloorCue,
                if own == Some(c.entry) { 1.0 } else { 0.7 },
                c.evidence,
            )),
            (None, Some(o)) => Some((o, Attribution::SelfReference, 0.55, self_named)),
            (None, None) => None,
        };
        if let Some((entry, attribution, confidence, evidence)) = found {
            self.open_delegation(entry, attribution, confidence, p, body.start);
            if let Some(open) = self.open.as_mut() {
                open.turn.evidence = Some(evidence);
            }
            return;
        }
        let unknown = named.speaker == UNKNOWN_SPEAKER;
        let registered = self.registered(&named);
        let mut turn = self.new_turn(
            named,
            if unknown {
                Attribution::Unknown
            } else {
                Attribution::Prefix
            },
            p,
        );
        turn.confidence = if unknown { 0.0 } else { 0.3 };
        turn.evidence = (!unknown).then_some(label);
        self.open = Some(OpenTurn::new(turn, registered));
        if !body.is_empty() {
            self.push_paragraph(body);
        }
    }

    /// The registry entry a speaker's name is known under. Names that are
    /// not an entry's (a chair's label, said dozens of times) are
    /// remembered for the document.
    fn registered(&mut self, named: &Named) -> Option<usize> {
        if let Some(i) = named.entry {
            return self.registry().lookup_name_of(i);
        }
        if let Some((_, found)) = self.looked_up.iter().find(|(n, _)| *n == named.speaker) {
            return *found;
        }
        let found = self.registry().lookup(&named.speaker);
        if self.looked_up.len() < 16 {
            self.looked_up.push((named.speaker.clone(), found));
        }
        found
    }

    fn new_turn(&self, named: Named, attribution: Attribution, p: &Paragraph) -> Turn {
        let role = if self.chairs.contains(&named.speaker) {
            Role::Chair
        } else {
            named.role
        };
        let mut turn = Turn::new(named.speaker, role, attribution, p.range.clone(), p.line);
        turn.set_person(named.person);
        turn
    }

    /// The speaker the open turn gave the floor to, if it ended on a cue.
    fn take_cue(&mut self) -> Option<Cued> {
        self.open.as_mut().and_then(|o| o.cue.take())
    }

    fn body(&mut self, p: &Paragraph) {
        let range = p.range.clone();
        let text = &self.text[range.clone()];
        // "Agenda item 93" is often followed by the item's title on a line of its own.
        if std::mem::take(&mut self.awaiting_subtitle)
            && self.open.is_none()
            && text.len() <= 300
            && !text.ends_with(['.', '!', '?', ':', ';'])
            && let Some(item) = self.items.last_mut()
        {
            let mut title = String::new();
            crate::model::push_unwrapped(&mut title, text);
            if let Some(topic) = self.parser.agenda.normalise(&title) {
                self.current_topic = Some(topic);
            }
            item.title = Some(title);
            return;
        }
        // A chair who ended on a floor cue hands over to the cued speaker.
        let handover = self
            .open
            .as_ref()
            .and_then(|o| o.cue.clone())
            .filter(|c| c.at_end || p.blank_before >= 2);
        if let Some(Cued {
            entry,
            at_end,
            evidence,
        }) = handover
        {
            self.close();
            // "Türkiye: Thank you, Chair.": a label naming the cued
            // delegation confirms the cue and is not part of what it says.
            let label = speakers::label_naming(text, entry, self.registry());
            // Else the delegation naming itself confirms the cue, or
            // contradicts it; one speaking for a group names the group first.
            let own = if label.is_some() {
                Some(entry)
            } else {
                let group = cues::on_behalf_of(text, self.registry());
                cues::self_reference(text, self.registry()).filter(|own| Some(*own) != group)
            };
            let (confidence, attribution) = match own {
                Some(own) if own == entry => (1.0, Attribution::FloorCue),
                Some(own) => {
                    self.warnings.push(Warning::new(
                        p.line,
                        format!(
                            "the chair gave the floor to {} but the turn speaks as {}; kept {}",
                            self.registry().entry(entry).name,
                            self.registry().entry(own).name,
                            self.registry().entry(entry).name
                        ),
                    ));
                    (0.4, Attribution::FloorCue)
                }
                // A cue that ends the chair's turn is followed by the one
                // called; one followed by a pause only, less surely.
                None if at_end => (0.75, Attribution::FloorCue),
                None => (0.6, Attribution::FloorCue),
            };
            let start = range.start + label.unwrap_or(0);
            self.open_delegation(entry, attribution, confidence, p, start);
            if let Some(open) = self.open.as_mut() {
                open.turn.evidence = Some(evidence);
            }
            return;
        }
        // In a record without labels, the chair speaks between delegations
        // and is known by giving the floor ("I thank the representative of
        // Chile. I now give the floor to ...").
        if self.unlabelled_chair
            && self
                .open
                .as_ref()
                .is_some_and(|o| o.turn.role != Role::Chair)
            && speaks_as_chair(text, self.registry())
        {
            self.close();
            self.open_unlabelled_chair(p);
            self.push_paragraph(range);
            return;
        }
        let open_is_chair = self
            .open
            .as_ref()
            .is_some_and(|o| o.turn.role == Role::Chair);
        if self.default_speaker.is_none()
            && (self.open.is_none() || (open_is_chair && p.blank_before >= 2))
        {
            // An unlabelled turn without a cue: the delegation naming itself
            // is the best evidence left.
            if let Some(own) = cues::self_reference(text, self.registry()) {
                self.close();
                self.open_delegation(own, Attribution::SelfReference, 0.55, p, range.start);
                if let Some(open) = self.open.as_mut() {
                    open.turn.evidence = Some(words_at(self.text, p.line, range.clone()));
                }
                return;
            }
        }
        if self.open.is_none()
            && let Some((named, evidence)) = self.default_speaker.clone()
        {
            let registered = self.registered(&named);
            let mut turn = self.new_turn(named, Attribution::Header, p);
            // Named by the document's note only: likely, not sure.
            turn.confidence = 0.6;
            turn.evidence = Some(evidence);
            self.open = Some(OpenTurn::new(turn, registered));
        }
        if self.open.is_none() {
            let unknown = Named {
                speaker: UNKNOWN_SPEAKER.into(),
                person: None,
                role: Role::Unknown,
                entry: None,
            };
            let registered = self.registered(&unknown);
            let mut turn = self.new_turn(unknown, Attribution::Unknown, p);
            turn.confidence = 0.0;
            self.open = Some(OpenTurn::new(turn, registered));
        }
        self.push_paragraph(range);
    }

    /// Opens a turn of the chair of a record without labels at `p`.
    fn open_unlabelled_chair(&mut self, p: &Paragraph) {
        let named = Named::titled(CHAIR, Role::Chair);
        let mut turn = self.new_turn(named, Attribution::FloorCue, p);
        turn.confidence = UNLABELLED_CHAIR;
        turn.evidence = Some(words_at(self.text, p.line, p.range.clone()));
        self.open = Some(OpenTurn::new(turn, None));
    }

    /// Opens a turn of registry entry `entry` with paragraph `p`, whose
    /// text from `start` on is what it says.
    fn open_delegation(
        &mut self,
        entry: usize,
        attribution: Attribution,
        confidence: f32,
        p: &Paragraph,
        start: usize,
    ) {
        let e = self.registry().entry(entry);
        let named = Named {
            speaker: e.name.clone(),
            person: None,
            role: e.role,
            entry: Some(entry),
        };
        let registered = self.registered(&named);
        let mut turn = self.new_turn(named, attribution, p);
        turn.confidence = confidence;
        self.open = Some(OpenTurn::new(turn, registered));
        self.push_paragraph(start..p.range.end);
    }

    /// Adds spoken text to the open turn and reads what it says: floor cues
    /// and interjections in a chair's turn, a group spoken for, an agenda
    /// item opened.
    fn push_paragraph(&mut self, range: Range<usize>) {
        let text = self.text;
        let content = &text[range.clone()];
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let first = open.turn.paragraphs.is_empty();
        open.turn.range.end = range.end;
        let registry = &self.parser.registry;
        let may_preside = matches!(
            open.turn.role,
            Role::Chair | Role::Unknown | Role::Moderator
        ) && open.registered.is_none();
        if !may_preside {
            open.turn.paragraphs.push(range.clone());
            if first && open.turn.on_behalf_of().is_none() {
                let own = open.registered;
                open.turn.set_on_behalf_of(
                    cues::on_behalf_of(content, registry)
                        .filter(|g| Some(*g) != own)
                        .map(|g| registry.entry(g).name.clone()),
                );
            }
            return;
        }
        let found = cues::floor_cues(content, registry);
        let given = cues::last_given(&found, content.len());
        if given.is_some()
            && &*open.turn.speaker == UNKNOWN_SPEAKER
            && open.turn.paragraphs.is_empty()
            && open.interjections.is_empty()
        {
            // An unlabelled turn that opens by giving the floor: whoever
            // presides, in a record that labels nobody.
            open.turn.speaker = CHAIR.into();
            open.turn.role = Role::Chair;
            open.turn.attribution = Attribution::FloorCue;
            open.turn.confidence = UNLABELLED_CHAIR;
            self.unlabelled_chair = true;
        }
        if given.is_some()
            && open.turn.role != Role::Chair
            && &*open.turn.speaker != UNKNOWN_SPEAKER
        {
            open.turn.role = Role::Chair;
            if !self.chairs.iter().any(|c| **c == *open.turn.speaker) {
                self.chairs.push(open.turn.speaker.to_string());
            }
        }
        if open.turn.role != Role::Chair {
            open.turn.paragraphs.push(range);
            return;
        }
        // Interjections split the chair's paragraph around them.
        let mut piece_start = 0;
        for inner in cues::interjections(content) {
            let before = layout::trim_range(
                text,
                range.start + piece_start..range.start + inner.start - 1,
            );
            if !before.is_empty() {
                open.turn.paragraphs.push(before);
            }
            let speaker = cues::last_given(&found, inner.start);
            let abs = range.start + inner.start..range.start + inner.end;
            let (para_start, para_line) = self.paragraph_at;
            let evidence = found
                .iter()
                .rev()
                .find(|c| c.kind == cues::CueKind::Give && c.range.end <= inner.start)
                .filter(|_| speaker.is_some())
                .map(|c| {
                    let at = range.start + c.range.end;
                    let newlines =
                        memchr::memchr_iter(b'\n', &text.as_bytes()[para_start.min(at)..at])
                            .count();
                    let close = content[c.range.end..]
                        .find(['.', '?', '!', '['])
                        .map_or(c.range.end, |i| c.range.end + i + 1)
                        .min(inner.start);
                    words_ending(
                        text,
                        para_line + newlines as u32,
                        range.start,
                        range.start + close.max(c.range.end),
                    )
                });
            let (name, role, attribution, confidence) = match speaker {
                Some(i) => (
                    registry.entry(i).name.clone(),
                    registry.entry(i).role,
                    Attribution::FloorCue,
                    0.7,
                ),
                None => (
                    UNKNOWN_SPEAKER.to_string(),
                    Role::Unknown,
                    Attribution::Unknown,
                    0.0,
                ),
            };
            let mut turn = Turn::new(name, role, attribution, abs.clone(), 0);
            turn.confidence = confidence;
            turn.evidence = evidence;
            turn.interjection = true;
            turn.paragraphs.push(abs);
            open.interjections.push(turn);
            piece_start = inner.end + 1;
        }
        let rest = layout::trim_range(text, range.start + piece_start..range.end);
        if !rest.is_empty() {
            open.turn.paragraphs.push(rest);
        }
        let (para_start, para_line) = self.paragraph_at;
        open.cue = given.map(|entry| {
            let end = found
                .iter()
                .rev()
                .find(|c| c.entry == entry && c.kind == cues::CueKind::Give)
                .map_or(0, |c| c.range.end);
            // The cue's line, counted within its paragraph only.
            let abs = range.start + end;
            let newlines =
                memchr::memchr_iter(b'\n', &text.as_bytes()[para_start.min(abs)..abs]).count();
            let close = content[end..]
                .find(['.', '?', '!', '\n'])
                .map_or(content.len(), |i| end + i + 1);
            Cued {
                entry,
                at_end: content.len() - end < 40,
                evidence: words_ending(
                    text,
                    para_line + newlines as u32,
                    range.start,
                    range.start + close.min(content.len()),
                ),
            }
        });
        // The chair's opening words: nobody else has spoken in the item.
        let opening_words = self
            .items
            .last()
            .is_none_or(|item| item.turns.iter().all(|t| t.role == Role::Chair));
        if let Some(topic) =
            self.parser
                .agenda
                .opened_by(content, self.current_topic, opening_words)
        {
            self.open_topic(topic);
        }
    }

    /// The chair opens an agenda item: it starts with the chair's turn.
    fn open_topic(&mut self, topic: usize) {
        self.current_topic = Some(topic);
        let line = self.open.as_ref().map_or(1, |o| o.turn.start_line);
        let item = AgendaItem {
            title: Some(self.parser.agenda.title(topic).to_string()),
            number: None,
            source: AgendaSource::ChairCue,
            start_line: line,
            turns: Vec::new(),
        };
        self.push_item(item);
    }

    /// Starts an agenda item; an implicit item with no turns gives way to it.
    fn push_item(&mut self, item: AgendaItem) {
        match self.items.last_mut() {
            Some(last) if last.turns.is_empty() && last.source == AgendaSource::Implicit => {
                *last = item
            }
            _ => self.items.push(item),
        }
    }

    fn close(&mut self) {
        let Some(open) = self.open.take() else { return };
        if self.items.is_empty() {
            self.items.push(implicit_item(open.turn.start_line));
        }
        let item = self.items.last_mut().expect("an item exists");
        let text = self.text;
        let mut turn = open.turn;
        if turn.paragraphs.is_empty() && turn.attribution == Attribution::Label {
            // A label with nothing after it says nothing; keep its line visible.
            turn.paragraphs.push(turn.range.clone());
        }
        item.turns.push(turn);
        for mut interjection in open.interjections {
            interjection.start_line = self.lines.line_of(text, interjection.range.start);
            item.turns.push(interjection);
        }
    }

    pub(super) fn finish(mut self) -> (Vec<AgendaItem>, Vec<Warning>) {
        self.close();
        if self.items.is_empty() {
            self.items.push(implicit_item(1));
        }
        (self.items, self.warnings)
    }
}

/// The name shown for whoever presides a record that labels nobody.
const CHAIR: &str = "The Chair";

/// How sure a chair found by giving the floor is: an inference from the
/// words alone, worth checking.
const UNLABELLED_CHAIR: f32 = 0.5;

/// Whether a paragraph speaks as the chair: it opens by thanking a speaker
/// or giving the floor, or it ends giving the floor to a delegation.
fn speaks_as_chair(paragraph: &str, registry: &Registry) -> bool {
    const OPENINGS: &[&str] = &[
        "i thank the representative of",
        "i thank the delegation of",
        "i now give the floor",
        "i give the floor",
        "i now call on",
        "i call on",
        "je remercie le représentant",
        "je donne la parole",
        "je donne maintenant la parole",
        "agradezco al representante",
        "tiene la palabra",
        "doy la palabra",
    ];
    if super::narration::opens_with(paragraph, OPENINGS) {
        return true;
    }
    let found = cues::floor_cues(paragraph, registry);
    found
        .iter()
        .rev()
        .find(|c| c.kind == cues::CueKind::Give)
        .is_some_and(|c| paragraph.len() - c.range.end < 40)
}

/// Evidence: the words at the start of `range` (enough for a quote).
pub(super) fn words_at(text: &str, line: u32, range: Range<usize>) -> Evidence {
    let end = text.floor_char_boundary(range.end.min(range.start + 240));
    Evidence::new(line, range.start..end.max(range.start), false)
}

/// Evidence: the words of a paragraph starting at `from` that end at `end`
/// (the end of a chair's cue), from a word start at most 100 bytes back.
fn words_ending(text: &str, line: u32, from: usize, end: usize) -> Evidence {
    let mut start = text.floor_char_boundary(end.saturating_sub(100).max(from));
    let cut = start > from;
    if cut && let Some(space) = text[start..end].find(' ') {
        start += space + 1;
    }
    Evidence::new(line, start..end, cut)
}

/// The 1-based line of an offset, counted on from the offset asked about
/// before: offsets asked in reading order cost one pass over the text in all
/// (counting from the start each time made a long transcript quadratic).
#[derive(Debug, Default)]
struct LineCursor {
    offset: usize,
    /// Newlines before `offset`.
    newlines: usize,
}

impl LineCursor {
    fn line_of(&mut self, text: &str, offset: usize) -> u32 {
        let bytes = text.as_bytes();
        if offset < self.offset {
            *self = Self::default();
        }
        self.newlines += memchr::memchr_iter(b'\n', &bytes[self.offset..offset]).count();
        self.offset = offset;
        self.newlines as u32 + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_without_labels_finds_its_chair_by_the_floor_given() {
        let parser = crate::ingest::Ingest::new(&crate::config::Config::default()).parser;
        let text = "The meeting was called to order at 10 a.m.\n\n\
            I give the floor to the representative of Chile.\n\n\
            Chile welcomes the report and thanks the Secretariat.\n\n\
            I thank the representative of Chile. I now give the floor to the representative of Peru.\n\n\
            We share the concerns expressed.";
        let doc = parser.parse("t".into(), "t.txt".into(), text.to_string(), Vec::new());
        let speakers: Vec<(&str, Role)> =
            doc.turns().map(|t| (t.speaker.as_ref(), t.role)).collect();
        assert_eq!(
            speakers,
            [
                (CHAIR, Role::Chair),
                ("Chile", Role::Delegation),
                (CHAIR, Role::Chair),
                ("Peru", Role::Delegation)
            ]
        );
        assert!(!doc.turns().next().unwrap().is_doubtful());
    }

    #[test]
    fn line_cursor_counts_on_and_starts_over_when_asked_backwards() {
        let text = "a\nb\nc\nd";
        let mut lines = LineCursor::default();
        assert_eq!(lines.line_of(text, 0), 1);
        assert_eq!(lines.line_of(text, 4), 3);
        assert_eq!(lines.line_of(text, 6), 4);
        assert_eq!(lines.line_of(text, 2), 2);
    }
}
