//! From canonical text to a document: header, kind, agenda items and turns.

use std::ops::Range;

use crate::model::{
    AgendaItem, AgendaSource, Attribution, Document, DocumentKind, Evidence, Role, Turn, Warning,
    authors_display,
};

use super::cues::{self, AgendaMatcher};
use super::header::{self, FrontMatter, HeaderFacts};
use super::inventory::{self, CandidateKind, Inventory};
use super::layout::{self, DebrisFilter, Paragraph};
use super::narration;
use super::registry::Registry;
use super::speakers::{self, Named};

/// The speaker shown when nobody could be found.
pub const UNKNOWN_SPEAKER: &str = "Unknown speaker";

/// Everything parsing needs besides the text.
#[derive(Debug, Clone)]
pub struct Parser {
    pub registry: Registry,
    pub agenda: AgendaMatcher,
    pub debris: DebrisFilter,
}

/// How a prefix came to be a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A shape that is a label in any document ("The Chair:", `>> EGYPT:`).
    Sure,
    /// A candidate the document's inventory accepted ("Regina:").
    Inventory,
    /// A placeholder that does not say who speaks ("Speaker 1", a bare `>>`).
    Placeholder,
}

/// What a paragraph is.
#[derive(Debug, Clone)]
enum Piece {
    /// A heading; the range is its title without `#` marks.
    Heading {
        title: Range<usize>,
        agenda: bool,
    },
    /// A line naming the next speaker.
    Label(Named),
    /// A paragraph opening with a speaker prefix; the range is the spoken
    /// text.
    Prefix(Named, Range<usize>, Shape),
    /// A prefix that is a label only if the document's inventory says so.
    Candidate(Named, Range<usize>, CandidateKind),
    /// A procedural note ("The meeting rose at 6 p.m.", "END 12:20 P.M.
    /// EDT"): part of no turn.
    Procedural,
    Body,
}

impl Parser {
    /// Parses canonical text (already decoded, sanitised and stripped of
    /// inline markup) into a document.
    pub fn parse(
        &self,
        id: String,
        path: std::path::PathBuf,
        text: String,
        mut warnings: Vec<Warning>,
    ) -> Document {
        let fm = header::front_matter(&text, &mut warnings);
        let paragraphs =
            layout::paragraphs(&text, fm.body_start, fm.body_line, &self.debris, |line| {
                speakers::starts_with_prefix(line, &self.registry)
            });
        let paragraphs = inventory::split_long_lines(&text, paragraphs);
        let pieces = self.classify_all(&text, &paragraphs);
        let speaker_pieces = pieces
            .iter()
            .filter(|p| matches!(p, Piece::Label(_) | Piece::Prefix(..)))
            .count();
        // A statement without a header that names itself in its words.
        let self_named = speaker_pieces == 0
            && paragraphs.iter().take(4).any(|p| {
                cues::delegation_adjective(&text[p.range.clone()], &self.registry).is_some()
            });
        let header_end = header_end(&text, &paragraphs, &pieces);
        let mut facts = HeaderFacts::default();
        let mut header_line = None;
        for p in &paragraphs[..header_end] {
            let found = header::header_facts(&text[p.range.clone()], &self.registry);
            if found.kind.is_some() {
                facts = found;
                header_line = Some(words_at(&text, p.line, p.range.clone()));
                break;
            }
        }
        let title = title(
            &text,
            &fm,
            &paragraphs[..header_end],
            &pieces[..header_end],
            &id,
        );
        let kind = fm
            .fields
            .get("kind")
            .and_then(|k| kind_from_name(k))
            .unwrap_or(match (speaker_pieces, facts.kind) {
                (2.., _) => DocumentKind::Transcript,
                (_, Some(kind)) => kind,
                (1, None) => DocumentKind::Transcript,
                (_, None) if self_named => DocumentKind::Statement,
                (_, None) => DocumentKind::Article,
            });
        let body = &paragraphs[header_end..];
        let mut pieces = pieces;
        let body_pieces = pieces.split_off(header_end);
        let mut doc = Document {
            id,
            path,
            title,
            kind,
            metadata: fm.fields.clone(),
            authors: Vec::new(),
            agenda_items: Vec::new(),
            warnings,
            text: String::new(),
            timecodes: Vec::new(),
        };
        if kind == DocumentKind::Transcript {
            let mut conversation = Conversation::new(self, &text);
            for (p, piece) in body.iter().zip(body_pieces) {
                conversation.add(p, piece);
            }
            let (items, mut more) = conversation.finish();
            doc.agenda_items = items;
            doc.warnings.append(&mut more);
        } else {
            self.single_turn(&text, &mut doc, (&facts, header_line), body, &body_pieces);
        }
        doc.text = text;
        doc
    }

