//! A document's front: where its header ends, which paragraphs before
//! the first label are a record's masthead or a transcript's preamble
//! rather than speech, and the title they give ("Security Council, 8700th
//! meeting", not "United Nations"), and the answerer a stakeout's title
//! names. Split from `parse`, which calls it, to keep that file to the
//! classifying of paragraphs.

use crate::model::{Document, Role};

use super::cues;
use super::header::{self, FrontMatter};
use super::layout::Paragraph;
use super::narration;
use super::parse::Piece;
use super::registry::Registry;

/// Whether a paragraph before a transcript's first label introduces it
/// rather than being said: short, speaking of the transcript or the event
/// it records ("Read the transcript here.", "From the Daily Press Briefing
/// of Feb 5, 2007:"), no address to the chair, no floor given. An
/// announcement before the first question is speech.
pub(super) fn is_preamble(paragraph: &str, registry: &Registry) -> bool {
    const ABOUT: &[&str] = &[
        "transcript",
        "briefing",
        "interview",
        "debate",
        "press conference",
        "webinar",
        "podcast",
        "episode",
    ];
    if paragraph.len() > 600 || paragraph.split('\n').count() > 6 {
        return false;
    }
    let lower = paragraph.to_lowercase();
    (paragraph.ends_with(':') || ABOUT.iter().any(|w| lower.contains(w)))
        && !narration::is_salutation(paragraph)
        && cues::last_given(&cues::floor_cues(paragraph, registry), paragraph.len()).is_none()
}

/// Whether a paragraph before a record's first label is a line of its
/// masthead rather than speech: one short line, no greeting, no floor
/// given. Speech before the first label runs longer than a line.
pub(super) fn is_masthead_line(text: &str, paragraph: &Paragraph, registry: &Registry) -> bool {
    let line = &text[paragraph.range.clone()];
    let chars = line.chars().count();
    // A title-like line may run longer: "Letter dated 14 October 2019 from
    // the Secretary-General addressed to the President of ... (S/2019/823)".
    paragraph.lines == 1
        && (chars <= 80 || chars <= 200 && !line.ends_with(['.', '!', '?', ':', ';']))
        && !narration::is_salutation(line)
        && cues::last_given(&cues::floor_cues(line, registry), line.len()).is_none()
}

/// How many leading paragraphs form the header: short title-like lines, a
/// "Statement by ..." line, headings — up to the first speaker or prose.
pub(super) fn header_end(text: &str, paragraphs: &[Paragraph], pieces: &[Piece]) -> usize {
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

pub(super) fn title(
    text: &str,
    fm: &FrontMatter,
    header: &[Paragraph],
    pieces: &[Piece],
    id: &str,
) -> String {
    if let Some(title) = fm.fields.get("title").filter(|t| !t.trim().is_empty()) {
        return title.trim().to_string();
    }
    if let Some(Piece::Heading { title, .. }) =
        pieces.iter().find(|p| matches!(p, Piece::Heading { .. }))
    {
        return text[title.clone()].to_string();
    }
    let line = |p: &Paragraph| text[p.range.clone()].trim();
    // A UN record's cover: "United Nations", "S/PV.8700", "Security
    // Council", "Seventy-fifth year", "8700th meeting": the organ and the
    // meeting tell it from the organ's other records.
    if let Some(meeting) = header.iter().map(line).find(|l| is_meeting_number(l))
        && let Some(organ) = header.iter().map(line).find(|l| {
            !is_meeting_number(l)
                && !is_cover_furniture(l)
                && *l != "United Nations"
                && !l.contains('/')
                && l.chars().next().is_some_and(char::is_uppercase)
        })
    {
        return format!("{organ}, {meeting}");
    }
    // The first header line that names something: a record's cover opens
    // with its volume, number and date ("Vol. 767", "Tuesday, No. 1").
    let named = header
        .iter()
        .find(|p| !is_cover_furniture(&text[p.range.clone()]));
    if let Some(first) = named.or(header.first()) {
        let mut out = String::new();
        crate::model::push_unwrapped(&mut out, &text[first.range.clone()]);
        if out.chars().count() > 160 {
            out = out.chars().take(160).collect::<String>() + "…";
        }
        return out;
    }
    id.rsplit('/').next().unwrap_or(id).to_string()
}

/// A stakeout's or interview's `A:` is the one person its title says the
/// remarks are by ("Remarks to the Press by Permanent Representative
/// Vassily Nebenzia"): the answers are theirs, not an unknown "A"'s.
pub(super) fn answerer_from_title(doc: &mut Document) {
    let answers = |t: &crate::model::Turn| matches!(&*t.speaker, "A" | "Answer");
    if !doc.turns().any(answers) {
        return;
    }
    let Some(person) = header::person_in_title(&doc.title) else {
        return;
    };
    let speaker: std::sync::Arc<str> = person.as_str().into();
    for turn in doc.agenda_items.iter_mut().flat_map(|i| i.turns.iter_mut()) {
        if answers(turn) {
            turn.speaker = speaker.clone();
            turn.set_person(Some(person.clone()));
            turn.role = Role::Official;
        }
    }
}

/// "8700th meeting", "12th plenary meeting", "5th meeting": the line of a
/// UN record's cover that numbers the meeting.
pub(super) fn is_meeting_number(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    digits > 0
        && line.len() <= 40
        && ["st ", "nd ", "rd ", "th "]
            .iter()
            .any(|s| rest.starts_with(s))
        && rest.ends_with("meeting")
}

/// A cover line that numbers or dates a record rather than naming it:
/// "Vol. 767", "No. 1", "Tuesday, 6 June 2012", "Volume 767".
pub(super) fn is_cover_furniture(line: &str) -> bool {
    const WORDS: &[&str] = &[
        "vol",
        "volume",
        "no",
        "number",
        "issue",
        "page",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    if line.len() > 60 {
        return false;
    }
    let words: Vec<String> = line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let numbering = words
        .iter()
        .all(|w| w.chars().all(|c| c.is_ascii_digit()) || WORDS.contains(&w.as_str()));
    !words.is_empty() && numbering || header::names_a_date(line) && words.len() <= 5
}
