//! Pure text utilities shared by the reader: no terminal, no I/O.
//!
//! - [`wrap`]: wrapping paragraphs into display rows by terminal column width,
//!   over grapheme clusters, breaking at word boundaries.
//! - [`fold`]: case- and diacritic-insensitive matching for search, with a
//!   map from folded offsets back to the original text.
//! - [`fuzzy`]: the pickers' fuzzy matcher, ranking by score.
//! - [`utf8`]: UTF-8 at the byte level.
//! - [`counted`]: a number with its noun, singular or plural.
//! - [`grouped`]: a number with its thousands grouped ("10,000").
//! - [`fit`]: a name cut to a width with an ellipsis, a suffix kept.

pub mod fold;
pub mod fuzzy;
pub mod utf8;
pub mod wrap;

/// `n`, its thousands grouped, and a noun in the number that fits:
/// "1 hit", "0 hits", "6,327 hits".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// `n` with a comma between groups of three digits: "3,412", "10,000",
/// "999".
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `name` then `suffix` in at most `width` columns: when they do not fit,
/// the name is cut at a grapheme boundary and ends in `ellipsis` ("…", or
/// "..." in ASCII), and the suffix (a count, a mark) is kept while at
/// least three columns of the name remain.
pub fn fit(name: &str, suffix: &str, width: usize, ellipsis: &str) -> String {
    use wrap::{display_width, truncate_to_width};
    if display_width(name) + display_width(suffix) <= width {
        return format!("{name}{suffix}");
    }
    let dots = display_width(ellipsis);
    let (suffix, room) = match width.checked_sub(display_width(suffix) + dots) {
        Some(room) if room >= 3 => (suffix, room),
        _ => ("", width.saturating_sub(dots)),
    };
    let cut = truncate_to_width(name, room).trim_end();
    if width < dots {
        return truncate_to_width(name, width).to_string();
    }
    format!("{cut}{ellipsis}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::{counted, fit, grouped};

    #[test]
    fn grouped_thousands() {
        let cases = [(0, "0"), (999, "999"), (1000, "1,000"), (3412, "3,412")];
        for (n, text) in cases {
            assert_eq!(grouped(n), text);
        }
        assert_eq!(grouped(10_000), "10,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn fit_cuts_with_an_ellipsis_and_keeps_the_suffix() {
        assert_eq!(fit("Egypt", " [2]", 20, "…"), "Egypt [2]");
        assert_eq!(
            fit("Press Briefing by Karine Jean-Pierre", " (14)", 20, "…"),
            "Press Briefing… (14)"
        );
        assert_eq!(fit("Press Briefing", " (14)", 8, "..."), "Press...");
        assert_eq!(fit("日本語の文書", "", 7, "…"), "日本語…");
        assert_eq!(fit("abc", "", 2, "..."), "ab");
        use crate::text::wrap::display_width;
        for w in 0..30 {
            let s = fit(
                "Statement by the Permanent Representative",
                " [3] ✎",
                w,
                "…",
            );
            assert!(display_width(&s) <= w, "{w}: {s}");
        }
    }

    #[test]
    fn counted_nouns() {
        assert_eq!(counted(0, "hit", "hits"), "0 hits");
        assert_eq!(counted(1, "document", "documents"), "1 document");
        assert_eq!(counted(2, "agenda item", "agenda items"), "2 agenda items");
        assert_eq!(counted(6327, "hit", "hits"), "6,327 hits");
    }
}