    /// Classifies every paragraph, then lets the document's inventory decide
    /// its candidate labels, then finds the section headings that stand
    /// before a speaker.
    fn classify_all(&self, text: &str, paragraphs: &[Paragraph]) -> Vec<Piece> {
        let mut labels = LabelMemo::default();
        let mut inventory = Inventory::default();
        let mut label_lines = 0;
        let mut pieces = Vec::with_capacity(paragraphs.len());
        for p in paragraphs {
            let mut piece = self.classify(text, p, &mut labels);
            if matches!(piece, Piece::Body)
                && label_lines > 0
                && p.lines == 1
                && let Some(named) = narration::named_after_invitation(text, p)
            {
                piece = Piece::Label(named);
            }
            match &piece {
                Piece::Label(_) => label_lines += 1,
                Piece::Candidate(named, _, kind) => inventory.add(*kind, &named.speaker),
                Piece::Prefix(_, _, Shape::Sure) => inventory.add_sure(),
                _ => {}
            }
            pieces.push(piece);
        }
        for piece in &mut pieces {
            if !matches!(piece, Piece::Candidate(..)) {
                continue;
            }
            if let Piece::Candidate(named, body, kind) = std::mem::replace(piece, Piece::Body)
                && inventory.accepts(kind, &named.speaker)
            {
                *piece = Piece::Prefix(named, body, Shape::Inventory);
            }
        }
        section_headings(text, paragraphs, &mut pieces);
        pieces
    }

