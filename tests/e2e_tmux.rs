//! End to end: the built binary in tmux, driven with keys, read with
//! `capture-pane`. Skipped (with a message) when tmux is not installed.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
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

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

#[test]
fn reader_in_tmux_navigates_searches_and_restores_the_screen() {
    if Command::new("tmux").arg("-V").output().is_err() {
        println!("skipped: tmux is not installed");
        return;
    }
    let tmux = Tmux {
        socket: format!("floor-test-{}", std::process::id()),
    };
    let config_home = tempfile::tempdir().unwrap();
    let command = format!(
        "XDG_CONFIG_HOME='{}' '{}'; echo floor-exited; sleep 60",
        config_home.path().display(),
        env!("CARGO_BIN_EXE_floor"),
    );
    let out = tmux.run(&[
        "new-session",
        "-d",
        "-x",
        "100",
        "-y",
        "30",
        "-s",
        "floor",
        "sh",
        "-c",
        &command,
    ]);
    assert!(out.status.success(), "new-session: {out:?}");

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
}
