//! Orphaned tags (their text deleted from the transcript) are visible
//! everywhere: `check` warns, `stats` counts them apart, exports include
//! them flagged.

use std::path::Path;
use std::process::Command;

fn floor(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_floor"))
        .env("FLOOR_DATA_DIR", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .args(args)
        .arg(dir.join("corpus"))
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn orphans_are_warned_counted_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    let doc = root.join("meeting.txt");
    std::fs::write(
        &doc,
        "Germany\n\nWe support capacity building for all States. The agreed norms apply to us.\n",
    )
    .unwrap();
    let (ok, out, err) = floor(dir.path(), &["tag", "--auto"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("2 tags added and saved in 1 file"), "{out}");
    // The sentence on capacity building is deleted from the transcript.
    std::fs::write(&doc, "Germany\n\nThe agreed norms apply to us.\n").unwrap();

    let (ok, out, _) = floor(dir.path(), &["check"]);
    assert!(ok);
    assert!(out.contains("1 orphaned tag (their text is gone"), "{out}");
    assert!(out.contains("1 warning"), "{out}");

    let (_, out, _) = floor(dir.path(), &["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(stats["tags"], 1, "{out}");
    assert_eq!(stats["orphaned"], 1, "{out}");
    let (_, out, _) = floor(dir.path(), &["stats"]);
    assert!(out.contains("1 orphaned tag"), "{out}");

    let (ok, out, err) = floor(dir.path(), &["export", "--format", "md"]);
    assert!(ok);
    assert!(out.contains("## Orphaned tags (1)"), "{out}");
    assert!(
        out.contains("> We support capacity building for all States."),
        "{out}"
    );
    assert!(err.contains("1 orphaned tag"), "{err}");
    let (_, out, _) = floor(dir.path(), &["export", "--format", "csv"]);
    let rows: Vec<&str> = out.lines().collect();
    let header: Vec<&str> = rows[0].split(',').collect();
    let column = header.iter().position(|c| *c == "orphaned").expect(&out);
    let flags: Vec<&str> = rows[1..]
        .iter()
        .map(|r| r.split(',').nth(column).unwrap_or(""))
        .collect();
    assert_eq!(flags.iter().filter(|f| **f == "true").count(), 1, "{out}");
    assert_eq!(flags.iter().filter(|f| **f == "false").count(), 1, "{out}");

    let (_, out, _) = floor(dir.path(), &["export", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let orphans = json["documents"][0]["orphaned_tags"].as_array().unwrap();
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0]["orphaned"], true);
}
