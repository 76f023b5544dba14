//! Decoding: the bytes of one file to canonical text.
//!
//! The canonical text is valid UTF-8 with LF line ends and nothing a terminal
//! would act on: escape sequences (CSI, OSC, DCS, ...), the C1 controls, the
//! remaining C0 controls except `\n` and `\t`, DEL, and the bidirectional
//! overrides and isolates are removed whole. Line breaks are never removed or
//! added, so line `n` of the canonical text is line `n` of the file.
//!
//! The common case (UTF-8 without anything to change) is a few vectorisable
//! scans and no copy: `decode_owned` hands the caller's buffer back as the
//! `String`.
//!
//! One file over ~600 lines, one thing: the fast scan and the removal of
//! escape sequences and controls must agree byte for byte on what is
//! special (about 400 lines of code, then their tests).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::model::Warning;

/// The outcome of decoding one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// Text to parse; `warnings` carry 1-based line numbers of the canonical text.
    Text {
        text: String,
        /// The encoding the file was read as: `UTF-8`, `UTF-16LE`, `UTF-16BE`
        /// or `windows-1252`.
        encoding: &'static str,
        warnings: Vec<Warning>,
    },
    /// Not text (NUL bytes outside UTF-16): the caller skips the file with this warning.
    Binary { warning: Warning },
}

/// Decodes the bytes of a file to canonical text.
pub fn decode(bytes: &[u8]) -> Decoded {
    decode_owned(bytes.to_vec())
}

/// Decodes the bytes of a file to canonical text, reusing the buffer as the
/// text when it is valid UTF-8 with nothing to change.
pub fn decode_owned(mut bytes: Vec<u8>) -> Decoded {
    let mut warnings = Vec::new();
    // The first special character, when it is already known (see sanitize).
    let mut first_special = None;
    let (text, encoding, c1_sequences) = match Encoding::for_bom(&bytes) {
        Some((encoding, bom_len)) if encoding == UTF_16LE || encoding == UTF_16BE => {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            let text = text.into_owned();
            if had_errors {
                let bad = text.find('\u{FFFD}').unwrap_or(0);
                warnings.push(Warning::new(
                    line_number(&text.as_bytes()[..bad]),
                    format!(
                        "malformed {} (odd length or unpaired surrogate); replaced with U+FFFD",
                        encoding.name()
                    ),
                ));
            }
            (text, encoding.name(), true)
        }
        bom => {
            // The only other BOM `for_bom` knows is UTF-8's.
            let bom_len = bom.map_or(0, |(_, len)| len);
            // NUL is a special character: text without any (most text) needs
            // no search for one.
            let special = next_special(&bytes[bom_len..], 0);
            if special.is_some()
                && let Some(offset) = memchr::memchr(0, &bytes[bom_len..])
            {
                return Decoded::Binary {
                    warning: Warning::new(
                        1,
                        format!(
                            "binary file (NUL byte at offset {}); skipped",
                            offset + bom_len
                        ),
                    ),
                };
            }
            bytes.drain(..bom_len);
            match String::from_utf8(bytes) {
                Ok(text) => {
                    first_special = Some(special);
                    (text, "UTF-8", true)
                }
                Err(error) => {
                    let valid = error.utf8_error().valid_up_to();
                    let bytes = error.into_bytes();
                    let line = line_number(&bytes[..valid]);
                    // Every byte is one character in Windows-1252, so the byte
                    // column is the character column of the decoded line.
                    let line_start =
                        memchr::memrchr2(b'\n', b'\r', &bytes[..valid]).map_or(0, |i| i + 1);
                    let column = valid - line_start + 1;
                    let text = WINDOWS_1252
                        .decode_without_bom_handling(&bytes)
                        .0
                        .into_owned();
                    warnings.push(Warning::new(
                        line,
                        format!(
                            "not valid UTF-8 (first bad byte at line {line}, column {column}); read as Windows-1252"
                        ),
                    ));
                    // Windows-1252 has no C1 controls: its five undefined bytes
                    // decode to U+0081, U+008D, ..., which are dropped one by one
                    // rather than read as the start of a sequence.
                    (text, WINDOWS_1252.name(), false)
                }
            }
        }
    };
    let text = sanitize(text, c1_sequences, first_special, &mut warnings);
    if text.trim().is_empty() {
        warnings.push(Warning::new(1, "empty file"));
    }
    Decoded::Text {
        text,
        encoding,
        warnings,
    }
}

