//! Ingest: from files to documents with agenda items and attributed turns.
//!
//! The steps, each in its own module: [`decode`] (bytes → sanitised text),
//! [`markup`] (inline Markdown and HTML removed), [`layout`] (paragraphs,
//! debris lines dropped), [`speakers`], [`labels`] and [`verbatim`] (label
//! shapes), [`inventory`] (which candidate labels a document uses),
//! [`cues`] (floor cues, self-reference), [`agenda`] (agenda headings and
//! the chair opening an item), [`header`] (front matter, kind, authors),
//! [`parse`] (each paragraph classified), [`statement`] (a statement's one
//! turn) and [`conversation`] (a transcript's turns assembled).
//! [`registry`] knows the delegations and groups. This module finds the
//! files and runs the steps.

pub mod agenda;
pub mod conversation;
pub mod cues;
pub mod decode;
pub mod formats;
pub mod front;
pub mod header;
pub mod inventory;
pub mod labels;
pub mod layout;
pub mod markup;
pub mod narration;
pub mod parse;
pub mod registry;
pub mod sample;
pub mod speakers;
pub mod statement;
pub mod verbatim;
pub mod walk;

use std::fmt;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::Config;
use crate::model::{Corpus, Document, PathWarning};

pub use parse::{Parser, UNKNOWN_SPEAKER};

/// Ingest built the first time it is needed: a search that never parses a
/// document (a plain count) does not pay for building the speaker matcher.
#[derive(Debug)]
pub struct LazyIngest<'a> {
    config: &'a Config,
    built: std::sync::OnceLock<Ingest>,
}

impl<'a> LazyIngest<'a> {
    pub fn new(config: &'a Config) -> Self {
        Self {
            config,
            built: std::sync::OnceLock::new(),
        }
    }

    pub fn get(&self) -> &Ingest {
        self.built.get_or_init(|| Ingest::new(self.config))
    }

    /// Finds the documents under `paths` without building the parser.
    pub fn discover(
        &self,
        paths: &[PathBuf],
    ) -> Result<(Vec<Source>, Vec<PathWarning>), LoadError> {
        discover(paths, &self.config.ingest.extensions)
    }

    /// [`discover_each`] without building the parser.
    pub fn discover_each(
        &self,
        paths: &[PathBuf],
        found: &mut dyn FnMut(Source),
    ) -> Result<Vec<PathWarning>, LoadError> {
        discover_each(paths, &self.config.ingest.extensions, found)
    }
}

/// A file to load and the id its document gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: String,
    pub path: PathBuf,
    /// Bytes compiled into the binary (the bundled sample) instead of a file.
    pub embedded: Option<&'static [u8]>,
}

/// A path given by the user that cannot be read at all.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for LoadError {}

/// The first line of every Markdown report floor writes (a comment no
/// Markdown viewer shows), by which floor knows its own export in a folder
/// of transcripts and never loads it as a document.
pub const EXPORT_MARK: &str = "<!-- floor export: tagged segments, not a transcript -->";

/// Ingest with a configuration: the registry extended by the configured
/// speakers, the agenda vocabulary, the debris patterns.
#[derive(Debug, Clone)]
pub struct Ingest {
    pub parser: Parser,
    pub extensions: Vec<String>,
    /// Cache extractions of PDF, DOCX, HTML and captions under the corpus's
    /// `.floor/cache/`.
    pub cache: bool,
}

impl Ingest {
    pub fn new(config: &Config) -> Self {
        Self {
            parser: Parser {
                registry: match config.speaker.as_slice() {
                    [] => registry::Registry::builtin(),
                    more => registry::Registry::builtin().extended(more),
                },
                agenda: agenda::AgendaMatcher::new(&config.agenda),
                debris: layout::DebrisFilter::new(&config.ingest.debris),
            },
            extensions: config.ingest.extensions.clone(),
            cache: config.ingest.cache,
        }
    }

    /// Parses the bytes of one file. A binary file gives an error carrying
    /// the warning to show.
    pub fn parse_bytes(
        &self,
        id: String,
        path: PathBuf,
        bytes: Vec<u8>,
    ) -> Result<Document, PathWarning> {
        if let Some(format) = formats::Format::of(&path) {
            let root = self.cache.then(|| formats::cache::root_of(&path, &id));
            return match formats::cache::extract_cached(root.as_deref(), format, &bytes) {
                Ok(extracted) => {
                    let warnings = extracted.warnings();
                    let mut doc = self.parser.parse(id, path, extracted.text, warnings);
                    doc.timecodes = extracted.timecodes;
                    formats::captions::attribute(
                        &mut doc,
                        &extracted.speakers,
                        &self.parser.registry,
                    );
                    Ok(doc)
                }
                Err(message) => Err(PathWarning { path, message }),
            };
        }
        match decode::decode_owned(bytes) {
            decode::Decoded::Binary { warning } => Err(PathWarning {
                path,
                message: warning.message,
            }),
            // floor's own Markdown export, written into the corpus folder:
            // its quotes would load as a second copy of what was said.
            decode::Decoded::Text { text, .. } if text.starts_with(EXPORT_MARK) => {
                Err(PathWarning {
                    path,
                    message: "floor's own export (tagged segments), not a transcript: not loaded"
                        .into(),
                })
            }
            decode::Decoded::Text { text, warnings, .. } => {
                let text = markup::strip_inline_markup(text);
                Ok(self.parser.parse(id, path, text, warnings))
            }
        }
    }

