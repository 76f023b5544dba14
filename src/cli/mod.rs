//! The command line: arguments, and the subcommands that answer without the
//! reader. Everything here is a thin layer over the core.

pub mod check;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::Config;
use crate::ingest::Ingest;

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
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse documents and report what was found: documents, agenda items,
    /// turns per speaker, unattributed paragraphs and warnings.
    Check(check::CheckArgs),
}

/// Runs the command line; the exit code is 0 on success, 1 on failure and 2
/// on a usage error.
pub fn run(cli: Cli) -> ExitCode {
    let config = match Config::load(cli.common.config.as_deref()) {
        Ok((config, _)) => config,
        Err(e) => {
            eprintln!("floor: {e}");
            return ExitCode::from(2);
        }
    };
    let ingest = Ingest::new(&config);
    let result = match cli.command {
        Some(Command::Check(args)) => check::run(&ingest, &args),
        None => check::run(
            &ingest,
            &check::CheckArgs {
                paths: cli.paths,
                json: false,
            },
        ),
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

/// Standard output, buffered; a closed pipe ends the command quietly.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Writes and flushes, for the end of a command.
pub fn finish(mut out: impl Write) -> io::Result<()> {
    out.flush()
}
