//! Real United Nations verbatim records as PDF (Security Council, S/PV.8700
//! and S/PV.8701, January 2020; sources in `tests/fixtures/formats/README.md`):
//! two columns per page, a masthead and a corrections notice on page 1,
//! the symbol, subject and date at the top of every page and the page and
//! job numbers at its foot, recorded votes. Turns, speakers, sentences that
//! cross a column or a page, and no page furniture in any turn.

mod format_fixtures;
use format_fixtures::{bare_numbers, load, speakers, turn_texts};

/// What a page of a UN record carries besides the speech.
const FURNITURE: &[&str] = &[
    "S/PV.8700",
    "S/PV. 8700",
    "S/PV.8701",
    "10/01/2020",
    "13/01/2020",
    "20-00806",
    "20-00899",
    "*2000806*",
    "/12",
    "This record contains the text of speeches",
    "Corrections should be submitted",
    "Official Document System",
    "Please recycle",
];

fn assert_no_furniture(name: &str, texts: &[String]) {
    for text in texts {
        for furniture in FURNITURE {
            assert!(
                !text.contains(furniture),
                "{name}: {furniture:?} in a turn: {text:?}"
            );
        }
        // The running head's subject between the symbol and the date.
        assert!(
            !text.contains("Middle East 10/01") && !text.contains("East S/PV"),
            "{name}: running head in {text:?}"
        );
    }
}

#[test]
fn security_council_record_turns_follow_the_labels() {
    let doc = load("S_PV.8700-p1-4.pdf");
    let speakers = speakers(&doc);
    let first = speakers
        .iter()
        .position(|s| s == "The President")
        .unwrap_or_else(|| panic!("{speakers:?}"));
    assert_eq!(
        speakers[first..],
        [
            "The President",
            // `Mr. Nebenzia (Russian Federation) (spoke in Russian):`, the
            // label broken over two lines of its column.
            "Russian Federation",
            // `Mr. Pecsteen de Buytswerve (Belgium):`, a name with a particle.
            "Belgium",
            "The President",
            "The President",
            "The President",
            "France",
            "Belgium",
            "Tunisia",
            "Dominican Republic",
        ],
        "{speakers:?}"
    );
    let persons: Vec<Option<&str>> = doc
        .turns()
        .filter(|t| &*t.speaker == "Belgium")
        .map(|t| t.person())
        .collect();
    assert_eq!(persons, [Some("Mr. Pecsteen de Buytswerve"); 2]);
}

#[test]
fn security_council_record_has_no_page_furniture_in_any_turn() {
    for name in ["S_PV.8700-p1-4.pdf", "S_PV.8701.pdf"] {
        let doc = load(name);
        assert_no_furniture(name, &turn_texts(&doc));
        assert_eq!(bare_numbers(&doc), Vec::<&str>::new(), "{name}");
        // The corrections notice of page 1 is not in the text at all.
        assert!(!doc.text.contains("Verbatim Reporting Service"), "{name}");
    }
}

#[test]
fn security_council_record_reads_across_columns_and_pages() {
    let doc = load("S_PV.8700-p1-4.pdf");
    let texts = turn_texts(&doc);
    let turn_of = |speaker: &str, words: &str| {
        doc.turns()
            .zip(&texts)
            .find(|(t, text)| &*t.speaker == speaker && text.contains(words))
            .unwrap_or_else(|| panic!("{words:?} not in a turn of {speaker}: {texts:#?}"));
    };
    // From the foot of page 2's left column to the top of its right column.
    turn_of(
        "Belgium",
        "The mechanism continues to allow the United Nations and its implementing partners \
         to ensure life-saving assistance that reaches around 4 million Syrians.",
    );
    // From page 3 to page 4, over the foot and the head of the pages.
    turn_of(
        "France",
        "While the overwhelming majority of the Council supported the renewal in its \
         entirety of this vital mechanism for north-western and north-eastern Syria",
    );
    // Line-end hyphens of a UN record are real ones: kept.
    turn_of(
        "Belgium",
        "Our text requests the Secretary-General to examine alternatives",
    );
    turn_of(
        "France",
        "It should also be remembered that every day, cross-border humanitarian aid",
    );
    // A quotation set apart in the column stays in the speech that quotes it.
    turn_of(
        "Russian Federation",
        "“and in accordance with the guiding principles of humanitarian emergency \
         assistance, as contained in United Nations General Assembly resolution 46/182”.",
    );
}

#[test]
fn recorded_votes_are_narration_not_speech() {
    for name in ["S_PV.8700-p1-4.pdf", "S_PV.8701.pdf"] {
        let doc = load(name);
        for text in turn_texts(&doc) {
            for vote in ["In favour:", "Against:", "Abstaining:", "A vote was taken"] {
                assert!(!text.contains(vote), "{name}: {vote:?} in {text:?}");
            }
        }
        assert!(
            !speakers(&doc).iter().any(|s| s.contains("favour")),
            "{name}: {:?}",
            speakers(&doc)
        );
        // The list is in the record, each vote a paragraph of its own.
        assert!(doc.text.contains("\n\nIn favour: "), "{name}");
    }
    let doc = load("S_PV.8700-p1-4.pdf");
    assert!(doc.text.contains(
        "\n\nAbstaining: Indonesia, Niger, Saint Vincent and the Grenadines, South Africa, Tunisia\n\n"
    ));
    // The vote's list never reads as an agenda item's title.
    for item in &doc.agenda_items {
        let title = item.title.as_deref().unwrap_or("");
        assert!(!title.contains("Niger"), "{title:?}");
    }
}

#[test]
fn security_council_record_of_one_vote_reads_in_order() {
    let doc = load("S_PV.8701.pdf");
    let texts = turn_texts(&doc);
    let president: Vec<&String> = doc
        .turns()
        .zip(&texts)
        .filter(|(t, _)| &*t.speaker == "The President")
        .map(|(_, text)| text)
        .collect();
    assert_eq!(president.len(), 2, "{texts:#?}");
    assert!(
        president[0].starts_with("The Security Council will now begin its consideration"),
        "{:?}",
        president[0]
    );
    // Across the gutter of page 2.
    assert!(president[0].contains(
        "which contains the text of a letter dated 14 October 2019 from the \
         Secretary-General addressed to the President of the Security Council."
    ));
    assert!(president[1].starts_with("The draft resolution received 15 votes in favour."));
    // The cover (members, agenda, "The meeting was called to order") is
    // the record's front matter, not a turn of an unknown speaker; the
    // title names the organ and the meeting.
    assert_eq!(speakers(&doc), ["The President", "The President"]);
    assert_eq!(doc.title, "Security Council, 8701st meeting");
}
