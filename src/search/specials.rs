//! The bytes a fast ASCII search cannot judge by itself: non-ASCII
//! characters (and, in a raw file, control bytes), found a block at a time,
//! and what each character means for one needle.
//!
//! A press briefing has a non-ASCII character every 50 bytes or so (no-break
//! spaces, curly quotes, dashes), so both the walk and the per-character
//! decision must cost a few nanoseconds. The portable walk finds the
//! characters sixteen bytes per SIMD compare (SSE2, part of x86-64 itself,
//! through `safe_arch`'s safe wrappers; elsewhere a plain loop), passes over
//! blocks with nothing special, drops with a few byte compares each the
//! characters the needle can never take part in ([`Skips`]: curly quotes,
//! dashes, most no-break spaces) and goes straight from one remaining
//! character to the next; their meanings come from a table filled once per
//! needle. (A hand-written AVX2 walk was measured against this one on the
//! 1,000 generated transcripts, `search --count`: 40.4 against 46.1 ms for a
//! phrase, 55.5 against 55.1 ms for a word, well under the 1.5 times that
//! would have paid for its `unsafe`; it was removed.)

use std::sync::OnceLock;

use crate::text::fold;
use crate::text::utf8::utf8_len;

/// Calls `visit(i)` at the start `i` of each special character (see
/// [`is_special`]), in order; a visit returns where the character ends.
/// `None` as soon as a visit returns `None`, or when `raw` bytes hold a
/// continuation byte outside every character (they are not UTF-8).
///
/// The starts are gathered 64 bytes at a time into a buffer without a
/// branch on what each character is, then visited: a character every 50
/// bytes would otherwise cost a mispredicted branch each.
pub fn visit(
    bytes: &[u8],
    raw: bool,
    skips: &Skips,
    mut visit: impl FnMut(usize) -> Option<usize>,
) -> Option<()> {
    const BATCH: usize = 512;
    let mut starts = [0usize; BATCH + 64];
    let mut n = 0;
    // Continuation bytes met, and those the visited characters account for.
    let mut continuations = 0usize;
    let mut accounted = 0usize;
    let mut flush = |starts: &[usize], accounted: &mut usize| -> Option<()> {
        for &i in starts {
            let end = visit(i)?;
            *accounted += end - i - 1;
        }
        Some(())
    };
    let blocks = bytes.chunks_exact(64);
    let remainder = blocks.remainder();
    let mut base = 0;
    for _ in blocks {
        let (mut mask, cont) = block_masks(bytes, base, raw);
        if mask | cont == 0 {
            base += 64;
            continue;
        }
        if raw {
            continuations += cont.count_ones() as usize;
        }
        // Each start is written, and kept only if its character is not
        // skipped: no branch on what the character is.
        while mask != 0 {
            let i = base + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            let skipped = skips.skipped_len(bytes, i);
            starts[n] = i;
            n += usize::from(skipped == 0);
            accounted += skipped;
        }
        if n >= BATCH {
            flush(&starts[..n], &mut accounted)?;
            n = 0;
        }
        base += 64;
    }
    flush(&starts[..n], &mut accounted)?;
    // The last bytes one at a time (a character may have begun before them).
    for (k, &b) in remainder.iter().enumerate() {
        if (0x80..0xC0).contains(&b) {
            continuations += 1;
        } else if is_special(b, raw) {
            let i = base + k;
            accounted += visit(i)? - i - 1;
        }
    }
    (!raw || continuations == accounted).then_some(())
}

/// Characters a needle can never take part in, common enough in English
/// text to be worth skipping before they are visited at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skips {
    /// U+00A1 to U+00BF (inverted marks, guillemets, ©, ·, ½).
    latin1_symbols: bool,
    /// U+2010 to U+201F (dashes, curly quotes).
    quotes: bool,
    no_break_space: NoBreakSpace,
}

/// When a no-break space can be skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NoBreakSpace {
    /// Always: the needle has no space.
    Skip,
    /// When the byte before it is ASCII and not this one (in either case):
    /// each space of the needle comes after this byte.
    SkipUnlessAfter(u8),
    Visit,
}

impl Skips {
    /// Skips nothing: every special character is visited.
    pub const EVERY: Self = Self {
        latin1_symbols: false,
        quotes: false,
        no_break_space: NoBreakSpace::Visit,
    };

