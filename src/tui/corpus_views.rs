//! The corpus-wide views of the reader, each a component that owns its
//! state, takes its keys from the key map, hands back a [`ViewKey`] and
//! draws itself: the corpus search ([`super::corpus_search`], `F`), the
//! speaker and theme indexes ([`super::indexes`], `S`, `T`), the speaker ×
//! theme table ([`super::table_view`], `C`) and the export
//! ([`super::export_view`], `E`). [`CorpusViews`] holds them, knows which
//! is open, passes keys to it and draws the frame they share (the box,
//! its title, the hint row made from the key map). The reader acts on
//! what they hand back ([`super::corpus_keys`]).

use std::time::Instant;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear};

use super::corpus_search::CorpusSearch;
use super::export_view::ExportView;
use super::indexes::IndexView;
use super::keymap::KeyMap;
use super::pickers::Picked;
use super::results::Results;
use super::table_view::TableView;
use super::theme::{Theme, line_at, put};
pub use super::view_key::{Stage, ViewKey};
use crate::session::Session;

/// Which corpus view is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ViewKind {
    /// Search across the corpus.
    #[default]
    Search,
    /// Every turn of one speaker.
    Speakers,
    /// Every tagged segment of one theme.
    Themes,
    /// Speakers × themes, with a bar chart of one theme.
    Table,
    /// Choose an export format.
    Export,
}

/// The corpus views: the one open and each one's state.
#[derive(Debug, Default)]
pub struct CorpusViews {
    pub kind: ViewKind,
    pub search: CorpusSearch,
    /// The speaker index, or the theme index.
    pub index: IndexView,
    pub table: TableView,
    pub export: ExportView,
}

impl CorpusViews {
    /// Opens a view afresh over the session: no search left running, the
    /// speakers or themes to pick from, the table counted.
    pub fn open(&mut self, kind: ViewKind, session: &Session) {
        self.kind = kind;
        self.search.open();
        match kind {
            ViewKind::Search => {}
            ViewKind::Speakers => self.index.open_speakers(session),
            ViewKind::Themes => self.index.open_themes(session),
            ViewKind::Table => self.table.open(session),
            ViewKind::Export => self.export.open(),
        }
    }

    /// A key for the open view, with `page` entries in view. The table's
    /// choice of a theme opens its index here.
    pub fn key(
        &mut self,
        key: &KeyEvent,
        keymap: &KeyMap,
        page: usize,
        session: &Session,
    ) -> ViewKey {
        match self.kind {
            ViewKind::Search => self.search.key(key, keymap, page, session),
            ViewKind::Speakers | ViewKind::Themes => self.index.key(key, keymap, page, session),
            ViewKind::Export => self.export.key(key, keymap, page),
            ViewKind::Table => match self.table.key(key, keymap, page) {
                Picked::Open => ViewKey::Open,
                Picked::Closed => ViewKey::Closed,
                Picked::Chosen((id, label)) => {
                    self.open(ViewKind::Themes, session);
                    self.index.choose(id, label, session);
                    ViewKey::Open
                }
            },
        }
    }

    /// Pasted text goes to the open view's input line.
    pub fn paste(&mut self, text: &str, session: &Session) {
        match self.kind {
            ViewKind::Search => self.search.paste(text, session),
            ViewKind::Speakers | ViewKind::Themes => self.index.paste(text),
            ViewKind::Table | ViewKind::Export => {}
        }
    }

    /// Whether the search view has a search under way.
    pub fn searching(&self) -> bool {
        self.kind == ViewKind::Search && self.search.running()
    }

    /// Runs more of the search under way until `deadline`; whether the
    /// view changed.
    pub fn search_more(&mut self, session: &Session, deadline: Instant) -> bool {
        self.searching() && self.search.search_more(session, deadline)
    }

    /// The results the open view lists, if it lists any.
    pub fn results(&self) -> Option<&Results> {
        match self.kind {
            ViewKind::Search => Some(&self.search.results),
            ViewKind::Speakers | ViewKind::Themes => Some(&self.index.results),
            ViewKind::Table | ViewKind::Export => None,
        }
    }

    /// Draws the open view over `area`: a box with its title, its body,
    /// and a hint row of its keys.
    pub fn render(
        &mut self,
        frame: &mut Frame,
        area: Rect,
        session: &Session,
        theme: &Theme,
        keymap: &KeyMap,
    ) {
        let outer = if area.width >= 40 && area.height >= 12 {
            area.inner(Margin::new(1, 1))
        } else {
            area
        };
        let title = match self.kind {
            ViewKind::Search => "Search the corpus".to_string(),
            ViewKind::Speakers | ViewKind::Themes => self.index.title(),
            ViewKind::Table => theme.deco("Speakers × themes").into_owned(),
            ViewKind::Export => "Export".to_string(),
        };
        frame.render_widget(Clear, outer);
        let block = Block::bordered().border_set(theme.border).title(
            Line::from(format!(" {title} ")).style(Style::new().add_modifier(Modifier::BOLD)),
        );
        let inner = block.inner(outer);
        frame.render_widget(block, outer);
        if inner.height < 3 || inner.width < 8 {
            return;
        }
        let hint = match self.kind {
            ViewKind::Search => self.search.hint(keymap),
            ViewKind::Speakers | ViewKind::Themes => self.index.hint(keymap),
            ViewKind::Table => TableView::hint(keymap),
            ViewKind::Export => ExportView::hint(keymap),
        };
        put(
            frame,
            line_at(inner, inner.height - 1),
            &theme.deco(&hint),
            theme.dim,
        );
        let body = Rect {
            height: inner.height - 1,
            ..inner
        };
        match self.kind {
            ViewKind::Search => self.search.render(frame, body, session, theme),
            ViewKind::Speakers | ViewKind::Themes => self.index.render(frame, body, session, theme),
            ViewKind::Table => self.table.render(frame, body, &session.codebook, theme),
            ViewKind::Export => self.export.render(frame, body, theme),
        }
    }
}
