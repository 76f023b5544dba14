//! The pickers as components: the speaker picker and the theme picker each
//! own their state (filter, matches, selection), read their keys from the
//! key map's list actions, hand back what the user chose as a [`Picked`]
//! (the reader acts on it) and draw themselves with the [`Theme`].

use std::ops::Range;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::keymap::KeyMap;
use super::list::{self, ListKey};
use super::theme::{Theme, filter_popup};
use crate::annotate::Codebook;
use crate::text::fuzzy;
use crate::text::wrap::{display_width, truncate_to_width};

/// What a key did in a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked<T> {
    /// The picker stays open (a move, a letter of the filter, nothing).
    Open,
    /// Closed without a choice.
    Closed,
    /// Closed with a choice.
    Chosen(T),
}

/// Moves, choosing and closing, from the key map's list actions; None for
/// a key that is none of them.
fn list_key(
    keymap: &KeyMap,
    key: &KeyEvent,
    page: usize,
    matches: &[usize],
    selected: &mut usize,
) -> Option<Picked<Option<usize>>> {
    // A picker's filter takes the typing: only the list keys move it.
    match list::list_key(keymap, key, true, page) {
        ListKey::Close => Some(Picked::Closed),
        ListKey::Choose => Some(Picked::Chosen(matches.get(*selected).copied())),
        ListKey::Move(delta) => {
            *selected = list::moved(*selected, matches.len(), delta);
            Some(Picked::Open)
        }
        ListKey::Other => None,
    }
}

/// A character typed into a filter (not a control chord).
fn typed(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Some(c),
        _ => None,
    }
}

/// The speaker picker: every speaker of the corpus with their turns.
#[derive(Debug, Default)]
pub struct SpeakerPicker {
    pub filter: String,
    /// Every speaker of the corpus with the number of turns, most first.
    pub speakers: Vec<(String, usize)>,
    /// Indices into `speakers` that pass the filter.
    pub matches: Vec<usize>,
    pub selected: usize,
    /// The speaker last jumped to.
    pub last: Option<String>,
}

impl SpeakerPicker {
    /// Opens on `speakers`, the last speaker chosen selected.
    pub fn open(&mut self, speakers: Vec<(String, usize)>) {
        self.speakers = speakers;
        self.filter.clear();
        self.refilter();
        self.selected = self
            .last
            .as_ref()
            .and_then(|last| {
                self.matches
                    .iter()
                    .position(|&i| &self.speakers[i].0 == last)
            })
            .unwrap_or(0);
    }

    /// Keeps the speakers that match the filter, best match first; the
    /// highlight goes to the best match, so Enter picks what is on top.
    pub fn refilter(&mut self) {
        self.matches = fuzzy::rank(&self.filter, self.speakers.iter().map(|(n, _)| n.as_str()));
        self.selected = 0;
    }

    /// Pasted text goes to the filter.
    pub fn paste(&mut self, text: &str) {
        super::line_input::paste_into(&mut self.filter, text);
        self.refilter();
    }

    /// A key: the name chosen (the selected speaker, else what was typed,
    /// when `typed_name` allows it).
    pub fn key(
        &mut self,
        key: &KeyEvent,
        keymap: &KeyMap,
        page: usize,
        typed_name: bool,
    ) -> Picked<String> {
        match list_key(keymap, key, page, &self.matches, &mut self.selected) {
            Some(Picked::Chosen(choice)) => {
                let name = match choice {
                    Some(i) => self.speakers[i].0.clone(),
                    None if typed_name => self.filter.trim().to_string(),
                    None => String::new(),
                };
                if name.is_empty() {
                    Picked::Closed
                } else {
                    Picked::Chosen(name)
                }
            }
            Some(Picked::Closed) => Picked::Closed,
            Some(Picked::Open) => Picked::Open,
            None => {
                if key.code == KeyCode::Backspace {
                    self.filter.pop();
                    self.refilter();
                } else if let Some(c) = typed(key) {
                    self.filter.push(c);
                    self.refilter();
                }
                Picked::Open
            }
        }
    }
}