    fn new(needle: &[u8], role: impl Fn(char) -> CharRole) -> Self {
        let irrelevant = |from: u32, to: u32| {
            (from..=to).all(|cp| {
                role(char::from_u32(cp).expect("not a surrogate"))
                    .starts
                    .is_empty()
            })
        };
        let nbsp = role('\u{a0}');
        let before: Vec<Option<u8>> = nbsp
            .starts
            .iter()
            .map(|&k| k.checked_sub(1).map(|p| needle[p]))
            .collect();
        let no_break_space = match before.as_slice() {
            [] => NoBreakSpace::Skip,
            [Some(b), rest @ ..] if b.is_ascii() && rest.iter().all(|r| *r == Some(*b)) => {
                NoBreakSpace::SkipUnlessAfter(*b)
            }
            _ => NoBreakSpace::Visit,
        };
        Self {
            latin1_symbols: irrelevant(0xA1, 0xBF),
            quotes: irrelevant(0x2010, 0x201F),
            no_break_space,
        }
    }

    /// The number of continuation bytes of the character starting at `i`
    /// when it is skipped, 0 when it is to be visited. A skipped character
    /// is always whole and valid: its bytes are compared one by one.
    #[inline(always)]
    fn skipped_len(&self, bytes: &[u8], i: usize) -> usize {
        let (Some(&before), Some(&[lead, second, third])) = (
            i.checked_sub(1).and_then(|p| bytes.get(p)),
            bytes
                .get(i..i + 3)
                .and_then(|s| <&[u8; 3]>::try_from(s).ok()),
        ) else {
            return 0;
        };
        let quote = self.quotes & (lead == 0xE2) & (second == 0x80) & (third & 0xF0 == 0x90);
        let c2 = lead == 0xC2;
        let nbsp = c2
            & (second == 0xA0)
            & match self.no_break_space {
                NoBreakSpace::Skip => true,
                NoBreakSpace::SkipUnlessAfter(b) => {
                    before.is_ascii() & !before.eq_ignore_ascii_case(&b)
                }
                NoBreakSpace::Visit => false,
            };
        let symbol = self.latin1_symbols & c2 & (0xA1..=0xBF).contains(&second);
        2 * usize::from(quote) + usize::from(nbsp | symbol)
    }
}

/// For the 64 bytes at `at`, one bit per byte: the bytes that start a
/// special character, and the continuation bytes (`10xxxxxx`).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn block_masks(bytes: &[u8], at: usize, raw: bool) -> (u64, u64) {
    use safe_arch::{
        bitandnot_m128i, bitor_m128i, cmp_eq_mask_i8_m128i, cmp_lt_mask_i8_m128i,
        load_unaligned_m128i, m128i, move_mask_i8_m128i, set_splat_i8_m128i,
    };
    let load = |p: usize| load_unaligned_m128i(bytes[p..p + 16].try_into().expect("16 bytes"));
    let eq = |v: m128i, b: u8| cmp_eq_mask_i8_m128i(v, set_splat_i8_m128i(b as i8));
    let or = bitor_m128i;
    let chunks = [load(at), load(at + 16), load(at + 32), load(at + 48)];
    let special = |v: m128i| {
        if raw {
            // Signed, every non-ASCII byte is below 0x20 too.
            let low = cmp_lt_mask_i8_m128i(v, set_splat_i8_m128i(0x20));
            let allowed = or(eq(v, b'\n'), eq(v, b'\t'));
            or(bitandnot_m128i(allowed, low), eq(v, 0x7F))
        } else {
            v
        }
    };
    let specials = chunks.map(special);
    // Most blocks of most texts hold nothing special: one test says so.
    let any = or(or(specials[0], specials[1]), or(specials[2], specials[3]));
    if move_mask_i8_m128i(any) == 0 {
        return (0, 0);
    }
    let mut starts = 0u64;
    let mut conts = 0u64;
    for (k, &v) in chunks.iter().enumerate() {
        let bits = |m| u64::from(move_mask_i8_m128i(m) as u16) << (k * 16);
        // Signed, continuation bytes are the ones below 0xC0 (-64).
        let cont = bits(cmp_lt_mask_i8_m128i(v, set_splat_i8_m128i(-64)));
        conts |= cont;
        starts |= bits(specials[k]) & !cont;
    }
    (starts, conts)
}

/// For the 64 bytes at `at`, one bit per byte: the bytes that start a
/// special character, and the continuation bytes (`10xxxxxx`).
#[cfg(not(target_arch = "x86_64"))]
fn block_masks(bytes: &[u8], at: usize, raw: bool) -> (u64, u64) {
    let mut starts = 0u64;
    let mut conts = 0u64;
    for (k, &b) in bytes[at..at + 64].iter().enumerate() {
        let cont = (0x80..0xC0).contains(&b);
        conts |= u64::from(cont) << k;
        starts |= u64::from(!cont && is_special(b, raw)) << k;
    }
    (starts, conts)
}

