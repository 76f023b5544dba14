//! The help overlay as a component: it owns its scroll position, reads its
//! keys from the key map (the panes' moves scroll it through the one list
//! navigation, [`super::list::step`]; `help`, `quit` and `list-close` close
//! it) and hands back whether it stays open. Its drawing, the key map's
//! rows, is in [`super::views`] over this state, like the pickers'.

use ratatui::crossterm::event::KeyEvent;

use super::action::Action;
use super::keymap::KeyMap;
use super::list;
use super::pickers::Picked;

/// The help's state: the first row shown (drawing clamps it to the last
/// page).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Help {
    pub scroll: usize,
}

impl Help {
    /// Opens at the top.
    pub fn open(&mut self) {
        self.scroll = 0;
    }

    /// A key, with `page` rows in view: [`Picked::Closed`] when it closes
    /// the help, else [`Picked::Open`].
    pub fn key(&mut self, key: &KeyEvent, keymap: &KeyMap, page: usize) -> Picked<()> {
        match keymap.action(key) {
            Some(Action::Help | Action::Quit) => return Picked::Closed,
            Some(action) => {
                if let Some(delta) = list::step(action, page) {
                    self.scroll = self.scroll.saturating_add_signed(delta);
                    return Picked::Open;
                }
            }
            None => {}
        }
        if keymap.list_action(key) == Some(Action::ListClose) {
            Picked::Closed
        } else {
            Picked::Open
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn moves_scroll_and_close_keys_close() {
        let keymap = KeyMap::default();
        let mut help = Help::default();
        assert_eq!(
            help.key(&press(KeyCode::Char('j')), &keymap, 10),
            Picked::Open
        );
        assert_eq!(help.scroll, 1);
        help.key(&press(KeyCode::PageDown), &keymap, 10);
        assert_eq!(help.scroll, 11);
        help.key(&press(KeyCode::Char('k')), &keymap, 10);
        assert_eq!(help.scroll, 10);
        help.key(&press(KeyCode::Home), &keymap, 10);
        assert_eq!(help.scroll, 0);
        assert_eq!(
            help.key(&press(KeyCode::Char('?')), &keymap, 10),
            Picked::Closed
        );
        assert_eq!(help.key(&press(KeyCode::Esc), &keymap, 10), Picked::Closed);
        assert_eq!(
            help.key(&press(KeyCode::Char('x')), &keymap, 10),
            Picked::Open
        );
    }
}
