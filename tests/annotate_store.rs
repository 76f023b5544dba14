//! The annotation store: re-anchoring properties, a process killed while
//! saving, two processes saving at once (the save loop is this test binary
//! run again as a child), and `floor tag --auto`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use floor::annotate::{self, Annotations, Edit, store};
use floor::model::Document;
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "capacity", "building", "norms", "the", "of", "States", "Chair,", "law.", "dialogue",
    "Türkiye", "cyber", "and", "we", "support", "日本", "PoA.",
];

fn doc_of(text: String) -> Document {
    Document {
        id: "d".into(),
        text,
        ..Document::default()
    }
}

/// Word boundaries of a text (start offsets of words).
fn word_starts(text: &str) -> Vec<usize> {
    let mut out = vec![0];
    for (i, c) in text.char_indices() {
        if c == ' ' {
            out.push(i + 1);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn tags_survive_edits_elsewhere(
        words in prop::collection::vec(0..WORDS.len(), 20..200),
        tags in prop::collection::vec((0usize..1000, 1usize..6), 1..12),
        edits in prop::collection::vec((0usize..1000, 0usize..3, 0..WORDS.len()), 1..8),
    ) {
        let text: Vec<&str> = words.iter().map(|&i| WORDS[i]).collect();
        let text = text.join(" ");
        let doc = doc_of(text.clone());
        let starts = word_starts(&text);
        let mut ann = Annotations::new(&doc);
        for (at, len) in &tags {
            let a = at % starts.len();
            let b = (a + len).min(starts.len());
            let start = starts[a];
            let end = if b == starts.len() { text.len() } else { starts[b] - 1 };
            if end <= start { continue; }
            let tag = annotate::new_tag(&doc, start..end, vec!["norms".into()], "p");
            ann.apply(&Edit::AddTag(Arc::new(tag)));
        }
        let before = ann.tags.len();
        // Edits at word starts outside every tag (applied from the end).
        let mut edited = text.clone();
        let mut points: Vec<(usize, usize, usize)> = edits
            .iter()
            .map(|&(at, kind, w)| (starts[at % starts.len()], kind, w))
            .filter(|&(p, _, _)| ann.tags.iter().all(|t| p < t.target.start || p > t.target.end))
            .collect();
        points.sort_by_key(|p| std::cmp::Reverse(p.0));
        points.dedup_by_key(|p| p.0);
        for (p, kind, w) in points {
            match kind {
                0 => edited.insert_str(p, &format!("{} ", WORDS[w])),
                1 => {
                    // Delete the word at p when it lies outside every tag.
                    let end = edited[p..].find(' ').map_or(edited.len(), |e| p + e + 1);
                    if ann.tags.iter().all(|t| end <= t.target.start || p >= t.target.end) {
                        edited.replace_range(p..end, "");
                    }
                }
                _ => edited.insert_str(p, "inserted text here. "),
            }
        }
        ann.reanchor(&edited);
        let (anchored, orphaned) = (
            ann.tags.iter().filter(|t| !t.orphaned).count(),
            ann.tags.iter().filter(|t| t.orphaned).count(),
        );
        prop_assert_eq!(anchored + orphaned, before);
        for t in &ann.tags {
            prop_assert!(!t.orphaned, "quote {:?} survives in {:?}", t.target.quote, edited);
            prop_assert_eq!(&edited[t.target.range()], t.target.quote.as_str());
        }
    }

    #[test]
    fn edits_inside_tags_never_drop_them(
        words in prop::collection::vec(0..WORDS.len(), 20..120),
        tags in prop::collection::vec((0usize..1000, 1usize..6), 1..8),
        cut in 0usize..1000,
    ) {
        let text = words.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
        let doc = doc_of(text.clone());
        let starts = word_starts(&text);
        let mut ann = Annotations::new(&doc);
        for (at, len) in &tags {
            let a = at % starts.len();
            let b = (a + len).min(starts.len() - 1);
            if starts[b] <= starts[a] + 1 { continue; }
            let tag = annotate::new_tag(&doc, starts[a]..starts[b] - 1, vec!["norms".into()], "p");
            ann.apply(&Edit::AddTag(Arc::new(tag)));
        }
        let before = ann.tags.len();
        let p = starts[cut % starts.len()];
        let mut edited = text.clone();
        edited.insert_str(p, "zzz ");
        ann.reanchor(&edited);
        prop_assert_eq!(ann.tags.len(), before);
        for t in ann.tags.iter().filter(|t| !t.orphaned) {
            prop_assert_eq!(&edited[t.target.range()], t.target.quote.as_str());
        }
    }
}

fn floor() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_floor"));
    cmd.env(
        "FLOOR_DATA_DIR",
        std::env::temp_dir().join("floor-test-data"),
    );
    cmd
}

/// The save loop in a child process: this test binary again, running only
/// [`save_loop_child`], with its arguments in the environment. It tags the
/// words of paragraph `turn` one by one, saving after each; `count` 0 runs
/// until killed.
fn save_loop(doc: &Path, turn: usize, count: usize) -> Command {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "save_loop_child",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(
        "FLOOR_SAVE_LOOP",
        format!("{turn} {count} {}", doc.display()),
    );
    cmd
}

/// Reads the child's output up to its `ready` line (after the test
/// harness's own lines).
fn wait_for_ready(out: &mut impl std::io::Read) {
    let mut seen = Vec::new();
    let mut byte = [0u8];
    while !seen.ends_with(b"ready\n") {
        out.read_exact(&mut byte).expect("the save loop started");
        seen.push(byte[0]);
    }
}

/// Adds tags on the words of one paragraph (paragraphs split at blank
/// lines; no parsing, so the loop starts at once), saving after each
/// through the same lock, reload, merge and atomic write as the reader.
/// Each tag's note is its sequence number, so a test can check the file
/// holds a complete prefix of the sequence. Run only by [`save_loop`].
#[test]
#[ignore = "the child process of the crash and two-process tests"]
fn save_loop_child() {
    match std::env::var("FLOOR_SAVE_LOOP") {
        Ok(spec) => save_loop_run(&spec),
        Err(_) => eprintln!("save_loop_child runs only as a child of the crash tests"),
    }
}

/// The child's work: `spec` is "TURN COUNT PATH".
fn save_loop_run(spec: &str) {
    let mut parts = spec.splitn(3, ' ');
    let turn: usize = parts.next().unwrap().parse().unwrap();
    let count: usize = parts.next().unwrap().parse().unwrap();
    let path = std::path::PathBuf::from(parts.next().unwrap());
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = Document {
        id: path.file_stem().unwrap().to_string_lossy().into_owned(),
        path: path.clone(),
        text,
        ..Document::default()
    };
    let (mut ann, location) = annotate::load_annotations(&doc).unwrap();
    let mut offset = 0;
    let mut paragraphs = Vec::new();
    for p in doc.text.split("\n\n") {
        paragraphs.push(offset..offset + p.len());
        offset += p.len() + 2;
    }
    let paragraph = paragraphs[turn].clone();
    let mut known: BTreeSet<String> = (*ann.loaded_ids).clone();
    let words: Vec<std::ops::Range<usize>> =
        unicode_segmentation::UnicodeSegmentation::split_word_bound_indices(
            &doc.text[paragraph.clone()],
        )
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| paragraph.start + i..paragraph.start + i + w.len())
        .collect();
    assert!(!words.is_empty());
    println!("ready");
    let mut i = 0;
    while count == 0 || i < count {
        let range = words[i % words.len()].clone();
        let mut tag = annotate::new_tag(&doc, range, vec!["norms".into()], "loop");
        tag.note = i.to_string();
        known.insert(tag.id.clone());
        ann.apply(&Edit::AddTag(Arc::new(tag)));
        ann = store::save(&location, &ann, &known).unwrap().0;
        i += 1;
    }
}

