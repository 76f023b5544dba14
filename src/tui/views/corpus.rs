//! Drawing the corpus-wide views (search, speaker index, theme index, the
//! speaker × theme table with its bar chart, export). Reads the state only.

use ratatui::Frame;
use ratatui::layout::{Margin, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Block, Clear, Paragraph};

use super::Theme;
use crate::export::Format;
use crate::search::snippet;
use crate::text::counted;
use crate::text::wrap::{display_width, truncate_to_width};
use crate::tui::corpus_views::{Entry, Stage, ViewKind, item_title};
use crate::tui::list;
use crate::tui::state::App;

/// One row of a result list: a group heading, or a line of an entry.
enum Row {
    /// A document heading with its number of results.
    Doc(usize, usize),
    /// A turn heading within a document (search results).
    Turn(usize),
    /// Line `n` of entry `i`.
    Entry(usize, usize),
}

pub(super) fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let outer = if area.width >= 40 && area.height >= 12 {
        area.inner(Margin::new(1, 1))
    } else {
        area
    };
    let v = &app.views;
    let title = match (v.kind, &v.chosen) {
        (ViewKind::Search, _) => "Search the corpus".to_string(),
        (ViewKind::Speakers, None) => "Speaker index: pick a speaker".to_string(),
        (ViewKind::Speakers, Some((_, l))) => format!("Speaker: {l}"),
        (ViewKind::Themes, None) => "Theme index: pick a theme".to_string(),
        (ViewKind::Themes, Some((_, l))) => format!("Theme: {l}"),
        (ViewKind::Table, _) => theme.deco("Speakers × themes").into_owned(),
        (ViewKind::Export, _) => "Export".to_string(),
    };
    frame.render_widget(Clear, outer);
    let block = Block::bordered()
        .border_set(theme.border)
        .title(Line::from(format!(" {title} ")).style(Style::new().add_modifier(Modifier::BOLD)));
    let inner = block.inner(outer);
    frame.render_widget(block, outer);
    if inner.height < 3 || inner.width < 8 {
        return;
    }
    let width = usize::from(inner.width);
    let line_at = |i: u16| Rect {
        y: inner.y + i,
        height: 1,
        ..inner
    };
    let hint_row = line_at(inner.height - 1);
    let body = Rect {
        y: inner.y + 2,
        height: inner.height - 3,
        ..inner
    };
    let hint = match (v.kind, v.stage) {
        (ViewKind::Search, Stage::Input) => "type a query · ↓↑ move · tab list · enter jump · esc",
        (ViewKind::Search, Stage::List) => "j k move · / edit query · enter jump · esc close",
        (ViewKind::Table, _) => "j k speaker · h l theme · enter theme index · esc",
        (ViewKind::Export, _) => "j k format · enter write · esc close",
        (_, Stage::Input) => "type to filter · ↓↑ move · enter pick · esc close",
        (_, Stage::List) => "j k move · enter jump · h back · esc close",
    };
    put(frame, hint_row, &theme.deco(hint), theme.dim);
    match (v.kind, v.stage) {
        (ViewKind::Table, _) => return table(app, frame, inner, theme),
        (ViewKind::Export, _) => {
            put(
                frame,
                line_at(0),
                &format!("write to {}", app.export_dir().display()),
                Style::new(),
            );
            for (i, (ext, what)) in Format::ALL
                .iter()
                .map(|f| (f.ext(), f.describe()))
                .enumerate()
            {
                if i + 2 >= usize::from(inner.height) - 1 {
                    break;
                }
                let style = if i == v.selected {
                    theme.tree_focused
                } else {
                    Style::new()
                };
                put(
                    frame,
                    line_at(i as u16 + 2),
                    &format!(" {ext:<5} {what}"),
                    style,
                );
            }
            return;
        }
        (ViewKind::Search, _) | (_, Stage::Input) if v.chosen.is_none() => {
            let prompt = format!("> {}", v.input);
            put(frame, line_at(0), &prompt, Style::new());
            if v.stage == Stage::Input {
                let x = display_width(&prompt).min(width - 1) as u16;
                frame.set_cursor_position(Position::new(inner.x + x, inner.y));
            }
        }
        _ => {}
    }
    if v.kind == ViewKind::Search {
        let info = if let Some(e) = &v.error {
            // A caret under the column, then the message.
            let col = e.column.saturating_sub(1) + 2;
            let caret = format!("{}^ column {}: {}", " ".repeat(col), e.column, e.message);
            if display_width(&caret) <= width {
                caret
            } else {
                format!("column {}: {}", e.column, e.message)
            }
        } else if v.input.trim().is_empty() {
            "words, \"a phrase\", -word, speaker:, theme:, agenda:, doc:".to_string()
        } else {
            let summary = crate::search::hits_summary(v.entries.len(), count_docs(&v.entries));
            match v.search_progress() {
                Some((done, all)) => format!(
                    "{summary} so far, searching {} / {} documents",
                    crate::text::grouped(done),
                    crate::text::grouped(all)
                ),
                None => summary,
            }
        };
        let style = if v.error.is_some() {
            theme.hit_current
        } else {
            theme.dim
        };
        put(frame, line_at(1), &info, style);
        return entries(app, frame, body, theme);
    }
    if v.chosen.is_none() {
        put(
            frame,
            line_at(1),
            &format!("{} of {}", v.matches.len(), v.choices.len()),
            theme.dim,
        );
        for (m, row) in list::rows(v.matches.len(), v.selected, body) {
            let (_, label, n) = &v.choices[v.matches[m]];
            let style = if m == v.selected {
                theme.tree_focused
            } else {
                Style::new()
            };
            put(frame, row, &format!(" {label} ({n})"), style);
        }
        return;
    }
    let (one, many) = if v.kind == ViewKind::Speakers {
        ("turn", "turns")
    } else {
        ("tagged segment", "tagged segments")
    };
    put(
        frame,
        line_at(0),
        &format!(
            "{} in {}",
            counted(v.entries.len(), one, many),
            counted(count_docs(&v.entries), "document", "documents")
        ),
        theme.dim,
    );
    let body = Rect {
        y: inner.y + 1,
        height: inner.height - 2,
        ..inner
    };
    entries(app, frame, body, theme);
}

