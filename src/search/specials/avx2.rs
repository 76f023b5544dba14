//! The walk of a raw file with AVX2, on CPUs that have it (asked once at
//! run time): one pass, 64 bytes at a time, finds the characters a needle
//! must look at, the control characters, and the bytes that may start
//! inline markup. The characters most needles pass over (curly quotes,
//! dashes, no-break spaces) are recognised from their bytes in all 64 lanes
//! at once rather than one at a time: a press briefing has one every 50
//! bytes, and deciding them one by one was half of a search's time.
//!
//! The only `unsafe` of the crate is here: calling a function compiled for
//! AVX2, sound once the CPU is known to have it, and unaligned loads from
//! arrays of known length.
#![allow(unsafe_code)]

use std::arch::x86_64::{
    __m256i, _mm_loadu_si128, _mm256_and_si256, _mm256_broadcastsi128_si256, _mm256_cmpeq_epi8,
    _mm256_cmpgt_epi8, _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
    _mm256_setzero_si256, _mm256_shuffle_epi8, _mm256_srli_epi16,
};

use super::{NoBreakSpace, Skips, is_special};

/// Whether this CPU has AVX2 and POPCNT, which the walk is compiled for
/// (the standard library asks once and keeps the answer).
pub fn available() -> bool {
    is_x86_feature_detected!("avx2") && is_x86_feature_detected!("popcnt")
}

/// [`super::visit`] of `raw` bytes, which also pushes to `markup` the offset
/// of each byte that may start inline markup (`*`, `<`, `\`, `_`, `]`), in
/// order. It may visit fewer characters than [`super::visit`]: a no-break
/// space is also passed over after a character no occurrence can end with.
///
/// Panics when the CPU has no AVX2 (see [`available`]).
pub fn visit_raw(
    bytes: &[u8],
    skips: &Skips,
    visit: impl FnMut(usize) -> Option<usize>,
    markup: &mut Vec<usize>,
) -> Option<()> {
    assert!(
        available(),
        "the AVX2 walk needs a CPU with AVX2 and POPCNT"
    );
    // SAFETY: the CPU has AVX2 and POPCNT, checked just above.
    unsafe { walk(bytes, skips, visit, markup) }
}

/// Bytes read for a block of 64: the block and the two after it, which
/// hold the rest of a character starting in its last lanes.
const WINDOW: usize = 66;

/// Classes of ASCII bytes, one bit each, looked up by each half of a byte
/// (a byte is in a class when both its halves' entries have the bit).
const CONTROL_0: u8 = 1; // 0x00-0x08, 0x0B-0x0F
const CONTROL_1: u8 = 2; // 0x10-0x1F
const DELETE: u8 = 4; // 0x7F
const MARKUP_2: u8 = 8; // *
const MARKUP_3: u8 = 16; // <
const MARKUP_5: u8 = 32; // \ ] _
const CONTROL: u8 = CONTROL_0 | CONTROL_1 | DELETE;
const MARKUP: u8 = MARKUP_2 | MARKUP_3 | MARKUP_5;

/// The classes' entries for a byte's low half.
const BY_LOW_HALF: [u8; 16] = {
    let mut t = [0u8; 16];
    let mut low = 0;
    while low < 16 {
        if low != 0x9 && low != 0xA {
            t[low] |= CONTROL_0;
        }
        t[low] |= CONTROL_1;
        low += 1;
    }
    t[0xA] |= MARKUP_2;
    t[0xC] |= MARKUP_3 | MARKUP_5;
    t[0xD] |= MARKUP_5;
    t[0xF] |= MARKUP_5 | DELETE;
    t
};

/// The classes' entries for a byte's high half (none for non-ASCII bytes).
const BY_HIGH_HALF: [u8; 16] = {
    let mut t = [0u8; 16];
    t[0x0] = CONTROL_0;
    t[0x1] = CONTROL_1;
    t[0x2] = MARKUP_2;
    t[0x3] = MARKUP_3;
    t[0x5] = MARKUP_5;
    t[0x7] = DELETE;
    t
};

