//! A one-line input as a component: the document search on the bottom line
//! and the agenda-item title prompt. It owns its text, reads its keys from
//! the key map (`list-choose` finishes, `list-close` cancels, like every
//! picker) and hands back a [`LineKey`]; the reader acts on it. It draws
//! itself into the area a view gives it.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui_textarea::TextArea;

use super::action::Action;
use super::keymap::KeyMap;

/// What a key did in a line input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKey {
    /// Typed or moved in the line; `true` when the text changed.
    Edited(bool),
    /// Finished: the text is to be used.
    Done,
    /// Cancelled.
    Cancelled,
}

/// One line of text being typed.
#[derive(Debug, Default)]
pub struct LineInput {
    input: TextArea<'static>,
    placeholder: &'static str,
}

impl LineInput {
    /// An empty line showing `placeholder` until something is typed.
    pub fn new(placeholder: &'static str) -> LineInput {
        let mut line = LineInput {
            input: TextArea::default(),
            placeholder,
        };
        line.reset(placeholder);
        line
    }

    fn reset(&mut self, placeholder: &'static str) {
        let mut input = TextArea::default();
        input.set_cursor_line_style(Style::default());
        if !placeholder.is_empty() {
            input.set_placeholder_text(placeholder);
        }
        self.input = input;
    }

    /// Empties the line.
    pub fn clear(&mut self) {
        self.reset(self.placeholder);
    }

    /// Replaces the text, the cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        self.clear();
        self.insert(text);
    }

    /// The text typed, its lines (a paste) joined by spaces.
    pub fn text(&self) -> String {
        self.input.lines().join(" ")
    }

    /// Text inserted at the cursor, line breaks as spaces (a paste).
    pub fn insert(&mut self, text: &str) {
        self.input.insert_str(text.replace(['\n', '\r'], " "));
    }

    /// A key: finish and cancel from the key map's list actions (and a
    /// line feed, the Enter some terminals send as ctrl-j), anything
    /// else edits the line.
    pub fn key(&mut self, key: KeyEvent, keymap: &KeyMap) -> LineKey {
        match keymap.list_action(&key) {
            Some(Action::ListChoose) => return LineKey::Done,
            Some(Action::ListClose) => return LineKey::Cancelled,
            _ => {}
        }
        if key.code == KeyCode::Char('j') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return LineKey::Done;
        }
        LineKey::Edited(self.input.input(key))
    }

    /// Draws the line into `area` in `style`.
    pub fn render(&mut self, frame: &mut Frame, area: Rect, style: Style) {
        self.input.set_style(style);
        frame.render_widget(&self.input, area);
    }

    /// Draws the line into `area` in the style it has.
    pub fn render_plain(&self, frame: &mut Frame, area: Rect) {
        frame.render_widget(&self.input, area);
    }
}

/// Pasted text added to a filter kept as a plain string, line breaks as
/// spaces.
pub fn paste_into(filter: &mut String, text: &str) {
    filter.push_str(&text.replace(['\n', '\r'], " "));
}

/// A key typed into a filter kept as a plain string (the pickers, the
/// corpus views' query): a character is added, backspace takes the last
/// one off, ctrl-u empties it. Whether the filter changed.
pub fn edit_filter(filter: &mut String, key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Backspace => filter.pop().is_some(),
        KeyCode::Char('u') if ctrl => {
            let changed = !filter.is_empty();
            filter.clear();
            changed
        }
        KeyCode::Char(c) if !ctrl => {
            filter.push(c);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn keys_finish_cancel_and_edit_through_the_key_map() {
        let keymap = KeyMap::default();
        let mut line = LineInput::new("title");
        assert_eq!(
            line.key(press(KeyCode::Char('a')), &keymap),
            LineKey::Edited(true)
        );
        assert_eq!(line.text(), "a");
        assert_eq!(line.key(press(KeyCode::Enter), &keymap), LineKey::Done);
        assert_eq!(line.key(press(KeyCode::Esc), &keymap), LineKey::Cancelled);
        let ctrl_j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL);
        assert_eq!(line.key(ctrl_j, &keymap), LineKey::Done);
    }

    #[test]
    fn a_rebound_list_choose_finishes_the_line() {
        let mut keys = std::collections::BTreeMap::new();
        keys.insert(
            "list-choose".to_string(),
            toml::Spanned::new(0..0, "tab".to_string()),
        );
        let keymap = KeyMap::with_config(&keys, std::path::Path::new("floor.toml"), "")
            .expect("tab is a key");
        let mut line = LineInput::new("");
        assert_eq!(line.key(press(KeyCode::Tab), &keymap), LineKey::Done);
        assert_eq!(
            line.key(press(KeyCode::Enter), &keymap),
            LineKey::Edited(true),
            "enter is no longer list-choose: it edits (a new line)"
        );
    }

    #[test]
    fn pasted_lines_become_one() {
        let mut line = LineInput::new("");
        line.insert("two\nlines");
        assert_eq!(line.text(), "two lines");
        line.set_text("x");
        assert_eq!(line.text(), "x");
        line.clear();
        assert_eq!(line.text(), "");
    }
}
