//! Finding one folded term in a text, fast.
//!
//! [`TermFinder::find`] gives exactly what
//! `fold::find_all(&fold::fold(text), needle)` gives, without folding the
//! whole text: for an ASCII needle, the text is searched ASCII-case-
//! insensitively as it is (a SIMD search for case variants of its rarest
//! three bytes, verified; an indexed text's non-ASCII characters are
//! known and not looked for again), and only the lines holding a non-ASCII character that
//! could take part in a match — one whose folded form is empty (a combining
//! mark) or occurs in the needle (`é` for a needle with an `e`, a no-break
//! space for a phrase) — are folded and searched the slow way
//! ([`super::specials`] finds those characters). A match never crosses a
//! line, since neither needles nor folded characters hold a newline.
//!
//! One file over ~600 lines, one thing: the fast path and the slow path
//! must give exactly the same matches, so they live side by side (about
//! 620 lines of code, then their tests).

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::TextIndex;
use super::specials::{self, CharRole, CharRoles, RoleTable};
use crate::text::fold;
use crate::text::utf8::utf8_len;

/// A compiled search for one folded needle.
#[derive(Debug, Clone)]
pub struct TermFinder {
    needle: String,
    /// For an ASCII needle: the case-insensitive searcher.
    ascii: Option<AhoCorasick>,
    /// For an ASCII needle of three bytes or more: a SIMD (Teddy) search
    /// for every case variant of its rarest three bytes, verified.
    teddy: Option<Teddy>,
    /// What the common non-ASCII characters mean for the needle.
    roles: RoleTable,
}

/// Candidates from a window of the needle in all its case variants, then
/// a case-insensitive comparison of the whole needle.
#[derive(Debug, Clone)]
struct Teddy {
    searcher: aho_corasick::packed::Searcher,
    /// Where the window starts in the needle.
    offset: usize,
}

/// How often a byte occurs in English text, roughly (per mille).
fn frequency(b: u8) -> f64 {
    match b.to_ascii_lowercase() {
        b' ' => 180.0,
        b'e' => 110.0,
        b't' => 80.0,
        b'a' | b'o' => 70.0,
        b'i' | b'n' | b's' => 62.0,
        b'h' | b'r' => 55.0,
        b'd' | b'l' => 38.0,
        b'c' | b'u' => 26.0,
        b'm' | b'w' | b'f' | b'g' | b'y' | b'p' => 19.0,
        b'b' => 14.0,
        b'v' | b',' | b'.' => 9.0,
        b'k' => 7.0,
        b'0'..=b'9' => 5.0,
        b'j' | b'x' | b'q' | b'z' => 1.0,
        _ => 3.0,
    }
}

impl Teddy {
    const WINDOW: usize = 3;

    fn new(needle: &[u8]) -> Option<Self> {
        if needle.len() < Self::WINDOW {
            return None;
        }
        // Bytes are not independent: the end of one word followed by the
        // start of the next ("y b" in "capacity building") is much rarer
        // than its letters suggest, while a piece of a word ("bui") recurs
        // in every form of the word. So a space inside the window counts
        // as a rare byte, and it has no case variants to search for either.
        let score = |w: &[u8]| {
            w.iter()
                .enumerate()
                .map(|(k, &b)| {
                    let inside = k > 0 && k + 1 < w.len();
                    if inside && b == b' ' {
                        0.0
                    } else {
                        frequency(b).ln()
                    }
                })
                .sum::<f64>()
        };
        let offset = (0..=needle.len() - Self::WINDOW)
            .min_by(|&a, &b| {
                score(&needle[a..a + Self::WINDOW]).total_cmp(&score(&needle[b..b + Self::WINDOW]))
            })
            .expect("the needle is long enough");
        let window = &needle[offset..offset + Self::WINDOW];
        let mut variants: Vec<Vec<u8>> = vec![Vec::new()];
        for &b in window {
            let cases: &[u8] = if b.is_ascii_alphabetic() {
                &[b.to_ascii_lowercase(), b.to_ascii_uppercase()]
            } else {
                std::slice::from_ref(&b)
            };
            variants = variants
                .into_iter()
                .flat_map(|v| {
                    cases.iter().map(move |&c| {
                        let mut v = v.clone();
                        v.push(c);
                        v
                    })
                })
                .collect();
        }
        let mut builder = aho_corasick::packed::Config::new().builder();
        for v in &variants {
            builder.add(v);
        }
        let searcher = builder.build()?;
        // Teddy only: the fallback Rabin-Karp would be slower than the DFA.
        if searcher.minimum_len() < Self::WINDOW {
            return None;
        }
        Some(Self { searcher, offset })
    }

