//! Teams through real git: two clones, two note-takers, floor's merge
//! driver installed by `floor git-setup`. Needs the `git` binary (CI
//! installs it); without it each test says it was skipped, and fails when
//! `FLOOR_TEST_REQUIRE=all`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use floor::annotate::{Annotations, store};

mod skip;

/// Whether `git` runs; if not, says the test was skipped (or panics when
/// every test is required to run).
/// Runs `test` where git can be started; otherwise the skip is shown (and
/// fails under `FLOOR_TEST_REQUIRE=all`).
fn with_git(test: impl FnOnce()) {
    if skip::tool("team_git", "git", "--version").is_some() {
        test();
    }
}

/// A sandbox: its own HOME (no user git or floor configuration), floor's
/// data folder, and a repository per note-taker.
struct Team {
    dir: tempfile::TempDir,
}

impl Team {
    fn new() -> Team {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        Team { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn env(&self, cmd: &mut Command, who: &str) {
        cmd.env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("home/.config"))
            .env("FLOOR_DATA_DIR", self.path("data"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", who)
            .env("GIT_AUTHOR_EMAIL", format!("{who}@example.org"))
            .env("GIT_COMMITTER_NAME", who)
            .env("GIT_COMMITTER_EMAIL", format!("{who}@example.org"))
            .env("USER", who);
    }

    fn git(&self, repo: &str, who: &str, args: &[&str]) -> Output {
        let mut cmd = Command::new("git");
        cmd.arg("-C").arg(self.path(repo)).args(args);
        self.env(&mut cmd, who);
        cmd.output().unwrap()
    }

    /// Runs git and requires success; its output.
    fn git_ok(&self, repo: &str, who: &str, args: &[&str]) -> String {
        succeeded(
            self.git(repo, who, args),
            &format!("git {args:?} in {repo}"),
        )
    }

    fn floor(&self, repo: &str, who: &str, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_floor"));
        cmd.current_dir(self.path(repo)).args(args);
        self.env(&mut cmd, who);
        cmd.output().unwrap()
    }

    fn floor_ok(&self, repo: &str, who: &str, args: &[&str]) -> String {
        succeeded(
            self.floor(repo, who, args),
            &format!("floor {args:?} in {repo}"),
        )
    }

    fn commit_all(&self, repo: &str, who: &str, message: &str) {
        self.git_ok(repo, who, &["add", "-A"]);
        self.git_ok(repo, who, &["commit", "-q", "-m", message]);
    }

    /// Every annotation file of a clone, by path relative to the clone.
    fn annotation_files(&self, repo: &str) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![self.path(repo).join("corpus/.floor")];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "toml") {
                    out.push(p);
                }
            }
        }
        out.sort();
        out
    }

    /// Every tag id of a clone, with the file it is in.
    fn tag_ids(&self, repo: &str) -> BTreeSet<(String, String)> {
        let root = self.path(repo);
        let mut out = BTreeSet::new();
        for file in self.annotation_files(repo) {
            let ann = store::read(&file).unwrap().unwrap();
            let rel = file.strip_prefix(&root).unwrap().display().to_string();
            for t in &ann.tags {
                out.insert((rel.clone(), t.id.clone()));
            }
        }
        out
    }
}

