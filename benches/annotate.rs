//! Tagging a long document that already has 5,000 tags, driven by key
//! events as the reader gets them, drawn at 200×60 into a `TestBackend`.
//!
//! Each round moves the cursor to text not tagged in an earlier round
//! (`w`), selects three words (`v`, `e` `e` `e`), opens the theme picker
//! (`t`), drawing a frame after each key as the event loop does. Then it
//! measures:
//!
//! - the tagging action: the theme's shortcut key, from the key event to
//!   the state updated and the snapshot queued for the writer thread;
//! - the frame after it: taking the writer's reports (`poll_writer`) and a
//!   full frame, as the event loop does next.
//!
//! `u` then takes the tag back (unmeasured), so every round tags a document
//! with 5,000 tags. The plain frame (nothing changed) is measured the same
//! way. The writer thread saves meanwhile (reload, merge, TOML of 5,000
//! tags, atomic write), off the draw path: its cost shows here only as
//! competition for the CPU, and in the frames drawn while it saves (the
//! save forced with a flush from another thread).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use floor::annotate::writer::Writer;
use floor::annotate::{self, Annotations, Codebook, Location, store};
use floor::config::Config;
use floor::ingest::Ingest;
use floor::tui::keymap::KeyMap;
use floor::tui::state::Focus;
use floor::tui::{App, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[path = "generator/mod.rs"]
mod generator;

const TAGS: usize = 5000;
const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

struct Bench {
    app: App,
    terminal: Terminal<TestBackend>,
    d: usize,
    /// The theme picker's shortcut for capacity building.
    key: char,
}

impl Bench {
    /// A generated transcript of about 1 MB in a corpus folder under `dir`,
    /// 5,000 tags spread over it saved in its annotation file and loaded
    /// from there, the reader open on it with the tree showing counts.
    fn new(dir: &Path) -> Bench {
        let mut rng = generator::Rng::new(4);
        let text = generator::transcript(&mut rng, 0, 1_000_000);
        let path = dir.join("session-000/meeting-1.txt");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        let ingest = Ingest::new(&Config::default());
        let doc = ingest
            .parse_bytes("session-000/meeting-1".into(), path, text.into_bytes())
            .unwrap();
        let book = Codebook::default();
        let location = Location::of(&doc);
        let mut ann = Annotations::new(&doc);
        let len = doc.text.len();
        for _ in 0..TAGS {
            let start = doc.text.floor_char_boundary(rng.below(len - 400));
            let end = doc.text.floor_char_boundary(start + 20 + rng.below(300));
            let theme = book.themes[rng.below(book.themes.len())].id.clone();
            ann.insert_tag(std::sync::Arc::new(annotate::new_tag(
                &doc,
                start..end,
                vec![theme],
                "bench",
            )));
        }
        store::save(&location, &ann, &Default::default()).unwrap();
        let stored = store::load_annotations(&doc).unwrap();
        assert_eq!(stored.0.tags.len(), TAGS);

        let mut app = App::new(KeyMap::default(), Options::default());
        app.add_annotated(doc, Some(stored));
        let key = book
            .get("capacity-building")
            .and_then(|t| t.key)
            .expect("a shortcut for capacity building");
        app.session.set_codebook(book, "bench".into());
        app.session.set_writer(Writer::spawn());
        let d = 0;
        let path = app.doc_path(d);
        for i in 1..=path.len() {
            app.tree_state.open(path[..i].to_vec());
        }
        let turns = app.session.docs[d].turn_count();
        app.show_turn(d, turns / 3);
        app.focus = Focus::Text;
        let terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
        let mut bench = Bench {
            app,
            terminal,
            d,
            key,
        };
        bench.frame();
        bench
    }

    /// What the event loop does when it draws: the writer's reports, then
    /// a frame.
    fn frame(&mut self) {
        self.app.poll_writer();
        let app = &mut self.app;
        self.terminal.draw(|f| app.render(f)).unwrap();
    }

    /// A key, then a frame.
    fn press(&mut self, c: char) {
        self.app
            .handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        self.frame();
    }

    fn tag_count(&self) -> usize {
        self.app.session.anns[self.d].ann.tags.len()
    }

    /// Selects three words of text not tagged before and opens the theme
    /// picker; from the top again at the end of the document.
    fn prepare(&mut self) {
        let before = self.app.notes.cursor;
        self.press('w');
        if self.app.notes.cursor <= before {
            self.app.show_turn(self.d, 0);
            self.app.focus = Focus::Text;
            self.frame();
        }
        self.press('v');
        for _ in 0..3 {
            self.press('e');
        }
        self.press('t');
    }

    /// One round: the tagging key and the frame after it, measured.
    fn round(&mut self) -> (Duration, Duration) {
        self.prepare();
        let t0 = Instant::now();
        self.app
            .handle_key(KeyEvent::new(KeyCode::Char(self.key), KeyModifiers::NONE));
        let t1 = Instant::now();
        self.frame();
        let t2 = Instant::now();
        assert_eq!(self.tag_count(), TAGS + 1);
        // Take it back: the next round tags 5,000 tags again. The cursor
        // moves past what was tagged.
        self.press('u');
        assert_eq!(self.tag_count(), TAGS);
        self.press('e');
        self.press('e');
        self.press('e');
        (t1 - t0, t2 - t1)
    }

    fn plain_frame(&mut self) -> Duration {
        let t0 = Instant::now();
        self.frame();
        t0.elapsed()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn summary(name: &str, mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    let median = percentile(&samples, 0.5);
    eprintln!(
        "{name:<32} median {:>9.1?}  p90 {:>9.1?}  p99 {:>9.1?}  max {:>9.1?}",
        median,
        percentile(&samples, 0.9),
        percentile(&samples, 0.99),
        samples.last().unwrap(),
    );
    median
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut b = Bench::new(dir.path());
    let d = b.d;
    eprintln!(
        "document {} KB, {} turns, {} tags, {WIDTH}x{HEIGHT}",
        b.app.session.docs[d].text.len() / 1000,
        b.app.session.docs[d].turn_count(),
        b.tag_count()
    );

    // A fixed number of rounds for the percentiles.
    let rounds = 400;
    let mut plain = Vec::new();
    let mut action = Vec::new();
    let mut after = Vec::new();
    let mut both = Vec::new();
    for _ in 0..rounds {
        plain.push(b.plain_frame());
        let (a, f) = b.round();
        action.push(a);
        after.push(f);
        both.push(a + f);
    }
    let plain = summary("plain frame", plain);
    summary("tagging action (key → saved)", action);
    summary("frame after the tag", after);
    let both = summary("tagging action + next frame", both);
    eprintln!(
        "the tag delays the frame by {:.1?} (median, over a plain frame)",
        both.saturating_sub(plain)
    );

    // Frames drawn while the writer thread saves the 5,000 tags (reload,
    // merge, TOML, atomic write): each round leaves a change to save.
    let flusher = b.app.session.writer.as_ref().expect("a writer").flusher();
    let mut during = Vec::new();
    let mut saves = Vec::new();
    for _ in 0..40 {
        b.round();
        let f = flusher.clone();
        let save = std::thread::spawn(move || {
            let t0 = Instant::now();
            assert!(f.flush(Duration::from_secs(30)));
            t0.elapsed()
        });
        while !save.is_finished() {
            during.push(b.plain_frame());
        }
        saves.push(save.join().unwrap());
    }
    summary("autosave (writer thread)", saves);
    summary("frame while the writer saves", during);

    c.bench_function("plain frame 200x60, 5,000 tags", |bch| {
        bch.iter(|| black_box(b.plain_frame()));
    });
    c.bench_function("tagging action, 5,000 tags", |bch| {
        bch.iter_custom(|iters| (0..iters).map(|_| b.round().0).sum());
    });
    c.bench_function("frame after a tag 200x60, 5,000 tags", |bch| {
        bch.iter_custom(|iters| (0..iters).map(|_| b.round().1).sum());
    });
    c.bench_function("tagging action + next frame 200x60, 5,000 tags", |bch| {
        bch.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    let (a, f) = b.round();
                    a + f
                })
                .sum()
        });
    });
    if let Some(writer) = &b.app.session.writer {
        assert!(writer.flush(Duration::from_secs(30)));
    }
    let saved = store::read(&Location::of(&b.app.session.docs[d]).primary)
        .unwrap()
        .unwrap();
    assert_eq!(saved.tags.len(), TAGS);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_millis(500));
    targets = bench
}
criterion_main!(benches);