    /// The leftmost occurrence of `needle` (case-insensitively) starting
    /// at or after `from`.
    fn find(&self, hay: &[u8], needle: &[u8], from: usize) -> Option<Range<usize>> {
        let mut at = from + self.offset;
        while at < hay.len() {
            let m = self
                .searcher
                .find_in(hay, aho_corasick::Span::from(at..hay.len()))?;
            let start = m.start() - self.offset;
            if let Some(candidate) = hay.get(start..start + needle.len())
                && candidate.eq_ignore_ascii_case(needle)
            {
                return Some(start..start + needle.len());
            }
            at = m.start() + 1;
        }
        None
    }

    fn find_iter<'a>(
        &'a self,
        hay: &'a [u8],
        needle: &'a [u8],
    ) -> impl Iterator<Item = Range<usize>> + 'a {
        let mut from = 0;
        std::iter::from_fn(move || {
            let r = self.find(hay, needle, from)?;
            from = r.end;
            Some(r)
        })
    }
}

impl TermFinder {
    /// A finder for `needle`, which must already be folded
    /// ([`fold::fold_str`]).
    pub fn new(needle: &str) -> Self {
        let ascii = (needle.is_ascii() && !needle.is_empty()).then(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostFirst)
                .kind(Some(AhoCorasickKind::DFA))
                .build([needle])
                .expect("one short pattern always builds")
        });
        let teddy = ascii.as_ref().and_then(|_| Teddy::new(needle.as_bytes()));
        Self {
            needle: needle.to_owned(),
            ascii,
            teddy,
            roles: RoleTable::new(needle.as_bytes()),
        }
    }

    /// Byte ranges in `text` of every non-overlapping occurrence, left to
    /// right, as [`fold::find_all`] over the folded text gives them.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        self.find_into(text, &mut found);
        found
    }

    /// Whether the needle occurs at all (stops at the first occurrence
    /// where it can).
    pub fn is_in(&self, text: &str) -> bool {
        match &self.ascii {
            Some(ac) if text.is_ascii() => ac.is_match(text),
            _ => !self.find(text).is_empty(),
        }
    }

    /// Appends the occurrences in `text` to `out`.
    pub fn find_into(&self, text: &str, out: &mut Vec<Range<usize>>) {
        self.find_into_known(text, None, out);
    }

    /// [`TermFinder::find_into`] for a text whose non-ASCII characters are
    /// known ([`super::TextIndex`]): they are not searched for again.
    pub fn find_into_indexed(&self, text: &str, index: &TextIndex, out: &mut Vec<Range<usize>>) {
        self.find_into_known(text, Some(index), out);
    }

    /// The occurrences, looking for the non-ASCII characters of a text
    /// without an `index`.
    fn find_into_known(&self, text: &str, index: Option<&TextIndex>, out: &mut Vec<Range<usize>>) {
        if self.needle.is_empty() {
            return;
        }
        if self.ascii.is_none() {
            out.extend(fold::find_all(&fold::fold(text), &self.needle));
            return;
        }
        // The matches first: the search brings the text into the cache for
        // the look at its non-ASCII characters.
        let raw: Vec<Range<usize>> = self.raw_matches(text.as_bytes()).collect();
        let dirty = match index {
            Some(index) => self.dirty_lines_at(text.as_bytes(), index.non_ascii()),
            None if text.is_ascii() => Vec::new(),
            None => self.dirty_lines(text),
        };
        let mut dirty_iter = dirty.iter().peekable();
        for m in raw {
            // Skip matches on dirty lines, which are searched folded below.
            while dirty_iter.peek().is_some_and(|d| d.end < m.start) {
                let d = dirty_iter.next().expect("peeked");
                self.find_folded(text, d.clone(), out);
            }
            if dirty_iter.peek().is_some_and(|d| d.start <= m.start) {
                continue;
            }
            out.push(m);
        }
        for d in dirty_iter {
            self.find_folded(text, d.clone(), out);
        }
    }

    /// ASCII-case-insensitive occurrences in raw bytes (ASCII needles only).
    fn raw_matches<'a>(&'a self, bytes: &'a [u8]) -> Box<dyn Iterator<Item = Range<usize>> + 'a> {
        match (&self.teddy, &self.ascii) {
            (Some(t), _) => Box::new(t.find_iter(bytes, self.needle.as_bytes())),
            (None, Some(ac)) => Box::new(
                ac.find_iter(aho_corasick::Input::new(bytes))
                    .map(|m| m.range()),
            ),
            (None, None) => Box::new(std::iter::empty()),
        }
    }

    fn find_folded(&self, text: &str, line: Range<usize>, out: &mut Vec<Range<usize>>) {
        let start = line.start;
        let folded = fold::fold(&text[line]);
        out.extend(
            fold::find_all(&folded, &self.needle)
                .into_iter()
                .map(|r| r.start + start..r.end + start),
        );
    }

    /// The lines (without their newline) holding a non-ASCII character
    /// through which a folded occurrence of the needle could run, in order.
    fn dirty_lines(&self, text: &str) -> Vec<Range<usize>> {
        let mut lines = Vec::new();
        let scan = self.scan(text.as_bytes(), false, &mut lines);
        debug_assert!(scan.is_some(), "a text is UTF-8");
        lines
    }

    /// Walks the non-ASCII characters (and, for `raw` bytes, the control
    /// characters) of `bytes`, pushing to `lines` each line where a folded
    /// occurrence could run through one. `None` when `raw` bytes are not
    /// UTF-8 or hold something sanitising would change (a control character
    /// other than tab, newline or CR before LF; a C1 control; a bidi
    /// control).
    fn scan(&self, bytes: &[u8], raw: bool, lines: &mut Vec<Range<usize>>) -> Option<()> {
        let mut roles = CharRoles::new(&self.roles);
        let mut scratch = String::new();
        let visit = |i: usize| {
            // In a text, control characters (a line of a raw file may end
            // in CR) are plain text.
            if !raw && bytes[i].is_ascii() {
                return Some(i + 1);
            }
            self.visit_char(bytes, i, raw, &mut roles, &mut scratch, lines)
        };
        specials::visit(bytes, raw, self.roles.skips(), visit)
    }

    /// [`TermFinder::scan`] of raw bytes, also pushing each line that may
    /// hold inline markup.
    fn scan_raw(&self, bytes: &[u8], lines: &mut Vec<Range<usize>>) -> Option<()> {
        self.scan(bytes, true, lines)?;
        markup_lines(bytes, lines);
        Some(())
    }

    /// [`TermFinder::dirty_lines`] of a canonical text (or the same in
    /// ASCII lower case) whose non-ASCII characters start at `starts`.
    fn dirty_lines_at(
        &self,
        bytes: &[u8],
        starts: impl Iterator<Item = usize>,
    ) -> Vec<Range<usize>> {
        let mut lines = Vec::new();
        let mut roles = CharRoles::new(&self.roles);
        let mut scratch = String::new();
        for i in starts {
            let visited = self.visit_char(bytes, i, false, &mut roles, &mut scratch, &mut lines);
            debug_assert!(visited.is_some(), "canonical text is valid and clean");
        }
        lines
    }

    /// Looks at the special character at `i`: pushes its line to `lines`
    /// when a folded occurrence could run through it. Returns where the
    /// character ends; `None` when `raw` bytes need the full decoding.
    fn visit_char(
        &self,
        bytes: &[u8],
        i: usize,
        raw: bool,
        roles: &mut CharRoles,
        scratch: &mut String,
        lines: &mut Vec<Range<usize>>,
    ) -> Option<usize> {
        let b = bytes[i];
        if b < 0x80 {
            // A control character (raw only): CR before LF is all
            // sanitising lets through.
            return (b == b'\r' && bytes.get(i + 1) == Some(&b'\n')).then_some(i + 1);
        }
        let role = roles.at(bytes, i)?;
        if raw && role.removed {
            return None;
        }
        if runs_through(bytes, i, role, self.needle.as_bytes(), &self.roles, scratch) {
            let start = memchr::memrchr(b'\n', &bytes[..i]).map_or(0, |p| p + 1);
            if lines.last().is_none_or(|l: &Range<usize>| l.start != start) {
                let end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |p| i + p);
                lines.push(start..end);
            }
        }
        Some(i + role.len)
    }

    /// The number of lines with an occurrence in the canonical text the
    /// raw bytes of a file would give (decoded, sanitised, inline markup
    /// removed), counted from the bytes; `None` when the file needs the
    /// full decoding (not UTF-8, UTF-16, control characters) or the needle
    /// is not ASCII.
    pub fn count_raw(&self, bytes: &[u8]) -> Option<usize> {
        // Only an ASCII needle can be counted from raw bytes.
        self.ascii.as_ref()?;
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return None;
        }
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        let mut dirty = Vec::new();
        self.scan_raw(bytes, &mut dirty)?;
        dirty.sort_by_key(|r| r.start);
        dirty.dedup_by(|b, a| b.start == a.start);
        let mut stripped = String::new();
        let mut count = 0;
        let mut next_line = 0;
        let mut d = 0;
        for m in self.raw_matches(bytes) {
            if m.start < next_line {
                continue;
            }
            // Dirty lines before this match are counted the slow way.
            while d < dirty.len() && dirty[d].end < m.start {
                count += usize::from(self.line_matches(&bytes[dirty[d].clone()], &mut stripped));
                d += 1;
            }
            let line_end =
                memchr::memchr(b'\n', &bytes[m.start..]).map_or(bytes.len(), |p| m.start + p);
            next_line = line_end + 1;
            if d < dirty.len() && dirty[d].start <= m.start {
                continue;
            }
            count += 1;
        }
        for line in &dirty[d..] {
            count += usize::from(self.line_matches(&bytes[line.clone()], &mut stripped));
        }
        Some(count)
    }

    /// Whether one raw line (valid UTF-8) holds an occurrence once its
    /// markup is removed and it is folded.
    fn line_matches(&self, line: &[u8], stripped: &mut String) -> bool {
        // Markup removal only deletes characters and folding goes one
        // character at a time, so an occurrence needs the needle's bytes in
        // order in the line folded as it is.
        if !in_order_folded(self.needle.as_bytes(), line, &self.roles) {
            return false;
        }
        let Ok(line) = std::str::from_utf8(line) else {
            return false;
        };
        stripped.clear();
        crate::ingest::markup::strip_line(line, stripped);
        // A raw match is a match; only a line with non-ASCII characters may
        // hold a folded one besides.
        self.raw_matches(stripped.as_bytes()).next().is_some()
            || (!stripped.is_ascii() && !self.find(stripped).is_empty())
    }
}

