//! Popups over the panes: the help, the speaker picker, and the note when
//! the terminal is too small.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear};

use super::Theme;
use crate::text::wrap::{display_width, truncate_to_width};
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

pub(super) fn too_small(frame: &mut Frame, area: Rect) {
    let lines = [
        "terminal too small".to_string(),
        format!("need {MIN_WIDTH}×{MIN_HEIGHT}"),
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
    let width = (key_w + text_w + 6) as u16;
    let height = rows.len() as u16 + 2;
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let block = popup("keys (esc closes)", theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let visible = usize::from(inner.height);
    app.help_scroll = app.help_scroll.min(rows.len().saturating_sub(visible));
    let buf = frame.buffer_mut();
    for (y, (keys, description)) in (inner.y..).zip(rows.iter().skip(app.help_scroll).take(visible))
    {
        let line = format!(" {keys:<key_w$}  {description}");
        buf.set_line(inner.x, y, &Line::from(line), inner.width);
        let kw = (key_w + 1).min(usize::from(inner.width)) as u16;
        buf.set_style(Rect::new(inner.x, y, kw, 1), theme.heading);
    }
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
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let block = popup("speaker (type to filter, enter jumps)", theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    buf.set_line(
        inner.x,
        inner.y,
        &Line::from(format!(" > {}", picker.filter)),
        inner.width,
    );
    let list_h = usize::from(inner.height - 1);
    let first = picker.selected.saturating_sub(list_h.saturating_sub(1));
    for (n, (y, &i)) in (inner.y + 1..)
        .zip(picker.matches.iter().skip(first).take(list_h))
        .enumerate()
    {
        let (name, count) = &picker.speakers[i];
        let count = count.to_string();
        let avail = usize::from(inner.width).saturating_sub(count.len() + 3);
        let name = truncate_to_width(name, avail);
        let pad = avail.saturating_sub(display_width(name));
        let line = format!(" {name}{} {count} ", " ".repeat(pad));
        let style = if first + n == picker.selected {
            theme.tree_focused
        } else {
            Style::new()
        };
        buf.set_line(inner.x, y, &Line::from(line).style(style), inner.width);
    }
}
