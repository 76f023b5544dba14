//! Pure text utilities shared by the reader: no terminal, no I/O.
//!
//! - [`wrap`]: wrapping paragraphs into display rows by terminal column width,
//!   over grapheme clusters, breaking at word boundaries.
//! - [`fold`]: case- and diacritic-insensitive matching for search, with a
//!   map from folded offsets back to the original text.

pub mod fold;
pub mod wrap;
