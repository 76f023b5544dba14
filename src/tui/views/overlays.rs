//! Popups over the panes: the help, the speaker picker, and the note when
//! the terminal is too small.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear};

use super::Theme;
use crate::text::wrap::{display_width, truncate_to_width, wrap};
use crate::tui::action::Action;
use crate::tui::list;
use crate::tui::state::{App, MIN_HEIGHT, MIN_WIDTH};

/// A centred rectangle at most `width`×`height` inside `area`.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

pub(super) fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let lines = [
        "terminal too small".to_string(),
        format!("need {MIN_WIDTH}{}{MIN_HEIGHT}", theme.deco("×")),
    ];
    let shown = usize::from(area.height).min(lines.len());
    let top = area.y + (area.height - shown as u16) / 2;
    let buf = frame.buffer_mut();
    for (i, line) in lines.iter().take(shown).enumerate() {
        let text = truncate_to_width(line, usize::from(area.width));
        let w = display_width(text) as u16;
        buf.set_string(
            area.x + (area.width - w) / 2,
            top + i as u16,
            text,
            Style::new(),
        );
    }
}

fn popup<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .border_set(theme.border)
        .title(Line::from(format!(" {title} ")).style(Style::new().add_modifier(Modifier::BOLD)))
}

pub(super) fn help(app: &mut App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let rows = app.keymap.help_rows();
    let key_w = rows
        .iter()
        .map(|(k, _)| display_width(k))
        .max()
        .unwrap_or(0);
    let text_w = rows
        .iter()
        .map(|(_, d)| display_width(d))
        .max()
        .unwrap_or(0);
    let width = (key_w + text_w + 6).min(usize::from(area.width));
    // Descriptions wrap beside their keys when the popup is narrower.
    let desc_w = width.saturating_sub(key_w + 5).max(1);
    let mut lines: Vec<(&str, String)> = Vec::new();
    for (keys, description) in &rows {
        let description = theme.deco(description);
        let wrapped = wrap(&description, u16::try_from(desc_w).unwrap_or(u16::MAX));
        for (i, row) in wrapped.iter().enumerate() {
            let keys = if i == 0 { keys.as_str() } else { "" };
            lines.push((keys, description[row.range.clone()].to_string()));
        }
    }
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = centred(area, width as u16, height);
    frame.render_widget(Clear, rect);
    let mut block = popup("keys (esc closes)", theme);
    let inner = block.inner(rect);
    let visible = usize::from(inner.height);
    app.help.scroll = app.help.scroll.min(lines.len().saturating_sub(visible));
    if let Some(more) = help_more(app, lines.len(), visible) {
        block = block.title_bottom(Line::from(theme.deco(&more).into_owned()).right_aligned());
    }
    frame.render_widget(block, rect);
    let buf = frame.buffer_mut();
    for (y, (keys, description)) in
        (inner.y..).zip(lines.iter().skip(app.help.scroll).take(visible))
    {
        let line = format!(" {keys:<key_w$}  {description}");
        buf.set_line(inner.x, y, &Line::from(line), inner.width);
        let kw = (key_w + 1).min(usize::from(inner.width)) as u16;
        buf.set_style(Rect::new(inner.x, y, kw, 1), theme.heading);
    }
}

/// What the help's bottom border says when not every line fits: how many
/// are below (or, at the end, above) and the keys that scroll.
fn help_more(app: &App, rows: usize, visible: usize) -> Option<String> {
    let key = |action| {
        app.keymap
            .keys(action)
            .first()
            .map_or_else(String::new, ToString::to_string)
    };
    let below = rows.saturating_sub(app.help.scroll + visible);
    if below > 0 {
        Some(format!(
            " ↓ {below} more: {} {} ",
            key(Action::Down),
            key(Action::PageDown)
        ))
    } else if app.help.scroll > 0 {
        Some(format!(
            " ↑ {} above: {} {} ",
            app.help.scroll,
            key(Action::Up),
            key(Action::PageUp)
        ))
    } else {
        None
    }
}

/// A centred popup with a filter line on top: returns the area left for
/// the list below it (None when nothing fits).
fn filter_popup(
    frame: &mut Frame,
    area: Rect,
    (width, height): (u16, u16),
    title: &str,
    filter: &str,
    theme: &Theme,
) -> Option<Rect> {
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let block = popup(title, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height == 0 {
        return None;
    }
    frame.buffer_mut().set_line(
        inner.x,
        inner.y,
        &Line::from(format!(" > {filter}")),
        inner.width,
    );
    Some(Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    })
}

