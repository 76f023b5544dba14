//! Wrapping text into display rows by terminal column width.
//!
//! The unit of text is the extended grapheme cluster (what a reader sees as
//! one character); its width is [`UnicodeWidthStr::width`] of the cluster,
//! capped at 2 columns (so CJK ideographs and emoji ZWJ sequences take 2,
//! combining marks add nothing to their base).
//!
//! # Break opportunities
//!
//! - **Break whitespace**: a cluster made only of whitespace characters other
//!   than the no-break spaces U+00A0, U+2007 and U+202F (which glue their
//!   neighbours together), plus U+200B ZERO WIDTH SPACE. This includes `\n`
//!   and `\r\n`: text comes from hard-wrapped paragraphs which the reader
//!   unwraps, so a line end is just a space. Whitespace at a break is dropped,
//!   so rows never start or end with it; whitespace *inside* a row is kept in
//!   the row's range, one column per cluster (0 for U+200B) — render it with
//!   [`visible`], which shows tabs and line ends as a single space.
//! - **After a hyphen or dash** (`-`, U+2010, U+2012–U+2015) that follows
//!   non-whitespace content, before anything that is not itself a dash or
//!   closing punctuation: `well-|known`, `1990–|2000`, but not ` -5`.
//! - **Around CJK characters** (Han ideographs, kana, bopomofo): each one is a
//!   break opportunity on both sides, except before closing punctuation
//!   (`、。，」）` …) and after opening punctuation (`「（` …), and never next
//!   to a no-break space.
//!
//! A word wider than the row is broken between grapheme clusters.
//!
//! # The one overfull row
//!
//! A single cluster wider than `width` (a 2-column ideograph or emoji when
//! `width == 1`) cannot be split: it gets a row of its own, whose `width` is
//! then 2, greater than the requested width. No other row is ever wider than
//! `width`.
//!
//! Everything here runs in time linear in the length of the text.
//!
//! One file over ~600 lines, one thing: the width of a cluster, the break
//! rules and the wrapping loop are one rule, read together (about 470
//! lines of code, then their tests).

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// One display row: a byte range into the wrapped string, and its width in columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub range: Range<usize>,
    pub width: u16,
}

/// How a grapheme cluster takes part in line breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Break whitespace: a break opportunity, dropped at a break.
    Space,
    /// A no-break space or word joiner: never break on either side.
    Glue,
    /// A hyphen or dash: a break opportunity after it (inside a word).
    Dash,
    /// A CJK character: a break opportunity on both sides.
    Cjk,
    /// Punctuation that must not start a row (closing brackets, stops).
    Close,
    /// Punctuation that must not end a row (opening brackets).
    Open,
    /// Anything else.
    Other,
}

/// Whether `c` is break whitespace (see the module documentation).
fn is_break_space(c: char) -> bool {
    (c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}')) || c == '\u{200B}'
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'       // CJK radicals, Kangxi radicals
        | '\u{3005}'..='\u{3007}'     // 々 〆 〇
        | '\u{3021}'..='\u{3029}'     // Hangzhou numerals
        | '\u{3031}'..='\u{3035}'
        | '\u{3038}'..='\u{303C}'
        | '\u{3041}'..='\u{3096}'     // Hiragana
        | '\u{309F}'..='\u{30FA}'     // Katakana
        | '\u{30FF}'
        | '\u{3105}'..='\u{312F}'     // Bopomofo
        | '\u{31A0}'..='\u{31BF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'     // Extension A
        | '\u{4E00}'..='\u{9FFF}'     // Unified ideographs
        | '\u{F900}'..='\u{FAFF}'     // Compatibility ideographs
        | '\u{20000}'..='\u{3FFFD}') // Extensions B and later
}

fn is_close(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '»'
            | '\u{2019}'
            | '\u{201D}'
            | '、'
            | '。'
            | '〉'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〗'
            | '〙'
            | '〛'
            | '〞'
            | '〟'
            | '゛'
            | '゜'
            | 'ー'
            | '・'
            | '！'
            | '）'
            | '，'
            | '．'
            | '：'
            | '；'
            | '？'
            | '］'
            | '｝'
            | '｡'
            | '｣'
            | '､'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | '々'
    )
}

fn is_open(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '«'
            | '\u{2018}'
            | '\u{201C}'
            | '〈'
            | '《'
            | '「'
            | '『'
            | '【'
            | '〔'
            | '〖'
            | '〘'
            | '〚'
            | '〝'
            | '（'
            | '［'
            | '｛'
            | '｢'
    )
}