/// 32 bytes of `window` from `at`.
#[target_feature(enable = "avx2")]
#[inline]
fn load(window: &[u8; WINDOW], at: usize) -> __m256i {
    let bytes: &[u8; 32] = window[at..at + 32].try_into().expect("32 bytes");
    // SAFETY: `bytes` is 32 readable bytes, and the load needs no alignment.
    unsafe { _mm256_loadu_si256(bytes.as_ptr().cast()) }
}

/// A 16-entry table in both halves of a vector, for byte lookups.
#[target_feature(enable = "avx2")]
#[inline]
fn table(entries: &[u8; 16]) -> __m256i {
    // SAFETY: `entries` is 16 readable bytes, and the load needs no alignment.
    let half = unsafe { _mm_loadu_si128(entries.as_ptr().cast()) };
    _mm256_broadcastsi128_si256(half)
}

/// [`visit_raw`], compiled for AVX2 and POPCNT.
#[target_feature(enable = "avx2,popcnt")]
fn walk(
    bytes: &[u8],
    skips: &Skips,
    mut visit: impl FnMut(usize) -> Option<usize>,
    markup: &mut Vec<usize>,
) -> Option<()> {
    let splat = |b: u8| _mm256_set1_epi8(b as i8);
    let zero = _mm256_setzero_si256();
    let by_low = table(&BY_LOW_HALF);
    let by_high = table(&BY_HIGH_HALF);
    let classes = |v: __m256i| {
        let low = _mm256_and_si256(v, splat(0x0F));
        let high = _mm256_and_si256(_mm256_srli_epi16::<4>(v), splat(0x0F));
        _mm256_and_si256(
            _mm256_shuffle_epi8(by_low, low),
            _mm256_shuffle_epi8(by_high, high),
        )
    };
    let bits = |lo: __m256i, hi: __m256i| {
        u64::from(_mm256_movemask_epi8(lo) as u32)
            | u64::from(_mm256_movemask_epi8(hi) as u32) << 32
    };
    let in_class =
        |c: __m256i, class: u8| _mm256_cmpgt_epi8(_mm256_and_si256(c, splat(class)), zero);
    // Continuation bytes met, and those the characters seen account for.
    let mut continuations = 0u64;
    let mut accounted = 0u64;
    // Characters no occurrence can end with whose last byte is among the
    // previous block's last lanes, as this block's bits.
    let mut carried = 0u64;
    let scalar = |range: std::ops::Range<usize>,
                  visit: &mut dyn FnMut(usize) -> Option<usize>,
                  continuations: &mut u64,
                  accounted: &mut u64,
                  markup: &mut Vec<usize>|
     -> Option<()> {
        for i in range {
            let b = bytes[i];
            if (0x80..0xC0).contains(&b) {
                *continuations += 1;
            } else if is_special(b, true) {
                *accounted += (visit(i)? - i - 1) as u64;
            } else if matches!(b, b'*' | b'<' | b'\\' | b'_' | b']') {
                markup.push(i);
            }
        }
        Some(())
    };
    // The first byte alone, so that every block has a byte before it.
    let first = bytes.len().min(1);
    scalar(
        0..first,
        &mut visit,
        &mut continuations,
        &mut accounted,
        markup,
    )?;
    let mut at = first;
    while at + WINDOW <= bytes.len() {
        let window: &[u8; WINDOW] = bytes[at..at + WINDOW].try_into().expect("a window");
        let (v0, v1) = (load(window, 0), load(window, 32));
        let (c0, c1) = (classes(v0), classes(v1));
        // Classes are below 0x80, so "above zero" finds them; non-ASCII
        // bytes have the sign bit already.
        let any = _mm256_or_si256(_mm256_or_si256(c0, c1), _mm256_or_si256(v0, v1));
        if _mm256_movemask_epi8(_mm256_or_si256(any, _mm256_cmpgt_epi8(any, zero))) == 0 {
            carried = 0;
            at += 64;
            continue;
        }
        let non_ascii = bits(v0, v1);
        let classed = _mm256_cmpgt_epi8(_mm256_or_si256(c0, c1), zero);
        let (mut markup_bits, control) = if _mm256_movemask_epi8(classed) == 0 {
            (0, 0)
        } else {
            (
                bits(in_class(c0, MARKUP), in_class(c1, MARKUP)),
                bits(in_class(c0, CONTROL), in_class(c1, CONTROL)),
            )
        };
        let mut relevant = 0;
        if non_ascii == 0 {
            carried = 0;
        } else {
            // One mask over both halves from a per-half test.
            macro_rules! lanes {
                (|$v:ident, $k:ident| $test:expr) => {{
                    let test = |$v: __m256i, $k: usize| $test;
                    bits(test(v0, 0), test(v1, 32))
                }};
            }
            // Signed, continuation bytes are the ones below 0xC0 (-64).
            let cont = bits(
                _mm256_cmpgt_epi8(splat(0xC0), v0),
                _mm256_cmpgt_epi8(splat(0xC0), v1),
            );
            // U+2010 to U+201F: E2 80 9x.
            let quote = if skips.quotes {
                lanes!(|v, k| {
                    let second = _mm256_cmpeq_epi8(load(window, k + 1), splat(0x80));
                    let third = _mm256_and_si256(load(window, k + 2), splat(0xF0));
                    _mm256_and_si256(
                        _mm256_and_si256(_mm256_cmpeq_epi8(v, splat(0xE2)), second),
                        _mm256_cmpeq_epi8(third, splat(0x90)),
                    )
                })
            } else {
                0
            };
            // U+00A0: C2 A0.
            let nbsp = lanes!(|v, k| {
                _mm256_and_si256(
                    _mm256_cmpeq_epi8(v, splat(0xC2)),
                    _mm256_cmpeq_epi8(load(window, k + 1), splat(0xA0)),
                )
            });
            // U+00A1 to U+00BF: C2 then A1 to BF (signed, -95 to -65).
            let symbol = if skips.latin1_symbols {
                lanes!(|v, k| {
                    let second = load(window, k + 1);
                    let in_range = _mm256_and_si256(
                        _mm256_cmpgt_epi8(second, splat(0xA0)),
                        _mm256_cmpgt_epi8(splat(0xC0), second),
                    );
                    _mm256_and_si256(_mm256_cmpeq_epi8(v, splat(0xC2)), in_range)
                })
            } else {
                0
            };
            let nbsp_skipped = match skips.no_break_space {
                NoBreakSpace::Skip => nbsp,
                NoBreakSpace::Visit => 0,
                NoBreakSpace::SkipUnlessAfter(b) => {
                    // Either case of a letter: the case bit set, then compared.
                    let wanted = b.to_ascii_lowercase();
                    let case = if wanted.is_ascii_lowercase() { 0x20 } else { 0 };
                    let is_wanted = lanes!(|v, _k| _mm256_cmpeq_epi8(
                        _mm256_or_si256(v, splat(case)),
                        splat(wanted)
                    ));
                    let before = bytes[at - 1];
                    let before_not_other_ascii =
                        u64::from(!before.is_ascii() || before.eq_ignore_ascii_case(&b));
                    let after_other_ascii =
                        !((non_ascii | is_wanted) << 1 | before_not_other_ascii);
                    // A character whose folded form is not in the needle, or
                    // is a space where the needle has `b`, cannot stand for
                    // the needle's text before a space either.
                    let spaces = if b == b' ' { 0 } else { nbsp };
                    let after_passed_over = (spaces | symbol) << 2 | quote << 3 | carried;
                    carried = (spaces | symbol) >> 62 | quote >> 61;
                    nbsp & (after_other_ascii | after_passed_over)
                }
            };
            let two_bytes = nbsp_skipped | symbol;
            continuations += u64::from(cont.count_ones());
            accounted += u64::from(two_bytes.count_ones()) + 2 * u64::from(quote.count_ones());
            relevant = non_ascii & !cont & !(two_bytes | quote);
        }
        let mut visits = relevant | control;
        while visits != 0 {
            let i = at + visits.trailing_zeros() as usize;
            visits &= visits - 1;
            accounted += (visit(i)? - i - 1) as u64;
        }
        while markup_bits != 0 {
            markup.push(at + markup_bits.trailing_zeros() as usize);
            markup_bits &= markup_bits - 1;
        }
        at += 64;
    }
    scalar(
        at..bytes.len(),
        &mut visit,
        &mut continuations,
        &mut accounted,
        markup,
    )?;
    (continuations == accounted).then_some(())
}