    fn classify<'t>(&self, text: &'t str, p: &Paragraph, labels: &mut LabelMemo<'t>) -> Piece {
        let content = &text[p.range.clone()];
        if let Some(rest) = content.strip_prefix('#') {
            let hashes = 1 + rest.bytes().take_while(|b| *b == b'#').count();
            if hashes <= 6 && content.as_bytes().get(hashes).is_none_or(|b| *b == b' ') {
                let title = layout::trim_range(text, p.range.start + hashes..p.range.end);
                let title = trim_trailing_hashes(text, title);
                // A heading names something: `###` alone (a press release's
                // end mark, `\###` in scraped Markdown) or `# # #` is text,
                // not an empty agenda item.
                if text[title.clone()].chars().any(char::is_alphanumeric) {
                    let agenda = is_agenda_heading(&text[title.clone()]);
                    return Piece::Heading { title, agenda };
                }
            }
        }
        if p.lines == 1 && content.len() < 120 && is_agenda_heading(content) {
            return Piece::Heading {
                title: p.range.clone(),
                agenda: true,
            };
        }
        if p.lines == 1
            && let Some(named) = labels.label(content, &self.registry)
        {
            return Piece::Label(named);
        }
        if p.lines == 1 && (is_procedural(content) || narration::is_transcriber_note(content)) {
            return Piece::Procedural;
        }
        if narration::is_narration(content) {
            return Piece::Procedural;
        }
        if let Some(prefix) = speakers::prefix(content, &self.registry) {
            let body = p.range.start + prefix.body..p.range.end;
            return if prefix.candidate {
                let kind = if prefix.named.entry.is_some() {
                    CandidateKind::Registered
                } else {
                    CandidateKind::Name
                };
                Piece::Candidate(prefix.named, body, kind)
            } else {
                let shape = if prefix.placeholder {
                    Shape::Placeholder
                } else {
                    Shape::Sure
                };
                Piece::Prefix(prefix.named, body, shape)
            };
        }
        if let Some(prefix) = super::labels::summary_prefix(content, &self.registry) {
            let body = p.range.start + prefix.body..p.range.end;
            return Piece::Candidate(prefix.named, body, CandidateKind::Summary);
        }
        Piece::Body
    }

    /// Statements, submissions and articles: one turn spoken by the authors
    /// the header names.
    fn single_turn(
        &self,
        text: &str,
        doc: &mut Document,
        (facts, mut header_line): (&HeaderFacts, Option<Evidence>),
        body: &[Paragraph],
        pieces: &[Piece],
    ) {
        let mut authors = facts.authors.clone();
        let mut attribution = Attribution::Header;
        if authors.is_empty()
            && let Some((listed, p)) = body.iter().take(3).find_map(|p| {
                let listed = header::listed_authors(&text[p.range.clone()], &self.registry);
                (!listed.is_empty()).then_some((listed, p))
            })
        {
            authors = listed;
            header_line = Some(words_at(text, p.line, p.range.clone()));
        }
        if authors.is_empty() && doc.kind != DocumentKind::Article {
            // A statement that names its State only in what it says: "la
            // delegación cubana", "Germany is fully aligned ...".
            if let Some((own, p)) = body.iter().take(4).find_map(|p| {
                let t = &text[p.range.clone()];
                cues::self_reference(t, &self.registry)
                    .or_else(|| cues::delegation_adjective(t, &self.registry))
                    .map(|own| (own, p))
            }) {
                authors.push(own);
                attribution = Attribution::SelfReference;
                header_line = Some(words_at(text, p.line, p.range.clone()));
            }
        }
        let names: Vec<String> = authors
            .iter()
            .map(|i| self.registry.entry(*i).name.clone())
            .collect();
        let role = match authors.as_slice() {
            [] => {
                attribution = Attribution::Unknown;
                Role::Unknown
            }
            [one] if attribution == Attribution::SelfReference => self.registry.entry(*one).role,
            [one] => self.registry.entry(*one).role,
            _ => Role::Delegation,
        };
        let paragraphs: Vec<Range<usize>> = body
            .iter()
            .zip(pieces)
            .filter_map(|(p, piece)| match piece {
                Piece::Heading { title, .. } => Some(title.clone()),
                Piece::Procedural => None,
                _ => Some(p.range.clone()),
            })
            .collect();
        doc.authors = names.clone();
        let Some(first) = body.first() else {
            doc.agenda_items.push(implicit_item(1));
            return;
        };
        let speaker = if names.is_empty() {
            UNKNOWN_SPEAKER.to_string()
        } else {
            authors_display(&names)
        };
        let turn = Turn {
            speaker,
            person: facts.person.clone(),
            authors: if names.len() > 1 { names } else { Vec::new() },
            role,
            on_behalf_of: None,
            attribution,
            confidence: match attribution {
                Attribution::Header => 0.9,
                Attribution::SelfReference => 0.6,
                _ => 0.0,
            },
            evidence: header_line.filter(|_| attribution != Attribution::Unknown),
            interjection: false,
            range: first.range.start..body.last().map_or(first.range.end, |p| p.range.end),
            start_line: first.line,
            paragraphs,
        };
        let mut item = implicit_item(first.line);
        item.turns.push(turn);
        doc.agenda_items.push(item);
    }
}

fn implicit_item(line: u32) -> AgendaItem {
    AgendaItem {
        title: None,
        number: None,
        source: AgendaSource::Implicit,
        start_line: line,
        turns: Vec::new(),
    }
}

fn trim_trailing_hashes(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let trimmed = s.trim_end_matches('#').trim_end();
    if trimmed.is_empty() {
        range
    } else {
        range.start..range.start + trimmed.len()
    }
}

/// What [`speakers::label`] said of the short lines of one document: a
/// transcript repeats its chair's label line dozens of times.
#[derive(Default)]
struct LabelMemo<'t> {
    seen: Vec<(&'t str, Option<Named>)>,
}

impl<'t> LabelMemo<'t> {
    /// Lines longer than a label can be are not remembered.
    const LONGEST: usize = 64;
    const ENTRIES: usize = 32;

    fn label(&mut self, line: &'t str, registry: &Registry) -> Option<Named> {
        if line.len() > Self::LONGEST {
            return speakers::label(line, registry);
        }
        if let Some((_, named)) = self.seen.iter().find(|(l, _)| *l == line) {
            return named.clone();
        }
        let named = speakers::label(line, registry);
        if self.seen.len() < Self::ENTRIES {
            self.seen.push((line, named.clone()));
        }
        named
    }
}

/// A one-line note of the record, not speech: "The meeting rose at 6 p.m.",
/// "The meeting was called to order at 3 p.m.", "11:56 A.M. EDT".
fn is_procedural(line: &str) -> bool {
    if line.len() > 80 {
        return false;
    }
    if let Some(rest) = line.strip_prefix("The meeting ") {
        return rest.ends_with('.')
            && ["rose", "was ", "is ", "resumed", "adjourned"]
                .iter()
                .any(|w| rest.starts_with(w));
    }
    let time = line.strip_prefix("END ").unwrap_or(line);
    let digits = time.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits)
        && time.as_bytes().get(digits) == Some(&b':')
        && (time.contains("A.M.")
            || time.contains("P.M.")
            || time.contains("a.m.")
            || time.contains("p.m."))
}

