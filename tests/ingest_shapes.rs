//! Shapes beyond the seeds: UN verbatim records, press calls, encodings,
//! control sequences, empty, binary and very long files.

use std::path::PathBuf;

use floor::config::Config;
use floor::ingest::Ingest;
use floor::model::{AgendaSource, Attribution, Document, DocumentKind, Role};

fn ingest() -> Ingest {
    Ingest::new(&Config::default())
}

fn parse(bytes: &[u8]) -> Document {
    ingest()
        .parse_bytes(
            "fixture".into(),
            PathBuf::from("fixture.txt"),
            bytes.to_vec(),
        )
        .expect("text, not binary")
}

fn fixture(name: &str) -> Document {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    ingest()
        .parse_bytes(name.into(), path.clone(), std::fs::read(&path).unwrap())
        .unwrap()
}

/// (speaker, role, text) of every turn.
fn turns(d: &Document) -> Vec<(String, Role, String)> {
    d.turns()
        .map(|t| (t.speaker.to_string(), t.role, d.turn_text(t)))
        .collect()
}

/// An agenda heading that names its item on its own line keeps the number
/// and the title apart (the reader shows "Agenda item 5: Capacity
/// building", not the number twice).
#[test]
fn agenda_heading_with_its_title_on_the_same_line() {
    let d = parse(
        "Agenda item 5: Capacity building\n\nThe Chair: I give the floor to Egypt.\n\n\
         Agenda item 6 \u{2014} Regular institutional dialogue.\n\nThe Chair: Thank you.\n\n\
         Item 7 of the agenda\n\nThe Chair: Next.\n"
            .as_bytes(),
    );
    let items: Vec<_> = d
        .agenda_items
        .iter()
        .map(|i| (i.number.as_deref(), i.title.as_deref()))
        .collect();
    assert_eq!(
        items,
        [
            (Some("5"), Some("Capacity building")),
            (Some("6"), Some("Regular institutional dialogue")),
            (Some("7"), Some("Item 7 of the agenda")),
        ]
    );
}

/// A delegation the chair gave the floor to often opens with its own name
/// ("Türkiye: Thank you, Chair."): the label confirms the cue and is not
/// part of what it says, as "The Chair:" is not. A country named before a
/// colon in an official's answer, without a cue, stays text.
#[test]
fn label_naming_the_cued_delegation() {
    let d = parse(
        "The Chair: I give the floor to Türkiye.\n\n\
         Turkey: Thank you, Chair. Capacity building matters.\n\n\
         The Chair: I thank Türkiye. I now give the floor to Egypt.\n\n\
         Egypt:\u{a0}We support the POA.\n\n\
         The Chair: Thank you. I give the floor to France.\n\n\
         Lebanon: we follow it closely, said France.\n"
            .as_bytes(),
    );
    let got: Vec<(String, String, f32)> = d
        .turns()
        .map(|t| (t.speaker.to_string(), d.turn_text(t), t.confidence))
        .collect();
    let expected = [
        ("The Chair", "I give the floor to Türkiye."),
        ("Türkiye", "Thank you, Chair. Capacity building matters."),
        (
            "The Chair",
            "I thank Türkiye. I now give the floor to Egypt.",
        ),
        ("Egypt", "We support the POA."),
        ("The Chair", "Thank you. I give the floor to France."),
        ("France", "Lebanon: we follow it closely, said France."),
    ];
    for ((speaker, text, _), (want_speaker, want_text)) in got.iter().zip(expected) {
        assert_eq!((speaker.as_str(), text.as_str()), (want_speaker, want_text));
    }
    assert_eq!(got.len(), expected.len());
    assert_eq!(got[1].2, 1.0, "the label confirms the cue");
    assert!(d.turns().all(|t| t.attribution != Attribution::Unknown));
}

