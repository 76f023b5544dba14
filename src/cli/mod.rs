//! The command line: arguments, and the subcommands that answer without the
//! reader. Everything here is a thin layer over the core.

pub mod agree;
pub mod check;
pub mod export;
pub mod search;
pub mod stats;
pub mod tag;
pub mod team;

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
    /// Git's merge driver for annotation files: merges BASE OURS THEIRS by
    /// id into OURS (exit 0 when clean; a tag changed on both sides keeps
    /// both versions, listed by `check`, and exits 1 so git asks for a
    /// look). `--resolve FILE` repairs a file that holds git's conflict
    /// markers.
    MergeFile(team::MergeFileArgs),
    /// Sets a git repository up for a team: `.gitattributes` sends the
    /// annotation files to `floor merge-file`, and the repository's git
    /// configuration names it. Run once in each clone.
    GitSetup(team::GitSetupArgs),
    /// Agreement between two coders: per theme and overall, percentage
    /// agreement and Cohen's kappa by turn (did each apply the theme in
    /// the turn) and by character.
    Agree(agree::AgreeArgs),
}

/// Runs the command line; the exit code is 0 on success, 1 on failure and 2
/// on a usage error.
pub fn run(cli: Cli) -> ExitCode {
    write_limits_are_errors();
    let (config, config_path) = match Config::load(cli.common.config.as_deref()) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("floor: {}", sanitize(&e.to_string()));
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Some(Command::Check(args)) => {
            // The whole configuration, as the reader would read it.
            if let Err(e) = keymap_of(&config, config_path.as_deref()) {
                eprintln!("floor: {}", sanitize(&e.to_string()));
                return ExitCode::from(2);
            }
            check::run(&Ingest::new(&config), &args)
        }
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
        Some(Command::Agree(args)) => {
            let book = crate::annotate::Codebook::with_config(&config.theme);
            agree::run(&Ingest::new(&config), &book, &args)
        }
        Some(Command::MergeFile(args)) => team::merge_file(&args),
        Some(Command::GitSetup(args)) => team::git_setup(&args),
        None => {
            let keymap = match keymap_of(&config, config_path.as_deref()) {
                Ok(keymap) => keymap,
                Err(e) => {
                    eprintln!("floor: {}", sanitize(&e.to_string()));
                    return ExitCode::from(2);
                }
            };
            let options = Options {
                color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
                ascii: cli.common.ascii || config.display.ascii,
                mouse: config.display.mouse,
                tree_width: config.display.tree_width,
            };
            // The codebook and the author are read on the loading thread,
            // after the first frame.
            crate::tui::run(&cli.paths, config, keymap, options).map(|ended| match ended {
                crate::tui::Ended::Kept => ExitCode::SUCCESS,
                crate::tui::Ended::Lost | crate::tui::Ended::Empty => ExitCode::FAILURE,
            })
        }
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor: {}", sanitize(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}

/// A write past the file size limit (`ulimit -f`) fails with an error that
/// is reported ("not saved"), instead of SIGXFSZ ending the process with
/// nothing said: any handler replaces the default action.
fn write_limits_are_errors() {
    #[cfg(unix)]
    {
        let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, flag);
    }
}

/// The key map: the defaults with the configuration's `[keys]` applied.
/// Two actions bound to one key is an error naming both and the line of
/// the second (the first would be left without its key); so are the theme
/// entries' bad colours and keys. The reader and `floor check` both
/// validate through here.
fn keymap_of(config: &Config, path: Option<&Path>) -> Result<KeyMap, ConfigError> {
    if config.keys.is_empty() && config.theme.is_empty() {
        return Ok(KeyMap::default());
    }
    let path = path.unwrap_or(Path::new("configuration"));
    let source = std::fs::read_to_string(path).unwrap_or_default();
    crate::annotate::codebook::check_theme_entries(path, &source)?;
    let map = KeyMap::with_config(&config.keys, path, &source)?;
    // Each action keeps the key it was given unless a later entry took it.
    for (name, value) in &config.keys {
        let (Some(action), Some(key)) = (
            crate::tui::action::Action::from_name(name),
            crate::tui::keymap::Key::parse(value.get_ref()),
        ) else {
            continue;
        };
        if map.keys(action).contains(&key) {
            continue;
        }
        let Some((other, other_value)) = config
            .keys
            .iter()
            .find(|(n, v)| *n != name && crate::tui::keymap::Key::parse(v.get_ref()) == Some(key))
        else {
            continue;
        };
        let (first, second) = if value.span().start < other_value.span().start {
            ((name, value), (other, other_value))
        } else {
            ((other, other_value), (name, value))
        };
        let (first_line, _) = crate::config::line_column(&source, first.1.span().start);
        return Err(ConfigError::at_span(
            path,
            &source,
            second.1.span(),
            format!(
                "key `{}` is bound to two actions, `{}` (line {first_line}) and `{}`; give one of them another key",
                second.1.get_ref(),
                first.0,
                second.0
            ),
        ));
    }
    Ok(map)
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
                eprintln!("floor: {}", sanitize(&w.to_string()));
            }
            Ok(sources)
        }
        Err(e) => {
            eprintln!("floor: {}", sanitize(&e.to_string()));
            Err(ExitCode::FAILURE)
        }
    }
}

/// Text from a file name, a document id or a message about them, for one
/// line of output: what a terminal would act on is removed (as for notes),
/// and line breaks and tabs are shown as `\n` and `\t`.
pub fn sanitize(s: &str) -> String {
    crate::export::report::one_line(s)
}

/// A path for one line of output (see [`sanitize`]).
/// Bytes of the path that are not UTF-8 are shown escaped, as in ids
/// (`caf%E9`).
pub fn sanitize_path(path: &Path) -> String {
    sanitize(&crate::ingest::walk::name_for_id(path.as_os_str()))
}

/// Writes and flushes, for the end of a command.
pub fn finish(mut out: impl Write) -> io::Result<()> {
    out.flush()
}
