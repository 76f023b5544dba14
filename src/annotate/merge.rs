//! The merge of annotation files by id: one answer for git's merge driver
//! (`floor merge-file`), for the repair of a file holding git's conflict
//! markers (`floor merge-file --resolve`), and for the store, which merges
//! what is on disk before each save.
//!
//! Three-way, item by item (tags, notes and corrections are matched by id):
//! an item added on one side is taken; changed on one side only, the
//! change is taken; deleted on one side and untouched on the other, it is
//! deleted; changed on both sides (or changed on one and deleted on the
//! other), both versions are kept and a [`Conflict`] records it — a side is
//! never lost, and no conflict marker is ever written into the TOML.
//!
//! Two versions that differ only in their times and author are the same
//! item: automatic tags have ids derived from document, theme and span, so
//! two people running `tag --auto` make the same tag and the merge keeps
//! one.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Annotations, Record};

/// Two versions of one item that a merge could not reconcile, both kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The id both sides had.
    pub id: String,
    /// `tag`, `note` or `correction`.
    pub kind: String,
    /// The ids of the versions kept: ours (the original id) then theirs
    /// (`<id>~<hash>`); one id when the other side deleted the item.
    pub versions: Vec<String>,
    /// What happened, in words.
    pub reason: String,
}

impl Conflict {
    /// Whether the conflict still stands: every version it kept is there.
    /// Deleting one of two versions resolves it.
    pub fn is_open(&self, ids: &BTreeSet<String>) -> bool {
        self.versions.iter().all(|v| ids.contains(v))
    }
}

/// Changed on both sides.
pub const BOTH_CHANGED: &str = "changed on both sides";
/// Changed on one side, deleted on the other.
pub const CHANGED_AND_DELETED: &str = "changed on one side, deleted on the other";

/// Merges `ours` and `theirs`, from their common `base` (None when there
/// is none: then an item missing on one side counts as added on the other,
/// never as deleted). The header (document, content hash) is ours unless
/// only theirs changed it.
pub fn merge3(base: Option<&Annotations>, ours: &Annotations, theirs: &Annotations) -> Annotations {
    let empty = Annotations::default();
    let base_ann = base.unwrap_or(&empty);
    let mut conflicts = Vec::new();
    let mut out = Annotations {
        document: pick(&base_ann.document, &ours.document, &theirs.document),
        content_hash: pick(
            &base_ann.content_hash,
            &ours.content_hash,
            &theirs.content_hash,
        ),
        tags: merge_items(
            "tag",
            &base_ann.tags,
            &ours.tags,
            &theirs.tags,
            &mut conflicts,
        ),
        notes: merge_items(
            "note",
            &base_ann.notes,
            &ours.notes,
            &theirs.notes,
            &mut conflicts,
        ),
        corrections: merge_items(
            "correction",
            &base_ann.corrections,
            &ours.corrections,
            &theirs.corrections,
            &mut conflicts,
        ),
        loaded_ids: ours.loaded_ids.clone(),
        ..Annotations::default()
    };
    // Conflicts already recorded on either side stand until resolved.
    let mut all: Vec<Conflict> = ours.conflicts.clone();
    for c in theirs.conflicts.iter().chain(&conflicts) {
        if !all.contains(c) {
            all.push(c.clone());
        }
    }
    out.conflicts = all;
    out.sort();
    out.prune_conflicts();
    out
}

/// A header field: ours, unless only theirs changed it.
fn pick(base: &str, ours: &str, theirs: &str) -> String {
    if ours == base && !theirs.is_empty() {
        theirs
    } else {
        ours
    }
    .to_string()
}

/// Each item under its id and its occurrence (a hand-edited file may hold
/// an id twice: each copy is merged as an item of its own, none dropped).
fn keyed<T: Record>(items: &[Arc<T>]) -> BTreeMap<(String, usize), &Arc<T>> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = BTreeMap::new();
    for item in items {
        let n = seen.entry(item.id()).or_default();
        out.insert((item.id().to_string(), *n), item);
        *n += 1;
    }
    out
}