/// Whether the folded form of `line` holds the bytes of `needle` in order,
/// with anything between them; also when part of `line` is not UTF-8.
fn in_order_folded(needle: &[u8], line: &[u8], table: &RoleTable) -> bool {
    let mut scratch = String::new();
    let mut matched = 0;
    let mut i = 0;
    while i < line.len() && matched < needle.len() {
        let b = line[i];
        if b.is_ascii() {
            matched += usize::from(b.to_ascii_lowercase() == needle[matched]);
            i += 1;
            continue;
        }
        let Some((folded, len)) = folded_at(line, i, table, &mut scratch) else {
            return true;
        };
        for &f in folded.as_bytes() {
            matched += usize::from(matched < needle.len() && f == needle[matched]);
        }
        i += len;
    }
    matched == needle.len()
}

/// Lines holding a byte that may start inline markup (what
/// [`crate::ingest::markup`] rewrites): `*`, `<`, `\\`, `_`, `](`.
fn markup_lines(bytes: &[u8], lines: &mut Vec<Range<usize>>) {
    let push = |p: usize, lines: &mut Vec<Range<usize>>| {
        let start = memchr::memrchr(b'\n', &bytes[..p]).map_or(0, |q| q + 1);
        let end = memchr::memchr(b'\n', &bytes[p..]).map_or(bytes.len(), |q| p + q);
        lines.push(start..end);
        end
    };
    let mut at = 0;
    while let Some(p) = memchr::memchr3(b'*', b'<', b'\\', &bytes[at..]) {
        at = push(at + p, lines);
    }
    let mut at = 0;
    while let Some(p) = memchr::memchr2(b'_', b']', &bytes[at..]) {
        let p = at + p;
        if bytes[p] == b']' && bytes.get(p + 1) != Some(&b'(') {
            at = p + 1;
            continue;
        }
        at = push(p, lines);
    }
}