fn write_doc(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("meeting.txt");
    std::fs::write(
        &path,
        "Ambassador Gafoor\n\nI give the floor to Germany.\n\nGermany\n\nWe support capacity \
         building. The norms apply. International law applies in cyberspace.\n\nFiji\n\nWe speak \
         for the Pacific. Capacity building is key. The digital divide must close.\n",
    )
    .unwrap();
    path
}

fn notes_of(path: &Path) -> Vec<usize> {
    let text = std::fs::read_to_string(path).unwrap();
    let ann = store::parse(&text, path).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let mut notes: Vec<usize> = ann.tags.iter().map(|t| t.note.parse().unwrap()).collect();
    notes.sort_unstable();
    notes
}

#[test]
fn a_process_killed_while_saving_leaves_a_complete_file() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write_doc(dir.path());
    let file = dir.path().join(".floor/meeting.toml");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut saw_some = 0;
    let start = Instant::now();
    for round in 0..200 {
        let before = if file.exists() {
            notes_of(&file)
        } else {
            Vec::new()
        };
        let mut child = save_loop(&doc, 3, 0)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Wait until it is saving, then kill it at a random moment.
        wait_for_ready(child.stdout.as_mut().unwrap());
        std::thread::sleep(Duration::from_micros(seed % 40_000));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        if !file.exists() {
            continue;
        }
        let notes = notes_of(&file);
        // Each run adds tags 0, 1, 2, ... on top of what it loaded: the
        // file holds the earlier state plus a complete prefix of the run.
        let mut expected_prefix: Vec<usize> = before.clone();
        let added = notes.len() - before.len().min(notes.len());
        expected_prefix.extend(0..added);
        expected_prefix.sort_unstable();
        assert_eq!(notes, expected_prefix, "round {round}");
        saw_some += usize::from(added > 0);
        // Keep the file small so each round stays fast.
        if notes.len() > 200 {
            std::fs::remove_file(&file).unwrap();
        }
    }
    assert!(saw_some > 20, "the loop saved in only {saw_some} rounds");
    eprintln!("200 kills in {:?}", start.elapsed());
}