fn merge_items<T: Record + Clone + PartialEq + Serialize>(
    kind: &str,
    base: &[Arc<T>],
    ours: &[Arc<T>],
    theirs: &[Arc<T>],
    conflicts: &mut Vec<Conflict>,
) -> Vec<Arc<T>> {
    let (b, o, t) = (keyed(base), keyed(ours), keyed(theirs));
    let keys: BTreeSet<&(String, usize)> = b.keys().chain(o.keys()).chain(t.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let (b, o, t) = (b.get(key), o.get(key), t.get(key));
        match (b, o, t) {
            (_, Some(o), Some(t)) if o.same_content(t) => out.push(earlier(o, t)),
            (Some(b), Some(o), Some(t)) if o.same_content(b) => out.push((*t).clone()),
            (Some(b), Some(o), Some(t)) if t.same_content(b) => out.push((*o).clone()),
            (_, Some(o), Some(t)) => {
                // Both changed (or both added) differently: keep both.
                let other = theirs_version(t);
                conflicts.push(Conflict {
                    id: o.id().to_string(),
                    kind: kind.to_string(),
                    versions: vec![o.id().to_string(), other.id().to_string()],
                    reason: BOTH_CHANGED.to_string(),
                });
                out.push((*o).clone());
                out.push(other);
            }
            // Deleted on one side: gone if the other left it as it was.
            (Some(b), Some(kept), None) | (Some(b), None, Some(kept)) => {
                if !kept.same_content(b) {
                    conflicts.push(Conflict {
                        id: kept.id().to_string(),
                        kind: kind.to_string(),
                        versions: vec![kept.id().to_string()],
                        reason: CHANGED_AND_DELETED.to_string(),
                    });
                    out.push((*kept).clone());
                }
            }
            (None, Some(x), None) | (None, None, Some(x)) => out.push((*x).clone()),
            (_, None, None) => {}
        }
    }
    out
}

/// Of two versions with the same content, the one made first (the same
/// answer whichever side is ours).
fn earlier<T: Record + Clone>(a: &Arc<T>, b: &Arc<T>) -> Arc<T> {
    if (b.created(), b.author()) < (a.created(), a.author()) {
        b.clone()
    } else {
        a.clone()
    }
}

/// Their version of an item both sides changed, under an id of its own
/// derived from its content: the same whichever clone merges.
fn theirs_version<T: Record + Clone + Serialize>(t: &Arc<T>) -> Arc<T> {
    let json = serde_json::to_string(&**t).unwrap_or_default();
    let hash = xxhash_rust::xxh3::xxh3_64(json.as_bytes());
    let mut copy = (**t).clone();
    copy.set_id(format!("{}~{:06x}", t.id(), hash & 0xff_ffff));
    Arc::new(copy)
}

/// A file that holds git's conflict markers, split into the text of each
/// side (and of the base, when git wrote it in the `diff3` style).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedSides {
    pub ours: String,
    pub theirs: String,
    pub base: Option<String>,
}

/// The line (1-based) of the first git conflict marker in `text`.
pub fn first_marker_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|l| marker(l).is_some())
        .map(|i| i + 1)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Marker {
    Start,
    Base,
    Middle,
    End,
}

fn marker(line: &str) -> Option<Marker> {
    let line = line.trim_end_matches('\r');
    let is = |prefix: &str| line == prefix || line.starts_with(&format!("{prefix} "));
    if is("<<<<<<<") {
        Some(Marker::Start)
    } else if is("|||||||") {
        Some(Marker::Base)
    } else if line == "=======" {
        Some(Marker::Middle)
    } else if is(">>>>>>>") {
        Some(Marker::End)
    } else {
        None
    }
}