/// The char starting at `i` and its length; `None` if the bytes there are
/// not UTF-8.
fn decode_at(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let len = utf8_len(bytes[i])?;
    let s = std::str::from_utf8(bytes.get(i..i + len)?).ok()?;
    s.chars().next().map(|c| (c, len))
}

/// Where the char ending at `i` starts; `None` if the bytes before `i` do
/// not end a UTF-8 sequence.
fn char_start_before(bytes: &[u8], i: usize) -> Option<usize> {
    let mut s = i - 1;
    while s > 0 && i - s < 4 && bytes[s] & 0xC0 == 0x80 {
        s -= 1;
    }
    let len = utf8_len(bytes[s])?;
    (s + len == i).then_some(s)
}

/// Whether a folded occurrence of `needle` could contain the char at `i`
/// (whose `role` says where its folded form may sit in the needle): the
/// folded text before it ends with what the needle has before that spot,
/// and the text after it starts with the rest. A char that folds to nothing
/// may sit anywhere inside an occurrence, or right after one (it is then
/// part of the range).
fn runs_through(
    bytes: &[u8],
    i: usize,
    role: &CharRole,
    needle: &[u8],
    table: &RoleTable,
    scratch: &mut String,
) -> bool {
    role.starts.iter().any(|&k| {
        ends_before(bytes, i, &needle[..k], table, scratch)
            && starts_after(
                bytes,
                i + role.len,
                &needle[k + role.folded.len()..],
                table,
                scratch,
            )
    })
}

