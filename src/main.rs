//! The `floor` binary: parses the command line and hands over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    floor::cli::run(floor::cli::Cli::parse())
}
