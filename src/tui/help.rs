//! The help overlay as a component: the keys in use grouped by task
//! (reading, tagging, search, corrections, export, lists), generated from
//! the key map, filterable. It owns its scroll position and filter, reads
//! its keys from the key map (the panes' moves scroll it through the one
//! list navigation, [`super::list::step`]; `/` starts a filter; `help`,
//! `quit` and `list-close` close it), hands back whether it stays open,
//! and draws itself with the [`Theme`].

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Clear;

use super::action::{Action, Task};
use super::keymap::KeyMap;
use super::list;
use super::pickers::Picked;
use super::theme::{Theme, centred, popup};
use crate::text::fold::fold_str;
use crate::text::wrap::{display_width, wrap};

/// The help's state: the first row shown (drawing clamps it to the last
/// page) and the filter.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Help {
    pub scroll: usize,
    /// Words every shown row holds (in its keys, action name or
    /// description; a task's heading shows above its rows that match).
    pub filter: String,
    /// Keys type into the filter (after `/`).
    pub filtering: bool,
}

/// One row of the help: a task's heading, or an action's keys and what it
/// does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Task(&'static str),
    Action(String, &'static str),
}

impl Help {
    /// Opens at the top, unfiltered.
    pub fn open(&mut self) {
        *self = Help::default();
    }

