//! Saved web pages: the main content only, through a real HTML parser
//! (html5ever via `scraper`), never regular expressions.
//!
//! The content is the page's `<main>`, `[role=main]` or `<article>` (the
//! longest when there are several), else `<body>`; inside it, navigation,
//! headers, footers, asides, forms, scripts, styles and anything whose class
//! or id names a cookie banner, menu, share bar or breadcrumb are skipped.
//! Headings become Markdown `#` headings, block elements paragraphs, and
//! `<strong>Name:</strong>` at the start of a paragraph stays `Name:`, the
//! prefix the text parser reads. Entities are decoded by the parser.

use std::collections::{HashMap, HashSet};

use scraper::{ElementRef, Html, Node, Selector};

use crate::ingest::decode::{self, Decoded};

use super::{Extracted, TextBuilder};

/// Elements whose content is never the page's text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "button", "select", "textarea", "object", "canvas", "dialog", "menu",
    "figure",
];

/// Words in a class or id that mark page furniture.
const FURNITURE: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "banner",
    "navbar",
    "nav-",
    "menu",
    "breadcrumb",
    "share",
    "social",
    "sidebar",
    "footer",
    "header",
    "subscribe",
    "newsletter",
    "related",
    "comments",
    "skip-link",
    "visually-hidden",
    "sr-only",
    "advert",
    "promo",
    "modal",
    "popup",
    "print",
    "links",
    "tabs",
    "pager",
    "toolbar",
];

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "br",
    "hr",
    "address",
    "center",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
];

/// Extracts the main content of an HTML page.
pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let source = match decode::decode(bytes) {
        Decoded::Text { text, .. } => text,
        Decoded::Binary { warning } => return Err(warning.message),
    };
    let page = Html::parse_document(&source);
    let root = main_content(&page).unwrap_or_else(|| page.root_element());
    let mut out = TextBuilder::default();
    walk(root, &mut out);
    Ok(Extracted {
        text: drop_running_heads(&out.finish()),
        ..Extracted::default()
    })
}

/// Pages saved from a paged original (a Hansard converted from Word) repeat
/// its running head ("UNREVISED HANSARD", "NATIONAL ASSEMBLY", "Wednesday,
/// 22 May 2013 Take: 375") at every page break: a short paragraph without
/// sentence punctuation seen three times or more (numbers aside) is kept
/// where it first stands and dropped after.
fn drop_running_heads(text: &str) -> String {
    let is_head = |p: &str| {
        p.len() < 160 && !p.ends_with(['.', '!', '?', ':', ';', ',']) && !p.starts_with('#')
    };
    let key = |p: &str| -> String {
        p.chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in text.split("\n\n").map(str::trim).filter(|p| is_head(p)) {
        *seen.entry(key(p)).or_default() += 1;
    }
    let mut kept = HashSet::new();
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .filter(|p| {
            let p = p.trim();
            if !is_head(p) {
                return true;
            }
            let k = key(p);
            seen.get(&k).is_none_or(|n| *n < 3) || kept.insert(k)
        })
        .collect();
    let mut out = paragraphs.join("\n\n");
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The element holding the page's main content, when the page marks one.
fn main_content(page: &Html) -> Option<ElementRef<'_>> {
    for selector in [
        "main",
        "[role=main]",
        "article",
        "#content",
        ".content",
        "body",
    ] {
        let Ok(selector) = Selector::parse(selector) else {
            continue;
        };
        let best = page
            .select(&selector)
            .filter(|e| !is_furniture(*e))
            .max_by_key(|e| e.text().map(str::len).sum::<usize>());
        if let Some(best) = best
            && best.text().any(|t| !t.trim().is_empty())
        {
            return Some(best);
        }
    }
    None
}

fn is_furniture(e: ElementRef<'_>) -> bool {
    let el = e.value();
    if SKIPPED.contains(&el.name())
        || el.attr("hidden").is_some()
        || el.attr("aria-hidden") == Some("true")
    {
        return true;
    }
    if matches!(
        el.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "dialog" | "alertdialog")
    ) {
        return true;
    }
    let marks = [el.attr("class").unwrap_or(""), el.attr("id").unwrap_or("")];
    marks.iter().any(|m| {
        let m = m.to_ascii_lowercase();
        FURNITURE.iter().any(|f| m.contains(f))
    })
}

fn walk(e: ElementRef<'_>, out: &mut TextBuilder) {
    let name = e.value().name();
    let heading = match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(usize::from(d - b'0')),
        _ => None,
    };
    let block = BLOCKS.contains(&name);
    if block {
        out.end_paragraph();
    }
    if let Some(level) = heading {
        let text: String = e.text().collect::<Vec<_>>().join(" ");
        if !text.trim().is_empty() {
            out.push_words(&"#".repeat(level));
            out.push_words(&text);
        }
        out.end_paragraph();
        return;
    }
    for child in e.children() {
        match child.value() {
            Node::Text(t) => out.push_words(t),
            Node::Element(_) => {
                if let Some(el) = ElementRef::wrap(child)
                    && !is_furniture(el)
                {
                    walk(el, out);
                }
            }
            _ => {}
        }
    }
    if block {
        out.end_paragraph();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_content_with_labels_and_headings() {
        let page = r#"<html><head><title>t</title><script>var x = "Leave";</script></head>
<body><nav><a href="/">Home</a></nav><div class="cookie-banner">We use cookies</div>
<main><h2>Agenda item 5</h2><p><strong>Ms. Doe:</strong> Thank you,&nbsp;Chair &amp; colleagues.</p>
<p><b>Mr. Roe (France):</b> We agree.</p></main><footer>Contact us</footer></body></html>"#;
        let got = extract(page.as_bytes()).unwrap();
        assert_eq!(
            got.text,
            "## Agenda item 5\n\nMs. Doe: Thank you, Chair & colleagues.\n\nMr. Roe (France): We agree.\n"
        );
    }

    #[test]
    fn running_heads_of_a_paged_original_are_kept_once() {
        let text = "UNREVISED HANSARD\n\nTake: 1\n\nOne.\n\nUNREVISED HANSARD\n\nTake: 2\n\nTwo.\n\nUNREVISED HANSARD\n\nTake: 3\n";
        assert_eq!(
            drop_running_heads(text),
            "UNREVISED HANSARD\n\nTake: 1\n\nOne.\n\nTwo.\n"
        );
    }
}
