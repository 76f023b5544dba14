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
use std::sync::OnceLock;

use super::specials::{self, Skips};
use crate::text::utf8::utf8_len;

/// Every how many lines [`TextIndex`] keeps a line's start: the lines in
/// between are counted in the text (a few kilobytes) when asked for.
const LINE_STEP: usize = 32;

/// A document's canonical text, indexed once when it is loaded.
///
/// Kept small, since the reader keeps one per document for the whole
/// session: on the 1,151 press briefings (47 MB, 982,000 lines, 969,000
/// non-ASCII characters) a `u32` per line and per character took 7.8 MB;
/// every 32nd line's start and the gaps between non-ASCII characters as
/// variable-length numbers (one byte for a gap under 128) take about 1.3 MB.
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    /// Offset of the start of lines 1, 1 + [`LINE_STEP`], 1 + 2 ×
    /// [`LINE_STEP`], ...
    line_starts: Vec<u32>,
    /// The offsets of the non-ASCII characters, each as the gap from the
    /// previous one (from 0 for the first), in LEB128: seven bits a byte,
    /// the high bit set on every byte but a number's last.
    non_ascii: Vec<u8>,
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
        line_starts.extend(
            memchr::memchr_iter(b'\n', bytes)
                .skip(LINE_STEP - 1)
                .step_by(LINE_STEP)
                .map(|p| p as u32 + 1),
        );
        let mut non_ascii = Vec::new();
        if !text.is_ascii() {
            let mut last = 0;
            specials::visit(bytes, false, &Skips::EVERY, |i| {
                push_varint(&mut non_ascii, i - last);
                last = i;
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

    /// The bytes the index holds on the heap (for `examples/heap_report.rs`).
    pub fn heap_bytes(&self) -> usize {
        self.line_starts.capacity() * size_of::<u32>() + self.non_ascii.capacity()
    }

    /// Offsets of the non-ASCII characters, in order.
    pub fn non_ascii(&self) -> impl Iterator<Item = usize> + '_ {
        let mut bytes = self.non_ascii.iter();
        let mut at = 0;
        std::iter::from_fn(move || {
            let mut gap = 0;
            let mut shift = 0;
            loop {
                let b = *bytes.next()?;
                gap |= usize::from(b & 0x7f) << shift;
                if b < 0x80 {
                    at += gap;
                    return Some(at);
                }
                shift += 7;
            }
        })
    }

    /// The 1-based line of `offset` and the line's range (without its
    /// newline) in `text`, the text the index was made from.
    pub fn line_of(&self, text: &str, offset: usize) -> (u32, Range<usize>) {
        debug_assert_eq!(text.len(), self.len, "the index of another text");
        let bytes = text.as_bytes();
        let offset = offset.min(bytes.len());
        let k = self.line_starts.partition_point(|&s| s as usize <= offset) - 1;
        let from = self.line_starts[k] as usize;
        let before = &bytes[from..offset];
        let line = k * LINE_STEP + 1 + memchr::memchr_iter(b'\n', before).count();
        let start = memchr::memrchr(b'\n', before).map_or(from, |p| from + p + 1);
        let end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |p| offset + p);
        (line as u32, start..end)
    }
}

/// A document's [`TextIndex`], made the first time a search asks for it (on
/// whichever thread: a corpus search runs on several) and kept from then on.
///
/// Loading does not make it: on 10,000 generated files (757 MB, 2 cores)
/// indexing every document took about 0.1 s of the loading threads' 1.5 s,
/// for searches the user may never run; the first search over them all
/// pays it instead, spread over its slices. Boxed: 16 bytes a document
/// until then, instead of 64.
#[derive(Debug, Default)]
pub struct LazyTextIndex(OnceLock<Box<TextIndex>>);

impl LazyTextIndex {
    /// The index of `text`, made now if it was not made before. `text` is
    /// the text of the document this index belongs to.
    pub fn of(&self, text: &str) -> &TextIndex {
        self.0.get_or_init(|| Box::new(TextIndex::new(text)))
    }

    /// The index, when a search has made it.
    pub fn made(&self) -> Option<&TextIndex> {
        self.0.get().map(|index| &**index)
    }
}

impl From<TextIndex> for LazyTextIndex {
    fn from(index: TextIndex) -> Self {
        Self(OnceLock::from(Box::new(index)))
    }
}

/// Appends `n` in LEB128.
fn push_varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_characters() {
        let text = "ab\n«c»\n\nd";
        let index = TextIndex::new(text);
        assert_eq!(index.line_of(text, 0), (1, 0..2));
        assert_eq!(index.line_of(text, 2), (1, 0..2));
        assert_eq!(index.line_of(text, 3), (2, 3..8));
        assert_eq!(index.line_of(text, 9), (3, 9..9));
        assert_eq!(index.line_of(text, 10), (4, 10..11));
        assert_eq!(index.non_ascii().collect::<Vec<_>>(), [3, 6]);
        let lazy = LazyTextIndex::default();
        assert!(lazy.made().is_none());
        assert_eq!(lazy.of(text).line_of(text, 3), (2, 3..8));
        assert_eq!(lazy.made().map(|i| i.len), Some(text.len()));
        let long = "x\u{a0}’".repeat(40);
        let expected: Vec<usize> = long
            .char_indices()
            .filter(|(_, c)| !c.is_ascii())
            .map(|(i, _)| i)
            .collect();
        assert_eq!(
            TextIndex::new(&long).non_ascii().collect::<Vec<_>>(),
            expected
        );
    }

    #[test]
    fn every_line_and_gap_of_any_size() {
        // Lines across several steps, gaps from 1 byte to past 2^14.
        let mut text = String::new();
        for n in 0..200usize {
            text.push_str(&"x".repeat(n * n % 300));
            if n % 7 == 0 {
                text.push_str(&"y".repeat(20_000));
            }
            text.push('é');
            text.push('\n');
        }
        let index = TextIndex::new(&text);
        let expected: Vec<usize> = text
            .char_indices()
            .filter(|(_, c)| !c.is_ascii())
            .map(|(i, _)| i)
            .collect();
        assert_eq!(index.non_ascii().collect::<Vec<_>>(), expected);
        let mut line = 1;
        let mut start = 0;
        for (offset, c) in text.char_indices().chain([(text.len(), '\n')]) {
            let end = text[start..].find('\n').map_or(text.len(), |p| start + p);
            assert_eq!(
                index.line_of(&text, offset),
                (line, start..end),
                "offset {offset}"
            );
            if c == '\n' {
                line += 1;
                start = offset + 1;
            }
        }
    }
}