fn count_docs(entries: &[Entry]) -> usize {
    let mut n = 0;
    let mut last = None;
    for e in entries {
        if last != Some(e.doc) {
            n += 1;
            last = Some(e.doc);
        }
    }
    n
}

fn put(frame: &mut Frame, rect: Rect, text: &str, style: Style) {
    let text = truncate_to_width(text, usize::from(rect.width));
    frame
        .buffer_mut()
        .set_stringn(rect.x, rect.y, text, usize::from(rect.width), style);
}

/// The result list: grouped by document (and by turn for search hits).
fn entries(app: &App, frame: &mut Frame, body: Rect, theme: &Theme) {
    let v = &app.views;
    if body.height == 0 {
        return;
    }
    // Row structure first (cheap), then only the visible rows are drawn.
    let mut rows = Vec::with_capacity(v.entries.len() * 2);
    let mut selected_row = 0;
    // Rows an entry takes: a tagged segment's quote, then where it is.
    let lines = if v.kind == ViewKind::Themes { 2 } else { 1 };
    let mut i = 0;
    while i < v.entries.len() {
        let doc = v.entries[i].doc;
        let n = v.entries[i..].iter().take_while(|e| e.doc == doc).count();
        rows.push(Row::Doc(doc, n));
        let mut last_turn = None;
        for j in i..i + n {
            let e = &v.entries[j];
            if v.kind == ViewKind::Search && last_turn != Some(e.turn) {
                rows.push(Row::Turn(j));
                last_turn = Some(e.turn);
            }
            if j == v.selected {
                selected_row = rows.len();
            }
            for line in 0..lines {
                rows.push(Row::Entry(j, line));
            }
        }
        i += n;
    }
    // Keep the selected entry in view, with its headings when they fit.
    let selected = selected_row..selected_row + lines;
    let width = usize::from(body.width);
    for (k, rect) in list::rows_around(rows.len(), selected, 2, body) {
        match rows[k] {
            Row::Doc(d, n) => {
                let (one, many) = match v.kind {
                    ViewKind::Search => ("hit", "hits"),
                    ViewKind::Speakers => ("turn", "turns"),
                    _ => ("segment", "segments"),
                };
                put(
                    frame,
                    rect,
                    &format!("{} ({})", app.session.docs[d].id, counted(n, one, many)),
                    theme.heading,
                );
            }
            Row::Turn(j) => {
                let e = &v.entries[j];
                let doc = &app.session.docs[e.doc];
                let text = match e.turn.and_then(|t| doc.turns().nth(t)) {
                    Some(turn) => format!(
                        "  {}{}line {}",
                        turn.speaker,
                        theme.deco(" · "),
                        turn.start_line
                    ),
                    None => "  (outside the turns)".to_string(),
                };
                put(frame, rect, &text, theme.item);
            }
            Row::Entry(j, line) => {
                let e = &v.entries[j];
                let style = if j == v.selected {
                    theme.tree_focused
                } else {
                    Style::new()
                };
                let line = entry_line(app, e, line, width, theme, style);
                frame.render_widget(Paragraph::new(line).style(style), rect);
            }
        }
    }
}

