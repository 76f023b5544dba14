//! From canonical text to a document: the header, the kind, every
//! paragraph classified (heading, label, prefix, candidate for the
//! document's inventory, procedural note, body), then the turns: a
//! statement's one turn in [`super::statement`], a transcript's in
//! [`super::conversation`].

use std::ops::Range;

use crate::model::{AgendaItem, AgendaSource, Document, DocumentKind, Role, Warning};

use super::agenda::{AgendaMatcher, is_agenda_heading};
use super::conversation::{Conversation, words_at};
use super::cues;
use super::front;
use super::header::{self, HeaderFacts};
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
pub(super) enum Shape {
    /// A shape that is a label in any document ("The Chair:", `>> EGYPT:`).
    Sure,
    /// A candidate the document's inventory accepted ("Regina:").
    Inventory,
    /// A placeholder that does not say who speaks ("Speaker 1", a bare `>>`).
    Placeholder,
}

/// What a paragraph is.
#[derive(Debug, Clone)]
pub(super) enum Piece {
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
        let mut pieces = self.classify_all(&text, &paragraphs);
        // "BRIEFER: Richard Boucher, Spokesman" over a briefing's index of
        // topics says who briefs; nobody says it.
        for (p, piece) in paragraphs.iter().zip(pieces.iter_mut()) {
            if let Piece::Prefix(named, ..) | Piece::Candidate(named, ..) = piece
                && ["briefer", "briefers"].contains(&named.speaker.to_lowercase().as_str())
                && p.lines == 1
            {
                *piece = Piece::Procedural;
            }
        }
        let speaker_pieces = pieces
            .iter()
            .filter(|p| matches!(p, Piece::Label(_) | Piece::Prefix(..)))
            .count();
        // A statement without a header that names itself in its words.
        let self_named = speaker_pieces == 0
            && paragraphs.iter().take(4).any(|p| {
                cues::delegation_adjective(&text[p.range.clone()], &self.registry).is_some()
            });
        // A record that labels nobody but whose chair gives the floor.
        let chaired = speaker_pieces == 0
            && paragraphs.iter().take(12).any(|p| {
                let t = &text[p.range.clone()];
                cues::last_given(&cues::floor_cues(t, &self.registry), t.len()).is_some()
            });
        let mut header_end = front::header_end(&text, &paragraphs, &pieces);
        let first_speaker = pieces
            .iter()
            .position(|p| matches!(p, Piece::Label(_) | Piece::Prefix(..)))
            .unwrap_or(pieces.len());
        // An editor's note naming whom the transcript is of ("... noon
        // briefing by Farhan Haq, Deputy Spokesman ..."): metadata, and the
        // speaker of what nobody's label claims.
        let briefer = (header_end..first_speaker.min(header_end + 3)).find_map(|i| {
            let p = &paragraphs[i];
            header::briefer(&text[p.range.clone()])
                .map(|named| (i, named, words_at(&text, p.line, p.range.clone())))
        });
        if let Some((i, _, _)) = &briefer {
            pieces[*i] = Piece::Procedural;
        } else if speaker_pieces >= 1 && first_speaker > header_end {
            // A short introduction before the first label ("From the Daily
            // Press Briefing of Feb 5, 2007:", a programme's blurb) is the
            // document's preamble, not a turn of an unknown speaker.
            let preamble = (header_end..first_speaker)
                .all(|i| front::is_preamble(&text[paragraphs[i].range.clone()], &self.registry));
            // A record's masthead ("DÁIL ÉIREANN", "Volume 767", the date,
            // "The Chair took the chair at 10.30 a.m.", "Prayer.", a UN
            // record's members and agenda): a block of three or more short
            // lines, header included, before the first of two or more
            // labels is the record's
            // front matter, up to the first agenda heading. One line there
            // is an announcement, and speech.
            let masthead_end = (header_end..first_speaker)
                .find(|&i| matches!(pieces[i], Piece::Heading { agenda: true, .. }))
                .unwrap_or(first_speaker);
            let masthead = speaker_pieces >= 2
                && masthead_end >= 3
                && masthead_end - header_end <= 24
                && (header_end..masthead_end)
                    .all(|i| front::is_masthead_line(&text, &paragraphs[i], &self.registry));
            if preamble && first_speaker - header_end <= 2 {
                header_end = first_speaker;
            } else if masthead {
                header_end = masthead_end;
            }
        }
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
        let title = front::title(
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
                (_, None) if chaired => DocumentKind::Transcript,
                (_, None) if self_named => DocumentKind::Statement,
                (_, None) => DocumentKind::Article,
            });
        let body = &paragraphs[header_end..];
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
            if let Some((_, named, evidence)) = briefer {
                conversation.set_default_speaker(named, evidence);
            }
            for (p, piece) in body.iter().zip(body_pieces) {
                conversation.add(p, piece);
            }
            let (items, mut more) = conversation.finish();
            doc.agenda_items = items;
            doc.warnings.append(&mut more);
            front::answerer_from_title(&mut doc);
        } else {
            let header = &paragraphs[..header_end];
            self.single_turn(
                &text,
                &mut doc,
                (&facts, header_line),
                header,
                body,
                &body_pieces,
            );
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
                // The chair's title is a label in any record, however it
                // labels the others ("The SPEAKER:" beside "Deputy Martin:").
                Piece::Prefix(named, _, Shape::Sure) if named.role != Role::Chair => {
                    inventory.add_sure()
                }
                _ => {}
            }
            pieces.push(piece);
        }
        for (i, piece) in pieces.iter_mut().enumerate() {
            if !matches!(piece, Piece::Candidate(..)) {
                continue;
            }
            if let Piece::Candidate(named, body, kind) = std::mem::replace(piece, Piece::Body) {
                // A lone "Regina:" is a label when she introduces herself
                // in the turn it opens.
                let introduced = || {
                    let end = paragraphs.get(i + 1).map_or(body.end, |n| n.range.end);
                    introduces(&text[body.start..end], &named.speaker)
                };
                if inventory.accepts(kind, &named.speaker)
                    || (kind == CandidateKind::Name && introduced())
                {
                    *piece = Piece::Prefix(named, body, Shape::Inventory);
                }
            }
        }
        section_headings(text, paragraphs, &mut pieces);
        pieces
    }

    fn classify<'t>(&self, text: &'t str, p: &Paragraph, labels: &mut LabelMemo<'t>) -> Piece {
        let content = &text[p.range.clone()];
        if let Some(title) = starred_heading(text, p) {
            return Piece::Heading {
                title,
                agenda: false,
            };
        }
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
}

