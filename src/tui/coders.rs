//! Whose tags the reader shows, and what it says about one tag: the coder
//! filter (all coders, only mine, one coder; [`agree::CoderFilter`]), a
//! tag's details (its author, and whether it is one of two versions a merge
//! kept), and a walk through the conflicts a merge kept
//! ([`crate::annotate::Annotations::conflicts`]).

use std::sync::Arc;

use super::state::App;
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
        let Some(d) = self.current_doc else {
            return;
        };
        self.message = Some(match self.tag_at_cursor() {
            Some(tag) => details(&tag, conflict_of(&self.session.anns[d].ann, &tag)),
            None => "no tag under the cursor".into(),
        });
    }

    /// Every tag version a merge kept, in tree order: document and tag.
    pub(crate) fn conflicted_tags(&self) -> Vec<(usize, Arc<Tag>)> {
        let mut out = Vec::new();
        for d in self.session.sorted_docs() {
            let ann = &self.session.anns[d].ann;
            for c in ann.conflicts.iter().filter(|c| c.kind == "tag") {
                out.extend(
                    ann.tags
                        .iter()
                        .filter(|t| c.versions.contains(&t.id))
                        .map(|t| (d, t.clone())),
                );
            }
        }
        out
    }

    /// Moves the cursor to the next tag version a merge kept (after the
    /// cursor, wrapping), with its details.
    pub(crate) fn next_conflict(&mut self) {
        let all = self.conflicted_tags();
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
}
