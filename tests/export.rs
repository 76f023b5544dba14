//! Exports and `theme:` on a corpus with a fixture annotation file.

use std::path::Path;

use assert_cmd::Command;
use floor::annotate::{self, Location};

mod skip;

fn floor() -> Command {
    let mut cmd = Command::cargo_bin("floor").unwrap();
    cmd.env("XDG_CONFIG_HOME", "/nonexistent-floor-test");
    cmd
}

/// A corpus folder: the OEWG transcript and a text with accents, CJK and
/// emoji, with tags written to `.floor/` as the reader would.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let meeting = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/sample/oewg-2021-25/session-2/meeting-9.txt"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("oewg")).unwrap();
    std::fs::write(dir.path().join("oewg/meeting-9.txt"), meeting).unwrap();
    std::fs::write(
        dir.path().join("unicode.txt"),
        "France:\nCôte d’Ivoire salue 联合国 🙂 capacity building, «merci».\n",
    )
    .unwrap();
    let ingest = floor::ingest::Ingest::new(&floor::config::Config::default());
    let corpus = ingest.load_paths(&[dir.path().to_path_buf()]).unwrap();
    for doc in &corpus.documents {
        let mut ann = annotate::Annotations::new(doc);
        for (needle, theme, note) in [
            (
                "Program of Action understood",
                "institutional-dialogue",
                "France on the PoA",
            ),
            (
                "capacity building",
                "capacity-building",
                "CB, \"quoted\", note\nline 2",
            ),
            ("联合国 🙂 capacity", "stakeholders", ""),
        ] {
            if let Some(at) = doc.text.find(needle) {
                let mut tag =
                    annotate::new_tag(doc, at..at + needle.len(), vec![theme.into()], "tester");
                tag.note = note.into();
                ann.insert_tag(std::sync::Arc::new(tag));
            }
        }
        let location = Location::of(doc);
        std::fs::create_dir_all(location.primary.parent().unwrap()).unwrap();
        std::fs::write(&location.primary, annotate::store::to_toml(&ann)).unwrap();
    }
    dir
}

#[test]
fn theme_filter_and_stats_follow_the_fixture() {
    let dir = corpus();
    let out = floor()
        .args(["search", "--json"])
        .arg(dir.path())
        .arg("theme:institutional-dialogue")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{json}");
    assert_eq!(hits[0]["speaker"], "France");
    let out = floor()
        .args(["stats", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["themes"]["institutional-dialogue"], 1);
    assert_eq!(
        stats["speaker_themes"]["France"]["institutional-dialogue"],
        1
    );
    assert_eq!(stats["themes"]["capacity-building"], 2);
}

/// A minimal RFC 4180 reader.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_json_and_markdown_parse_back() {
    let dir = corpus();
    let csv = floor()
        .args(["export", "--format", "csv"])
        .arg(dir.path())
        .output()
        .unwrap();
    let rows = parse_csv(&String::from_utf8(csv.stdout).unwrap());
    assert_eq!(rows[0], floor::export::report::CSV_COLUMNS);
    let cb: Vec<_> = rows
        .iter()
        .filter(|r| r[4] == "capacity-building")
        .collect();
    assert_eq!(cb.len(), 2);
    assert!(
        cb.iter()
            .all(|r| r[5] == "capacity building" && r[6] == "CB, \"quoted\", note\nline 2")
    );
    let json = floor()
        .args(["export", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let tags: Vec<&serde_json::Value> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["agenda_items"].as_array().unwrap())
        .flat_map(|i| i["turns"].as_array().unwrap())
        .flat_map(|t| t["tags"].as_array().into_iter().flatten())
        .collect();
    assert_eq!(tags.len(), 4);
    let md = floor()
        .args(["export", "--format", "md"])
        .arg(dir.path())
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("## Capacity building (2)"), "{md}");
    assert!(md.contains("> Program of Action understood"));
    assert!(!md.contains('\u{1b}'));
}

#[test]
fn qdpx_is_valid_and_positions_are_code_points() {
    let dir = corpus();
    let out = dir.path().join("out.qdpx");
    floor()
        .args(["export", "--format", "qdpx", "-o"])
        .arg(&out)
        .arg(dir.path())
        .assert()
        .success();
    // No overwrite without --force.
    floor()
        .args(["export", "--format", "qdpx", "-o"])
        .arg(&out)
        .arg(dir.path())
        .assert()
        .code(1);
    floor()
        .args(["export", "--format", "qdpx", "--force", "-o"])
        .arg(&out)
        .arg(dir.path())
        .assert()
        .success();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut qde = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("project.qde").unwrap(), &mut qde).unwrap();
    let qde_path = dir.path().join("project.qde");
    std::fs::write(&qde_path, &qde).unwrap();
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refi-qda");
    if skip::tool(
        "qdpx_is_valid_and_positions_are_code_points (schema validation)",
        "xmllint",
        "--version",
    )
    .is_some()
    {
        let ok = std::process::Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(xsd.join("Project.xsd"))
            .arg(&qde_path)
            .status()
            .unwrap();
        assert!(ok.success(), "project.qde is valid");
        let qdc = dir.path().join("codebook.qdc");
        floor()
            .args(["export", "--format", "qdc", "-o"])
            .arg(&qdc)
            .arg(dir.path())
            .assert()
            .success();
        let ok = std::process::Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(xsd.join("Codebook.xsd"))
            .arg(&qdc)
            .status()
            .unwrap();
        assert!(ok.success(), "the .qdc is valid");
    }
    // Each selection cuts its quote out of its source, counting code points.
    let mut checked = 0;
    for source in qde.split("<TextSource ").skip(1) {
        let guid = source
            .split("guid=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name(&format!("sources/{guid}.txt")).unwrap(),
            &mut text,
        )
        .unwrap();
        let chars: Vec<char> = text.chars().collect();
        for sel in source.split("<PlainTextSelection ").skip(1) {
            let attr = |name: &str| -> usize {
                sel.split(&format!("{name}=\""))
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            };
            let cut: String = chars[attr("startPosition")..attr("endPosition")]
                .iter()
                .collect();
            assert!(
                [
                    "Program of Action understood",
                    "capacity building",
                    "联合国 🙂 capacity"
                ]
                .contains(&cut.as_str()),
                "{cut}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
    // Reproducible.
    let again = dir.path().join("again.qdpx");
    floor()
        .args(["export", "--format", "qdpx", "-o"])
        .arg(&again)
        .arg(dir.path())
        .assert()
        .success();
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
}
