//! The corpus-wide views at work: opening them, their keys (the key map's
//! list actions and, once a list has the keys, the panes' moves), the
//! speaker and theme pickers of the indexes, jumping to an entry, and
//! writing an export to the export folder (the current one by default). Their state is
//! [`super::corpus_views::CorpusViews`]; [`super::views`] draws it.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::corpus_views::*;
use super::list;
use super::state::{App, Focus, Mode};
use crate::annotate::tally::Themes;
use crate::export::Format;
use crate::geometry::TurnIndex;

impl App {
    /// Runs more of the corpus search under way, until `deadline`, while
    /// its view is open. Whether the view changed.
    pub fn search_more(&mut self, deadline: std::time::Instant) -> bool {
        self.searching() && self.views.search_more(&self.session, deadline)
    }

    /// Whether a corpus search is under way in the open search view. One
    /// left by jumping to a hit waits, and goes on when the view is shown
    /// again; opening a view starts afresh.
    pub fn searching(&self) -> bool {
        self.views.pending.is_some()
            && self.mode == Mode::Corpus
            && self.views.kind == ViewKind::Search
    }

    /// Opens a corpus view.
    pub fn open_corpus_view(&mut self, kind: ViewKind) {
        if self.session.docs.is_empty() {
            self.message = Some("no documents loaded yet".into());
            return;
        }
        self.views.open(kind, &self.session);
        self.mode = Mode::Corpus;
    }

