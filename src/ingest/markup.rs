//! Inline Markdown and HTML markup, removed from the text before anything
//! else sees it, so that offsets into the canonical text never point at a `**`.
//!
//! Removal works line by line and never removes a newline, so the canonical
//! text keeps the file's line numbers. Block markup that carries structure
//! (`#` headings, `---` rules) stays; the line classifier reads it.

/// Removes inline markup from `text`; returns it unchanged (without copying)
/// when there is none.
pub fn strip_inline_markup(text: String) -> String {
    let bytes = text.as_bytes();
    // Only lines holding a marker byte are rewritten, and the text is copied
    // only once one of them changes: a lone `*` ("Required fields are
    // marked *") leaves the text as it is.
    let mut out: Option<String> = None;
    let mut line_out = String::new();
    let mut copied = 0;
    // Front matter keeps its own quoting (YAML's `\_` is a no-break space,
    // not a Markdown escape): `header::front_matter` decodes it.
    let mut at = front_matter_len(&text);
    let mut markers = Markers::default();
    while let Some(p) = markers.next(bytes, at) {
        let line_start = memchr::memrchr(b'\n', &bytes[..p]).map_or(0, |i| i + 1);
        let line_end = memchr::memchr(b'\n', &bytes[p..]).map_or(bytes.len(), |i| p + i);
        at = line_end;
        let line = &text[line_start..line_end];
        line_out.clear();
        strip_line(line, &mut line_out);
        if line_out == line {
            continue;
        }
        let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(&text[copied..line_start]);
        out.push_str(&line_out);
        copied = line_end;
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            out
        }
        None => text,
    }
}

/// The bytes of the front matter block at the start of `text` (its
/// fences included), 0 when there is none or it is never closed.
fn front_matter_len(text: &str) -> usize {
    let fence = match text.get(..4) {
        Some("---\n") => "---",
        Some("+++\n") => "+++",
        _ => return 0,
    };
    let mut at = 4;
    for line in text[4..].split_inclusive('\n') {
        at += line.len();
        if line.trim_end() == fence {
            return at;
        }
    }
    0
}

/// Finds bytes that may start markup with two memchr searches whose
/// results are kept until passed, so each byte is scanned about once.
#[derive(Default)]
struct Markers {
    /// Next `*`, `<` or `\\` at or after the last search point (None: none left).
    stars: Option<Option<usize>>,
    /// Next `_` or `]`.
    underscores: Option<Option<usize>>,
}

impl Markers {
    fn next(&mut self, bytes: &[u8], at: usize) -> Option<usize> {
        let refresh = |cached: &mut Option<Option<usize>>,
                       find: &dyn Fn(&[u8]) -> Option<usize>| {
            if cached.is_none_or(|c| c.is_some_and(|p| p < at)) {
                *cached = Some(find(&bytes[at..]).map(|i| at + i));
            }
            cached.flatten()
        };
        let a = refresh(&mut self.stars, &|b| memchr::memchr3(b'*', b'<', b'\\', b));
        let b = refresh(&mut self.underscores, &|b| memchr::memchr2(b'_', b']', b));
        match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Removes the markup of one line, appending the result to `out`.
pub fn strip_line(line: &str, out: &mut String) {
    if !line.contains(['*', '<', '\\', '_', ']']) {
        out.push_str(line);
        return;
    }
    let strong = paired_markers(line, "**");
    let strong_underscore = paired_markers(line, "__");
    let emphasis = emphasis_markers(line, b'*');
    let emphasis_underscore = emphasis_markers(line, b'_');
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &line[i..];
        if strong.contains(&i) || strong_underscore.contains(&i) {
            i += 2;
            continue;
        }
        if emphasis.contains(&i) || emphasis_underscore.contains(&i) {
            i += 1;
            continue;
        }
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                out.push(bytes[i + 1] as char);
                i += 2;
                continue;
            }
            b'<' => {
                if let Some(consumed) = html(rest, out) {
                    i += consumed;
                    continue;
                }
            }
            b'[' => {
                if let Some(consumed) = link(rest, out) {
                    i += consumed;
                    continue;
                }
            }
            _ => {}
        }
        let c = rest.chars().next().expect("i is on a char boundary");
        out.push(c);
        i += c.len_utf8();
    }
}

/// Byte positions of `marker` occurrences that pair up (an odd last one
/// stays as text).
fn paired_markers(line: &str, marker: &str) -> Vec<usize> {
    let mut found: Vec<usize> = line.match_indices(marker).map(|(i, _)| i).collect();
    // "***" is "**" then "*": take positions greedily without overlap.
    found.dedup_by(|b, a| *b < *a + marker.len());
    if found.len() % 2 == 1 {
        found.pop();
    }
    found
}

