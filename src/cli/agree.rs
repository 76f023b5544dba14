//! `floor agree PATH... --coders A,B [--theme T] [--json]`: agreement
//! between two coders per theme and overall (the figures are
//! [`crate::annotate::agree`]'s).

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::json;

use crate::annotate::agree::{self, Table};
use crate::annotate::{self as annotations, Codebook};
use crate::ingest::Ingest;
use crate::text::counted;

use super::sanitize;

#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// Files and folders to compare on.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The two coders (authors of tags), comma-separated: `--coders ana,ben`.
    #[arg(long, value_name = "A,B", required = true)]
    pub coders: String,
    /// Only this theme id.
    #[arg(long, value_name = "ID")]
    pub theme: Option<String>,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
}

fn table_json(t: &Table) -> serde_json::Value {
    json!({
        "units": t.units(),
        "both": t.both,
        "only_a": t.only_a,
        "only_b": t.only_b,
        "neither": t.neither,
        "percent": t.percent(),
        "kappa": t.kappa(),
    })
}

fn figures_json(f: &agree::Figures) -> serde_json::Value {
    json!({ "turns": table_json(&f.turns), "characters": table_json(&f.characters) })
}

fn cell(t: &Table) -> String {
    let percent = t.percent().map_or("-".into(), |p| format!("{p:.1}%"));
    let kappa = t.kappa().map_or("n/a".into(), |k| format!("{k:.3}"));
    format!("{:>9} {:>7} {:>7}", t.units(), percent, kappa)
}

pub fn run(ingest: &Ingest, book: &Codebook, args: &AgreeArgs) -> io::Result<ExitCode> {
    let coders: Vec<&str> = args.coders.split(',').map(str::trim).collect();
    let [a, b] = coders.as_slice() else {
        eprintln!("floor agree: --coders takes two names, like `--coders ana,ben`");
        return Ok(ExitCode::from(2));
    };
    if a.is_empty() || b.is_empty() || a == b {
        eprintln!("floor agree: --coders takes two different, non-empty names");
        return Ok(ExitCode::from(2));
    }
    if let Some(t) = &args.theme
        && book.get(t).is_none()
    {
        eprintln!("floor agree: unknown theme `{}`", sanitize(t));
        return Ok(ExitCode::from(2));
    }
    let corpus = match ingest.load_paths(&args.paths) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("floor: {}", sanitize(&e.to_string()));
            return Ok(ExitCode::FAILURE);
        }
    };
    for w in &corpus.warnings {
        eprintln!("floor: {}", sanitize(&w.to_string()));
    }
    let mut loaded = Vec::new();
    for mut doc in corpus.documents {
        match annotations::load_and_correct(&mut doc) {
            Ok((ann, _)) => loaded.push((doc, ann)),
            Err(e) => {
                // Its tags cannot be compared: say so rather than count
                // them as absent.
                eprintln!("floor: not compared: {}", sanitize(&e.to_string()));
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    let pairs: Vec<_> = loaded.iter().map(|(d, a)| (d, a)).collect();
    for coder in [a, b] {
        let n: usize = pairs
            .iter()
            .map(|(_, ann)| ann.tags.iter().filter(|t| t.author == *coder).count())
            .sum();
        if n == 0 {
            eprintln!("floor agree: {} has no tags here", sanitize(coder));
        }
    }
    let result = agree::agreement(&pairs, a, b, args.theme.as_deref());
    let disagreements: usize = pairs
        .iter()
        .map(|(d, ann)| agree::disagreements(d, ann, a, b, args.theme.as_deref()).len())
        .sum();
    let mut out = super::stdout();
    if args.json {
        let themes: serde_json::Map<String, serde_json::Value> = result
            .themes
            .iter()
            .map(|(t, f)| (t.clone(), figures_json(f)))
            .collect();
        let value = json!({
            "coders": [a, b],
            "documents": pairs.len(),
            "themes": themes,
            "overall": figures_json(&result.overall),
            "disagreements": disagreements,
        });
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "Agreement of {} and {} over {}",
            sanitize(a),
            sanitize(b),
            counted(pairs.len(), "document", "documents")
        )?;
        writeln!(
            out,
            "{:<28} {:>9} {:>7} {:>7} {:>9} {:>7} {:>7}",
            "", "turns", "agree", "kappa", "chars", "agree", "kappa"
        )?;
        let rows = result
            .themes
            .iter()
            .map(|(t, f)| (t.as_str(), f))
            .chain([("overall", &result.overall)]);
        for (name, f) in rows {
            writeln!(
                out,
                "{:<28} {} {}",
                sanitize(name),
                cell(&f.turns),
                cell(&f.characters)
            )?;
        }
        writeln!(
            out,
            "{} where one coder applied a theme and the other did not",
            counted(disagreements, "turn", "turns")
        )?;
    }
    super::finish(out)?;
    Ok(ExitCode::SUCCESS)
}
