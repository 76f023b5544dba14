//! Drawing: each view reads the state and draws into the frame; nothing here
//! does I/O or changes what the reader shows.

mod overlays;
mod status;
mod text;
mod tree;

use ratatui::Frame;

use super::state::{App, Mode};
pub use super::theme::{Theme, ascii_fallback};

impl App {
    /// Draws the whole reader into the frame.
    pub fn render(&mut self, frame: &mut Frame) {
        let area = frame.area();
        if self.size != area {
            self.size = area;
        }
        self.ensure_layout();
        self.clamp_scroll();
        let theme = Theme::new(self.options.color, self.options.ascii);
        let g = self.geometry();
        if g.too_small {
            overlays::too_small(frame, area, &theme);
            return;
        }
        if let Some(rect) = g.tree {
            tree::render(self, frame, rect, &theme);
        }
        if let Some(rect) = g.separator {
            let buf = frame.buffer_mut();
            for y in rect.top()..rect.bottom() {
                buf[(rect.x, y)]
                    .set_symbol(theme.separator_symbol)
                    .set_style(theme.separator);
            }
        }
        if let Some(rect) = g.header {
            text::header(self, frame, rect, &theme);
        }
        if let Some(rect) = g.text {
            text::render(self, frame, rect, &theme);
        }
        status::render(self, frame, g.status, &theme);
        match self.mode {
            Mode::Help => self.help.render(frame, area, &theme, &self.keymap),
            Mode::SpeakerPicker => self.picker.render(frame, area, &theme),
            Mode::ThemePicker => {
                let book = &self.session.codebook;
                self.notes.theme_picker.render(frame, area, &theme, book);
            }
            Mode::Note => {
                if let Some(editor) = &self.notes.note {
                    editor.draw(frame, area, &theme);
                }
            }
            Mode::Prompt => self.notes.draw_prompt(frame, area, &theme),
            Mode::Corpus => {
                let (views, session) = (&mut self.views, &self.session);
                views.render(frame, area, session, &theme, &self.keymap);
            }
            Mode::Quit => {
                if let Some(guard) = &self.quit_guard {
                    guard.draw(frame, area, &theme);
                }
            }
            Mode::Agreement => {
                if let Some(view) = &self.agreement {
                    view.draw(frame, area, &theme);
                }
            }
            Mode::Documents => self.doc_picker.render(frame, area, &theme),
            Mode::Warnings => self
                .warnings_view
                .render(frame, area, &theme, &self.warnings),
            Mode::Normal | Mode::Search => {}
        }
    }
}
