//! Pure text utilities shared by the reader: no terminal, no I/O.
//!
//! - [`wrap`]: wrapping paragraphs into display rows by terminal column width,
//!   over grapheme clusters, breaking at word boundaries.
//! - [`fold`]: case- and diacritic-insensitive matching for search, with a
//!   map from folded offsets back to the original text.
//! - [`fuzzy`]: the pickers' fuzzy matcher, ranking by score.
//! - [`utf8`]: UTF-8 at the byte level.
//! - [`counted`]: a number with its noun, singular or plural.

pub mod fold;
pub mod fuzzy;
pub mod utf8;
pub mod wrap;

/// `n` and a noun in the number that fits: "1 hit", "0 hits", "12 hits".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn counted_nouns() {
        assert_eq!(counted(0, "hit", "hits"), "0 hits");
        assert_eq!(counted(1, "document", "documents"), "1 document");
        assert_eq!(counted(2, "agenda item", "agenda items"), "2 agenda items");
    }
}