impl SpeakerPicker {
    /// Draws the picker centred in `area`: the filter, then the speakers
    /// that pass it with their turns.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let name_w = self
            .speakers
            .iter()
            .map(|(s, _)| display_width(s))
            .max()
            .unwrap_or(10);
        let width = (name_w + 12).max(30) as u16;
        let height = (self.speakers.len() as u16 + 3).min(area.height.saturating_sub(2).max(3));
        let title = "speaker (type to filter, enter jumps)";
        let Some(list_area) =
            filter_popup(frame, area, (width, height), title, &self.filter, theme)
        else {
            return;
        };
        let buf = frame.buffer_mut();
        for (m, row) in list::rows(self.matches.len(), self.selected, list_area) {
            let (name, count) = &self.speakers[self.matches[m]];
            let count = count.to_string();
            let avail = usize::from(row.width).saturating_sub(count.len() + 3);
            let name = truncate_to_width(name, avail);
            let pad = avail.saturating_sub(display_width(name));
            let line = format!(" {name}{} {count} ", " ".repeat(pad));
            let style = if m == self.selected {
                theme.tree_focused
            } else {
                Style::new()
            };
            buf.set_line(row.x, row.y, &Line::from(line).style(style), row.width);
        }
    }
}

/// The theme picker: a theme's shortcut key picks it at once; `/` or any
/// other letter starts a filter.
#[derive(Debug, Default)]
pub struct ThemePicker {
    pub filter: String,
    /// Typing filters (after `/` or a key that is no shortcut).
    pub filtering: bool,
    /// Theme indices shown, recently used first.
    pub matches: Vec<usize>,
    pub selected: usize,
    /// The canonical range to tag.
    pub range: Range<usize>,
    /// Theme indices, recently used first (the order with no filter).
    pub order: Vec<usize>,
}

impl ThemePicker {
    /// A picker for tagging `range`, with the themes of `book`, the ids in
    /// `recent` first.
    pub fn new(range: Range<usize>, book: &Codebook, recent: &[String]) -> ThemePicker {
        let mut order: Vec<usize> = recent.iter().filter_map(|id| book.index(id)).collect();
        for i in 0..book.themes.len() {
            if !order.contains(&i) {
                order.push(i);
            }
        }
        let mut p = ThemePicker {
            range,
            order,
            ..ThemePicker::default()
        };
        p.refilter(book);
        p
    }

    /// Keeps the themes whose label and id match the filter, best first.
    pub fn refilter(&mut self, book: &Codebook) {
        let names: Vec<String> = self
            .order
            .iter()
            .map(|&i| format!("{} {}", book.themes[i].label, book.themes[i].id))
            .collect();
        self.matches = fuzzy::rank(&self.filter, names.iter().map(String::as_str))
            .into_iter()
            .map(|k| self.order[k])
            .collect();
        self.selected = 0;
    }

    /// A key: the codebook index of the theme chosen.
    pub fn key(
        &mut self,
        key: &KeyEvent,
        keymap: &KeyMap,
        page: usize,
        book: &Codebook,
    ) -> Picked<usize> {
        match list_key(keymap, key, page, &self.matches, &mut self.selected) {
            Some(Picked::Chosen(Some(i))) => return Picked::Chosen(i),
            Some(Picked::Chosen(None)) | Some(Picked::Open) => return Picked::Open,
            Some(Picked::Closed) => return Picked::Closed,
            None => {}
        }
        if key.code == KeyCode::Backspace {
            self.filter.pop();
            if self.filter.is_empty() {
                self.filtering = false;
            }
            self.refilter(book);
        } else if let Some(c) = typed(key) {
            if !self.filtering {
                if c == '/' {
                    self.filtering = true;
                    return Picked::Open;
                }
                if let Some(i) = book.themes.iter().position(|t| t.key == Some(c)) {
                    return Picked::Chosen(i);
                }
            }
            self.filtering = true;
            self.filter.push(c);
            self.refilter(book);
        }
        Picked::Open
    }
}

