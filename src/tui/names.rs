//! How a document is named on screen, one rule for the tree, the document
//! picker, the header and the corpus views' results: its title
//! ([`doc_name`]), and where titles would read alike (press briefings all
//! called "Press Briefing by Press Secretary …"), what tells them apart:
//! the date, else the symbol, else the end of the file name ([`tail`],
//! [`told_apart`]).

use crate::model::Document;
use crate::text::fit;
use crate::text::wrap::{display_width, truncate_to_width};

/// How a document is named in the tree and the picker: its title from
/// the header or front matter, else its file name.
pub fn doc_name(doc: &Document) -> &str {
    let title = doc.title.trim();
    if title.is_empty() {
        doc.id.rsplit('/').next().unwrap_or(&doc.id)
    } else {
        title
    }
}

/// The first of the metadata `keys` the document's header gives, on one
/// line.
pub fn meta(doc: &Document, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| doc.metadata.get(*k).filter(|v| !v.trim().is_empty()))
        .map(|v| crate::export::report::one_line(v))
}

/// What tells a document apart from others of the same title: its date,
/// else its symbol, else its file name.
pub fn tail(doc: &Document) -> String {
    meta(doc, &["date"])
        .or_else(|| meta(doc, &["symbol", "document_symbol"]))
        .unwrap_or_else(|| {
            crate::export::report::one_line(doc.id.rsplit('/').next().unwrap_or(&doc.id))
        })
}

/// `s` in at most `width` columns, cut in the middle: its start and its
/// end kept (the end of a file name is what tells it apart).
pub fn fit_middle(s: &str, width: usize, ellipsis: &str) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    let room = width.saturating_sub(display_width(ellipsis));
    if room < 4 {
        return truncate_to_width(s, width).to_string();
    }
    let head = truncate_to_width(s, room / 3);
    // The end: the longest suffix that fits in the rest.
    let rest = room - display_width(head);
    let mut start = s.len();
    for (i, _) in s.char_indices().rev() {
        if display_width(&s[i..]) > rest {
            break;
        }
        start = i;
    }
    format!("{head}{ellipsis}{}", &s[start..])
}

/// One document to name in a list of siblings: its name, what tells it
/// apart ([`tail`]) and what follows the name (a count, a mark).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub tail: String,
    pub suffix: String,
}

/// What the reader sees of a name in a row of `width` columns, its suffix
/// aside: two documents whose names are seen alike need their tails.
pub fn seen(named: &Named, width: usize, ellipsis: &str) -> String {
    fit(
        &named.name,
        "",
        width.saturating_sub(display_width(&named.suffix)),
        ellipsis,
    )
}

/// A document's label in `width` columns: its name cut with an ellipsis
/// before its suffix ([`fit`]), and when it reads `alike` another, its
/// tail before the suffix (" · 2024-10-07"), cut in the middle when long.
pub fn label(named: &Named, alike: bool, width: usize, ellipsis: &str) -> String {
    if !alike {
        return fit(&named.name, &named.suffix, width, ellipsis);
    }
    // The tail takes at most half the row; where the row is short, it is
    // kept before the count, and alone before nothing.
    let tail = format!(" · {}", fit_middle(&named.tail, width / 2, ellipsis));
    let with_count = format!("{tail}{}", named.suffix);
    let name_room =
        |suffix: &str| width.saturating_sub(display_width(suffix) + display_width(ellipsis));
    if name_room(&with_count) >= 3 {
        fit(&named.name, &with_count, width, ellipsis)
    } else if name_room(&tail) >= 3 {
        fit(&named.name, &tail, width, ellipsis)
    } else {
        fit_middle(&named.tail, width, ellipsis)
    }
}

/// The labels of sibling documents in `width` columns ([`label`]): where
/// two would read the same ([`seen`]), each keeps its tail, so that no two
/// siblings look alike.
pub fn told_apart(named: &[Named], width: usize, ellipsis: &str) -> Vec<String> {
    let seen: Vec<String> = named.iter().map(|n| seen(n, width, ellipsis)).collect();
    let mut alike = std::collections::HashMap::<&str, usize>::new();
    for s in &seen {
        *alike.entry(s.as_str()).or_default() += 1;
    }
    named
        .iter()
        .zip(&seen)
        .map(|(n, s)| label(n, alike[s.as_str()] > 1, width, ellipsis))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str, tail: &str) -> Named {
        Named {
            name: name.into(),
            tail: tail.into(),
            suffix: " (3)".into(),
        }
    }

    #[test]
    fn a_cut_keeps_both_ends() {
        assert_eq!(fit_middle("short", 10, "…"), "short");
        let s = "2024-10-02-press-gaggle-en-route-greenville-sc";
        let cut = fit_middle(s, 20, "…");
        assert_eq!(display_width(&cut), 20, "{cut}");
        assert!(
            cut.starts_with("2024-") && cut.ends_with("greenville-sc"),
            "{cut}"
        );
        assert_eq!(fit_middle(s, 3, "…"), "202");
    }

    #[test]
    fn siblings_that_read_alike_keep_their_tails() {
        let list = [
            named(
                "Press Briefing by Press Secretary Karine Jean-Pierre",
                "2024-10-07",
            ),
            named(
                "Press Briefing by Press Secretary Karine Jean-Pierre",
                "2024-10-09",
            ),
            named("Session 2-9 Transcript", "meeting-9"),
        ];
        let wide = told_apart(&list, 80, "…");
        assert_eq!(
            wide[0],
            "Press Briefing by Press Secretary Karine Jean-Pierre · 2024-10-07 (3)"
        );
        assert_eq!(wide[2], "Session 2-9 Transcript (3)", "no tail when alone");
        let narrow = told_apart(&list, 30, "…");
        assert_ne!(narrow[0], narrow[1]);
        for label in &narrow {
            assert!(display_width(label) <= 30, "{label}");
        }
        assert!(narrow[1].ends_with("2024-10-09 (3)"), "{}", narrow[1]);
        // Different titles that look alike once cut.
        let cut = told_apart(
            &[
                named("Background Press Call on Wisconsin", "2024-11-02"),
                named("Background Press Call on Milton", "2024-10-10"),
            ],
            22,
            "…",
        );
        assert_ne!(cut[0], cut[1], "{cut:?}");
        // A narrow tree: the dates kept before the counts.
        let tree = told_apart(&list[..2], 20, "…");
        assert_eq!(tree[0], "Press… · 2024-10-07", "{tree:?}");
        assert_ne!(tree[0], tree[1]);
        let tiny = told_apart(&list[..2], 8, "…");
        assert_ne!(tiny[0], tiny[1], "{tiny:?}");
    }
}
