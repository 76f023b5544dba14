//! What the reader's tests share: the sample loaded into an `App`, drawn into
//! a `TestBackend`, driven by key events and read back as text.

// Each test crate uses a different part of this module.
#![allow(dead_code)]

use floor::config::Config;
use floor::ingest::{Ingest, sample};
use floor::model::Document;
use floor::tui::keymap::KeyMap;
use floor::tui::{App, Options};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The bundled sample, parsed.
pub fn sample_docs() -> Vec<Document> {
    let ingest = Ingest::new(&Config::default());
    sample::sources()
        .iter()
        .map(|s| ingest.load_source(s).unwrap())
        .collect()
}

/// The reader on the sample in a terminal of a given size.
pub struct Harness {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
}

impl Harness {
    pub fn new(width: u16, height: u16, options: Options) -> Harness {
        let mut h = Harness {
            app: App::with_documents(sample_docs(), KeyMap::default(), options),
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
        };
        h.draw();
        h
    }

    /// Draws a frame: the tree's movement keys work on what the last frame
    /// showed, as in the real event loop.
    pub fn draw(&mut self) {
        let app = &mut self.app;
        self.terminal.draw(|f| app.render(f)).unwrap();
    }

    pub fn press(&mut self, code: KeyCode, modifiers: KeyModifiers) -> &mut Self {
        self.app.handle_key(KeyEvent::new(code, modifiers));
        self.draw();
        self
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.press(code, KeyModifiers::NONE)
    }

    pub fn ctrl(&mut self, c: char) -> &mut Self {
        self.press(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// Presses each character as a key; `\n` is Enter, `\x1b` Esc, `\t` Tab,
    /// `\x08` Backspace.
    pub fn keys(&mut self, keys: &str) -> &mut Self {
        for c in keys.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\x1b' => KeyCode::Esc,
                '\t' => KeyCode::Tab,
                '\x08' => KeyCode::Backspace,
                c => KeyCode::Char(c),
            };
            self.key(code);
        }
        self
    }

    /// Opens the turn of `speaker` in the document whose id contains
    /// `doc`, with the focus in the text; returns the document's index.
    pub fn open_turn(&mut self, doc: &str, speaker: &str) -> usize {
        let d = (0..self.app.session.docs.len())
            .find(|&d| self.app.session.docs[d].id.contains(doc))
            .unwrap();
        let t = self.app.session.docs[d]
            .turns()
            .position(|t| *t.speaker == *speaker)
            .unwrap();
        self.app.show_turn(d, t);
        self.app.focus = floor::tui::state::Focus::Text;
        self.draw();
        d
    }

    pub fn buffer(&self) -> &Buffer {
        self.terminal.backend().buffer()
    }

    /// The screen as text, one line per row, trailing blanks trimmed.
    pub fn screen(&self) -> String {
        let buf = self.buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut line = String::new();
            for x in 0..buf.area.width {
                line.push_str(buf[(x, y)].symbol());
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}