fn classify(g: &str) -> Class {
    let mut chars = g.chars();
    let Some(first) = chars.next() else {
        return Class::Other;
    };
    if is_break_space(first) && chars.clone().all(is_break_space) {
        return Class::Space;
    }
    if first.is_ascii() && g.len() == 1 {
        return match first {
            '-' => Class::Dash,
            '(' | '[' | '{' => Class::Open,
            ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}' => Class::Close,
            _ => Class::Other,
        };
    }
    match first {
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2060}' | '\u{FEFF}' | '\u{2011}' => Class::Glue,
        '\u{2010}' | '\u{2012}'..='\u{2015}' => Class::Dash,
        c if is_close(c) => Class::Close,
        c if is_open(c) => Class::Open,
        c if is_cjk(c) => Class::Cjk,
        _ => Class::Other,
    }
}

/// Width in columns of one grapheme cluster of the given class.
fn cluster_width(g: &str, class: Class) -> usize {
    if class == Class::Space {
        // Each whitespace cluster shows as one space (`\r\n` included);
        // a zero width space shows as nothing.
        usize::from(g != "\u{200B}")
    } else {
        UnicodeWidthStr::width(g).min(2)
    }
}

/// Width in columns of one grapheme cluster, as [`wrap`] counts it.
fn grapheme_width(g: &str) -> usize {
    if g.len() == 1 {
        // ASCII: printable characters and whitespace controls are one column.
        let b = g.as_bytes()[0];
        return if b.is_ascii_graphic() || b == b' ' || b == b'\t' || b == b'\n' {
            1
        } else {
            cluster_width(g, classify(g))
        };
    }
    cluster_width(g, classify(g))
}

/// Display width of `s` in columns, counted exactly as [`wrap`] counts it:
/// the sum over grapheme clusters, each capped at 2 columns, whitespace
/// (tabs and line ends included) one column per cluster.
pub fn display_width(s: &str) -> usize {
    let simple_ascii = s
        .bytes()
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace() || b == b'\x0b');
    if simple_ascii {
        // One column per byte, except that "\r\n" is one cluster.
        return s.len() - memchr::memmem::find_iter(s.as_bytes(), b"\r\n").count();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// The longest prefix of `s` that ends on a grapheme boundary and is at most
/// `width` columns wide (as [`display_width`] counts).
pub fn truncate_to_width(s: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        used += grapheme_width(g);
        if used > width {
            return &s[..i];
        }
    }
    s
}