/// A short title line standing between a procedural note (or the top) and
/// a speaker ("Expression of condolences" before "The President") opens a
/// section of the meeting: an agenda item.
fn section_headings(text: &str, paragraphs: &[Paragraph], pieces: &mut [Piece]) {
    for i in 0..pieces.len().saturating_sub(1) {
        // After an agenda heading, a title line is that item's subtitle.
        let after_note = i == 0
            || matches!(
                pieces[i - 1],
                Piece::Procedural | Piece::Heading { agenda: false, .. }
            );
        let before_speaker = matches!(
            pieces[i + 1],
            Piece::Label(_) | Piece::Prefix(_, _, Shape::Sure | Shape::Inventory)
        );
        if !(after_note && before_speaker && matches!(pieces[i], Piece::Body)) {
            continue;
        }
        let p = &paragraphs[i];
        let content = &text[p.range.clone()];
        let title_like = p.lines == 1
            && content.len() <= 80
            && content.chars().next().is_some_and(char::is_uppercase)
            && !content.ends_with(['.', ',', ';', ':', '!', '?'])
            && content.split_whitespace().count() >= 2;
        if title_like {
            pieces[i] = Piece::Heading {
                title: p.range.clone(),
                agenda: true,
            };
        }
    }
}

/// "Agenda item 93 (continued)", "Item 5 of the agenda".
fn is_agenda_heading(s: &str) -> bool {
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
    rest.is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// The agenda number in an agenda heading ("93" in "Agenda item 93 (continued)").
fn agenda_number(s: &str) -> Option<String> {
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
fn agenda_title_after_number(s: &str) -> Option<&str> {
    let digits_at = s.find(|c: char| c.is_ascii_digit())?;
    let rest = s[digits_at..]
        .trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '.')
        .trim_start();
    let rest = rest.strip_prefix([':', '-', '–', '—'])?;
    let title = rest.trim().trim_end_matches(['.', ':']).trim_end();
    (!title.is_empty()).then_some(title)
}

fn kind_from_name(name: &str) -> Option<DocumentKind> {
    match name.trim().to_ascii_lowercase().as_str() {
        "transcript" => Some(DocumentKind::Transcript),
        "statement" => Some(DocumentKind::Statement),
        "submission" => Some(DocumentKind::Submission),
        "article" => Some(DocumentKind::Article),
        _ => None,
    }
}

/// How many leading paragraphs form the header: short title-like lines, a
/// "Statement by ..." line, headings — up to the first speaker or prose.
fn header_end(text: &str, paragraphs: &[Paragraph], pieces: &[Piece]) -> usize {
    let mut end = 0;
    for (p, piece) in paragraphs.iter().zip(pieces) {
        let content = &text[p.range.clone()];
        let header_like = match piece {
            Piece::Label(_) | Piece::Prefix(..) | Piece::Candidate(..) => false,
            Piece::Procedural => true,
            Piece::Heading { agenda, .. } => !agenda,
            Piece::Body => {
                let lower = content
                    .get(..content.floor_char_boundary(40))
                    .unwrap_or("")
                    .to_lowercase();
                let names_authors = [
                    "submission by",
                    "statement by",
                    "joint statement",
                    "working paper",
                    "intervention",
                    "intervención",
                    "déclaration",
                    "declaración",
                    "discurso",
                    "allocution",
                ]
                .iter()
                .any(|w| lower.starts_with(w));
                let short_lines = content.split('\n').all(|l| l.len() <= 200);
                // A block of short lines with a date: the title and
                // dateline block of a record ("... 16 MAY 2013 14:30 CET").
                let dated_block = p.lines >= 3
                    && content.split('\n').all(|l| l.len() <= 80)
                    && header::names_a_date(content);
                (names_authors
                    || dated_block
                    || (p.lines <= 12
                        && short_lines
                        && !content.ends_with(['.', '!', '?', ';', ':', ','])))
                    && !narration::is_salutation(content)
                    || header::is_header_note(content)
                    || (p.lines <= 2 && content.len() <= 200 && header::names_a_date(content))
            }
        };
        if !header_like || end >= 8 {
            break;
        }
        end += 1;
    }
    end
}

fn title(text: &str, fm: &FrontMatter, header: &[Paragraph], pieces: &[Piece], id: &str) -> String {
    if let Some(title) = fm.fields.get("title").filter(|t| !t.trim().is_empty()) {
        return title.trim().to_string();
    }
    if let Some(Piece::Heading { title, .. }) =
        pieces.iter().find(|p| matches!(p, Piece::Heading { .. }))
    {
        return text[title.clone()].to_string();
    }
    if let Some(first) = header.first() {
        let mut out = String::new();
        crate::model::push_unwrapped(&mut out, &text[first.range.clone()]);
        if out.chars().count() > 160 {
            out = out.chars().take(160).collect::<String>() + "…";
        }
        return out;
    }
    id.rsplit('/').next().unwrap_or(id).to_string()
}

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
struct Conversation<'a> {
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
}

