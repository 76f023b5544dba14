//! What tagging in the reader keeps about the screen: the cursor and
//! selection, the theme picker, the note editor and prompt, and the caches
//! the text pane draws from. The work is in [`super::cursor`],
//! [`super::tagging`], [`super::notes`] and [`super::editing`]; this module
//! imports none of them, nor the reader's state.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::widgets::Clear;
use ratatui_textarea::TextArea;

use super::action::Action;
use super::keymap::KeyMap;
use super::theme::{Theme, centred, popup};
use unicode_segmentation::UnicodeSegmentation;

use crate::annotate::suggest::Suggestion;
use crate::annotate::{Codebook, Tag};
use crate::geometry::TurnIndex;
use crate::model::Document;

pub use super::pickers::ThemePicker;

/// What a note is written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTarget {
    /// A tag, by id.
    Tag(String),
    /// A turn (reading order); the id of its note when it has one.
    Turn(usize, Option<String>),
}

/// The note editor.
#[derive(Debug)]
pub struct NoteEditor {
    pub input: TextArea<'static>,
    pub target: NoteTarget,
    pub original: String,
    /// Asking whether to discard a changed note.
    pub confirm: bool,
}

/// What a key did in the note editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKey {
    /// Still editing (or asking whether to discard).
    Open,
    /// Save the note.
    Save,
    /// Closed with nothing changed.
    Closed,
    /// Closed, the changes thrown away.
    Discarded,
}

impl NoteEditor {
    /// The note as typed.
    pub fn text(&self) -> String {
        self.input.lines().join("\n")
    }

    /// Whether the note differs from what is saved.
    pub fn changed(&self) -> bool {
        self.text().trim_end() != self.original.trim_end()
    }

    /// A key, through the key map: `save-note` saves; `list-close` closes,
    /// asking first when the note changed (then `y` or `d` discards, `s`
    /// saves, anything else goes back); other keys edit.
    pub fn key(&mut self, key: KeyEvent, keymap: &KeyMap) -> NoteKey {
        if self.confirm {
            return match key.code {
                KeyCode::Char('y' | 'd') => NoteKey::Discarded,
                KeyCode::Char('s') => NoteKey::Save,
                _ => {
                    self.confirm = false;
                    NoteKey::Open
                }
            };
        }
        if keymap.action(&key) == Some(Action::SaveNote) {
            return NoteKey::Save;
        }
        if keymap.list_action(&key) == Some(Action::ListClose) {
            if !self.changed() {
                return NoteKey::Closed;
            }
            self.confirm = true;
            return NoteKey::Open;
        }
        self.input.input(key);
        NoteKey::Open
    }

    /// Pasted text goes into the note (a paste event would otherwise be
    /// lost by the text area).
    pub fn paste(&mut self, text: &str) {
        self.input
            .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
    }
}

/// What the speaker picker is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PickerPurpose {
    #[default]
    Jump,
    Reattribute,
}

/// A tag as the text pane draws it: a display range.
#[derive(Debug, Clone)]
pub struct TagSpan {
    pub range: Range<usize>,
    /// Codebook index of the first theme (None: unknown theme).
    pub theme: Option<usize>,
    pub has_note: bool,
    /// The tag drawn.
    pub tag: Arc<Tag>,
}

impl TagSpan {
    pub(crate) fn new(
        t: &Arc<Tag>,
        text: &super::document_view::DocText,
        book: &Codebook,
    ) -> TagSpan {
        TagSpan {
            range: text.to_display(t.target.start)..text.to_display(t.target.end),
            theme: t.themes.first().and_then(|id| book.index(id)),
            has_note: !t.note.is_empty(),
            tag: t.clone(),
        }
    }

    /// Drawing order: by display start, then as the annotations sort tags
    /// (position, then id).
    pub(crate) fn order(a: &TagSpan, b: &TagSpan) -> std::cmp::Ordering {
        fn key(s: &TagSpan) -> (usize, usize, usize, &str) {
            (
                s.range.start,
                s.tag.target.start,
                s.tag.target.end,
                s.tag.id.as_str(),
            )
        }
        key(a).cmp(&key(b))
    }
}

