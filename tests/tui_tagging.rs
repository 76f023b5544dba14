//! Tagging through key events: select a span in Germany's turn, tag it,
//! note it, undo, redo; the inline display as styled buffers with and
//! without colour; suggestions, corrections and orphans.

mod common;

use common::Harness;
use std::sync::Arc;

use floor::annotate::{self, Edit};
use floor::tui::Options;
use floor::tui::state::Mode;
use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers};
use ratatui::style::{Color, Modifier};

impl Harness {
    /// The cell where `needle` starts on screen.
    fn find(&self, needle: &str) -> (u16, u16) {
        let buf = self.terminal.backend().buffer();
        for y in 0..buf.area.height {
            let mut line = String::new();
            let mut xs = Vec::new();
            for x in 0..buf.area.width {
                xs.push((line.len(), x));
                line.push_str(buf[(x, y)].symbol());
            }
            if let Some(i) = line.find(needle) {
                let x = xs.iter().find(|(b, _)| *b == i).unwrap().1;
                return (x, y);
            }
        }
        panic!("{needle:?} not on screen:\n{}", self.screen());
    }

    fn doc(&self) -> usize {
        self.app.session.selection.doc.expect("a document is open")
    }

    fn tags(&self) -> Vec<Arc<annotate::Tag>> {
        self.app.session.anns[self.doc()].ann.tags.clone()
    }

    /// Jumps to Germany's turn with the speaker picker.
    fn germany(&mut self) -> &mut Self {
        self.open_turn("meeting-9", "Germany");
        self
    }
}

#[test]
fn tag_note_undo_redo_in_germanys_turn() {
    let mut h = Harness::new(100, 30, Options::default());
    h.germany();
    // Select three words and tag them as capacity building (shortcut c).
    h.keys("veee");
    h.keys("t");
    assert_eq!(h.app.mode, Mode::ThemePicker);
    h.keys("c");
    assert_eq!(h.app.mode, Mode::Normal);
    let tags = h.tags();
    assert_eq!(tags.len(), 1);
    assert_eq!(tags[0].target.quote, "Thank you honorable");
    assert_eq!(tags[0].themes, vec!["capacity-building".to_string()]);
    // The note: typed and pasted, saved with ctrl-s.
    h.keys("a");
    assert_eq!(h.app.mode, Mode::Note);
    h.keys("Opens ");
    h.app
        .handle_event(&Event::Paste("warmly\nand politely".into()));
    h.ctrl('s');
    assert_eq!(h.app.mode, Mode::Normal);
    assert_eq!(h.tags()[0].note, "Opens warmly\nand politely");
    // Undo the note, then the tag; redo both.
    h.keys("u");
    assert_eq!(h.tags()[0].note, "");
    h.keys("u");
    assert!(h.tags().is_empty());
    h.ctrl('r');
    assert_eq!(h.tags().len(), 1);
    h.ctrl('r');
    assert_eq!(h.tags()[0].note, "Opens warmly\nand politely");
    // The tree counts the tag and the note on Germany's turn.
    assert!(h.screen().contains("Germany [1] ✎"), "{}", h.screen());
    // x removes the tag under the cursor; u brings it back.
    h.keys("x");
    assert!(h.tags().is_empty());
    h.keys("u");
    assert_eq!(h.tags().len(), 1);
}

#[test]
fn a_changed_note_asks_before_discarding() {
    let mut h = Harness::new(100, 30, Options::default());
    h.germany();
    h.keys("a");
    h.keys("draft");
    h.keys("\x1b");
    assert_eq!(h.app.mode, Mode::Note, "esc asks first");
    assert!(h.screen().contains("discard"), "{}", h.screen());
    h.keys("y");
    assert_eq!(h.app.mode, Mode::Normal);
    let d = h.doc();
    assert!(h.app.session.anns[d].ann.notes.is_empty());
    // A turn note, saved.
    h.keys("a");
    h.keys("Germany on UNIDIR");
    h.ctrl('s');
    assert_eq!(h.app.session.anns[d].ann.notes[0].note, "Germany on UNIDIR");
}

#[test]
fn tags_show_in_colour_with_a_gutter_bar() {
    let mut h = Harness::new(100, 30, Options::default());
    h.germany();
    h.keys("veeetc");
    h.keys("\x1b");
    let (x, y) = h.find("honorable");
    let buf = h.terminal.backend().buffer();
    assert_eq!(buf[(x, y)].fg, Color::Rgb(0x2e, 0x8b, 0x57), "theme colour");
    // The gutter bar, in the theme colour, left of the text.
    let bar = (x.saturating_sub(1)..=x)
        .rev()
        .flat_map(|_| 0..x)
        .find(|&bx| buf[(bx, y)].symbol() == "┃")
        .expect("gutter bar");
    assert_eq!(buf[(bar, y)].fg, Color::Rgb(0x2e, 0x8b, 0x57));
    // Untagged text keeps the default colour.
    let (x2, y2) = h.find("Germany is fully");
    assert_eq!(buf[(x2, y2)].fg, Color::Reset);
}

