//! Keys and mouse to actions, and actions applied to the state.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::corpus_views::ViewKind;
use super::doc_search::SearchKey;
use super::pickers::Picked;
use super::state::{App, Focus, Mode, NodeId};

/// Rows the mouse wheel scrolls.
const WHEEL_ROWS: usize = 3;

impl App {
    /// Applies a terminal event.
    pub fn handle_event(&mut self, event: &Event) {
        if matches!(event, Event::Key(_) | Event::Mouse(_)) {
            self.touched = true;
        }
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(*key),
            Event::Mouse(mouse) => {
                self.handle_mouse(*mouse);
                if let Some(reason) = self.refused.take() {
                    self.message = Some(reason);
                }
            }
            Event::Resize(w, h) => {
                self.size = Rect::new(0, 0, *w, *h);
                self.ensure_layout();
            }
            Event::Paste(text) => match self.mode {
                Mode::Search => {
                    let doc = self.open_text();
                    self.search
                        .paste(text, doc.and_then(|d| self.texts[d].as_deref()));
                }
                Mode::SpeakerPicker => self.picker.paste(text),
                Mode::Note => {
                    if let Some(editor) = &mut self.notes.note {
                        editor.paste(text);
                    }
                }
                Mode::Corpus => self.views.paste(text, &self.session),
                Mode::Prompt => self.notes.prompt.insert(text),
                Mode::Documents => self.doc_picker.paste(text),
                _ => {}
            },
            _ => {}
        }
    }

    /// Applies a key press: popups and the search line take it first.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.touched = true;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            self.request_quit();
            return;
        }
        self.dispatch_key(key);
        if let Some(reason) = self.refused.take() {
            self.message = Some(reason);
        }
    }

    fn dispatch_key(&mut self, key: KeyEvent) {
        match self.mode {
            Mode::Normal => {
                if let Some(action) = self.keymap.action(&key) {
                    self.update(action);
                } else if key.code == KeyCode::Esc {
                    self.notes.anchor = None;
                    self.notes.reattach = None;
                }
            }
            Mode::ThemePicker => self.theme_picker_key(key),
            Mode::Note => self.note_key(key),
            Mode::Prompt => self.prompt_key(key),
            Mode::Help => {
                // The help's rows, less its border and one row kept in view;
                // drawing clamps the scroll to the last page.
                let page = usize::from(self.size.height.saturating_sub(3)).max(1);
                if self.help.key(&key, &self.keymap, page) == Picked::Closed {
                    self.mode = Mode::Normal;
                }
            }
            Mode::Search => self.search_key(key),
            Mode::SpeakerPicker => self.picker_key(key),
            Mode::Corpus => self.corpus_key(key),
            Mode::Quit => self.quit_guard_key(key),
            Mode::Agreement => self.agreement_key(key),
            Mode::Documents => match self.doc_picker.key(&key, &self.keymap, self.list_page()) {
                Picked::Open => {}
                Picked::Closed => self.mode = Mode::Normal,
                Picked::Chosen(d) => {
                    self.mode = Mode::Normal;
                    if self.session.docs[d].turn_count() > 0 {
                        self.show_turn(d, 0);
                    } else {
                        self.open_doc(d);
                    }
                    self.focus = Focus::Text;
                }
            },
            Mode::Warnings => {
                let (page, len) = (self.list_page() / 2, self.warnings.len());
                if self.warnings_view.key(&key, &self.keymap, page, len) == Picked::Closed {
                    self.mode = Mode::Normal;
                }
            }
        }
    }

    fn search_key(&mut self, key: KeyEvent) {
        // The first hit at or after the top of the view.
        let scroll = self.scroll;
        let top = self
            .current_layout()
            .and_then(|l| l.rows.get(scroll).map(|r| r.range.start))
            .unwrap_or(0);
        let text = self.open_text().and_then(|d| self.texts[d].as_deref());
        match self.search.key(key, &self.keymap, text, top) {
            SearchKey::Typing(_) => {}
            SearchKey::Cancelled => self.mode = Mode::Normal,
            SearchKey::Done(hit) => {
                self.mode = Mode::Normal;
                match hit {
                    Some(hit) => self.cursor_to(hit.start),
                    None => self.message = self.search.not_found(),
                }
            }
        }
    }

    /// The open document, its display text built (in `texts`), so that
    /// a component can borrow it beside the rest of the state.
    pub(crate) fn open_text(&mut self) -> Option<usize> {
        let d = self.session.selection.doc?;
        self.doc_text(d);
        Some(d)
    }

    /// Keys in the speaker picker ([`super::pickers::SpeakerPicker::key`]):
    /// the speaker chosen is jumped to, or given the current turn.
    fn picker_key(&mut self, key: KeyEvent) {
        use super::annotate::PickerPurpose;
        let page = self.list_page();
        let purpose = self.notes.picker_purpose;
        let reattribute = purpose == PickerPurpose::Reattribute;
        match self.picker.key(&key, &self.keymap, page, reattribute) {
            Picked::Open => return,
            Picked::Closed => {}
            Picked::Chosen(name) if reattribute => self.reattribute(name),
            Picked::Chosen(name) => {
                // The next turn of the speaker after the current one.
                if let Some((d, t, n, all)) = self.session.next_turn_of(&name) {
                    self.show_turn(d, t);
                    self.focus = Focus::Text;
                    self.message = Some(format!("{name}: turn {n}/{all}"));
                }
                self.picker.last = Some(name);
            }
        }
        self.mode = Mode::Normal;
        self.notes.picker_purpose = PickerPurpose::Jump;
    }

    /// Entries in a page of a list overlay.
    pub(crate) fn list_page(&self) -> usize {
        usize::from(self.size.height.saturating_sub(6)).max(1)
    }

    /// Applies a mouse event: click selects in the tree, the wheel scrolls
    /// the pane under the pointer.
    pub fn handle_mouse(&mut self, mouse: MouseEvent) {
        if self.mode != Mode::Normal {
            return;
        }
        let g = self.geometry();
        let at = Position::new(mouse.column, mouse.row);
        let in_tree = g.tree.is_some_and(|r| r.contains(at));
        let in_text = g.text.is_some_and(|r| r.contains(at));
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if in_tree {
                    self.focus = Focus::Tree;
                    if self.tree_state.click_at(at) {
                        self.tree_built = None;
                    }
                    self.follow_tree();
                } else if in_text {
                    self.focus = Focus::Text;
                }
            }
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = mouse.kind == MouseEventKind::ScrollDown;
                if in_tree {
                    if down {
                        self.tree_state.scroll_down(WHEEL_ROWS);
                    } else {
                        self.tree_state.scroll_up(WHEEL_ROWS);
                    }
                } else if in_text {
                    self.scroll_text(if down {
                        WHEEL_ROWS as isize
                    } else {
                        -(WHEEL_ROWS as isize)
                    });
                }
            }
            _ => {}
        }
    }

    /// Applies an action.
    pub fn update(&mut self, action: Action) {
        self.message = None;
        let page = self.text_height().max(2) as isize;
        match action {
            Action::Quit => self.request_quit(),
            Action::TagDetails => self.show_tag_details(),
            Action::CoderFilter => self.next_coder_filter(),
            Action::NextConflict => self.next_conflict(),
            Action::Agreement => self.open_agreement(),
            Action::Suspend => self.suspend = true,
            Action::Help => {
                self.mode = Mode::Help;
                self.help.open();
            }
            Action::Search => {
                if self.session.selection.doc.is_none() {
                    self.message = Some("open a document to search it".into());
                    return;
                }
                self.mode = Mode::Search;
                self.search.open();
            }
            Action::Speakers => {
                self.notes.picker_purpose = super::annotate::PickerPurpose::Jump;
                self.mode = Mode::SpeakerPicker;
                let speakers = self.session.speaker_counts();
                self.picker.open(speakers);
            }
            Action::Documents => {
                if self.session.docs.is_empty() {
                    self.message = Some("no documents loaded yet".into());
                    return;
                }
                let order = self.session.sorted_docs();
                let open = self.session.selection.doc;
                self.doc_picker.open(&self.session.docs, &order, open);
                self.mode = Mode::Documents;
            }
            Action::Warnings if self.warnings.is_empty() => {
                self.message = Some("every path loaded".into());
            }
            Action::Warnings => {
                self.warnings_view = super::warnings::WarningsView::default();
                self.mode = Mode::Warnings;
            }
            Action::Mouse => {
                self.options.mouse = !self.options.mouse;
                self.message = Some(if self.options.mouse {
                    "mouse on: click and scroll here (shift selects text in most terminals)".into()
                } else {
                    "mouse off: the terminal selects and copies text".into()
                });
            }
            Action::TreeWider => self.resize_tree(2),
            Action::TreeNarrower => self.resize_tree(-2),
            Action::CorpusSearch => self.open_corpus_view(ViewKind::Search),
            Action::SpeakerIndex => self.open_corpus_view(ViewKind::Speakers),
            Action::ThemeIndex => self.open_corpus_view(ViewKind::Themes),
            Action::ThemeTable => self.open_corpus_view(ViewKind::Table),
            Action::Export => self.open_corpus_view(ViewKind::Export),
            Action::NextHit | Action::PrevHit => {
                match self.search.step(action == Action::NextHit) {
                    Some(hit) => self.cursor_to(hit.start),
                    None => {
                        self.message = Some(
                            self.search
                                .not_found()
                                .unwrap_or_else(|| "no search hits (press / to search)".into()),
                        );
                    }
                }
            }
            Action::SwitchPane => {
                self.focus = match self.focus {
                    Focus::Tree if self.session.selection.doc.is_some() => Focus::Text,
                    _ => Focus::Tree,
                };
            }
            Action::NextTurn | Action::PrevTurn | Action::NextItem | Action::PrevItem => {
                self.step(action);
            }
            _ if self.selecting_row(action) => {}
            _ if self.annotate_action(action) => {}
            _ => match self.focus {
                Focus::Tree => self.tree_action(action),
                Focus::Text => self.text_action(action, page),
            },
        }
    }

    fn tree_action(&mut self, action: Action) {
        let changed_open = match action {
            Action::Up => {
                self.tree_state.key_up();
                false
            }
            Action::Down => {
                self.tree_state.key_down();
                false
            }
            Action::PageUp | Action::HalfPageUp | Action::PageDown | Action::HalfPageDown => {
                let h = self.geometry().tree.map_or(10, |r| usize::from(r.height));
                let n = if matches!(action, Action::PageUp | Action::PageDown) {
                    h
                } else {
                    h / 2
                }
                .max(1);
                let down = matches!(action, Action::PageDown | Action::HalfPageDown);
                self.tree_state.select_relative(|current| match current {
                    Some(i) if down => i.saturating_add(n),
                    Some(i) => i.saturating_sub(n),
                    None => 0,
                });
                false
            }
            Action::Top => {
                self.tree_state.select_first();
                false
            }
            Action::Bottom => {
                self.tree_state.select_last();
                false
            }
            Action::Collapse => self.tree_state.key_left(),
            Action::Expand => self.tree_state.key_right(),
            Action::Open => {
                let selected = self.tree_state.selected().to_vec();
                match selected.last() {
                    Some(NodeId::Turn(..)) => {
                        self.follow_tree();
                        self.focus = Focus::Text;
                        return;
                    }
                    Some(NodeId::Orphan(d, id)) => {
                        self.pick_orphan(*d, id.clone());
                        return;
                    }
                    Some(_) => self.tree_state.toggle(selected),
                    None => false,
                }
            }
            _ => false,
        };
        if changed_open {
            self.tree_built = None;
        }
        self.follow_tree();
    }

    /// Shows in the text what is selected in the tree.
    pub fn follow_tree(&mut self) {
        let Some(node) = self.tree_state.selected().last().cloned() else {
            return;
        };
        match node {
            NodeId::Folder(_) => {}
            NodeId::Orphans(d) | NodeId::Orphan(d, _) => self.open_doc(d),
            NodeId::Doc(d) => {
                if self.session.selection.doc != Some(d) {
                    self.open_doc(d);
                    self.scroll = 0;
                    self.session.selection.turn = 0;
                }
            }
            NodeId::Item(d, i) => {
                let first: usize = self.session.docs[d].agenda_items[..i]
                    .iter()
                    .map(|i| i.turns.len())
                    .sum();
                if self.session.docs[d].agenda_items[i].turns.is_empty() {
                    return;
                }
                self.open_doc(d);
                self.session.selection.turn = first;
                if let Some(layout) = self.current_layout() {
                    let row = layout.turn_rows[first];
                    self.scroll = row.saturating_sub(1);
                }
                self.clamp_scroll();
            }
            NodeId::Turn(d, t) => {
                self.open_doc(d);
                self.scroll_to_turn(t);
            }
        }
    }

    pub(crate) fn open_doc(&mut self, d: usize) {
        if self.session.selection.doc != Some(d) {
            self.session.selection.doc = Some(d);
            self.scroll = 0;
            self.session.selection.turn = 0;
            self.notes.cursor = 0;
            self.notes.anchor = None;
            self.cursor_to_turn(0);
            self.ensure_layout();
            let text = self.open_text().and_then(|d| self.texts[d].as_deref());
            self.search.refresh(text);
        }
    }

    fn scroll_to_turn(&mut self, t: usize) {
        self.session.selection.turn = t;
        if let Some(layout) = self.current_layout() {
            let row = layout.turn_rows.get(t).copied().unwrap_or(0);
            self.scroll = row;
        }
        self.clamp_scroll();
        self.cursor_to_turn(t);
    }

    /// Opens a document at a turn and selects the turn in the tree.
    pub fn show_turn(&mut self, d: usize, t: usize) {
        self.open_doc(d);
        self.scroll_to_turn(t);
        self.sync_tree();
    }

    /// Selects the current turn in the tree, opening its ancestors.
    pub fn sync_tree(&mut self) {
        let Some(d) = self.session.selection.doc else {
            return;
        };
        if self.session.docs[d].turn_count() == 0 {
            return;
        }
        let path = self.turn_path(d, self.session.selection.turn);
        let mut opened = false;
        for i in 1..path.len() {
            opened |= self.tree_state.open(path[..i].to_vec());
        }
        if opened {
            self.tree_built = None;
        }
        self.tree_state.select(path);
    }

    fn text_action(&mut self, action: Action, page: isize) {
        match action {
            Action::Up => self.scroll_text(-1),
            Action::Down => self.scroll_text(1),
            Action::PageUp => self.scroll_text(-(page - 1)),
            Action::PageDown => self.scroll_text(page - 1),
            Action::HalfPageUp => self.scroll_text(-(page / 2)),
            Action::HalfPageDown => self.scroll_text(page / 2),
            Action::Top => self.scroll_text(isize::MIN / 2),
            Action::Bottom => self.scroll_text(isize::MAX / 2),
            Action::Collapse => self.focus = Focus::Tree,
            _ => {}
        }
    }

    /// Scrolls the text by `delta` rows; the current turn becomes the one at
    /// the top of the view, and the tree follows.
    pub fn scroll_text(&mut self, delta: isize) {
        if self.session.selection.doc.is_none() {
            return;
        }
        let max = self.max_scroll();
        let scroll = self.scroll.saturating_add_signed(delta).min(max);
        self.scroll = scroll;
        if let Some(layout) = self.current_layout()
            && let Some(row) = layout.rows.get(scroll)
        {
            let turn = row.turn;
            // At the end, the last heading in view is the current turn.
            let turn = if scroll == max && max > 0 {
                let height = self.text_height();
                let layout = self.layout.as_ref().map(|(_, l)| l).expect("laid out");
                layout.rows[scroll..(scroll + height).min(layout.rows.len())]
                    .iter()
                    .rev()
                    .find(|r| r.kind == super::document_view::RowKind::Heading)
                    .map_or(turn, |r| r.turn)
            } else {
                turn
            };
            if self.session.docs[self.session.selection.doc.unwrap_or(0)].turn_count() > 0 {
                self.session.selection.turn = turn;
            }
        }
        self.clamp_cursor();
        self.sync_tree();
    }

    /// The next or previous turn or agenda item (the session finds it),
    /// shown with its heading.
    fn step(&mut self, action: Action) {
        if self.session.selection.doc.is_none() {
            self.message = Some("open a document first".into());
            return;
        }
        let (d, turn, titled) = match action {
            Action::NextTurn | Action::PrevTurn => {
                match self.session.turn_step(action == Action::NextTurn) {
                    Some((d, t)) => (d, t, false),
                    None => return,
                }
            }
            _ => match self.session.item_step(action == Action::NextItem) {
                Some(found) => found,
                None => return,
            },
        };
        self.show_turn(d, turn);
        // An agenda item's title shows above its first turn.
        if titled && let Some(layout) = self.current_layout() {
            let row = layout.turn_rows[turn];
            self.scroll = row.saturating_sub(1);
            self.clamp_scroll();
        }
    }
}
