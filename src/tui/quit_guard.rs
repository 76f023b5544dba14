//! Quitting with changes that are not on disk: the reader asks before it
//! lets them go. This component owns the question (a draft being typed, or
//! the documents and why each is unsaved, and the last failure to write
//! them aside), its keys and the lines it shows (drawn by
//! `views::overlays`), and hands back the user's choice; the reader acts on
//! it (saves the draft, or [`crate::session::Session::rescue_unsaved`]
//! writes the side files).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Clear;

use super::keymap::KeyMap;
use super::theme::{Theme, centred, popup};
use crate::annotate::ledger::Unsaved;

/// What the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuitChoice {
    /// Write the unsaved annotations to side files, then quit.
    Rescue,
    /// Close the question and keep reading.
    Keep,
    /// Quit and lose them (the process exits non-zero).
    Abandon,
}

/// The question asked when quitting would lose changes.
#[derive(Debug, Clone, Default)]
pub struct QuitGuard {
    /// Each document with unsaved changes (its id) and why.
    pub unsaved: Vec<(String, Unsaved)>,
    /// Why writing the side files failed, when it did.
    pub error: Option<String>,
    /// What is being typed and not saved ("the note you are writing"):
    /// asked about before any document.
    pub draft: Option<&'static str>,
}

impl QuitGuard {
    pub fn new(unsaved: Vec<(String, Unsaved)>) -> QuitGuard {
        QuitGuard {
            unsaved,
            error: None,
            draft: None,
        }
    }

    /// The question about a draft: `w` saves it (then the quit goes on),
    /// `k` goes back to it, `a` drops it.
    pub fn for_draft(draft: &'static str) -> QuitGuard {
        QuitGuard {
            draft: Some(draft),
            ..QuitGuard::default()
        }
    }

    /// The question's title.
    pub fn title(&self) -> &'static str {
        if self.draft.is_some() {
            "quit? what you typed is not saved"
        } else {
            "quit? changes are not saved"
        }
    }

    /// A key: `w` writes aside, `a` abandons, the list-close key (Esc) or
    /// `k` keeps reading; anything else is ignored, so that a quit key
    /// pressed twice does not throw the changes away.
    pub fn key(&self, key: KeyEvent, keymap: &KeyMap) -> Option<QuitChoice> {
        match key.code {
            KeyCode::Char('w') => Some(QuitChoice::Rescue),
            KeyCode::Char('a') => Some(QuitChoice::Abandon),
            KeyCode::Char('k') => Some(QuitChoice::Keep),
            _ if keymap.list_action(&key) == Some(super::action::Action::ListClose) => {
                Some(QuitChoice::Keep)
            }
            _ => None,
        }
    }

    /// The question's lines.
    pub fn lines(&self) -> Vec<String> {
        if let Some(draft) = self.draft {
            return vec![
                format!("{draft} is not saved."),
                String::new(),
                "w  save it, then quit".into(),
                "k  keep writing (esc)".into(),
                "a  quit without it".into(),
            ];
        }
        let mut lines = vec![format!(
            "{} not saved:",
            crate::text::counted(
                self.unsaved.len(),
                "document has changes",
                "documents have changes"
            )
        )];
        for (id, why) in &self.unsaved {
            let why = match why {
                Unsaved::Pending => "still being written".to_string(),
                Unsaved::Failed(e) => crate::export::report::one_line(e),
            };
            lines.push(format!("  {}: {why}", crate::export::report::one_line(id)));
        }
        lines.push(String::new());
        if let Some(e) = &self.error {
            lines.push(format!(
                "could not write them aside: {}",
                crate::export::report::one_line(e)
            ));
            lines.push(String::new());
        }
        lines.push("w  write them to a side file (floor check lists it), then quit".into());
        lines.push("k  keep reading (esc)".into());
        lines.push("a  abandon them and quit".into());
        lines
    }
}

impl QuitGuard {
    /// Draws the question as a popup in the middle of `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let lines = self.lines();
        let width = area.width.saturating_sub(4).clamp(20, 90);
        let height = (lines.len() as u16 + 4).min(area.height);
        let rect = centred(area, width, height);
        frame.render_widget(Clear, rect);
        let text: Vec<Line> = lines.into_iter().map(Line::from).collect();
        frame.render_widget(
            ratatui::widgets::Paragraph::new(text)
                .block(popup(self.title(), theme))
                .wrap(ratatui::widgets::Wrap { trim: false }),
            rect,
        );
    }
}
