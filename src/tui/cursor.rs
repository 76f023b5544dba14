//! The cursor and the selection in the text pane: moves by word, sentence
//! and line, and the selection kept in display offsets.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::action::Action;
use super::annotate::*;
use super::state::App;

impl App {
    /// The display text range of the body line holding the cursor.
    pub(crate) fn cursor_block(&mut self) -> Option<Range<usize>> {
        let d = self.session.selection.doc?;
        let cursor = self.notes.cursor;
        let text = self.doc_text(d);
        let line_start = text.text[..cursor.min(text.text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line_end = text.text[line_start..]
            .find('\n')
            .map_or(text.text.len(), |i| line_start + i);
        Some(line_start..line_end)
    }

    /// Puts the cursor at the start of a turn's text.
    pub fn cursor_to_turn(&mut self, turn: usize) {
        let Some(d) = self.session.selection.doc else {
            return;
        };
        let start = self
            .doc_text(d)
            .body_blocks()
            .find(|(t, _)| *t >= turn)
            .map(|(_, r)| r.start);
        if let Some(start) = start {
            self.notes.cursor = start;
        }
    }

    /// Keeps the cursor on a visible row after scrolling.
    pub fn clamp_cursor(&mut self) {
        let height = self.text_height();
        let scroll = self.scroll;
        let cursor = self.notes.cursor;
        let Some(layout) = self.current_layout() else {
            return;
        };
        if layout.rows.is_empty() {
            return;
        }
        let row = layout.row_of_offset(cursor);
        if row >= scroll && row < scroll + height {
            return;
        }
        let visible = &layout.rows
            [scroll.min(layout.rows.len() - 1)..(scroll + height).min(layout.rows.len())];
        let pick = if row < scroll {
            visible
                .iter()
                .find(|r| r.kind == super::document_view::RowKind::Body)
        } else {
            visible
                .iter()
                .rev()
                .find(|r| r.kind == super::document_view::RowKind::Body)
        };
        if let Some(r) = pick.or(visible.first()) {
            self.notes.cursor = r.range.start;
        }
    }

    /// Scrolls so the cursor's row is visible, and makes its turn current.
    pub(crate) fn show_cursor(&mut self) {
        let height = self.text_height();
        let cursor = self.notes.cursor;
        let Some(layout) = self.current_layout() else {
            return;
        };
        if layout.rows.is_empty() {
            return;
        }
        let row = layout.row_of_offset(cursor);
        let turn = layout.rows[row].turn;
        if row < self.scroll {
            self.scroll = row;
        } else if row >= self.scroll + height {
            self.scroll = row + 1 - height;
        }
        self.clamp_scroll();
        if self
            .session
            .selection
            .doc
            .is_some_and(|d| self.session.docs[d].turn_count() > 0)
        {
            self.session.selection.turn = turn;
        }
        self.sync_tree();
    }

    /// Moves the reading cursor to a display offset of the open document
    /// (a search hit): its row is shown with two rows of context above,
    /// its turn becomes current and the tree follows, so that the next `t`
    /// tags what the user is looking at.
    pub(crate) fn cursor_to(&mut self, offset: usize) {
        self.notes.cursor = offset;
        let height = self.text_height();
        if let Some(layout) = self.current_layout()
            && !layout.rows.is_empty()
        {
            let row = layout.row_of_offset(offset);
            self.scroll = row.saturating_sub(2.min(height / 3));
        }
        self.focus = super::state::Focus::Text;
        self.show_cursor();
    }

    pub(crate) fn move_cursor(&mut self, action: Action) {
        let Some(d) = self.session.selection.doc else {
            return;
        };
        let cursor = self.notes.cursor;
        let text = self.doc_text(d);
        let body: Vec<Range<usize>> = text.body_blocks().map(|(_, r)| r.clone()).collect();
        let full = text.text.clone();
        let target = match action {
            Action::WordNext | Action::WordEnd => {
                let mut found = None;
                for b in body
                    .iter()
                    .filter(|b| b.end > cursor || b.contains(&cursor))
                {
                    let ws = words(&full[b.clone()]);
                    let hit = ws.iter().find_map(|w| {
                        let (s, e) = (b.start + w.start, b.start + w.end);
                        match action {
                            Action::WordNext if s > cursor => Some(s),
                            Action::WordEnd if e > cursor => Some(e),
                            _ => None,
                        }
                    });
                    if hit.is_some() {
                        found = hit;
                        break;
                    }
                }
                found
            }
            Action::WordPrev => body
                .iter()
                .rev()
                .filter(|b| b.start < cursor)
                .find_map(|b| {
                    words(&full[b.clone()])
                        .iter()
                        .rev()
                        .map(|w| b.start + w.start)
                        .find(|&s| s < cursor)
                }),
            Action::SentenceNext => body.iter().filter(|b| b.end > cursor).find_map(|b| {
                full[b.clone()]
                    .split_sentence_bound_indices()
                    .map(|(i, _)| b.start + i)
                    .find(|&s| s > cursor)
            }),
            Action::SentencePrev => body
                .iter()
                .rev()
                .filter(|b| b.start < cursor)
                .find_map(|b| {
                    full[b.clone()]
                        .split_sentence_bound_indices()
                        .map(|(i, _)| b.start + i)
                        .filter(|&s| s < cursor)
                        .last()
                }),
            _ => None,
        };
        if let Some(t) = target {
            self.notes.cursor = t;
            self.show_cursor();
        }
    }

    /// Moves the cursor a row up or down (while selecting).
    pub(crate) fn cursor_row(&mut self, delta: isize) {
        let cursor = self.notes.cursor;
        let Some(layout) = self.current_layout() else {
            return;
        };
        if layout.rows.is_empty() {
            return;
        }
        let row = layout.row_of_offset(cursor);
        let col = cursor.saturating_sub(layout.rows[row].range.start);
        let mut next = row;
        loop {
            let n = next.saturating_add_signed(delta);
            if n == next || n >= layout.rows.len() {
                break;
            }
            next = n;
            if layout.rows[next].kind == super::document_view::RowKind::Body {
                break;
            }
        }
        let r = layout.rows[next].range.clone();
        let Some(d) = self.session.selection.doc else {
            return;
        };
        let text = &self.doc_text(d).text;
        let at = text.floor_char_boundary((r.start + col).min(r.end));
        self.notes.cursor = at;
        self.show_cursor();
    }

    /// The selection as a display range, trimmed of spaces.
    pub fn selection(&mut self) -> Option<Range<usize>> {
        let anchor = self.notes.anchor?;
        let cursor = self.notes.cursor;
        let (a, b) = (anchor.min(cursor), anchor.max(cursor));
        let d = self.session.selection.doc?;
        let text = &self.doc_text(d).text;
        let slice = &text[a..b];
        let lead = slice.len() - slice.trim_start().len();
        let trail = slice.len() - slice.trim_end().len();
        (a + lead < b - trail).then(|| a + lead..b - trail)
    }

    pub(crate) fn canonical(&mut self, d: usize, r: &Range<usize>) -> Range<usize> {
        let text = self.doc_text(d);
        text.to_canonical(r.start)..text.to_canonical(r.end)
    }
}