fn ends_before(
    bytes: &[u8],
    mut i: usize,
    mut need: &[u8],
    table: &RoleTable,
    scratch: &mut String,
) -> bool {
    while let Some((&last, rest)) = need.split_last() {
        if i == 0 {
            return false;
        }
        let b = bytes[i - 1];
        if b < 0x80 {
            if b.to_ascii_lowercase() != last {
                return false;
            }
            need = rest;
            i -= 1;
            continue;
        }
        let Some(start) = char_start_before(bytes, i) else {
            return true;
        };
        let Some((folded, _)) = folded_at(bytes, start, table, scratch) else {
            return true;
        };
        if !need.ends_with(folded.as_bytes()) {
            return false;
        }
        need = &need[..need.len() - folded.len()];
        i = start;
    }
    true
}

fn starts_after(
    bytes: &[u8],
    mut i: usize,
    mut need: &[u8],
    table: &RoleTable,
    scratch: &mut String,
) -> bool {
    while let Some((&first, rest)) = need.split_first() {
        let Some(&b) = bytes.get(i) else {
            return false;
        };
        if b < 0x80 {
            if b.to_ascii_lowercase() != first {
                return false;
            }
            need = rest;
            i += 1;
            continue;
        }
        let Some((folded, len)) = folded_at(bytes, i, table, scratch) else {
            return true;
        };
        if !need.starts_with(folded.as_bytes()) {
            return false;
        }
        need = &need[folded.len()..];
        i += len;
    }
    true
}

/// The folded form of the non-ASCII char at `i` and its length: from the
/// role table when it covers the char, else folded into `scratch`. `None`
/// if the bytes there are not UTF-8.
fn folded_at<'a>(
    bytes: &[u8],
    i: usize,
    table: &'a RoleTable,
    scratch: &'a mut String,
) -> Option<(&'a str, usize)> {
    if let Some(role) = table.get(bytes, i) {
        return Some((&role.folded, role.len));
    }
    let (c, len) = decode_at(bytes, i)?;
    scratch.clear();
    fold::push_folded(c, scratch);
    Some((scratch.as_str(), len))
}