/// Whether a byte needs a closer look: non-ASCII; in `raw` bytes also a
/// control character other than tab and newline, and DEL.
pub fn is_special(b: u8, raw: bool) -> bool {
    b >= 0x80 || (raw && (b == 0x7F || (b < 0x20 && b != b'\n' && b != b'\t')))
}

/// What one non-ASCII character means for a needle.
#[derive(Debug, Clone)]
pub struct CharRole {
    /// Its length in bytes.
    pub len: usize,
    /// Its folded form.
    pub folded: Box<str>,
    /// Where in the needle its folded form could sit: the offsets `k` with
    /// `needle[k..]` starting with it; for a character that folds to
    /// nothing (a combining mark), every `k` from 1 on. Empty when the
    /// character cannot be part of an occurrence.
    pub starts: Vec<usize>,
    /// Sanitising removes it (a C1 control or a bidi control): a raw file
    /// holding it needs the full decoding.
    pub removed: bool,
}

impl CharRole {
    fn new(c: char, needle: &[u8]) -> Self {
        let mut folded = String::new();
        fold::push_folded(c, &mut folded);
        let f = folded.as_bytes();
        let starts = if f.is_empty() {
            (1..=needle.len()).collect()
        } else {
            (0..=needle.len().saturating_sub(f.len()))
                .filter(|&k| needle[k..].starts_with(f))
                .collect()
        };
        Self {
            len: c.len_utf8(),
            folded: folded.as_str().into(),
            starts,
            removed: ('\u{80}'..='\u{9f}').contains(&c) || is_bidi_control(c),
        }
    }
}

pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The roles of the characters most texts use, each decided the first time
/// any thread meets it (deciding all up front would cost more than a whole
/// search of a small corpus): every two-byte character (Latin letters with
/// diacritics, no-break space, Greek, Cyrillic...) and the general
/// punctuation block (curly quotes, dashes, thin spaces).
#[derive(Debug, Clone)]
pub struct RoleTable {
    needle: Vec<u8>,
    /// U+0080 to U+07FF.
    two_byte: Vec<OnceLock<CharRole>>,
    /// U+2000 to U+207F.
    punctuation: Vec<OnceLock<CharRole>>,
    skips: Skips,
}

impl RoleTable {
    pub fn new(needle: &[u8]) -> Self {
        Self {
            skips: Skips::new(needle, |c| CharRole::new(c, needle)),
            needle: needle.to_vec(),
            two_byte: std::iter::repeat_with(OnceLock::new)
                .take(0x800 - 0x80)
                .collect(),
            punctuation: std::iter::repeat_with(OnceLock::new).take(0x80).collect(),
        }
    }

    /// The characters a walk can skip for this needle.
    pub fn skips(&self) -> &Skips {
        &self.skips
    }

    /// The role of the character starting at `i` when the table covers
    /// it; `None` for other characters and bytes that are not UTF-8.
    #[inline]
    pub fn get(&self, bytes: &[u8], i: usize) -> Option<&CharRole> {
        let cont = |k: usize| bytes.get(i + k).copied().filter(|b| b & 0xC0 == 0x80);
        let lead = bytes[i];
        match lead {
            0xC2..=0xDF => {
                let cp = (usize::from(lead & 0x1F) << 6) | usize::from(cont(1)? & 0x3F);
                Some(self.two_byte(cp - 0x80))
            }
            0xE2 if matches!(cont(1), Some(0x80 | 0x81)) => {
                let cp = (usize::from(bytes[i + 1] & 0x3F) << 6) | usize::from(cont(2)? & 0x3F);
                Some(self.punctuation(cp))
            }
            _ => None,
        }
    }

    #[inline]
    fn two_byte(&self, offset: usize) -> &CharRole {
        self.role(&self.two_byte, 0x80, offset)
    }

    #[inline]
    fn punctuation(&self, offset: usize) -> &CharRole {
        self.role(&self.punctuation, 0x2000, offset)
    }

    #[inline]
    fn role<'a>(
        &'a self,
        cells: &'a [OnceLock<CharRole>],
        base: u32,
        offset: usize,
    ) -> &'a CharRole {
        cells[offset].get_or_init(|| {
            let c = char::from_u32(base + offset as u32).expect("no surrogates in these blocks");
            CharRole::new(c, &self.needle)
        })
    }
}