/// The standard output of a command that must have succeeded.
fn succeeded(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A configuration: the note-taker's name and one theme of their own.
fn config(team: &Team, who: &str, keyword: &str) -> String {
    let path = team.path(&format!("{who}.toml"));
    std::fs::write(
        &path,
        format!(
            "[user]\nname = \"{who}\"\n\n[[theme]]\nid = \"{who}-theme\"\nlabel = \"{who}'s theme\"\nkeywords = [\"{keyword}\"]\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

/// Two clones of a repository holding the sample corpus, each set up with
/// `floor git-setup`: `ana` (the first) and `ben` (a clone of it).
fn two_clones() -> Team {
    let team = Team::new();
    std::fs::create_dir_all(team.path("ana")).unwrap();
    team.git_ok("ana", "ana", &["init", "-q", "-b", "main"]);
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample"),
        &team.path("ana/corpus"),
    );
    let setup = team.floor_ok("ana", "ana", &["git-setup"]);
    assert!(setup.contains("merge=floor"), "{setup}");
    team.commit_all("ana", "ana", "corpus");
    team.git_ok(
        ".",
        "ben",
        &["clone", "-q", team.path("ana").to_str().unwrap(), "ben"],
    );
    team.floor_ok("ben", "ben", &["git-setup"]);
    team
}

fn has_markers(file: &Path) -> bool {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .any(|l| l.starts_with("<<<<<<<") || l.starts_with(">>>>>>>"))
}

/// Changes the note of one tag in a clone's file, as a note-taker would.
fn set_note(file: &Path, id: &str, note: &str) {
    let mut ann: Annotations = store::read(file).unwrap().unwrap();
    let mut tag = (**ann.tag(id).unwrap()).clone();
    tag.note = note.into();
    tag.modified = floor::annotate::now();
    ann.insert_tag(Arc::new(tag));
    store::write_atomic(file, store::to_toml(&ann).as_bytes()).unwrap();
}

fn stats_json(team: &Team, repo: &str) -> serde_json::Value {
    let out = team.floor_ok(repo, "x", &["stats", "corpus", "--json"]);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn two_note_takers_merge_to_the_union_of_their_tags() {
    with_git(|| {
        let team = two_clones();
        let ana = config(&team, "ana", "security");
        let ben = config(&team, "ben", "welcome");
        team.floor_ok("ana", "ana", &["--config", &ana, "tag", "corpus", "--auto"]);
        team.commit_all("ana", "ana", "ana's tags");
        team.floor_ok("ben", "ben", &["--config", &ben, "tag", "corpus", "--auto"]);
        team.commit_all("ben", "ben", "ben's tags");
        let (ana_ids, ben_ids) = (team.tag_ids("ana"), team.tag_ids("ben"));
        let ana_theme = stats_json(&team, "ana")["themes"]["ana-theme"]
            .as_u64()
            .unwrap();
        let ben_theme = stats_json(&team, "ben")["themes"]["ben-theme"]
            .as_u64()
            .unwrap();
        assert!(ana_theme > 0 && ben_theme > 0);
        // Most tags (those of the shared codebook) are the same on both sides.
        assert!(ana_ids.intersection(&ben_ids).count() > ana_theme as usize);

        let pull = team.git(
            "ben",
            "ben",
            &["pull", "--no-rebase", "--no-edit", "origin", "main"],
        );
        assert!(
            pull.status.success(),
            "{}{}",
            String::from_utf8_lossy(&pull.stdout),
            String::from_utf8_lossy(&pull.stderr)
        );
        for file in team.annotation_files("ben") {
            assert!(!has_markers(&file), "{}", file.display());
            let ann = store::read(&file).unwrap().unwrap();
            assert!(ann.conflicts.is_empty(), "{}", file.display());
        }
        let union: BTreeSet<_> = ana_ids.union(&ben_ids).cloned().collect();
        assert_eq!(team.tag_ids("ben"), union);
        let merged = stats_json(&team, "ben");
        assert_eq!(merged["tags"].as_u64().unwrap() as usize, union.len());
        assert_eq!(merged["themes"]["ana-theme"].as_u64().unwrap(), ana_theme);
        assert_eq!(merged["themes"]["ben-theme"].as_u64().unwrap(), ben_theme);
        // Each coder's own theme carries their name.
        let by_author = team.floor_ok("ben", "x", &["stats", "corpus", "--json", "--by-author"]);
        let by_author: serde_json::Value = serde_json::from_str(&by_author).unwrap();
        assert_eq!(
            by_author["authors"]["ana"]["themes"]["ana-theme"].as_u64(),
            Some(ana_theme)
        );
        assert_eq!(
            by_author["authors"]["ben"]["themes"]["ben-theme"].as_u64(),
            Some(ben_theme)
        );
    });
}

/// Both note-takers tag; ben pulls; ana pulls back: the same files.
fn tagged_and_in_step(team: &Team) {
    team.floor_ok("ana", "ana", &["tag", "corpus", "--auto"]);
    team.commit_all("ana", "ana", "tags");
    team.git_ok(
        "ben",
        "ben",
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    );
}

#[test]
fn the_same_tag_edited_by_both_keeps_both_versions_as_a_listed_conflict() {
    with_git(|| {
        let team = two_clones();
        tagged_and_in_step(&team);
        let (rel, id) = team.tag_ids("ana").into_iter().next().unwrap();
        set_note(
            &team.path("ana").join(&rel),
            &id,
            "ana: a position on norms",
        );
        team.commit_all("ana", "ana", "ana's note");
        set_note(&team.path("ben").join(&rel), &id, "ben: rather a threat");
        team.commit_all("ben", "ben", "ben's note");
        let pull = team.git(
            "ben",
            "ben",
            &["pull", "--no-rebase", "--no-edit", "origin", "main"],
        );
        // Git asks for a look (the driver exits 1), but the file is whole.
        assert!(!pull.status.success());
        let said = String::from_utf8_lossy(&pull.stderr);
        assert!(
            said.contains("1 conflict kept with both versions"),
            "{said}"
        );
        let file = team.path("ben").join(&rel);
        assert!(!has_markers(&file));
        let ann = store::read(&file).unwrap().unwrap();
        let notes: BTreeSet<&str> = ann
            .tags
            .iter()
            .filter(|t| t.id.starts_with(&id))
            .map(|t| t.note.as_str())
            .collect();
        assert_eq!(
            notes,
            BTreeSet::from(["ana: a position on norms", "ben: rather a threat"])
        );
        assert_eq!(ann.conflicts.len(), 1);
        assert_eq!(ann.conflicts[0].id, id);
        let check = team.floor_ok("ben", "ben", &["check", "corpus"]);
        assert!(
            check.contains(&format!("merge conflict: tag {id} changed on both sides")),
            "{check}"
        );
        assert!(check.contains(&ann.conflicts[0].versions[1]), "{check}");
        // Keep both (two codings): add the file and finish the merge.
        team.commit_all("ben", "ben", "merge, both readings kept");
        assert!(
            team.git_ok("ben", "ben", &["status", "--porcelain"])
                .is_empty()
        );
    });
}

#[test]
fn a_tag_deleted_on_one_side_and_untouched_on_the_other_is_deleted() {
    with_git(|| {
        let team = two_clones();
        tagged_and_in_step(&team);
        let ids: Vec<(String, String)> = team.tag_ids("ana").into_iter().collect();
        let (rel, gone) = ids[0].clone();
        let (rel2, edited) = ids.iter().rev().find(|(r, _)| *r == rel).unwrap().clone();
        assert_ne!(gone, edited);
        // ana deletes one tag; ben changes another in the same file.
        let file = team.path("ana").join(&rel);
        let mut ann = store::read(&file).unwrap().unwrap();
        ann.remove_tags(&gone);
        store::write_atomic(&file, store::to_toml(&ann).as_bytes()).unwrap();
        team.commit_all("ana", "ana", "delete a tag");
        set_note(&team.path("ben").join(&rel2), &edited, "ben's note");
        team.commit_all("ben", "ben", "a note");
        team.git_ok(
            "ben",
            "ben",
            &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
        );
        let merged = store::read(&team.path("ben").join(&rel)).unwrap().unwrap();
        assert!(merged.tags.iter().all(|t| t.id != gone));
        assert!(
            merged
                .tags
                .iter()
                .any(|t| t.id == edited && t.note == "ben's note")
        );
        assert!(merged.conflicts.is_empty());
        assert_eq!(merged.tags.len(), ann.tags.len());
    });
}

#[test]
fn a_file_merged_without_the_driver_is_reported_and_repaired() {
    with_git(|| {
        let team = two_clones();
        tagged_and_in_step(&team);
        // A third clone that never ran git-setup: git merges line by line.
        team.git_ok(
            ".",
            "cy",
            &["clone", "-q", team.path("ana").to_str().unwrap(), "cy"],
        );
        let (rel, id) = team.tag_ids("ana").into_iter().next().unwrap();
        set_note(&team.path("ana").join(&rel), &id, "ana's reading");
        team.commit_all("ana", "ana", "note");
        set_note(&team.path("cy").join(&rel), &id, "cy's reading");
        team.commit_all("cy", "cy", "note");
        let pull = team.git(
            "cy",
            "cy",
            &["pull", "--no-rebase", "--no-edit", "origin", "main"],
        );
        assert!(!pull.status.success(), "a line merge should conflict");
        let file = team.path("cy").join(&rel);
        assert!(has_markers(&file));
        let check = team.floor_ok("cy", "cy", &["check", "corpus"]);
        let marker_line = std::fs::read_to_string(&file)
            .unwrap()
            .lines()
            .position(|l| l.starts_with("<<<<<<<"))
            .unwrap()
            + 1;
        assert!(
            check.contains(&format!("line {marker_line}: git conflict markers")),
            "{check}"
        );
        let out = team.floor_ok(
            "cy",
            "cy",
            &["merge-file", "--resolve", file.to_str().unwrap()],
        );
        assert!(out.contains("1 conflict"), "{out}");
        assert!(!has_markers(&file));
        let ann = store::read(&file).unwrap().unwrap();
        let notes: BTreeSet<&str> = ann
            .tags
            .iter()
            .filter(|t| t.id.starts_with(&id))
            .map(|t| t.note.as_str())
            .collect();
        assert_eq!(notes, BTreeSet::from(["ana's reading", "cy's reading"]));
        assert_eq!(
            ann.tags.len(),
            team.tag_ids("ben")
                .iter()
                .filter(|(r, _)| *r == rel)
                .count()
                + 1
        );
    });
}

#[test]
fn a_side_that_is_not_an_annotation_file_leaves_ours_as_it_was() {
    // No git needed: the driver's contract alone.
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("ours.toml");
    let text = "version = 1\ndocument = \"d\"\ncontent_hash = \"h\"\n";
    std::fs::write(&ours, text).unwrap();
    std::fs::write(dir.path().join("base.toml"), "").unwrap();
    std::fs::write(dir.path().join("theirs.toml"), "version = 1\n[[tag]\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_floor"))
        .current_dir(dir.path())
        .args(["merge-file", "base.toml", "ours.toml", "theirs.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("theirs.toml: line 2"), "{stderr}");
    assert!(
        stderr.contains("not merged; the file is left as it was"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&ours).unwrap(), text);
}
