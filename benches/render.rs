//! One frame of seed 004 (`oewg-2021-25/session-2/meeting-9`) at 200×60 into
//! a `TestBackend`, at the top and scrolled to the end. The layout is cached,
//! so a frame draws only the visible rows.

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

criterion_group!(benches, render);
criterion_main!(benches);
