//! floor: a terminal reader for diplomatic meeting transcripts.
//!
//! The core — [`model`], [`ingest`], [`config`], [`text`], [`export`] — never
//! imports the terminal user interface; the binary in `main.rs` is a thin
//! shell over [`cli`].

pub mod annotate;
pub mod cli;
pub mod config;
pub mod export;
pub mod geometry;
pub mod ingest;
pub mod model;
pub mod search;
pub mod session;
pub mod text;
pub mod tui;
