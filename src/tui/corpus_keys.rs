//! The reader acting on the corpus views ([`super::corpus_views`]): opening
//! one, passing it the keys, and doing what it hands back: showing an
//! entry in the text pane, writing an export through the session, saying
//! that nothing was found.

use ratatui::crossterm::event::KeyEvent;

use super::corpus_views::{ViewKey, ViewKind};
use super::state::{App, Focus, Mode};

impl App {
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
        let page = self.list_page();
        match self.views.key(&key, &self.keymap, page, &self.session) {
            ViewKey::Open => {}
            ViewKey::Closed => self.mode = Mode::Normal,
            ViewKey::Message(m) => self.message = Some(m),
            ViewKey::Export(format) => {
                self.mode = Mode::Normal;
                let dir = self.views.export.dir();
                self.message = Some(match self.session.export_to(format, &dir) {
                    Ok(path) => format!("exported to {}", path.display()),
                    Err(e) => format!("export failed ({}): {e}", dir.display()),
                });
            }
            ViewKey::Jump(entry, n, total) => {
                self.mode = Mode::Normal;
                let d = entry.doc;
                self.show_turn(d, entry.turn.unwrap_or(0));
                self.focus = Focus::Text;
                // The words of the query become the document search: `n`
                // goes on.
                if let Some(first) = entry.hit.as_ref().and_then(|h| h.matches.first()) {
                    let word = self.session.docs[d].text[first.clone()].to_string();
                    self.doc_text(d);
                    self.search.search_for(&word, self.texts[d].as_deref());
                }
                let display = self.doc_text(d).to_display(entry.offset);
                self.search.current_at(display);
                self.cursor_to(display);
                self.message = Some(format!("{}: {}/{total}", self.session.docs[d].id, n + 1));
            }
        }
    }
}
