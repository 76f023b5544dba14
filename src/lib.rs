//! floor: a terminal reader for diplomatic meeting transcripts.
//!
//! The core (`model`, `ingest`, `config`, `text`) never imports the terminal
//! user interface; the binary in `main.rs` is a thin shell over it.

pub mod model;
