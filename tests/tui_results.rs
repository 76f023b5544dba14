//! The corpus views' results list (issue 17's leftovers): each document
//! headed by its title, documents whose titles read alike told apart by
//! their date in the results and in a narrow tree, and a list of 100,000
//! hits drawn a screen at a time. Snapshots of the results at 60×20,
//! 80×24 and 120×40.

mod common;

use common::Harness;
use floor::config::Config;
use floor::ingest::Ingest;
use floor::model::Document;
use floor::tui::keymap::KeyMap;
use floor::tui::state::Mode;
use floor::tui::{App, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

macro_rules! results_at {
    ($name:ident, $w:expr, $h:expr) => {
        #[test]
        fn $name() {
            let mut h = Harness::new($w, $h, Options::default());
            h.keys("Fcapacity building");
            insta::assert_snapshot!(concat!(stringify!($name), "_query"), h.screen());
            h.keys("\tjjj");
            insta::assert_snapshot!(concat!(stringify!($name), "_list"), h.screen());
        }
    };
}

results_at!(results_60x20, 60, 20);
results_at!(results_80x24, 80, 24);
results_at!(results_120x40, 120, 40);

/// `n` press briefings of one title, a day apart, each saying `words`
/// `per_doc` times in turns of its own.
fn briefings(n: usize, per_doc: usize, words: &str) -> Vec<Document> {
    let ingest = Ingest::new(&Config::default());
    (0..n)
        .map(|i| {
            let day = format!("2024-{:02}-{:02}", 1 + i / 28 % 12, 1 + i % 28);
            let mut text = format!(
                "---\ntitle: \"Press Briefing by Press Secretary Karine Jean-Pierre\"\ndate: '{day}'\n---\n\n"
            );
            for t in 0..per_doc {
                text.push_str(&format!(
                    "MS. JEAN-PIERRE:  Turn {t}: on {words} today.\n\nQ    Thank you.\n\n"
                ));
            }
            let id = format!("{}/{day}-press-briefing-{i}", &day[..7]);
            ingest
                .parse_bytes(id.clone(), format!("{id}.md").into(), text.into_bytes())
                .unwrap()
        })
        .collect()
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buf = terminal.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
            row.trim_end().to_string() + "\n"
        })
        .collect()
}

#[test]
fn briefings_of_one_title_are_told_apart_by_their_dates() {
    let mut app = App::with_documents(
        briefings(3, 2, "fisheries"),
        KeyMap::default(),
        Options::default(),
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| app.render(f)).unwrap();
    for c in "Ffisheries".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    terminal.draw(|f| app.render(f)).unwrap();
    let shown = screen(&terminal);
    for day in ["2024-01-01", "2024-01-02", "2024-01-03"] {
        assert!(
            shown.contains(&format!(
                "Press Briefing by Press Secretary Karine Jean-Pierre · {day} (2 hits)"
            )),
            "{day}\n{shown}"
        );
    }
    assert!(
        !shown.contains("press-briefing-0 ("),
        "headed by the title, not the file id:\n{shown}"
    );
    // In a narrow tree, the folder open: each briefing keeps its date.
    press(&mut app, KeyCode::Esc);
    app.tree_width = 24;
    terminal.draw(|f| app.render(f)).unwrap();
    press(&mut app, KeyCode::Char('l'));
    terminal.draw(|f| app.render(f)).unwrap();
    let tree: Vec<String> = screen(&terminal)
        .lines()
        .map(|l| l.chars().take(24).collect::<String>())
        .filter(|l| l.contains("2024-01-0"))
        .collect();
    assert_eq!(tree.len(), 3, "{}", screen(&terminal));
    assert!(
        tree[0].contains("2024-01-01") && tree[2].contains("2024-01-03"),
        "{tree:?}"
    );
}

#[test]
fn a_hundred_thousand_hits_are_drawn_a_screen_at_a_time() {
    let mut app = App::with_documents(
        briefings(10_000, 10, "fisheries"),
        KeyMap::default(),
        Options::default(),
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| app.render(f)).unwrap();
    for c in "Ffisheries".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    // The rest of the search, as the event loop runs it between keys.
    let far = std::time::Instant::now() + std::time::Duration::from_secs(3600);
    while app.views.searching() {
        app.views.search_more(&app.session, far);
    }
    assert_eq!(app.views.search.results.entries.len(), 100_000);
    assert_eq!(app.views.search.results.docs(), 10_000);
    terminal.draw(|f| app.render(f)).unwrap();
    assert!(
        screen(&terminal).contains("100,000 hits in 10,000 documents"),
        "{}",
        screen(&terminal)
    );
    // To the last hit: its document's heading and the hit are in view.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('G'));
    terminal.draw(|f| app.render(f)).unwrap();
    let shown = screen(&terminal);
    let last = &app.session.docs[app.views.search.results.entries[99_999].doc];
    let day = &last.metadata["date"];
    assert!(
        shown.contains(&format!("· {day} (10 hits)")),
        "{day}\n{shown}"
    );
    assert!(shown.contains("Turn 9: on fisheries today."), "{shown}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        app.session.selection.doc,
        Some(app.views.search.results.entries[99_999].doc)
    );
}
