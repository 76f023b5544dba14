//! The document picker as a component, like helix's file picker: every
//! loaded document by its title, date and path, filtered as the user types
//! through the one fuzzy matcher ([`crate::text::fuzzy`], best match first
//! and highlighted), moved through with the key map's list actions, drawn
//! with the one list layout ([`super::list::rows`]). It hands back the
//! document chosen; the reader opens it.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::action::Action;
use super::keymap::KeyMap;
use super::list;
use super::names::doc_name;
use super::pickers::Picked;
use super::theme::{Theme, filter_popup};
use crate::model::Document;
use crate::text::fuzzy;
use crate::text::wrap::display_width;

/// One document as the picker lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocEntry {
    /// The document's index in the session.
    pub doc: usize,
    pub title: String,
    /// The header's date, or empty.
    pub date: String,
    /// The document's id: its path in the corpus.
    pub path: String,
}

/// The document picker's state.
#[derive(Debug, Default)]
pub struct DocPicker {
    pub filter: String,
    /// Every document, in the tree's order.
    pub entries: Vec<DocEntry>,
    /// What the filter is matched against, one per entry: title, date, path.
    haystacks: Vec<String>,
    /// Indices into `entries` that pass the filter, best first.
    pub matches: Vec<usize>,
    pub selected: usize,
}

impl DocPicker {
    /// Opens over `docs` in the tree's `order`, the document `current`
    /// (the open one) highlighted.
    pub fn open(&mut self, docs: &[Document], order: &[usize], current: Option<usize>) {
        self.entries = order
            .iter()
            .map(|&d| {
                let doc = &docs[d];
                DocEntry {
                    doc: d,
                    title: crate::export::report::one_line(doc_name(doc)),
                    date: doc.metadata.get("date").cloned().unwrap_or_default(),
                    path: doc.id.clone(),
                }
            })
            .collect();
        self.haystacks = self
            .entries
            .iter()
            .map(|e| format!("{} {} {}", e.title, e.date, e.path))
            .collect();
        self.filter.clear();
        self.refilter();
        self.selected = current
            .and_then(|d| self.matches.iter().position(|&m| self.entries[m].doc == d))
            .unwrap_or(0);
    }

    /// Keeps the documents that match the filter, best first, the best one
    /// highlighted.
    fn refilter(&mut self) {
        self.matches = fuzzy::rank(&self.filter, self.haystacks.iter().map(String::as_str));
        self.selected = 0;
    }

    /// Pasted text goes to the filter.
    pub fn paste(&mut self, text: &str) {
        super::line_input::paste_into(&mut self.filter, text);
        self.refilter();
    }

    /// A key, with `page` entries in view: the document chosen (its index
    /// in the session).
    pub fn key(&mut self, key: &KeyEvent, keymap: &KeyMap, page: usize) -> Picked<usize> {
        match keymap.list_action(key) {
            Some(Action::ListClose) => return Picked::Closed,
            Some(Action::ListChoose) => {
                return match self.matches.get(self.selected) {
                    Some(&m) => Picked::Chosen(self.entries[m].doc),
                    None => Picked::Open,
                };
            }
            Some(action) => {
                if let Some(delta) = list::step(action, page) {
                    self.selected = list::moved(self.selected, self.matches.len(), delta);
                }
                return Picked::Open;
            }
            None => {}
        }
        match key.code {
            KeyCode::Backspace => {
                self.filter.pop();
                self.refilter();
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.filter.clear();
                self.refilter();
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.filter.push(c);
                self.refilter();
            }
            _ => {}
        }
        Picked::Open
    }

    /// Draws the picker in `area`: the filter and how many match, then one
    /// row per document, its title cut with an ellipsis to leave room for
    /// its date and path.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.saturating_sub(4).clamp(20, 110);
        let height = area.height.saturating_sub(2).max(3);
        let title = format!(
            "Documents: {} of {} (type to filter, enter opens)",
            self.matches.len(),
            self.entries.len()
        );
        let Some(list_area) =
            filter_popup(frame, area, (width, height), &title, &self.filter, theme)
        else {
            return;
        };
        let ellipsis = if theme.ascii { "..." } else { "…" };
        let buf = frame.buffer_mut();
        if self.matches.is_empty() && list_area.height > 0 {
            buf.set_string(
                list_area.x + 1,
                list_area.y,
                "no document matches",
                theme.dim,
            );
            return;
        }
        for (m, row) in list::rows(self.matches.len(), self.selected, list_area) {
            let e = &self.entries[self.matches[m]];
            let w = usize::from(row.width).saturating_sub(2);
            // The path takes at most a quarter of the row, the date its ten
            // columns; the title, what tells documents apart, the rest.
            let path = crate::text::fit(&e.path, "", (w / 4).max(8), ellipsis);
            let date = if e.date.is_empty() {
                String::new()
            } else {
                format!("  {}", e.date)
            };
            let right = format!("{date}  {path}");
            let room = w.saturating_sub(display_width(&right));
            let name = crate::text::fit(&e.title, "", room, ellipsis);
            let pad = room.saturating_sub(display_width(&name));
            let selected = m == self.selected;
            let (style, dim) = if selected {
                (theme.tree_focused, theme.tree_focused)
            } else {
                (Style::new(), theme.dim)
            };
            let line = Line::from(vec![
                Span::styled(format!(" {name}{}", " ".repeat(pad)), style),
                Span::styled(format!("{right} "), dim),
            ]);
            buf.set_line(row.x, row.y, &line, row.width);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str, date: &str) -> Document {
        let mut d = Document {
            id: id.into(),
            title: title.into(),
            ..Document::default()
        };
        if !date.is_empty() {
            d.metadata.insert("date".into(), date.into());
        }
        d
    }

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn filters_by_title_date_and_path_and_picks_the_best() {
        let docs = vec![
            doc(
                "2024-10/briefing-a",
                "Press Briefing by Karine Jean-Pierre",
                "2024-10-08",
            ),
            doc("oewg/session-2/meeting-9", "Session 2-9 Transcript", ""),
            doc("2024-11/call", "Press Call on Wisconsin", "2024-11-02"),
        ];
        let keymap = KeyMap::default();
        let mut p = DocPicker::default();
        p.open(&docs, &[0, 1, 2], Some(1));
        assert_eq!(p.matches, [0, 1, 2]);
        assert_eq!(p.selected, 1, "the open document highlighted");
        for c in "wisc".chars() {
            p.key(&press(c), &keymap, 10);
        }
        assert_eq!(p.matches, [2]);
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(p.key(&enter, &keymap, 10), Picked::Chosen(2));
        // By date, and by path.
        p.open(&docs, &[0, 1, 2], None);
        for c in "2024-11".chars() {
            p.key(&press(c), &keymap, 10);
        }
        assert_eq!(p.matches.first(), Some(&2));
        p.open(&docs, &[0, 1, 2], None);
        for c in "meeting-9".chars() {
            p.key(&press(c), &keymap, 10);
        }
        assert_eq!(p.key(&enter, &keymap, 10), Picked::Chosen(1));
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(p.key(&esc, &keymap, 10), Picked::Closed);
    }
}
