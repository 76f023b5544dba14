//! The five seed documents parse to the structure their README describes.

use floor::config::Config;
use floor::ingest::{Ingest, sample};
use floor::model::{Attribution, Corpus, Document, DocumentKind, Role};

fn sample_corpus() -> Corpus {
    Ingest::new(&Config::default())
        .load_paths(&[])
        .expect("the sample loads")
}

fn doc<'a>(corpus: &'a Corpus, id: &str) -> &'a Document {
    corpus
        .documents
        .iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("no document {id}"))
}

const TRANSCRIPT: &str = "oewg-2021-25/session-2/meeting-9";

/// Debris and markup that must never reach a turn's text.
const FORBIDDEN: &[&str] = &[
    "Leave a Reply",
    "Your email address",
    "Back To Top",
    "skip to Main Content",
    "Top of the page",
    "Dernière modification",
    "**",
    "<sup>",
    "</sup>",
    "\\[",
    "Ambassador Gafoor\u{a0}",
];

#[test]
fn the_transcript_has_its_turns_in_order() {
    let corpus = sample_corpus();
    let d = doc(&corpus, TRANSCRIPT);
    assert_eq!(d.kind, DocumentKind::Transcript);
    assert_eq!(d.title, "Session 2-9 Transcript (OEWG 2021-25)");
    let turns: Vec<_> = d.turns().filter(|t| !t.interjection).collect();
    let chair: Vec<_> = turns.iter().filter(|t| t.role == Role::Chair).collect();
    assert_eq!(chair.len(), 25);
    assert!(
        chair
            .iter()
            .all(|t| t.speaker.as_ref() == "Ambassador Gafoor")
    );
    let delegations: Vec<&str> = turns
        .iter()
        .filter(|t| t.role != Role::Chair)
        .map(|t| t.speaker.as_ref())
        .collect();
    assert_eq!(
        delegations,
        [
            "Germany",
            "Malaysia",
            "Brazil",
            "Fiji",
            "Malawi",
            "Islamic Republic of Iran",
            "European Union",
            "Chile",
            "Egypt",
            "Thailand",
            "Netherlands",
            "Austria",
            "Pakistan",
            "France",
            "Cuba",
            "South Africa",
            "Canada",
            "Australia",
            "Switzerland",
            "Japan",
            "Singapore",
            "Russian Federation",
            "India",
            "El Salvador",
        ]
    );
    // Chair and delegations alternate: every delegation turn follows a chair turn.
    for pair in turns.windows(2) {
        assert!(
            pair[0].role == Role::Chair || pair[1].role == Role::Chair,
            "two delegation turns in a row: {} then {}",
            pair[0].speaker,
            pair[1].speaker
        );
    }
}

#[test]
fn the_transcript_has_two_agenda_items() {
    let corpus = sample_corpus();
    let d = doc(&corpus, TRANSCRIPT);
    let titles: Vec<_> = d
        .agenda_items
        .iter()
        .map(|i| i.title.as_deref().unwrap_or("-"))
        .collect();
    assert_eq!(
        titles,
        ["Capacity building", "Regular institutional dialogue"]
    );
    let first: Vec<_> = d.agenda_items[0]
        .turns
        .iter()
        .filter(|t| t.role != Role::Chair)
        .map(|t| t.speaker.as_ref())
        .collect();
    assert_eq!(
        first,
        [
            "Germany", "Malaysia", "Brazil", "Thailand", "Fiji", "Malawi"
        ]
    );
    assert_eq!(
        d.agenda_items[1]
            .turns
            .iter()
            .find(|t| t.role != Role::Chair)
            .unwrap()
            .speaker
            .as_ref(),
        "Islamic Republic of Iran"
    );
}

#[test]
fn thailands_bracketed_line_is_a_short_turn_of_its_own() {
    let corpus = sample_corpus();
    let d = doc(&corpus, TRANSCRIPT);
    let all: Vec<_> = d.turns().collect();
    let i = all
        .iter()
        .position(|t| t.interjection)
        .expect("an interjection");
    let interjection = all[i];
    assert_eq!(interjection.speaker.as_ref(), "Thailand");
    assert_eq!(
        d.turn_text(interjection),
        "Mr Chair, we did not request the floor. Thank you."
    );
    assert_eq!(all.iter().filter(|t| t.interjection).count(), 1);
    // It sits inside the chair's fourth turn, which goes on to give Fiji the floor.
    let chair = all[i - 1];
    assert_eq!(chair.role, Role::Chair);
    let chair_text = d.turn_text(chair);
    assert!(
        chair_text
            .starts_with("Thank you for the statement. I give now the floor to Thailand please.")
    );
    assert!(chair_text.ends_with("I give the floor now to Fiji, please."));
    assert!(!chair_text.contains('['));
    assert!(
        chair.range.start < interjection.range.start && interjection.range.end < chair.range.end
    );
    assert_eq!(all[i + 1].speaker.as_ref(), "Fiji");
}

