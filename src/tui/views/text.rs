//! The text pane: only the visible rows of the cached layout are drawn,
//! with tags (theme colour, or underline and a marker without colour), a
//! bar in the gutter of tagged rows, suggestions, the selection and the
//! cursor.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::Theme;
use crate::annotate::Rgb;
use crate::text::wrap::{display_width, visible};
use crate::tui::annotate::TagSpan;
use crate::tui::document_view::RowKind;
use crate::tui::state::{App, Focus, GUTTER, Mode};

fn rgb(c: Rgb) -> Color {
    Color::Rgb(c.0, c.1, c.2)
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The open document's header above its text: title, date, symbol and
/// source (from its front matter), cut with an ellipsis to the row.
pub(super) fn header(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(d) = app.session.selection.doc else {
        return;
    };
    let doc = &app.session.docs[d];
    let meta = |keys: &[&str]| crate::tui::names::meta(doc, keys);
    let title = crate::export::report::one_line(crate::tui::names::doc_name(doc));
    let mut rest: Vec<String> = [
        meta(&["date"]),
        meta(&["symbol", "document_symbol"]),
        meta(&["source", "source_url", "url"]),
    ]
    .into_iter()
    .flatten()
    .collect();
    if rest.is_empty() || rest.len() == 1 && meta(&["date"]).is_some() {
        // No source named: where the document was read from.
        rest.push(doc.id.clone());
    }
    let dot = theme.deco(" · ");
    let rest = format!("{dot}{}", rest.join(&dot));
    let width = usize::from(area.width.saturating_sub(GUTTER));
    let ellipsis = theme.deco("…");
    // The title keeps at least half the row; the rest is cut first.
    let rest = crate::text::fit(
        &rest,
        "",
        width.saturating_sub(display_width(&title).min(width / 2)),
        &ellipsis,
    );
    let title = crate::text::fit(
        &title,
        "",
        width.saturating_sub(display_width(&rest)),
        &ellipsis,
    );
    let line = Line::from(vec![
        Span::styled(title, theme.heading),
        Span::styled(rest, theme.dim),
    ]);
    frame.buffer_mut().set_line(
        area.x + GUTTER,
        area.y,
        &line,
        area.width.saturating_sub(GUTTER),
    );
}

pub(super) fn render(app: &mut App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(doc) = app.session.selection.doc else {
        let note = if app.session.docs.is_empty() {
            theme.deco("Loading documents…")
        } else {
            "Select a document in the tree and press Enter, or o to find one by title. ? shows the keys.".into()
        };
        // Wrapped: at 80 columns the tree leaves the note fewer than 60.
        frame.render_widget(
            ratatui::widgets::Paragraph::new(Line::from(note))
                .style(theme.dim)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    };
    app.ensure_layout();
    let height = usize::from(area.height);
    let Some(view) = app.layout.as_ref().map(|(_, layout)| {
        let end = (app.scroll + height).min(layout.rows.len());
        let start = app.scroll.min(end);
        let from = layout.rows.get(start).map_or(0, |r| r.range.start);
        let to = layout.rows[start..end].last().map_or(from, |r| r.range.end);
        (start, end, from..to.max(from + 1))
    }) else {
        return;
    };
    let (start, end, visible_range) = view;
    let tags: Vec<TagSpan> = app
        .tag_spans_in(doc, &visible_range)
        .iter()
        .filter(|t| overlaps(&t.range, &visible_range) || t.range.start == visible_range.start)
        .cloned()
        .collect();
    let suggestions: Vec<(Range<usize>, Option<usize>)> = if app.notes.show_suggestions {
        let book = app.session.codebook.clone();
        app.suggestion_spans(doc)
            .iter()
            .filter(|(r, _)| overlaps(r, &visible_range))
            .map(|(r, s)| (r.clone(), book.index(&s.theme)))
            .collect()
    } else {
        Vec::new()
    };
    let note_turns: BTreeSet<usize> = {
        let d = &app.session.docs[doc];
        let index = crate::geometry::TurnIndex::new(d);
        app.session.anns[doc]
            .ann
            .notes
            .iter()
            .filter(|n| !n.orphaned)
            .filter_map(|n| index.locate(n.target.start).map(|p| p.turn))
            .collect()
    };
    let editing = app.focus == Focus::Text && app.mode == Mode::Normal;
    let cursor = app.notes.cursor;
    let selection = app
        .notes
        .anchor
        .map(|a| a.min(cursor)..a.max(cursor))
        .filter(|r| !r.is_empty());
    let book = &app.session.codebook;
    let Some((_, layout)) = app.layout.as_ref() else {
        return;
    };
    let Some(text) = app.texts[doc].as_deref() else {
        return;
    };
    let hits = &app.search.hits;
    let current_hit = app.search.current.and_then(|i| hits.get(i));
    let buf = frame.buffer_mut();
    let colour_of = |theme_index: Option<usize>| {
        theme_index
            .and_then(|i| book.themes.get(i))
            .map_or(Color::Gray, |t| rgb(t.colour))
    };
    for ((y, index), row) in (area.y..).zip(start..).zip(&layout.rows[start..end]) {
        let current = row.turn == app.session.selection.turn && row.kind != RowKind::Item;
        // Rows from the turn's heading on carry the mark (not the blank above it).
        let marked = current
            && layout
                .turn_rows
                .get(row.turn)
                .is_some_and(|&heading| index >= heading);
        if marked {
            buf.set_string(area.x, y, theme.mark_symbol, theme.mark);
        }
        let base = match row.kind {
            RowKind::Heading if current => theme.heading_current,
            RowKind::Heading => theme.heading,
            RowKind::Item => theme.item,
            RowKind::Body | RowKind::Blank => Style::new(),
        };
        let r = row.range.clone();
        let row_tags: Vec<&TagSpan> = if row.kind == RowKind::Body {
            // Sorted by start: only tags starting before the row ends.
            let upper = tags.partition_point(|t| t.range.start < r.end);
            tags[..upper]
                .iter()
                .filter(|t| overlaps(&t.range, &r))
                .collect()
        } else {
            Vec::new()
        };
        if let Some(first) = row_tags.first() {
            let style = if theme.colour {
                Style::new().fg(colour_of(first.theme))
            } else {
                Style::new()
            };
            buf.set_string(area.x + 1, y, theme.bar_symbol, style);
        }
        // Cut the row wherever a style starts or stops.
        let mut cuts = vec![r.start, r.end];
        let mut add = |x: &Range<usize>| {
            for p in [x.start, x.end] {
                if p > r.start && p < r.end {
                    cuts.push(p);
                }
            }
        };
        let first_hit = hits.partition_point(|h| h.end <= r.start);
        let row_hits: Vec<&Range<usize>> = hits[first_hit..]
            .iter()
            .take_while(|h| h.start < r.end)
            .collect();
        for h in &row_hits {
            add(h);
        }
        for t in &row_tags {
            add(&t.range);
        }
        let row_suggestions: Vec<&(Range<usize>, Option<usize>)> = if row.kind == RowKind::Body {
            suggestions
                .iter()
                .filter(|(s, _)| overlaps(s, &r))
                .collect()
        } else {
            Vec::new()
        };
        for (s, _) in &row_suggestions {
            add(s);
        }
        if let Some(sel) = &selection {
            add(sel);
        }
        let cursor_cell = editing.then(|| {
            let next = text.text[cursor.min(text.text.len())..]
                .chars()
                .next()
                .filter(|c| *c != '\n')
                .map_or(cursor, |c| cursor + c.len_utf8());
            cursor..next
        });
        if let Some(c) = &cursor_cell
            && !c.is_empty()
        {
            add(c);
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut spans = Vec::new();
        // Where the monochrome tag markers are in `spans`, to drop them
        // when they would push the row's text off the line.
        let mut markers = Vec::new();
        for w in cuts.windows(2) {
            let piece = w[0]..w[1];
            let mut style = base;
            for (s, t) in &row_suggestions {
                if overlaps(s, &piece) {
                    style = if theme.colour {
                        style
                            .fg(colour_of(*t))
                            .add_modifier(Modifier::DIM | Modifier::ITALIC)
                    } else {
                        style.add_modifier(Modifier::DIM | Modifier::ITALIC)
                    };
                }
            }
            let mut covering = 0;
            let mut last_covering = None;
            for t in row_tags.iter().filter(|t| overlaps(&t.range, &piece)) {
                covering += 1;
                last_covering = Some(t);
            }
            if let Some(last) = last_covering {
                style = style.remove_modifier(Modifier::DIM | Modifier::ITALIC);
                style = if theme.colour {
                    style.fg(colour_of(last.theme))
                } else {
                    style.add_modifier(Modifier::UNDERLINED)
                };
                if covering > 1 {
                    style = style.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
                }
            }
            for h in &row_hits {
                if overlaps(h, &piece) {
                    let hs = if Some(*h) == current_hit {
                        theme.hit_current
                    } else {
                        theme.hit
                    };
                    style = style.patch(hs);
                }
            }
            if selection.as_ref().is_some_and(|s| overlaps(s, &piece)) {
                style = style.patch(theme.selection);
            }
            if cursor_cell.as_ref().is_some_and(|c| overlaps(c, &piece)) {
                style = style.patch(theme.cursor);
            }
            let shown = visible(&text.text[piece.clone()]);
            // The separators of a heading ("Egypt · delegation"), one
            // column either way, so the cached wrapping still holds.
            let shown = if theme.ascii && row.kind == RowKind::Heading {
                Cow::Owned(shown.replace('·', "-"))
            } else {
                shown
            };
            spans.push(Span::styled(shown, style));
            // Markers where tags end.
            for t in row_tags.iter().filter(|t| t.range.end == piece.end) {
                let short = t
                    .theme
                    .and_then(|i| book.themes.get(i))
                    .map_or("?", |x| x.short.as_str());
                let note = if t.has_note { theme.note_symbol } else { "" };
                if theme.colour {
                    if t.has_note {
                        spans.push(Span::styled(note, Style::new().fg(colour_of(t.theme))));
                    }
                } else {
                    markers.push(spans.len());
                    spans.push(Span::styled(
                        format!("[{short}{note}]"),
                        Style::new().add_modifier(Modifier::BOLD),
                    ));
                }
            }
        }
        if let Some(c) = &cursor_cell
            && c.is_empty()
            && cursor == r.end
            && row.kind == RowKind::Body
            && text.text[r.end..].starts_with('\n')
        {
            spans.push(Span::styled(" ", theme.cursor));
        }
        if row.kind == RowKind::Heading
            && note_turns.contains(&row.turn)
            && layout.turn_rows.get(row.turn) == Some(&index)
        {
            spans.push(Span::styled(format!(" {}", theme.note_symbol), base));
        }
        let x = area.x + GUTTER;
        let width = area.width.saturating_sub(GUTTER);
        // The text was wrapped without the markers: the last ones go
        // until the row fits (the underline and the gutter bar still show
        // the tag), so no word is ever cut off.
        let mut used: usize = spans.iter().map(|s| display_width(&s.content)).sum();
        while used > usize::from(width)
            && let Some(i) = markers.pop()
        {
            used -= display_width(&spans[i].content);
            spans.remove(i);
        }
        put_spans(buf, x, y, &spans, width);
    }
}

/// Whether a byte is printable ASCII: a grapheme of its own, one column.
fn printable_ascii(b: u8) -> bool {
    (0x20..0x7f).contains(&b)
}

/// What `Buffer::set_line` does with a line of `spans`, with the leading
/// printable ASCII of each span written a cell per byte instead of through
/// grapheme segmentation (most of a frame's time). A byte goes that way only
/// when the byte after it is printable ASCII too (or the span ends), so the
/// rest starts at a grapheme boundary and `set_stringn` draws it as it would
/// have.
fn put_spans(buf: &mut Buffer, x: u16, y: u16, spans: &[Span], width: u16) {
    let mut x = x;
    let mut remaining = width;
    for span in spans {
        if remaining == 0 {
            break;
        }
        let s = span.content.as_bytes();
        let mut fast = s.iter().take_while(|&&b| printable_ascii(b)).count();
        if fast < s.len() {
            // The last ASCII byte may join what follows (a combining mark).
            fast = fast.saturating_sub(1);
        }
        let room = remaining.min(buf.area.right().saturating_sub(x));
        let n = fast.min(usize::from(room));
        for i in 0..n {
            let cell = &mut buf[(x + i as u16, y)];
            cell.set_symbol(&span.content[i..=i]).set_style(span.style);
        }
        let n = n as u16;
        x += n;
        remaining -= n;
        if fast < s.len() && remaining > 0 {
            let (end, _) = buf.set_stringn(
                x,
                y,
                &span.content[fast..],
                usize::from(remaining),
                span.style,
            );
            remaining = remaining.saturating_sub(end.saturating_sub(x));
            x = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_draw_as_set_line_draws_them() {
        let red = Style::new().fg(Color::Red);
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let cases: Vec<Vec<Span>> = vec![
            vec![Span::raw("plain ascii text")],
            vec![Span::styled("cafe\u{301} au lait", red), Span::raw(" then")],
            vec![Span::raw("wide 日本語 here"), Span::styled("x", bold)],
            vec![Span::raw("ab日"), Span::raw("cd")],
            vec![
                Span::raw("nbsp\u{a0}and ’quotes’"),
                Span::styled("tab\there", red),
            ],
            vec![
                Span::raw(""),
                Span::styled("e\u{301}", bold),
                Span::raw("z"),
            ],
            vec![Span::raw("\u{600}1 prepend"), Span::raw("🇫🇯 flag")],
        ];
        for spans in &cases {
            for width in [0u16, 1, 2, 3, 5, 8, 13, 30] {
                let area = Rect::new(0, 0, 12, 1);
                let mut want = Buffer::empty(area);
                want.set_line(1, 0, &Line::from(spans.clone()), width);
                let mut got = Buffer::empty(area);
                put_spans(&mut got, 1, 0, spans, width);
                assert_eq!(got, want, "{spans:?} in {width}");
            }
        }
    }
}
