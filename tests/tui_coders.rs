//! Teams in the reader: the coder filter (all, mine, one coder), the author
//! in a tag's details, and the versions a merge kept shown and walked
//! through.

mod common;

use std::sync::Arc;

use common::Harness;
use floor::annotate::{self, Conflict, Edit};
use floor::tui::Options;

/// Germany's turn open, with my tag on its first three words (by keys) and
/// alice's on the next ones; the document's index.
fn two_coders(h: &mut Harness) -> usize {
    h.app.session.author = "me".into();
    let d = h.open_turn("meeting-9", "Germany");
    h.keys("veee").keys("t").keys("c");
    let mine = h.app.session.anns[d].ann.tags[0].target.clone();
    let theirs = annotate::new_tag(
        &h.app.session.docs[d],
        mine.end + 1..mine.end + 12,
        vec!["norms".into()],
        "alice",
    );
    h.app.edit(d, Edit::AddTag(Arc::new(theirs)));
    h.draw();
    d
}

/// The authors of the tags drawn in document `d`.
fn drawn(h: &mut Harness, d: usize) -> Vec<String> {
    let len = h.app.doc_text(d).text.len();
    h.app
        .tag_spans_in(d, &(0..len))
        .iter()
        .map(|s| s.tag.author.clone())
        .collect()
}

#[test]
fn the_coder_filter_cycles_all_mine_one_coder() {
    let mut h = Harness::new(100, 30, Options::default());
    let d = two_coders(&mut h);
    assert_eq!(drawn(&mut h, d), ["me", "alice"]);
    h.keys("c");
    assert!(h.screen().contains("my tags"), "{}", h.screen());
    assert_eq!(drawn(&mut h, d), ["me"]);
    h.keys("c");
    assert!(h.screen().contains("alice's tags"), "{}", h.screen());
    assert_eq!(drawn(&mut h, d), ["alice"]);
    h.keys("c");
    assert!(h.screen().contains("showing all coders"), "{}", h.screen());
    assert_eq!(drawn(&mut h, d), ["me", "alice"]);
}

#[test]
fn a_tags_details_name_its_author() {
    let mut h = Harness::new(100, 30, Options::default());
    two_coders(&mut h);
    h.keys("i");
    let screen = h.screen();
    assert!(screen.contains("capacity-building · by me ·"), "{screen}");
}

#[test]
fn versions_kept_by_a_merge_are_shown_and_walked_through() {
    let mut h = Harness::new(100, 30, Options::default());
    let d = two_coders(&mut h);
    h.keys("X");
    assert!(h.screen().contains("no conflicts kept by a merge"));
    // What a merge keeps when both sides changed alice's tag.
    let ann = &h.app.session.anns[d].ann;
    let ours = ann
        .tags
        .iter()
        .find(|t| t.author == "alice")
        .unwrap()
        .clone();
    let mut theirs = (*ours).clone();
    theirs.id = format!("{}~1a2b", ours.id);
    theirs.themes = vec!["capacity-building".into()];
    h.app.edit(d, Edit::AddTag(Arc::new(theirs.clone())));
    h.app.session.anns[d].ann.conflicts.push(Conflict {
        id: ours.id.clone(),
        kind: "tag".into(),
        versions: vec![ours.id.clone(), theirs.id.clone()],
        reason: "changed on both sides".into(),
    });
    h.app.session.version += 1;
    h.keys("gg");
    h.keys("X");
    assert!(h.screen().contains("conflict 1/2: "), "{}", h.screen());
    let message = h.app.message.clone().unwrap();
    assert!(
        message.contains("one of 2 versions kept by a merge (changed on both sides"),
        "{message}"
    );
    let first = h.app.message.clone();
    h.keys("X");
    assert!(h.screen().contains("conflict 2/2: "), "{}", h.screen());
    assert_ne!(h.app.message, first, "the other version");
    h.keys("i");
    let details = h.app.message.clone().unwrap();
    assert!(
        details.contains("versions kept by a merge"),
        "the tag's details say so: {details}"
    );
}
