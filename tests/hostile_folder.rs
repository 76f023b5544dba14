//! A hostile folder: symlink loops, FIFOs, names that are not UTF-8 or
//! that hold escape sequences, names near the file system's limit.

#![cfg(unix)]

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod skip;

const TURN: &str = "Germany\n\nWe support capacity building for all States.\n";

fn floor(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_floor"));
    cmd.env("FLOOR_DATA_DIR", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"));
    cmd
}

fn run(cmd: &mut Command) -> (Output, String) {
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out, text)
}

#[test]
fn a_symlink_loop_is_reported_and_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("a.txt"), TURN).unwrap();
    std::fs::write(root.join("sub/b.txt"), TURN).unwrap();
    std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
    let (out, text) = run(floor(dir.path()).arg("check").arg(&root));
    assert!(out.status.success(), "{text}");
    assert!(text.contains("2 documents"), "{text}");
    assert!(text.contains("sub/up: symlink loop"), "{text}");
    let (_, text) = run(floor(dir.path()).args(["tag", "--auto"]).arg(&root));
    assert!(text.contains("saved in 2 files"), "{text}");
}

#[test]
fn a_fifo_named_on_the_command_line_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let mut child = floor(dir.path())
            .arg("check")
            .arg(&fifo)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > Duration::from_secs(20) {
                child.kill().unwrap();
                panic!("floor check waited on a FIFO");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("a FIFO, not a document; refused"),
            "{stderr}"
        );
        // In a folder: skipped with a warning, the rest loads.
        std::fs::write(dir.path().join("a.txt"), TURN).unwrap();
        let (out, text) = run(floor(dir.path()).arg("check").arg(dir.path()));
        assert!(out.status.success(), "{text}");
        assert!(
            text.contains("pipe.txt: a FIFO; skipped, never opened"),
            "{text}"
        );
        assert!(text.contains("1 document,"), "{text}");
    } else {
        skip::skipped(
            "a_fifo_named_on_the_command_line_is_refused_not_waited_on",
            "mkfifo cannot be run",
        );
    }
}

#[test]
fn names_keep_distinct_ids_and_are_printed_clean() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    for name in [
        &b"caf\xe9.txt"[..],
        b"caf\xe8.txt",
        b"evil\x1b]0;owned\x07.txt",
    ] {
        std::fs::write(root.join(OsStr::from_bytes(name)), TURN).unwrap();
    }
    // 251 bytes, near the limit of most file systems.
    let long = format!("{}.txt", "n".repeat(247));
    std::fs::write(root.join(&long), TURN).unwrap();
    let (out, text) = run(floor(dir.path()).args(["tag", "--auto"]).arg(&root));
    assert!(out.status.success(), "{text}");
    assert!(text.contains("saved in 4 files"), "{text}");
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    let stored: Vec<String> = std::fs::read_dir(root.join(".floor"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    assert_eq!(stored.len(), 4, "{stored:?}");
    assert!(stored.contains(&"caf%E9.toml".to_string()), "{stored:?}");
    assert!(stored.contains(&"caf%E8.toml".to_string()), "{stored:?}");
    let (out, text) = run(floor(dir.path()).arg("check").arg(&root));
    assert!(out.status.success(), "{text}");
    assert!(text.contains("caf%E9  ["), "{text}");
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    assert!(!text.contains("orphaned"), "{text}");
    let (_, text) = run(floor(dir.path()).arg("search").arg(&root).arg("capacity"));
    assert!(text.contains("evil]0;owned:3:"), "{text:?}");
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
}