#[test]
fn verbatim_record_prefixes_and_agenda_headings() {
    let d = fixture("verbatim-record.txt");
    assert_eq!(d.kind, DocumentKind::Transcript);
    let items: Vec<_> = d
        .agenda_items
        .iter()
        .map(|i| (i.number.clone(), i.title.clone(), i.source))
        .collect();
    assert_eq!(
        items,
        [
            (
                Some("93".into()),
                Some("Developments in the field of information and telecommunications in the context of international security".into()),
                AgendaSource::Heading
            ),
            (
                Some("94".into()),
                Some("Role of science and technology in the context of international security".into()),
                AgendaSource::Heading
            ),
        ]
    );
    let speakers: Vec<_> = d.turns().map(|t| (t.speaker.as_ref(), t.role)).collect();
    assert_eq!(
        speakers,
        [
            ("The Chair", Role::Chair),
            ("Egypt", Role::Delegation),
            ("Mrs. Dupont", Role::Chair),
            ("Republic of Korea", Role::Delegation),
            ("The Chair", Role::Chair),
            ("Russian Federation", Role::Delegation),
        ]
    );
    assert_eq!(d.agenda_items[0].turns.len(), 4);
    let egypt = d.turns().find(|t| t.speaker.as_ref() == "Egypt").unwrap();
    assert_eq!(egypt.person(), Some("Mr. Hassan"));
    assert_eq!(egypt.attribution, Attribution::Prefix);
    assert_eq!(
        d.turn_text(egypt),
        "My delegation welcomes the Programme of Action and the work of the open-ended working group.\n\n\
         We call for capacity-building that responds to the needs of developing States."
    );
    let russia = d
        .turns()
        .find(|t| t.speaker.as_ref() == "Russian Federation")
        .unwrap();
    assert_eq!(
        d.turn_text(russia),
        "Thank you, Mr. Chair.",
        "procedural notes are no one's words"
    );
}

#[test]
fn press_call_with_q_and_hard_wrapping() {
    let d = fixture("press-call.md");
    assert_eq!(d.kind, DocumentKind::Transcript);
    // `\_` in double-quoted YAML is a no-break space.
    assert_eq!(
        d.title,
        "Background Press Call on the Programme of Action\u{a0}Update"
    );
    assert_eq!(d.metadata["date"], "2024-10-16");
    let got = turns(&d);
    let expected = [
        (
            "Moderator",
            Role::Moderator,
            "Thanks, everyone, for joining.  This call is on background, attributable to a senior administration official.",
        ),
        (
            "Senior Administration Official",
            Role::Official,
            "Thanks.  So, the administration's position on the Programme of Action has not changed.\n\nWe will keep working with partners.",
        ),
        (
            "Q",
            Role::Press,
            "Thanks.  Can you say more about the [inaudible] timeline?",
        ),
        (
            "Ms. Jean-Pierre",
            Role::Official,
            "Sure.  The timeline is the one we set out.",
        ),
        ("Q", Role::Press, "One more."),
    ];
    let got: Vec<_> = got
        .iter()
        .map(|(s, r, t)| (s.as_str(), *r, t.as_str()))
        .collect();
    assert_eq!(got, expected);
    let moderator = d.turns().next().unwrap();
    assert_eq!(moderator.attribution, Attribution::Prefix);
    assert_eq!(moderator.start_line, 12);
}

const LABELLED: &str = "Meeting Transcript\n\nAmbassador Gafoor\n\nI give the floor to Türkiye, please.\n\n\nTürkiye supports capacity building.\n";

fn assert_labelled_transcript(d: &Document) {
    let got = turns(d);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, "Ambassador Gafoor");
    assert_eq!(got[1].0, "Türkiye");
    assert_eq!(got[1].2, "Türkiye supports capacity building.");
    assert_eq!(d.turns().nth(1).unwrap().start_line, 8);
}

#[test]
fn crlf_and_lone_cr_become_lf() {
    let crlf = LABELLED.replace('\n', "\r\n");
    let d = parse(crlf.as_bytes());
    assert!(!d.text.contains('\r'));
    assert_labelled_transcript(&d);
    let cr = LABELLED.replace('\n', "\r");
    assert_labelled_transcript(&parse(cr.as_bytes()));
}