/// The 1-based line number at the end of `prefix`, counting LF, CRLF and lone
/// CR as line breaks.
fn line_number(prefix: &[u8]) -> u32 {
    let lf = memchr::memchr_iter(b'\n', prefix).count();
    let lone_cr = memchr::memchr_iter(b'\r', prefix)
        .filter(|&i| prefix.get(i + 1) != Some(&b'\n'))
        .count();
    to_line(lf + lone_cr + 1)
}

fn to_line(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Normalises line ends and removes control sequences and bidi controls,
/// returning `text` itself when there is nothing to do, and otherwise
/// compacting it in place (the result is never longer).
///
/// `c1_sequences`: whether U+009B, U+009D, U+0090, ... start a sequence (true
/// for Unicode input) or are dropped alone (text read as Windows-1252).
///
/// `first_special`: the result of `next_special(text, 0)` when the caller
/// has it.
fn sanitize(
    text: String,
    c1_sequences: bool,
    first_special: Option<Option<usize>>,
    warnings: &mut Vec<Warning>,
) -> String {
    let first = first_special.unwrap_or_else(|| next_special(text.as_bytes(), 0));
    let Some(first) = first else {
        return text;
    };
    let mut buf = text.into_bytes();
    let mut controls = Tally::default();
    let mut bidi = Tally::default();
    // `buf[..w]` is the canonical text so far; `r` is where reading resumes,
    // always at a special character here. `w <= r`, so what is still to be
    // read is never overwritten.
    let mut w = first;
    let mut r = first;
    loop {
        match buf[r] {
            b'\r' => {
                buf[w] = b'\n';
                w += 1;
                r += 1;
                if buf.get(r) == Some(&b'\n') {
                    r += 1;
                }
            }
            0x1B => {
                controls.record(&buf[..w]);
                r = skip_escape(&buf, r + 1);
            }
            0xC2 => {
                controls.record(&buf[..w]);
                r = skip_c1(&buf, r, c1_sequences);
            }
            0xE2 => {
                bidi.record(&buf[..w]);
                r += 3;
            }
            _ => {
                controls.record(&buf[..w]);
                r += 1;
            }
        }
        let next = next_special(&buf, r);
        let end = next.unwrap_or(buf.len());
        buf.copy_within(r..end, w);
        w += end - r;
        match next {
            Some(next) => r = next,
            None => break,
        }
    }
    buf.truncate(w);
    for (tally, one, many) in [
        (
            controls,
            "terminal control sequence",
            "terminal control sequences",
        ),
        (
            bidi,
            "bidirectional override or isolate",
            "bidirectional overrides or isolates",
        ),
    ] {
        if tally.count > 0 {
            let what = if tally.count == 1 { one } else { many };
            warnings.push(Warning::new(
                tally.first_line,
                format!(
                    "removed {} {what} (first at line {})",
                    tally.count, tally.first_line
                ),
            ));
        }
    }
    // Only whole characters were removed (sequences end before or after an
    // ASCII byte or a C2 lead byte), so this never falls back.
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// How many removals of one kind, and the line of the first.
#[derive(Default)]
struct Tally {
    count: usize,
    first_line: u32,
}

impl Tally {
    /// Records a removal at the end of `out` (the canonical text so far).
    fn record(&mut self, out: &[u8]) {
        if self.count == 0 {
            self.first_line = to_line(memchr::memchr_iter(b'\n', out).count() + 1);
        }
        self.count += 1;
    }
}

/// Whether `b` may start a special character (see `special3`): a C0 control
/// other than `\n` and `\t`, DEL, or the lead byte of a C1 control (0xC2) or
/// of a bidi control (0xE2).
#[inline(always)]
fn maybe_special(b: u8) -> bool {
    ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7F) | (b == 0xC2) | (b == 0xE2)
}

/// Whether the character starting with `a`, followed by `b` and `c`, is
/// special: a C0 control other than `\n` and `\t`, DEL, a C1 control (UTF-8
/// C2 80–C2 9F), or a bidi override or isolate (E2 80 AA–AE, E2 81 A6–A9).
/// Written without branches so that a loop over it vectorises.
#[inline(always)]
fn special3(a: u8, b: u8, c: u8) -> bool {
    let c0 = (a < 0x20) & (a != b'\n') & (a != b'\t');
    let c1 = (a == 0xC2) & (0x80..=0x9F).contains(&b);
    let embedding = (b == 0x80) & (0xAA..=0xAE).contains(&c);
    let isolate = (b == 0x81) & (0xA6..=0xA9).contains(&c);
    c0 | (a == 0x7F) | c1 | ((a == 0xE2) & (embedding | isolate))
}

/// Whether the character at `i` is special (see `special3`).
fn is_special(bytes: &[u8], i: usize) -> bool {
    let at = |k: usize| bytes.get(k).copied().unwrap_or(0);
    special3(bytes[i], at(i + 1), at(i + 2))
}

/// Whether positions `at..at + N` of `bytes` hold a special character; the
/// caller makes sure `at + N + 2 <= bytes.len()`.
#[inline(always)]
fn window_has_special<const N: usize>(bytes: &[u8], at: usize) -> bool {
    let a = &bytes[at..at + N];
    let b = &bytes[at + 1..at + N + 1];
    let c = &bytes[at + 2..at + N + 2];
    a.iter()
        .zip(b)
        .zip(c)
        .fold(false, |any, ((&a, &b), &c)| any | special3(a, b, c))
}

/// The first special position at or after `from`.
///
/// Each window of 64 positions is tested at once for lead bytes of special
/// characters, and only if it holds one, for special characters themselves
/// (with their two following bytes, so no false alarms are left: a curly
/// quote starts with 0xE2 as a bidi control does). Both tests are vectorised
/// folds. A window that holds a special is narrowed to 16 positions the same
/// way before the byte-by-byte search.
#[inline]
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    const CHUNK: usize = 64;
    const PIECE: usize = 16;
    let mut at = from;
    while at + CHUNK + 2 <= bytes.len() {
        // Printable ASCII alone (most of any text) holds nothing special:
        // the cheapest test, one subtraction and comparison per byte.
        let unusual = bytes[at..at + CHUNK]
            .iter()
            .fold(false, |any, &b| any | (b.wrapping_sub(0x20) >= 0x5F));
        if !unusual {
            at += CHUNK;
            continue;
        }
        // A test of lead bytes alone next, which line breaks and most
        // non-ASCII letters pass.
        let leads = bytes[at..at + CHUNK]
            .iter()
            .fold(false, |any, &b| any | maybe_special(b));
        if leads && window_has_special::<CHUNK>(bytes, at) {
            let mut piece = at;
            while !window_has_special::<PIECE>(bytes, piece) {
                piece += PIECE;
            }
            return (piece..piece + PIECE).find(|&i| is_special(bytes, i));
        }
        at += CHUNK;
    }
    (at..bytes.len()).find(|&i| is_special(bytes, i))
}

