//! The speaker index (`S`) and the theme index (`T`) as one component:
//! pick a speaker or a theme through a filter (the one fuzzy matcher,
//! [`crate::text::fuzzy`], best match first), then every turn of the
//! speaker or every segment of the theme across the corpus
//! ([`Session::turns_of`], [`Session::segments_of`]) in a [`Results`]
//! list. It owns its state, takes its keys from the key map, hands back a
//! [`ViewKey`] and draws itself.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use super::action::Action;
use super::keymap::KeyMap;
use super::line_input::{edit_filter, paste_into};
use super::list::{self, ListKey};
use super::results::{Entry, Results, Shown};
use super::theme::{Theme, line_at, put};
use super::view_key::{Stage, ViewKey};
use crate::session::Session;
use crate::text::counted;
use crate::text::fuzzy;
use crate::text::wrap::display_width;

/// What an index lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IndexOf {
    #[default]
    Speakers,
    Themes,
}

/// The state of an index.
#[derive(Debug, Default)]
pub struct IndexView {
    pub of: IndexOf,
    pub stage: Stage,
    /// The filter over the speakers or themes.
    pub filter: String,
    /// Speakers or themes to pick from: key, label, count.
    pub choices: Vec<(String, String, usize)>,
    /// Indices into `choices` that pass the filter, best first.
    pub matches: Vec<usize>,
    /// The highlighted choice (in `matches`).
    pub selected: usize,
    /// The speaker or theme picked: key and label.
    pub chosen: Option<(String, String)>,
    /// Its turns or segments.
    pub results: Results,
}

impl IndexView {
    /// Opens on every speaker with their turns, most first.
    pub fn open_speakers(&mut self, session: &Session) {
        let choices = session
            .speaker_counts()
            .into_iter()
            .map(|(s, n)| (s.clone(), s, n))
            .collect();
        self.open(IndexOf::Speakers, choices);
    }

    /// Opens on every theme of the codebook with its segments.
    pub fn open_themes(&mut self, session: &Session) {
        let tally = session.theme_tally();
        let choices = session
            .codebook
            .themes
            .iter()
            .map(|t| (t.id.clone(), t.label.clone(), tally.theme(&t.id)))
            .collect();
        self.open(IndexOf::Themes, choices);
    }

    fn open(&mut self, of: IndexOf, choices: Vec<(String, String, usize)>) {
        *self = IndexView {
            of,
            choices,
            ..IndexView::default()
        };
        self.refilter();
    }

    /// Keeps the choices that match the filter, best first, the best one
    /// highlighted.
    fn refilter(&mut self) {
        self.matches = fuzzy::rank(
            &self.filter,
            self.choices.iter().map(|(_, label, _)| label.as_str()),
        );
        self.selected = 0;
    }

    /// Picks a speaker or theme (by key, with its label): the list of its
    /// turns or segments.
    pub fn choose(&mut self, key: String, label: String, session: &Session) {
        let entries: Vec<Entry> = match self.of {
            IndexOf::Speakers => session
                .turns_of(&key)
                .into_iter()
                .map(|(d, t)| {
                    let turn = session.docs[d].turns().nth(t);
                    let offset = turn.map_or(0, |turn| {
                        turn.paragraphs
                            .first()
                            .map_or(turn.range.start, |p| p.start)
                    });
                    Entry {
                        doc: d,
                        turn: Some(t),
                        offset,
                        hit: None,
                        tag: None,
                    }
                })
                .collect(),
            IndexOf::Themes => session
                .segments_of(&key)
                .into_iter()
                .map(|(d, turn, tag)| Entry {
                    doc: d,
                    turn,
                    offset: tag.target.start,
                    hit: None,
                    tag: Some(tag),
                })
                .collect(),
        };
        let shown = match self.of {
            IndexOf::Speakers => Shown::Turns,
            IndexOf::Themes => Shown::Segments,
        };
        self.results = Results::new(shown);
        self.results.set(entries);
        self.chosen = Some((key, label));
        self.stage = Stage::List;
    }

    /// Back from the list to the picker.
    fn back(&mut self) {
        self.stage = Stage::Input;
        self.chosen = None;
        self.results.clear();
        self.refilter();
    }

    /// Pasted text goes to the filter.
    pub fn paste(&mut self, text: &str) {
        if self.stage == Stage::Input {
            paste_into(&mut self.filter, text);
            self.refilter();
        }
    }

