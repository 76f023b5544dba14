//! The reader through `TestBackend`: snapshots after scripted keys, every
//! small size without panic, and styles where colour matters.

mod common;

use common::Harness;
use floor::config::Config;
use floor::tui::keymap::KeyMap;
use floor::tui::state::{Focus, Mode, NodeId};
use floor::tui::{App, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

/// Scripted steps of the snapshot session.
impl Harness {
    /// Opens `oewg-2021-25/session-2/meeting-9` from the tree.
    fn open_seed_004(&mut self) -> &mut Self {
        self.keys("jljlj\n");
        self
    }

    fn go_to_egypt(&mut self) -> &mut Self {
        self.keys("segypt\n");
        self
    }

    fn search_poa(&mut self) -> &mut Self {
        self.keys("/Program of Action\n");
        self
    }
}

fn egypt_turn(app: &App) -> (usize, usize) {
    let d = app
        .session
        .docs
        .iter()
        .position(|d| d.id == "oewg-2021-25/session-2/meeting-9")
        .unwrap();
    let t = app.session.docs[d]
        .turns()
        .position(|t| t.speaker.as_ref() == "Egypt")
        .unwrap();
    (d, t)
}

#[test]
fn scripted_session_behaves() {
    let mut h = Harness::new(80, 24, Options::default());
    h.open_seed_004();
    let (d, t) = egypt_turn(&h.app);
    assert_eq!(h.app.session.selection.doc, Some(d));
    h.go_to_egypt();
    assert_eq!(h.app.session.selection.turn, t);
    assert_eq!(
        h.app.tree_state.selected().last(),
        Some(&NodeId::Turn(d, t))
    );
    h.search_poa();
    assert!(h.app.search.hits.len() > 10, "{}", h.app.search.hits.len());
    assert!(h.screen().contains("hit "), "{}", h.screen());
    h.keys("n");
    assert_eq!(h.app.mode, Mode::Normal);
    h.keys("?");
    assert_eq!(h.app.mode, Mode::Help);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::Normal);
    h.keys("q");
    assert!(h.app.quit);
}

#[test]
fn search_is_case_and_diacritic_insensitive() {
    let mut h = Harness::new(100, 30, Options::default());
    h.open_seed_004();
    h.keys("/program of ACTION\n");
    let upper = h.app.search.hits.len();
    assert!(upper > 0);
    h.keys("/prógram of action\n");
    assert_eq!(h.app.search.hits.len(), upper);
    h.key(KeyCode::Char('/')).key(KeyCode::Esc);
    assert!(h.app.search.hits.is_empty());
}

#[test]
fn turn_and_item_navigation_follow_the_tree() {
    let mut h = Harness::new(100, 30, Options::default());
    h.open_seed_004();
    h.key(KeyCode::Tab);
    assert_eq!(h.app.focus, Focus::Text);
    h.keys("]]");
    assert_eq!(h.app.session.selection.turn, 2);
    h.keys("[");
    assert_eq!(h.app.session.selection.turn, 1);
    h.keys("}");
    let d = h.app.session.selection.doc.unwrap();
    let first_of_second: usize = h.app.session.docs[d].agenda_items[0].turns.len();
    assert_eq!(h.app.session.selection.turn, first_of_second);
    h.keys("G");
    assert_eq!(h.app.percent(), 100);
    h.keys("g");
    assert_eq!(h.app.scroll, 0);
    assert_eq!(h.app.session.selection.turn, 0);
    // Scrolling the text moves the tree selection to the turn at the top.
    for _ in 0..40 {
        h.keys("j");
    }
    let t = h.app.session.selection.turn;
    assert_eq!(
        h.app.tree_state.selected().last(),
        Some(&NodeId::Turn(d, t))
    );
}