    /// A key, with `page` rows in view: [`Picked::Closed`] when it closes
    /// the help, else [`Picked::Open`].
    pub fn key(&mut self, key: &KeyEvent, keymap: &KeyMap, page: usize) -> Picked<()> {
        if self.filtering {
            match keymap.list_action(key) {
                Some(Action::ListClose) => {
                    self.filter.clear();
                    self.filtering = false;
                }
                Some(Action::ListChoose) => self.filtering = false,
                _ => match key.code {
                    KeyCode::Backspace => {
                        self.filter.pop();
                        self.filtering = !self.filter.is_empty();
                    }
                    KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                        self.filter.push(c);
                    }
                    _ => {}
                },
            }
            self.scroll = 0;
            return Picked::Open;
        }
        if key.code == KeyCode::Char('/') && key.modifiers.is_empty() {
            self.filtering = true;
            return Picked::Open;
        }
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
            if self.filter.is_empty() {
                return Picked::Closed;
            }
            self.filter.clear();
            self.scroll = 0;
        }
        Picked::Open
    }

    /// The rows shown: each task's heading, then its actions with their
    /// keys, only those the filter's words all match.
    pub fn rows(&self, keymap: &KeyMap) -> Vec<HelpRow> {
        let words: Vec<String> = fold_str(&self.filter)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for task in Task::ALL {
            let mut group = Vec::new();
            for &action in Action::ALL.iter().filter(|a| a.task() == task) {
                let keys: Vec<String> = keymap.keys(action).iter().map(|k| k.to_string()).collect();
                let keys = keys.join(" ");
                let haystack = fold_str(&format!(
                    "{keys} {} {}",
                    action.name(),
                    action.description()
                ));
                if words.iter().all(|w| haystack.contains(w.as_str())) {
                    group.push(HelpRow::Action(keys, action.description()));
                }
            }
            if !group.is_empty() {
                rows.push(HelpRow::Task(task.title()));
                rows.extend(group);
            }
        }
        rows
    }

    /// Draws the help centred in `area`.
    pub fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme, keymap: &KeyMap) {
        let rows = self.rows(keymap);
        // Widths from every row, so the popup keeps its size while filtering.
        let all = Help::default().rows(keymap);
        let key_w = all
            .iter()
            .map(|r| match r {
                HelpRow::Action(k, _) => display_width(k),
                HelpRow::Task(_) => 0,
            })
            .max()
            .unwrap_or(0);
        let text_w = all
            .iter()
            .map(|r| match r {
                HelpRow::Action(_, d) => display_width(d),
                HelpRow::Task(t) => display_width(t).saturating_sub(key_w + 2),
            })
            .max()
            .unwrap_or(0);
        let width = (key_w + text_w + 6).min(usize::from(area.width));
        // Descriptions wrap beside their keys when the popup is narrower.
        let desc_w = width.saturating_sub(key_w + 5).max(1);
        let mut lines: Vec<(bool, String)> = Vec::new();
        for row in &rows {
            match row {
                HelpRow::Task(title) => lines.push((true, format!(" {title}"))),
                HelpRow::Action(keys, description) => {
                    let description = theme.deco(description);
                    let wrapped = wrap(&description, u16::try_from(desc_w).unwrap_or(u16::MAX));
                    for (i, part) in wrapped.iter().enumerate() {
                        let keys = if i == 0 { keys.as_str() } else { "" };
                        let text = &description[part.range.clone()];
                        lines.push((false, format!(" {keys:<key_w$}  {text}")));
                    }
                }
            }
        }
        let filter_rows = usize::from(self.filtering || !self.filter.is_empty());
        // As tall as the screen: the help is longer than any terminal, and
        // keeps its place while the filter shortens it.
        let rect = centred(area, width as u16, u16::MAX);
        frame.render_widget(Clear, rect);
        let title = if self.filtering {
            "Help (type to filter, enter keeps it, esc clears)"
        } else {
            "Help (/ filters, esc closes)"
        };
        let mut block = popup(title, theme);
        let inner = block.inner(rect);
        let visible = usize::from(inner.height).saturating_sub(filter_rows);
        self.scroll = self.scroll.min(lines.len().saturating_sub(visible));
        if let Some(more) = self.more(keymap, lines.len(), visible) {
            block = block.title_bottom(Line::from(theme.deco(&more).into_owned()).right_aligned());
        }
        frame.render_widget(block, rect);
        let buf = frame.buffer_mut();
        let mut y = inner.y;
        if filter_rows == 1 && inner.height > 0 {
            let shown = if lines.is_empty() {
                format!(" / {}  (no key matches)", self.filter)
            } else {
                format!(" / {}", self.filter)
            };
            buf.set_line(inner.x, y, &Line::from(shown), inner.width);
            y += 1;
        }
        for (heading, line) in lines.iter().skip(self.scroll).take(visible) {
            buf.set_line(inner.x, y, &Line::from(line.as_str()), inner.width);
            let styled = if *heading {
                inner.width
            } else {
                (key_w + 1).min(usize::from(inner.width)) as u16
            };
            let style = if *heading { theme.item } else { theme.heading };
            buf.set_style(Rect::new(inner.x, y, styled, 1), style);
            y += 1;
        }
    }

    /// What the bottom border says when not every line fits: how many are
    /// below (or, at the end, above) and the keys that scroll.
    fn more(&self, keymap: &KeyMap, rows: usize, visible: usize) -> Option<String> {
        let key = |action| {
            keymap
                .keys(action)
                .first()
                .map_or_else(String::new, ToString::to_string)
        };
        let below = rows.saturating_sub(self.scroll + visible);
        if below > 0 {
            Some(format!(
                " ↓ {below} more: {} {} ",
                key(Action::Down),
                key(Action::PageDown)
            ))
        } else if self.scroll > 0 {
            Some(format!(
                " ↑ {} above: {} {} ",
                self.scroll,
                key(Action::Up),
                key(Action::PageUp)
            ))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn rows_are_grouped_by_task_and_filtered_by_words() {
        let keymap = KeyMap::default();
        let mut help = Help::default();
        let rows = help.rows(&keymap);
        let tasks: Vec<&str> = rows
            .iter()
            .filter_map(|r| match r {
                HelpRow::Task(t) => Some(*t),
                HelpRow::Action(..) => None,
            })
            .collect();
        assert_eq!(
            tasks,
            Task::ALL.iter().map(|t| t.title()).collect::<Vec<_>>()
        );
        let actions = rows.len() - tasks.len();
        assert_eq!(actions, Action::ALL.len(), "every action once");
        // `/` then words: "split" finds the correction, under its task.
        help.key(&press(KeyCode::Char('/')), &keymap, 10);
        for c in "split".chars() {
            help.key(&press(KeyCode::Char(c)), &keymap, 10);
        }
        let rows = help.rows(&keymap);
        assert_eq!(
            rows,
            [
                HelpRow::Task("Corrections"),
                HelpRow::Action("|".into(), Action::SplitTurn.description()),
            ]
        );
        // While filtering, letters are typed, not actions: `q` does not close.
        assert_eq!(
            help.key(&press(KeyCode::Char('q')), &keymap, 10),
            Picked::Open
        );
        assert!(help.rows(&keymap).is_empty());
        help.key(&press(KeyCode::Backspace), &keymap, 10);
        // Enter keeps the filter and gives the keys back; esc clears it,
        // a second esc closes.
        help.key(&press(KeyCode::Enter), &keymap, 10);
        assert!(!help.filtering);
        assert_eq!(help.filter, "split");
        assert_eq!(help.key(&press(KeyCode::Esc), &keymap, 10), Picked::Open);
        assert!(help.filter.is_empty());
        assert_eq!(help.key(&press(KeyCode::Esc), &keymap, 10), Picked::Closed);
    }
}