/// The end of an escape sequence whose ESC is just before `i`.
fn skip_escape(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'[') => skip_csi(bytes, i + 1),
        Some(b']') => skip_string(bytes, i + 1, true),
        Some(b'P' | b'X' | b'^' | b'_') => skip_string(bytes, i + 1, false),
        Some(0x20..=0x2F) => {
            // nF escape (`ESC ( B`): intermediates, then a final byte.
            let mut k = i;
            while matches!(bytes.get(k), Some(0x20..=0x2F)) {
                k += 1;
            }
            if matches!(bytes.get(k), Some(0x30..=0x7E)) {
                k + 1
            } else {
                k
            }
        }
        Some(0x30..=0x7E) => i + 1,
        // A lone ESC (before a line break, a control, non-ASCII or the end).
        _ => i,
    }
}

/// The end of a C1 control (UTF-8 C2 xx) at `i`, with its whole sequence
/// when it introduces one and `c1_sequences` holds.
fn skip_c1(bytes: &[u8], i: usize, c1_sequences: bool) -> usize {
    let after = i + 2;
    if !c1_sequences {
        return after;
    }
    match bytes[i + 1] {
        0x9B => skip_csi(bytes, after),
        0x9D => skip_string(bytes, after, true),
        0x90 | 0x98 | 0x9E | 0x9F => skip_string(bytes, after, false),
        _ => after,
    }
}

