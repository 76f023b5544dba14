//! All 1,151 press-briefing transcripts of `../shared/corpora` load without a
//! panic, nearly every paragraph with a speaker. Skipped visibly (a failure
//! under `FLOOR_TEST_REQUIRE=all`) when the corpus or `tar` is not there.

mod skip;

use floor::config::Config;
use floor::ingest::{Ingest, UNKNOWN_SPEAKER};
use floor::model::DocumentKind;

#[test]
fn press_briefings_load_and_are_attributed() {
    skip::with_press_briefings("press_briefings_load_and_are_attributed", |dir| {
        let corpus = Ingest::new(&Config::default()).load_paths(&[dir]).unwrap();
        assert_eq!(corpus.documents.len(), 1151);
        assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);
        let transcripts = corpus
            .documents
            .iter()
            .filter(|d| d.kind == DocumentKind::Transcript)
            .count();
        assert!(transcripts >= 1140, "{transcripts} transcripts");
        let (mut paragraphs, mut attributed) = (0usize, 0usize);
        for d in &corpus.documents {
            assert!(!d.title.is_empty(), "{} has a title", d.id);
            for turn in d.turns() {
                paragraphs += turn.paragraphs.len();
                if &*turn.speaker != UNKNOWN_SPEAKER {
                    attributed += turn.paragraphs.len();
                }
                for p in &turn.paragraphs {
                    assert!(d.text.is_char_boundary(p.start) && d.text.is_char_boundary(p.end));
                }
            }
        }
        let share = attributed as f64 / paragraphs as f64;
        eprintln!(
            "{attributed} of {paragraphs} paragraphs attributed ({:.2}%)",
            share * 100.0
        );
        assert!(share > 0.99, "attributed share {share}");
        // A briefing opens with the press secretary, and reporters ask as Q.
        let briefing = corpus
            .documents
            .iter()
            .find(|d| {
                d.id.ends_with("2024-10-16-press-briefing-by-press-secretary-karine-jean-pierre-71")
            })
            .unwrap();
        // The front matter's `Karine\_Jean-Pierre` is YAML: a no-break space.
        assert_eq!(
            briefing.title,
            "Press Briefing by Press Secretary Karine\u{a0}Jean-Pierre"
        );
        let speakers: Vec<_> = briefing
            .turns()
            .take(3)
            .map(|t| t.speaker.as_ref())
            .collect();
        assert_eq!(speakers, ["Ms. Jean-Pierre", "Q", "Ms. Jean-Pierre"]);
    });
}
