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
use crate::text::wrap::truncate_to_width;

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
        eprintln!("floor: {w}");
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
            eprintln!("floor: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let suggester = Suggester::new(book);
    let mut out = super::stdout();
    let mut total = 0;
    let mut failed = false;
    let mut cleaned: BTreeSet<PathBuf> = BTreeSet::new();
    for mut doc in docs {
        let (mut ann, location) = match annotate::load_and_correct(&mut doc) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("floor: {e}");
                failed = true;
                continue;
            }
        };
        let found = suggester.suggest(&doc, &ann, args.theme.as_deref(), &BTreeSet::new());
        if found.is_empty() {
            continue;
        }
        for s in &found {
            let tag = annotate::new_tag(&doc, s.range.clone(), vec![s.theme.clone()], author);
            let quote = tag.target.quote.replace('\n', " ");
            writeln!(
                out,
                "{}:{}: {}: {}",
                doc.id,
                doc.line_at(s.range.start),
                s.theme,
                truncate_to_width(&quote, 80)
            )?;
            ann.apply(&Edit::AddTag(Arc::new(tag)));
        }
        total += found.len();
        let known = (*ann.loaded_ids).clone();
        match store::save(&location, &ann, &known) {
            Ok((_, path)) => {
                // What a killed process left goes at the first save there.
                if let Some(dir) = path.parent()
                    && cleaned.insert(dir.to_path_buf())
                {
                    store::clean_temp_files(dir);
                }
                writeln!(out, "  saved {}", path.display())?;
            }
            Err(e) => {
                eprintln!("floor: {e}");
                failed = true;
            }
        }
    }
    writeln!(out, "{total} tags added")?;
    super::finish(out)?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
