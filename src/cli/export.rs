//! `floor export PATH... --format md|csv|json|qdpx|qdc [-o FILE] [--force]`.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::annotate::Codebook;
use crate::export::{Format, render};
use crate::ingest::Ingest;
use crate::session::Session;

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

/// The command line's names for [`Format`], with the help of each.
impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let help = match self {
            Format::Md => "A Markdown report by theme, then speaker",
            Format::Csv => "One row per tagged segment and theme",
            Format::Json => "The `floor check --json` structure with tags and notes on each turn",
            Format::Qdpx => "A REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder)",
            Format::Qdc => "The REFI-QDA codebook alone",
        };
        Some(clap::builder::PossibleValue::new(self.ext()).help(help))
    }
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
    let session = match Session::load(ingest, &args.paths, book.clone()) {
        Ok((session, warnings)) => {
            for w in &warnings {
                eprintln!("floor: {}", super::sanitize(w));
            }
            session
        }
        Err(e) => {
            eprintln!("floor: {}", super::sanitize(&e.to_string()));
            return Ok(ExitCode::FAILURE);
        }
    };
    let docs = session.into_annotated();
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
