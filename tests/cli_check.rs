//! `floor check` on the real binary.

use assert_cmd::Command;
use predicates::prelude::*;

fn floor() -> Command {
    let mut cmd = Command::cargo_bin("floor").unwrap();
    // A user's own configuration must not change what the tests see.
    cmd.env("XDG_CONFIG_HOME", "/nonexistent-floor-test");
    cmd
}

#[test]
fn check_reports_the_bundled_sample() {
    floor()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "oewg-2021-25/session-2/meeting-9  [transcript]",
        ))
        .stdout(predicate::str::contains("Capacity building: 11 turns"))
        .stdout(predicate::str::contains("25  Ambassador Gafoor (chair)"))
        .stdout(predicate::str::contains("5 documents, 2 agenda items"));
}

#[test]
fn check_json_has_the_documented_shape() {
    let out = floor().args(["check", "--json"]).output().unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 5);
    let oewg = docs
        .iter()
        .find(|d| d["id"] == "oewg-2021-25/session-2/meeting-9")
        .unwrap();
    assert_eq!(oewg["kind"], "transcript");
    assert_eq!(oewg["agenda_items"][0]["title"], "Capacity building");
    let germany = &oewg["agenda_items"][0]["turns"][1];
    assert_eq!(germany["speaker"], "Germany");
    assert_eq!(germany["role"], "delegation");
    assert_eq!(germany["on_behalf_of"], serde_json::Value::Null);
    assert_eq!(germany["attribution"], "floor-cue");
    assert_eq!(germany["start_line"], 12);
    // Why, as `--explain` says it: the chair's cue, with its line.
    let evidence = germany["evidence"].as_str().unwrap();
    assert!(evidence.starts_with("cue at line "), "{evidence}");
    assert!(
        germany["text"]
            .as_str()
            .unwrap()
            .starts_with("Thank you honorable chairman, Germany")
    );
    assert!(oewg["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn warnings_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("latin1.txt"),
        b"Title\n\nCaf\xE9 society.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("blob.txt"), b"\x00\x01\x02").unwrap();
    let path = dir.path().join("latin1.txt");
    floor()
        .arg("check")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("{}:3: ", path.display())))
        .stdout(predicate::str::contains("Windows-1252"))
        .stdout(predicate::str::contains("blob.txt: binary"))
        .stdout(predicate::str::contains("(no agenda item): 1 turn\n"))
        // Counts of one in the singular.
        .stdout(predicate::str::contains(
            "1 document, 0 agenda items, 1 turn, 1 unattributed paragraph, 2 warnings",
        ));
}

#[test]
fn unreadable_paths_fail_with_exit_1() {
    floor()
        .args(["check", "/nonexistent/transcripts"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/nonexistent/transcripts"));
}

#[test]
fn usage_errors_exit_2() {
    floor().args(["check", "--bogus"]).assert().code(2);
}

#[test]
fn a_bad_configuration_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[ingest]\nextensions = \"txt\"\n").unwrap();
    floor()
        .arg("--config")
        .arg(&config)
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:2:14:",
            config.display()
        )));
}

#[test]
fn configured_speakers_and_debris_apply() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[ingest]\ndebris = [\"Subscribe now\"]\n\n[[speaker]]\nname = \"Madam Facilitator\"\nrole = \"chair\"\n",
    )
    .unwrap();
    let doc = dir.path().join("t.txt");
    std::fs::write(
        &doc,
        "Madam Facilitator\n\nWelcome. Egypt, you have the floor.\n\n\nEgypt thanks you.\n\nSubscribe now\n",
    )
    .unwrap();
    let out = floor()
        .arg("--config")
        .arg(&config)
        .args(["check", "--json"])
        .arg(&doc)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let turns = &json["documents"][0]["agenda_items"][0]["turns"];
    assert_eq!(turns[0]["role"], "chair");
    assert_eq!(turns[1]["speaker"], "Egypt");
    assert_eq!(turns[1]["text"], "Egypt thanks you.");
}

#[test]
fn check_explain_says_why_each_speaker_was_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("captions.txt");
    std::fs::write(
        &file,
        ">> CHAIR: Thank you. Chile, you have the floor.\n\
         >> Chile is fully committed to the programme of action.\n\
         >> CHAIR: Thank you. The floor is open.\n\
         >> Good morning, everyone.\n",
    )
    .unwrap();
    let out = floor()
        .args(["check", "--explain"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[1].contains("Chair (chair, 0.90): label at line 1: '>> CHAIR:'"));
    assert!(
        lines[2].contains(
            "Chile (delegation, 1.00): cue at line 1: 'Thank you. Chile, you have the floor.'"
        ),
        "{text}"
    );
    // Nobody names the last speaker: doubtful, marked, and said so.
    assert!(lines[4].starts_with('?'), "{text}");
    assert!(
        lines[4].contains("Unknown speaker (unknown, 0.00): no label, cue or self-reference found")
    );
    floor()
        .args(["check", "--explain", "--json"])
        .assert()
        .code(2);
}