/// `s` as it should be drawn: each tab, line end (`\n`, `\r\n`, `\r`,
/// U+2028, U+2029) or other whitespace control character becomes one space, so a row's text
/// takes exactly the columns [`wrap`] counted. Borrows when nothing changes.
pub fn visible(s: &str) -> Cow<'_, str> {
    let needs =
        |c: char| c.is_whitespace() && (c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'));
    if !s.chars().any(needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(needs) {
        out.push_str(&rest[..i]);
        out.push(' ');
        let skip = if rest[i..].starts_with("\r\n") {
            2
        } else {
            rest[i..].chars().next().map_or(1, char::len_utf8)
        };
        rest = &rest[i + skip..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether a row may break between two adjacent non-space clusters.
fn can_break_between(before: Class, before_in_word: bool, after: Class) -> bool {
    use Class::*;
    if matches!(before, Glue | Open) || matches!(after, Glue | Close) {
        return false;
    }
    match (before, after) {
        (Dash, Dash) => false,
        (Dash, _) => before_in_word,
        (Cjk, _) | (_, Cjk) => true,
        _ => false,
    }
}

/// The state of the row being filled.
struct Line {
    start: usize,
    /// End of the last content cluster in the row.
    end: usize,
    /// Width up to `end`.
    width: usize,
    /// The last break opportunity inside the row, if any.
    brk: Option<Break>,
}

#[derive(Clone, Copy)]
struct Break {
    /// End of the content before the break (the row's end if broken here).
    end: usize,
    /// The row's width up to `end`.
    width: usize,
    /// Where the next row starts if broken here.
    next: usize,
    /// The row's width up to `next`.
    width_to_next: usize,
}

fn push_row(rows: &mut Vec<Row>, range: Range<usize>, width: usize) {
    rows.push(Row {
        range,
        width: u16::try_from(width).unwrap_or(u16::MAX),
    });
}

/// Wraps `text` to rows at most `width` columns wide.
///
/// Greedy: each row takes as many clusters as fit, breaking at the last
/// break opportunity (see the module documentation). Rows are in order, do
/// not overlap, start and end on grapheme boundaries, and together hold every
/// non-whitespace cluster of `text` exactly once.
///
/// `width == 0` gives no rows; an empty or all-whitespace `text` gives one
/// empty row (`0..0`, width 0). A cluster wider than `width` gets a row of
/// its own that is wider than `width` (only possible when `width == 1`).
pub fn wrap(text: &str, width: u16) -> Vec<Row> {
    let max = usize::from(width);
    if max == 0 {
        return Vec::new();
    }
    if text.is_ascii() {
        wrap_clusters(ascii_clusters(text), max)
    } else {
        wrap_clusters(text.grapheme_indices(true), max)
    }
}

/// The grapheme clusters of ASCII text, with their offsets: every byte is
/// one, except that `"\r\n"` is a single cluster.
fn ascii_clusters(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = i;
        if start >= bytes.len() {
            return None;
        }
        i += if bytes[start] == b'\r' && bytes.get(start + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        Some((start, &text[start..i]))
    })
}

fn wrap_clusters<'a>(clusters: impl Iterator<Item = (usize, &'a str)>, max: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut line: Option<Line> = None;
    // Whitespace seen since the last content cluster of the row: its width.
    let mut gap: Option<usize> = None;
    // The previous content cluster's class, and whether the one before that
    // was content too (so a dash is inside a word).
    let mut prev = Class::Space;
    let mut prev_in_word = false;

    for (i, g) in clusters {
        let class = classify(g);
        let w = cluster_width(g, class);
        if class == Class::Space {
            if line.is_some() {
                *gap.get_or_insert(0) += w;
            }
            prev_in_word = false;
            prev = Class::Space;
            continue;
        }
        let end = i + g.len();
        let before = prev;
        let before_in_word = prev_in_word;
        prev_in_word = before != Class::Space;
        prev = class;

        let Some(mut cur) = line.take() else {
            line = Some(Line {
                start: i,
                end,
                width: w,
                brk: None,
            });
            gap = None;
            continue;
        };
        let spaces = gap.take();
        let opportunity = spaces.is_some() || can_break_between(before, before_in_word, class);
        let sep = spaces.unwrap_or(0);
        loop {
            let fits = cur.width + sep + w <= max || (!opportunity && w == 0);
            if fits {
                if opportunity {
                    cur.brk = Some(Break {
                        end: cur.end,
                        width: cur.width,
                        next: i,
                        width_to_next: cur.width + sep,
                    });
                }
                cur.end = end;
                cur.width += sep + w;
                line = Some(cur);
                break;
            }
            if opportunity {
                // Break right here: the cluster starts the next row.
                push_row(&mut rows, cur.start..cur.end, cur.width);
            } else if let Some(b) = cur.brk {
                // Break at the last opportunity; the tail moves down and we
                // try again to fit this cluster after it.
                push_row(&mut rows, cur.start..b.end, b.width);
                cur = Line {
                    start: b.next,
                    end: cur.end,
                    width: cur.width - b.width_to_next,
                    brk: None,
                };
                continue;
            } else {
                // One word wider than the row: break between clusters.
                push_row(&mut rows, cur.start..cur.end, cur.width);
            }
            line = Some(Line {
                start: i,
                end,
                width: w,
                brk: None,
            });
            break;
        }
    }
    match line {
        Some(cur) => push_row(&mut rows, cur.start..cur.end, cur.width),
        None if rows.is_empty() => push_row(&mut rows, 0..0, 0),
        None => {}
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts<'a>(text: &'a str, rows: &[Row]) -> Vec<&'a str> {
        rows.iter().map(|r| &text[r.range.clone()]).collect()
    }

    fn lines(text: &str, width: u16) -> Vec<&str> {
        texts(text, &wrap(text, width))
    }

    #[test]
    fn ascii_words() {
        assert_eq!(
            lines("The quick brown fox jumps over the lazy dog", 10),
            ["The quick", "brown fox", "jumps over", "the lazy", "dog"]
        );
        let rows = wrap("The quick brown fox", 10);
        assert_eq!(
            rows[0],
            Row {
                range: 0..9,
                width: 9
            }
        );
        assert_eq!(
            rows[1],
            Row {
                range: 10..19,
                width: 9
            }
        );
    }

    #[test]
    fn exact_fit_and_runs_of_spaces() {
        assert_eq!(lines("abcde fghij", 5), ["abcde", "fghij"]);
        assert_eq!(lines("ab   cd     ef", 7), ["ab   cd", "ef"]);
        assert_eq!(
            lines("   leading and trailing   ", 40),
            ["leading and trailing"]
        );
    }

    #[test]
    fn empty_and_zero_width() {
        assert_eq!(
            wrap("", 10),
            [Row {
                range: 0..0,
                width: 0
            }]
        );
        assert_eq!(
            wrap("  \n ", 10),
            [Row {
                range: 0..0,
                width: 0
            }]
        );
        assert!(wrap("anything", 0).is_empty());
        assert!(wrap("", 0).is_empty());
    }

    #[test]
    fn long_word_breaks_at_clusters() {
        assert_eq!(lines("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(
            lines("to A/RES/70/1/Add.1 now", 6),
            ["to", "A/RES/", "70/1/A", "dd.1", "now"]
        );
    }

    #[test]
    fn newline_is_a_space() {
        assert_eq!(
            lines("one two\nthree four", 9),
            ["one two", "three", "four"]
        );
        // A line end inside a row is kept in the range but counts one column.
        let text = "one\ntwo";
        let rows = wrap(text, 20);
        assert_eq!(texts(text, &rows), ["one\ntwo"]);
        assert_eq!(rows[0].width, 7);
        assert_eq!(visible(&text[rows[0].range.clone()]), "one two");
        assert_eq!(visible("a\u{2028}b\u{85}c\r\nd\re"), "a b c d e");
        assert!(matches!(visible("plain"), Cow::Borrowed("plain")));
        assert_eq!(lines("one\r\ntwo", 5), ["one", "two"]);
        assert_eq!(wrap("one\r\ntwo", 9)[0].width, 7);
        assert_eq!(lines("a\tb", 2), ["a", "b"]);
        assert_eq!(wrap("a\tb", 3)[0].width, 3);
    }

    #[test]
    fn hyphens_and_dashes() {
        assert_eq!(lines("a well-known fact", 9), ["a well-", "known", "fact"]);
        assert_eq!(lines("years 1990–2000", 12), ["years 1990–", "2000"]);
        assert_eq!(lines("this—that", 6), ["this—", "that"]);
        // A leading minus is not a break opportunity.
        assert_eq!(lines("x -55555", 5), ["x", "-5555", "5"]);
        // Non-breaking hyphen U+2011 glues.
        assert_eq!(lines("ab\u{2011}cd", 4), ["ab\u{2011}c", "d"]);
    }

    #[test]
    fn cjk() {
        let text = "联合国大会";
        let rows = wrap(text, 4);
        assert_eq!(texts(text, &rows), ["联合", "国大", "会"]);
        assert_eq!(rows[0].width, 4);
        assert_eq!(rows[2].width, 2);
        // An odd width leaves a column free rather than splitting a cluster.
        assert_eq!(lines(text, 5), ["联合", "国大", "会"]);
        // No break before closing punctuation.
        assert_eq!(lines("大会。主席", 4), ["大", "会。", "主席"]);
        // Latin and CJK mixed: CJK gives opportunities at both sides.
        assert_eq!(lines("UN联合国", 5), ["UN联", "合国"]);
    }

    #[test]
    fn wide_cluster_at_width_one_gets_own_row() {
        let text = "a联b";
        let rows = wrap(text, 1);
        assert_eq!(texts(text, &rows), ["a", "联", "b"]);
        assert_eq!(rows[1].width, 2);
        let rows = wrap("👩‍👩‍👧x", 1);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].width, 2);
    }

    #[test]
    fn combining_marks() {
        let text = "cafe\u{301} cafe\u{301}";
        let rows = wrap(text, 4);
        assert_eq!(texts(text, &rows), ["cafe\u{301}", "cafe\u{301}"]);
        assert_eq!(rows[0].width, 4);
        // A long word is never split between a letter and its mark.
        assert_eq!(
            lines("e\u{301}e\u{301}e\u{301}", 2),
            ["e\u{301}e\u{301}", "e\u{301}"]
        );
    }

    #[test]
    fn emoji_zwj_is_one_cluster() {
        let family = "👩‍👩‍👧";
        assert_eq!(display_width(family), 2);
        let text = format!("{family}{family}{family}");
        let rows = wrap(&text, 5);
        assert_eq!(rows.len(), 2);
        assert_eq!(&text[rows[0].range.clone()], format!("{family}{family}"));
        assert_eq!(rows[0].width, 4);
    }

    #[test]
    fn nbsp_glues() {
        // "10 000" with a no-break space stays together.
        assert_eq!(
            lines("about 10\u{a0}000 people", 9),
            ["about", "10\u{a0}000", "people"]
        );
        assert_eq!(
            lines("M.\u{a0}Guterres said", 11),
            ["M.\u{a0}Guterres", "said"]
        );
        // A zero width space is an invisible break opportunity.
        assert_eq!(lines("abc\u{200B}def", 4), ["abc", "def"]);
        assert_eq!(wrap("abc\u{200B}def", 9)[0].width, 6);
    }

    #[test]
    fn widths_and_truncation() {
        assert_eq!(display_width(""), 0);
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("a\tb\r\nc"), 5);
        assert_eq!(display_width("联合国"), 6);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(truncate_to_width("联合国", 5), "联合");
        assert_eq!(truncate_to_width("e\u{301}e\u{301}", 1), "e\u{301}");
        assert_eq!(truncate_to_width("abc", 0), "");
        assert_eq!(truncate_to_width("abc", 10), "abc");
    }

    #[test]
    fn long_inputs_are_fast() {
        let para = "Mr. President, the delegation of Türkiye wishes to thank you. ".repeat(80);
        let rows = wrap(&para, 40);
        assert!(rows.iter().all(|r| r.width <= 40));
        // 2 MB with no break opportunity at all (quadratic work would take
        // hours; this is linear, and kept small for unoptimised test builds).
        let big = "x".repeat(2_000_000);
        let rows = wrap(&big, 80);
        assert_eq!(rows.len(), 25_000);
        // 1.5 MB of one long dashed "word": every row breaks at a dash.
        let dashed = "ab-".repeat(500_000);
        let rows = wrap(&dashed, 80);
        let (last, full) = rows.split_last().unwrap();
        assert!(full.iter().all(|r| r.width == 78));
        assert!(last.width <= 78);
    }

    fn strip_space(s: &str) -> String {
        s.graphemes(true)
            .filter(|g| classify(g) != Class::Space)
            .collect()
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            Just("a"),
            Just("word"),
            Just("longerword"),
            Just(" "),
            Just("  "),
            Just("\n"),
            Just("\r\n"),
            Just("\t"),
            Just("\u{a0}"),
            Just("\u{200B}"),
            Just("-"),
            Just("—"),
            Just("e\u{301}"),
            Just("\u{301}"),
            Just("联"),
            Just("合国"),
            Just("。"),
            Just("「"),
            Just("👩‍👩‍👧"),
            Just("🇺🇳"),
            Just("Ü"),
            Just("(x)"),
        ];
        prop_oneof![
            prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat()),
            any::<String>(),
        ]
    }

    proptest! {
        #[test]
        fn rows_are_well_formed(text in text_strategy(), width in 1u16..30) {
            let rows = wrap(&text, width);
            prop_assert!(!rows.is_empty());
            let boundaries: std::collections::HashSet<usize> = text
                .grapheme_indices(true)
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect();
            let mut last_end = 0;
            for row in &rows {
                let r = row.range.clone();
                prop_assert!(r.start <= r.end);
                prop_assert!(r.start >= last_end, "rows overlap or go back");
                last_end = r.end;
                prop_assert!(boundaries.contains(&r.start) && boundaries.contains(&r.end));
                let s = &text[r.clone()];
                prop_assert_eq!(usize::from(row.width), display_width(s));
                if row.width > width {
                    // The one exception: a single wide cluster at width 1
                    // (perhaps with zero-width clusters glued to it).
                    prop_assert_eq!(width, 1);
                    prop_assert_eq!(s.graphemes(true).filter(|g| grapheme_width(g) > 0).count(), 1);
                }
                if !s.is_empty() {
                    let first = s.graphemes(true).next().unwrap();
                    let last = s.graphemes(true).next_back().unwrap();
                    prop_assert!(classify(first) != Class::Space);
                    prop_assert!(classify(last) != Class::Space);
                }
            }
            let joined: String = rows.iter().map(|r| strip_space(&text[r.range.clone()])).collect();
            prop_assert_eq!(joined, strip_space(&text));
        }

        #[test]
        fn ascii_clusters_are_graphemes(text in "[ -~\r\n\t\x00-\x1f]{0,40}") {
            let ours: Vec<_> = ascii_clusters(&text).collect();
            let theirs: Vec<_> = text.grapheme_indices(true).collect();
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn truncate_fits(text in text_strategy(), width in 0usize..30) {
            let t = truncate_to_width(&text, width);
            prop_assert!(text.starts_with(t));
            prop_assert!(display_width(t) <= width);
            if t.len() < text.len() {
                let next = text[t.len()..].graphemes(true).next().unwrap();
                prop_assert!(display_width(t) + display_width(next) > width);
            }
        }

        #[test]
        fn display_width_is_sum_of_clusters(text in text_strategy()) {
            let sum: usize = text.graphemes(true).map(grapheme_width).sum();
            prop_assert_eq!(display_width(&text), sum);
            prop_assert_eq!(display_width(&visible(&text)), sum);
        }
    }
}
