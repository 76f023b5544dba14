//! The agreement view: two coders chosen in the reader, the turns where
//! they disagree listed with both coders' tags side by side, a jump to
//! each, and accepting A's, B's, both or neither as normal (undoable) edits.

mod common;

use std::sync::Arc;

use common::Harness;
use floor::annotate::{self, Edit};
use floor::tui::Options;
use floor::tui::state::Mode;

/// My tag in Germany's turn (by keys), alice's in Malaysia's; the
/// document's index and the two turns.
fn two_coders(h: &mut Harness) -> (usize, usize, usize) {
    h.app.session.author = "me".into();
    let d = h.open_turn("meeting-9", "Germany");
    h.keys("veee").keys("t").keys("c");
    let doc = &h.app.session.docs[d];
    let germany = doc
        .turns()
        .position(|t| t.speaker.as_ref() == "Germany")
        .unwrap();
    let (malaysia, turn) = doc
        .turns()
        .enumerate()
        .find(|(_, t)| t.speaker.as_ref() == "Malaysia")
        .unwrap();
    let start = turn.paragraphs.first().unwrap().start;
    let theirs = annotate::new_tag(doc, start..start + 12, vec!["norms".into()], "alice");
    h.app.edit(d, Edit::AddTag(Arc::new(theirs)));
    h.draw();
    (d, germany, malaysia)
}

#[test]
fn disagreements_are_listed_side_by_side_jumped_to_and_resolved() {
    let mut h = Harness::new(120, 30, Options::default());
    let (d, germany, malaysia) = two_coders(&mut h);
    h.keys("D");
    assert_eq!(h.app.mode, Mode::Agreement);
    assert!(h.screen().contains("agreement: coder A"), "{}", h.screen());
    // A is alice (first), B is me (offered next).
    h.keys("\n").keys("\n");
    let screen = h.screen();
    assert!(screen.contains("2 disagreements"), "{screen}");
    assert!(
        screen.contains("meeting-9 · turn") && screen.contains("Germany · capacity-building"),
        "{screen}"
    );
    assert!(
        screen.contains("alice: — ") && screen.contains("│ me: “Thank you honorable”"),
        "both coders side by side: {screen}"
    );
    // In reading order: Germany's turn, then Malaysia's; enter goes there.
    let rows = &h.app.agreement.as_ref().unwrap().rows;
    assert_eq!(rows[0].disagreement.turn, germany);
    h.keys("j").keys("\n");
    assert_eq!(h.app.mode, Mode::Normal);
    assert_eq!(h.app.session.selection.turn, malaysia);
    // Back to the list; neither kept on Germany's row removes my tag.
    h.keys("D").keys("k");
    assert_eq!(h.app.mode, Mode::Agreement);
    h.keys("0");
    assert!(h.screen().contains("1 disagreement "), "{}", h.screen());
    let authors: Vec<String> = h.app.session.anns[d]
        .ann
        .tags
        .iter()
        .map(|t| t.author.clone())
        .collect();
    assert_eq!(authors, ["alice"]);
    // A normal edit: undone like any other, and the list follows.
    h.keys("\x1b").keys("u");
    assert_eq!(h.app.session.anns[d].ann.tags.len(), 2);
    h.keys("D");
    assert!(h.screen().contains("2 disagreements"), "{}", h.screen());
    // Both kept: nothing removed, the row leaves the list.
    h.keys("2");
    assert_eq!(h.app.session.anns[d].ann.tags.len(), 2);
    assert!(h.screen().contains("1 disagreement "), "{}", h.screen());
    // A's (alice) kept on alice's row: her tag stays.
    h.keys("a");
    assert_eq!(h.app.session.anns[d].ann.tags.len(), 2);
    assert!(h.screen().contains("0 disagreements"), "{}", h.screen());
}

#[test]
fn one_coder_is_not_enough() {
    let mut h = Harness::new(100, 30, Options::default());
    h.app.session.author = "me".into();
    h.open_turn("meeting-9", "Germany");
    h.keys("veee").keys("t").keys("c");
    h.keys("D");
    assert_eq!(h.app.mode, Mode::Normal);
    assert!(
        h.screen()
            .contains("agreement needs two coders; the tags are by me"),
        "{}",
        h.screen()
    );
}
