//! Where the reader's memory goes once a folder is loaded: loads it as the
//! reader's loading thread does (parse in parallel, annotations, into a
//! `Session`), makes every search index as a search would, and prints the bytes each structure holds,
//! counted from lengths and capacities (the allocator's own overhead of
//! about 16 bytes per allocation is counted apart, as `allocations`), and
//! the process's resident and peak memory from `/proc`.
//!
//!     cargo run --release --example heap_report -- DIR
//!
//! Run it under `heaptrack` for the allocation sites themselves.

use std::mem::size_of;
use std::path::PathBuf;

use floor::config::Config;
use floor::ingest::Ingest;
use floor::model::{Document, Turn, TurnDetails};
use floor::session::Session;
use rayon::prelude::*;

/// Bytes and allocations of one structure, summed over the corpus.
#[derive(Default, Clone, Copy)]
struct Size {
    bytes: usize,
    allocations: usize,
}

impl Size {
    fn add(&mut self, bytes: usize) {
        if bytes > 0 {
            self.bytes += bytes;
            self.allocations += 1;
        }
    }
}

fn main() {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: heap_report DIR");
        std::process::exit(2);
    };
    let config = Config::default();
    let ingest = Ingest::new(&config);
    let (sources, _) = ingest
        .discover(std::slice::from_ref(&dir))
        .unwrap_or_else(|e| {
            eprintln!("{}: {}", e.path.display(), e.error);
            std::process::exit(1);
        });
    let loaded: Vec<_> = sources
        .par_iter()
        .filter_map(|source| {
            let mut doc = ingest.load_source(source).ok()?;
            doc.shrink_to_fit();
            let stored = floor::annotate::load_annotations(&doc).ok();
            Some((doc, stored))
        })
        .collect();
    let mut session = Session::default();
    for (doc, stored) in loaded {
        session.add(doc, stored);
    }

    let mut rows: Vec<(&str, Size)> = Vec::new();
    let mut text = Size::default();
    let mut meta = Size::default();
    let mut items = Size::default();
    let mut turns = Size::default();
    let mut speaker = Size::default();
    let mut details = Size::default();
    let mut paragraphs = Size::default();
    let mut index = Size::default();
    let mut turn_count = 0;
    let mut paragraph_count = 0;
    for doc in &session.docs {
        text.add(doc.text.capacity());
        meta.add(doc.id.capacity());
        meta.add(doc.title.capacity());
        meta.add(doc.path.capacity());
        for (k, v) in &doc.metadata {
            // A B-tree node holds up to 11 entries.
            meta.bytes += size_of::<(String, String)>() * 11 / 6;
            meta.add(k.capacity());
            meta.add(v.capacity());
        }
        meta.add(doc.warnings.capacity() * size_of::<floor::model::Warning>());
        for w in &doc.warnings {
            meta.add(w.message.capacity());
        }
        items.add(doc.agenda_items.capacity() * size_of::<floor::model::AgendaItem>());
        for item in &doc.agenda_items {
            if let Some(t) = &item.title {
                items.add(t.capacity());
            }
            turns.add(item.turns.capacity() * size_of::<Turn>());
        }
        // A name shared by several turns is counted once.
        let mut names = std::collections::HashSet::new();
        for turn in doc.turns() {
            turn_count += 1;
            if names.insert(std::sync::Arc::as_ptr(&turn.speaker)) {
                // The counts before the name.
                speaker.add(turn.speaker.len() + 16);
            }
            if let Some(d) = &turn.details {
                details.add(size_of::<TurnDetails>());
                for s in d.person.iter().chain(&d.on_behalf_of).chain(&d.authors) {
                    details.add(s.capacity());
                }
                details.add(d.authors.capacity() * size_of::<String>());
            }
            paragraph_count += turn.paragraphs.len();
            if turn.paragraphs.len() > 2 {
                paragraphs.add(turn.paragraphs.len() * size_of::<(u32, u32)>());
            }
        }
    }
    // The reader makes a document's search index when a search first asks
    // for it; counted as once every document was searched.
    for (i, doc) in session.search_indexes.iter().zip(&session.docs) {
        index.add(i.of(&doc.text).heap_bytes());
    }
    let documents = Size {
        bytes: session.docs.capacity() * size_of::<Document>(),
        allocations: 1,
    };
    rows.push(("canonical text", text));
    rows.push(("Document structs", documents));
    rows.push(("document id, title, path, metadata, warnings", meta));
    rows.push(("agenda items", items));
    rows.push(("Turn structs", turns));
    rows.push(("turn speakers", speaker));
    rows.push(("turn details (person, authors, group)", details));
    rows.push(("turn paragraphs (past two a turn)", paragraphs));
    rows.push(("search::TextIndex (every document searched)", index));
    println!(
        "{} documents, {turn_count} turns, {paragraph_count} paragraphs; size_of Turn {} B, Document {} B",
        session.docs.len(),
        size_of::<Turn>(),
        size_of::<Document>()
    );
    let mb = |b: usize| b as f64 / 1e6;
    let mut total = Size::default();
    for (name, s) in &rows {
        println!(
            "{name:<46} {:8.1} MB in {:>9} allocations (+{:.1} MB overhead)",
            mb(s.bytes),
            s.allocations,
            mb(s.allocations * 16)
        );
        total.bytes += s.bytes;
        total.allocations += s.allocations;
    }
    println!(
        "{:<46} {:8.1} MB in {:>9} allocations (+{:.1} MB overhead)",
        "counted",
        mb(total.bytes),
        total.allocations,
        mb(total.allocations * 16)
    );
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status.lines() {
            if ["VmHWM", "VmRSS", "RssAnon", "RssFile"]
                .iter()
                .any(|f| line.starts_with(f))
            {
                println!("{line}");
            }
        }
    }
}