/// How many lines hold at least one of the (sorted) ranges.
pub fn count_lines(text: &str, ranges: &[Range<usize>]) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut line_end = 0;
    for r in ranges {
        if r.start >= line_end || count == 0 {
            count += 1;
            line_end =
                memchr::memchr(b'\n', &bytes[r.start..]).map_or(bytes.len() + 1, |p| r.start + p);
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(text: &str, needle: &str) -> Vec<Range<usize>> {
        fold::find_all(&fold::fold(text), needle)
    }

    #[test]
    fn ascii_and_folded_lines() {
        let text =
            "Capacity Building\ncapacity\u{a0}building and CAPACITY BUILDING\nno\nTürkiye turkiye";
        let f = TermFinder::new("capacity building");
        assert_eq!(f.find(text), reference(text, "capacity building"));
        assert_eq!(f.find(text).len(), 3);
        let f = TermFinder::new("turkiye");
        assert_eq!(f.find(text).len(), 2);
        assert_eq!(count_lines(text, &f.find(text)), 1);
        let f = TermFinder::new("cafe");
        assert_eq!(f.find("un cafe\u{301}!"), vec![Range { start: 3, end: 9 }]);
        let f = TermFinder::new("联合国");
        assert_eq!(f.find("在联合国"), vec![Range { start: 3, end: 12 }]);
    }

    /// A skipped or visited character at every offset in and around the
    /// 64-byte blocks of the walk, at the start, middle and end of a file.
    #[test]
    fn raw_count_at_every_offset() {
        let bases = ["capacity building. ", "capacity\u{a0}building.\u{a0} "];
        for (needle, base) in ["capacity building", "zzzz", "y b", "building"]
            .into_iter()
            .flat_map(|n| bases.map(|b| (n, b)))
        {
            let f = TermFinder::new(needle);
            for special in ["\u{a0}", "’", "é", "«"] {
                let whole = base.repeat(12);
                for at in (0..200).filter(|&at| whole.is_char_boundary(at)) {
                    let mut text = whole.clone();
                    text.insert_str(at, special);
                    let canonical = text.clone();
                    let counted = f.count_raw(text.as_bytes());
                    assert_eq!(
                        counted,
                        Some(count_lines(&canonical, &reference(&canonical, needle))),
                        "{needle:?}, {special:?} at {at}"
                    );
                }
            }
        }
    }

    /// A no-break space between the needle's words is counted as a space
    /// whatever comes before it (a letter, another no-break space, a curly
    /// quote, `à`, whose last byte is also a no-break space's last byte),
    /// wherever the blocks of the walk fall.
    #[test]
    fn no_break_space_after_other_characters() {
        let cases = [
            ("voilà\u{a0}bien", "a b"),
            ("y\u{a0}b", "y b"),
            ("y\u{a0}\u{a0}b", "y b"),
            ("y’\u{a0}b", "y b"),
            ("capacity\u{a0}building", "capacity building"),
            ("capacity\u{a0}\u{a0}building", "capacity building"),
            ("“capacity”\u{a0}building", "capacity building"),
            ("ý\u{a0}b", "y b"),
        ];
        for (case, needle) in cases {
            let f = TermFinder::new(needle);
            for pad in 0..140 {
                let text = format!("{}{case} and {case}\n", "x".repeat(pad));
                assert_eq!(
                    f.count_raw(text.as_bytes()),
                    Some(count_lines(&text, &reference(&text, needle))),
                    "{case:?}, {needle:?} after {pad} bytes"
                );
            }
        }
    }

    /// `find` takes any text: a control character (a raw line's CR, or
    /// worse) does not end the look at the non-ASCII characters after it.
    #[test]
    fn find_sees_past_control_characters() {
        let text = "x\x01 caf\u{e9}\r\n\x7f Caf\u{e9}\u{a0}! \x1b[1mcafe\u{301}\r";
        let f = TermFinder::new("cafe");
        let expected = reference(text, "cafe");
        assert_eq!(expected.len(), 3);
        assert_eq!(f.find(text), expected);
    }

    #[test]
    fn counts_lines() {
        let text = "a a\nb\na\n";
        let f = TermFinder::new("a");
        assert_eq!(count_lines(text, &f.find(text)), 2);
        assert_eq!(count_lines(text, &[]), 0);
    }

    fn piece() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("a"),
            Just("A"),
            Just("e"),
            Just("é"),
            Just("E\u{301}"),
            Just("\u{301}"),
            Just(" "),
            Just("\u{a0}"),
            Just("\n"),
            Just("ß"),
            Just("ss"),
            Just("S"),
            Just("’"),
            Just("'"),
            Just("ﬁ"),
            Just("fi"),
            Just("联"),
            Just("x"),
            Just("🙂"),
        ]
    }

    /// Pieces of raw files: most can be counted from the raw bytes, the last
    /// ones send the file to the full decoding.
    fn raw_piece(clean: bool) -> impl Strategy<Value = &'static [u8]> {
        let pieces = prop_oneof![
            Just(&b"capacity"[..]),
            Just(&b"Capacity"[..]),
            Just(&b"BUILDING"[..]),
            Just(&b"buil"[..]),
            Just(&b"ding"[..]),
            Just(&b" "[..]),
            Just("\u{a0}".as_bytes()),
            Just(&b"\n"[..]),
            Just(&b"\r\n"[..]),
            Just(&b"\t"[..]),
            Just(&b"**"[..]),
            Just(&b"\\_"[..]),
            Just(&b"_"[..]),
            Just(&b"<b>"[..]),
            Just(&b"](x)"[..]),
            Just("é".as_bytes()),
            Just("e\u{301}".as_bytes()),
            Just("’".as_bytes()),
            Just("ß".as_bytes()),
            Just("«".as_bytes()),
            Just("–".as_bytes()),
            Just("\u{ad}".as_bytes()),
        ];
        let raw_only = prop_oneof![
            Just(&b"\x7f"[..]),
            Just(&b"\x07"[..]),
            Just(&b"\x1b[1m"[..]),
            Just(&b"\r"[..]),
            Just("\u{202e}".as_bytes()),
            Just("\u{85}".as_bytes()),
            Just(&b"\xff"[..]),
            Just(&b"\x80"[..]),
            Just(&b"\xe2\x80"[..]),
        ];
        if clean {
            pieces.boxed()
        } else {
            prop_oneof![4 => pieces, 1 => raw_only].boxed()
        }
    }

    fn raw_file() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            prop::collection::vec(raw_piece(true), 0..60),
            prop::collection::vec(raw_piece(false), 0..20),
        ]
        .prop_map(|v| v.concat())
    }

    proptest! {
        /// The count from raw bytes, when it answers, is the count in the
        /// canonical text ingest makes of them.
        #[test]
        fn raw_count_same_as_canonical(
            bytes in raw_file(),
            needle in prop::sample::select(vec!["capacity building", "building", "e", "ss", "y b", "ding"]),
        ) {
            let f = TermFinder::new(needle);
            let canonical = match crate::ingest::decode::decode_owned(bytes.clone()) {
                crate::ingest::decode::Decoded::Text { text, .. } => {
                    crate::ingest::markup::strip_inline_markup(text)
                }
                crate::ingest::decode::Decoded::Binary { .. } => return Ok(()),
            };
            if let Some(n) = f.count_raw(&bytes) {
                prop_assert_eq!(n, count_lines(&canonical, &reference(&canonical, needle)));
            }
        }

        #[test]
        fn same_as_folding_everything(
            text in prop::collection::vec(piece(), 0..120).prop_map(|v| v.concat()),
            needle in prop::collection::vec(piece(), 1..4).prop_map(|v| v.concat()),
        ) {
            let needle = fold::fold_str(&needle);
            prop_assume!(!needle.is_empty() && !needle.contains('\n'));
            let f = TermFinder::new(&needle);
            prop_assert_eq!(f.find(&text), reference(&text, &needle));
        }
    }
}