    /// Reads and parses one source.
    pub fn load_source(&self, source: &Source) -> Result<Document, PathWarning> {
        self.load_owned(source.clone())
    }

    /// [`Ingest::load_source`] taking the source, whose id and path become
    /// the document's: a loader that owns its list of sources lets each go
    /// as its document is made, instead of holding every id and path twice
    /// until the last document is in.
    pub fn load_owned(&self, source: Source) -> Result<Document, PathWarning> {
        let bytes = match source.embedded {
            Some(bytes) => bytes.to_vec(),
            None => std::fs::read(&source.path).map_err(|e| PathWarning {
                path: source.path.clone(),
                message: format!("cannot read: {e}"),
            })?,
        };
        self.parse_bytes(source.id, source.path, bytes)
    }

    /// Finds the documents under `paths` (files and folders, recursively).
    pub fn discover(
        &self,
        paths: &[PathBuf],
    ) -> Result<(Vec<Source>, Vec<PathWarning>), LoadError> {
        discover(paths, &self.extensions)
    }
}

/// Finds the documents under `paths` (files and folders, recursively) with
/// one of `extensions`; files named directly are always taken. No path at
/// all means the bundled sample.
pub fn discover(
    paths: &[PathBuf],
    extensions: &[String],
) -> Result<(Vec<Source>, Vec<PathWarning>), LoadError> {
    let mut sources = Vec::new();
    let warnings = discover_each(paths, extensions, &mut |s| sources.push(s))?;
    sources.sort_by(in_order);
    disambiguate(&mut sources);
    Ok((sources, warnings))
}

/// The documents [`discover`] finds, each handed to `found` as soon as its
/// folder is listed, in no particular order and with ids not yet made
/// unique (see [`in_order`] and [`disambiguate`]), so that work on them can
/// start while the rest are being found. Every path is checked before the
/// first document is handed over.
pub fn discover_each(
    paths: &[PathBuf],
    extensions: &[String],
    found: &mut dyn FnMut(Source),
) -> Result<Vec<PathWarning>, LoadError> {
    if paths.is_empty() {
        sample::sources().into_iter().for_each(found);
        return Ok(Vec::new());
    }
    let walker = Walker { extensions };
    walker.discover(paths, found)
}

/// The order of documents: by id, then by path.
pub fn in_order(a: &Source, b: &Source) -> std::cmp::Ordering {
    (&a.id, &a.path).cmp(&(&b.id, &b.path))
}

/// Walks folders for documents (see [`walk`]).
struct Walker<'a> {
    extensions: &'a [String],
}

impl Walker<'_> {
    fn discover(
        &self,
        paths: &[PathBuf],
        found: &mut dyn FnMut(Source),
    ) -> Result<Vec<PathWarning>, LoadError> {
        // Every path is checked (and a FIFO refused) before any is walked.
        let named = paths
            .iter()
            .map(|p| walk::named_path(p))
            .collect::<Result<Vec<_>, _>>()?;
        let mut warnings = Vec::new();
        for (path, file) in paths.iter().zip(named) {
            match file {
                Some(source) => found(source),
                None => walk::folder(path, self.extensions, found, &mut warnings),
            }
        }
        Ok(warnings)
    }
}

impl Ingest {
    /// Loads every source in parallel; unreadable or binary files become
    /// warnings and the rest still loads.
    pub fn load(&self, sources: &[Source]) -> Corpus {
        let results: Vec<Result<Document, PathWarning>> =
            sources.par_iter().map(|s| self.load_source(s)).collect();
        let mut corpus = Corpus::default();
        for result in results {
            match result {
                Ok(doc) => corpus.documents.push(doc),
                Err(w) => corpus.warnings.push(w),
            }
        }
        corpus
    }

    /// Discovers and loads `paths`, or the bundled sample when `paths` is empty.
    pub fn load_paths(&self, paths: &[PathBuf]) -> Result<Corpus, LoadError> {
        let (sources, warnings) = self.discover(paths)?;
        let mut corpus = self.load(&sources);
        corpus.warnings.splice(0..0, warnings);
        Ok(corpus)
    }
}

/// Two sources with one id (`a.txt` and `a.md`) keep their extension; the
/// sources are in [`in_order`].
pub fn disambiguate(sources: &mut [Source]) {
    for i in 1..sources.len() {
        if sources[i].id == sources[i - 1].id {
            for j in [i - 1, i] {
                if let Some(ext) = sources[j].path.extension() {
                    let ext = ext.to_string_lossy().into_owned();
                    if !sources[j].id.ends_with(&format!(".{ext}")) {
                        sources[j].id = format!("{}.{ext}", sources[j].id);
                    }
                }
            }
        }
    }
}
