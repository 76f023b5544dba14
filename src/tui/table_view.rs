//! The speaker × theme table (`C`) as a component: tags per speaker and
//! theme from the one tally ([`crate::annotate::tally`]), most tags first,
//! and a bar chart of one theme by speaker. It owns its state, takes its
//! keys from the key map (moves choose a speaker; `collapse` and `expand`,
//! `h` and `l`, the theme; `list-choose` hands back the theme to open its
//! index) and draws itself.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Block};

use super::action::Action;
use super::keymap::KeyMap;
use super::list::{self, ListKey};
use super::pickers::Picked;
use super::theme::{Theme, put};
use crate::annotate::Codebook;
use crate::session::Session;
use crate::text::wrap::{display_width, truncate_to_width};

/// The table's state.
#[derive(Debug, Default)]
pub struct TableView {
    /// Theme ids and labels (the columns).
    pub themes: Vec<(String, String)>,
    /// Speakers with their count per theme (the rows), most tags first.
    pub rows: Vec<(String, Vec<u64>)>,
    /// The theme shown in the bar chart (a column); kept between opens.
    pub theme: usize,
    /// The selected row.
    pub selected: usize,
}

impl TableView {
    /// Counts speakers × themes from the session's tally.
    pub fn open(&mut self, session: &Session) {
        let tally = session.theme_tally();
        let themes: Vec<(String, String)> = session
            .codebook
            .themes
            .iter()
            .map(|t| (t.id.clone(), t.label.clone()))
            .collect();
        let mut rows: Vec<(String, Vec<u64>)> = tally
            .by_speaker
            .into_iter()
            .map(|(speaker, row)| {
                let cells = themes
                    .iter()
                    .map(|(id, _)| row.get(id).copied().unwrap_or(0) as u64)
                    .collect();
                (speaker, cells)
            })
            .collect();
        rows.sort_by(|a, b| {
            let (x, y): (u64, u64) = (a.1.iter().sum(), b.1.iter().sum());
            y.cmp(&x).then_with(|| a.0.cmp(&b.0))
        });
        self.theme = self.theme.min(themes.len().saturating_sub(1));
        self.themes = themes;
        self.rows = rows;
        self.selected = 0;
    }

    /// A key, with `page` rows in view: the theme (id, label) whose index
    /// to open.
    pub fn key(
        &mut self,
        key: &KeyEvent,
        keymap: &KeyMap,
        page: usize,
    ) -> Picked<(String, String)> {
        match list::list_key(keymap, key, false, page) {
            ListKey::Close => return Picked::Closed,
            ListKey::Choose => {
                return match self.themes.get(self.theme) {
                    Some(theme) => Picked::Chosen(theme.clone()),
                    None => Picked::Open,
                };
            }
            ListKey::Move(delta) => {
                self.selected = list::moved(self.selected, self.rows.len(), delta);
                return Picked::Open;
            }
            ListKey::Other => {}
        }
        match keymap.action(key) {
            Some(Action::Collapse) => self.theme = self.theme.saturating_sub(1),
            Some(Action::Expand) if self.theme + 1 < self.themes.len() => self.theme += 1,
            _ => {}
        }
        Picked::Open
    }

    /// The hint row's text.
    pub fn hint(keymap: &KeyMap) -> String {
        keymap.hint("{down} {up} speaker · {collapse} {expand} theme · {list-choose} theme index · {list-close}",
        )
    }

    /// Draws the table in the upper half of `body` and the chart of the
    /// selected theme below it.
    pub fn render(&self, frame: &mut Frame, body: Rect, book: &Codebook, theme: &Theme) {
        if self.rows.is_empty() {
            put(
                frame,
                body,
                "no tags yet: tag segments with `t`, then come back",
                theme.dim,
            );
            return;
        }
        let avail = body.height;
        let table_h = (avail / 2).max(2);
        let name_w = 18.min(usize::from(body.width) / 3);
        self.cells(
            frame,
            Rect {
                height: table_h,
                ..body
            },
            name_w,
            book,
            theme,
        );
        let chart = Rect {
            y: body.y + table_h,
            height: avail.saturating_sub(table_h),
            ..body
        };
        self.chart(frame, chart, name_w, book, theme);
    }