/// The end of a CSI sequence whose parameters start at `i`: parameter and
/// intermediate bytes (0x20–0x3F), then a final byte (0x40–0x7E). A malformed
/// sequence ends at the first other byte, which is kept.
fn skip_csi(bytes: &[u8], i: usize) -> usize {
    let mut k = i;
    while matches!(bytes.get(k), Some(0x20..=0x3F)) {
        k += 1;
    }
    if matches!(bytes.get(k), Some(0x40..=0x7E)) {
        k + 1
    } else {
        k
    }
}

/// The end of a control string (OSC, DCS, SOS, PM, APC) whose content starts
/// at `i`: after its terminator (ST as `ESC \` or U+009C, or BEL when `bel`),
/// or before the next line break, or before an ESC that starts something else.
fn skip_string(bytes: &[u8], i: usize, bel: bool) -> usize {
    let mut k = i;
    while let Some(&b) = bytes.get(k) {
        match b {
            b'\n' | b'\r' => return k,
            0x07 if bel => return k + 1,
            0x1B => {
                return if bytes.get(k + 1) == Some(&b'\\') {
                    k + 2
                } else {
                    k
                };
            }
            0xC2 if bytes.get(k + 1) == Some(&0x9C) => return k + 2,
            _ => k += 1,
        }
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The text and warnings of a `Text` outcome.
    fn text(bytes: &[u8]) -> (String, &'static str, Vec<Warning>) {
        match decode(bytes) {
            Decoded::Text {
                text,
                encoding,
                warnings,
            } => (text, encoding, warnings),
            Decoded::Binary { warning } => panic!("unexpected binary: {warning:?}"),
        }
    }

    fn lines(s: &str) -> usize {
        s.split('\n').count()
    }

    fn utf16le(s: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    fn utf16be(s: &str) -> Vec<u8> {
        let mut out = vec![0xFE, 0xFF];
        out.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        out
    }

    /// Whether the canonical text may contain `c`.
    fn allowed(c: char) -> bool {
        !(matches!(c, '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    }

    #[test]
    fn plain_utf8_is_taken_as_is_without_copy() {
        let input = "Mr. President,\n\tTürkiye — “thank you”.\n"
            .as_bytes()
            .to_vec();
        let ptr = input.as_ptr();
        match decode_owned(input) {
            Decoded::Text {
                text,
                encoding,
                warnings,
            } => {
                assert_eq!(text, "Mr. President,\n\tTürkiye — “thank you”.\n");
                assert_eq!(encoding, "UTF-8");
                assert!(warnings.is_empty());
                assert_eq!(text.as_ptr(), ptr, "the buffer is reused");
            }
            Decoded::Binary { .. } => panic!("binary"),
        }
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let (t, enc, w) = text(b"\xEF\xBB\xBFhello\nworld");
        assert_eq!(t, "hello\nworld");
        assert_eq!(enc, "UTF-8");
        assert!(w.is_empty());
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let s = "Türkiye\r\nCôte d’Ivoire\n";
        for bytes in [utf16le(s), utf16be(s)] {
            let (t, enc, w) = text(&bytes);
            assert_eq!(t, "Türkiye\nCôte d’Ivoire\n");
            assert!(enc == "UTF-16LE" || enc == "UTF-16BE");
            assert!(w.is_empty(), "{w:?}");
        }
        assert_eq!(text(&utf16le(s)).1, "UTF-16LE");
        assert_eq!(text(&utf16be(s)).1, "UTF-16BE");
    }

    #[test]
    fn utf16_controls_are_removed() {
        let (t, _, w) = text(&utf16le("a\nb\u{1b}[1mc\u{0}d\u{202e}e"));
        assert_eq!(t, "a\nbcde");
        assert_eq!(w.len(), 2);
        assert!(w.iter().all(|w| w.line == 2));
    }

    #[test]
    fn malformed_utf16_warns() {
        let mut bytes = utf16le("ok\nthen");
        bytes.push(b'x'); // odd length
        let (t, _, w) = text(&bytes);
        assert!(t.starts_with("ok\nthen"));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 2);
        assert!(w[0].message.contains("U+FFFD"));
    }

    #[test]
    fn windows_1252_fallback() {
        let (t, enc, w) = text(b"first\nsecond\nCaf\xE9 \x93quoted\x94\n");
        assert_eq!(t, "first\nsecond\nCafé “quoted”\n");
        assert_eq!(enc, "windows-1252");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 3);
        assert_eq!(
            w[0].message,
            "not valid UTF-8 (first bad byte at line 3, column 4); read as Windows-1252"
        );
    }

    #[test]
    fn windows_1252_undefined_bytes_are_dropped_alone() {
        // 0x9D is undefined in Windows-1252 (decoded as U+009D): it must not
        // swallow the rest of the line as an OSC would.
        let (t, _, w) = text(b"a\x9Db \xE9\nc");
        assert_eq!(t, "ab é\nc");
        assert_eq!(w.len(), 2);
    }

    #[test]
    fn windows_1252_line_counts_cr() {
        let (t, _, w) = text(b"a\rb\r\nc\r\xE9");
        assert_eq!(t, "a\nb\nc\né");
        assert_eq!(w[0].line, 4);
    }

    #[test]
    fn crlf_and_lone_cr() {
        let (t, _, w) = text(b"one\r\ntwo\rthree\r\n\r\nfive\r");
        assert_eq!(t, "one\ntwo\nthree\n\nfive\n");
        assert!(w.is_empty());
        assert_eq!(lines(&t), 6);
    }

    #[test]
    fn csi_colour() {
        let (t, _, w) = text(b"line one\nthis is \x1b[31mred\x1b[0m text\n");
        assert_eq!(t, "line one\nthis is red text\n");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 2);
        assert_eq!(
            w[0].message,
            "removed 2 terminal control sequences (first at line 2)"
        );
    }

    #[test]
    fn csi_with_private_parameters_and_intermediates() {
        let (t, _, _) = text(b"a\x1b[?1049hb\x1b[2 qc\x1b[38;5;196md");
        assert_eq!(t, "abcd");
    }

    #[test]
    fn osc_52_clipboard_write() {
        let (t, _, w) = text(b"before\x1b]52;c;SGVsbG8=\x07after\n");
        assert_eq!(t, "beforeafter\n");
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message
                .starts_with("removed 1 terminal control sequence ")
        );
    }

    #[test]
    fn osc_8_link_keeps_link_text() {
        let (t, _, _) = text(b"see \x1b]8;;https://example.org/x\x1b\\the link\x1b]8;;\x1b\\ here");
        assert_eq!(t, "see the link here");
    }

    #[test]
    fn unterminated_osc_stops_at_line_end() {
        let (t, _, _) = text(b"a\x1b]0;title\nb\x1b]2;x\r\nc\x1b]1;");
        assert_eq!(t, "a\nb\nc");
    }

    #[test]
    fn osc_ended_by_another_escape() {
        let (t, _, _) = text(b"a\x1b]0;title\x1b[1mb");
        assert_eq!(t, "ab");
    }

    #[test]
    fn dcs_sos_pm_apc_strings() {
        let (t, _, w) =
            text(b"a\x1bPq#0;2;0;0;0\x1b\\b\x1bXsos\x1b\\c\x1b^pm\x1b\\d\x1b_apc\x1b\\e");
        assert_eq!(t, "abcde");
        assert_eq!(w.len(), 1);
        assert!(w[0].message.starts_with("removed 4 "));
    }

    #[test]
    fn two_character_and_nf_escapes() {
        let (t, _, _) = text(b"a\x1bcb\x1b7c\x1b(Bd\x1b#8e\x1b");
        assert_eq!(t, "abcde");
    }

    #[test]
    fn lone_escape_before_newline_keeps_newline() {
        let (t, _, _) = text(b"a\x1b\nb\x1b[\nc\x1b]\nd");
        assert_eq!(t, "a\nb\nc\nd");
    }

    #[test]
    fn c1_controls() {
        // U+009B CSI with its parameters, U+009D OSC to BEL, U+0085 alone,
        // U+0090 DCS to U+009C ST.
        let (t, _, w) = text("a\u{9b}31mb\u{9d}0;title\u{7}c\u{85}d\u{90}q\u{9c}e".as_bytes());
        assert_eq!(t, "abcde");
        assert_eq!(w.len(), 1);
        assert!(w[0].message.starts_with("removed 4 "));
    }

    #[test]
    fn other_c0_and_del() {
        let (t, _, w) = text(b"a\x07b\x08c\x0cd\x7fe\tf\x0bg\n");
        assert_eq!(t, "abcde\tfg\n");
        assert_eq!(w.len(), 1);
        assert!(w[0].message.starts_with("removed 5 "));
    }

    #[test]
    fn bidi_overrides_and_isolates() {
        let input = "x\ny\u{202e}evil\u{202c} \u{2066}iso\u{2069} \u{202a}\u{202b}\u{202d}\u{2067}\u{2068}\n";
        let (t, _, w) = text(input.as_bytes());
        assert_eq!(t, "x\nyevil iso \n");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 2);
        assert_eq!(
            w[0].message,
            "removed 9 bidirectional overrides or isolates (first at line 2)"
        );
    }

    #[test]
    fn other_e2_and_c2_characters_are_kept() {
        let s = "“quoted” — … ‘x’ € ™ \u{200f} \u{2028} ¡ © ± \u{a0}";
        let (t, _, w) = text(s.as_bytes());
        assert_eq!(t, s);
        assert!(w.is_empty());
    }

    #[test]
    fn nul_is_binary() {
        match decode(b"PK\x03\x04\x00\x00") {
            Decoded::Binary { warning } => {
                assert_eq!(warning.line, 1);
                assert_eq!(
                    warning.message,
                    "binary file (NUL byte at offset 4); skipped"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            decode(b"\xEF\xBB\xBF\x00"),
            Decoded::Binary { .. }
        ));
    }

    #[test]
    fn empty_inputs() {
        for input in [
            &b""[..],
            b"\xEF\xBB\xBF",
            b"\xFF\xFE",
            b"\xFE\xFF",
            b"  \n\t\r\n",
        ] {
            let (t, _, w) = text(input);
            assert!(t.trim().is_empty());
            assert_eq!(w, vec![Warning::new(1, "empty file")], "{input:?}");
        }
        let (t, _, w) = text(b"\x1b[0m");
        assert_eq!(t, "");
        assert_eq!(w.len(), 2);
        assert_eq!(w[1].message, "empty file");
    }

    #[test]
    fn line_count_is_preserved() {
        let cases: &[&[u8]] = &[
            b"a\nb\nc",
            b"a\r\nb\rc\r\n",
            b"\x1b]0;x\n\x1b]0;y\r\n\x1bP\rz",
            b"\xE9\r\n\x93\n\x94\r",
            "\u{9d}x\n\u{9b}\n\u{90}\r\n".as_bytes(),
            b"\x1b\n\x1b\r\x1b[\r\n",
        ];
        for &case in cases {
            let expected = line_number(case) as usize;
            let (t, _, _) = text(case);
            assert_eq!(lines(&t), expected, "{case:?} -> {t:?}");
        }
    }

    const TWENTY_MB: usize = 20 << 20;

    #[test]
    fn twenty_megabyte_line_with_escape_at_end() {
        let n = TWENTY_MB;
        let mut input = vec![b'a'; n];
        input.extend_from_slice(b"\x1b[0m\n");
        let (t, _, w) = text(&input);
        assert_eq!(t.len(), n + 1);
        assert!(t.as_bytes()[..n] == input[..n]);
        assert!(t.ends_with("a\n"));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 1);
    }

    #[test]
    fn twenty_megabyte_unterminated_osc() {
        // An unterminated OSC at the start runs to the end of the line, once.
        let mut input = b"\x1b]0;".to_vec();
        input.resize(TWENTY_MB, b'x');
        input.extend_from_slice(b"\nnext");
        let (t, _, _) = text(&input);
        assert_eq!(t, "\nnext");
    }

    #[test]
    fn long_line_of_sequences() {
        // Hundreds of thousands of short sequences on one line are compacted
        // in one pass (quadratic work would not finish). Kept to a few MB as
        // unoptimised test builds take about 10 µs per sequence.
        let reps = (2 << 20) / 7;
        let input = b"\x1b[1mab\r".repeat(reps);
        let (t, _, w) = text(&input);
        assert_eq!(t, "ab\n".repeat(reps));
        assert!(w[0].message.starts_with(&format!("removed {reps} ")));
    }

    /// Pieces that make interesting UTF-8 inputs when strung together.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "a", "é", "“", "\n", "\r", "\r\n", "\t", "\u{1b}", "[", "]", "\\", "P", "_", "^", "X",
            "(", "31", ";", "m", "\u{7}", "\u{7f}", "\u{8}", "\u{0}", "\u{85}", "\u{9b}", "\u{9c}",
            "\u{9d}", "\u{90}", "\u{202e}", "\u{2066}", "\u{2069}", "\u{2028}", " ",
        ])
    }

    fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
        let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
        match decode(bytes) {
            Decoded::Binary { warning } => {
                prop_assert!(!utf16);
                prop_assert!(bytes.contains(&0));
                prop_assert_eq!(warning.line, 1);
            }
            Decoded::Text { text, warnings, .. } => {
                prop_assert!(!text.contains('\r'));
                prop_assert!(text.chars().all(allowed), "{:?}", text);
                let n_lines = lines(&text) as u32;
                prop_assert!(warnings.iter().all(|w| w.line >= 1 && w.line <= n_lines));
                if !utf16 {
                    prop_assert!(!bytes.contains(&0));
                    // Every line break of the input, and only those.
                    prop_assert_eq!(lines(&text), line_number(bytes) as usize);
                    let no_controls = !bytes.contains(&b'\r')
                        && !std::str::from_utf8(bytes)
                            .unwrap_or("")
                            .chars()
                            .any(|c| !allowed(c));
                    if no_controls {
                        let newlines = |b: &[u8]| b.iter().filter(|&&b| b == b'\n').count();
                        prop_assert_eq!(newlines(text.as_bytes()), newlines(bytes));
                    }
                }
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            check(&bytes)?;
        }

        #[test]
        fn arbitrary_pieces(pieces in prop::collection::vec(piece(), 0..150)) {
            check(pieces.concat().as_bytes())?;
        }

        #[test]
        fn arbitrary_pieces_in_utf16(pieces in prop::collection::vec(piece(), 0..60)) {
            let s = pieces.concat();
            check(&utf16le(&s))?;
            check(&utf16be(&s))?;
        }
    }
}