impl<'a> Conversation<'a> {
    fn new(parser: &'a Parser, text: &'a str) -> Self {
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
        }
    }

    fn registry(&self) -> &Registry {
        &self.parser.registry
    }

    fn add(&mut self, p: &Paragraph, piece: Piece) {
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
                    Some(entry) if self.registry().entry(entry).name == turn.speaker => 1.0,
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
        Turn {
            speaker: named.speaker,
            person: named.person,
            authors: Vec::new(),
            role,
            on_behalf_of: None,
            attribution,
            confidence: 0.9,
            evidence: None,
            interjection: false,
            range: p.range.clone(),
            start_line: p.line,
            paragraphs: Vec::new(),
        }
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
        let open_is_chair = self
            .open
            .as_ref()
            .is_some_and(|o| o.turn.role == Role::Chair);
        if self.open.is_none() || (open_is_chair && p.blank_before >= 2) {
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
            if first && open.turn.on_behalf_of.is_none() {
                let own = open.registered;
                open.turn.on_behalf_of = cues::on_behalf_of(content, registry)
                    .filter(|g| Some(*g) != own)
                    .map(|g| registry.entry(g).name.clone());
            }
            return;
        }
        let found = cues::floor_cues(content, registry);
        let given = cues::last_given(&found, content.len());
        if given.is_some() && open.turn.role != Role::Chair && open.turn.speaker != UNKNOWN_SPEAKER
        {
            open.turn.role = Role::Chair;
            if !self.chairs.contains(&open.turn.speaker) {
                self.chairs.push(open.turn.speaker.clone());
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
            open.interjections.push(Turn {
                speaker: name,
                person: None,
                authors: Vec::new(),
                role,
                on_behalf_of: None,
                attribution,
                confidence,
                evidence,
                interjection: true,
                range: abs.clone(),
                start_line: 0,
                paragraphs: vec![abs],
            });
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
        if let Some(topic) = self.parser.agenda.opened_by(content, self.current_topic) {
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

    fn finish(mut self) -> (Vec<AgendaItem>, Vec<Warning>) {
        self.close();
        if self.items.is_empty() {
            self.items.push(implicit_item(1));
        }
        (self.items, self.warnings)
    }
}

/// Evidence: the words at the start of `range` (enough for a quote).
fn words_at(text: &str, line: u32, range: Range<usize>) -> Evidence {
    let end = text.floor_char_boundary(range.end.min(range.start + 240));
    Evidence {
        line,
        range: range.start..end.max(range.start),
        cut: false,
    }
}

/// Evidence: the words of a paragraph starting at `from` that end at `end`
/// (the end of a chair's cue), from a word start at most 100 bytes back.
fn words_ending(text: &str, line: u32, from: usize, end: usize) -> Evidence {
    let mut start = text.floor_char_boundary(end.saturating_sub(100).max(from));
    let cut = start > from;
    if cut && let Some(space) = text[start..end].find(' ') {
        start += space + 1;
    }
    Evidence {
        line,
        range: start..end,
        cut,
    }
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
    fn line_cursor_counts_on_and_starts_over_when_asked_backwards() {
        let text = "a\nb\nc\nd";
        let mut lines = LineCursor::default();
        assert_eq!(lines.line_of(text, 0), 1);
        assert_eq!(lines.line_of(text, 4), 3);
        assert_eq!(lines.line_of(text, 6), 4);
        assert_eq!(lines.line_of(text, 2), 2);
    }
}