    /// The header of theme shorts, then a row per speaker, the columns
    /// around the selected theme.
    fn cells(&self, frame: &mut Frame, area: Rect, name_w: usize, book: &Codebook, theme: &Theme) {
        let col_w = 4;
        let cols = (usize::from(area.width).saturating_sub(name_w + 1) / col_w).max(1);
        let first_col = self.theme.saturating_sub(cols - 1);
        let mut header = vec![Span::raw(format!("{:<name_w$} ", "speaker"))];
        for (c, (id, _)) in self.themes.iter().enumerate().skip(first_col).take(cols) {
            let short = book.get(id).map_or_else(|| id.clone(), |t| t.short.clone());
            let style = if c == self.theme {
                theme.tree_focused
            } else {
                theme.heading
            };
            let s = truncate_to_width(&short, col_w - 1);
            header.push(Span::styled(format!("{s:>3}"), style));
            header.push(Span::raw(" "));
        }
        frame.render_widget(Line::from(header), Rect { height: 1, ..area });
        let rows_area = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        };
        for (r, row) in list::rows(self.rows.len(), self.selected, rows_area) {
            let (speaker, counts) = &self.rows[r];
            let style = if r == self.selected {
                theme.tree_focused
            } else {
                Style::new()
            };
            let name = truncate_to_width(speaker, name_w);
            let mut spans = vec![Span::styled(
                format!("{name}{} ", " ".repeat(name_w - display_width(name))),
                style,
            )];
            for (c, n) in counts.iter().enumerate().skip(first_col).take(cols) {
                let cell = if *n == 0 {
                    format!("  {}", theme.deco("·"))
                } else {
                    format!("{n:>3}")
                };
                let s = if c == self.theme {
                    style.add_modifier(Modifier::BOLD)
                } else {
                    style
                };
                spans.push(Span::styled(cell, s));
                spans.push(Span::raw(" "));
            }
            frame.render_widget(Line::from(spans), row);
        }
    }

    /// The bar chart of the selected theme by speaker.
    fn chart(&self, frame: &mut Frame, chart: Rect, name_w: usize, book: &Codebook, theme: &Theme) {
        if chart.height < 2 {
            return;
        }
        let (id, label) = &self.themes[self.theme];
        let mut by: Vec<(&str, u64)> = self
            .rows
            .iter()
            .map(|(s, c)| (s.as_str(), c[self.theme]))
            .filter(|(_, n)| *n > 0)
            .collect();
        by.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let block = Block::new()
            .borders(ratatui::widgets::Borders::TOP)
            .border_set(theme.border)
            .title(format!(" {label} by speaker "));
        let bar_style = match book.get(id) {
            Some(t) if theme.colour => Style::new().fg(ratatui::style::Color::Rgb(
                t.colour.0, t.colour.1, t.colour.2,
            )),
            _ => Style::new(),
        };
        let shown = usize::from(chart.height.saturating_sub(1));
        let bars: Vec<Bar> = by
            .iter()
            .take(shown)
            .map(|(s, n)| {
                Bar::default()
                    .value(*n)
                    .label(Line::from(truncate_to_width(s, name_w).to_string()))
            })
            .collect();
        if bars.is_empty() {
            frame.render_widget(block, chart);
            let below = Rect {
                y: chart.y + 1,
                height: 1,
                ..chart
            };
            put(frame, below, "no segments with this theme", theme.dim);
            return;
        }
        let mut chart_widget = BarChart::horizontal(bars)
            .block(block)
            .bar_width(1)
            .bar_gap(0)
            .bar_style(bar_style);
        if theme.ascii {
            chart_widget = chart_widget.bar_set(ASCII_BARS);
        }
        frame.render_widget(chart_widget, chart);
    }
}

/// Bars of `#` where block elements cannot be drawn.
const ASCII_BARS: ratatui::symbols::bar::Set<'static> = ratatui::symbols::bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "#",
    five_eighths: "#",
    half: "#",
    three_eighths: " ",
    one_quarter: " ",
    one_eighth: " ",
    empty: " ",
};

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn moves_choose_a_speaker_h_l_a_theme_enter_hands_it_back() {
        let mut table = TableView {
            themes: vec![("a".into(), "A".into()), ("b".into(), "B".into())],
            rows: vec![("Egypt".into(), vec![2, 0]), ("Chile".into(), vec![0, 1])],
            ..TableView::default()
        };
        let keymap = KeyMap::default();
        let press = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        table.key(&press('j'), &keymap, 5);
        assert_eq!(table.selected, 1);
        table.key(&press('l'), &keymap, 5);
        table.key(&press('l'), &keymap, 5);
        assert_eq!(table.theme, 1, "stops at the last theme");
        table.key(&press('h'), &keymap, 5);
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            table.key(&enter, &keymap, 5),
            Picked::Chosen(("a".to_string(), "A".to_string()))
        );
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(table.key(&esc, &keymap, 5), Picked::Closed);
    }
}
