//! Search: the query language on the sample, the fast paths against the
//! full parse, and `floor search` on the real binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use floor::config::Config;
use floor::ingest::{Ingest, Source};
use floor::search::Search;

mod skip;

fn floor() -> Command {
    let mut cmd = Command::cargo_bin("floor").unwrap();
    cmd.env("XDG_CONFIG_HOME", "/nonexistent-floor-test");
    cmd
}

fn ingest() -> Ingest {
    Ingest::new(&Config::default())
}

/// Hits of `query` on the bundled sample: (document, speaker, line).
fn sample_hits(query: &str) -> Vec<(String, String, u32)> {
    let ingest = ingest();
    let corpus = ingest.load_paths(&[]).unwrap();
    let search = Search::parse(query).unwrap();
    let mut out = Vec::new();
    for doc in &corpus.documents {
        for hit in search.document(doc, &[]) {
            let speaker = hit.turn.map_or(String::new(), |t| {
                doc.agenda_items[t.item].turns[t.turn].speaker.to_string()
            });
            out.push((doc.id.clone(), speaker, hit.line));
        }
    }
    out
}

#[test]
fn known_queries_give_known_hits() {
    let france = sample_hits(r#"speaker:france "program of action""#);
    assert!(!france.is_empty());
    assert!(france.iter().all(|(_, s, _)| s == "France"), "{france:?}");
    assert!(sample_hits(r#"speaker:egypt "program of action""#).is_empty());
    // Egypt says "POA".
    assert!(!sample_hits("speaker:egypt poa").is_empty());
    // Case and diacritics do not matter.
    assert_eq!(sample_hits("RINKEVICS"), sample_hits("Rinkēvičs"));
    assert!(!sample_hits("rinkevics").is_empty());
    // Words must all be in one turn; -word excludes.
    let both = sample_hits("stakeholders capacity");
    let without = sample_hits("stakeholders capacity -poa");
    assert!(without.len() < both.len());
    // doc: globs.
    assert!(
        sample_hits("doc:oewg* capacity")
            .iter()
            .all(|(d, _, _)| d.starts_with("oewg"))
    );
    assert!(sample_hits("doc:nothing* capacity").is_empty());
    // agenda: filters on the agenda item's title.
    let agenda = sample_hits(r#"agenda:"capacity building" stakeholders"#);
    assert!(!agenda.is_empty());
    assert!(agenda.len() < sample_hits("stakeholders").len());
    // A query of filters alone: one hit per turn.
    let chair = sample_hits("speaker:gafoor");
    assert_eq!(chair.len(), 25);
}

/// Every file under `dir` with the ids `floor` gives them.
fn sources(paths: &[PathBuf]) -> Vec<Source> {
    ingest().discover(paths).unwrap().0
}

/// The fast counts equal the counts of the full parse.
fn assert_fast_paths_agree(sources: &[Source], queries: &[&str]) {
    let ingest = ingest();
    for query in queries {
        let search = Search::parse(query).unwrap();
        for source in sources {
            // The bytes of a PDF, DOCX, HTML or caption file are not its
            // text: `floor search` reads those through their extraction.
            if floor::ingest::formats::Format::of(&source.path).is_some() {
                continue;
            }
            let bytes = std::fs::read(&source.path).unwrap();
            let doc = ingest.load_source(source).unwrap();
            let hits = search.document(&doc, &[]);
            let index = floor::search::TextIndex::new(&doc.text);
            assert_eq!(
                search.document_indexed(&doc, &index, &[]),
                hits,
                "indexed search, {query:?} in {}",
                source.id
            );
            let full = hits.len();
            if let Some(n) = search.count_bytes(&bytes) {
                assert_eq!(n, full, "count_bytes, {query:?} in {}", source.id);
            }
            if let Some(n) = search.count_text(&doc.text) {
                assert_eq!(n, full, "count_text, {query:?} in {}", source.id);
            }
            if search.excludes_bytes(&bytes) {
                assert_eq!(full, 0, "excludes_bytes, {query:?} in {}", source.id);
            }
        }
    }
}

const QUERIES: &[&str] = &[
    "\"capacity building\"",
    "stakeholder",
    "é",
    "\"the president\"",
    "turkiye",
    "poa -capacity",
    "cafe",
    "'",
    "capacity building",
    "building -capacity",
];

#[test]
fn fast_counts_agree_with_the_parse_on_the_sample_and_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let paths = [root.join("tests/fixtures"), root.join("assets/sample")];
    assert_fast_paths_agree(&sources(&paths), QUERIES);
}

#[test]
fn fast_counts_agree_on_tricky_text() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        "Capacity\u{a0}building and capacity building\nCAPACITY **building**\n",
        "caf\u{301}e and cafe\u{301}\nTu\u{308}rkiye, TÜRKIYE\n",
        "crlf line\r\ncapacity building\r\n",
        "lone\rcr capacity building\n",
        "esc \u{1b}[1mcapacity\u{1b}[0m building\n",
        "bidi \u{202e}capacity building\n",
        "\u{feff}bom capacity building\n",
        "[link](http://capacity building) capacity_building\n",
        "ﬁ ﬂ stakeholder’s \u{2019}\n",
    ];
    for (i, text) in files.iter().enumerate() {
        std::fs::write(dir.path().join(format!("f{i}.txt")), text).unwrap();
    }
    std::fs::write(
        dir.path().join("latin1.txt"),
        b"caf\xe9 capacity building\n",
    )
    .unwrap();
    assert_fast_paths_agree(&sources(&[dir.path().to_path_buf()]), QUERIES);
}

#[test]
fn fast_counts_agree_on_the_press_briefings() {
    skip::with_press_briefings("fast_counts_agree_on_the_press_briefings", |dir| {
        // One file in twenty keeps the test short.
        let all = sources(&[dir]);
        let some: Vec<Source> = all.into_iter().step_by(20).collect();
        assert_fast_paths_agree(&some, QUERIES);
    });
}

#[test]
fn cli_prints_hits_counts_and_json() {
    let out = floor()
        .args(["search", r#"speaker:france "program of action""#])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.lines().count() >= 1);
    for line in stdout.lines() {
        assert!(
            line.starts_with("oewg-2021-25/session-2/meeting-9:"),
            "{line}"
        );
        assert!(line.contains(": France — "), "{line}");
        assert!(!line.contains('\u{1b}'), "no colour when piped: {line}");
    }
    // Nothing matched: exit status 1, as grep.
    floor()
        .args(["search", r#"speaker:egypt "program of action""#])
        .assert()
        .code(1)
        .stdout("");
    // --count: doc-id: N.
    let out = floor()
        .args(["search", "--count", "stakeholders"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.lines().all(|l| l
            .rsplit_once(": ")
            .is_some_and(|(_, n)| n.parse::<usize>().is_ok())),
        "{stdout}"
    );
    // --json parses back.
    let out = floor()
        .args(["search", "--json", "speaker:egypt poa"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = json["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h["speaker"].as_str().unwrap().contains("Egypt"))
    );
    assert_eq!(json["total"], hits.len());
    // --color=always highlights.
    let out = floor()
        .args(["search", "--color=always", "poa"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\u{1b}[1;31m"));
}

#[test]
fn malformed_queries_say_where() {
    floor()
        .args(["search", r#"speaker:france "program of"#])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("column 16: unclosed quote"));
}

/// Documents are searched while the folders are still being listed: the
/// output is still in the order of ids, two files with one stem keep their
/// extensions in their ids (also in each hit), and a `doc:` filter sees the
/// same ids.
#[test]
fn cli_order_and_ids_while_searching_as_found() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (path, text) in [
        ("b/later.txt", "Egypt: We support capacity building.\n"),
        ("a.txt", "France: Capacity building matters.\n"),
        ("a.md", "Chile: capacity\u{a0}building, again.\n"),
        ("b/a/deep.txt", "Kenya: No such thing.\n"),
        ("c.txt", "Peru: CAPACITY BUILDING and capacity building.\n"),
    ] {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let search = |args: &[&str]| {
        let out = floor()
            .arg("search")
            .args(args)
            .arg(root)
            .arg(r#""capacity building""#)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        search(&["--count"]),
        "a.md: 1\na.txt: 1\nb/later: 1\nc: 1\n"
    );
    let documents: Vec<String> = search(&[])
        .lines()
        .map(|l| l.split(':').next().unwrap().to_owned())
        .collect();
    assert_eq!(documents, ["a.md", "a.txt", "b/later", "c"]);
    let json: serde_json::Value = serde_json::from_str(&search(&["--json"])).unwrap();
    let ids: Vec<&str> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["document"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a.md", "a.txt", "b/later", "c"]);
    let out = floor()
        .args(["search", "--count"])
        .arg(root)
        .arg(r#"doc:a.md "capacity building""#)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "a.md: 1\n");
}
