//! The command line: arguments, and the subcommands that answer without the
//! reader. Everything here is a thin layer over the core.

pub mod check;
pub mod export;
pub mod search;
pub mod stats;
pub mod tag;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{Config, ConfigError};
use crate::ingest::{Ingest, LazyIngest, LoadError, Source};
use crate::model::PathWarning;
use crate::tui::Options;
use crate::tui::keymap::KeyMap;

/// floor — a terminal reader for diplomatic meeting transcripts.
///
/// Opens a folder of transcripts, statements and submissions as a tree of
/// sessions, agenda items and speakers beside the text. With no path, opens
/// the bundled sample.
#[derive(Debug, Parser)]
#[command(name = "floor", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub common: Common,
    /// Files and folders to open (default: the bundled sample).
    pub paths: Vec<PathBuf>,
}

/// Options every command takes.
#[derive(Debug, Args, Clone, Default)]
pub struct Common {
    /// Configuration file (default: $XDG_CONFIG_HOME/floor/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Draw with ASCII characters only, for terminals without box drawing
    /// (also `display.ascii` in the configuration).
    #[arg(long, global = true)]
    pub ascii: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse documents and report what was found: documents, agenda items,
    /// turns per speaker, unattributed paragraphs and warnings.
    Check(check::CheckArgs),
    /// Search documents: words (all must match), "exact phrases", -excluded,
    /// speaker:, theme:, agenda:"...", doc:glob. One line per hit; exit
    /// status 1 when nothing matched.
    Search(search::SearchArgs),
    /// Export tagged segments: a Markdown report, CSV, JSON, a REFI-QDA
    /// project (.qdpx) or codebook (.qdc).
    Export(export::ExportArgs),
    /// Turns and words per speaker, tags per theme, the speaker × theme table.
    Stats(stats::StatsArgs),
    /// Tag documents from the command line: `--auto` applies the keyword
    /// suggestions of the codebook and prints what it tagged.
    Tag(tag::TagArgs),
}

/// Runs the command line; the exit code is 0 on success, 1 on failure and 2
/// on a usage error.
pub fn run(cli: Cli) -> ExitCode {
    let (config, config_path) = match Config::load(cli.common.config.as_deref()) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("floor: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Some(Command::Check(args)) => check::run(&Ingest::new(&config), &args),
        Some(Command::Search(args)) => {
            let book = crate::annotate::Codebook::with_config(&config.theme);
            search::run(&LazyIngest::new(&config), &book, &args)
        }
        Some(Command::Stats(args)) => stats::run(&Ingest::new(&config), &args),
        Some(Command::Export(args)) => {
            let book = crate::annotate::Codebook::with_config(&config.theme);
            export::run(&Ingest::new(&config), &book, &args)
        }
        Some(Command::Tag(args)) => {
            let book = crate::annotate::Codebook::with_config(&config.theme);
            let author = crate::annotate::author_name(&config.user.name);
            tag::run(&Ingest::new(&config), &book, &author, &args)
        }
        None => {
            let keymap = match keymap_of(&config, config_path.as_deref()) {
                Ok(keymap) => keymap,
                Err(e) => {
                    eprintln!("floor: {e}");
                    return ExitCode::from(2);
                }
            };
            let options = Options {
                color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
                ascii: cli.common.ascii || config.display.ascii,
            };
            // The codebook and the author are read on the loading thread,
            // after the first frame.
            crate::tui::run(&cli.paths, config, keymap, options).map(|()| ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The key map: the defaults with the configuration's `[keys]` applied.
fn keymap_of(config: &Config, path: Option<&Path>) -> Result<KeyMap, ConfigError> {
    if config.keys.is_empty() {
        return Ok(KeyMap::default());
    }
    let path = path.unwrap_or(Path::new("configuration"));
    let source = std::fs::read_to_string(path).unwrap_or_default();
    KeyMap::with_config(&config.keys, path, &source)
}

/// Standard output, buffered; a closed pipe ends the command quietly.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// The documents a command's paths name, with the paths that cannot be
/// read reported on standard error; `Err` with the exit status when a path
/// does not exist.
pub fn discovered(
    found: Result<(Vec<Source>, Vec<PathWarning>), LoadError>,
) -> Result<Vec<Source>, ExitCode> {
    match found {
        Ok((sources, warnings)) => {
            for w in &warnings {
                eprintln!("floor: {w}");
            }
            Ok(sources)
        }
        Err(e) => {
            eprintln!("floor: {e}");
            Err(ExitCode::FAILURE)
        }
    }
}

/// Writes and flushes, for the end of a command.
pub fn finish(mut out: impl Write) -> io::Result<()> {
    out.flush()
}