#[test]
fn without_colour_tags_are_underlined_with_a_marker() {
    let mut h = Harness::new(
        100,
        30,
        Options {
            color: false,
            ascii: false,
            mouse: false,
            tree_width: 0,
        },
    );
    h.germany();
    h.keys("veeetc");
    let (x, y) = h.find("honorable");
    let buf = h.terminal.backend().buffer();
    assert!(buf[(x, y)].modifier.contains(Modifier::UNDERLINED));
    assert_eq!(buf[(x, y)].fg, Color::Reset);
    assert!(h.screen().contains("honorable[CB]"), "{}", h.screen());
    // Overlapping tags both show: underlined and bold where they overlap.
    // The row is full, so the last marker gives way rather than push the
    // row's last words off the line (issue 17, item 7).
    h.keys("bveet").keys("l");
    assert_eq!(h.tags().len(), 2);
    let screen = h.screen();
    assert!(
        screen.contains("Thank[IL] you honorable chairman") && !screen.contains("[CB]"),
        "{screen}"
    );
    assert!(screen.contains("fully aligned with the\n"), "{screen}");
    let (x, y) = h.find("hank[IL]");
    let buf = h.terminal.backend().buffer();
    assert!(
        buf[(x, y)]
            .modifier
            .contains(Modifier::UNDERLINED | Modifier::BOLD)
    );
}

#[test]
fn suggestions_accept_and_dismiss() {
    let mut h = Harness::new(100, 30, Options::default());
    h.germany();
    h.keys("z");
    assert!(h.app.notes.show_suggestions);
    h.keys("y");
    assert_eq!(h.tags().len(), 1);
    let first = h.tags()[0].target.quote.clone();
    assert!(
        first.to_lowercase().contains("capacity building") || first.contains("Program"),
        "{first}"
    );
    h.keys("d");
    h.keys("Y");
    let n = h.tags().len();
    assert!(n > 2, "accept all in the turn: {n}");
    h.keys("u");
    assert_eq!(h.tags().len(), 1, "one undo takes the whole turn back");
}

#[test]
fn corrections_reattribute_split_merge_and_item() {
    let mut h = Harness::new(100, 30, Options::default());
    h.germany();
    let d = h.doc();
    let turns = h.app.session.docs[d].turn_count();
    let t = h.app.session.selection.turn;
    // Re-attribute to a new name typed in the picker.
    h.keys("RTonga\n");
    let turn = h.app.session.docs[d].turns().nth(t).unwrap().clone();
    assert_eq!(turn.speaker.as_ref(), "Tonga");
    assert_eq!(turn.attribution, floor::model::Attribution::Manual);
    // Split at a sentence, then merge back.
    h.keys("))|");
    assert_eq!(h.app.session.docs[d].turn_count(), turns + 1);
    h.keys("M");
    assert_eq!(h.app.session.docs[d].turn_count(), turns);
    // An agenda item here.
    h.keys("AMy item\n");
    assert!(
        h.app.session.docs[d]
            .agenda_items
            .iter()
            .any(|i| i.title.as_deref() == Some("My item"))
    );
    assert!(h.screen().contains("My item"));
    h.keys("u");
    assert!(
        !h.app.session.docs[d]
            .agenda_items
            .iter()
            .any(|i| i.title.as_deref() == Some("My item"))
    );
}

#[test]
fn orphaned_tags_are_listed_and_can_be_reattached() {
    let mut h = Harness::new(100, 30, Options::default());
    h.germany();
    let d = h.doc();
    let mut tag = annotate::new_tag(&h.app.session.docs[d], 0..5, vec!["norms".into()], "me");
    tag.target.quote = "a sentence that was removed".into();
    tag.orphaned = true;
    h.app.edit(d, Edit::AddTag(Arc::new(tag)));
    h.draw();
    // In the tree, under the document.
    h.press(KeyCode::Tab, KeyModifiers::NONE);
    let screen = h.screen();
    assert!(screen.contains("orphaned tags (1)"), "{screen}");
    // Re-attach: pick it in the tree, select text, t.
    let path = {
        let mut p = h.app.doc_path(d);
        p.push(floor::tui::state::NodeId::Orphans(d));
        p
    };
    h.app.tree_state.open(h.app.doc_path(d));
    h.app.tree_state.open(path.clone());
    let mut orphan = path;
    orphan.push(floor::tui::state::NodeId::Orphan(d, h.tags()[0].id.clone()));
    h.app.tree_state.select(orphan);
    h.draw();
    h.keys("\n");
    assert!(
        h.app.notes.reattach.is_some(),
        "{:?} {:?}",
        h.app.message,
        h.app.tree_state.selected()
    );
    h.keys("vet");
    let tags = h.tags();
    assert_eq!(tags.len(), 1);
    assert!(!tags[0].orphaned);
    assert_eq!(tags[0].target.quote, "Thank");
}