macro_rules! snapshot_sizes {
    ($name:ident, $w:expr, $h:expr) => {
        #[test]
        fn $name() {
            let mut h = Harness::new($w, $h, Options::default());
            insta::assert_snapshot!(concat!(stringify!($name), "_start"), h.screen());
            h.open_seed_004();
            insta::assert_snapshot!(concat!(stringify!($name), "_seed_004"), h.screen());
            h.go_to_egypt();
            insta::assert_snapshot!(concat!(stringify!($name), "_egypt"), h.screen());
            h.keys("/Program of Action");
            insta::assert_snapshot!(concat!(stringify!($name), "_typing"), h.screen());
            h.keys("\n");
            insta::assert_snapshot!(concat!(stringify!($name), "_search"), h.screen());
            h.keys("?");
            insta::assert_snapshot!(concat!(stringify!($name), "_help"), h.screen());
        }
    };
}

snapshot_sizes!(size_80x24, 80, 24);
snapshot_sizes!(size_120x40, 120, 40);
snapshot_sizes!(size_60x20, 60, 20);

#[test]
fn ascii_uses_no_box_drawing() {
    let mut h = Harness::new(
        80,
        24,
        Options {
            color: false,
            ascii: true,
            mouse: false,
            tree_width: 0,
        },
    );
    h.open_seed_004();
    h.keys("?");
    let screen = h.screen();
    for c in ['│', '▸', '▾', '▌', '╭', '─'] {
        assert!(!screen.contains(c), "{c} in\n{screen}");
    }
}

#[test]
fn every_small_size_renders_without_panic() {
    let mut app = App::with_documents(common::sample_docs(), KeyMap::default(), Options::default());
    // Open a document, search, so every view has something to draw.
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    for code in "jljlj\n".chars().map(|c| {
        if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        }
    }) {
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        terminal.draw(|f| app.render(f)).unwrap();
    }
    app.handle_key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT));
    for w in 1..=40u16 {
        for h in 1..=12u16 {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            for mode_key in [None, Some('?'), Some('s')] {
                if let Some(k) = mode_key {
                    app.handle_key(KeyEvent::new(KeyCode::Char(k), KeyModifiers::NONE));
                }
                terminal.draw(|f| app.render(f)).unwrap();
                app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            }
            app.handle_key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE));
            terminal.draw(|f| app.render(f)).unwrap();
        }
    }
}

/// The cells of the text pane on the row showing `needle`.
fn find_cell(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect::<Vec<_>>()
            .concat();
        if let Some(i) = line.find(needle) {
            let col = line[..i].chars().count() as u16;
            return Some((col, y));
        }
    }
    None
}

#[test]
fn colour_marks_the_current_turn_and_hits() {
    let mut h = Harness::new(120, 40, Options::default());
    h.open_seed_004();
    h.go_to_egypt();
    let buf = h.buffer().clone();
    let text_x = h.app.geometry().text.unwrap().x;
    // The current turn's heading: the mark in the gutter, in yellow.
    let (x, y) = find_cell(&buf, "Egypt · delegation").expect("Egypt heading on screen");
    assert_eq!(x, text_x + 2);
    assert_eq!(buf[(text_x, y)].symbol(), "▌");
    assert_eq!(buf[(text_x, y)].fg, Color::Yellow);
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    // One turn back (the chair's cue): Egypt's heading is now cyan and unmarked.
    h.keys("[");
    let buf = h.buffer().clone();
    let (ox, oy) = find_cell(&buf, "Egypt · delegation").expect("Egypt heading still on screen");
    assert_eq!(buf[(ox, oy)].fg, Color::Cyan);
    assert_eq!(buf[(text_x, oy)].symbol(), " ");
    h.keys("]");
    // "POA" comes many times in Egypt's turn: several hits on screen.
    h.keys("/POA\n");
    let buf = h.buffer().clone();
    // The current hit and the other hits are highlighted.
    let backgrounds: Vec<Color> = (0..buf.area.height)
        .flat_map(|y| (text_x..buf.area.width).map(move |x| (x, y)))
        .map(|p| buf[p].bg)
        .collect();
    assert!(backgrounds.contains(&Color::LightRed), "current hit");
    assert!(backgrounds.contains(&Color::Yellow), "other hits");
}

