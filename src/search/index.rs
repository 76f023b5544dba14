//! What the reader keeps of each loaded document so that a search need not
//! rescan it on every key: where its lines start and where its non-ASCII
//! characters are (a few bytes per line and per such character). The text
//! itself is kept once, in the document. A lower-cased copy, searched with
//! a plain `memmem`, made a search over 10,000 generated files (757 MB,
//! `benches/corpus_search.rs`, 2 cores) faster, 169 ms instead of 260 ms
//! for a phrase and 484 instead of 659 ms for a word with 258,722 hits,
//! but it cost the size of the corpus again in memory, which the reader
//! cannot afford at that size (`benches/reader-scale.sh`).

use std::ops::Range;

use super::specials::{self, Skips};
use crate::text::utf8::utf8_len;

/// A document's canonical text, indexed once when it is loaded.
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    /// Offset of the start of each line (the first is 0).
    line_starts: Vec<u32>,
    /// Offset of each non-ASCII character.
    non_ascii: Vec<u32>,
    /// The text's length.
    len: usize,
}

impl TextIndex {
    /// # Panics
    ///
    /// If `text` is 4 GiB or longer.
    pub fn new(text: &str) -> Self {
        assert!(u32::try_from(text.len()).is_ok(), "text too long to index");
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|p| p as u32 + 1));
        let mut non_ascii = Vec::new();
        if !text.is_ascii() {
            specials::visit(bytes, false, &Skips::EVERY, |i| {
                non_ascii.push(i as u32);
                // Canonical text is valid UTF-8.
                Some(i + utf8_len(bytes[i]).unwrap_or(1))
            });
        }
        // Kept as long as the document: without the room the pushes left.
        line_starts.shrink_to_fit();
        non_ascii.shrink_to_fit();
        Self {
            line_starts,
            non_ascii,
            len: text.len(),
        }
    }

    /// Offsets of the non-ASCII characters, in order.
    pub fn non_ascii(&self) -> &[u32] {
        &self.non_ascii
    }

    /// The 1-based line of `offset` and the line's range (without its
    /// newline).
    pub fn line_of(&self, offset: usize) -> (u32, Range<usize>) {
        let line = self.line_starts.partition_point(|&s| s as usize <= offset);
        let start = self.line_starts[line - 1] as usize;
        let end = self
            .line_starts
            .get(line)
            .map_or(self.len, |&next| next as usize - 1);
        (line as u32, start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_characters() {
        let text = "ab\n«c»\n\nd";
        let index = TextIndex::new(text);
        assert_eq!(index.line_of(0), (1, 0..2));
        assert_eq!(index.line_of(2), (1, 0..2));
        assert_eq!(index.line_of(3), (2, 3..8));
        assert_eq!(index.line_of(9), (3, 9..9));
        assert_eq!(index.line_of(10), (4, 10..11));
        assert_eq!(index.non_ascii(), &[3, 6]);
        let long = "x\u{a0}’".repeat(40);
        let expected: Vec<u32> = long
            .char_indices()
            .filter(|(_, c)| !c.is_ascii())
            .map(|(i, _)| i as u32)
            .collect();
        assert_eq!(TextIndex::new(&long).non_ascii(), expected.as_slice());
    }
}
