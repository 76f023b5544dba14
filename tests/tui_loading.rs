//! The reader while a corpus loads, without a terminal: documents arrive
//! through the loading channel in batches, the reader takes a bounded
//! amount per turn of its loop, keys are answered between batches, the tree
//! grows and the status line counts.

mod common;

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::sample_docs;
use floor::annotate::{Annotations, Location};
use floor::tui::loading::{Loaded, Taken};
use floor::tui::state::{Mode, NodeId};
use floor::tui::{App, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn doc_message(doc: floor::model::Document) -> Loaded {
    // Nothing is edited here, so nothing is ever written there.
    let location = Location {
        primary: PathBuf::from("never-written.toml"),
        fallback: PathBuf::from("never-written-either.toml"),
    };
    let stored = (Annotations::new(&doc), location);
    Loaded::Doc(Box::new((doc, Ok(stored))))
}

fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn documents_arrive_in_batches_and_keys_are_answered_between_them() {
    let docs = sample_docs();
    let n = docs.len();
    assert!(n >= 4, "the sample has {n} documents");
    let mut app = App::without_suggester(Default::default(), Options::default());
    app.loading = Some((0, 0));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| app.render(f)).unwrap();
    assert!(screen(&terminal).contains("loading…"));

    let (tx, rx) = mpsc::channel();
    tx.send(Loaded::Total(n)).unwrap();
    let mut docs = docs.into_iter();
    let half = n / 2;
    for doc in docs.by_ref().take(half) {
        tx.send(doc_message(doc)).unwrap();
    }
    // A deadline already passed: one message per turn, then the frame and
    // the keys get their turn.
    let taken = app.take_loaded(&rx, Instant::now());
    assert_eq!(
        taken,
        Taken {
            messages: 1,
            more: true
        }
    );
    assert_eq!(app.loading, Some((0, n)));
    let taken = app.take_loaded(&rx, Instant::now());
    assert_eq!(taken.messages, 1);
    assert_eq!(app.session.docs.len(), 1);
    // The rest of the first batch.
    let taken = app.take_loaded(&rx, Instant::now() + Duration::from_secs(60));
    assert_eq!(
        taken,
        Taken {
            messages: half - 1,
            more: false
        }
    );
    assert_eq!(app.session.docs.len(), half);
    terminal.draw(|f| app.render(f)).unwrap();
    let shown = screen(&terminal);
    assert!(shown.contains(&format!("loading {half} / {n}")), "{shown}");
    assert_eq!(docs_shown(&shown), half, "{shown}");

    // A key between two batches: the help opens and closes, the selection
    // moves down the tree.
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(app.mode, Mode::Help);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Normal);
    let first = app.tree_state.selected().to_vec();
    key(&mut app, KeyCode::Char('j'));
    terminal.draw(|f| app.render(f)).unwrap();
    let moved = app.tree_state.selected().to_vec();
    assert_ne!(first, moved, "j moved the selection");

    // The second batch: the tree grows, the selection stays where the user
    // put it, and the status line says when everything is in.
    for doc in docs {
        tx.send(doc_message(doc)).unwrap();
    }
    tx.send(Loaded::Done).unwrap();
    while app.take_loaded(&rx, Instant::now()).more {
        terminal.draw(|f| app.render(f)).unwrap();
    }
    assert_eq!(app.session.docs.len(), n);
    assert_eq!(app.loading, None);
    terminal.draw(|f| app.render(f)).unwrap();
    assert!(!screen(&terminal).contains("loading"));
    let shown = screen(&terminal);
    assert_eq!(docs_shown(&shown), n, "{shown}");
    assert_eq!(app.tree_state.selected(), moved.as_slice());
    // Every document is in the tree once its folders are open.
    for d in 0..n {
        let path = app.doc_path(d);
        for i in 1..path.len() {
            app.tree_state.open(path[..i].to_vec());
        }
    }
    terminal.draw(|f| app.render(f)).unwrap();
    assert_eq!(count_docs(app.tree_items()), n);
}

/// The documents the closed top-level folders count: "▸ name (3)".
fn docs_shown(screen: &str) -> usize {
    screen
        .lines()
        .filter_map(|l| l.strip_prefix("▸ "))
        .filter_map(|l| {
            let (_, count) = l.split_once(" (")?;
            count.split_once(')')?.0.parse::<usize>().ok()
        })
        .sum()
}

fn count_docs(items: &[tui_tree_widget::TreeItem<'static, NodeId>]) -> usize {
    items
        .iter()
        .map(|item| match item.identifier() {
            NodeId::Doc(_) => 1,
            _ => count_docs(item.children()),
        })
        .sum()
}

#[test]
fn a_closed_document_makes_its_turns_only_when_opened() {
    let mut app = App::with_documents(sample_docs(), Default::default(), Options::default());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| app.render(f)).unwrap();
    let d = (0..app.session.docs.len())
        .max_by_key(|&d| app.session.docs[d].turn_count())
        .unwrap();
    let turns = app.session.docs[d].turn_count();
    let path = app.doc_path(d);
    for i in 1..path.len() {
        app.tree_state.open(path[..i].to_vec());
    }
    terminal.draw(|f| app.render(f)).unwrap();
    let shown_closed = screen(&terminal);
    let count_turns = |app: &App| count_turn_nodes(app.tree_items(), d);
    assert_eq!(count_turns(&app), 0, "a closed document has no turn nodes");
    app.tree_state.open(path.clone());
    terminal.draw(|f| app.render(f)).unwrap();
    assert_eq!(count_turns(&app), turns);
    // Its row looked the same closed: its title (cut to the tree's width),
    // its count and the closed mark.
    let title: String = floor::tui::names::doc_name(&app.session.docs[d])
        .chars()
        .take(8)
        .collect();
    let row = shown_closed
        .lines()
        .find(|l| l.contains(&title) && l.contains(&format!(" ({turns})")))
        .unwrap_or_else(|| panic!("{title}… ({turns}) in\n{shown_closed}"));
    assert!(row.contains('▸'), "{row}");
}

fn count_turn_nodes(items: &[tui_tree_widget::TreeItem<'static, NodeId>], d: usize) -> usize {
    items
        .iter()
        .map(|item| match item.identifier() {
            NodeId::Turn(doc, _) if *doc == d => 1,
            _ => count_turn_nodes(item.children(), d),
        })
        .sum()
}

#[test]
fn a_document_kept_by_the_reader_is_the_document_parsed() {
    // As parsed (not a clone, which would be tight already).
    for mut kept in sample_docs() {
        let parsed = format!("{kept:?}");
        kept.shrink_to_fit();
        assert_eq!(format!("{kept:?}"), parsed, "{}", kept.id);
        let doc = &kept;
        assert_eq!(kept.text.capacity(), kept.text.len(), "{}", doc.id);
        for item in &kept.agenda_items {
            assert_eq!(item.turns.capacity(), item.turns.len(), "{}", doc.id);
        }
    }
}
