//! Tagging in the reader: the cursor and selection in the text pane, the
//! theme picker, notes, undo and redo, suggestions, corrections, orphaned
//! tags, and handing snapshots to the writer thread.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};
use unicode_segmentation::UnicodeSegmentation;

use super::action::Action;
use super::pickers::Picked;
use super::state::{App, Focus, Mode, NodeId};
use crate::annotate::suggest::Suggestion;
use crate::annotate::writer::Writer;
use crate::annotate::{self, Codebook, Correction, CorrectionKind, Edit, Tag, Target, TurnNote};
use crate::geometry::TurnIndex;
use crate::model::Document;
use crate::session::Applied;

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
    fn new(t: &Arc<Tag>, text: &super::document_view::DocText, book: &Codebook) -> TagSpan {
        TagSpan {
            range: text.to_display(t.target.start)..text.to_display(t.target.end),
            theme: t.themes.first().and_then(|id| book.index(id)),
            has_note: !t.note.is_empty(),
            tag: t.clone(),
        }
    }

    /// Drawing order: by display start, then as the annotations sort tags
    /// (position, then id).
    fn order(a: &TagSpan, b: &TagSpan) -> std::cmp::Ordering {
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
    /// Recomputes `max_end` from index `from` on.
    fn fix_max_end(&mut self, from: usize) {
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
    pub prompt: TextArea<'static>,
    pub picker_purpose: PickerPurpose,
    /// An orphaned tag waiting for a selection to re-attach to.
    pub reattach: Option<(usize, String)>,
    /// Tag spans of a document at a version.
    pub spans: Option<(usize, u64, TagSpans)>,
    /// Suggestions of a document at a version, with display ranges.
    pub suggestions: Option<SuggestionCache>,
}

/// The turns (reading order) the tags start in.
fn turns_of(doc: &Document, tags: &[Arc<Tag>]) -> Vec<usize> {
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
fn patch_counts(
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
fn words(line: &str) -> Vec<Range<usize>> {
    line.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| i..i + w.len())
        .collect()
}

impl App {
    /// Uses a codebook and author for tagging.
    pub fn set_codebook(&mut self, codebook: Codebook, author: String) {
        self.session.set_codebook(codebook, author);
    }

    /// Saves through a writer thread from now on.
    pub fn set_writer(&mut self, writer: Writer) {
        self.session.set_writer(writer);
    }

    fn author(&self) -> String {
        self.session.author()
    }

    /// The display text range of the body line holding the cursor.
    fn cursor_block(&mut self) -> Option<Range<usize>> {
        let d = self.current_doc?;
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
        let Some(d) = self.current_doc else {
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
    fn show_cursor(&mut self) {
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
        if self.current_doc.is_some_and(|d| self.turn_count(d) > 0) {
            self.current_turn = turn;
        }
        self.sync_tree();
    }

    fn move_cursor(&mut self, action: Action) {
        let Some(d) = self.current_doc else {
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
    fn cursor_row(&mut self, delta: isize) {
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
        let Some(d) = self.current_doc else {
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
        let d = self.current_doc?;
        let text = &self.doc_text(d).text;
        let slice = &text[a..b];
        let lead = slice.len() - slice.trim_start().len();
        let trail = slice.len() - slice.trim_end().len();
        (a + lead < b - trail).then(|| a + lead..b - trail)
    }

    /// The canonical range of the current turn's text.
    fn turn_range(&self, d: usize, turn: usize) -> Option<Range<usize>> {
        let t = self.session.docs[d].turns().nth(turn)?;
        let start = t.paragraphs.first()?.start;
        let end = t.paragraphs.last()?.end;
        Some(start..end)
    }

    fn canonical(&mut self, d: usize, r: &Range<usize>) -> Range<usize> {
        let text = self.doc_text(d);
        text.to_canonical(r.start)..text.to_canonical(r.end)
    }

    /// Applies an edit to a document's annotations, records it for undo and
    /// queues a save ([`crate::session::Session::edit`]), then brings the
    /// screen's caches up to date.
    pub fn edit(&mut self, d: usize, edit: Edit) {
        let fresh = self.fresh_caches(d);
        let applied = self.session.edit(d, edit);
        self.after_edit(d, fresh, applied);
    }

    /// Applies an edit without recording it for undo.
    fn apply_edit(&mut self, d: usize, edit: &Edit) {
        let fresh = self.fresh_caches(d);
        let applied = self.session.apply(d, edit);
        self.after_edit(d, fresh, applied);
    }

    /// Whether the tag spans and the tree counts of document `d` are up to
    /// date before an edit (then they can be patched after it).
    fn fresh_caches(&self, d: usize) -> (bool, bool) {
        let version = self.session.version;
        let spans = matches!(&self.notes.spans, Some((x, v, _)) if *x == d && *v == version);
        let counts = self.session.anns[d]
            .counts
            .as_ref()
            .is_some_and(|(v, _)| *v == version);
        (spans, counts)
    }

    /// Patches the caches for one change rather than rebuild them from
    /// every tag at the next frame.
    fn after_edit(&mut self, d: usize, fresh: (bool, bool), applied: Applied) {
        let (spans_fresh, counts_fresh) = fresh;
        if applied.corrected {
            self.document_changed(d);
        }
        let version = self.session.version;
        let tags = applied.tags.filter(|_| !applied.corrected);
        if let Some((before, after)) = &tags
            && spans_fresh
            && self.patch_tag_spans(d, before, after)
            && let Some((_, v, _)) = &mut self.notes.spans
        {
            *v = version;
        }
        let mut counts_patched = false;
        for (i, entry) in self.session.anns.iter_mut().enumerate() {
            let Some((v, counts)) = &mut entry.counts else {
                continue;
            };
            if *v != version - 1 {
                continue;
            }
            if i != d {
                *v = version;
            } else if counts_fresh && let Some((before, after)) = &tags {
                patch_counts(counts, &self.session.docs[d], before, after);
                *v = version;
                counts_patched = true;
            }
        }
        // The tree shows counts per turn: only the labels of the turns of
        // these tags change, unless an orphan comes or goes (the tree
        // lists orphans). Anything else rebuilds it.
        match tags {
            Some((mut before, after))
                if counts_patched && !before.iter().chain(&after).any(|t| t.orphaned) =>
            {
                before.extend(after);
                let turns = turns_of(&self.session.docs[d], &before);
                self.tree_stale.extend(turns.into_iter().map(|t| (d, t)));
            }
            _ => self.tree_built = None,
        }
    }

    /// The session made the document's turns again (a correction): its
    /// wrapped text and the current turn follow.
    fn document_changed(&mut self, d: usize) {
        self.texts[d] = None;
        if self.layout.as_ref().is_some_and(|(x, _)| *x == d) {
            self.layout = None;
        }
        let n = self.turn_count(d);
        if self.current_doc == Some(d) && self.current_turn >= n {
            self.current_turn = n.saturating_sub(1);
        }
        let len = self.doc_text(d).text.len();
        self.notes.cursor = self.notes.cursor.min(len);
        self.ensure_layout();
    }

    /// Takes the writer's reports; the tree is rebuilt when another
    /// process's tags came in.
    pub fn poll_writer(&mut self) -> bool {
        let news = self.session.poll_writer();
        if news.adopted {
            self.tree_built = None;
        }
        news.any
    }

    /// The status of saving: None before any change.
    pub fn save_status(&self) -> Option<String> {
        self.session.save_status()
    }

    fn start_tagging(&mut self) {
        let Some(d) = self.current_doc else {
            self.message = Some("open a document first".into());
            return;
        };
        let range = match self.selection() {
            Some(r) => self.canonical(d, &r),
            None => match self.turn_range(d, self.current_turn) {
                Some(r) => r,
                None => return,
            },
        };
        if let Some((rd, id)) = self.notes.reattach.take()
            && rd == d
            && let Some(old) = self.session.anns[d]
                .ann
                .tags
                .iter()
                .find(|t| t.id == id)
                .cloned()
        {
            let mut new = (*old).clone();
            new.target = Target::new(&self.session.docs[d].text, range);
            new.orphaned = false;
            new.modified = annotate::now();
            self.edit(d, Edit::ChangeTag(old, Arc::new(new)));
            self.notes.anchor = None;
            self.message = Some("tag re-attached".into());
            return;
        }
        self.notes.theme_picker =
            ThemePicker::new(range, &self.session.codebook, &self.notes.recent);
        self.mode = Mode::ThemePicker;
    }

    fn pick_theme(&mut self, index: usize) {
        self.mode = Mode::Normal;
        let Some(d) = self.current_doc else {
            return;
        };
        let theme = self.session.codebook.themes[index].id.clone();
        let range = self.notes.theme_picker.range.clone();
        let tag = annotate::new_tag(
            &self.session.docs[d],
            range,
            vec![theme.clone()],
            &self.author(),
        );
        self.notes.recent.retain(|x| *x != theme);
        self.notes.recent.insert(0, theme);
        // The cursor goes to the start of what was tagged.
        if let Some(sel) = self.selection() {
            self.notes.cursor = sel.start;
        }
        self.notes.anchor = None;
        self.message = Some(format!(
            "tagged {}",
            self.session.codebook.themes[index].label
        ));
        self.edit(d, Edit::AddTag(Arc::new(tag)));
    }

    /// Keys in the theme picker ([`ThemePicker::key`]).
    pub fn theme_picker_key(&mut self, key: KeyEvent) {
        let page = self.list_page();
        let picked = self
            .notes
            .theme_picker
            .key(&key, &self.keymap, page, &self.session.codebook);
        match picked {
            Picked::Open => {}
            Picked::Closed => self.mode = Mode::Normal,
            Picked::Chosen(i) => self.pick_theme(i),
        }
    }

    /// The smallest tag under the cursor.
    fn tag_at_cursor(&mut self) -> Option<Arc<Tag>> {
        let d = self.current_doc?;
        let offset = {
            let c = self.notes.cursor;
            self.doc_text(d).to_canonical(c)
        };
        self.session.anns[d]
            .ann
            .tags_at(offset)
            .min_by_key(|t| t.target.end - t.target.start)
            .cloned()
    }

    fn untag(&mut self) {
        if self.focus == Focus::Tree
            && let Some(NodeId::Orphan(d, id)) = self.tree_state.selected().last().cloned()
        {
            if let Some(tag) = self.session.anns[d]
                .ann
                .tags
                .iter()
                .find(|t| t.id == id)
                .cloned()
            {
                self.edit(d, Edit::RemoveTag(tag));
                self.message = Some("orphaned tag deleted (u undoes)".into());
            }
            return;
        }
        let Some(d) = self.current_doc else {
            return;
        };
        match self.tag_at_cursor() {
            Some(tag) => {
                self.edit(d, Edit::RemoveTag(tag));
                self.message = Some("tag removed".into());
            }
            None => self.message = Some("no tag under the cursor".into()),
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        let d = if undo {
            self.session.undo.last()
        } else {
            self.session.redo.last()
        }
        .map(|(d, _)| *d);
        let fresh = d.map(|d| self.fresh_caches(d));
        let Some((d, applied)) = self.session.undo_redo(undo) else {
            self.message = Some(
                if undo {
                    "nothing to undo"
                } else {
                    "nothing to redo"
                }
                .into(),
            );
            return;
        };
        self.after_edit(d, fresh.unwrap_or_default(), applied);
        self.message = Some(if undo { "undone" } else { "redone" }.into());
    }

    fn open_note(&mut self) {
        let Some(d) = self.current_doc else {
            self.message = Some("open a document first".into());
            return;
        };
        let (target, text) = match self.tag_at_cursor() {
            Some(tag) => (NoteTarget::Tag(tag.id.clone()), tag.note.clone()),
            None => {
                let turn = self.current_turn;
                let Some(t) = self.session.docs[d].turns().nth(turn) else {
                    return;
                };
                match self.session.anns[d].ann.turn_note(t) {
                    Some(n) => (NoteTarget::Turn(turn, Some(n.id.clone())), n.note.clone()),
                    None => (NoteTarget::Turn(turn, None), String::new()),
                }
            }
        };
        let mut input = TextArea::new(text.lines().map(str::to_string).collect());
        if input.lines().is_empty() {
            input = TextArea::default();
        }
        input.set_wrap_mode(WrapMode::Word);
        input.set_placeholder_text("write the note; ctrl-s saves, esc closes");
        input.move_cursor(ratatui_textarea::CursorMove::Bottom);
        input.move_cursor(ratatui_textarea::CursorMove::End);
        self.notes.note = Some(NoteEditor {
            input,
            target,
            original: text,
            confirm: false,
        });
        self.mode = Mode::Note;
    }

    fn save_note(&mut self) {
        let Some(editor) = self.notes.note.take() else {
            return;
        };
        self.mode = Mode::Normal;
        let Some(d) = self.current_doc else {
            return;
        };
        let text = editor.input.lines().join("\n").trim_end().to_string();
        if text == editor.original {
            return;
        }
        let now = annotate::now();
        match editor.target {
            NoteTarget::Tag(id) => {
                if let Some(old) = self.session.anns[d]
                    .ann
                    .tags
                    .iter()
                    .find(|t| t.id == id)
                    .cloned()
                {
                    let mut new = (*old).clone();
                    new.note = text;
                    new.modified = now;
                    self.edit(d, Edit::ChangeTag(old, Arc::new(new)));
                }
            }
            NoteTarget::Turn(turn, existing) => {
                let old = existing.and_then(|id| {
                    self.session.anns[d]
                        .ann
                        .notes
                        .iter()
                        .find(|n| n.id == id)
                        .cloned()
                });
                match old {
                    Some(old) if text.is_empty() => self.edit(d, Edit::RemoveNote(old)),
                    Some(old) => {
                        let mut new = (*old).clone();
                        new.note = text;
                        new.modified = now;
                        self.edit(d, Edit::ChangeNote(old, Arc::new(new)));
                    }
                    None if text.is_empty() => {}
                    None => {
                        let Some(t) = self.session.docs[d].turns().nth(turn) else {
                            return;
                        };
                        let note = TurnNote {
                            id: annotate::new_id("n"),
                            target: annotate::turn_target(&self.session.docs[d], t),
                            note: text,
                            author: self.author(),
                            created: now.clone(),
                            modified: now,
                            orphaned: false,
                        };
                        self.edit(d, Edit::AddNote(Arc::new(note)));
                    }
                }
            }
        }
        self.message = Some("note saved".into());
    }

    /// Keys in the note editor.
    pub fn note_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let Some(editor) = &mut self.notes.note else {
            self.mode = Mode::Normal;
            return;
        };
        if editor.confirm {
            match key.code {
                KeyCode::Char('y' | 'd') => {
                    self.notes.note = None;
                    self.mode = Mode::Normal;
                    self.message = Some("note discarded".into());
                }
                KeyCode::Char('s') => self.save_note(),
                _ => editor.confirm = false,
            }
            return;
        }
        match key.code {
            KeyCode::Char('s') if ctrl => self.save_note(),
            KeyCode::Esc => {
                let text = editor.input.lines().join("\n");
                if text.trim_end() == editor.original.trim_end() {
                    self.notes.note = None;
                    self.mode = Mode::Normal;
                } else {
                    editor.confirm = true;
                }
            }
            _ => {
                editor.input.input(key);
            }
        }
    }

    /// Pasted text goes into the note.
    pub fn note_paste(&mut self, text: &str) {
        if let Some(editor) = &mut self.notes.note {
            editor
                .input
                .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        }
    }

    /// The tag spans of a document that overlap `visible` (or start at its
    /// start), in drawing order; found by binary search, not by a scan of
    /// every tag.
    pub fn tag_spans_in(&mut self, d: usize, visible: &Range<usize>) -> &[TagSpan] {
        let cache = self.tag_span_cache(d);
        let upper = cache.spans.partition_point(|t| t.range.start < visible.end);
        // Everything before `lower` ends before the view starts.
        let lower = cache.max_end[..upper].partition_point(|&e| e < visible.start);
        &cache.spans[lower..upper]
    }

    fn tag_span_cache(&mut self, d: usize) -> &TagSpans {
        let version = self.session.version;
        if !matches!(&self.notes.spans, Some((x, v, _)) if *x == d && *v == version) {
            self.doc_text(d);
            let text = self.texts[d].as_ref().expect("built");
            let book = &self.session.codebook;
            let mut spans: Vec<TagSpan> = self.session.anns[d]
                .ann
                .tags
                .iter()
                .filter(|t| !t.orphaned)
                .map(|t| TagSpan::new(t, text, book))
                .collect();
            spans.sort_by(TagSpan::order);
            let mut cache = TagSpans {
                spans,
                max_end: Vec::new(),
            };
            cache.fix_max_end(0);
            self.notes.spans = Some((d, version, cache));
        }
        &self.notes.spans.as_ref().expect("just built").2
    }

    /// Updates the cached tag spans of `d` for a tag edit instead of
    /// rebuilding them: the spans of `before` go, those of `after` come.
    /// Each is found by binary search on its drawing order.
    fn patch_tag_spans(&mut self, d: usize, before: &[Arc<Tag>], after: &[Arc<Tag>]) -> bool {
        let Some((_, _, cache)) = self.notes.spans.as_mut() else {
            return false;
        };
        let Some(text) = self.texts[d].as_ref() else {
            return false;
        };
        let mut from = cache.spans.len();
        for t in before.iter().filter(|t| !t.orphaned) {
            let span = TagSpan::new(t, text, &self.session.codebook);
            let i = cache
                .spans
                .partition_point(|x| TagSpan::order(x, &span).is_lt());
            match cache.spans.get(i) {
                Some(x) if x.tag.id == t.id => {
                    cache.spans.remove(i);
                    from = from.min(i);
                }
                // Not where it sorts: rebuild.
                _ => return false,
            }
        }
        for t in after.iter().filter(|t| !t.orphaned) {
            let span = TagSpan::new(t, text, &self.session.codebook);
            let i = cache
                .spans
                .partition_point(|x| TagSpan::order(x, &span).is_lt());
            cache.spans.insert(i, span);
            from = from.min(i);
        }
        cache.fix_max_end(from);
        true
    }

    /// Display-range suggestions of a document, cached per version.
    pub fn suggestion_spans(&mut self, d: usize) -> &[(Range<usize>, Suggestion)] {
        let version = self.session.version;
        if !matches!(&self.notes.suggestions, Some((x, v, _)) if *x == d && *v == version) {
            self.doc_text(d);
            let dismissed: BTreeSet<(usize, String)> = self
                .notes
                .dismissed
                .iter()
                .filter(|(x, _, _)| *x == d)
                .map(|(_, s, t)| (*s, t.clone()))
                .collect();
            let found = match &self.session.suggester {
                Some(s) => s.suggest(
                    &self.session.docs[d],
                    &self.session.anns[d].ann,
                    None,
                    &dismissed,
                ),
                None => Vec::new(),
            };
            let text = self.texts[d].as_ref().expect("built");
            let spans = found
                .into_iter()
                .map(|s| {
                    (
                        text.to_display(s.range.start)..text.to_display(s.range.end),
                        s,
                    )
                })
                .collect();
            self.notes.suggestions = Some((d, version, spans));
        }
        &self.notes.suggestions.as_ref().expect("just built").2
    }

    /// Suggestions under the cursor, else in the current turn after it.
    fn suggestions_here(&mut self, all_in_turn: bool) -> Vec<Suggestion> {
        let Some(d) = self.current_doc else {
            return Vec::new();
        };
        let cursor = self.notes.cursor;
        let Some(range) = self.turn_range(d, self.current_turn) else {
            return Vec::new();
        };
        let canon_cursor = self.doc_text(d).to_canonical(cursor);
        let spans: Vec<Suggestion> = self
            .suggestion_spans(d)
            .iter()
            .map(|(_, s)| s.clone())
            .filter(|s| s.range.start >= range.start && s.range.end <= range.end)
            .collect();
        if all_in_turn {
            return spans;
        }
        let at = spans
            .iter()
            .find(|s| s.range.start <= canon_cursor && canon_cursor < s.range.end)
            .or_else(|| spans.iter().find(|s| s.range.start >= canon_cursor))
            .or(spans.first());
        at.cloned().into_iter().collect()
    }

    fn accept_suggestions(&mut self, all: bool) {
        let Some(d) = self.current_doc else {
            return;
        };
        if !self.notes.show_suggestions {
            self.notes.show_suggestions = true;
        }
        let found = self.suggestions_here(all);
        if found.is_empty() {
            self.message = Some("no suggestions in this turn".into());
            return;
        }
        let author = self.author();
        let edits: Vec<Edit> = found
            .iter()
            .map(|s| {
                Edit::AddTag(Arc::new(annotate::new_tag(
                    &self.session.docs[d],
                    s.range.clone(),
                    vec![s.theme.clone()],
                    &author,
                )))
            })
            .collect();
        let n = edits.len();
        let edit = if n == 1 {
            edits.into_iter().next().expect("one")
        } else {
            Edit::Batch(edits)
        };
        self.edit(d, edit);
        self.message = Some(format!("{n} suggestions accepted"));
    }

    fn dismiss_suggestion(&mut self) {
        let Some(d) = self.current_doc else {
            return;
        };
        match self.suggestions_here(false).pop() {
            Some(s) => {
                self.notes.dismissed.insert((d, s.range.start, s.theme));
                self.session.version += 1;
                self.message = Some("suggestion dismissed".into());
            }
            None => self.message = Some("no suggestions in this turn".into()),
        }
    }

    fn correction(&mut self, kind: CorrectionKind, target: Target) -> Correction {
        let now = annotate::now();
        Correction {
            id: annotate::new_id("c"),
            kind,
            target,
            speaker: None,
            role: None,
            title: None,
            author: self.author(),
            created: now.clone(),
            modified: now,
            orphaned: false,
        }
    }

    fn current_turn_target(&self) -> Option<(usize, Target)> {
        let d = self.current_doc?;
        let turn = self.session.docs[d].turns().nth(self.current_turn)?;
        Some((d, annotate::turn_target(&self.session.docs[d], turn)))
    }

    /// Re-attributes the current turn to a speaker (from the picker).
    pub fn reattribute(&mut self, speaker: String) {
        let Some((d, target)) = self.current_turn_target() else {
            return;
        };
        let mut c = self.correction(CorrectionKind::Reattribute, target);
        c.speaker = Some(speaker.clone());
        self.edit(d, Edit::AddCorrection(Arc::new(c)));
        self.message = Some(format!("turn attributed to {speaker}"));
    }

    fn split_turn(&mut self) {
        let Some(d) = self.current_doc else {
            return;
        };
        let at = {
            let c = self.notes.cursor;
            self.doc_text(d).to_canonical(c)
        };
        let target = Target::new(
            &self.session.docs[d].text,
            at..(at + 40).min(self.session.docs[d].text.len()),
        );
        let c = self.correction(CorrectionKind::Split, target);
        let before = self.turn_count(d);
        self.edit(d, Edit::AddCorrection(Arc::new(c)));
        if self.turn_count(d) == before {
            // Nothing split (the cursor at a turn's start): take it back.
            if let Some((d, edit)) = self.session.undo.pop() {
                self.apply_edit(d, &edit.inverse());
            }
            self.message = Some("put the cursor inside a turn's text to split it".into());
        } else {
            self.message = Some("turn split".into());
        }
    }

    fn merge_turn(&mut self) {
        if self.current_turn == 0 {
            self.message = Some("the first turn has none before it".into());
            return;
        }
        let Some((d, target)) = self.current_turn_target() else {
            return;
        };
        let c = self.correction(CorrectionKind::Merge, target);
        self.current_turn -= 1;
        self.edit(d, Edit::AddCorrection(Arc::new(c)));
        self.message = Some("turn merged into the previous one".into());
    }

    fn start_item(&mut self) {
        if self.current_doc.is_none() {
            return;
        }
        let mut input = TextArea::default();
        input.set_cursor_line_style(ratatui::style::Style::default());
        input.set_placeholder_text("agenda item title");
        self.notes.prompt = input;
        self.mode = Mode::Prompt;
    }

    /// Keys while typing the agenda item title.
    pub fn prompt_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => self.mode = Mode::Normal,
            KeyCode::Enter => self.finish_prompt(),
            KeyCode::Char('m' | 'j') if ctrl => self.finish_prompt(),
            _ => {
                self.notes.prompt.input(key);
            }
        }
    }

    fn finish_prompt(&mut self) {
        self.mode = Mode::Normal;
        let title = self.notes.prompt.lines().join(" ").trim().to_string();
        if title.is_empty() {
            return;
        }
        let Some((d, target)) = self.current_turn_target() else {
            return;
        };
        let mut c = self.correction(CorrectionKind::AgendaItem, target);
        c.title = Some(title.clone());
        self.edit(d, Edit::AddCorrection(Arc::new(c)));
        self.message = Some(format!("agenda item started: {title}"));
    }

    /// Enter on an orphaned tag in the tree: re-attach it to a selection.
    pub fn pick_orphan(&mut self, d: usize, id: String) {
        self.show_turn(
            d,
            self.current_turn.min(self.turn_count(d).saturating_sub(1)),
        );
        self.notes.reattach = Some((d, id));
        self.focus = Focus::Text;
        self.message =
            Some("select text (v) and press t to re-attach; x in the tree deletes".into());
    }

    /// Applies an annotation action; false when the action is not one.
    pub fn annotate_action(&mut self, action: Action) -> bool {
        match action {
            Action::WordNext
            | Action::WordPrev
            | Action::WordEnd
            | Action::SentenceNext
            | Action::SentencePrev => {
                self.focus_text();
                self.move_cursor(action);
            }
            Action::Select => {
                self.focus_text();
                self.notes.anchor = match self.notes.anchor {
                    Some(_) => None,
                    None => Some(self.notes.cursor),
                };
            }
            Action::SelectParagraph => {
                self.focus_text();
                if let Some(r) = self.cursor_block() {
                    self.notes.anchor = Some(r.start);
                    self.notes.cursor = r.end;
                }
            }
            Action::Tag => self.start_tagging(),
            Action::Untag => self.untag(),
            Action::Undo => self.undo_redo(true),
            Action::Redo => self.undo_redo(false),
            Action::Note => self.open_note(),
            Action::Suggestions => {
                self.notes.show_suggestions = !self.notes.show_suggestions;
                self.message = Some(
                    if self.notes.show_suggestions {
                        "suggestions shown (y accepts, Y all in turn, d dismisses)"
                    } else {
                        "suggestions hidden"
                    }
                    .into(),
                );
            }
            Action::AcceptSuggestion => self.accept_suggestions(false),
            Action::AcceptTurnSuggestions => self.accept_suggestions(true),
            Action::DismissSuggestion => self.dismiss_suggestion(),
            Action::Reattribute => {
                if self.current_doc.is_none() {
                    return true;
                }
                self.notes.picker_purpose = PickerPurpose::Reattribute;
                self.update(Action::Speakers);
                self.notes.picker_purpose = PickerPurpose::Reattribute;
            }
            Action::SplitTurn => self.split_turn(),
            Action::MergeTurn => self.merge_turn(),
            Action::StartItem => self.start_item(),
            _ => return false,
        }
        true
    }

    fn focus_text(&mut self) {
        if self.current_doc.is_some() && self.focus != Focus::Text {
            self.focus = Focus::Text;
            self.cursor_to_turn(self.current_turn);
        }
    }

    /// j/k while selecting move the cursor by a row.
    pub fn selecting_row(&mut self, action: Action) -> bool {
        if self.notes.anchor.is_none() || self.focus != Focus::Text {
            return false;
        }
        match action {
            Action::Down => self.cursor_row(1),
            Action::Up => self.cursor_row(-1),
            _ => return false,
        }
        true
    }
}
