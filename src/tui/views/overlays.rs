//! Popups over the panes drawn from the reader's state: the note editor,
//! the agenda-item prompt, the quit question, the agreement view, and the
//! note when the terminal is too small. (The pickers, the help and the
//! warnings draw themselves.)

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Clear;

use crate::text::wrap::{display_width, truncate_to_width};
use crate::tui::state::{App, MIN_HEIGHT, MIN_WIDTH};
use crate::tui::theme::{Theme, centred, popup};

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
            .block(popup(guard.title(), theme))
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