/// The tag spans of a document in drawing order, with the running maximum
/// of their ends (so the spans overlapping a range are found by binary
/// search).
#[derive(Debug, Clone, Default)]
pub struct TagSpans {
    pub spans: Vec<TagSpan>,
    /// `max_end[i]`: the largest end of `spans[..=i]`.
    pub max_end: Vec<usize>,
}

impl TagSpans {
    /// The spans of `tags` on a document's display `text`, in drawing order.
    pub(crate) fn new<'a>(
        tags: impl Iterator<Item = &'a Arc<Tag>>,
        text: &super::document_view::DocText,
        book: &Codebook,
    ) -> TagSpans {
        let mut spans: Vec<TagSpan> = tags.map(|t| TagSpan::new(t, text, book)).collect();
        spans.sort_by(TagSpan::order);
        let mut cache = TagSpans {
            spans,
            max_end: Vec::new(),
        };
        cache.fix_max_end(0);
        cache
    }

    /// The spans that overlap `visible` (or start at its start), by binary
    /// search.
    pub fn overlapping(&self, visible: &Range<usize>) -> &[TagSpan] {
        let upper = self.spans.partition_point(|t| t.range.start < visible.end);
        // Everything before `lower` ends before the view starts.
        let lower = self.max_end[..upper].partition_point(|&e| e < visible.start);
        &self.spans[lower..upper]
    }

    /// Updates the spans for a tag edit instead of making them again: the
    /// spans of `before` go, those of `after` come, each found by binary
    /// search on its drawing order. False when a span is not where it
    /// sorts (then they are made again).
    pub(crate) fn patch(
        &mut self,
        text: &super::document_view::DocText,
        book: &Codebook,
        before: &[Arc<Tag>],
        after: &[Arc<Tag>],
    ) -> bool {
        let mut from = self.spans.len();
        for t in before.iter().filter(|t| !t.orphaned) {
            let span = TagSpan::new(t, text, book);
            let i = self
                .spans
                .partition_point(|x| TagSpan::order(x, &span).is_lt());
            match self.spans.get(i) {
                Some(x) if x.tag.id == t.id => {
                    self.spans.remove(i);
                    from = from.min(i);
                }
                _ => return false,
            }
        }
        for t in after.iter().filter(|t| !t.orphaned) {
            let span = TagSpan::new(t, text, book);
            let i = self
                .spans
                .partition_point(|x| TagSpan::order(x, &span).is_lt());
            self.spans.insert(i, span);
            from = from.min(i);
        }
        self.fix_max_end(from);
        true
    }

    /// Recomputes `max_end` from index `from` on.
    pub(crate) fn fix_max_end(&mut self, from: usize) {
        self.max_end.truncate(from.min(self.spans.len()));
        let mut max = self.max_end.last().copied().unwrap_or(0);
        for s in &self.spans[self.max_end.len()..] {
            max = max.max(s.range.end);
            self.max_end.push(max);
        }
    }
}

/// Suggestions of a document at a version, with their display ranges.
pub type SuggestionCache = (usize, u64, Vec<(Range<usize>, Suggestion)>);

/// Everything about annotating that is about the screen: the cursor and
/// selection, the open picker, note editor and prompt, and caches for
/// drawing. The annotations themselves are in the [`Session`].
///
/// [`Session`]: crate::session::Session
#[derive(Default)]
pub struct Annotating {
    /// The cursor: a byte offset into the current document's display text.
    pub cursor: usize,
    /// The other end of the selection, while selecting.
    pub anchor: Option<usize>,
    pub show_suggestions: bool,
    /// Dismissed suggestions: (document, canonical start, theme).
    pub dismissed: BTreeSet<(usize, usize, String)>,
    pub theme_picker: ThemePicker,
    /// Theme ids, most recently used first.
    pub recent: Vec<String>,
    pub note: Option<NoteEditor>,
    pub prompt: super::line_input::LineInput,
    pub picker_purpose: PickerPurpose,
    /// An orphaned tag waiting for a selection to re-attach to.
    pub reattach: Option<(usize, String)>,
    /// Tag spans of a document at a version.
    pub spans: Option<(usize, u64, TagSpans)>,
    /// Suggestions of a document at a version, with display ranges.
    pub suggestions: Option<SuggestionCache>,
}

