//! `floor check PATH... [--json]`: what ingest found, for people or programs.
//!
//! Documents are parsed in parallel and each is reduced to what the report
//! needs as soon as it is parsed, so a large corpus is never held in memory
//! whole.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use rayon::prelude::*;

use crate::export::json;
use crate::ingest::{Ingest, UNKNOWN_SPEAKER};
use crate::model::{Document, PathWarning, Role};
use crate::text::counted;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and folders to check (default: the bundled sample).
    pub paths: Vec<PathBuf>,
    /// Print the parsed structure as JSON (documents → agenda items → turns).
    #[arg(long)]
    pub json: bool,
    /// For each turn, why its speaker was chosen and how sure that is:
    /// "label at line 12", "cue at line 40: '... Chile, you have the floor'".
    /// Doubtful turns are marked with `?`.
    #[arg(long, conflicts_with = "json")]
    pub explain: bool,
}

/// What the human report keeps of one document: its lines of the report,
/// written in the worker that parsed it, and the figures to total.
struct Summary {
    report: String,
    /// Agenda items with a title.
    items: usize,
    turns: usize,
    unattributed: usize,
    speakers: Vec<(String, Role, usize)>,
    warnings: Vec<String>,
}

/// Whether a corpus root has an annotation store at all, asked once per
/// root: finding a document's store costs a `canonicalize` and two `stat`s,
/// which for a corpus without annotations (the usual case) are all misses.
#[derive(Default)]
struct Stores {
    known: std::sync::Mutex<BTreeMap<PathBuf, bool>>,
}

impl Stores {
    /// Whether `doc` may have stored annotations.
    fn may_have(&self, doc: &Document) -> bool {
        use crate::annotate::{Location, store};
        let Some(root) = store::corpus_root(doc) else {
            return true; // the bundled sample: its store is one folder
        };
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        *known.entry(root).or_insert_with(|| {
            // The store folders are the locations minus the document's id.
            let depth = doc.id.split('/').count();
            let location = Location::of(doc);
            [&location.primary, &location.fallback]
                .into_iter()
                .any(|p| p.ancestors().nth(depth).is_none_or(Path::is_dir))
        })
    }
}

/// The document with the user's stored corrections applied; a bad
/// annotation file becomes a warning.
fn corrected(mut doc: Document, stores: &Stores) -> Document {
    if !stores.may_have(&doc) {
        return doc;
    }
    match crate::annotate::load_and_correct(&mut doc) {
        Ok((ann, location)) => {
            if let Some(path) = location.existing() {
                for p in crate::annotate::store::problems(&ann, path) {
                    doc.warnings.push(crate::model::Warning::new(0, p));
                }
            }
            for side in crate::annotate::ledger::rescued(&location) {
                doc.warnings.push(crate::model::Warning::new(
                    0,
                    format!(
                        "{}: changes kept aside when they could not be saved; merge them back with \
                         `floor merge-file /dev/null {} {}`",
                        side.display(),
                        location.existing().unwrap_or(&location.primary).display(),
                        side.display()
                    ),
                ));
            }
        }
        Err(e) => doc.warnings.push(crate::model::Warning::new(
            0,
            format!("annotations not applied: {e}"),
        )),
    }
    doc
}

fn summarise(doc: &Document) -> Summary {
    // Keyed by the document's own strings: a copy per speaker, not per turn.
    let mut speakers: BTreeMap<(&str, Role), usize> = BTreeMap::new();
    let mut unattributed = 0;
    for turn in doc.turns() {
        if &*turn.speaker == UNKNOWN_SPEAKER {
            unattributed += turn.paragraphs.len();
        } else {
            *speakers.entry((&turn.speaker, turn.role)).or_default() += 1;
        }
    }
    let path = super::sanitize_path(&doc.path);
    let mut report = String::new();
    let mut items = 0;
    {
        use std::fmt::Write as _;
        let r = &mut report;
        let _ = writeln!(
            r,
            "{}  [{}]  {}",
            super::sanitize(&doc.id),
            doc.kind.as_str(),
            super::sanitize(&doc.title)
        );
        let _ = writeln!(r, "  {path}");
        for item in &doc.agenda_items {
            let title = item.title.as_deref().unwrap_or("(no agenda item)");
            if title != "(no agenda item)" {
                items += 1;
            }
            let _ = writeln!(
                r,
                "  {title}: {}",
                counted(item.turns.len(), "turn", "turns")
            );
        }
        for t in doc.turns() {
            if t.attribution == crate::model::Attribution::Manual {
                let _ = writeln!(
                    r,
                    "  line {}: {} (attribution manual)",
                    t.start_line, t.speaker
                );
            }
        }
        if unattributed > 0 {
            let _ = writeln!(r, "  unattributed paragraphs: {unattributed}");
        }
    }
    Summary {
        report,
        items,
        turns: doc.turns().count(),
        unattributed,
        speakers: speakers
            .into_iter()
            .map(|((s, r), n)| (s.to_string(), r, n))
            .collect(),
        warnings: doc
            .warnings
            .iter()
            .map(|w| {
                let message = super::sanitize(&w.message);
                // Line 0: about the document as a whole (or another file).
                if w.line == 0 {
                    format!("{path}: {message}")
                } else {
                    format!("{path}:{}: {message}", w.line)
                }
            })
            .collect(),
    }
}