pub(super) fn implicit_item(line: u32) -> AgendaItem {
    AgendaItem {
        title: None,
        number: None,
        source: AgendaSource::Implicit,
        start_line: line,
        turns: Vec::new(),
    }
}

/// "**Yarmouk": a line opening with an unpaired `**`, as UN briefings
/// mark their topics; the range is the title without the stars.
fn starred_heading(text: &str, p: &Paragraph) -> Option<Range<usize>> {
    let content = &text[p.range.clone()];
    let rest = content.strip_prefix("**")?;
    // A topic starts with a capital letter: "**3" and "**12:30-end" are
    // debris of an escaped page.
    if p.lines != 1
        || content.len() > 120
        || rest.contains("**")
        || !rest.starts_with(char::is_uppercase)
        || rest.ends_with(['.', ',', ';', ':'])
    {
        return None;
    }
    let title = layout::trim_range(text, p.range.start + 2..p.range.end);
    (!title.is_empty()).then_some(title)
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

/// Whether `said` has its speaker `name` introduce themselves: "My name
/// is Regina Vilenskaya", "I'm Regina", "this is Regina".
fn introduces(said: &str, name: &str) -> bool {
    let head = &said[..said.floor_char_boundary(said.len().min(600))];
    let lower = head.to_lowercase();
    let name = name.to_lowercase();
    ["my name is ", "i'm ", "i’m ", "i am ", "this is "]
        .iter()
        .any(|w| lower.contains(&format!("{w}{name}")))
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

fn kind_from_name(name: &str) -> Option<DocumentKind> {
    match name.trim().to_ascii_lowercase().as_str() {
        "transcript" => Some(DocumentKind::Transcript),
        "statement" => Some(DocumentKind::Statement),
        "submission" => Some(DocumentKind::Submission),
        "article" => Some(DocumentKind::Article),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Document {
        let parser = crate::ingest::Ingest::new(&crate::config::Config::default()).parser;
        parser.parse("t".into(), "t.txt".into(), text.to_string(), Vec::new())
    }

    #[test]
    fn a_briefer_named_by_the_editor_speaks_the_unlabelled_parts() {
        let doc = parse(
            "Daily Press Briefing\n\nThe following is a near-verbatim transcript of today's \
             noon briefing by Farhan Haq, Deputy Spokesman.\n\nGood afternoon.\n\n**Yarmouk\n\n\
             The Secretary-General is in Geneva.\n\nQuestion: Any news?\n\nSpokesman: No.",
        );
        let turns: Vec<(&str, &str)> = doc
            .agenda_items
            .iter()
            .flat_map(|i| {
                i.turns
                    .iter()
                    .map(move |t| (i.title.as_deref().unwrap_or(""), t))
            })
            .map(|(item, t)| (item, t.speaker.as_ref()))
            .collect();
        assert_eq!(
            turns,
            [
                ("", "Farhan Haq"),
                ("Yarmouk", "Farhan Haq"),
                ("Yarmouk", "Question"),
                ("Yarmouk", "Spokesman")
            ]
        );
    }

    #[test]
    fn a_records_masthead_is_front_matter_and_its_numbering_not_the_title() {
        // The cover of a parliamentary record, as its PDF extracts.
        let doc = parse(
            "Vol. 767\n\nTuesday, No. 1\n\n6 June 2012\n\nDÁIL ÉIREANN\n\n\
             PARLIAMENTARY DEBATES\n\nVolume 767\n\nWednesday, 6 June 2012.\n\n\
             The Ceann Comhairle took the chair at 10.30 a.m.\n\nPrayer.\n\n\
             Deputy Micheál Martin: The people voted.\n\nThe Taoiseach: They did.\n\n\
             Deputy Micheál Martin: Indeed.",
        );
        let speakers: Vec<&str> = doc.turns().map(|t| &*t.speaker).collect();
        assert_eq!(
            speakers,
            [
                "Deputy Micheál Martin",
                "The Taoiseach",
                "Deputy Micheál Martin"
            ]
        );
        assert_eq!(doc.title, "DÁIL ÉIREANN");
        let doc = parse(
            "United Nations\n\nS/PV.8700\n\nSecurity Council\n\nSeventy-fifth year\n\n\
             8700th meeting\n\nFriday, 10 January 2020, 3 p.m.\n\nNew York\n\n\
             The President: I call the meeting to order.\n\n\
             Mr. Nebenzia (Russian Federation): Thank you.\n\nThe President: Good.",
        );
        assert_eq!(doc.title, "Security Council, 8700th meeting");
        // Speech before the first label stays a turn: it runs longer than
        // a line of a masthead.
        let doc = parse(
            "Thank you all for coming; we will begin with the situation in the\n\
             region and then take questions.\n\nQ: Why?\n\nA: Because.\n\nQ: When?",
        );
        assert_eq!(doc.turns().count(), 4);
    }

    #[test]
    fn a_stakeouts_answers_are_the_person_its_title_names() {
        let doc = parse(
            "Remarks to the Press by Permanent Representative Vassily Nebenzia after \
             Security Council consultations\n\nQ.: Ambassador, a comment?\n\n\
             A.: I think so.\n\nQ.: Why?\n\nA.: Because.",
        );
        let speakers: Vec<&str> = doc.turns().map(|t| &*t.speaker).collect();
        assert_eq!(speakers, ["Q", "Vassily Nebenzia", "Q", "Vassily Nebenzia"]);
        // Two people in the title: whose answer is it? "A" stays.
        let doc = parse(
            "Press Briefing by Jen Psaki and Jared Bernstein\n\nQ: One?\n\nA: Yes.\n\n\
             Q: Two?\n\nA: No.",
        );
        assert!(doc.turns().any(|t| &*t.speaker == "A"));
    }

    #[test]
    fn a_briefings_index_names_topics_and_its_briefer_says_nothing() {
        let doc = parse(
            "Daily Press Briefing Index\nDecember 22, 2003\n\n\
             BRIEFER: Richard Boucher, Spokesman\n\n-- One China Policy\n\n\
             • IRAN\n\n• Detained Citizens\n\n\
             MR. BOUCHER: Good afternoon.\n\nQUESTION: Iran?\n\nMR. BOUCHER: No.",
        );
        let speakers: Vec<&str> = doc.turns().map(|t| &*t.speaker).collect();
        assert_eq!(speakers, ["Mr. Boucher", "Question", "Mr. Boucher"]);
    }

    #[test]
    fn an_introduction_before_the_first_label_is_preamble_not_a_turn() {
        // "**3" between paragraphs is debris, not a topic.
        let doc = parse("MR. X: One.\n\n**3\n\nTwo.\n\nQ: Three?");
        let speakers: Vec<&str> = doc.turns().map(|t| t.speaker.as_ref()).collect();
        assert_eq!(speakers, ["Mr. X", "Q"]);
        let doc = parse(
            "From the Daily Press Briefing of Feb 5, 2007:\n\nQUESTION: Iran, please.\n\n\
             MR. MCCORMACK: To fulfill.",
        );
        let speakers: Vec<&str> = doc.turns().map(|t| t.speaker.as_ref()).collect();
        assert_eq!(speakers, ["Question", "Mr. Mccormack"]);
        // A lone "Name:" whose speaker introduces herself is a label.
        let doc = parse(
            "A blurb about the webinar.\n\nRegina: Hi everyone.\n\nMy name is Regina Vilenskaya.",
        );
        assert_eq!(
            doc.turns().next().map(|t| t.speaker.as_ref()),
            Some("Regina")
        );
        let doc = parse("The following points were agreed: none.\n\nAll went home.");
        assert_eq!(
            doc.turns().next().map(|t| t.speaker.as_ref()),
            Some(UNKNOWN_SPEAKER)
        );
        // A machine transcript's names with the time, alone on their lines.
        let doc = parse(
            "Jane Doe 00:00:05\nWelcome all.\n\nJohn Roe 00:00:09\nThanks.\n\n\
             Jane Doe 00:00:12\nSo.",
        );
        let turns: Vec<(&str, String)> = doc
            .turns()
            .map(|t| (t.speaker.as_ref(), doc.turn_text(t)))
            .collect();
        assert_eq!(
            turns,
            [
                ("Jane Doe", "Welcome all.".to_string()),
                ("John Roe", "Thanks.".to_string()),
                ("Jane Doe", "So.".to_string())
            ]
        );
        // An announcement before the first question is the briefer's speech.
        let doc = parse("At the invitation of X, Y will visit.\n\nQ: Why?\n\nA: Because.");
        assert_eq!(doc.turns().count(), 3);
    }
}
