//! What a newcomer meets first (issue 17, part 2), through `TestBackend`:
//! one document opens itself, titles in the tree, the document picker,
//! `/` and `n` moving the reading cursor, pickers highlighting their best
//! match, 80×24 without colour, the help by task, drafts kept at a quit.
//! Snapshots at 60×20, 80×24 and 120×40 for the tree and header, the
//! document picker, and NO_COLOR with the grouped help.

mod common;

use common::{Harness, sample_docs};
use floor::tui::keymap::KeyMap;
use floor::tui::state::{Focus, Mode};
use floor::tui::{App, Options};
use ratatui::crossterm::event::KeyCode;

const MONO: Options = Options {
    color: false,
    ascii: false,
    mouse: false,
    tree_width: 0,
};

fn seed_004(h: &Harness) -> usize {
    h.app
        .session
        .docs
        .iter()
        .position(|d| d.id == "oewg-2021-25/session-2/meeting-9")
        .unwrap()
}

/// The status line: the last row.
fn status(h: &Harness) -> String {
    h.screen().lines().last().unwrap_or_default().to_string()
}

#[test]
fn one_document_opens_it_and_an_empty_corpus_ends_the_reader() {
    let docs: Vec<_> = sample_docs()
        .into_iter()
        .filter(|d| d.id.ends_with("meeting-9"))
        .collect();
    let mut app = App::with_documents(docs, KeyMap::default(), Options::default());
    app.finished_loading();
    assert_eq!(app.session.selection.doc, Some(0));
    assert_eq!(app.focus, Focus::Text);
    assert!(!app.quit);
    // Two documents: the tree, nothing opened for the user.
    let mut two = App::with_documents(
        sample_docs().into_iter().take(2).collect(),
        KeyMap::default(),
        Options::default(),
    );
    two.finished_loading();
    assert_eq!(two.session.selection.doc, None);
    let mut none = App::new(KeyMap::default(), Options::default());
    none.finished_loading();
    assert!(none.nothing_loaded && none.quit);
}

#[test]
fn search_hits_move_the_reading_cursor_so_tags_land_there() {
    let mut h = Harness::new(100, 30, Options::default());
    h.keys("jljlj\n");
    let d = seed_004(&h);
    h.keys("/cyber");
    // While typing, the same words as the corpus search.
    assert!(status(&h).contains(" hits in 1 document"), "{}", status(&h));
    h.keys("\n");
    let hit = h.app.search.hits[h.app.search.current.unwrap()].clone();
    assert_eq!(
        h.app.notes.cursor, hit.start,
        "enter puts the cursor on the hit"
    );
    assert!(status(&h).contains("hit "), "{}", status(&h));
    h.keys("nn");
    let third = h.app.search.hits[h.app.search.current.unwrap()].clone();
    assert_eq!(h.app.notes.cursor, third.start, "n moves the cursor too");
    h.keys("N");
    let second = h.app.search.hits[h.app.search.current.unwrap()].clone();
    assert_eq!(h.app.notes.cursor, second.start);
    assert_eq!(h.app.focus, Focus::Text);
    // `v` and a word: the tag is the hit's word, not text elsewhere.
    h.keys("vet");
    assert_eq!(h.app.mode, Mode::ThemePicker);
    h.keys("c");
    let tag = h.app.session.anns[d].ann.tags[0].clone();
    let text = h.app.doc_text(d);
    let start = text.to_canonical(second.start);
    assert_eq!(tag.target.start, start);
    assert!(
        tag.target.quote.to_lowercase().starts_with("cyber"),
        "{}",
        tag.target.quote
    );
}

#[test]
fn after_a_split_the_cursor_is_on_the_second_half() {
    let mut h = Harness::new(100, 30, Options::default());
    let d = h.open_turn("meeting-9", "Germany");
    let turn = h.app.session.selection.turn;
    let turns = h.app.session.docs[d].turn_count();
    // Into the turn's text: a few words on.
    h.keys("wwwwww");
    let cursor = h.app.notes.cursor;
    let at = h.app.doc_text(d).to_canonical(cursor);
    h.keys("|");
    assert_eq!(h.app.session.docs[d].turn_count(), turns + 1, "split");
    assert_eq!(
        h.app.session.selection.turn,
        turn + 1,
        "the second half is current"
    );
    let now = h.app.notes.cursor;
    assert_eq!(
        h.app.doc_text(d).to_canonical(now),
        at,
        "same words under the cursor"
    );
}

#[test]
fn pickers_highlight_the_best_match_of_what_is_typed() {
    let mut h = Harness::new(100, 30, Options::default());
    h.keys("jljlj\n");
    // Down three rows, then a filter: Enter takes the best match, not the
    // fourth row of the filtered list.
    h.keys("s");
    h.key(KeyCode::Down).key(KeyCode::Down).key(KeyCode::Down);
    h.keys("egypt\n");
    let d = seed_004(&h);
    let turn = h.app.session.selection.turn;
    let speaker = &*h.app.session.docs[d].turns().nth(turn).unwrap().speaker;
    assert_eq!(speaker, "Egypt");
}

