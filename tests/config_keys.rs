//! The configuration's `[keys]`, validated alike by the reader and by
//! `floor check`.

use std::process::Command;

fn floor_with(config: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, config).unwrap();
    std::fs::write(dir.path().join("a.txt"), "Germany\n\nWe speak.\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_floor"))
        .arg("--config")
        .arg(&path)
        .arg("check")
        .arg(dir.path().join("a.txt"))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn two_actions_on_one_key_is_an_error_naming_both_and_the_line() {
    let (code, stderr) = floor_with("[keys]\ntop = \"x\"\n\nbottom = \"x\"\n");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "config.toml:4:10: key `x` is bound to two actions, `top` (line 2) and `bottom`"
        ),
        "{stderr}"
    );
    // The same key spelt another way is the same key.
    let (code, stderr) = floor_with("[keys]\ntop = \"ctrl-d\"\nbottom = \"Ctrl-D\"\n");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("bound to two actions"), "{stderr}");
}

#[test]
fn check_rejects_what_the_reader_rejects() {
    let (code, stderr) = floor_with("[keys]\nnot-an-action = \"x\"\n");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("config.toml:2:1: unknown action `not-an-action`"),
        "{stderr}"
    );
    let (code, stderr) = floor_with("[keys]\ntop = \"no-such-key\"\n");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("unknown key name `no-such-key`"),
        "{stderr}"
    );
    let (code, stderr) = floor_with("[keys]\ntop = \"x\"\nbottom = \"y\"\n");
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn theme_entries_are_checked_at_their_line() {
    let (code, stderr) =
        floor_with("[[theme]]\nid = \"a\"\nkey = \"z\"\n\n[[theme]]\nid = \"b\"\nkey = \"z\"\n");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("config.toml:7:7: key `z` is given to two themes, `a` (line 3) and `b`"),
        "{stderr}"
    );
    let (code, stderr) = floor_with("[[theme]]\nid = \"a\"\ncolour = \"#12345\"\n");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("config.toml:3:10: colour `#12345` of theme `a` is not #RRGGBB"),
        "{stderr}"
    );
    let (code, stderr) = floor_with("[[theme]]\nid = \"a\"\nkey = \"ab\"\n");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("must be one character"), "{stderr}");
    let (code, stderr) = floor_with("[[theme]]\nid = \"a\"\nkey = \"z\"\ncolour = \"#A0B0C0\"\n");
    assert_eq!(code, Some(0), "{stderr}");
}