pub(super) fn picker(app: &mut App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let picker = &app.picker;
    let name_w = picker
        .speakers
        .iter()
        .map(|(s, _)| display_width(s))
        .max()
        .unwrap_or(10);
    let width = (name_w + 12).max(30) as u16;
    let height = (picker.speakers.len() as u16 + 3).min(area.height.saturating_sub(2).max(3));
    let title = "speaker (type to filter, enter jumps)";
    let Some(list_area) = filter_popup(frame, area, (width, height), title, &picker.filter, theme)
    else {
        return;
    };
    let buf = frame.buffer_mut();
    for (m, row) in list::rows(picker.matches.len(), picker.selected, list_area) {
        let (name, count) = &picker.speakers[picker.matches[m]];
        let count = count.to_string();
        let avail = usize::from(row.width).saturating_sub(count.len() + 3);
        let name = truncate_to_width(name, avail);
        let pad = avail.saturating_sub(display_width(name));
        let line = format!(" {name}{} {count} ", " ".repeat(pad));
        let style = if m == picker.selected {
            theme.tree_focused
        } else {
            Style::new()
        };
        buf.set_line(row.x, row.y, &Line::from(line).style(style), row.width);
    }
}

pub(super) fn theme_picker(app: &mut App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let book = &app.session.codebook;
    let p = &app.notes.theme_picker;
    let label_w = book
        .themes
        .iter()
        .map(|t| display_width(&t.label) + if t.parent.is_some() { 2 } else { 0 })
        .max()
        .unwrap_or(10);
    let width = (label_w + 10).max(44) as u16;
    let height = (book.themes.len() as u16 + 3).min(area.height.saturating_sub(2).max(3));
    let title = if p.filtering {
        "theme (type to filter, enter tags)"
    } else {
        "theme (key picks, / filters, esc)"
    };
    let Some(list_area) = filter_popup(frame, area, (width, height), title, &p.filter, theme)
    else {
        return;
    };
    let buf = frame.buffer_mut();
    for (m, row) in list::rows(p.matches.len(), p.selected, list_area) {
        let t = &book.themes[p.matches[m]];
        let (x, y) = (row.x, row.y);
        let key = t
            .key
            .map_or_else(|| "   ".to_string(), |k| format!("[{k}]"));
        let indent = if t.parent.is_some() { "  " } else { "" };
        let line = format!(" {key} {indent}{} ", t.label);
        let selected = m == p.selected;
        let style = if selected {
            theme.tree_focused
        } else {
            Style::new()
        };
        buf.set_line(x, y, &Line::from(line).style(style), row.width);
        if theme.colour && !selected {
            let c = t.colour;
            buf.set_style(
                Rect::new(x + 1, y, 3.min(row.width.saturating_sub(1)), 1),
                Style::new().fg(ratatui::style::Color::Rgb(c.0, c.1, c.2)),
            );
        }
    }
}

pub(super) fn note(app: &mut App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(editor) = &mut app.notes.note else {
        return;
    };
    let width = area.width.saturating_sub(4).clamp(20, 72);
    let height = area.height.saturating_sub(2).clamp(4, 14);
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let title = if editor.confirm {
        "discard the changed note? y discards, s saves, other keys go back"
    } else {
        "note (ctrl-s saves, esc closes)"
    };
    let block = popup(title, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    frame.render_widget(&editor.input, inner);
}

pub(super) fn prompt(app: &mut App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let width = area.width.saturating_sub(4).clamp(20, 60);
    let rect = centred(area, width, 3);
    frame.render_widget(Clear, rect);
    let block = popup("agenda item title (enter starts it here)", theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    app.notes.prompt.render_plain(frame, inner);
}

/// The question asked before a quit would lose changes.
pub(super) fn quit_guard(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(guard) = &app.quit_guard else {
        return;
    };
    let lines = guard.lines();
    let width = area.width.saturating_sub(4).clamp(20, 90);
    let height = (lines.len() as u16 + 4).min(area.height);
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let text: Vec<Line> = lines.into_iter().map(Line::from).collect();
    frame.render_widget(
        ratatui::widgets::Paragraph::new(text)
            .block(popup("quit? changes are not saved", theme))
            .wrap(ratatui::widgets::Wrap { trim: false }),
        rect,
    );
}

/// The agreement view: coders to choose, then the disagreements, each a
/// place and both coders' tags side by side.
pub(super) fn agreement(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let Some(view) = &app.agreement else {
        return;
    };
    let width = area.width.saturating_sub(4).clamp(20, 110);
    let height = area.height.saturating_sub(2).max(3);
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let title = view.title();
    let block = popup(&title, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let per = if view.stage == crate::tui::agreement::Stage::List {
        2
    } else {
        1
    };
    let buf = frame.buffer_mut();
    if view.is_empty() {
        buf.set_string(inner.x, inner.y, " none", theme.dim);
        return;
    }
    let shown =
        crate::tui::list::visible(view.len(), view.selected, usize::from(inner.height) / per);
    let mut y = inner.y;
    for i in shown {
        let style = if i == view.selected {
            theme.tree_focused
        } else {
            Style::new()
        };
        for line in view.entry(i, usize::from(inner.width).saturating_sub(2)) {
            if y >= inner.bottom() {
                return;
            }
            let text = truncate_to_width(&line, usize::from(inner.width).saturating_sub(1));
            buf.set_line(
                inner.x,
                y,
                &Line::from(format!(" {text}")).style(style),
                inner.width,
            );
            y += 1;
        }
    }
}
