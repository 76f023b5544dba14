//! The reader's corpus-wide search: a query over every loaded document, as
//! the search view reruns it on each key. 1,000 generated transcripts of
//! about 70 kB (70 MB, the size of the corpus `rg` is timed on), or the
//! folder in `FLOOR_BENCH_CORPUS` when set. The target is half of `rg -c`'s
//! wall time on the same folder (about 15 ms for the phrase).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use floor::annotate::Codebook;
use floor::config::Config;
use floor::ingest::Ingest;
use floor::model::Document;
use floor::search::{LazyTextIndex, TextIndex};
use floor::tui::corpus_search::corpus_search;
use rayon::prelude::*;

#[path = "generator/mod.rs"]
mod generator;

fn corpus() -> Vec<Document> {
    let ingest = Ingest::new(&Config::default());
    if let Some(dir) = std::env::var_os("FLOOR_BENCH_CORPUS") {
        return ingest
            .load_paths(&[PathBuf::from(dir)])
            .expect("FLOOR_BENCH_CORPUS loads")
            .documents;
    }
    let mut rng = generator::Rng::new(7);
    let texts: Vec<String> = (0..1000)
        .map(|i| generator::transcript(&mut rng, i, 70_000))
        .collect();
    texts
        .into_par_iter()
        .enumerate()
        .map(|(i, t)| {
            ingest
                .parse_bytes(
                    format!("gen/t{i:04}"),
                    PathBuf::from("t.txt"),
                    t.into_bytes(),
                )
                .expect("generated transcripts parse")
        })
        .collect()
}

fn corpus_search_bench(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    eprintln!("corpus: {} documents, {} MB", docs.len(), bytes / 1_000_000);
    let order: Vec<usize> = (0..docs.len()).collect();
    // Made once per document, by the first search; made beforehand here.
    let indexes: Vec<LazyTextIndex> = docs
        .iter()
        .map(|d| TextIndex::new(&d.text).into())
        .collect();
    let book = Codebook::default();
    let mut group = c.benchmark_group("corpus search (reader)");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    for (name, query) in [
        ("phrase \"capacity building\"", "\"capacity building\""),
        ("word stakeholder", "stakeholder"),
    ] {
        let hits = corpus_search(&docs, &indexes, &order, query, &book, |_| None)
            .unwrap()
            .len();
        eprintln!("{name}: {hits} hits");
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(
                    corpus_search(&docs, &indexes, &order, black_box(query), &book, |_| None)
                        .unwrap()
                        .len(),
                )
            })
        });
        // For comparison: counting only, the path of `floor search --count`.
        let search = floor::search::Search::parse(query).unwrap();
        group.bench_function(format!("{name}, count only"), |b| {
            b.iter(|| {
                docs.par_iter()
                    .map(|d| search.count_text(black_box(&d.text)).unwrap_or(0))
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, corpus_search_bench);
criterion_main!(benches);
