//! Tests that need something outside the crate (tmux, git, xmllint, the
//! large press corpus in `../shared/corpora`) and cannot run without it.
//!
//! Such a test must never pass in silence: [`skipped`] writes
//! `skipped: TEST: REASON` straight to the process's standard error, which
//! the test harness does not capture, so the line stands in the output of a
//! plain `cargo test`. With `FLOOR_TEST_REQUIRE=all` in the environment (as
//! `.ci/run` sets it) a skip is a failure instead, so CI always runs
//! everything.

// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Whether every test must run (`FLOOR_TEST_REQUIRE=all`).
pub fn required() -> bool {
    std::env::var("FLOOR_TEST_REQUIRE").is_ok_and(|v| v == "all")
}

/// Reports that `test` cannot run here and why; panics when every test is
/// required. The caller returns right after.
pub fn skipped(test: &str, reason: &str) {
    if required() {
        panic!("{test} cannot run: {reason} (FLOOR_TEST_REQUIRE=all)");
    }
    // Not `eprintln!`: the harness captures that and shows it only for a
    // failing test.
    let _ = writeln!(std::io::stderr().lock(), "skipped: {test}: {reason}");
}

/// Whether `program` can be started (`program ARG` exits, with any status).
pub fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// `program` if it can be started, else the skip is reported and `None`.
pub fn tool(test: &str, program: &str, arg: &str) -> Option<()> {
    if have(program, arg) {
        Some(())
    } else {
        skipped(test, &format!("{program} is not installed"));
        None
    }
}

/// Runs `test` on the press briefings where they can be had; otherwise the
/// skip is shown (and fails under `FLOOR_TEST_REQUIRE=all`).
pub fn with_press_briefings(name: &str, test: impl FnOnce(PathBuf)) {
    if let Some(dir) = press_briefings(name) {
        test(dir);
    }
}

/// The 1,151 press-briefing transcripts of `../shared/corpora`, unpacked
/// once per machine into the temporary folder; `None` (with the skip
/// reported) where the corpus or `tar` is missing. This large real corpus
/// is the one input the tests may read outside this repository.
pub fn press_briefings(test: &str) -> Option<PathBuf> {
    let archive =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/press-briefings.tar.xz");
    let root = std::env::temp_dir().join("floor-test-press-briefings");
    let dir = root.join("press-briefings");
    if !archive.is_file() {
        skipped(test, &format!("{} is not here", archive.display()));
        return None;
    }
    if dir.join(".complete").is_file() {
        return Some(dir);
    }
    // Unpack beside, then rename: tests running at once never see half a
    // corpus, and a killed unpack leaves nothing that looks complete.
    let staging = root.join(format!("unpack-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).unwrap();
    let ok = Command::new("tar")
        .arg("-xJf")
        .arg(&archive)
        .arg("-C")
        .arg(&staging)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let _ = std::fs::remove_dir_all(&staging);
        skipped(test, &format!("could not unpack {}", archive.display()));
        return None;
    }
    std::fs::write(staging.join("press-briefings/.complete"), b"").unwrap();
    if std::fs::rename(staging.join("press-briefings"), &dir).is_err() {
        // Another test got there first; its copy is complete.
        let _ = std::fs::remove_dir_all(&staging);
    }
    let _ = std::fs::remove_dir_all(&staging);
    dir.join(".complete").is_file().then_some(dir)
}
