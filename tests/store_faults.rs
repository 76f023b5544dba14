//! The store under faults, with real processes: two `floor tag --auto` at
//! once, a writer killed mid-save, a disk that is full (`ulimit -f`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use floor::annotate::store;

fn floor(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_floor"));
    cmd.env("FLOOR_DATA_DIR", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("USER", "tester");
    cmd
}

/// A corpus of `docs` transcripts of `turns` turns, each turn with three
/// sentences the default codebook suggests.
fn corpus(dir: &Path, docs: usize, turns: usize) -> PathBuf {
    let root = dir.join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    for d in 0..docs {
        let mut text = String::from("Ambassador Gafoor\n\nI give the floor to Germany.\n\n");
        for t in 0..turns {
            text.push_str(&format!(
                "Germany\n\nIn turn {t} we support capacity building for all. The agreed \
                 norms of responsible State behaviour apply ({d}). International law applies \
                 in cyberspace, turn {t}.\n\n"
            ));
        }
        std::fs::write(root.join(format!("meeting-{d:03}.txt")), text).unwrap();
    }
    root
}

/// Every annotation file under `root/.floor`, and every other file there.
fn store_files(root: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut toml, mut other) = (Vec::new(), Vec::new());
    for e in std::fs::read_dir(root.join(".floor")).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "toml") {
            toml.push(p);
        } else {
            other.push(p);
        }
    }
    toml.sort();
    (toml, other)
}