/// The role of each character, from the table or decided on first sight
/// and kept in a small direct-mapped cache (CJK text, with thousands of
/// characters, just decides more often).
pub struct CharRoles<'t> {
    table: &'t RoleTable,
    cache: Vec<Option<(u32, CharRole)>>,
}

impl<'t> CharRoles<'t> {
    const SLOTS: usize = 64;

    pub fn new(table: &'t RoleTable) -> Self {
        Self {
            table,
            cache: Vec::new(),
        }
    }

    /// The role of the character starting at `i`; `None` if the bytes there
    /// are not UTF-8 (a stray continuation byte, a truncated or overlong
    /// sequence, a surrogate).
    #[inline]
    pub fn at(&mut self, bytes: &[u8], i: usize) -> Option<&CharRole> {
        let lead = bytes[i];
        if matches!(lead, 0xC2..=0xDF | 0xE2) {
            if let Some(role) = self.table.get(bytes, i) {
                return Some(role);
            }
            if lead != 0xE2 {
                return None;
            }
        }
        // Two-byte characters all come from the table.
        let len = utf8_len(lead).filter(|&len| len > 2)?;
        let seq = bytes.get(i..i + len)?;
        let key = seq.iter().fold(0u32, |k, &b| k << 8 | u32::from(b));
        if self.cache.is_empty() {
            self.cache = vec![None; Self::SLOTS];
        }
        let slot = (key.wrapping_mul(0x9E37_79B1) >> 26) as usize;
        let hit = matches!(&self.cache[slot], Some((k, _)) if *k == key);
        if !hit {
            // Only a sequence that decodes is ever cached, so a hit is valid.
            let c = std::str::from_utf8(seq).ok()?.chars().next()?;
            self.cache[slot] = Some((key, CharRole::new(c, &self.table.needle)));
        }
        self.cache[slot].as_ref().map(|(_, role)| role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn visited(bytes: &[u8], raw: bool) -> Vec<usize> {
        let mut out = Vec::new();
        visit(bytes, raw, &Skips::EVERY, |i| {
            out.push(i);
            let len = match bytes[i] {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xFF => 4,
                _ => 1,
            };
            Some(i + len)
        });
        out
    }

    #[test]
    fn visits_each_special_character_once() {
        let text = "a\u{a0}b ’ é\tx\n".repeat(7);
        let expected: Vec<usize> = text
            .char_indices()
            .filter(|(_, c)| !c.is_ascii())
            .map(|(i, _)| i)
            .collect();
        assert_eq!(visited(text.as_bytes(), false), expected);
        let raw = b"0123456789abcde\x1b[1m\r\n\x7f\x01\t\n";
        assert_eq!(visited(raw, true), vec![15, 19, 21, 22]);
        assert_eq!(visited(raw, false), Vec::<usize>::new());
    }

    #[test]
    fn roles_of_characters() {
        let needle = b"capacity building";
        let table = RoleTable::new(needle);
        let mut roles = CharRoles::new(&table);
        let nbsp = "\u{a0}".as_bytes();
        assert_eq!(roles.at(nbsp, 0).unwrap().starts, vec![8]);
        assert!(roles.at("’".as_bytes(), 0).unwrap().starts.is_empty());
        assert_eq!(roles.at("í".as_bytes(), 0).unwrap().starts, vec![5, 11, 14]);
        assert_eq!(roles.at("\u{301}".as_bytes(), 0).unwrap().starts.len(), 17);
        assert!(roles.at("\u{202E}".as_bytes(), 0).unwrap().removed);
        assert!(roles.at(b"\xC0\x80", 0).is_none());
        assert!(roles.at(b"\xED\xA0\x80", 0).is_none());
        assert!(roles.at(b"\xE2\x80", 0).is_none());
        assert!(roles.at(b"\xC3", 0).is_none());
        assert!(roles.at(b"\xC3\x28", 0).is_none());
        assert!(roles.at(b"\xE2\x80\x28", 0).is_none());
        assert!(roles.at("联".as_bytes(), 0).unwrap().starts.is_empty());
        assert!(roles.at("—".as_bytes(), 0).unwrap().starts.is_empty());
        assert!(roles.at(b"\x80", 0).is_none());
    }

    /// The characters a walk with `skips` may pass over: the start of each
    /// non-ASCII character of `text` with whether it may be skipped.
    fn may_skip(text: &str, skips: &Skips) -> Vec<(usize, bool)> {
        text.char_indices()
            .filter(|(_, c)| !c.is_ascii())
            .map(|(i, c)| {
                let passed_over = |c: char| match c {
                    '\u{a1}'..='\u{bf}' => skips.latin1_symbols,
                    '\u{2010}'..='\u{201f}' => skips.quotes,
                    _ => false,
                };
                let skippable = match c {
                    // After an ASCII byte other than `b`, or after a
                    // character that cannot stand for `b` (a no-break
                    // space is a space), a no-break space starts nothing.
                    '\u{a0}' => match skips.no_break_space {
                        NoBreakSpace::Skip => true,
                        NoBreakSpace::SkipUnlessAfter(b) => {
                            text[..i].chars().next_back().is_some_and(|p| {
                                (p.is_ascii() && !(p as u8).eq_ignore_ascii_case(&b))
                                    || passed_over(p)
                                    || (p == '\u{a0}' && b != b' ')
                            })
                        }
                        NoBreakSpace::Visit => false,
                    },
                    c => passed_over(c),
                };
                (i, skippable)
            })
            .collect()
    }

    /// Text as press briefings have it: ASCII, no-break spaces, curly
    /// quotes and dashes, which a needle's walk mostly skips.
    fn common_piece() -> impl Strategy<Value = &'static [u8]> {
        prop_oneof![
            4 => Just(&b"capacity "[..]),
            2 => Just(&b"y"[..]),
            2 => Just(&b"."[..]),
            1 => Just(&b"\n"[..]),
            4 => Just("\u{a0}".as_bytes()),
            3 => Just("’".as_bytes()),
            2 => Just("—".as_bytes()),
        ]
    }

    /// What the walk must visit, or must reject.
    fn rare_piece() -> impl Strategy<Value = &'static [u8]> {
        prop_oneof![
            Just("é".as_bytes()),
            Just("«".as_bytes()),
            Just("\u{2026}".as_bytes()),
            Just("\u{2000}".as_bytes()),
            Just("联".as_bytes()),
            Just(&b"\x80"[..]),
            Just(&b"\x99"[..]),
            Just(&b"\xa0"[..]),
            Just(&b"\xe2\x80"[..]),
            Just(&b"\xc2"[..]),
            Just(&b"\xff"[..]),
        ]
    }