/// Splits a file with conflict markers into its sides; `Err` names the
/// line (1-based) of a marker out of place.
pub fn split_markers(text: &str) -> Result<MarkedSides, (usize, String)> {
    #[derive(PartialEq)]
    enum In {
        Both,
        Ours,
        Base,
        Theirs,
    }
    let mut state = In::Both;
    let (mut ours, mut theirs, mut base) = (String::new(), String::new(), String::new());
    let mut has_base = false;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let out_of_place = |what: &str| Err((i + 1, format!("{what} out of place")));
        match (marker(line.trim_end_matches('\n')), &state) {
            (Some(Marker::Start), In::Both) => state = In::Ours,
            (Some(Marker::Base), In::Ours) => {
                has_base = true;
                state = In::Base;
            }
            (Some(Marker::Middle), In::Ours | In::Base) => state = In::Theirs,
            (Some(Marker::End), In::Theirs) => state = In::Both,
            (Some(_), _) => return out_of_place("conflict marker"),
            (None, In::Both) => {
                ours.push_str(line);
                theirs.push_str(line);
                base.push_str(line);
            }
            (None, In::Ours) => ours.push_str(line),
            (None, In::Base) => base.push_str(line),
            (None, In::Theirs) => theirs.push_str(line),
        }
    }
    if state != In::Both {
        let lines = text.lines().count();
        return Err((lines, "conflict not closed by `>>>>>>>`".into()));
    }
    Ok(MarkedSides {
        ours,
        theirs,
        base: has_base.then_some(base),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{Tag, new_tag};
    use crate::model::Document;

    fn doc() -> Document {
        Document {
            id: "d".into(),
            text: "one two three four five six seven eight nine ten".into(),
            ..Document::default()
        }
    }

    fn with(tags: &[&Arc<Tag>]) -> Annotations {
        let mut ann = Annotations::new(&doc());
        for t in tags {
            ann.insert_tag((*t).clone());
        }
        ann
    }

    fn tag(range: std::ops::Range<usize>, author: &str) -> Arc<Tag> {
        Arc::new(new_tag(&doc(), range, vec!["norms".into()], author))
    }

    fn noted(t: &Arc<Tag>, note: &str) -> Arc<Tag> {
        let mut x = (**t).clone();
        x.note = note.into();
        x.modified = "2030-01-01T00:00:00.000Z".into();
        Arc::new(x)
    }

    fn ids(ann: &Annotations) -> Vec<&str> {
        ann.tags.iter().map(|t| t.id.as_str()).collect()
    }

    #[test]
    fn additions_on_both_sides_are_a_union() {
        let (a, b, c) = (tag(0..3, "x"), tag(4..7, "ana"), tag(8..13, "ben"));
        let base = with(&[&a]);
        let m = merge3(Some(&base), &with(&[&a, &b]), &with(&[&a, &c]));
        assert_eq!(ids(&m), vec![&a.id, &b.id, &c.id]);
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn a_change_on_one_side_is_taken() {
        let a = tag(0..3, "x");
        let base = with(&[&a]);
        let changed = noted(&a, "theirs");
        let m = merge3(Some(&base), &base, &with(&[&changed]));
        assert_eq!(m.tags, vec![changed.clone()]);
        let m = merge3(Some(&base), &with(&[&changed]), &base);
        assert_eq!(m.tags, vec![changed]);
    }

    #[test]
    fn deleted_and_untouched_is_deleted() {
        let (a, b) = (tag(0..3, "x"), tag(4..7, "x"));
        let base = with(&[&a, &b]);
        let m = merge3(Some(&base), &with(&[&a]), &base);
        assert_eq!(ids(&m), vec![&a.id]);
        let m = merge3(Some(&base), &base, &with(&[&b]));
        assert_eq!(ids(&m), vec![&b.id]);
    }

    #[test]
    fn changed_on_both_sides_keeps_both_as_a_conflict() {
        let a = tag(0..3, "x");
        let base = with(&[&a]);
        let (o, t) = (noted(&a, "ours"), noted(&a, "theirs"));
        let m = merge3(Some(&base), &with(&[&o]), &with(&[&t]));
        assert_eq!(m.tags.len(), 2);
        let notes: BTreeSet<&str> = m.tags.iter().map(|t| t.note.as_str()).collect();
        assert_eq!(notes, BTreeSet::from(["ours", "theirs"]));
        assert_eq!(m.conflicts.len(), 1);
        let c = &m.conflicts[0];
        assert_eq!(c.reason, BOTH_CHANGED);
        assert_eq!(c.versions[0], a.id);
        assert!(c.versions[1].starts_with(&format!("{}~", a.id)));
        // The same merge from the other side names the same versions.
        let back = merge3(Some(&base), &with(&[&t]), &with(&[&o]));
        assert_eq!(back.tags.len(), 2);
        // Deleting one version resolves it.
        let mut resolved = m.clone();
        resolved.remove_tags(&c.versions[1]);
        resolved.prune_conflicts();
        assert!(resolved.conflicts.is_empty());
    }

    #[test]
    fn changed_and_deleted_keeps_the_change() {
        let a = tag(0..3, "x");
        let base = with(&[&a]);
        let changed = noted(&a, "kept");
        let m = merge3(Some(&base), &with(&[]), &with(&[&changed]));
        assert_eq!(m.tags, vec![changed]);
        assert_eq!(m.conflicts[0].reason, CHANGED_AND_DELETED);
    }

    #[test]
    fn the_same_tag_made_twice_is_one() {
        // Automatic tags: same id, same span and theme, other times and
        // author.
        let a = tag(0..3, "ana");
        let mut b = (*a).clone();
        b.author = "ben".into();
        b.created = "2099-01-01T00:00:00.000Z".into();
        b.modified = b.created.clone();
        let m = merge3(None, &with(&[&a]), &with(&[&Arc::new(b)]));
        assert_eq!(m.tags, vec![a]);
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn without_a_base_nothing_is_deleted() {
        let (a, b) = (tag(0..3, "x"), tag(4..7, "x"));
        let m = merge3(None, &with(&[&a]), &with(&[&b]));
        assert_eq!(m.tags.len(), 2);
    }

    #[test]
    fn an_id_held_twice_keeps_both_copies() {
        let a = tag(0..3, "x");
        let mut twice = with(&[&a]);
        twice.tags.push(noted(&a, "copy"));
        let m = merge3(None, &twice, &with(&[]));
        assert_eq!(m.tags.len(), 2);
    }

    #[test]
    fn markers_split_into_sides() {
        let text = "a\n<<<<<<< HEAD\nours\n||||||| base\nold\n=======\ntheirs\n>>>>>>> other\nz\n";
        let s = split_markers(text).unwrap();
        assert_eq!(s.ours, "a\nours\nz\n");
        assert_eq!(s.theirs, "a\ntheirs\nz\n");
        assert_eq!(s.base.as_deref(), Some("a\nold\nz\n"));
        assert_eq!(first_marker_line(text), Some(2));
        assert!(split_markers("a\n=======\n").is_err());
        assert!(split_markers("<<<<<<< x\nours\n").is_err());
        assert_eq!(first_marker_line("x = \"=======\"\n"), None);
    }
}
