//! Whose tags the reader shows, and what it says about one tag: the coder
//! filter (all coders, only mine, one coder; [`agree::CoderFilter`]), a
//! tag's details (its author, and whether it is one of two versions a merge
//! kept), and a walk through the conflicts a merge kept
//! ([`crate::annotate::Annotations::conflicts`]); the agreement view's
//! work on the corpus (its component is [`super::agreement`]).

use ratatui::crossterm::event::KeyEvent;

use super::agreement::{self, AgreeKey, AgreementView, Stage};
use super::state::{App, Mode};
use crate::annotate::{Annotations, Conflict, Tag, agree};

/// The open conflict a tag is a version of, if any.
pub fn conflict_of<'a>(ann: &'a Annotations, tag: &Tag) -> Option<&'a Conflict> {
    ann.conflicts
        .iter()
        .find(|c| c.kind == "tag" && c.versions.contains(&tag.id))
}

/// A tag's details in one line: themes, author, when, and a merge conflict.
pub fn details(tag: &Tag, conflict: Option<&Conflict>) -> String {
    let mut out = format!(
        "{} · by {} · {}",
        tag.themes.join(", "),
        crate::export::report::one_line(&tag.author),
        tag.modified.get(..10).unwrap_or(&tag.modified)
    );
    if let Some(c) = conflict {
        out.push_str(&format!(
            " · one of {} versions kept by a merge ({}; delete the one to drop)",
            c.versions.len(),
            crate::export::report::one_line(&c.reason)
        ));
    }
    out
}

impl App {
    /// The next coder filter: all, mine, each other coder, all again.
    pub(crate) fn next_coder_filter(&mut self) {
        let coders = agree::coders(self.session.anns.iter().map(|d| &d.ann));
        self.coder_filter = self.coder_filter.next(&coders, &self.session.author());
        // The drawn tag spans follow the filter.
        self.notes.spans = None;
        self.message = Some(format!("showing {}", self.coder_filter.label()));
    }

    /// Shows the details of the tag under the cursor.
    pub(crate) fn show_tag_details(&mut self) {
        let Some(d) = self.session.selection.doc else {
            return;
        };
        self.message = Some(match self.tag_at_cursor() {
            Some(tag) => details(&tag, conflict_of(&self.session.anns[d].ann, &tag)),
            None => "no tag under the cursor".into(),
        });
    }

    /// Moves the cursor to the next tag version a merge kept (after the
    /// cursor, wrapping), with its details.
    pub(crate) fn next_conflict(&mut self) {
        let all = self.session.conflicted_tags();
        if all.is_empty() {
            self.message = Some("no conflicts kept by a merge".into());
            return;
        }
        let here = self.tag_at_cursor().map(|t| t.id.clone());
        let i = here
            .and_then(|id| all.iter().position(|(_, t)| t.id == id))
            .map_or(0, |i| (i + 1) % all.len());
        let (d, tag) = all[i].clone();
        self.open_doc(d);
        self.notes.cursor = self.doc_text(d).to_display(tag.target.start);
        self.show_cursor();
        let conflict = conflict_of(&self.session.anns[d].ann, &tag);
        self.message = Some(format!(
            "conflict {}/{}: {}",
            i + 1,
            all.len(),
            details(&tag, conflict)
        ));
    }

    /// Opens the agreement view: back to the last comparison (its list
    /// made again), or choosing two coders.
    pub(crate) fn open_agreement(&mut self) {
        if let Some(view) = &self.agreement
            && view.stage == Stage::List
        {
            self.compare_coders();
            self.mode = Mode::Agreement;
            return;
        }
        let coders = agree::coders(self.session.anns.iter().map(|d| &d.ann));
        if coders.len() < 2 {
            self.message = Some(format!(
                "agreement needs two coders; the tags are by {}",
                if coders.is_empty() {
                    "nobody yet".to_string()
                } else {
                    crate::export::report::one_line(&coders.join(", "))
                }
            ));
            return;
        }
        self.agreement = Some(AgreementView::open(coders));
        self.mode = Mode::Agreement;
    }

    /// Lists the disagreements of the chosen coders, keeping the selection.
    fn compare_coders(&mut self) {
        let Some(view) = &self.agreement else {
            return;
        };
        let (Some(a), Some(b)) = (view.a.clone(), view.b.clone()) else {
            return;
        };
        let order = self.session.sorted_docs();
        let s = &self.session;
        let rows = agreement::rows(
            order.iter().map(|&d| (d, &s.docs[d], &s.anns[d].ann)),
            &a,
            &b,
        );
        if let Some(view) = &mut self.agreement {
            view.rows = rows;
            view.selected = view.selected.min(view.rows.len().saturating_sub(1));
        }
    }

    /// A key in the agreement view.
    pub(crate) fn agreement_key(&mut self, key: KeyEvent) {
        let page = self.list_page();
        let Some(view) = &mut self.agreement else {
            self.mode = Mode::Normal;
            return;
        };
        match view.key(key, &self.keymap, page) {
            AgreeKey::Open => {}
            AgreeKey::Closed => self.mode = Mode::Normal,
            AgreeKey::Compare => self.compare_coders(),
            AgreeKey::Jump(row) => {
                let (d, turn) = (view.rows[row].doc, view.rows[row].disagreement.turn);
                self.mode = Mode::Normal;
                self.show_turn(d, turn);
            }
            AgreeKey::Resolve {
                row,
                keep_a,
                keep_b,
            } => {
                let r = view.rows[row].clone();
                let kept = match (keep_a, keep_b) {
                    (true, true) => "both kept",
                    (true, false) => "A's kept",
                    (false, true) => "B's kept",
                    (false, false) => "neither kept",
                };
                if let Some(edit) = agree::resolution(&r.disagreement, keep_a, keep_b) {
                    self.edit(r.doc, edit);
                    if self.refused.is_some() {
                        return;
                    }
                }
                if let Some(view) = &mut self.agreement {
                    view.resolved(row);
                }
                self.message = Some(format!("{}: {kept} (u undoes)", r.disagreement.theme));
            }
        }
    }
}
