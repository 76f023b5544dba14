//! A statement's, submission's or article's one turn: spoken by the
//! authors its header names, or the State its title names by an adjective
//! ("la délégation burundaise"), or the State it names itself in its first
//! paragraphs ("Colombia comparte ..."); with a confidence that says how
//! much of that is confirmed, and the agenda item its title names.

use std::ops::Range;

use crate::model::{
    AgendaSource, Attribution, Document, DocumentKind, Evidence, Role, Turn, authors_display,
};

use super::conversation::words_at;
use super::cues;
use super::header::{self, HeaderFacts};
use super::layout::Paragraph;
use super::parse::{Parser, Piece, UNKNOWN_SPEAKER, implicit_item};

/// A statement names its own State, if at all, in its opening paragraphs
/// (after the salutations: "Señor Vicepresidente," stands alone).
const SELF_NAMING_PARAGRAPHS: usize = 6;

impl Parser {
    /// Statements, submissions and articles: one turn spoken by the authors
    /// the header names.
    pub(super) fn single_turn(
        &self,
        text: &str,
        doc: &mut Document,
        (facts, mut header_line): (&HeaderFacts, Option<Evidence>),
        header: &[Paragraph],
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
            // A statement whose title names its State by an adjective ("la
            // délégation burundaise"), or that names it only in what it
            // says: "la delegación cubana", "Germany is fully aligned ...".
            let in_title = header.iter().find_map(|p| {
                cues::delegation_adjective(&text[p.range.clone()], &self.registry)
                    .map(|own| (own, p, Attribution::Header))
            });
            if let Some((own, p, how)) = in_title.or_else(|| {
                body.iter().take(SELF_NAMING_PARAGRAPHS).find_map(|p| {
                    let t = &text[p.range.clone()];
                    cues::self_reference(t, &self.registry)
                        .or_else(|| cues::delegation_adjective(t, &self.registry))
                        .map(|own| (own, p, Attribution::SelfReference))
                })
            }) {
                authors.push(own);
                attribution = how;
                header_line = Some(words_at(text, p.line, p.range.clone()));
            }
        }
        // The header's State named again by the text itself.
        let confirmed = attribution == Attribution::Header
            && matches!(authors.as_slice(), [one] if body.iter().take(6).any(|p| {
                let t = &text[p.range.clone()];
                cues::self_reference(t, &self.registry)
                    .or_else(|| cues::delegation_adjective(t, &self.registry))
                    == Some(*one)
            }));
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
        let range = first.range.start..body.last().map_or(first.range.end, |p| p.range.end);
        let mut turn = Turn::new(speaker, role, attribution, range, first.line);
        turn.set_person(facts.person.clone());
        turn.set_authors(if names.len() > 1 { names } else { Vec::new() });
        turn.confidence = statement_confidence(attribution, confirmed, paragraphs.len());
        turn.evidence = header_line.filter(|_| attribution != Attribution::Unknown);
        turn.paragraphs = paragraphs.into();
        let mut item = implicit_item(first.line);
        // "..., Plenario: Cuestión de ... (Tema 122)": the title names the
        // item the statement was made under.
        if let Some((title, number)) = header
            .iter()
            .find_map(|p| super::agenda::item_in_title(&text[p.range.clone()]))
        {
            item.title = Some(title);
            item.number = Some(number);
            item.source = AgendaSource::Heading;
        }
        item.turns.push(turn);
        doc.agenda_items.push(item);
    }
}

/// How sure a statement's one turn is of its speaker: a header naming the
/// State is likely right (0.9), and sure when the text names the same
/// State again (0.95); the turn naming itself is less sure (0.6). A long
/// turn attributed by its title alone has many paragraphs that nothing
/// confirms: each paragraph beyond eight costs 0.02, up to 0.3.
fn statement_confidence(attribution: Attribution, confirmed: bool, paragraphs: usize) -> f32 {
    let base = match attribution {
        Attribution::Header if confirmed => return 0.95,
        Attribution::Header => 0.9,
        Attribution::SelfReference => 0.6,
        _ => return 0.0,
    };
    let long = (paragraphs.saturating_sub(8) as f32 * 0.02).min(0.3);
    base - long
}
