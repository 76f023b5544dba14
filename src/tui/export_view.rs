//! The export view (`E`) as a component: the formats to choose from and
//! the folder exports go to (the configured one, else the folder floor was
//! started in; never the corpus by default, whose next load would read the
//! export). It hands back the format chosen; the reader has the session
//! write it ([`crate::session::Session::export_to`]).

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::keymap::KeyMap;
use super::list::{self, ListKey};
use super::theme::{Theme, line_at, put};
use super::view_key::ViewKey;
use crate::export::Format;

/// The export view's state.
#[derive(Debug, Default)]
pub struct ExportView {
    /// Where exports go (the current folder when unset).
    pub dir: Option<PathBuf>,
    /// The format highlighted.
    pub selected: usize,
}

impl ExportView {
    /// Opens on the first format.
    pub fn open(&mut self) {
        self.selected = 0;
    }

    /// The folder exports go to.
    pub fn dir(&self) -> PathBuf {
        self.dir.clone().unwrap_or_else(|| PathBuf::from("."))
    }

    /// A key, with `page` formats in view: the format to write.
    pub fn key(&mut self, key: &KeyEvent, keymap: &KeyMap, page: usize) -> ViewKey {
        match list::list_key(keymap, key, false, page) {
            ListKey::Close => ViewKey::Closed,
            ListKey::Choose => ViewKey::Export(Format::ALL[self.selected]),
            ListKey::Move(delta) => {
                self.selected = list::moved(self.selected, Format::ALL.len(), delta);
                ViewKey::Open
            }
            ListKey::Other => ViewKey::Open,
        }
    }

    /// The hint row's text.
    pub fn hint(keymap: &KeyMap) -> String {
        keymap.hint("{down} {up} format · {list-choose} write · {list-close} close")
    }

    /// Draws where the export goes and the formats, in `body`.
    pub fn render(&self, frame: &mut Frame, body: Rect, theme: &Theme) {
        put(
            frame,
            line_at(body, 0),
            &format!("write to {}", self.dir().display()),
            Style::new(),
        );
        for (i, format) in Format::ALL.iter().enumerate() {
            if i + 2 >= usize::from(body.height) {
                break;
            }
            let style = if i == self.selected {
                theme.tree_focused
            } else {
                Style::new()
            };
            let line = format!(" {:<5} {}", format.ext(), format.describe());
            put(frame, line_at(body, i as u16 + 2), &line, style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn moves_choose_the_format_to_write() {
        let keymap = KeyMap::default();
        let mut view = ExportView::default();
        let press = |code| KeyEvent::new(code, KeyModifiers::NONE);
        view.key(&press(KeyCode::Char('j')), &keymap, 5);
        view.key(&press(KeyCode::Down), &keymap, 5);
        match view.key(&press(KeyCode::Enter), &keymap, 5) {
            ViewKey::Export(format) => assert_eq!(format, Format::ALL[2]),
            other => panic!("{other:?}"),
        }
        view.key(&press(KeyCode::Char('G')), &keymap, 5);
        assert_eq!(view.selected, Format::ALL.len() - 1);
        assert!(matches!(
            view.key(&press(KeyCode::Esc), &keymap, 5),
            ViewKey::Closed
        ));
        assert_eq!(view.dir(), PathBuf::from("."));
    }
}