#[test]
fn fiji_speaks_on_behalf_of_the_pacific_islands_forum() {
    let corpus = sample_corpus();
    let d = doc(&corpus, TRANSCRIPT);
    let fiji = d.turns().find(|t| t.speaker.as_ref() == "Fiji").unwrap();
    assert_eq!(fiji.on_behalf_of(), Some("Pacific Islands Forum"));
    assert_eq!(fiji.attribution, Attribution::FloorCue);
    // Malaysia only mentions a statement delivered on behalf of NAM.
    let malaysia = d
        .turns()
        .find(|t| t.speaker.as_ref() == "Malaysia")
        .unwrap();
    assert_eq!(malaysia.on_behalf_of(), None);
    // The EU speaks on behalf of itself, which is not worth saying.
    let eu = d
        .turns()
        .find(|t| t.speaker.as_ref() == "European Union")
        .unwrap();
    assert_eq!(eu.on_behalf_of(), None);
    assert_eq!(eu.attribution, Attribution::Label);
}

#[test]
fn attribution_sources_and_lines_are_recorded() {
    let corpus = sample_corpus();
    let d = doc(&corpus, TRANSCRIPT);
    let germany = d.turns().find(|t| t.speaker.as_ref() == "Germany").unwrap();
    assert_eq!(germany.attribution, Attribution::FloorCue);
    assert_eq!(germany.start_line, 12);
    assert!(
        d.turn_text(germany)
            .starts_with("Thank you honorable chairman, Germany is fully aligned")
    );
    let first_chair = d.turns().next().unwrap();
    assert_eq!(first_chair.attribution, Attribution::Label);
    assert_eq!(first_chair.start_line, 6);
    let netherlands = d
        .turns()
        .find(|t| t.speaker.as_ref() == "Netherlands")
        .unwrap();
    assert_eq!(netherlands.attribution, Attribution::Label);
    assert!(d.warnings.is_empty(), "{:?}", d.warnings);
}

#[test]
fn no_turn_carries_debris_or_markup() {
    let corpus = sample_corpus();
    for d in &corpus.documents {
        for turn in d.turns() {
            let text = d.turn_text(turn);
            for bad in FORBIDDEN {
                assert!(
                    !text.contains(bad),
                    "{}: turn of {} at line {} contains {bad:?}",
                    d.id,
                    turn.speaker,
                    turn.start_line
                );
            }
            for range in &turn.paragraphs {
                assert!(d.text.is_char_boundary(range.start) && d.text.is_char_boundary(range.end));
            }
        }
    }
}

#[test]
fn statements_and_submissions_carry_their_authors() {
    let corpus = sample_corpus();
    let joint = doc(
        &corpus,
        "statements/2022-09-25-france-germany-shaping-global-cybersecurity",
    );
    assert_eq!(joint.kind, DocumentKind::Statement);
    assert_eq!(joint.authors, ["France", "Germany"]);
    let turn = joint.turns().next().unwrap();
    assert_eq!(turn.speaker.as_ref(), "France and Germany");
    assert_eq!(turn.attribution, Attribution::Header);
    assert!(d_text(joint).contains("Xhaçka") && d_text(joint).contains("Rinkēvičs"));

    let france = doc(
        &corpus,
        "statements/2020-05-22-france-arria-formula-security-council",
    );
    assert_eq!(france.kind, DocumentKind::Statement);
    assert_eq!(france.authors, ["France"]);
    let turn = france.turns().next().unwrap();
    assert_eq!(turn.speaker.as_ref(), "France");
    assert_eq!(turn.person(), Some("Mrs. Anne Gueguen"));
    assert!(d_text(france).ends_with("We welcome the possibility to do so today.\n\nThank you."));

    let article = doc(
        &corpus,
        "articles/2019-09-joint-statement-27-countries-responsible-state-behaviour",
    );
    assert_eq!(article.kind, DocumentKind::Article);
    assert_eq!(article.authors.len(), 27, "{:?}", article.authors);
    assert_eq!(article.authors[0], "Australia");
    assert_eq!(article.authors[26], "United States");

    let submission = doc(
        &corpus,
        "submissions/2020-02-12-france-egypt-programme-of-action",
    );
    assert_eq!(submission.kind, DocumentKind::Submission);
    assert_eq!(
        submission.title,
        "The future of discussions on ICTs and cyberspace at the UN"
    );
    assert_eq!(&submission.authors[..2], ["France", "Egypt"]);
    assert!(
        submission
            .authors
            .contains(&"Republic of Korea".to_string())
    );
    assert!(submission.authors.contains(&"European Union".to_string()));
    assert!(submission.authors.contains(&"Sweden".to_string()));
    let unique: std::collections::BTreeSet<_> = submission.authors.iter().collect();
    assert_eq!(unique.len(), submission.authors.len(), "no author twice");
    let turn = submission.turns().next().unwrap();
    assert!(turn.speaker.starts_with("France, Egypt and "));
    let text = d_text(submission);
    assert!(
        text.contains("(PoA)¹."),
        "footnote mark kept as a superscript"
    );
    assert!(text.contains("6th GGE"));
}

fn d_text(d: &Document) -> String {
    d.turns()
        .map(|t| d.turn_text(t))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The bundled sample is the five seed documents byte for byte: their
/// XXH3-64 hashes, taken from the originals in `shared/seeds` when they were
/// copied, are kept in `tests/fixtures/seeds.xxh3`.
#[test]
fn the_bundled_sample_equals_the_seeds() {
    let listed = include_str!("fixtures/seeds.xxh3");
    let mut originals: Vec<&str> = listed
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut bundled: Vec<String> = sample::SAMPLE
        .iter()
        .map(|(_, b)| format!("{:016x}", xxhash_rust::xxh3::xxh3_64(b)))
        .collect();
    originals.sort_unstable();
    bundled.sort();
    assert_eq!(originals.len(), 5);
    assert_eq!(originals, bundled);
}
