//! Prints the canonical text floor extracts from a PDF, DOCX, HTML or caption
//! file, with its warnings and caption times on standard error: the quickest
//! way to see what a new file gives before writing a test for it.
//!
//!     cargo run --example extract -- FILE

use floor::ingest::formats::{Format, extract};

fn main() {
    let Some(path) = std::env::args_os().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: extract FILE");
        std::process::exit(2);
    };
    let Some(format) = Format::of(&path) else {
        eprintln!("{}: not a format floor extracts", path.display());
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        }
    };
    match extract(format, &bytes) {
        Ok(extracted) => {
            print!("{}", extracted.text);
            for (line, message) in &extracted.warnings {
                eprintln!("{}:{line}: {message}", path.display());
            }
            for t in &extracted.timecodes {
                eprintln!("time {} ms at byte {}", t.millis, t.offset);
            }
        }
        Err(message) => {
            eprintln!("{}: {message}", path.display());
            std::process::exit(1);
        }
    }
}
