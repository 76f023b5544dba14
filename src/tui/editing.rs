//! Edits reaching the screen: the session applies an edit
//! ([`crate::session::Session::edit`]); here the reader patches its caches
//! (tag spans, tree counts) and re-wraps a corrected document, and reports
//! saving: a quit waits for it, or asks ([`super::quit_guard`]).

use std::ops::Range;
use std::time::Duration;

use ratatui::crossterm::event::KeyEvent;

use super::annotate::*;
use super::quit_guard::{QuitChoice, QuitGuard};
use super::state::{App, Mode};
use crate::annotate::Edit;
use crate::annotate::ledger::Unsaved;
use crate::session::Applied;

impl App {
    /// Applies an edit to a document's annotations, records it for undo and
    /// queues a save ([`crate::session::Session::edit`]), then brings the
    /// screen's caches up to date.
    pub fn edit(&mut self, d: usize, edit: Edit) {
        if self.refuse_edit(d) {
            return;
        }
        let fresh = self.fresh_caches(d);
        let applied = self.session.edit(d, edit);
        self.after_edit(d, fresh, applied);
    }

    /// Applies an edit without recording it for undo.
    pub(crate) fn apply_edit(&mut self, d: usize, edit: &Edit) {
        if self.refuse_edit(d) {
            return;
        }
        let fresh = self.fresh_caches(d);
        let applied = self.session.apply(d, edit);
        self.after_edit(d, fresh, applied);
    }

    /// Whether document `d` is read-only (its annotation file cannot be
    /// read); then nothing is edited and the reason is shown instead.
    fn refuse_edit(&mut self, d: usize) -> bool {
        match self.session.can_edit(d) {
            Ok(()) => false,
            Err(reason) => {
                self.refused = Some(format!("read-only, nothing saved: {reason}"));
                true
            }
        }
    }

    /// Whether the tag spans and the tree counts of document `d` are up to
    /// date before an edit (then they can be patched after it).
    pub(crate) fn fresh_caches(&self, d: usize) -> (bool, bool) {
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
    pub(crate) fn after_edit(&mut self, d: usize, fresh: (bool, bool), applied: Applied) {
        let (spans_fresh, counts_fresh) = fresh;
        if applied.corrected {
            self.document_changed(d);
        }
        let version = self.session.version;
        let tags = applied.tags.filter(|_| !applied.corrected);
        // Under a coder filter the spans are made again.
        let all_shown = self.coder_filter == crate::annotate::agree::CoderFilter::All;
        if let Some((before, after)) = &tags
            && spans_fresh
            && all_shown
            && let Some((_, v, cache)) = &mut self.notes.spans
            && let Some(text) = self.texts[d].as_deref()
            && cache.patch(text, &self.session.codebook, before, after)
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
    pub(crate) fn document_changed(&mut self, d: usize) {
        self.texts[d] = None;
        if self.layout.as_ref().is_some_and(|(x, _)| *x == d) {
            self.layout = None;
        }
        let n = self.session.docs[d].turn_count();
        if self.session.selection.doc == Some(d) && self.session.selection.turn >= n {
            self.session.selection.turn = n.saturating_sub(1);
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

    /// The tag spans of a document that overlap `visible` (or start at its
    /// start), in drawing order, made again when the annotations changed;
    /// found by binary search, not by a scan of every tag.
    pub fn tag_spans_in(&mut self, d: usize, visible: &Range<usize>) -> &[TagSpan] {
        let version = self.session.version;
        if !matches!(&self.notes.spans, Some((x, v, _)) if *x == d && *v == version) {
            self.doc_text(d);
            let text = self.texts[d].as_deref().expect("built");
            // Only the tags of the coders shown.
            let (filter, me) = (&self.coder_filter, self.session.author());
            let shown = self.session.anns[d]
                .ann
                .tags
                .iter()
                .filter(|t| !t.orphaned && filter.shows(&t.author, &me));
            let cache = TagSpans::new(shown, text, &self.session.codebook);
            self.notes.spans = Some((d, version, cache));
        }
        let cache = &self.notes.spans.as_ref().expect("just built").2;
        cache.overlapping(visible)
    }
}

/// How long a quit waits for pending saves before it asks.
const QUIT_FLUSH: Duration = Duration::from_secs(2);

impl App {
    /// The quit key (or Ctrl-C): quits when every change is on disk;
    /// otherwise asks ([`QuitGuard`]). Pending saves are given a moment
    /// first, so that a quit right after an edit does not ask for nothing.
    pub fn request_quit(&mut self) {
        if self.mode == Mode::Quit {
            return;
        }
        // What is being typed is asked about first: a quit never drops it.
        let draft = match self.mode {
            Mode::Note if self.notes.note.as_ref().is_some_and(NoteEditor::changed) => {
                Some("The note you are writing")
            }
            Mode::Prompt if !self.notes.prompt.text().trim().is_empty() => {
                Some("The agenda item title you are typing")
            }
            _ => None,
        };
        if let Some(draft) = draft {
            self.quit_guard = Some(QuitGuard::for_draft(draft));
            self.mode = Mode::Quit;
            return;
        }
        if let Some(writer) = &self.session.writer
            && !self.session.unsaved().is_empty()
        {
            writer.flush(QUIT_FLUSH);
        }
        self.poll_writer();
        let unsaved: Vec<(String, Unsaved)> = self
            .session
            .unsaved()
            .into_iter()
            .map(|(d, why)| (self.session.docs[d].id.clone(), why))
            .collect();
        if unsaved.is_empty() {
            self.quit = true;
        } else {
            self.quit_guard = Some(QuitGuard::new(unsaved));
            self.mode = Mode::Quit;
        }
    }

    /// A key while the quit question is open.
    pub(crate) fn quit_guard_key(&mut self, key: KeyEvent) {
        let Some(guard) = &mut self.quit_guard else {
            self.mode = Mode::Normal;
            return;
        };
        if guard.draft.is_some() {
            let Some(choice) = guard.key(key, &self.keymap) else {
                return;
            };
            self.quit_guard = None;
            // Back to the draft: the note editor, else the title prompt.
            self.mode = if self.notes.note.is_some() {
                Mode::Note
            } else {
                Mode::Prompt
            };
            match choice {
                QuitChoice::Keep => {}
                QuitChoice::Rescue => {
                    if self.mode == Mode::Note {
                        self.save_note();
                    } else {
                        self.finish_prompt();
                    }
                    self.request_quit();
                }
                QuitChoice::Abandon => {
                    self.notes.note = None;
                    self.mode = Mode::Normal;
                    self.request_quit();
                }
            }
            return;
        }
        match guard.key(key, &self.keymap) {
            None => {}
            Some(QuitChoice::Keep) => {
                self.quit_guard = None;
                self.mode = Mode::Normal;
            }
            Some(QuitChoice::Abandon) => {
                self.abandoned = true;
                self.quit = true;
            }
            Some(QuitChoice::Rescue) => match self.session.rescue_unsaved() {
                Ok(paths) => {
                    self.rescued = paths;
                    self.quit = true;
                }
                Err((written, error)) => {
                    self.rescued = written;
                    guard.error = Some(error);
                }
            },
        }
    }
}