/// Bars of `#` where block elements cannot be drawn.
const ASCII_BARS: ratatui::symbols::bar::Set<'static> = ratatui::symbols::bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "#",
    five_eighths: "#",
    half: "#",
    three_eighths: " ",
    one_quarter: " ",
    one_eighth: " ",
    empty: " ",
};

/// Line `n` of an entry, at most `width` columns.
fn entry_line<'a>(
    app: &'a App,
    e: &'a Entry,
    n: usize,
    width: usize,
    theme: &Theme,
    style: Style,
) -> Line<'a> {
    let doc = &app.session.docs[e.doc];
    let turn = e.turn.and_then(|t| doc.turns().nth(t));
    let none = theme.deco("—");
    let dot = theme.deco(" · ");
    let item = e.turn.and_then(|t| item_title(doc, t)).unwrap_or(&none);
    if let Some(hit) = &e.hit {
        let prefix = format!("    {:>5}: ", hit.line);
        let room = width.saturating_sub(prefix.len()).max(1);
        let (text, ranges) = snippet(&doc.text, hit, room);
        let mut text = crate::export::report::clean(&text);
        if theme.ascii {
            // The snippet's own ellipses, as many bytes long in ASCII.
            if let Some(rest) = text.strip_prefix('…') {
                text = format!("...{rest}");
            }
            if let Some(rest) = text.strip_suffix('…') {
                text = format!("{rest}...");
            }
        }
        let mut spans = vec![Span::styled(prefix, theme.dim.patch(style))];
        let mut at = 0;
        for r in ranges {
            if r.start < at || r.end > text.len() || !text.is_char_boundary(r.start) {
                continue;
            }
            let end = if text.is_char_boundary(r.end) {
                r.end
            } else {
                continue;
            };
            spans.push(Span::styled(text[at..r.start].to_string(), style));
            spans.push(Span::styled(text[r.start..end].to_string(), theme.hit));
            at = end;
        }
        spans.push(Span::styled(text[at..].to_string(), style));
        return Line::from(spans);
    }
    if let Some(tag) = &e.tag {
        let speaker = turn.map_or(&*none, |t| &*t.speaker);
        let text = if n == 0 {
            let (open, close) = (theme.deco("“"), theme.deco("”"));
            format!("  {open}{}{close}", one_line(&tag.target.quote))
        } else {
            let note = if tag.note.is_empty() {
                String::new()
            } else {
                format!("{dot}{} {}", theme.note_symbol, one_line(&tag.note))
            };
            format!("    {speaker}{dot}{}{dot}{item}{note}", doc.id)
        };
        return Line::from(Span::styled(text, style));
    }
    let first_words = turn
        .and_then(|t| t.paragraphs.first())
        .map(|p| one_line(doc.slice(&p)))
        .unwrap_or_default();
    let line_no = turn.map_or(0, |t| t.start_line);
    Line::from(Span::styled(
        format!("  {line_no:>5}{dot}{item}{dot}{first_words}"),
        style,
    ))
}