pub fn run(ingest: &Ingest, args: &CheckArgs) -> io::Result<ExitCode> {
    let (sources, path_warnings) = match ingest.discover(&args.paths) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("floor: {}", super::sanitize(&e.to_string()));
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut out = super::stdout();
    if args.json {
        write_json(ingest, &sources, path_warnings, &mut out)?;
    } else if args.explain {
        let stores = Stores::default();
        let parts: Vec<Result<String, PathWarning>> = sources
            .par_iter()
            .map(|s| {
                ingest
                    .load_source(s)
                    .map(|d| explain(&corrected(d, &stores)))
            })
            .collect();
        for part in parts {
            match part {
                Ok(text) => out.write_all(text.as_bytes())?,
                Err(w) => writeln!(out, "{w}")?,
            }
        }
        for w in &path_warnings {
            writeln!(out, "{w}")?;
        }
    } else {
        let stores = Stores::default();
        // Turns per speaker are totalled by the workers as they go, not
        // after the last document.
        let speakers = std::sync::Mutex::new(SpeakerTotals::new());
        let results: Vec<Result<Summary, PathWarning>> = sources
            .par_iter()
            .map(|s| {
                ingest.load_source(s).map(|d| {
                    let mut summary = summarise(&corrected(d, &stores));
                    let mut totals = speakers.lock().unwrap_or_else(|e| e.into_inner());
                    for (speaker, role, n) in summary.speakers.drain(..) {
                        *totals.entry((speaker, role)).or_default() += n;
                    }
                    summary
                })
            })
            .collect();
        let speakers = speakers.into_inner().unwrap_or_else(|e| e.into_inner());
        write_report(results, speakers, path_warnings, &mut out)?;
    }
    super::finish(out)?;
    Ok(ExitCode::SUCCESS)
}

fn write_json(
    ingest: &Ingest,
    sources: &[crate::ingest::Source],
    mut path_warnings: Vec<PathWarning>,
    out: &mut impl Write,
) -> io::Result<()> {
    // Each document is serialised as soon as it is parsed, then dropped.
    let stores = Stores::default();
    let parts: Vec<Result<String, PathWarning>> = sources
        .par_iter()
        .map(|s| {
            ingest.load_source(s).map(|d| {
                serde_json::to_string(&json::document(&corrected(d, &stores)))
                    .expect("serialisable")
            })
        })
        .collect();
    out.write_all(b"{\"documents\":[")?;
    let mut first = true;
    for part in parts {
        match part {
            Ok(text) => {
                if !first {
                    out.write_all(b",")?;
                }
                first = false;
                out.write_all(text.as_bytes())?;
            }
            Err(w) => path_warnings.push(w),
        }
    }
    out.write_all(b"],\"warnings\":")?;
    serde_json::to_writer(&mut *out, &path_warnings)?;
    out.write_all(b"}\n")
}

/// Why each turn of `doc` has its speaker, one line per turn.
pub fn explain(doc: &Document) -> String {
    use std::fmt::Write as _;
    let mut r = String::new();
    let _ = writeln!(r, "{}  [{}]  {}", doc.id, doc.kind.as_str(), doc.title);
    for t in doc.turns() {
        let mark = if t.is_doubtful() { "?" } else { " " };
        let why = doc.why(t);
        let behalf = t
            .on_behalf_of()
            .map(|g| format!(" for {g}"))
            .unwrap_or_default();
        let _ = writeln!(
            r,
            "{mark} line {:>5}  {}{behalf} ({}, {:.2}): {why}",
            t.start_line,
            t.speaker,
            t.role.as_str(),
            t.confidence
        );
    }
    r
}

/// Turns per speaker over the whole corpus.
type SpeakerTotals = std::collections::HashMap<(String, Role), usize>;

fn write_report(
    results: Vec<Result<Summary, PathWarning>>,
    speakers: SpeakerTotals,
    mut path_warnings: Vec<PathWarning>,
    out: &mut impl Write,
) -> io::Result<()> {
    let (mut documents, mut items, mut turns, mut unattributed) = (0, 0, 0, 0);
    let mut warnings = Vec::new();
    for result in results {
        let summary = match result {
            Ok(s) => s,
            Err(w) => {
                path_warnings.push(w);
                continue;
            }
        };
        documents += 1;
        items += summary.items;
        turns += summary.turns;
        unattributed += summary.unattributed;
        out.write_all(summary.report.as_bytes())?;
        warnings.extend(summary.warnings);
    }
    writeln!(out)?;
    writeln!(out, "Turns per speaker:")?;
    let mut ranked: Vec<_> = speakers.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for ((speaker, role), n) in ranked {
        writeln!(out, "  {n:>6}  {speaker} ({})", role.as_str())?;
    }
    if !warnings.is_empty() || !path_warnings.is_empty() {
        writeln!(out)?;
        writeln!(out, "Warnings:")?;
        for w in &path_warnings {
            writeln!(out, "  {}", super::sanitize(&w.to_string()))?;
        }
        for w in &warnings {
            writeln!(out, "  {w}")?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}, {}, {}, {}, {}",
        counted(documents, "document", "documents"),
        counted(items, "agenda item", "agenda items"),
        counted(turns, "turn", "turns"),
        counted(
            unattributed,
            "unattributed paragraph",
            "unattributed paragraphs"
        ),
        counted(warnings.len() + path_warnings.len(), "warning", "warnings")
    )
}
