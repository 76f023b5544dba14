//! `floor search PATH... QUERY`: one line per hit, as grep prints them.
//!
//! Files are read and searched in parallel, each as soon as its folder is
//! listed (unless a `doc:` filter needs the final ids). A document is
//! parsed into turns only when it may hold a hit; `--count` of a query
//! without filters on turns counts in the raw bytes or the canonical text
//! without parsing at all ([`Search::count_bytes`], [`Search::count_text`]).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use clap::{Args, ValueEnum};
use rayon::prelude::*;
use serde::Serialize;

use crate::annotate::Codebook;
use crate::ingest::{self, LazyIngest, Source, decode, markup};
use crate::model::{Document, PathWarning, Warning};
use crate::search::{Hit, Search, snippet, tagged_spans};

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Files and folders to search, then the query as one argument (quote
    /// it). With only a query, the bundled sample is searched.
    #[arg(required = true, num_args = 1.., value_name = "PATH... QUERY")]
    pub args: Vec<String>,
    /// Print `doc-id: N` (the number of hits) per document with hits.
    #[arg(short = 'c', long)]
    pub count: bool,
    /// Print the hits as JSON.
    #[arg(long)]
    pub json: bool,
    /// Highlight hits: when standard output is a terminal (auto), always or never.
    #[arg(long, value_enum, default_value_t = When::Auto, value_name = "WHEN")]
    pub color: When,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum When {
    Auto,
    Always,
    Never,
}

/// Where a hit is, for people and programs.
#[derive(Debug, Serialize)]
pub struct HitJson {
    pub document: String,
    pub line: u32,
    pub speaker: Option<String>,
    pub role: Option<&'static str>,
    pub agenda_item: Option<String>,
    /// Line where the hit's turn starts.
    pub turn_line: Option<u32>,
    /// The whole line.
    pub text: String,
    /// The occurrences of the wanted words, as byte ranges of `text`.
    pub matches: Vec<[usize; 2]>,
}

/// A document's id and what it gave.
type Searched = (String, Result<Found, PathWarning>);

/// What one document gave.
enum Found {
    Count(usize),
    Hits(Vec<HitJson>),
}

pub fn run(ingest: &LazyIngest, book: &Codebook, args: &SearchArgs) -> io::Result<ExitCode> {
    let (query, paths) = args.args.split_last().expect("clap requires one argument");
    let search = match Search::parse(query) {
        Ok(s) => s.with_speaker_aliases(|name| {
            let registry = &ingest.get().parser.registry;
            registry
                .lookup(name)
                .map(|i| registry.entry(i).name.clone())
        }),
        Err(e) => {
            eprintln!("floor: {}", super::sanitize(&e.to_string()));
            eprintln!("  {query}");
            let pad: String = query
                .chars()
                .take(e.column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            eprintln!("  {pad}^");
            return Ok(ExitCode::from(2));
        }
    };
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    // A path that cannot be read fails as in `check` (2 is for a bad query).
    let results = if search.filters_docs() {
        let sources = match super::discovered(ingest.discover(&paths)) {
            Ok(sources) => sources,
            Err(code) => return Ok(code),
        };
        let sources: Vec<&Source> = sources
            .iter()
            .filter(|s| search.accepts_doc(&s.id))
            .collect();
        sources
            .par_iter()
            .map(|s| {
                (
                    s.id.clone(),
                    search_source(ingest, book, &search, s, args.count),
                )
            })
            .collect()
    } else {
        match search_while_found(ingest, book, &search, &paths, args.count) {
            Ok(results) => results,
            Err(code) => return Ok(code),
        }
    };
    let color = match args.color {
        When::Always => true,
        When::Never => false,
        When::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let mut out = super::stdout();
    let mut total = 0;
    let mut counts = Vec::new();
    let mut all_hits = Vec::new();
    for (id, result) in results {
        match result {
            Err(w) => eprintln!("floor: {}", super::sanitize(&w.to_string())),
            Ok(Found::Count(0)) => {}
            Ok(Found::Count(n)) => {
                total += n;
                if args.json {
                    counts.push(serde_json::json!({"document": id, "count": n}));
                } else {
                    writeln!(out, "{}: {n}", super::sanitize(&id))?;
                }
            }
            Ok(Found::Hits(hits)) => {
                total += hits.len();
                if args.json {
                    all_hits.extend(hits);
                } else {
                    for hit in hits {
                        write_hit(&mut out, &hit, color)?;
                    }
                }
            }
        }
    }
    if args.json {
        let value = if args.count {
            serde_json::json!({"query": query, "documents": counts, "total": total})
        } else {
            serde_json::json!({"query": query, "hits": all_hits, "total": total})
        };
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
    }
    super::finish(out)?;
    Ok(if total > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Each document's id and what it gave, in the order of ids: every
/// document is searched as soon as its folder is listed, so that finding
/// the rest of a corpus (a few milliseconds of listing folders, on one
/// thread) overlaps with searching.
fn search_while_found(
    ingest: &LazyIngest,
    book: &Codebook,
    search: &Search,
    paths: &[PathBuf],
    count: bool,
) -> Result<Vec<Searched>, ExitCode> {
    let done = Mutex::new(Vec::new());
    let discovered = rayon::in_place_scope(|scope| {
        ingest.discover_each(paths, &mut |source| {
            let done = &done;
            scope.spawn(move |_| {
                let result = search_source(ingest, book, search, &source, count);
                done.lock()
                    .expect("a search does not panic")
                    .push((source, result));
            });
        })
    });
    super::discovered(discovered.map(|warnings| (Vec::new(), warnings)))?;
    let mut done = done.into_inner().expect("a search does not panic");
    done.sort_by(|a, b| ingest::in_order(&a.0, &b.0));
    let (mut sources, results): (Vec<Source>, Vec<_>) = done.into_iter().unzip();
    ingest::disambiguate(&mut sources);
    Ok(sources
        .into_iter()
        .zip(results)
        .map(|(source, mut result)| {
            // A hit names its document by the id it had when found.
            if let Ok(Found::Hits(hits)) = &mut result {
                for hit in hits {
                    hit.document.clone_from(&source.id);
                }
            }
            (source.id, result)
        })
        .collect())
}

/// The canonical text of a source (decoded, sanitised, without inline
/// markup), as ingest makes it, without parsing it.
pub fn canonical(source: &Source) -> Result<(String, Vec<Warning>), PathWarning> {
    canonical_of(source, read(source)?)
}

fn read(source: &Source) -> Result<Vec<u8>, PathWarning> {
    match source.embedded {
        Some(bytes) => Ok(bytes.to_vec()),
        None => std::fs::read(&source.path).map_err(|e| PathWarning {
            path: source.path.clone(),
            message: format!("cannot read: {e}"),
        }),
    }
}

fn canonical_of(source: &Source, bytes: Vec<u8>) -> Result<(String, Vec<Warning>), PathWarning> {
    match decode::decode_owned(bytes) {
        decode::Decoded::Binary { warning } => Err(PathWarning {
            path: source.path.clone(),
            message: warning.message,
        }),
        decode::Decoded::Text { text, warnings, .. } => {
            Ok((markup::strip_inline_markup(text), warnings))
        }
    }
}

fn search_source(
    ingest: &LazyIngest,
    book: &Codebook,
    search: &Search,
    source: &Source,
    count: bool,
) -> Result<Found, PathWarning> {
    // PDF, DOCX, HTML and captions: their bytes are not their text, so they
    // are searched in their extraction (from the cache when it has them).
    if ingest::formats::Format::of(&source.path).is_some() {
        let doc = ingest.get().load_source(source)?;
        return Ok(search_parsed(book, search, doc, count));
    }
    let bytes = read(source)?;
    if count && let Some(n) = search.count_bytes(&bytes) {
        return Ok(Found::Count(n));
    }
    // A document that lacks a wanted word, as its bytes tell, needs no
    // decoding (most documents, for most queries).
    if search.excludes_bytes(&bytes) {
        return Ok(if count {
            Found::Count(0)
        } else {
            Found::Hits(Vec::new())
        });
    }
    let (text, warnings) = canonical_of(source, bytes)?;
    if count && let Some(n) = search.count_text(&text) {
        return Ok(Found::Count(n));
    }
    if !search.may_match_text(&text) {
        return Ok(if count {
            Found::Count(0)
        } else {
            Found::Hits(Vec::new())
        });
    }
    let doc = ingest
        .get()
        .parser
        .parse(source.id.clone(), source.path.clone(), text, warnings);
    Ok(search_parsed(book, search, doc, count))
}

/// The hits (or their number) in a parsed document, with its annotations.
fn search_parsed(book: &Codebook, search: &Search, mut doc: Document, count: bool) -> Found {
    let tags = match crate::annotate::load_and_correct(&mut doc) {
        Ok((ann, _)) => tagged_spans(book, &ann),
        Err(e) => {
            eprintln!("floor: {}", super::sanitize(&e.to_string()));
            Vec::new()
        }
    };
    let hits = search.document(&doc, &tags);
    if count {
        Found::Count(hits.len())
    } else {
        Found::Hits(hits.iter().map(|h| hit_json(&doc, h)).collect())
    }
}

/// A hit with what a reader needs to place it.
pub fn hit_json(doc: &Document, hit: &Hit) -> HitJson {
    let turn = hit.turn.map(|t| {
        (
            &doc.agenda_items[t.item],
            &doc.agenda_items[t.item].turns[t.turn],
        )
    });
    let base = hit.line_range.start;
    HitJson {
        document: doc.id.clone(),
        line: hit.line,
        speaker: turn.map(|(_, t)| t.speaker.to_string()),
        role: turn.map(|(_, t)| t.role.as_str()),
        agenda_item: turn.and_then(|(i, _)| i.title.clone()),
        turn_line: turn.map(|(_, t)| t.start_line),
        text: doc.text[hit.line_range.clone()].to_owned(),
        matches: hit
            .matches
            .iter()
            .map(|r| [r.start - base, r.end - base])
            .collect(),
    }
}

const SNIPPET_WIDTH: usize = 100;

fn write_hit(out: &mut impl Write, hit: &HitJson, color: bool) -> io::Result<()> {
    let as_hit = Hit {
        line: hit.line,
        line_range: 0..hit.text.len(),
        matches: hit.matches.iter().map(|m| m[0]..m[1]).collect(),
        turn: None,
    };
    let (text, ranges) = snippet(&hit.text, &as_hit, SNIPPET_WIDTH);
    let speaker = hit.speaker.as_deref().unwrap_or("(outside turns)");
    // The document id comes from a file name: what a terminal would act
    // on is removed (the text and speaker came through ingest).
    let document = super::sanitize(&hit.document);
    if color {
        write!(
            out,
            "\x1b[35m{}\x1b[0m:\x1b[32m{}\x1b[0m: \x1b[1m{speaker}\x1b[0m — ",
            document, hit.line
        )?;
        let mut at = 0;
        for r in ranges {
            if r.start < at {
                continue;
            }
            write!(
                out,
                "{}\x1b[1;31m{}\x1b[0m",
                &text[at..r.start],
                &text[r.clone()]
            )?;
            at = r.end;
        }
        writeln!(out, "{}", &text[at..])
    } else {
        writeln!(out, "{document}:{}: {speaker} — {text}", hit.line)
    }
}