    /// A key, with `page` entries in view.
    pub fn key(
        &mut self,
        key: &KeyEvent,
        keymap: &KeyMap,
        page: usize,
        session: &Session,
    ) -> ViewKey {
        let choose = match list::list_key(keymap, key, self.stage == Stage::Input, page) {
            ListKey::Close => return ViewKey::Closed,
            ListKey::Move(delta) => {
                match self.stage {
                    Stage::Input => {
                        self.selected = list::moved(self.selected, self.matches.len(), delta);
                    }
                    Stage::List => self.results.move_by(delta),
                }
                return ViewKey::Open;
            }
            ListKey::Choose => true,
            ListKey::Other => false,
        };
        match self.stage {
            Stage::Input if choose => {
                if let Some(&i) = self.matches.get(self.selected) {
                    let (key, label, _) = self.choices[i].clone();
                    self.choose(key, label, session);
                }
            }
            Stage::Input => {
                if edit_filter(&mut self.filter, key) {
                    self.refilter();
                }
            }
            Stage::List if choose => {
                if let Some(entry) = self.results.current() {
                    let total = self.results.entries.len();
                    return ViewKey::Jump(entry.clone(), self.results.selected, total);
                }
            }
            Stage::List => {
                if key.code == KeyCode::Backspace || keymap.action(key) == Some(Action::Collapse) {
                    self.back();
                }
            }
        }
        ViewKey::Open
    }

    /// The view's title.
    pub fn title(&self) -> String {
        match (self.of, &self.chosen) {
            (IndexOf::Speakers, None) => "Speaker index: pick a speaker".to_string(),
            (IndexOf::Speakers, Some((_, l))) => format!("Speaker: {l}"),
            (IndexOf::Themes, None) => "Theme index: pick a theme".to_string(),
            (IndexOf::Themes, Some((_, l))) => format!("Theme: {l}"),
        }
    }

    /// The hint row's text.
    pub fn hint(&self, keymap: &KeyMap) -> String {
        match self.stage {
            Stage::Input => keymap.hint("type to filter · {list-down}{list-up} move · {list-choose} pick · {list-close} close",
            ),
            Stage::List => keymap.hint("{down} {up} move · {list-choose} jump · {collapse} back · {list-close} close",
            ),
        }
    }

    /// Draws the picker (the filter, how many match, the choices) or the
    /// list of what was picked, in `body`.
    pub fn render(&mut self, frame: &mut Frame, body: Rect, session: &Session, theme: &Theme) {
        let width = usize::from(body.width);
        if self.chosen.is_none() {
            let prompt = format!("> {}", self.filter);
            put(frame, line_at(body, 0), &prompt, Style::new());
            let x = display_width(&prompt).min(width - 1) as u16;
            frame.set_cursor_position(Position::new(body.x + x, body.y));
            put(
                frame,
                line_at(body, 1),
                &format!("{} of {}", self.matches.len(), self.choices.len()),
                theme.dim,
            );
            let list_area = Rect {
                y: body.y + 2,
                height: body.height.saturating_sub(2),
                ..body
            };
            for (m, row) in list::rows(self.matches.len(), self.selected, list_area) {
                let (_, label, n) = &self.choices[self.matches[m]];
                let style = if m == self.selected {
                    theme.tree_focused
                } else {
                    Style::new()
                };
                put(frame, row, &format!(" {label} ({n})"), style);
            }
            return;
        }
        let (one, many) = match self.of {
            IndexOf::Speakers => ("turn", "turns"),
            IndexOf::Themes => ("tagged segment", "tagged segments"),
        };
        put(
            frame,
            line_at(body, 0),
            &format!(
                "{} in {}",
                counted(self.results.entries.len(), one, many),
                counted(self.results.docs(), "document", "documents")
            ),
            theme.dim,
        );
        let list_area = Rect {
            y: body.y + 1,
            height: body.height.saturating_sub(1),
            ..body
        };
        self.results.render(frame, list_area, session, theme);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::sample_session;
    use ratatui::crossterm::event::KeyModifiers;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn pick_a_speaker_list_their_turns_jump_and_go_back() {
        let session = sample_session();
        let keymap = KeyMap::default();
        let mut index = IndexView::default();
        index.open_speakers(&session);
        assert_eq!(index.matches.len(), index.choices.len());
        for c in "germ".chars() {
            index.key(&press(KeyCode::Char(c)), &keymap, 10, &session);
        }
        assert_eq!(index.choices[index.matches[0]].0, "Germany");
        index.key(&press(KeyCode::Enter), &keymap, 10, &session);
        assert_eq!(index.stage, Stage::List);
        assert_eq!(index.title(), "Speaker: Germany");
        let turns = session.turns_of("Germany");
        assert_eq!(index.results.entries.len(), turns.len());
        // The panes' moves work in the list: G to the last turn.
        index.key(&press(KeyCode::Char('G')), &keymap, 10, &session);
        match index.key(&press(KeyCode::Enter), &keymap, 10, &session) {
            ViewKey::Jump(entry, n, total) => {
                assert_eq!(
                    (entry.doc, entry.turn),
                    (turns[total - 1].0, Some(turns[total - 1].1))
                );
                assert_eq!(n + 1, total);
            }
            other => panic!("{other:?}"),
        }
        // h (the key map's collapse) goes back to the picker.
        index.key(&press(KeyCode::Char('h')), &keymap, 10, &session);
        assert!(index.chosen.is_none() && index.stage == Stage::Input);
        assert_eq!(index.filter, "germ", "the filter kept");
        let esc = index.key(&press(KeyCode::Esc), &keymap, 10, &session);
        assert!(matches!(esc, ViewKey::Closed), "{esc:?}");
    }
}