/// Text on one line, control characters and runs of spaces folded.
fn one_line(s: &str) -> String {
    let cleaned = crate::export::report::clean(s);
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The table of tags per speaker and theme, and a bar chart of one theme.
fn table(app: &App, frame: &mut Frame, inner: Rect, theme: &Theme) {
    let v = &app.views;
    let book = &app.session.codebook;
    if v.table.is_empty() {
        put(
            frame,
            inner,
            "no tags yet: tag segments with `t`, then come back",
            theme.dim,
        );
        return;
    }
    let avail = inner.height.saturating_sub(1);
    let table_h = (avail / 2).max(2);
    let chart = Rect {
        y: inner.y + table_h,
        height: avail - table_h,
        ..inner
    };
    let name_w = 18.min(usize::from(inner.width) / 3);
    let col_w = 4;
    let cols = (usize::from(inner.width).saturating_sub(name_w + 1) / col_w).max(1);
    // Columns around the selected theme.
    let first_col = v.table_theme.saturating_sub(cols - 1);
    let shorts: Vec<String> = v
        .table_themes
        .iter()
        .map(|(id, _)| book.get(id).map_or_else(|| id.clone(), |t| t.short.clone()))
        .collect();
    let mut header = vec![Span::raw(format!("{:<name_w$} ", "speaker"))];
    for (c, short) in shorts.iter().enumerate().skip(first_col).take(cols) {
        let style = if c == v.table_theme {
            theme.tree_focused
        } else {
            theme.heading
        };
        let s = truncate_to_width(short, col_w - 1);
        header.push(Span::styled(format!("{s:>3}"), style));
        header.push(Span::raw(" "));
    }
    let rect = |y: u16| Rect {
        y: inner.y + y,
        height: 1,
        ..inner
    };
    frame.render_widget(Line::from(header), rect(0));
    let rows_area = Rect {
        y: inner.y + 1,
        height: table_h.saturating_sub(1),
        ..inner
    };
    for (r, row) in list::rows(v.table.len(), v.selected, rows_area) {
        let (speaker, counts) = &v.table[r];
        let style = if r == v.selected {
            theme.tree_focused
        } else {
            Style::new()
        };
        let name = truncate_to_width(speaker, name_w);
        let mut spans = vec![Span::styled(
            format!("{name}{} ", " ".repeat(name_w - display_width(name))),
            style,
        )];
        for (c, n) in counts.iter().enumerate().skip(first_col).take(cols) {
            let cell = if *n == 0 {
                format!("  {}", theme.deco("·"))
            } else {
                format!("{n:>3}")
            };
            let s = if c == v.table_theme {
                style.add_modifier(Modifier::BOLD)
            } else {
                style
            };
            spans.push(Span::styled(cell, s));
            spans.push(Span::raw(" "));
        }
        frame.render_widget(Line::from(spans), row);
    }
    if chart.height < 2 {
        return;
    }
    let (id, label) = &v.table_themes[v.table_theme];
    let mut by: Vec<(&str, u64)> = v
        .table
        .iter()
        .map(|(s, c)| (s.as_str(), c[v.table_theme]))
        .filter(|(_, n)| *n > 0)
        .collect();
    by.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let title = format!(" {label} by speaker ");
    let block = Block::new()
        .borders(ratatui::widgets::Borders::TOP)
        .border_set(theme.border)
        .title(title);
    let bar_style = match book.get(id) {
        Some(t) if theme.colour => Style::new().fg(ratatui::style::Color::Rgb(
            t.colour.0, t.colour.1, t.colour.2,
        )),
        _ => Style::new(),
    };
    let shown = usize::from(chart.height.saturating_sub(1));
    let bars: Vec<Bar> = by
        .iter()
        .take(shown)
        .map(|(s, n)| {
            Bar::default()
                .value(*n)
                .label(Line::from(truncate_to_width(s, name_w).to_string()))
        })
        .collect();
    if bars.is_empty() {
        frame.render_widget(block, chart);
        let inner_chart = Rect {
            y: chart.y + 1,
            height: 1,
            ..chart
        };
        put(frame, inner_chart, "no segments with this theme", theme.dim);
        return;
    }
    let mut chart_widget = BarChart::horizontal(bars)
        .block(block)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(bar_style);
    if theme.ascii {
        chart_widget = chart_widget.bar_set(ASCII_BARS);
    }
    frame.render_widget(chart_widget, chart);
}
