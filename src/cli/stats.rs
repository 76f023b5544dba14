//! `floor stats PATH... [--json] [--by-author]`: the figures of
//! [`crate::export::stats`] for the documents given, as text or JSON:
//! turns and words per speaker, tags per theme, the speaker × theme table,
//! orphaned tags and open conflicts counted apart, and with `--by-author`
//! each coder's tags and notes.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use rayon::prelude::*;

use crate::annotate::Annotations;
use crate::export::stats::{
    Stats, add_annotations, add_document, finish_stats, merge, write_stats,
};
use crate::ingest::Ingest;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Files and folders (default: the bundled sample).
    pub paths: Vec<PathBuf>,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also count tags, notes and themes per author (coder).
    #[arg(long)]
    pub by_author: bool,
}

pub fn run(ingest: &Ingest, args: &StatsArgs) -> io::Result<ExitCode> {
    let sources = match super::discovered(ingest.discover(&args.paths)) {
        Ok(sources) => sources,
        Err(code) => return Ok(code),
    };
    let parts: Vec<Stats> = sources
        .par_iter()
        .filter_map(|s| match ingest.load_source(s) {
            Ok(mut doc) => {
                let mut st = Stats::default();
                let ann = match crate::annotate::load_and_correct(&mut doc) {
                    Ok((ann, _)) => ann,
                    Err(e) => {
                        eprintln!("floor: {}", super::sanitize(&e.to_string()));
                        Annotations::new(&doc)
                    }
                };
                add_annotations(&mut st, &ann, args.by_author);
                add_document(&mut st, &doc, &ann);
                Some(st)
            }
            Err(w) => {
                eprintln!("floor: {}", super::sanitize(&w.to_string()));
                None
            }
        })
        .collect();
    let mut stats = Stats::default();
    for part in parts {
        merge(&mut stats, part);
    }
    finish_stats(&mut stats);
    let mut out = super::stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &stats)?;
        writeln!(out)?;
    } else {
        write_stats(&mut out, &stats)?;
    }
    super::finish(out)?;
    Ok(ExitCode::SUCCESS)
}
