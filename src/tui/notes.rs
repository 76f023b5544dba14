//! Notes on tags and turns in the note editor, and corrections of the parse
//! (re-attribute, split, merge, start an agenda item) with their prompt.

use std::sync::Arc;

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{TextArea, WrapMode};

use super::annotate::*;
use super::line_input::{LineInput, LineKey};
use super::state::{App, Focus, Mode};
use crate::annotate::{self, CorrectionKind, Edit, Target, TurnNote};

impl App {
    pub(crate) fn open_note(&mut self) {
        let Some(d) = self.session.selection.doc else {
            self.message = Some("open a document first".into());
            return;
        };
        let (target, text) = match self.tag_at_cursor() {
            Some(tag) => (NoteTarget::Tag(tag.id.clone()), tag.note.clone()),
            None => {
                let turn = self.session.selection.turn;
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

    pub(crate) fn save_note(&mut self) {
        let Some(editor) = self.notes.note.take() else {
            return;
        };
        self.mode = Mode::Normal;
        let Some(d) = self.session.selection.doc else {
            return;
        };
        let text = editor.input.lines().join("\n").trim_end().to_string();
        if text == editor.original {
            return;
        }
        let now = annotate::now();
        match editor.target {
            NoteTarget::Tag(id) => {
                if let Some(old) = self.session.anns[d].ann.tag(&id).cloned() {
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
                            author: self.session.author(),
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

    /// Keys in the note editor ([`NoteEditor::key`]).
    pub fn note_key(&mut self, key: KeyEvent) {
        let Some(editor) = &mut self.notes.note else {
            self.mode = Mode::Normal;
            return;
        };
        match editor.key(key, &self.keymap) {
            NoteKey::Open => {}
            NoteKey::Save => self.save_note(),
            NoteKey::Closed => {
                self.notes.note = None;
                self.mode = Mode::Normal;
            }
            NoteKey::Discarded => {
                self.notes.note = None;
                self.mode = Mode::Normal;
                self.message = Some("note discarded".into());
            }
        }
    }

    /// Re-attributes the current turn to a speaker (from the picker).
    pub fn reattribute(&mut self, speaker: String) {
        let Some((d, target)) = self.session.current_turn_target() else {
            return;
        };
        let mut c = self.session.correction(CorrectionKind::Reattribute, target);
        c.speaker = Some(speaker.clone());
        self.edit(d, Edit::AddCorrection(Arc::new(c)));
        self.message = Some(format!("turn attributed to {speaker}"));
    }

    pub(crate) fn split_turn(&mut self) {
        let Some(d) = self.session.selection.doc else {
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
        let c = self.session.correction(CorrectionKind::Split, target);
        let before = self.session.docs[d].turn_count();
        self.edit(d, Edit::AddCorrection(Arc::new(c)));
        if self.session.docs[d].turn_count() == before {
            // Nothing split (the cursor at a turn's start): take it back.
            if let Some((d, edit)) = self.session.undo.pop() {
                self.apply_edit(d, &edit.inverse());
            }
            self.message = Some("put the cursor inside a turn's text to split it".into());
        } else {
            // The cursor stays on the words it was on: the start of the
            // second half, now a turn of its own.
            self.notes.cursor = self.doc_text(d).to_display(at);
            self.notes.anchor = None;
            self.show_cursor();
            self.message = Some("turn split".into());
        }
    }

    pub(crate) fn merge_turn(&mut self) {
        if self.session.selection.turn == 0 {
            self.message = Some("the first turn has none before it".into());
            return;
        }
        let Some((d, target)) = self.session.current_turn_target() else {
            return;
        };
        let c = self.session.correction(CorrectionKind::Merge, target);
        self.session.selection.turn -= 1;
        self.edit(d, Edit::AddCorrection(Arc::new(c)));
        self.message = Some("turn merged into the previous one".into());
    }

    pub(crate) fn start_item(&mut self) {
        if self.session.selection.doc.is_none() {
            return;
        }
        self.notes.prompt = LineInput::new("agenda item title");
        self.mode = Mode::Prompt;
    }

    /// Keys while typing the agenda item title.
    pub fn prompt_key(&mut self, key: KeyEvent) {
        match self.notes.prompt.key(key, &self.keymap) {
            LineKey::Cancelled => self.mode = Mode::Normal,
            LineKey::Done => self.finish_prompt(),
            LineKey::Edited(_) => {}
        }
    }

    pub(crate) fn finish_prompt(&mut self) {
        self.mode = Mode::Normal;
        let title = self.notes.prompt.text().trim().to_string();
        if title.is_empty() {
            return;
        }
        let Some((d, target)) = self.session.current_turn_target() else {
            return;
        };
        let mut c = self.session.correction(CorrectionKind::AgendaItem, target);
        c.title = Some(title.clone());
        self.edit(d, Edit::AddCorrection(Arc::new(c)));
        self.message = Some(format!("agenda item started: {title}"));
    }

    /// Enter on an orphaned tag in the tree: re-attach it to a selection.
    pub fn pick_orphan(&mut self, d: usize, id: String) {
        self.show_turn(
            d,
            self.session
                .selection
                .turn
                .min(self.session.docs[d].turn_count().saturating_sub(1)),
        );
        self.notes.reattach = Some((d, id));
        self.focus = Focus::Text;
        self.message =
            Some("select text (v) and press t to re-attach; x in the tree deletes".into());
    }
}