    /// Common text with a few rare pieces inserted anywhere, even inside a
    /// character.
    fn walk_bytes() -> impl Strategy<Value = Vec<u8>> {
        (
            prop::collection::vec(common_piece(), 0..200),
            prop::collection::vec((any::<prop::sample::Index>(), rare_piece()), 0..3),
        )
            .prop_map(|(common, rare)| inserted(common.concat(), rare))
    }

    /// `bytes` with each piece inserted at its place (an index into the
    /// bytes as they are by then).
    fn inserted(mut bytes: Vec<u8>, pieces: Vec<(prop::sample::Index, &'static [u8])>) -> Vec<u8> {
        for (at, piece) in pieces {
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, piece.iter().copied());
        }
        bytes
    }

    proptest! {
        // Each case is small; many are needed for a rare piece to meet
        // every offset of a block.
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// With a needle's skips, the walk visits every character it may
        /// not skip and only character starts, in order; and it ends with
        /// `None` exactly when the bytes are not UTF-8, wherever in its
        /// 64-byte blocks the bad byte falls.
        #[test]
        fn walk_with_skips(
            bytes in walk_bytes(),
            needle in prop::sample::select(vec!["capacity building", "y b", "building", "a"]),
        ) {
            let table = RoleTable::new(needle.as_bytes());
            let skips = *table.skips();
            let mut visited = Vec::new();
            let walked = visit(&bytes, true, &skips, |i| {
                let len = utf8_len(bytes[i])?;
                let c = std::str::from_utf8(bytes.get(i..i + len)?).ok()?;
                visited.push(i);
                Some(i + c.len())
            });
            match std::str::from_utf8(&bytes) {
                Err(_) => prop_assert_eq!(walked, None),
                Ok(text) => {
                    prop_assert_eq!(walked, Some(()));
                    let all = may_skip(text, &skips);
                    let required: Vec<usize> =
                        all.iter().filter(|(_, skip)| !skip).map(|(i, _)| *i).collect();
                    let starts: Vec<usize> = all.iter().map(|(i, _)| *i).collect();
                    prop_assert!(visited.windows(2).all(|w| w[0] < w[1]));
                    prop_assert!(visited.iter().all(|i| starts.contains(i)));
                    prop_assert!(required.iter().all(|i| visited.contains(i)));
                }
            }
        }
    }
}