    /// Keys while a corpus view is open: it takes them all.
    pub fn corpus_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let listed = self.keymap.list_action(&key);
        if listed == Some(Action::ListClose) {
            self.mode = Mode::Normal;
            return;
        }
        let kind = self.views.kind;
        let stage = self.views.stage;
        // Moves shared by every list: the list keys, and once the list has
        // the keys (nothing is typed), the panes' moves too (j, k, g, G).
        let typing = stage == Stage::Input && !matches!(kind, ViewKind::Table | ViewKind::Export);
        let moving = listed.or_else(|| (!typing).then(|| self.keymap.action(&key)).flatten());
        if let Some(delta) = moving.and_then(|a| list::step(a, self.list_page())) {
            self.views.move_by(delta);
            return;
        }
        let enter = listed == Some(Action::ListChoose);
        match (kind, stage) {
            (ViewKind::Table, _) => match key.code {
                KeyCode::Char('h') | KeyCode::Left => {
                    self.views.table_theme = self.views.table_theme.saturating_sub(1);
                }
                KeyCode::Char('l') | KeyCode::Right
                    if self.views.table_theme + 1 < self.views.table_themes.len() =>
                {
                    self.views.table_theme += 1;
                }
                _ if enter => {
                    // The theme index of the theme in the chart.
                    let Some((id, label)) =
                        self.views.table_themes.get(self.views.table_theme).cloned()
                    else {
                        return;
                    };
                    self.open_corpus_view(ViewKind::Themes);
                    self.choose(id, label);
                }
                _ => {}
            },
            (ViewKind::Export, _) => {
                if enter {
                    let format = Format::ALL[self.views.selected];
                    self.mode = Mode::Normal;
                    self.export_from_reader(format);
                }
            }
            (_, Stage::List) => match key.code {
                _ if enter => self.jump_to_entry(),
                KeyCode::Tab | KeyCode::BackTab | KeyCode::Char('/' | 'i')
                    if kind == ViewKind::Search =>
                {
                    self.views.stage = Stage::Input;
                }
                KeyCode::Backspace | KeyCode::Left | KeyCode::Char('h')
                    if kind != ViewKind::Search =>
                {
                    self.views.stage = Stage::Input;
                    self.views.chosen = None;
                    self.views.entries.clear();
                    self.views.refilter();
                }
                _ => {}
            },
            (_, Stage::Input) => match key.code {
                _ if enter => {
                    if kind == ViewKind::Search {
                        self.jump_to_entry();
                    } else if let Some(&i) = self.views.matches.get(self.views.selected) {
                        let (key, label, _) = self.views.choices[i].clone();
                        self.choose(key, label);
                    }
                }
                KeyCode::Tab | KeyCode::BackTab
                    if kind == ViewKind::Search && !self.views.entries.is_empty() =>
                {
                    self.views.stage = Stage::List;
                }
                KeyCode::Backspace => {
                    self.views.input.pop();
                    self.views.input_changed(&self.session);
                }
                KeyCode::Char('u') if ctrl => {
                    self.views.input.clear();
                    self.views.input_changed(&self.session);
                }
                KeyCode::Char(c) if !ctrl => {
                    self.views.input.push(c);
                    self.views.input_changed(&self.session);
                }
                _ => {}
            },
        }
    }

    /// Picks a speaker or theme: the list of its turns or segments.
    fn choose(&mut self, key: String, label: String) {
        let order = self.session.sorted_docs();
        let mut entries = Vec::new();
        match self.views.kind {
            ViewKind::Speakers => {
                for &d in &order {
                    let doc = &self.session.docs[d];
                    for (t, turn) in doc.turns().enumerate() {
                        if *turn.speaker == *key {
                            let offset = turn
                                .paragraphs
                                .first()
                                .map_or(turn.range.start, |p| p.start);
                            entries.push(Entry {
                                doc: d,
                                turn: Some(t),
                                offset,
                                hit: None,
                                tag: None,
                            });
                        }
                    }
                }
            }
            ViewKind::Themes => {
                let book = &self.session.codebook;
                for &d in &order {
                    let index = TurnIndex::new(&self.session.docs[d]);
                    for tag in self.session.anns[d].ann.tags.iter() {
                        if tag.orphaned || !Themes::WithParents(book).has(tag, &key) {
                            continue;
                        }
                        entries.push(Entry {
                            doc: d,
                            turn: index.locate(tag.target.start).map(|p| p.turn),
                            offset: tag.target.start,
                            hit: None,
                            tag: Some(Arc::clone(tag)),
                        });
                    }
                }
            }
            _ => return,
        }
        let v = &mut self.views;
        v.entries = entries;
        v.chosen = Some((key, label));
        v.stage = Stage::List;
        v.selected = 0;
    }

    /// Closes the view and shows the selected entry in the text pane.
    fn jump_to_entry(&mut self) {
        if self.views.error.is_some() {
            return;
        }
        let Some(entry) = self.views.entries.get(self.views.selected).cloned() else {
            if self.views.kind == ViewKind::Search && self.views.error.is_none() {
                self.message = Some(format!("not found: {}", self.views.input.trim()));
            }
            return;
        };
        self.mode = Mode::Normal;
        let d = entry.doc;
        let turn = entry.turn.unwrap_or(0);
        self.show_turn(d, turn);
        self.focus = Focus::Text;
        // The words of the query become the document search: `n` goes on.
        if let Some(hit) = &entry.hit
            && let Some(first) = hit.matches.first()
        {
            let word = self.session.docs[d].text[first.clone()].to_string();
            self.doc_text(d);
            self.search.search_for(&word, self.texts[d].as_ref());
        }
        let display = self.doc_text(d).to_display(entry.offset);
        self.search.current_at(display);
        self.cursor_to(display);
        let total = self.views.entries.len();
        self.message = Some(format!(
            "{}: {}/{total}",
            self.session.docs[d].id,
            self.views.selected + 1
        ));
    }

    /// The folder exports go to: the configured one, else the folder floor
    /// was started in (set when the reader starts); never the corpus by
    /// default, whose next load would read the export.
    pub fn export_dir(&self) -> PathBuf {
        self.views
            .export_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// Writes an export of the loaded corpus with its annotations, never
    /// over an existing file; the path (or the error) goes to the status line.
    pub fn export_from_reader(&mut self, format: Format) {
        let ext = format.ext();
        let docs = self.session.annotated();
        let dir = self.export_dir();
        let result =
            crate::export::render(format, &docs, &self.session.codebook).and_then(|bytes| {
                // create_new: a file that appeared meanwhile is not overwritten.
                let mut path = free_export_path(&dir, ext);
                loop {
                    match OpenOptions::new().write(true).create_new(true).open(&path) {
                        Ok(mut f) => {
                            f.write_all(&bytes)?;
                            return Ok(path);
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                            path = free_export_path(&dir, ext);
                        }
                        Err(e) => return Err(e),
                    }
                }
            });
        self.message = Some(match result {
            Ok(path) => format!("exported to {}", path.display()),
            Err(e) => format!("export failed ({}): {e}", dir.display()),
        });
    }
}