/// (file, theme, start, end) of every tag, and the number of tags.
fn tags(root: &Path) -> (BTreeSet<(PathBuf, String, usize, usize)>, usize) {
    let mut spans = BTreeSet::new();
    let mut n = 0;
    for file in store_files(root).0 {
        let ann = store::read(&file)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap();
        for t in &ann.tags {
            n += 1;
            spans.insert((
                file.clone(),
                t.themes.join(","),
                t.target.start,
                t.target.end,
            ));
        }
    }
    (spans, n)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs `floor tag --auto` on `root`, which must succeed; its output.
fn tag_auto(dir: &Path, root: &Path) -> String {
    let out = floor(dir)
        .args(["tag", "--auto"])
        .arg(root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

#[test]
fn two_tag_auto_at_once_make_no_duplicates() {
    let reference = tempfile::tempdir().unwrap();
    let root = corpus(reference.path(), 30, 8);
    tag_auto(reference.path(), &root);
    let (expected, n) = tags(&root);
    assert_eq!(expected.len(), n);
    assert!(n > 500, "{n}");
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let root = corpus(dir.path(), 30, 8);
        let spawn = || {
            floor(dir.path())
                .args(["tag", "--auto"])
                .arg(&root)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", text(&out));
        }
        let (spans, count) = tags(&root);
        assert_eq!(count, spans.len(), "round {round}: duplicate tags");
        let relative = |s: &BTreeSet<(PathBuf, String, usize, usize)>, r: &Path| {
            s.iter()
                .map(|(f, t, a, b)| (f.strip_prefix(r).unwrap().to_path_buf(), t.clone(), *a, *b))
                .collect::<BTreeSet<_>>()
        };
        assert_eq!(
            relative(&spans, &root),
            relative(&expected, &reference.path().join("corpus")),
            "round {round}"
        );
    }
}

#[test]
fn a_writer_killed_mid_save_leaves_no_temp_file_after_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = corpus(dir.path(), 200, 12);
    std::fs::create_dir_all(root.join(".floor")).unwrap();
    // A leftover of a process that is gone (no process has this id).
    let stale = root.join(".floor/.meeting-000.toml.4000000000.0.tmp");
    std::fs::write(&stale, "partial").unwrap();
    // How long a whole run takes here, to kill the runs part-way.
    let timing = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    floor(timing.path())
        .args(["tag", "--auto"])
        .arg(corpus(timing.path(), 200, 12))
        .output()
        .unwrap();
    let whole = started.elapsed().as_micros() as u64;
    let mut killed_while_running = 0;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    // Six kills at random points; more, at ever earlier points, while no
    // run was yet caught running (the first run, cold, may have been slow).
    for attempt in 0..30u32 {
        if attempt >= 6 && killed_while_running > 0 {
            break;
        }
        let mut child = floor(dir.path())
            .args(["tag", "--auto"])
            .arg(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let earlier = attempt.saturating_sub(5).min(16);
        std::thread::sleep(Duration::from_micros(
            (whole / 10 + seed % (whole * 7 / 10).max(1)) >> earlier,
        ));
        if child.try_wait().unwrap().is_none() {
            killed_while_running += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Whatever was saved parses.
        tags(&root);
    }
    assert!(killed_while_running > 0, "every run ended before its kill");
    tag_auto(dir.path(), &root);
    let (_, others) = store_files(&root);
    let temps: Vec<&PathBuf> = others
        .iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
    let (spans, n) = tags(&root);
    assert_eq!(spans.len(), n, "duplicate tags");
}

#[test]
fn a_full_disk_is_reported_per_file_and_counted_as_not_saved() {
    let dir = tempfile::tempdir().unwrap();
    // One small document (a file of about 1 KB) and one large (tens of KB).
    let root = corpus(dir.path(), 1, 1);
    std::fs::write(
        root.join("zz-large.txt"),
        std::fs::read_to_string(corpus(&dir.path().join("big"), 1, 60).join("meeting-000.txt"))
            .unwrap(),
    )
    .unwrap();
    let exe = env!("CARGO_BIN_EXE_floor");
    // 8 blocks: 4 KB in dash's 512-byte blocks, 8 KB in bash's.
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 8 && exec '{exe}' tag --auto '{}'",
            root.display()
        ))
        .env("FLOOR_DATA_DIR", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .output()
        .unwrap();
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("3 tags added and saved in 1 file"),
        "{report}"
    );
    assert!(report.contains("180 tags NOT saved"), "{report}");
    assert!(report.contains("File too large"), "{report}");
    let (files, others) = store_files(&root);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        others
            .iter()
            .all(|p| !p.to_string_lossy().ends_with(".tmp"))
    );
    // The large document's annotations, once there is room, are saved.
    let out = floor(dir.path())
        .args(["tag", "--auto"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        text(&out).contains("180 tags added and saved in 1 file"),
        "{}",
        text(&out)
    );
}

#[test]
fn changes_kept_aside_are_listed_by_check_and_merge_back() {
    use floor::annotate::{self, Location, ledger};
    let dir = tempfile::tempdir().unwrap();
    let root = corpus(dir.path(), 1, 2);
    tag_auto(dir.path(), &root);
    // The reader could not save a new tag; on quitting, the user kept it
    // aside.
    let ingest = floor::ingest::Ingest::new(&floor::config::Config::default());
    let doc = ingest
        .load_paths(std::slice::from_ref(&root))
        .unwrap()
        .documents
        .remove(0);
    let location = Location::with_data_dir(&doc, &dir.path().join("data"));
    let mut ann = store::read(&location.primary).unwrap().unwrap();
    let before = ann.tags.len();
    let tag = annotate::new_tag(&doc, 0..17, vec!["norms".into()], "ana");
    ann.insert_tag(std::sync::Arc::new(tag));
    let side = ledger::rescue(&location, &ann).unwrap();
    assert!(
        side.starts_with(dir.path().join("data")),
        "{}",
        side.display()
    );
    let out = floor(dir.path()).arg("check").arg(&root).output().unwrap();
    let report = text(&out);
    assert!(
        report.contains("changes kept aside when they could not be saved"),
        "{report}"
    );
    let out = floor(dir.path())
        .args(["merge-file", "/dev/null"])
        .arg(&location.primary)
        .arg(&side)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let merged = store::read(&location.primary).unwrap().unwrap();
    assert_eq!(merged.tags.len(), before + 1);
}
