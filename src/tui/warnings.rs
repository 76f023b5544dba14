//! The warnings view as a component: each path that did not load and why
//! (a binary file, an encrypted PDF, an annotation file that cannot be
//! read), opened from the status line's "1 path not loaded". It owns its
//! selection, moves with the key map's list actions and the panes' moves,
//! and draws itself, two rows an entry, with the one list layout.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Clear;

use super::action::Action;
use super::keymap::KeyMap;
use super::list;
use super::pickers::Picked;
use super::theme::{Theme, centred, popup};
use crate::export::report::one_line;
use crate::model::PathWarning;

/// The warnings view's state.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WarningsView {
    pub selected: usize,
}

impl WarningsView {
    /// A key, with `page` entries in view, over `len` warnings: closed by
    /// `list-close`, `list-choose`, `warnings` or `quit`.
    pub fn key(&mut self, key: &KeyEvent, keymap: &KeyMap, page: usize, len: usize) -> Picked<()> {
        let action = keymap.list_action(key).or_else(|| keymap.action(key));
        match action {
            Some(Action::ListClose | Action::ListChoose | Action::Warnings | Action::Quit) => {
                Picked::Closed
            }
            Some(action) => {
                if let Some(delta) = list::step(action, page) {
                    self.selected = list::moved(self.selected, len, delta);
                }
                Picked::Open
            }
            None => Picked::Open,
        }
    }

    /// Draws the warnings centred in `area`: each path, and under it why.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, warnings: &[PathWarning]) {
        let width = area.width.saturating_sub(4).clamp(20, 110);
        let height = (warnings.len() as u16 * 2 + 2).clamp(4, area.height.saturating_sub(2).max(4));
        let rect = centred(area, width, height);
        frame.render_widget(Clear, rect);
        let title = format!(
            "{} not loaded (esc closes)",
            crate::text::counted(warnings.len(), "path", "paths")
        );
        let block = popup(&title, theme);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let ellipsis = if theme.ascii { "..." } else { "…" };
        let w = usize::from(inner.width).saturating_sub(2);
        let buf = frame.buffer_mut();
        let shown = list::visible(warnings.len(), self.selected, usize::from(inner.height) / 2);
        for (i, y) in shown.zip((inner.y..).step_by(2)) {
            let warning = &warnings[i];
            let style = if i == self.selected {
                theme.tree_focused
            } else {
                Style::new()
            };
            let path = crate::text::fit(
                &one_line(&warning.path.display().to_string()),
                "",
                w,
                ellipsis,
            );
            let why = crate::text::fit(
                &one_line(&warning.message),
                "",
                w.saturating_sub(2),
                ellipsis,
            );
            buf.set_line(
                inner.x,
                y,
                &Line::from(format!(" {path}")).style(style),
                inner.width,
            );
            if y + 1 < inner.bottom() {
                buf.set_line(
                    inner.x,
                    y + 1,
                    &Line::from(format!("   {why}")).style(theme.dim),
                    inner.width,
                );
            }
        }
    }
}
