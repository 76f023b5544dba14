//! The note shown instead of the reader when the terminal is too small.
//! (Every overlay draws itself: the pickers, the help, the warnings, the
//! note editor, the agenda-item prompt, the quit question and the
//! agreement view.)

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::text::wrap::{display_width, truncate_to_width};
use crate::tui::state::{MIN_HEIGHT, MIN_WIDTH};
use crate::tui::theme::Theme;

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