#[test]
fn utf16_with_bom_in_both_byte_orders() {
    let mut le = vec![0xFF, 0xFE];
    le.extend(LABELLED.encode_utf16().flat_map(u16::to_le_bytes));
    assert_labelled_transcript(&parse(&le));
    let mut be = vec![0xFE, 0xFF];
    be.extend(LABELLED.encode_utf16().flat_map(u16::to_be_bytes));
    assert_labelled_transcript(&parse(&be));
    let mut bom8 = vec![0xEF, 0xBB, 0xBF];
    bom8.extend(LABELLED.as_bytes());
    let d = parse(&bom8);
    assert!(!d.text.starts_with('\u{feff}'));
    assert_labelled_transcript(&d);
}

#[test]
fn windows_1252_is_read_with_a_warning() {
    let bytes = b"Statement by the Republic of C\xF4te d'Ivoire\n\n\x93We support the Programme.\x94 \x96 said the d\xE9l\xE9gation.\n";
    let d = parse(bytes);
    assert!(d.text.contains("Côte d'Ivoire"));
    assert!(
        d.text
            .contains("“We support the Programme.” – said the délégation.")
    );
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    assert!(d.warnings[0].message.contains("Windows-1252"));
    assert_eq!(d.kind, DocumentKind::Statement);
    assert_eq!(d.authors, ["Côte d'Ivoire"]);
}

#[test]
fn escape_sequences_osc_and_bidi_overrides_are_removed_whole() {
    let text = "Title\n\nMS. PSAKI: \x1b[31mred\x1b[0m text \x1b]52;c;SGVsbG8=\x07copied \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \u{202e}desrever\u{202c} \u{2066}iso\u{2069} \u{9b}31mC1\x7f\x01.\n\nQ  Next?\n";
    let d = parse(text.as_bytes());
    let got = turns(&d);
    assert_eq!(got[0].0, "Ms. Psaki");
    assert_eq!(got[0].2, "red text copied link desrever iso C1.");
    for c in d.text.chars() {
        assert!(
            c == '\n'
                || c == '\t'
                || !(c.is_control()
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)),
            "{c:?} left in the text"
        );
    }
    assert_eq!(got[1].0, "Q");
    assert!(
        !d.warnings.is_empty(),
        "removing control sequences is reported"
    );
}

#[test]
fn empty_files_give_an_empty_document_with_a_warning() {
    for bytes in [&b""[..], b"\n\n  \n", b"\xEF\xBB\xBF"] {
        let d = parse(bytes);
        assert_eq!(d.turns().count(), 0);
        assert!(
            d.warnings.iter().any(|w| w.message.contains("empty")),
            "{:?}",
            d.warnings
        );
    }
}

#[test]
fn binary_files_are_skipped_with_a_warning_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("image.txt"), b"GIF89a\x00\x01\x02binary").unwrap();
    std::fs::write(dir.path().join("ok.txt"), LABELLED).unwrap();
    std::fs::create_dir(dir.path().join(".floor")).unwrap();
    std::fs::write(dir.path().join(".floor/ok.toml"), "x").unwrap();
    let corpus = ingest().load_paths(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(corpus.documents.len(), 1);
    assert_eq!(corpus.documents[0].id, "ok");
    assert_eq!(corpus.warnings.len(), 1);
    assert!(corpus.warnings[0].path.ends_with("image.txt"));
    assert!(corpus.warnings[0].message.contains("binary"));
}

#[test]
fn a_20_mb_single_line_loads() {
    let mut text = String::from("MS. PSAKI: ");
    let sentence = "The Programme of Action is a permanent mechanism. ";
    while text.len() < 20 * 1024 * 1024 {
        text.push_str(sentence);
    }
    text.push_str("\x1b[0mEnd.");
    let d = parse(text.as_bytes());
    let got = turns(&d);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "Ms. Psaki");
    assert!(got[0].2.ends_with("mechanism. End."));
    assert_eq!(d.text.lines().count(), 1);
}

