//! Property tests: ingest never panics, and every range it gives lies on
//! char boundaries inside the canonical text, in order.

use std::path::PathBuf;

use floor::config::Config;
use floor::ingest::Ingest;
use proptest::prelude::*;

/// Pieces that exercise every path: labels, cues, prefixes, brackets,
/// headings, markup, control sequences, encodings' odd bytes.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"Ambassador Gafoor\xC2\xA0\xC2\xA0\n\n".to_vec()),
        Just(b"I give the floor to Egypt, please.\n\n\n".to_vec()),
        Just(b"Egypt, please to be followed by Thailand, Egypt.\n".to_vec()),
        Just(b"[Mr Chair, we did not request the floor.] ".to_vec()),
        Just(b"MS. PSAKI:\xC2\xA0 Hello\nthere.\n\n".to_vec()),
        Just(b"Q    Question?\n\n".to_vec()),
        Just(b"The Chair: I call on Mr. Li (China).\n".to_vec()),
        Just(b"Mr. Li (China) (spoke in Chinese): \xE8\xB0\xA2\xE8\xB0\xA2.\n\n".to_vec()),
        Just(b"Agenda item 93 (continued)\n\n".to_vec()),
        Just(b"## **Heading** <sup>1</sup> \\[x\\]\n".to_vec()),
        Just(b"---\ntitle: x\n---\n".to_vec()),
        Just(b"\x1b[31m\x1b]52;c;AAAA\x07\xE2\x80\xAE\r\n".to_vec()),
        Just(b"So the floor is now open on capacity building. ".to_vec()),
        Just(b"Germany is fully aligned on behalf of the Pacific Islands Forum.\n".to_vec()),
        Just(b"Leave a Reply\n".to_vec()),
        Just(b"\xE9\xFF\xC3".to_vec()),
        prop::collection::vec(any::<u8>(), 0..40),
        "[a-zA-Z .,:\\[\\]\n]{0,60}".prop_map(String::into_bytes),
    ]
}

/// Built once: the registry's matcher takes a while to build.
static INGEST: std::sync::LazyLock<Ingest> =
    std::sync::LazyLock::new(|| Ingest::new(&Config::default()));

fn document() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(piece(), 0..30).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn ingest_never_panics_and_ranges_are_sound(bytes in document()) {
        let Ok(doc) = INGEST.parse_bytes("p".into(), PathBuf::from("p.txt"), bytes) else {
            return Ok(());
        };
        let text = &doc.text;
        let mut last_start = 0;
        for turn in doc.turns() {
            prop_assert!(turn.range.start <= turn.range.end && turn.range.end <= text.len());
            prop_assert!(text.is_char_boundary(turn.range.start) && text.is_char_boundary(turn.range.end));
            if !turn.interjection {
                prop_assert!(turn.range.start >= last_start, "turns in order");
                last_start = turn.range.start;
            }
            for p in &turn.paragraphs {
                prop_assert!(p.start <= p.end && p.end <= text.len());
                prop_assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
            }
            let _ = doc.turn_text(turn);
        }
        prop_assert!(!text.contains('\r'));
        prop_assert!(!text.contains(char::from(0x1b)), "no escape left");
    }
}