#[test]
fn the_document_picker_opens_a_document_by_title_date_or_path() {
    let mut h = Harness::new(100, 30, Options::default());
    h.keys("o");
    assert_eq!(h.app.mode, Mode::Documents);
    assert!(h.screen().contains("Documents: 5 of 5"), "{}", h.screen());
    h.keys("arria\n");
    assert_eq!(h.app.mode, Mode::Normal);
    let d = h.app.session.selection.doc.unwrap();
    assert!(
        h.app.session.docs[d].id.contains("arria"),
        "{}",
        h.app.session.docs[d].id
    );
    assert_eq!(h.app.focus, Focus::Text);
    // By a word of the title.
    h.keys("oinstitutional dialogue");
    h.key(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::Normal);
}

#[test]
fn a_quit_with_a_note_being_written_asks_and_keeps_it() {
    let mut h = Harness::new(100, 30, Options::default());
    let d = h.open_turn("meeting-9", "Germany");
    h.keys("a");
    assert_eq!(h.app.mode, Mode::Note);
    h.keys("half a thought");
    h.ctrl('c');
    assert_eq!(h.app.mode, Mode::Quit);
    assert!(!h.app.quit);
    assert!(
        h.screen().contains("The note you are writing is not saved"),
        "{}",
        h.screen()
    );
    // `k` goes back to it, as typed.
    h.keys("k");
    assert_eq!(h.app.mode, Mode::Note);
    assert_eq!(h.app.notes.note.as_ref().unwrap().text(), "half a thought");
    // `w` saves it, then quits.
    h.ctrl('c').keys("w");
    assert!(h.app.quit);
    assert_eq!(h.app.session.anns[d].ann.notes[0].note, "half a thought");
    // A title being typed is asked about too; `a` drops it and quits.
    let mut h = Harness::new(100, 30, Options::default());
    h.open_turn("meeting-9", "Germany");
    h.keys("AClosing");
    h.ctrl('c');
    assert_eq!(h.app.mode, Mode::Quit);
    h.keys("a");
    assert!(h.app.quit);
}

#[test]
fn the_status_line_fits_80_columns_and_the_marker_never_cuts_text() {
    let mut h = Harness::new(80, 24, MONO);
    let d = h.open_turn("meeting-9", "Germany");
    // Tag every word of a row: a marker after each would push words off.
    for _ in 0..6 {
        h.keys("vet").keys("c").keys("w");
    }
    assert!(h.app.session.anns[d].ann.tags.len() >= 6);
    let screen = h.screen();
    // Every word of the turn's rows is on screen, in order.
    let text = h.app.doc_text(d).text.clone();
    let layout_rows: Vec<String> = {
        let scroll = h.app.scroll;
        let layout = h.app.current_layout().unwrap();
        layout.rows[scroll..scroll + 10]
            .iter()
            .map(|r| text[r.range.clone()].trim_end().to_string())
            .collect()
    };
    for row in layout_rows.iter().filter(|r| !r.is_empty()) {
        let first = row.split_whitespace().next().unwrap();
        let last = row.split_whitespace().last().unwrap();
        assert!(
            screen
                .lines()
                .any(|l| l.contains(first) && l.contains(last)),
            "{row:?} cut:\n{screen}"
        );
    }
    assert!(status(&h).ends_with("? help"), "{}", status(&h));
    h.app.message = Some("a long message about something that happened, ".repeat(4));
    h.draw();
    let line = status(&h);
    assert!(line.ends_with("? help") && line.contains('…'), "{line}");
}

macro_rules! newcomer_sizes {
    ($name:ident, $w:expr, $h:expr) => {
        #[test]
        fn $name() {
            // Item 2: titles in the tree, cut with `…`; the header above
            // the text; a wider tree.
            let mut h = Harness::new($w, $h, Options::default());
            h.keys("ljjljl");
            insta::assert_snapshot!(concat!(stringify!($name), "_titles"), h.screen());
            h.keys("kkkkkjjjj\n");
            insta::assert_snapshot!(concat!(stringify!($name), "_header"), h.screen());
            h.keys(">>>>");
            insta::assert_snapshot!(concat!(stringify!($name), "_wider"), h.screen());
            // Item 3: the document picker, filtered.
            h.keys("ofrance");
            insta::assert_snapshot!(concat!(stringify!($name), "_picker"), h.screen());
            h.key(KeyCode::Esc);
            // Item 7: no colour, a tag's marker, the help by task, filtered.
            let mut h = Harness::new($w, $h, MONO);
            h.open_turn("meeting-9", "Germany");
            h.keys("vet").keys("c");
            insta::assert_snapshot!(concat!(stringify!($name), "_mono"), h.screen());
            h.keys("?");
            insta::assert_snapshot!(concat!(stringify!($name), "_help"), h.screen());
            h.keys("/note");
            insta::assert_snapshot!(concat!(stringify!($name), "_help_filtered"), h.screen());
        }
    };
}

newcomer_sizes!(newcomer_60x20, 60, 20);
newcomer_sizes!(newcomer_80x24, 80, 24);
newcomer_sizes!(newcomer_120x40, 120, 40);
