//! End to end: the built binary in tmux, driven with keys, read with
//! `capture-pane`. Skipped visibly (a failure under `FLOOR_TEST_REQUIRE=all`)
//! when tmux is not installed.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

mod skip;

struct Tmux {
    socket: String,
}

impl Tmux {
    /// A tmux server of this test's own, or `None` (the skip reported, see
    /// `skip`) when tmux is not installed.
    fn available(name: &str) -> Option<Tmux> {
        skip::tool(&format!("e2e_tmux {name}"), "tmux", "-V")?;
        Some(Tmux {
            socket: format!("floor-{name}-{}", std::process::id()),
        })
    }

    /// Runs `command` in the session `floor` of a `width`×`height` pane: a
    /// new session, or a new process in the running one.
    fn start(&self, width: u16, height: u16, command: &str) {
        let out = if self.run(&["has-session", "-t", "floor"]).status.success() {
            self.run(&["respawn-pane", "-k", "-t", "floor", "sh", "-c", command])
        } else {
            let (w, h) = (width.to_string(), height.to_string());
            self.run(&[
                "new-session",
                "-d",
                "-x",
                &w,
                "-y",
                &h,
                "-s",
                "floor",
                "sh",
                "-c",
                command,
            ])
        };
        assert!(out.status.success(), "starting {command}: {out:?}");
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn send(&self, keys: &[&str]) {
        for key in keys {
            let out = self.run(&["send-keys", "-t", "floor", key]);
            assert!(out.status.success(), "send-keys {key}: {out:?}");
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn send_text(&self, text: &str) {
        let out = self.run(&["send-keys", "-t", "floor", "-l", text]);
        assert!(out.status.success(), "send-keys -l {text}: {out:?}");
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "floor"]).stdout)
            .into_owned()
    }