#[test]
fn folders_give_ids_and_missing_paths_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let session = dir.path().join("oewg/session-2");
    std::fs::create_dir_all(&session).unwrap();
    std::fs::write(session.join("meeting-9.txt"), LABELLED).unwrap();
    std::fs::write(session.join("notes.pdf"), "not loaded").unwrap();
    let corpus = ingest().load_paths(&[dir.path().to_path_buf()]).unwrap();
    let ids: Vec<_> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["oewg/session-2/meeting-9"]);
    let err = ingest()
        .load_paths(&[dir.path().join("missing")])
        .unwrap_err();
    assert!(err.to_string().contains("missing"));
}

/// Scraped press releases end with `###` (escaped `\###` in Markdown) and
/// some separate parts with `# # #`: text, never an empty agenda item
/// (issue 17, item 12). A heading with words still opens one.
#[test]
fn escaped_and_bare_hash_lines_make_no_agenda_item() {
    let d = parse(
        b"MODERATOR: Good afternoon.\n\n\\###\n\nQ: A question.\n\n\\# \\# \\#\n\n## Closing remarks\n\nMODERATOR: Thank you.\n",
    );
    let titles: Vec<Option<&str>> = d.agenda_items.iter().map(|i| i.title.as_deref()).collect();
    assert_eq!(titles, [None, Some("Closing remarks")]);
    assert!(d.agenda_items.iter().all(|i| !i.turns.is_empty()));
    assert!(
        d.turns().any(|t| d.turn_text(t).contains("###")),
        "the mark stays as text"
    );
}

/// A title in double-quoted YAML keeps YAML's escapes (`\_` is a no-break
/// space), also over lines: Markdown markup is not stripped inside front
/// matter (issue 17, item 2; the shape of the press briefings).
#[test]
fn front_matter_titles_decode_yaml_not_markdown() {
    let d = parse(
        b"---\ndate: '2021-05-10'\ntitle: \"Press Briefing by Jen\\_Psaki and Public Health\\_\\\n  Officials, May\\_10\"\n---\n\nMODERATOR: Good afternoon.\n",
    );
    assert_eq!(
        d.title,
        "Press Briefing by Jen\u{a0}Psaki and Public Health\u{a0}Officials, May\u{a0}10"
    );
    assert_eq!(d.metadata["date"], "2021-05-10");
    assert_eq!(d.turns().next().unwrap().speaker.as_ref(), "Moderator");
}

/// A theme of the agenda vocabulary that the chair names after others have
/// spoken does not open an agenda item: the President of the Security
/// Council speaking "in my capacity as the representative of" a State, on
/// capacity-building, is not moving the meeting on (S/PV.8702 grew an item
/// "Capacity building" so, S/PV.8704 one "International law"). Named in the
/// chair's opening words, or after "the floor is now open on", it still does.
#[test]
fn a_theme_the_chair_names_mid_meeting_opens_no_agenda_item() {
    let record = "The President: I now give the floor to the representative of Chile.\n\n\
        Mr. Soto (Chile): Chile thanks the Secretary-General for his report.\n\n\
        The President: I shall now make a statement in my capacity as the representative \
        of Viet Nam. Capacity-building and international law matter; capacity-building \
        above all.\n\n\
        Mr. Soto (Chile): One more word.\n";
    let doc = parse(record.as_bytes());
    let titles: Vec<_> = doc.agenda_items.iter().map(|i| i.title.clone()).collect();
    assert_eq!(titles, [None], "{titles:?}");
    assert_eq!(doc.turns().count(), 4);

    let cued = "The President: I now give the floor to the representative of Chile.\n\n\
        Mr. Soto (Chile): Chile thanks the Secretary-General.\n\n\
        The President: The floor is now open on capacity building.\n\n\
        Mr. Soto (Chile): On capacity building, Chile supports the fund.\n";
    let doc = parse(cued.as_bytes());
    let titles: Vec<_> = doc.agenda_items.iter().map(|i| i.title.clone()).collect();
    assert_eq!(titles, [None, Some("Capacity building".to_string())]);
}