#[test]
fn two_processes_keep_each_others_tags() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write_doc(dir.path());
    let spawn = |turn: usize| {
        save_loop(&doc, turn, 40)
            .stdout(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut a = spawn(3);
    let mut b = spawn(5);
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let file = dir.path().join(".floor/meeting.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let ann = store::parse(&text, &file).unwrap();
    assert_eq!(ann.tags.len(), 80, "{text}");
    let ids: BTreeSet<&str> = ann.tags.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids.len(), 80);
}

#[test]
fn tag_auto_tags_and_prints_and_check_shows_corrections() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write_doc(dir.path());
    let out = floor()
        .args(["tag", "--auto", "--theme", "capacity-building"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("meeting:7: capacity-building: We support capacity building."),
        "{stdout}"
    );
    assert!(stdout.contains("2 tags added"), "{stdout}");
    let file = dir.path().join(".floor/meeting.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("quote = \"Capacity building is key.\""),
        "{text}"
    );
    // Again: nothing new (already tagged).
    let out = floor().args(["tag", "--auto"]).arg(&doc).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("capacity-building:"), "{stdout}");

    // A correction in the file re-attributes Fiji's turn.
    let text = std::fs::read_to_string(&file).unwrap();
    let source = std::fs::read_to_string(&doc).unwrap();
    let at = source.find("We speak for").unwrap();
    let correction = format!(
        "\n[[correction]]\nid = \"c-1\"\nkind = \"reattribute\"\nstart = {at}\nend = {}\nquote = \"We speak for\"\nspeaker = \"Tonga\"\nauthor = \"t\"\ncreated = \"2025-01-01T00:00:00.000Z\"\nmodified = \"2025-01-01T00:00:00.000Z\"\n",
        at + 12
    );
    std::fs::write(&file, format!("{text}{correction}")).unwrap();
    let out = floor().arg("check").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("line 9: Tonga (attribution manual)"),
        "{stdout}"
    );
    let out = floor()
        .args(["check", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"manual\""), "{stdout}");
}
