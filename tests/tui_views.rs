//! The corpus-wide views through key events: search across the sample,
//! the speaker index, the theme index, the speaker × theme table and the
//! export, each jumping to the right document and turn; renders at 80×24
//! and 60×20 without panic.

mod common;

use common::Harness;
use floor::tui::Options;
use floor::tui::corpus_views::ViewKind;
use floor::tui::state::{Focus, Mode};
use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers};

impl Harness {
    fn doc_id(&self) -> &str {
        &self.app.session.docs[self.app.session.selection.doc.expect("a document is open")].id
    }

    fn turn_speaker(&self) -> &str {
        let d = self.app.session.selection.doc.unwrap();
        &self.app.session.docs[d]
            .turns()
            .nth(self.app.session.selection.turn)
            .unwrap()
            .speaker
    }
}

/// Tags the first three words of Germany's turn as capacity building with a
/// note, reaching the turn through the speaker index.
fn tag_germany(h: &mut Harness) {
    h.keys("Sgerman\n\n");
    assert_eq!(h.turn_speaker(), "Germany");
    h.keys("veeetc");
    h.keys("aOpens warmly");
    h.press(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(h.app.mode, Mode::Normal);
}

#[test]
fn corpus_search_groups_hits_and_enter_jumps_to_the_turn() {
    let mut h = Harness::new(80, 24, Options::default());
    h.keys("F");
    assert_eq!(h.app.mode, Mode::Corpus);
    assert_eq!(h.app.views.kind, ViewKind::Search);
    h.keys("speaker:france \"program of action\"");
    let screen = h.screen();
    assert!(screen.contains("Search the corpus"), "{screen}");
    assert!(
        screen.contains("> speaker:france \"program of action\""),
        "{screen}"
    );
    assert!(screen.contains("  France · line"), "{screen}");
    // France's one turn with the phrase: the count says so in the singular.
    assert!(screen.contains("1 hit in 1 document"), "{screen}");
    let entries = &h.app.views.search.results.entries;
    assert!(!entries.is_empty());
    for e in entries {
        let doc = &h.app.session.docs[e.doc];
        assert_eq!(
            doc.turns().nth(e.turn.unwrap()).unwrap().speaker.as_ref(),
            "France"
        );
    }
    let want_doc = entries[0].doc;
    h.keys("\n");
    assert_eq!(h.app.mode, Mode::Normal);
    assert_eq!(h.app.session.selection.doc, Some(want_doc));
    assert_eq!(h.app.focus, Focus::Text);
    assert_eq!(h.turn_speaker(), "France");
    // The hit is highlighted in the text and `n` goes on from it.
    assert!(h.app.search.current.is_some());
    assert!(h.screen().to_lowercase().contains("program of action"));

    // Egypt only says "POA".
    h.keys("F");
    h.keys("speaker:egypt \"program of action\"");
    assert!(h.app.views.search.results.entries.is_empty());
    assert!(
        h.screen().contains("0 hits in 0 documents"),
        "{}",
        h.screen()
    );
    h.keys("\x1b");
    assert_eq!(h.app.mode, Mode::Normal);
}

#[test]
fn results_update_as_you_type_and_j_k_move_in_the_list() {
    let mut h = Harness::new(80, 24, Options::default());
    h.keys("Fcapacity");
    let broad = h.app.views.search.results.entries.len();
    h.keys(" building");
    let narrow = h.app.views.search.results.entries.len();
    assert!(narrow > 0 && narrow != broad, "{broad} {narrow}");
    // Tab to the list: j and k move instead of typing.
    h.keys("\tjjk");
    assert_eq!(h.app.views.search.results.selected, 1);
    assert_eq!(h.app.views.search.input, "capacity building");
    let e = h.app.views.search.results.entries[1].clone();
    h.keys("\n");
    assert_eq!(h.app.session.selection.doc, Some(e.doc));
    assert_eq!(Some(h.app.session.selection.turn), e.turn);
    // The hit's row is in view.
    let hit = e.hit.unwrap();
    let line = &h.app.session.docs[e.doc].text[hit.line_range.clone()];
    let word = line
        .split_whitespace()
        .nth(2)
        .unwrap_or("capacity")
        .to_string();
    assert!(h.screen().contains(&word), "{word}\n{}", h.screen());
    // Pasted text goes to the query.
    h.keys("F");
    h.app.handle_event(&Event::Paste("stake\nholder".into()));
    assert_eq!(h.app.views.search.input, "stake holder");
}

#[test]
fn a_malformed_query_shows_its_column() {
    let mut h = Harness::new(80, 24, Options::default());
    h.keys("Fspeaker:france \"program");
    assert!(h.app.views.search.error.is_some());
    let screen = h.screen();
    assert!(screen.contains("^ column"), "{screen}");
    // Enter does not jump on an error; the view stays.
    h.keys("\n");
    assert_eq!(h.app.mode, Mode::Corpus);
    h.keys("\"");
    assert!(h.app.views.search.error.is_none());
    for q in [
        "speaker:", "-", "\"", "doc:", "theme:\"", "--", "::", "\u{301}",
    ] {
        h.keys("\x1b").keys("F").keys(q);
    }
}

#[test]
fn speaker_index_lists_every_turn_in_session_order() {
    let mut h = Harness::new(80, 24, Options::default());
    h.keys("S");
    assert!(
        h.screen().contains("Speaker index: pick a speaker"),
        "{}",
        h.screen()
    );
    h.keys("germ");
    assert!(h.screen().contains("Germany ("), "{}", h.screen());
    h.keys("\n");
    let screen = h.screen();
    assert!(screen.contains("Speaker: Germany"), "{screen}");
    let entries = h.app.views.index.results.entries.clone();
    assert!(!entries.is_empty());
    // "1 turn in 1 document", in the number that fits.
    let header = format!(
        "{} in ",
        floor::text::counted(entries.len(), "turn", "turns")
    );
    assert!(screen.contains(&header), "{header:?} in {screen}");
    let ids: Vec<&str> = entries
        .iter()
        .map(|e| h.app.session.docs[e.doc].id.as_str())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "session order");
    let last = entries.len() - 1;
    h.keys("G\n");
    assert_eq!(h.app.session.selection.doc, Some(entries[last].doc));
    assert_eq!(Some(h.app.session.selection.turn), entries[last].turn);
    assert_eq!(h.turn_speaker(), "Germany");
    // h goes back to the picker.
    h.keys("S").keys("fr\n");
    h.keys("h");
    assert!(h.app.views.index.chosen.is_none());
}