#[test]
fn no_color_shows_structure_with_attributes_only() {
    let options = Options {
        color: false,
        ascii: false,
        mouse: false,
        tree_width: 0,
    };
    let mut h = Harness::new(120, 40, options);
    h.open_seed_004();
    h.go_to_egypt();
    let heading_buf = h.buffer().clone();
    h.search_poa();
    let buf = h.buffer().clone();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            assert_eq!(cell.fg, Color::Reset, "fg at {x},{y}");
            assert_eq!(cell.bg, Color::Reset, "bg at {x},{y}");
        }
    }
    let text_x = h.app.geometry().text.unwrap().x;
    let (x, y) = find_cell(&heading_buf, "Egypt · delegation").unwrap();
    assert_eq!(heading_buf[(text_x, y)].symbol(), "▌");
    assert!(
        heading_buf[(x, y)]
            .modifier
            .contains(Modifier::BOLD | Modifier::UNDERLINED)
    );
    let reversed = (0..buf.area.height)
        .flat_map(|y| (text_x..buf.area.width).map(move |x| (x, y)))
        .filter(|&p| buf[p].modifier.contains(Modifier::REVERSED))
        .count();
    assert!(reversed > 0, "hits shown reversed");
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    use ratatui::crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
    let mut h = Harness::new(100, 30, Options::default());
    h.open_seed_004();
    let mouse = |kind, column, row| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Row 0 is the first folder.
    h.app
        .handle_event(&mouse(MouseEventKind::Down(MouseButton::Left), 3, 0));
    h.draw();
    assert_eq!(
        h.app.tree_state.selected(),
        &[NodeId::Folder("articles".into())]
    );
    let text = h.app.geometry().text.unwrap();
    h.app
        .handle_event(&mouse(MouseEventKind::ScrollDown, text.x + 5, 5));
    assert_eq!(h.app.scroll, 3);
}

#[test]
fn keys_can_be_rebound_and_errors_name_the_line() {
    let source = "[user]\nname = \"A\"\n\n[keys]\nnext-turn = \"J\"\n";
    let path = std::path::Path::new("/tmp/c.toml");
    let config = Config::parse(source, path).unwrap();
    let map = KeyMap::with_config(&config.keys, path, source).unwrap();
    let j = KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT);
    assert_eq!(map.action(&j), Some(floor::tui::action::Action::NextTurn));

    let source = "[keys]\nquit = \"q\"\nfly = \"f\"\n";
    let config = Config::parse(source, path).unwrap();
    let err = KeyMap::with_config(&config.keys, path, source).unwrap_err();
    assert_eq!(err.line, Some(3), "{err}");
    assert!(err.to_string().starts_with("/tmp/c.toml:3:"), "{err}");
    assert!(err.message.contains("fly"));

    let source = "[keys]\nquit = \"hyper-q\"\n";
    let config = Config::parse(source, path).unwrap();
    let err = KeyMap::with_config(&config.keys, path, source).unwrap_err();
    assert_eq!(err.line, Some(2), "{err}");
    assert!(err.message.contains("hyper-q"));
}

#[test]
fn readme_key_table_matches_the_key_map() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = "<!-- keys:start -->";
    let end = "<!-- keys:end -->";
    let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else {
        panic!(
            "README.md needs the key table between `{start}` and `{end}`; generate it with \
             KeyMap::default().markdown_table() (see README.keys.md)"
        );
    };
    let table = readme[a + start.len()..b].trim();
    let expected = KeyMap::default().markdown_table();
    assert_eq!(
        table,
        expected.trim(),
        "README key table is out of date; replace it with:\n{expected}"
    );
}
