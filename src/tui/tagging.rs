//! Tagging from the text pane: the theme picker opened on a selection,
//! untagging, undo and redo, keyword suggestions, and the tagging actions.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use ratatui::crossterm::event::KeyEvent;

use super::action::Action;
use super::annotate::*;
use super::pickers::Picked;
use super::state::{App, Focus, Mode, NodeId};
use crate::annotate::suggest::Suggestion;
use crate::annotate::{self, Edit, Tag, Target};

impl App {
    pub(crate) fn start_tagging(&mut self) {
        let Some(d) = self.session.selection.doc else {
            self.message = Some("open a document first".into());
            return;
        };
        let range = match self.selection() {
            Some(r) => self.canonical(d, &r),
            None => match self.session.turn_range(d, self.session.selection.turn) {
                Some(r) => r,
                None => return,
            },
        };
        if let Some((rd, id)) = self.notes.reattach.take()
            && rd == d
            && let Some(old) = self.session.anns[d].ann.tag(&id).cloned()
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

    pub(crate) fn pick_theme(&mut self, index: usize) {
        self.mode = Mode::Normal;
        let Some(d) = self.session.selection.doc else {
            return;
        };
        let theme = self.session.codebook.themes[index].id.clone();
        let range = self.notes.theme_picker.range.clone();
        let tag = annotate::new_tag(
            &self.session.docs[d],
            range,
            vec![theme.clone()],
            &self.session.author(),
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
    pub(crate) fn tag_at_cursor(&mut self) -> Option<Arc<Tag>> {
        let d = self.session.selection.doc?;
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

    pub(crate) fn untag(&mut self) {
        if self.focus == Focus::Tree
            && let Some(NodeId::Orphan(d, id)) = self.tree_state.selected().last().cloned()
        {
            if let Some(tag) = self.session.anns[d].ann.tag(&id).cloned() {
                self.edit(d, Edit::RemoveTag(tag));
                self.message = Some("orphaned tag deleted (u undoes)".into());
            }
            return;
        }
        let Some(d) = self.session.selection.doc else {
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

    pub(crate) fn undo_redo(&mut self, undo: bool) {
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
            let text = self.texts[d].as_deref().expect("built");
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
    pub(crate) fn suggestions_here(&mut self, all_in_turn: bool) -> Vec<Suggestion> {
        let Some(d) = self.session.selection.doc else {
            return Vec::new();
        };
        let cursor = self.notes.cursor;
        let Some(range) = self.session.turn_range(d, self.session.selection.turn) else {
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

    pub(crate) fn accept_suggestions(&mut self, all: bool) {
        let Some(d) = self.session.selection.doc else {
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
        let author = self.session.author();
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
        self.message = Some(format!(
            "{} accepted",
            crate::text::counted(n, "suggestion", "suggestions")
        ));
    }

    pub(crate) fn dismiss_suggestion(&mut self) {
        let Some(d) = self.session.selection.doc else {
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
                if self.session.selection.doc.is_none() {
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

    pub(crate) fn focus_text(&mut self) {
        if self.session.selection.doc.is_some() && self.focus != Focus::Text {
            self.focus = Focus::Text;
            self.cursor_to_turn(self.session.selection.turn);
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