impl ThemePicker {
    /// Draws the picker centred in `area`: the filter, then the themes of
    /// `book` that pass it, each with its shortcut in its colour.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, book: &Codebook) {
        let label_w = book
            .themes
            .iter()
            .map(|t| display_width(&t.label) + if t.parent.is_some() { 2 } else { 0 })
            .max()
            .unwrap_or(10);
        let width = (label_w + 10).max(44) as u16;
        let height = (book.themes.len() as u16 + 3).min(area.height.saturating_sub(2).max(3));
        let title = if self.filtering {
            "theme (type to filter, enter tags)"
        } else {
            "theme (key picks, / filters, esc)"
        };
        let Some(list_area) =
            filter_popup(frame, area, (width, height), title, &self.filter, theme)
        else {
            return;
        };
        let buf = frame.buffer_mut();
        for (m, row) in list::rows(self.matches.len(), self.selected, list_area) {
            let t = &book.themes[self.matches[m]];
            let (x, y) = (row.x, row.y);
            let key = t
                .key
                .map_or_else(|| "   ".to_string(), |k| format!("[{k}]"));
            let indent = if t.parent.is_some() { "  " } else { "" };
            let line = format!(" {key} {indent}{} ", t.label);
            let selected = m == self.selected;
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn code(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn the_speaker_picker_filters_moves_and_chooses_without_a_terminal() {
        let keymap = KeyMap::default();
        let mut p = SpeakerPicker::default();
        p.open(vec![
            ("Egypt".into(), 3),
            ("Germany".into(), 2),
            ("France and Germany".into(), 1),
        ]);
        assert_eq!(p.matches, [0, 1, 2]);
        for c in "germ".chars() {
            assert_eq!(p.key(&press(c), &keymap, 10, false), Picked::Open);
        }
        assert_eq!(p.matches, [1, 2]);
        p.key(&code(KeyCode::Down), &keymap, 10, false);
        assert_eq!(
            p.key(&code(KeyCode::Enter), &keymap, 10, false),
            Picked::Chosen("France and Germany".into())
        );
        assert_eq!(
            p.key(&code(KeyCode::Esc), &keymap, 10, false),
            Picked::Closed
        );
    }

    #[test]
    fn the_highlight_follows_the_filtered_list_to_the_best_match() {
        let keymap = KeyMap::default();
        let mut p = SpeakerPicker::default();
        p.open(vec![
            ("Egypt".into(), 9),
            ("France".into(), 8),
            ("Germany".into(), 7),
            ("Ghana".into(), 6),
        ]);
        // On Ghana, then a filter Ghana does not pass: the highlight must
        // not stay on the fourth row (now someone else, or nobody).
        for _ in 0..3 {
            p.key(&code(KeyCode::Down), &keymap, 10, false);
        }
        assert_eq!(p.speakers[p.matches[p.selected]].0, "Ghana");
        for c in "fra".chars() {
            p.key(&press(c), &keymap, 10, false);
        }
        assert_eq!(
            p.key(&code(KeyCode::Enter), &keymap, 10, false),
            Picked::Chosen("France".into())
        );
    }

    #[test]
    fn the_theme_picker_takes_shortcuts_until_a_filter_starts() {
        let keymap = KeyMap::default();
        let book = Codebook::default();
        let cb = book.index("capacity-building").unwrap();
        let mut p = ThemePicker::new(0..1, &book, &[]);
        assert_eq!(p.key(&press('c'), &keymap, 10, &book), Picked::Chosen(cb));
        let mut p = ThemePicker::new(0..1, &book, &["norms".into()]);
        assert_eq!(p.matches[0], book.index("norms").unwrap(), "recent first");
        assert_eq!(p.key(&press('/'), &keymap, 10, &book), Picked::Open);
        for c in "capac".chars() {
            p.key(&press(c), &keymap, 10, &book);
        }
        assert_eq!(
            p.key(&code(KeyCode::Enter), &keymap, 10, &book),
            Picked::Chosen(cb)
        );
    }
}
