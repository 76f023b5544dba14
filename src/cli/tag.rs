//! `floor tag PATH... --auto [--theme ID]`: tags the sentences the
//! codebook's keywords suggest, saves them with the annotations and prints
//! what was tagged.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;

use crate::annotate::suggest::Suggester;
use crate::annotate::{self, Codebook, Edit, store};
use crate::ingest::Ingest;
use crate::model::Document;
use crate::text::counted;
use crate::text::wrap::truncate_to_width;

use super::{sanitize, sanitize_path};

#[derive(Debug, Args)]
pub struct TagArgs {
    /// Files and folders to tag.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Apply the keyword suggestions (required: the only way to tag from
    /// the command line so far).
    #[arg(long)]
    pub auto: bool,
    /// Only suggestions of this theme id.
    #[arg(long, value_name = "ID")]
    pub theme: Option<String>,
}

fn load(ingest: &Ingest, paths: &[PathBuf]) -> Result<Vec<Document>, String> {
    let corpus = ingest.load_paths(paths).map_err(|e| e.to_string())?;
    for w in &corpus.warnings {
        eprintln!("floor: {}", super::sanitize(&w.to_string()));
    }
    Ok(corpus.documents)
}

pub fn run(ingest: &Ingest, book: &Codebook, author: &str, args: &TagArgs) -> io::Result<ExitCode> {
    if !args.auto {
        eprintln!("floor tag: nothing to do; give --auto to apply the keyword suggestions");
        return Ok(ExitCode::from(2));
    }
    if let Some(id) = &args.theme
        && book.get(id).is_none()
    {
        let ids: Vec<&str> = book.themes.iter().map(|t| t.id.as_str()).collect();
        eprintln!(
            "floor tag: unknown theme `{id}` (themes: {})",
            ids.join(", ")
        );
        return Ok(ExitCode::from(2));
    }
    let docs = match load(ingest, &args.paths) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("floor: {}", super::sanitize(&e.to_string()));
            return Ok(ExitCode::FAILURE);
        }
    };
    let suggester = Suggester::new(book);
    let mut out = super::stdout();
    let (mut added, mut saved_files, mut unsaved_tags, mut unsaved_files) = (0, 0, 0, 0);
    for mut doc in docs {
        let (mut ann, location) = match annotate::load_and_correct(&mut doc) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("floor: {}: not tagged: {e}", sanitize_path(&doc.path));
                unsaved_files += 1;
                continue;
            }
        };
        let found = suggester.suggest(&doc, &ann, args.theme.as_deref(), &BTreeSet::new());
        if found.is_empty() {
            continue;
        }
        let mut lines = String::new();
        let mut line_of = crate::model::LineCounter::new(&doc.text);
        for s in &found {
            let tag = annotate::new_auto_tag(&doc, s.range.clone(), &s.theme, author);
            let quote = tag.target.quote.replace('\n', " ");
            lines.push_str(&format!(
                "{}:{}: {}: {}\n",
                sanitize(&doc.id),
                line_of.line_at(s.range.start),
                s.theme,
                sanitize(truncate_to_width(&quote, 80))
            ));
            ann.apply(&Edit::AddTag(Arc::new(tag)));
        }
        out.write_all(lines.as_bytes())?;
        let known = (*ann.loaded_ids).clone();
        // Only what reached the disk counts.
        match store::save(&location, &ann, &known) {
            Ok((_, path)) => {
                added += found.len();
                saved_files += 1;
                writeln!(
                    out,
                    "  saved {}: {}",
                    sanitize_path(&path),
                    counted(found.len(), "tag", "tags")
                )?;
            }
            Err(e) => {
                unsaved_tags += found.len();
                unsaved_files += 1;
                writeln!(out, "  NOT saved: {}", counted(found.len(), "tag", "tags"))?;
                eprintln!("floor: not saved: {}", sanitize(&e.to_string()));
            }
        }
    }
    writeln!(
        out,
        "{} added and saved in {}",
        counted(added, "tag", "tags"),
        counted(saved_files, "file", "files")
    )?;
    if unsaved_files > 0 {
        writeln!(
            out,
            "{} NOT saved: {} could not be read or written",
            counted(unsaved_tags, "tag", "tags"),
            counted(unsaved_files, "annotation file", "annotation files")
        )?;
    }
    super::finish(out)?;
    Ok(if unsaved_files > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