/// Byte positions of single `*`/`_` emphasis markers that open and close a
/// span: an opener is followed by a non-space, a closer preceded by one, and
/// `_` never counts inside a word (`file_name`).
fn emphasis_markers(line: &str, marker: u8) -> Vec<usize> {
    let bytes = line.as_bytes();
    let is_single = |i: usize| {
        bytes[i] == marker
            && (i == 0 || bytes[i - 1] != marker)
            && bytes.get(i + 1) != Some(&marker)
    };
    let mut result = Vec::new();
    let mut opener: Option<usize> = None;
    for i in 0..bytes.len() {
        if !is_single(i) {
            continue;
        }
        let before = if i == 0 { b' ' } else { bytes[i - 1] };
        let after = bytes.get(i + 1).copied().unwrap_or(b' ');
        let space_after = after == b' ' || after == b'\t';
        let space_before = before == b' ' || before == b'\t';
        let intraword = before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric();
        if marker == b'_' && intraword {
            continue;
        }
        match opener {
            Some(open) if !space_before && i > open + 1 => {
                result.push(open);
                result.push(i);
                opener = None;
            }
            _ if !space_after && (i == 0 || !before.is_ascii_alphanumeric() || marker == b'*') => {
                opener = Some(i);
            }
            _ => {}
        }
    }
    result
}

/// Tags that only style text; their content stays.
const STYLE_TAGS: &[&str] = &[
    "b", "i", "u", "em", "strong", "span", "p", "br", "sub", "small", "mark", "s", "del", "ins",
    "font", "div", "abbr", "cite", "code",
];

/// Handles an HTML tag or autolink at the start of `rest`; returns how many
/// bytes it consumed.
fn html(rest: &str, out: &mut String) -> Option<usize> {
    let close = rest.find('>')?;
    let inner = &rest[1..close];
    if inner.starts_with("http://") || inner.starts_with("https://") || inner.starts_with("mailto:")
    {
        if inner.contains(char::is_whitespace) {
            return None;
        }
        out.push_str(inner);
        return Some(close + 1);
    }
    if let Some(after) = rest.strip_prefix("<sup>") {
        let end = after.find("</sup>")?;
        let content = &after[..end];
        if !content.is_empty() && content.bytes().all(|b| b.is_ascii_digit()) {
            out.extend(content.chars().map(superscript_digit));
        } else {
            out.push_str(content);
        }
        return Some("<sup>".len() + end + "</sup>".len());
    }
    let name = inner
        .trim_start_matches('/')
        .trim_end_matches('/')
        .split(|c: char| c.is_whitespace())
        .next()?;
    STYLE_TAGS
        .iter()
        .any(|tag| tag.eq_ignore_ascii_case(name))
        .then_some(close + 1)
}

/// A Markdown link `[text](url)` at the start of `rest` becomes its text.
fn link(rest: &str, out: &mut String) -> Option<usize> {
    let close = rest.find("](")?;
    let text = &rest[1..close];
    if text.contains(['[', ']']) {
        return None;
    }
    let after = &rest[close + 2..];
    let end = after.find(')')?;
    if after[..end].contains(char::is_whitespace) {
        return None;
    }
    out.push_str(text);
    Some(close + 2 + end + 1)
}

fn superscript_digit(d: char) -> char {
    match d {
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        _ => char::from_u32(0x2070 + d.to_digit(10).unwrap_or(0)).unwrap_or(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(s: &str) -> String {
        strip_inline_markup(s.to_string())
    }

    #[test]
    fn strong_and_emphasis_go() {
        assert_eq!(
            strip("**We believe** that *acquis* stays."),
            "We believe that acquis stays."
        );
        assert_eq!(
            strip("*Updated version: 12/02/2020*"),
            "Updated version: 12/02/2020"
        );
        assert_eq!(
            strip("__strong__ and _em_ but file_name"),
            "strong and em but file_name"
        );
    }

    #[test]
    fn lone_stars_and_bullets_stay() {
        assert_eq!(
            strip("Required fields are marked *"),
            "Required fields are marked *"
        );
        assert_eq!(strip("* first point"), "* first point");
        assert_eq!(strip("2 * 3 = 6"), "2 * 3 = 6");
    }

    #[test]
    fn footnote_marks_become_superscripts() {
        assert_eq!(strip("Weapons (PoA)<sup>1</sup>."), "Weapons (PoA)¹.");
        assert_eq!(strip("the 6<sup>th</sup> GGE"), "the 6th GGE");
        assert_eq!(
            strip("<sup>1</sup> <https://www.un.org/disarmament/>"),
            "¹ https://www.un.org/disarmament/"
        );
    }

    #[test]
    fn escapes_links_and_style_tags() {
        assert_eq!(
            strip(r"\[Inaudible\] and 1\. item"),
            "[Inaudible] and 1. item"
        );
        assert_eq!(
            strip("see [the report](https://un.org/x) now"),
            "see the report now"
        );
        assert_eq!(strip("a <em>b</em> <br/> c"), "a b  c");
        assert_eq!(strip("a < b and c > d"), "a < b and c > d");
        assert_eq!(strip("[Mr Chair, thanks.] ok"), "[Mr Chair, thanks.] ok");
    }

    #[test]
    fn lines_are_kept() {
        let text = "**a**\n\n*b*\r\nc";
        assert_eq!(strip(text).matches('\n').count(), 3);
    }

    #[test]
    fn unchanged_text_is_not_copied() {
        for text in [
            "plain text\nwithout markup",
            "Required fields are marked *\nand 2 * 3 = 6, a_b",
        ] {
            let text = String::from(text);
            let ptr = text.as_ptr();
            let stripped = strip_inline_markup(text);
            assert_eq!(stripped.as_ptr(), ptr);
        }
    }

    #[test]
    fn only_changed_lines_are_rewritten() {
        assert_eq!(
            strip("a * b\n**c**\nd * e\n_f_\ng"),
            "a * b\nc\nd * e\nf\ng"
        );
    }
}