#[test]
fn theme_index_and_table_show_the_tagged_segment() {
    let mut h = Harness::new(100, 30, Options::default());
    tag_germany(&mut h);
    // Somewhere else first.
    h.keys("Sfrance\n\n");
    assert_ne!(h.turn_speaker(), "Germany");
    h.keys("T");
    assert!(
        h.screen().contains("Capacity building (1)"),
        "{}",
        h.screen()
    );
    h.keys("capa\n");
    let screen = h.screen();
    assert!(screen.contains("Theme: Capacity building"), "{screen}");
    assert!(screen.contains("“Thank you honorable”"), "{screen}");
    assert!(
        screen.contains("Germany · oewg-2021-25/session-2/meeting-9"),
        "{screen}"
    );
    assert!(screen.contains("Opens warmly"), "{screen}");
    h.keys("\n");
    assert_eq!(h.doc_id(), "oewg-2021-25/session-2/meeting-9");
    assert_eq!(h.turn_speaker(), "Germany");
    assert_eq!(h.app.mode, Mode::Normal);

    h.keys("C");
    let screen = h.screen();
    assert!(screen.contains("Speakers × themes"), "{screen}");
    assert!(screen.contains("Capacity building by speaker"), "{screen}");
    assert_eq!(h.app.views.table.rows[0].0, "Germany");
    assert_eq!(h.app.views.table.rows[0].1[0], 1);
    // The bar chart: Germany's label and a bar.
    let chart_row = screen
        .lines()
        .skip_while(|l| !l.contains("by speaker"))
        .nth(1)
        .unwrap();
    assert!(chart_row.contains("Germany"), "{screen}");
    // l moves to the next theme, which has no segments.
    h.keys("l");
    assert!(
        h.screen().contains("no segments with this theme"),
        "{}",
        h.screen()
    );
    // Enter on a theme opens its index.
    h.keys("h\n");
    assert_eq!(h.app.views.kind, ViewKind::Themes);
    assert_eq!(h.app.views.index.results.entries.len(), 1);
}

#[test]
fn export_writes_beside_the_corpus_without_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::new(80, 24, Options::default());
    tag_germany(&mut h);
    h.app.views.export.dir = Some(dir.path().to_path_buf());
    h.keys("E");
    assert!(h.screen().contains("qdpx"), "{}", h.screen());
    h.keys("\n");
    let first = dir.path().join("floor-export.md");
    let md = std::fs::read_to_string(&first).unwrap();
    assert!(md.contains("Thank you honorable"), "{md}");
    assert!(
        h.app
            .message
            .as_deref()
            .unwrap()
            .contains("floor-export.md")
    );
    assert!(h.screen().contains("exported to"), "{}", h.screen());
    // Again: a numeric suffix, the first file untouched.
    h.keys("E\n");
    assert!(dir.path().join("floor-export-2.md").exists());
    assert_eq!(std::fs::read_to_string(&first).unwrap(), md);
    // csv and qdpx.
    h.keys("Ej\n");
    let csv = std::fs::read_to_string(dir.path().join("floor-export.csv")).unwrap();
    assert!(csv.contains("capacity-building"), "{csv}");
    h.keys("Ejjj\n");
    let qdpx = std::fs::read(dir.path().join("floor-export.qdpx")).unwrap();
    assert_eq!(&qdpx[..2], b"PK");
}

#[test]
fn every_view_renders_at_small_sizes() {
    for (w, hgt) in [(80, 24), (60, 20), (40, 12), (20, 4), (24, 6), (120, 40)] {
        let mut h = Harness::new(w, hgt, Options::default());
        tag_germany(&mut h);
        for keys in [
            "Fcapacity building",
            "Fcapacity building\tj",
            "F\"unclosed",
            "S",
            "Sger\n",
            "T",
            "Tcap\n",
            "C",
            "Cl",
            "E",
        ] {
            h.keys("\x1b").keys(keys);
            assert_eq!(h.app.mode, Mode::Corpus, "{keys} at {w}×{hgt}");
        }
        h.keys("\x1b");
    }
    // At 60×20 the search results still show a hit.
    let mut h = Harness::new(60, 20, Options::default());
    h.keys("Fcapacity building");
    assert!(h.screen().contains("hits in"), "{}", h.screen());
}