    /// Waits until the screen satisfies `want`, and returns it.
    fn wait_for(&self, what: &str, want: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if want(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }
}

/// Runs `test` with a tmux server of its own; where tmux is not installed
/// the skip is reported (a failure under `FLOOR_TEST_REQUIRE=all`) and
/// `test` does not run.
fn with_tmux(name: &str, test: impl FnOnce(Tmux)) {
    if let Some(tmux) = Tmux::available(name) {
        test(tmux);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

#[test]
fn reader_in_tmux_navigates_searches_and_restores_the_screen() {
    with_tmux("test", |tmux| {
        let config_home = tempfile::tempdir().unwrap();
        let command = format!(
            "XDG_CONFIG_HOME='{}' '{}'; echo floor-exited; sleep 60",
            config_home.path().display(),
            env!("CARGO_BIN_EXE_floor"),
        );
        tmux.start(100, 30, &command);

        tmux.wait_for("the tree", |s| {
            s.contains("oewg-2021-25") && s.contains("? help")
        });
        // Open oewg-2021-25 ▸ session-2 ▸ meeting-9.
        tmux.send(&["j", "l", "j", "l", "j", "Enter"]);
        tmux.wait_for("the transcript", |s| {
            s.contains("Ambassador Gafoor · chair")
        });
        // The speaker picker to Egypt's turn.
        tmux.send(&["s"]);
        tmux.wait_for("the speaker picker", |s| s.contains("speaker (type"));
        tmux.send_text("egypt");
        tmux.send(&["Enter"]);
        let screen = tmux.wait_for("Egypt's turn", |s| s.contains("Egypt · delegation"));
        assert!(screen.contains("Thank you, Mr. Chair. Egypt"), "{screen}");
        assert!(screen.contains("Regular institutional"), "{screen}");
        // Search.
        tmux.send(&["/"]);
        tmux.send_text("Program of Action");
        tmux.send(&["Enter"]);
        let screen = tmux.wait_for("a search hit", |s| s.contains("hit ") && s.contains("/42"));
        assert!(screen.contains("Program of Action"), "{screen}");
        assert!(screen.contains("meeting-9"), "{screen}");
        // Quit: the alternate screen is left, the shell's screen is back.
        tmux.send(&["q"]);
        let screen = tmux.wait_for("the exit", |s| s.contains("floor-exited"));
        assert!(!screen.contains("oewg-2021-25"), "{screen}");
        assert!(!screen.contains("? help"), "{screen}");
    });
}

/// Starts floor on a corpus folder in a new tmux session.
fn start_floor(tmux: &Tmux, config_home: &std::path::Path, corpus: &std::path::Path) {
    start_floor_after(tmux, "", config_home, corpus);
}

/// Starts floor after shell commands `setup` (limits); the pane shows
/// `floor-exited N` with floor's exit status when it ends.
fn start_floor_after(
    tmux: &Tmux,
    setup: &str,
    config_home: &std::path::Path,
    corpus: &std::path::Path,
) {
    let command = format!(
        "{setup} XDG_CONFIG_HOME='{}' FLOOR_DATA_DIR='{}' '{}' '{}'; echo floor-exited $?; sleep 60",
        config_home.display(),
        config_home.join("data").display(),
        env!("CARGO_BIN_EXE_floor"),
        corpus.display(),
    );
    tmux.start(100, 30, &command);
    // A folder of one document opens it, no key pressed (issue 17, item 1).
    tmux.wait_for("the transcript", |s| {
        s.contains("oewg-2021-25")
            && s.contains("? help")
            && s.contains("Ambassador Gafoor · chair")
    });
    // Fiji's turn.
    tmux.send(&["s"]);
    tmux.wait_for("the speaker picker", |s| s.contains("speaker (type"));
    tmux.send_text("fiji");
    tmux.send(&["Enter"]);
    tmux.wait_for("Fiji's turn", |s| s.contains("Fiji · delegation"));
}

/// A corpus folder in `home` holding the sample's meeting 9: the folder
/// and the transcript.
fn meeting_9_corpus(home: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let corpus = home.join("corpus");
    let doc_dir = corpus.join("oewg-2021-25/session-2");
    std::fs::create_dir_all(&doc_dir).unwrap();
    let doc = doc_dir.join("meeting-9.txt");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/sample/oewg-2021-25/session-2/meeting-9.txt"
        ),
        &doc,
    )
    .unwrap();
    (corpus, doc)
}

#[test]
fn tags_and_notes_survive_a_restart_and_an_edit() {
    with_tmux("tag", |tmux| {
        let home = tempfile::tempdir().unwrap();
        let (corpus, doc) = meeting_9_corpus(home.path());
        let sentence = "Chair, excellencies, I have the honor to speak on behalf of the 14 member \
                    states of the Pacific Islands Forum with presence here in New York.";

        start_floor(&tmux, home.path(), &corpus);
        // Select the first sentence of Fiji's turn, tag it as capacity building.
        tmux.send(&["v", ")", "t"]);
        tmux.wait_for("the theme picker", |s| s.contains("theme (key picks"));
        tmux.send(&["c"]);
        tmux.wait_for("the tag", |s| s.contains("tagged Capacity building"));
        tmux.send(&["a"]);
        tmux.wait_for("the note editor", |s| s.contains("note (ctrl-s saves"));
        tmux.send_text("Pacific speaks as one");
        tmux.send(&["C-s"]);
        tmux.wait_for("saved", |s| {
            s.contains("note saved") && s.contains("saved ·")
        });
        tmux.send(&["q"]);
        tmux.wait_for("the exit", |s| s.contains("floor-exited"));

        let file = corpus.join(".floor/oewg-2021-25/session-2/meeting-9.toml");
        let toml = std::fs::read_to_string(&file).unwrap();
        assert!(toml.contains(&format!("quote = \"{sentence}\"")), "{toml}");
        assert!(toml.contains("note = \"Pacific speaks as one\""), "{toml}");
        assert!(toml.contains("capacity-building"), "{toml}");

        // Reopen: the tag and its note are there (a at the tag shows the note).
        start_floor(&tmux, home.path(), &corpus);
        tmux.send(&["a"]);
        let screen = tmux.wait_for("the note", |s| s.contains("Pacific speaks as one"));
        assert!(screen.contains("[1]"), "the tree counts the tag: {screen}");
        tmux.send(&["Escape", "q"]);
        tmux.wait_for("the exit", |s| s.contains("floor-exited"));

        // Edit a word earlier in the document: the tag moves with its quote.
        let text = std::fs::read_to_string(&doc).unwrap();
        let edited = text.replacen(
            "Distinguished delegates, good morning",
            "Dear delegates, good morning",
            1,
        );
        assert_ne!(text, edited);
        std::fs::write(&doc, edited).unwrap();
        start_floor(&tmux, home.path(), &corpus);
        tmux.send(&["a"]);
        let screen = tmux.wait_for("the note after the edit", |s| {
            s.contains("Pacific speaks as one")
        });
        assert!(!screen.contains("orphaned"), "{screen}");
        tmux.send(&["Escape", "q"]);
        tmux.wait_for("the exit", |s| s.contains("floor-exited"));
    });
}

/// The disk is full (a file size limit of 0, its signal ignored so that
/// writes fail as on a full disk): the tag is never called saved, `q` asks,
/// writing aside fails too and says so, and abandoning exits non-zero.
#[test]
fn a_failed_save_makes_quit_ask_and_abandoning_exits_non_zero() {
    with_tmux("full", |tmux| {
        let home = tempfile::tempdir().unwrap();
        let (corpus, _) = meeting_9_corpus(home.path());
        start_floor_after(&tmux, "trap '' XFSZ; ulimit -f 0;", home.path(), &corpus);
        tmux.send(&["v", ")", "t"]);
        tmux.wait_for("the theme picker", |s| s.contains("theme (key picks"));
        tmux.send(&["c"]);
        let screen = tmux.wait_for("the failed save", |s| s.contains("NOT saved, retrying"));
        assert!(!screen.contains(" saved ·"), "{screen}");
        tmux.send(&["q"]);
        tmux.wait_for("the question", |s| {
            s.contains("quit? changes are not saved") && s.contains("meeting-9")
        });
        tmux.send(&["w"]);
        tmux.wait_for("the failed side file", |s| {
            s.contains("could not write them aside")
        });
        tmux.send(&["a"]);
        let screen = tmux.wait_for("the exit", |s| s.contains("floor-exited"));
        assert!(screen.contains("floor-exited 1"), "{screen}");
        assert!(screen.contains("abandoned, not saved"), "{screen}");
        assert!(
            !corpus
                .join(".floor/oewg-2021-25/session-2/meeting-9.toml")
                .exists()
        );
    });
}

/// An annotation file that cannot be read (a merge left git's markers):
/// the document is read-only, a tag attempt says why and writes nothing,
/// and the file is left as it was.
#[test]
fn a_document_whose_annotations_cannot_be_read_is_read_only() {
    with_tmux("ro", |tmux| {
        let home = tempfile::tempdir().unwrap();
        let (corpus, _) = meeting_9_corpus(home.path());
        let file = corpus.join(".floor/oewg-2021-25/session-2/meeting-9.toml");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let broken = "version = 1\n<<<<<<< ours\n[[tag]]\n=======\n>>>>>>> theirs\n";
        std::fs::write(&file, broken).unwrap();
        start_floor(&tmux, home.path(), &corpus);
        tmux.wait_for("the read-only mark", |s| s.contains("read-only ·"));
        tmux.send(&["v", ")", "t"]);
        tmux.wait_for("the theme picker", |s| s.contains("theme (key picks"));
        tmux.send(&["c"]);
        let screen = tmux.wait_for("the refusal", |s| s.contains("read-only, nothing saved"));
        assert!(!screen.contains("tagged"), "{screen}");
        tmux.send(&["q"]);
        let screen = tmux.wait_for("the exit", |s| s.contains("floor-exited"));
        assert!(
            screen.contains("floor-exited 0"),
            "nothing was lost: {screen}"
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
    });
}

/// A dropped connection (the terminal hangs up) ends the reader at once; it
/// must not linger reading a closed terminal.
#[test]
fn reader_ends_when_the_terminal_hangs_up() {
    with_tmux("hup", |tmux| {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("pid");
        let command = format!(
            "echo $$ > '{}'; XDG_CONFIG_HOME='{}' exec '{}'",
            pid_file.display(),
            dir.path().display(),
            env!("CARGO_BIN_EXE_floor"),
        );
        tmux.start(80, 24, &command);
        tmux.wait_for("the tree", |s| s.contains("? help"));
        let pid = std::fs::read_to_string(&pid_file)
            .unwrap()
            .trim()
            .to_string();
        let proc_dir = std::path::Path::new("/proc").join(&pid);
        assert!(proc_dir.exists(), "floor runs as {pid}");
        let _ = tmux.run(&["kill-server"]);
        let start = Instant::now();
        // Gone, or a zombie waiting for whoever adopted it to reap it.
        let running = || {
            std::fs::read_to_string(proc_dir.join("stat")).is_ok_and(|stat| {
                stat.rsplit(')')
                    .next()
                    .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
            })
        };
        while running() {
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "floor (pid {pid}) still runs after its terminal hung up"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    });
}

/// Runs floor with `args` (already quoted for the shell) in `cwd`, in a
/// 100×30 pane; the pane shows `floor-exited N` when it ends.
fn start_in(tmux: &Tmux, home: &std::path::Path, cwd: &std::path::Path, args: &str) {
    let command = format!(
        "cd '{}' && XDG_CONFIG_HOME='{}' FLOOR_DATA_DIR='{}' '{}' {args}; echo floor-exited $?; sleep 60",
        cwd.display(),
        home.display(),
        home.join("data").display(),
        env!("CARGO_BIN_EXE_floor"),
    );
    tmux.start(100, 30, &command);
}

/// Issue 17, items 1 and 9: one document opens itself with its title
/// above; an empty folder says what floor reads and exits 1; a file that
/// cannot be read is named, with why, in the warnings view.
#[test]
fn one_document_opens_empty_folders_say_why_and_warnings_name_each_path() {
    with_tmux("newcomer-open", |tmux| {
        let home = tempfile::tempdir().unwrap();
        let empty = home.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        start_in(
            &tmux,
            home.path(),
            home.path(),
            &format!("'{}'", empty.display()),
        );
        let screen = tmux.wait_for("the exit", |s| s.contains("floor-exited"));
        assert!(screen.contains("floor-exited 1"), "{screen}");
        assert!(
            screen.contains("no transcripts in") && screen.contains("(floor reads .txt, .md"),
            "{screen}"
        );

        let (corpus, doc) = meeting_9_corpus(home.path());
        start_in(
            &tmux,
            home.path(),
            home.path(),
            &format!("'{}'", doc.display()),
        );
        let screen = tmux.wait_for("the transcript, opened", |s| {
            s.contains("Ambassador Gafoor · chair") && s.contains("Session 2-9 Transcript")
        });
        assert!(!screen.contains("Select a document"), "{screen}");
        tmux.send(&["q"]);
        tmux.wait_for("the exit", |s| s.contains("floor-exited 0"));

        // A binary file beside the transcript: "1 path not loaded (W)".
        std::fs::write(corpus.join("broken.txt"), [0u8, 159, 146, 150, 0, 0, 1, 2]).unwrap();
        start_in(
            &tmux,
            home.path(),
            home.path(),
            &format!("'{}'", corpus.display()),
        );
        tmux.wait_for("the warning", |s| s.contains("1 path not loaded (W)"));
        tmux.send(&["W"]);
        let screen = tmux.wait_for("the warnings view", |s| {
            s.contains("1 path not loaded (esc")
        });
        assert!(screen.contains("broken.txt"), "{screen}");
        assert!(screen.to_lowercase().contains("binary"), "{screen}");
        tmux.send(&["Escape", "q"]);
        tmux.wait_for("the exit", |s| s.contains("floor-exited 0"));
    });
}

/// Issue 17, items 4 and 5: the speaker picker takes the best match of
/// what is typed whatever row was highlighted; `/` and `n` move the
/// reading cursor, so a tag made after them is on the hit's words.
#[test]
fn search_moves_the_cursor_so_the_tag_lands_on_the_hit() {
    with_tmux("newcomer-hit", |tmux| {
        let home = tempfile::tempdir().unwrap();
        let (corpus, _) = meeting_9_corpus(home.path());
        start_in(
            &tmux,
            home.path(),
            home.path(),
            &format!("'{}'", corpus.display()),
        );
        tmux.wait_for("the transcript", |s| {
            s.contains("Ambassador Gafoor · chair")
        });
        tmux.send(&["s", "Down", "Down", "Down"]);
        tmux.send_text("fiji");
        tmux.send(&["Enter"]);
        tmux.wait_for("Fiji's turn", |s| s.contains("Fiji · delegation"));
        tmux.send(&["/"]);
        tmux.send_text("Blue Pacific");
        tmux.send(&["Enter"]);
        tmux.wait_for("a hit", |s| s.contains("hit 1/"));
        tmux.send(&["v", "e", "e", "t"]);
        tmux.wait_for("the theme picker", |s| s.contains("theme (key picks"));
        tmux.send(&["c"]);
        tmux.wait_for("the tag saved", |s| {
            s.contains("tagged Capacity building") && s.contains("saved ·")
        });
        tmux.send(&["q"]);
        tmux.wait_for("the exit", |s| s.contains("floor-exited 0"));
        let file = corpus.join(".floor/oewg-2021-25/session-2/meeting-9.toml");
        let toml = std::fs::read_to_string(&file).unwrap();
        assert!(toml.contains("quote = \"blue Pacific\""), "{toml}");
    });
}

/// Issue 17, items 6 and 11: the reader's export goes to the current
/// folder, named in the status line, and floor does not load it back as a
/// document; Ctrl-C with a note being written asks, and `w` saves it.
#[test]
fn exports_stay_out_of_the_corpus_and_a_note_draft_survives_ctrl_c() {
    with_tmux("newcomer-export", |tmux| {
        let home = tempfile::tempdir().unwrap();
        let (corpus, _) = meeting_9_corpus(home.path());
        let out = home.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        start_in(&tmux, home.path(), &out, &format!("'{}'", corpus.display()));
        tmux.wait_for("the transcript", |s| {
            s.contains("Ambassador Gafoor · chair")
        });
        tmux.send(&["a"]);
        tmux.wait_for("the note editor", |s| s.contains("note (ctrl-s saves"));
        tmux.send_text("draft kept");
        tmux.send(&["C-c"]);
        tmux.wait_for("the question", |s| {
            s.contains("The note you are writing is not saved")
        });
        tmux.send(&["k"]);
        tmux.wait_for("the note again", |s| {
            s.contains("note (ctrl-s saves") && s.contains("draft kept")
        });
        tmux.send(&["C-c", "w"]);
        tmux.wait_for("the exit", |s| s.contains("floor-exited 0"));
        let file = corpus.join(".floor/oewg-2021-25/session-2/meeting-9.toml");
        let toml = std::fs::read_to_string(&file).unwrap();
        assert!(toml.contains("note = \"draft kept\""), "{toml}");

        // Export from the folder of the corpus itself: the next load does
        // not read the export as a second document.
        start_in(&tmux, home.path(), &out, &format!("'{}'", corpus.display()));
        tmux.wait_for("the transcript", |s| {
            s.contains("Ambassador Gafoor · chair")
        });
        tmux.send(&["E"]);
        tmux.wait_for("the export view", |s| s.contains("write to"));
        tmux.send(&["Enter"]);
        let exported = out.join("floor-export.md");
        tmux.wait_for("the export", |s| {
            s.contains("exported to") && s.contains("floor-export.md")
        });
        assert!(exported.exists());
        assert!(!corpus.join("floor-export.md").exists());
        tmux.send(&["q"]);
        tmux.wait_for("the exit", |s| s.contains("floor-exited 0"));
        std::fs::copy(&exported, corpus.join("oewg-2021-25/report.md")).unwrap();
        start_in(&tmux, home.path(), &out, &format!("'{}'", corpus.display()));
        // Still one document: it opens itself; the export is not loaded.
        let screen = tmux.wait_for("the transcript", |s| {
            s.contains("Ambassador Gafoor · chair") && s.contains("1 path not loaded")
        });
        assert!(!screen.contains("Tagged segments"), "{screen}");
        tmux.send(&["W"]);
        tmux.wait_for("why", |s| {
            s.contains("report.md") && s.contains("floor's own export")
        });
        tmux.send(&["Escape", "q"]);
        tmux.wait_for("the exit", |s| s.contains("floor-exited 0"));
    });
}
