//! Export: the corpus written out for other programs, and the figures of
//! `floor stats`. Pure functions over the model with its annotations; the
//! command line and the reader decide where the bytes go.
//!
//! - [`Format`] and [`render`]: every export format to bytes.
//! - [`report`]: Markdown, CSV and REFI-QDA; [`json`]: the JSON structure.
//! - [`stats`]: turns, words and tags per speaker and theme.

pub mod json;
pub mod report;
pub mod stats;

use std::io::{self, Cursor};

use crate::annotate::Codebook;
use report::Annotated;

/// A format to export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A Markdown report by theme, then speaker.
    Md,
    /// One row per tagged segment and theme.
    Csv,
    /// The `floor check --json` structure with tags and notes on each turn.
    Json,
    /// A REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder).
    Qdpx,
    /// The REFI-QDA codebook alone.
    Qdc,
}

impl Format {
    /// Every format, in the order the reader lists them.
    pub const ALL: [Format; 5] = [
        Format::Md,
        Format::Csv,
        Format::Json,
        Format::Qdpx,
        Format::Qdc,
    ];

    /// The file extension, which is also its name on the command line.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Qdpx => "qdpx",
            Format::Qdc => "qdc",
        }
    }

    /// What the format holds, in a few words.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Md => "Markdown report by theme, then speaker",
            Format::Csv => "one row per tagged segment",
            Format::Json => "documents with tags and notes on each turn",
            Format::Qdpx => "REFI-QDA project (NVivo, ATLAS.ti, MAXQDA)",
            Format::Qdc => "REFI-QDA codebook",
        }
    }
}

/// The bytes of an export.
pub fn render(format: Format, docs: &[Annotated], book: &Codebook) -> io::Result<Vec<u8>> {
    Ok(match format {
        Format::Md => report::markdown(docs, book).into_bytes(),
        Format::Csv => report::csv(docs).into_bytes(),
        Format::Qdc => report::qdc(book).into_bytes(),
        Format::Json => {
            let value = serde_json::json!({
                "documents": docs.iter().map(|a| json::document_annotated(&a.doc, &a.ann)).collect::<Vec<_>>(),
            });
            let mut out = serde_json::to_vec(&value)?;
            out.push(b'\n');
            out
        }
        Format::Qdpx => {
            let mut cursor = Cursor::new(Vec::new());
            report::qdpx(docs, book, &mut cursor)?;
            cursor.into_inner()
        }
    })
}