/// The turns (reading order) the tags start in.
pub(crate) fn turns_of(doc: &Document, tags: &[Arc<Tag>]) -> Vec<usize> {
    let index = TurnIndex::new(doc);
    let mut turns: Vec<usize> = tags
        .iter()
        .filter_map(|t| index.locate(t.target.start).map(|p| p.turn))
        .collect();
    turns.sort_unstable();
    turns.dedup();
    turns
}

/// Updates tag and note counts per turn: the tags `before` went, the tags
/// `after` came.
pub(crate) fn patch_counts(
    counts: &mut [(usize, usize)],
    doc: &Document,
    before: &[Arc<Tag>],
    after: &[Arc<Tag>],
) {
    let index = TurnIndex::new(doc);
    let turn_of = |offset: usize| index.locate(offset).map(|p| p.turn);
    let mut adjust = |t: &Tag, add: bool| {
        if t.orphaned {
            return;
        }
        if let Some(i) = turn_of(t.target.start)
            && let Some(c) = counts.get_mut(i)
        {
            let note = usize::from(!t.note.is_empty());
            if add {
                c.0 += 1;
                c.1 += note;
            } else {
                c.0 = c.0.saturating_sub(1);
                c.1 = c.1.saturating_sub(note);
            }
        }
    };
    for t in before {
        adjust(t, false);
    }
    for t in after {
        adjust(t, true);
    }
}

/// Word starts and ends of a line (words with a letter or digit).
pub(crate) fn words(line: &str) -> Vec<Range<usize>> {
    line.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| i..i + w.len())
        .collect()
}

impl NoteEditor {
    /// Draws the editor as a popup in the middle of `area`.
    pub fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.saturating_sub(4).clamp(20, 72);
        let height = area.height.saturating_sub(2).clamp(4, 14);
        let rect = centred(area, width, height);
        frame.render_widget(Clear, rect);
        let title = if self.confirm {
            "discard the changed note? y discards, s saves, other keys go back"
        } else {
            "note (ctrl-s saves, esc closes)"
        };
        let block = popup(title, theme);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        frame.render_widget(&self.input, inner);
    }
}

impl Annotating {
    /// Draws the agenda-item prompt as a popup in the middle of `area`.
    pub fn draw_prompt(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = area.width.saturating_sub(4).clamp(20, 60);
        let rect = centred(area, width, 3);
        frame.render_widget(Clear, rect);
        let block = popup("agenda item title (enter starts it here)", theme);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        self.prompt.render_plain(frame, inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    #[test]
    fn the_note_editor_asks_before_throwing_changes_away() {
        let keymap = KeyMap::default();
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let mut editor = NoteEditor {
            input: TextArea::default(),
            target: NoteTarget::Turn(0, None),
            original: String::new(),
            confirm: false,
        };
        assert_eq!(editor.key(key(KeyCode::Esc), &keymap), NoteKey::Closed);
        assert_eq!(editor.key(key(KeyCode::Char('s')), &keymap), NoteKey::Open);
        editor.paste("a\r\nnote");
        assert_eq!(editor.text(), "sa\nnote");
        assert_eq!(editor.key(key(KeyCode::Esc), &keymap), NoteKey::Open);
        assert!(editor.confirm);
        assert_eq!(editor.key(key(KeyCode::Char('x')), &keymap), NoteKey::Open);
        assert!(!editor.confirm, "any other key goes back to the note");
        editor.key(key(KeyCode::Esc), &keymap);
        assert_eq!(
            editor.key(key(KeyCode::Char('d')), &keymap),
            NoteKey::Discarded
        );
        let save = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(editor.key(save, &keymap), NoteKey::Save);
    }
}
