//! The text pane: only the visible rows of the cached layout are drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Theme;
use crate::text::wrap::visible;
use crate::tui::document_view::RowKind;
use crate::tui::state::{App, GUTTER};

pub(super) fn render(app: &mut App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(doc) = app.current_doc else {
        let note = if app.docs.is_empty() {
            "Loading documents…"
        } else {
            "Select a document in the tree and press Enter. ? shows the keys."
        };
        frame.render_widget(Line::from(note).style(theme.dim), area);
        return;
    };
    app.ensure_layout();
    let Some((_, layout)) = app.layout.as_ref() else {
        return;
    };
    let Some(text) = app.texts[doc].as_ref() else {
        return;
    };
    let hits = &app.search.hits;
    let current_hit = app.search.current.and_then(|i| hits.get(i));
    let buf = frame.buffer_mut();
    let height = usize::from(area.height);
    let end = (app.scroll + height).min(layout.rows.len());
    let start = app.scroll.min(end);
    for ((y, index), row) in (area.y..).zip(start..).zip(&layout.rows[start..end]) {
        let current = row.turn == app.current_turn && row.kind != RowKind::Item;
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
        let mut spans = Vec::new();
        let mut pos = row.range.start;
        let first = hits.partition_point(|h| h.end <= row.range.start);
        for hit in hits[first..].iter().take_while(|h| h.start < row.range.end) {
            let start = hit.start.max(row.range.start);
            let stop = hit.end.min(row.range.end);
            if start > pos {
                spans.push(Span::styled(
                    visible(&text.text[pos..start]).into_owned(),
                    base,
                ));
            }
            let style = if Some(hit) == current_hit {
                theme.hit_current
            } else {
                theme.hit
            };
            spans.push(Span::styled(
                visible(&text.text[start..stop]).into_owned(),
                base.patch(style),
            ));
            pos = stop;
        }
        if pos < row.range.end {
            spans.push(Span::styled(
                visible(&text.text[pos..row.range.end]).into_owned(),
                base,
            ));
        }
        let x = area.x + GUTTER;
        let width = area.width.saturating_sub(GUTTER);
        buf.set_line(x, y, &Line::from(spans), width);
    }
}
