//! The reader's own decorations in ASCII mode, the first frame before any
//! document, and the help overlay scrolling at 80×24.

mod common;

use std::path::{Path, PathBuf};

use common::Harness;
use floor::config::Config;
use floor::ingest::Ingest;
use floor::model::Document;
use floor::tui::keymap::KeyMap;
use floor::tui::state::{Focus, Mode};
use floor::tui::{App, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

const ASCII: Options = Options {
    color: false,
    ascii: true,
    mouse: false,
    tree_width: 0,
};

/// The sample's characters outside ASCII, spelt in ASCII.
fn to_ascii(c: char) -> &'static str {
    match c {
        '\u{a0}' => " ",
        '’' => "'",
        '“' | '”' => "\"",
        '–' => "-",
        'è' | 'ē' => "e",
        'ç' | 'č' => "c",
        'ï' => "i",
        'ü' => "u",
        _ => "?",
    }
}

/// Copies the text files under `from` to `to`, spelt in ASCII.
fn copy_as_ascii(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_as_ascii(&path, &target);
        } else {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut ascii = String::with_capacity(text.len());
            for c in text.chars() {
                if c.is_ascii() {
                    ascii.push(c);
                } else {
                    ascii.push_str(to_ascii(c));
                }
            }
            std::fs::write(target, ascii).unwrap();
        }
    }
}

/// The bundled sample with its text made ASCII, so that any other
/// character on screen is one of floor's decorations.
fn ascii_sample() -> Vec<Document> {
    let dir = tempfile::tempdir().unwrap();
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/sample");
    copy_as_ascii(&sample, dir.path());
    let corpus = Ingest::new(&Config::default())
        .load_paths(&[dir.path().to_path_buf()])
        .unwrap();
    assert!(corpus.documents.len() > 3);
    corpus.documents
}

/// Panics with the screen when a cell holds anything but ASCII.
fn assert_ascii(h: &Harness, step: &str) {
    let buf = h.buffer();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let symbol = buf[(x, y)].symbol();
            assert!(
                symbol.is_ascii(),
                "{step}: {symbol:?} at {x},{y} in\n{}",
                h.screen()
            );
        }
    }
}

fn ascii_harness(width: u16, height: u16, docs: Vec<Document>) -> Harness {
    let mut h = Harness {
        app: App::with_documents(docs, KeyMap::default(), ASCII),
        terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
    };
    h.draw();
    h
}

#[test]
fn ascii_mode_draws_only_ascii_apart_from_document_text() {
    // The first frame, before any document is known.
    let mut h = ascii_harness(80, 24, Vec::new());
    h.app.loading = Some((0, 0));
    h.draw();
    assert_ascii(&h, "loading");
    assert!(h.screen().contains("loading..."), "{}", h.screen());

    let mut h = ascii_harness(80, 24, ascii_sample());
    h.app.loading = Some((7, 9));
    h.draw();
    assert_ascii(&h, "start");
    h.app.loading = None;
    // Turn headings: "Egypt - delegation", the status line with its
    // separators, a tag with a note (marker, gutter bar, tree count).
    h.keys("jljlj\n");
    assert_ascii(&h, "seed 004");
    let d = (0..h.app.session.docs.len())
        .find(|&d| h.app.session.docs[d].id.ends_with("meeting-9"))
        .unwrap();
    let t = h.app.session.docs[d]
        .turns()
        .position(|t| t.speaker.as_ref() == "Egypt")
        .unwrap();
    h.app.show_turn(d, t);
    h.draw();
    assert_ascii(&h, "Egypt's turn");
    assert!(h.screen().contains("Egypt - "), "{}", h.screen());
    h.app.focus = Focus::Text;
    h.keys("veeetc");
    h.keys("aa note");
    h.ctrl('s');
    assert_eq!(
        h.app.session.anns[h.app.session.selection.doc.unwrap()]
            .ann
            .tags
            .len(),
        1
    );
    assert_ascii(&h, "tagged");
    h.keys("z");
    assert_ascii(&h, "suggestions");
    h.keys("z");
    h.keys("/Program of Action");
    assert_ascii(&h, "typing a search");
    h.keys("\n");
    assert_ascii(&h, "search");
    for (keys, step) in [
        ("?", "help"),
        ("s", "speaker picker"),
        ("F", "corpus search"),
        ("S", "speaker index"),
        ("T", "theme index"),
        ("C", "speaker x theme table"),
        ("E", "export"),
    ] {
        h.keys(keys);
        assert_ascii(&h, step);
        if step == "help" {
            h.key(KeyCode::PageDown);
            assert_ascii(&h, "help, second page");
            h.key(KeyCode::End);
            assert_ascii(&h, "help, last page");
        }
        if step == "corpus search" {
            h.keys("capacity");
            assert_ascii(&h, "corpus search results");
        }
        h.key(KeyCode::Esc);
        if h.app.mode != Mode::Normal {
            h.key(KeyCode::Esc);
        }
        assert_eq!(h.app.mode, Mode::Normal, "{step}");
    }
    // Too small a terminal.
    let mut small = ascii_harness(15, 3, Vec::new());
    small.draw();
    assert_ascii(&small, "too small");
    assert!(small.screen().contains("20x4"), "{}", small.screen());
}

#[test]
fn help_scrolls_at_80x24() {
    let mut h = Harness::new(80, 24, Options::default());
    h.keys("?");
    assert_eq!(h.app.mode, Mode::Help);
    insta::assert_snapshot!("help_80x24_top", h.screen());
    // 22 lines fit between the borders; the help is longer.
    h.keys("j");
    assert_eq!(h.app.help.scroll, 1);
    h.keys("k");
    assert_eq!(h.app.help.scroll, 0);
    h.key(KeyCode::PageDown);
    assert_eq!(h.app.help.scroll, 21);
    h.key(KeyCode::End);
    insta::assert_snapshot!("help_80x24_end", h.screen());
    assert!(h.screen().contains(" above: k pageup "), "{}", h.screen());
    // Every description is there in full, wrapped where it is long.
    let last = match h.app.help.rows(&h.app.keymap).last().unwrap() {
        floor::tui::help::HelpRow::Action(_, description) => *description,
        other => panic!("the help ends with an action, not {other:?}"),
    };
    assert!(h.screen().contains(last), "{}", h.screen());
    // A long description wraps beside its keys (it is a page up, under
    // "Tagging and notes").
    h.key(KeyCode::PageUp);
    assert!(
        h.screen()
            .contains("(or the next one in the  │\n│                 turn)"),
        "{}",
        h.screen()
    );
    h.key(KeyCode::Home);
    assert_eq!(h.app.help.scroll, 0);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::Normal);
}
