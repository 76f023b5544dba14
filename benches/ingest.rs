//! Ingest throughput on generated transcripts shaped like the OEWG sample.
//! For the side-by-side figure against ripgrep, time `floor check` on a
//! corpus from `cargo run --release --example gen_corpus -- DIR`.

use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use floor::config::Config;
use floor::ingest::Ingest;

#[path = "generator/mod.rs"]
mod generator;

fn ingest_throughput(c: &mut Criterion) {
    let ingest = Ingest::new(&Config::default());
    let mut rng = generator::Rng::new(7);
    let documents: Vec<Vec<u8>> = (0..20)
        .map(|i| generator::transcript(&mut rng, i, 70_000).into_bytes())
        .collect();
    let bytes: usize = documents.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("20 generated transcripts", |b| {
        b.iter(|| {
            for (i, doc) in documents.iter().enumerate() {
                let parsed = ingest
                    .parse_bytes(format!("t{i}"), PathBuf::from("t.txt"), doc.clone())
                    .unwrap();
                std::hint::black_box(parsed);
            }
        })
    });
    let seed = include_bytes!("../assets/sample/oewg-2021-25/session-2/meeting-9.txt");
    group.throughput(Throughput::Bytes(seed.len() as u64));
    group.bench_function("seed 004", |b| {
        b.iter(|| {
            ingest
                .parse_bytes("s".into(), PathBuf::from("s.txt"), seed.to_vec())
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, ingest_throughput);
criterion_main!(benches);
