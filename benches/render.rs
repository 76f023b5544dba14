//! One frame of seed 004 (`oewg-2021-25/session-2/meeting-9`) at 200×60 into
//! a `TestBackend`, at the top and scrolled to the end. The layout is cached,
//! so a frame draws only the visible rows.
//!
//! One frame of the corpus search's results at 120×40 over 10,000
//! generated briefings with 100,000 hits, at the first hit and at the
//! last; and what building the rows of those 100,000 hits costs (done once
//! per change of the results; every frame did it before).

use criterion::{Criterion, criterion_group, criterion_main};
use floor::config::Config;
use floor::ingest::{Ingest, sample};
use floor::tui::keymap::KeyMap;
use floor::tui::state::NodeId;
use floor::tui::{App, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app_on_seed_004() -> App {
    let ingest = Ingest::new(&Config::default());
    let docs = sample::sources()
        .iter()
        .map(|s| ingest.load_source(s).unwrap())
        .collect();
    let mut app = App::with_documents(docs, KeyMap::default(), Options::default());
    let d = app
        .session
        .docs
        .iter()
        .position(|d| d.id == "oewg-2021-25/session-2/meeting-9")
        .unwrap();
    let path = app.doc_path(d);
    for i in 1..path.len() {
        app.tree_state.open(path[..i].to_vec());
    }
    app.tree_state.select(path);
    app.follow_tree();
    app
}

fn render(c: &mut Criterion) {
    let mut app = app_on_seed_004();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    terminal.draw(|f| app.render(f)).unwrap();
    assert!(matches!(
        app.tree_state.selected().last(),
        Some(NodeId::Doc(_))
    ));
    c.bench_function("frame 200x60 seed 004 top", |b| {
        b.iter(|| {
            terminal.draw(|f| app.render(f)).unwrap();
        });
    });
    app.scroll_text(isize::MAX / 2);
    terminal.draw(|f| app.render(f)).unwrap();
    assert!(app.percent() == 100);
    c.bench_function("frame 200x60 seed 004 end", |b| {
        b.iter(|| {
            terminal.draw(|f| app.render(f)).unwrap();
        });
    });
}

/// 10,000 briefings, each with ten turns naming fisheries, every tenth
/// title the same.
fn app_on_briefings() -> App {
    let ingest = Ingest::new(&Config::default());
    let docs = (0..10_000)
        .map(|i| {
            let mut text = format!(
                "---\ntitle: Press Briefing {}\ndate: '2024-{:02}-{:02}'\n---\n\n",
                i % 1000,
                1 + i % 12,
                1 + i % 28
            );
            for t in 0..10 {
                text.push_str(&format!(
                    "MR. KIRBY:  Point {t} on fisheries.\n\nQ    Thanks.\n\n"
                ));
            }
            let id = format!("b/{i:05}");
            ingest
                .parse_bytes(id.clone(), format!("{id}.md").into(), text.into_bytes())
                .unwrap()
        })
        .collect();
    App::with_documents(docs, KeyMap::default(), Options::default())
}

fn results(c: &mut Criterion) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = app_on_briefings();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| app.render(f)).unwrap();
    for c in "Ffisheries".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let far = std::time::Instant::now() + std::time::Duration::from_secs(3600);
    while app.views.searching() {
        app.views.search_more(&app.session, far);
    }
    assert_eq!(app.views.search.results.entries.len(), 100_000);
    terminal.draw(|f| app.render(f)).unwrap();
    c.bench_function("frame 120x40 results 100k hits first", |b| {
        b.iter(|| {
            terminal.draw(|f| app.render(f)).unwrap();
        });
    });
    app.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    app.handle_key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::NONE));
    terminal.draw(|f| app.render(f)).unwrap();
    c.bench_function("frame 120x40 results 100k hits last", |b| {
        b.iter(|| {
            terminal.draw(|f| app.render(f)).unwrap();
        });
    });
    let entries = app.views.search.results.entries.clone();
    c.bench_function("rows of 100k hits built (once per change)", |b| {
        b.iter_batched(
            || entries.clone(),
            |entries| {
                let mut rows = floor::tui::results::Results::new(floor::tui::results::Shown::Hits);
                rows.extend(entries);
                rows
            },
            criterion::BatchSize::LargeInput,
        );
    });
}

criterion_group!(benches, render, results);
criterion_main!(benches);
