//! `floor export PATH... --format md|csv|json|qdpx|qdc [-o FILE] [--force]`.

use std::io::{self, Cursor, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use crate::annotate::Codebook;
use crate::export::json;
use crate::export::report::{self, Annotated};
use crate::ingest::Ingest;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A Markdown report by theme, then speaker.
    Md,
    /// One row per tagged segment and theme.
    Csv,
    /// The `floor check --json` structure with tags and notes on each turn.
    Json,
    /// A REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder).
    Qdpx,
    /// The REFI-QDA codebook alone.
    Qdc,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Files and folders (default: the bundled sample).
    pub paths: Vec<PathBuf>,
    #[arg(long, short = 'f', value_enum)]
    pub format: Format,
    /// Output file; `-` for standard output (the default for md, csv, json).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite an existing output file.
    #[arg(long)]
    pub force: bool,
}

/// Loads documents with their annotations, corrections applied.
pub fn load_annotated(ingest: &Ingest, paths: &[PathBuf]) -> Result<Vec<Annotated>, String> {
    let corpus = ingest.load_paths(paths).map_err(|e| e.to_string())?;
    for w in &corpus.warnings {
        eprintln!("floor: {}", super::sanitize(&w.to_string()));
    }
    Ok(corpus
        .documents
        .into_par_iter()
        .map(|mut doc| {
            let ann = match crate::annotate::load_and_correct(&mut doc) {
                Ok((ann, _)) => ann,
                Err(e) => {
                    eprintln!("floor: {}", super::sanitize(&e.to_string()));
                    crate::annotate::Annotations::new(&doc)
                }
            };
            Annotated { doc, ann }
        })
        .collect())
}

/// The bytes of an export.
pub fn render(format: Format, docs: &[Annotated], book: &Codebook) -> io::Result<Vec<u8>> {
    Ok(match format {
        Format::Md => report::markdown(docs, book).into_bytes(),
        Format::Csv => report::csv(docs).into_bytes(),
        Format::Qdc => report::qdc(book).into_bytes(),
        Format::Json => {
            let value = serde_json::json!({
                "documents": docs.iter().map(|a| json::document_annotated(&a.doc, &a.ann)).collect::<Vec<_>>(),
            });
            let mut out = serde_json::to_vec(&value)?;
            out.push(b'\n');
            out
        }
        Format::Qdpx => {
            let mut cursor = Cursor::new(Vec::new());
            report::qdpx(docs, book, &mut cursor)?;
            cursor.into_inner()
        }
    })
}

pub fn run(ingest: &Ingest, book: &Codebook, args: &ExportArgs) -> io::Result<ExitCode> {
    let to_stdout = match &args.output {
        None => !matches!(args.format, Format::Qdpx),
        Some(p) => p.as_os_str() == "-",
    };
    if !to_stdout && args.output.is_none() {
        eprintln!(
            "floor: a .qdpx is a ZIP archive: give a file with -o FILE (or -o - for standard output)"
        );
        return Ok(ExitCode::from(2));
    }
    if let Some(path) = args.output.as_ref().filter(|_| !to_stdout)
        && path.exists()
        && !args.force
    {
        eprintln!(
            "floor: {} exists; use --force to overwrite it",
            path.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    let docs = match load_annotated(ingest, &args.paths) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("floor: {}", super::sanitize(&e.to_string()));
            return Ok(ExitCode::FAILURE);
        }
    };
    let orphans: usize = docs.iter().map(|a| a.ann.orphans().count()).sum();
    if orphans > 0 {
        let how = if matches!(args.format, Format::Qdpx) {
            "left out of the project: a QDA tool needs their place in the text"
        } else if matches!(args.format, Format::Qdc) {
            "not part of a codebook"
        } else {
            "included, marked as orphaned"
        };
        eprintln!(
            "floor: {} (their text is gone from the transcript): {how}",
            crate::text::counted(orphans, "orphaned tag", "orphaned tags")
        );
    }
    let bytes = render(args.format, &docs, book)?;
    if to_stdout {
        let mut out = super::stdout();
        out.write_all(&bytes)?;
        super::finish(out)?;
    } else {
        let path = args.output.as_ref().expect("checked above");
        crate::annotate::store::write_atomic(path, &bytes)
            .map_err(|e| io::Error::new(e.kind(), format!("writing {}: {e}", path.display())))?;
    }
    Ok(ExitCode::SUCCESS)
}
