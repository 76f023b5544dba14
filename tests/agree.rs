//! `floor agree` on a hand-built case: ten turns, two coders, and the
//! kappa worked out here by hand from the definition.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use floor::annotate::{self, Annotations, Location, store};
use floor::config::Config;
use floor::ingest::Ingest;

/// Cohen's kappa from a 2×2 table, written out from the definition.
fn kappa(both: f64, only_a: f64, only_b: f64, neither: f64) -> f64 {
    let n = both + only_a + only_b + neither;
    let observed = (both + neither) / n;
    let a_yes = (both + only_a) / n;
    let b_yes = (both + only_b) / n;
    let chance = a_yes * b_yes + (1.0 - a_yes) * (1.0 - b_yes);
    (observed - chance) / (1.0 - chance)
}

#[test]
fn kappa_of_a_hand_built_case() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/agreement");
    std::fs::copy(fixture.join("meeting.txt"), dir.path().join("meeting.txt")).unwrap();
    let corpus = Ingest::new(&Config::default())
        .load_paths(&[dir.path().to_path_buf()])
        .unwrap();
    let doc = &corpus.documents[0];
    assert_eq!(doc.turns().count(), 10);
    // Turn i says "... statement number i matters for all of us."; ana
    // tags the sentences of turns 0-4, ben those of 0-2 and 5.
    let sentence = |i: usize| {
        let needle = format!("statement number {i} matters");
        let at = doc.text.find(&needle).unwrap();
        at..at + needle.len()
    };
    let mut ann = Annotations::new(doc);
    for (coder, turns) in [("ana", vec![0, 1, 2, 3, 4]), ("ben", vec![0, 1, 2, 5])] {
        for i in turns {
            let tag = annotate::new_tag(doc, sentence(i), vec!["norms".into()], coder);
            ann.insert_tag(Arc::new(tag));
        }
    }
    let location = Location::of(doc);
    store::write_atomic(&location.primary, store::to_toml(&ann).as_bytes()).unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_floor"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .args(["agree", "--coders", "ana,ben", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let turns = &json["themes"]["norms"]["turns"];
    // Both 3 (turns 0-2), ana only 2 (3, 4), ben only 1 (5), neither 4.
    assert_eq!(turns["units"], 10);
    assert_eq!(turns["both"], 3);
    assert_eq!(turns["neither"], 4);
    // po = 0.7, pe = 0.5 × 0.4 + 0.5 × 0.6 = 0.5, kappa = 0.2 / 0.5.
    let expected = kappa(3.0, 2.0, 1.0, 4.0);
    assert!((expected - 0.4).abs() < 1e-12);
    assert!(
        (turns["kappa"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{json}"
    );
    assert!((turns["percent"].as_f64().unwrap() - 70.0).abs() < 1e-9);
    // Characters: every tagged sentence is "statement number i matters"
    // (26 characters, ASCII).
    let chars = &json["themes"]["norms"]["characters"];
    let total = doc.text.chars().count() as f64;
    let (both, a, b) = (3.0 * 26.0, 2.0 * 26.0, 26.0);
    let neither = total - both - a - b;
    assert_eq!(chars["units"].as_f64().unwrap(), total);
    assert_eq!(chars["both"].as_f64().unwrap(), both);
    let expected = kappa(both, a, b, neither);
    assert!(
        (chars["kappa"].as_f64().unwrap() - expected).abs() < 1e-9,
        "{json}"
    );
    assert_eq!(json["overall"], json["themes"]["norms"]);
    assert_eq!(json["disagreements"], 3);

    // Human output names both coders and the kappa.
    let out = Command::new(env!("CARGO_BIN_EXE_floor"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .args(["agree", "--coders", "ana,ben", "--theme", "norms"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Agreement of ana and ben over 1 document"),
        "{text}"
    );
    assert!(text.contains("0.400"), "{text}");
    // One name only is a usage error.
    let out = Command::new(env!("CARGO_BIN_EXE_floor"))
        .args(["agree", "--coders", "ana"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
