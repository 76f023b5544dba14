//! Pure text utilities shared by the reader: no terminal, no I/O.
//!
//! - [`wrap`]: wrapping paragraphs into display rows by terminal column width,
//!   over grapheme clusters, breaking at word boundaries.
//! - [`fold`]: case- and diacritic-insensitive matching for search, with a
//!   map from folded offsets back to the original text.
//! - [`utf8`]: UTF-8 at the byte level.

pub mod fold;
pub mod utf8;
pub mod wrap;
