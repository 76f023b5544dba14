//! Real roll-up captions (sources in `tests/fixtures/formats/README.md`):
//! YouTube's automatic captions as `youtube-dl` saves them, where each cue
//! repeats the lines of the one before and times each word with a tag.
//! Each sentence comes out once, with no tag or timing in the text, and the
//! turn starts at its first cue's time.

mod format_fixtures;
use format_fixtures::{load, turn_texts};

/// What a caption file holds besides the words.
const MARKUP: &[&str] = &[
    "-->",
    "<",
    ">",
    "align:",
    "position:",
    "::cue",
    "Kind:",
    "Language:",
    "color",
    "00:0",
];

#[test]
fn youtube_roll_up_captions_give_each_sentence_once() {
    let doc = load("youtube-auto-rollup.en.vtt");
    for markup in MARKUP {
        assert!(!doc.text.contains(markup), "{markup:?} in {:?}", doc.text);
    }
    assert_eq!(
        turn_texts(&doc),
        [
            "the man who inspired the character Gordon Gekko Asher edelman recently had an \
             interview with CNBC and he talked about who he believed would be the best \
             candidate for our economy now this is an interesting endorsement"
        ],
        "{:?}",
        doc.text
    );
    // Lines of one space inside a cue are part of it: no cue lost its time.
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
    let turn = doc.turns().next().unwrap();
    assert_eq!(
        doc.start_time(turn).map(|t| t.clock()).as_deref(),
        Some("0:00:00")
    );
}

#[test]
fn youtube_dl_excerpt_keeps_its_start_time() {
    let doc = load("youtube-dl-rollup.vtt");
    for markup in MARKUP {
        assert!(!doc.text.contains(markup), "{markup:?} in {:?}", doc.text);
    }
    // One short sentence: the document's title, its text said once.
    assert_eq!(doc.text.trim(), "yeah what this will happen is I'm telling");
    let first = doc.timecodes.first().expect("a start time");
    assert_eq!((first.offset, first.clock()), (0, "0:04:46".to_string()));
}
