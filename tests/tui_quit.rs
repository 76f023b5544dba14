//! Nothing lost at the reader's end: a document whose annotation file
//! cannot be read refuses edits with the reason; a save that fails is never
//! called "saved", and quitting over it asks (write aside, keep reading,
//! abandon).

mod common;

use std::time::{Duration, Instant};

use common::Harness;
use floor::annotate::writer::Writer;
use floor::annotate::{Location, ledger};
use floor::tui::Options;
use floor::tui::state::Mode;

/// The harness with Germany's turn open in the text; its document index.
fn germany(h: &mut Harness) -> usize {
    h.open_turn("meeting-9", "Germany")
}

/// Tags three words of Germany's turn as capacity building, by keys.
fn tag(h: &mut Harness) {
    h.keys("veee").keys("t").keys("c");
}

#[test]
fn a_document_whose_file_cannot_be_read_refuses_a_tag_and_says_why() {
    let mut h = Harness::new(100, 30, Options::default());
    let d = germany(&mut h);
    h.app
        .session
        .read_only(d, "meeting-9.toml: line 3: git conflict markers");
    h.draw();
    assert!(h.screen().contains("read-only · "), "{}", h.screen());
    tag(&mut h);
    assert!(h.app.session.anns[d].ann.tags.is_empty(), "nothing tagged");
    assert!(h.app.session.undo.is_empty(), "nothing to undo");
    let screen = h.screen();
    assert!(
        screen.contains("read-only, nothing saved: meeting-9.toml: line 3"),
        "{screen}"
    );
    assert!(!screen.contains("saved ·"), "no save claimed: {screen}");
    assert_eq!(h.app.session.save_status(), None);
}

/// A store where no save can succeed: the primary is under a regular file,
/// the fallback is a folder. The side-file folder beside the fallback can
/// be written (so a rescue works), even as root.
fn unsaveable(dir: &std::path::Path) -> Location {
    std::fs::write(dir.join("blocker"), "").unwrap();
    std::fs::create_dir_all(dir.join("data/m.toml")).unwrap();
    Location {
        primary: dir.join("blocker/.floor/m.toml"),
        fallback: dir.join("data/m.toml"),
    }
}

/// Polls the writer until its failure is reported.
fn wait_for_failure(h: &mut Harness) -> String {
    let start = Instant::now();
    loop {
        h.app.poll_writer();
        if let Some(status) = h.app.session.save_status()
            && status.starts_with("NOT saved")
        {
            h.draw();
            return status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the writer never reported the failure: {:?}",
            h.app.session.save_status()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn failing_session(dir: &std::path::Path) -> (Harness, usize) {
    let mut h = Harness::new(100, 30, Options::default());
    let d = germany(&mut h);
    h.app.session.anns[d].location = Some(unsaveable(dir));
    h.app.session.set_writer(Writer::spawn());
    tag(&mut h);
    assert_eq!(h.app.session.anns[d].ann.tags.len(), 1);
    (h, d)
}

#[test]
fn a_failed_save_is_not_called_saved_and_quitting_writes_it_aside() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, d) = failing_session(dir.path());
    let status = wait_for_failure(&mut h);
    assert!(!h.screen().contains(" saved ·"), "{}", h.screen());
    assert!(h.screen().contains("NOT saved, retrying"), "{status}");

    h.keys("q");
    assert!(!h.app.quit, "a quit over unsaved changes asks");
    assert_eq!(h.app.mode, Mode::Quit);
    let screen = h.screen();
    assert!(screen.contains("quit? changes are not saved"), "{screen}");
    assert!(screen.contains("w  write them to a side file"), "{screen}");
    // The quit key again does not throw the changes away.
    h.keys("q");
    assert!(!h.app.quit);

    h.keys("w");
    assert!(h.app.quit && !h.app.abandoned);
    let location = h.app.session.anns[d].location.clone().unwrap();
    let side = ledger::rescued(&location);
    assert_eq!(side, h.app.rescued, "the side file is the one reported");
    let kept = floor::annotate::store::read(&side[0]).unwrap().unwrap();
    assert_eq!(kept.tags, h.app.session.anns[d].ann.tags);
}

#[test]
fn quitting_over_a_failed_save_can_keep_reading_or_abandon() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = failing_session(dir.path());
    wait_for_failure(&mut h);
    h.ctrl('c');
    assert_eq!(h.app.mode, Mode::Quit, "ctrl-c asks too");
    h.keys("\x1b");
    assert_eq!(h.app.mode, Mode::Normal);
    assert!(!h.app.quit);
    h.keys("q").keys("a");
    assert!(h.app.quit && h.app.abandoned);
}

#[test]
fn quitting_with_everything_saved_does_not_ask() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::new(100, 30, Options::default());
    let d = germany(&mut h);
    h.app.session.anns[d].location = Some(Location {
        primary: dir.path().join(".floor/m.toml"),
        fallback: dir.path().join("data/m.toml"),
    });
    h.app.session.set_writer(Writer::spawn());
    tag(&mut h);
    h.keys("q");
    assert!(h.app.quit, "the pending save was written first");
    assert_eq!(h.app.session.save_status().as_deref(), Some("saved"));
    assert!(dir.path().join(".floor/m.toml").exists());
}
