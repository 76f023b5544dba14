//! Tagging with 5,000 tags on the document: the time a tagging action takes
//! on the reader's thread (the edit, the caches, the snapshot handed to the
//! writer thread) and a frame drawn with the tags. The write itself runs on
//! the writer thread, off the draw path.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use floor::annotate::writer::Writer;
use floor::annotate::{self, Edit, Location};
use floor::config::Config;
use floor::ingest::{Ingest, sample};
use floor::tui::keymap::KeyMap;
use floor::tui::{App, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app_with_tags(dir: &std::path::Path) -> (App, usize) {
    let ingest = Ingest::new(&Config::default());
    let source = sample::sources()
        .into_iter()
        .find(|s| s.id.contains("meeting-9"))
        .unwrap();
    let doc = ingest.load_source(&source).unwrap();
    let mut app = App::with_documents(vec![doc], KeyMap::default(), Options::default());
    let d = 0;
    let len = app.docs[d].text.len();
    for i in 0..5000 {
        let start = app.docs[d]
            .text
            .floor_char_boundary((i * 7919) % (len - 200));
        let end = app.docs[d].text.floor_char_boundary(start + 40 + i % 100);
        let tag = annotate::new_tag(&app.docs[d], start..end, vec!["norms".into()], "bench");
        app.notes.docs[d].ann.insert_tag(Arc::new(tag));
    }
    app.notes.docs[d].location = Some(Location {
        primary: dir.join(".floor/meeting-9.toml"),
        fallback: dir.join("fallback/meeting-9.toml"),
    });
    app.set_writer(Writer::spawn());
    let t = app.docs[d]
        .turns()
        .position(|t| t.speaker == "Germany")
        .unwrap();
    app.show_turn(d, t);
    (app, d)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, d) = app_with_tags(dir.path());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| app.render(f)).unwrap();

    let t0 = Instant::now();
    terminal.draw(|f| app.render(f)).unwrap();
    eprintln!("plain frame {:?}", t0.elapsed());
    app.notes.version += 1;
    let t0 = Instant::now();
    terminal.draw(|f| app.render(f)).unwrap();
    eprintln!("frame after version bump {:?}", t0.elapsed());
    app.notes.version += 1;
    let t0 = Instant::now();
    app.tag_spans(d);
    eprintln!("tag spans {:?}", t0.elapsed());
    let t0 = Instant::now();
    let counts = app.notes.docs[d].ann.counts_per_turn(&app.docs[d]);
    eprintln!("counts {:?} {}", t0.elapsed(), counts.len());
    let t0 = Instant::now();
    let snap = app.notes.docs[d].ann.clone();
    eprintln!("snapshot {:?} {}", t0.elapsed(), snap.tags.len());
    // The worst single tagging action + the next frame, over many rounds.
    let mut worst = Duration::ZERO;
    let mut worst_frame = Duration::ZERO;
    for i in 0..300 {
        let start = app.docs[d].text.floor_char_boundary(1000 + i * 13);
        let tag = annotate::new_tag(&app.docs[d], start..start + 30, vec!["cbms".into()], "b");
        let t0 = Instant::now();
        app.edit(d, Edit::AddTag(Arc::new(tag)));
        let t1 = Instant::now();
        terminal.draw(|f| app.render(f)).unwrap();
        let t2 = Instant::now();
        app.poll_writer();
        worst = worst.max(t1 - t0);
        worst_frame = worst_frame.max(t2 - t1);
    }
    eprintln!(
        "5,000+ tags: worst tagging action on the draw thread {worst:?}, worst frame after it {worst_frame:?}"
    );

    c.bench_function("tag with 5000 tags (edit + snapshot to writer)", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            let start = app.docs[d].text.floor_char_boundary(2000 + (i % 5000) * 3);
            let tag = annotate::new_tag(&app.docs[d], start..start + 30, vec!["cbms".into()], "b");
            app.edit(d, Edit::AddTag(Arc::new(tag)));
            black_box(&app);
        });
        app.poll_writer();
    });
    c.bench_function("frame with 5000 tags after a tag (120x40)", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            let start = app.docs[d].text.floor_char_boundary(3000 + (i % 5000) * 3);
            let tag = annotate::new_tag(&app.docs[d], start..start + 30, vec!["cbms".into()], "b");
            app.edit(d, Edit::AddTag(Arc::new(tag)));
            terminal.draw(|f| app.render(f)).unwrap();
        });
        app.poll_writer();
    });
    if let Some(writer) = &app.notes.writer {
        writer.flush(Duration::from_secs(30));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_millis(500));
    targets = bench
}
criterion_main!(benches);
