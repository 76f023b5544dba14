//! The terminal reader.
//!
//! [`state`] holds the state, [`action`] names every command, [`keymap`] maps
//! keys to actions, [`update`] applies actions, [`views`] draws, and
//! [`document_view`] wraps documents once per width. This module owns the
//! terminal: raw mode, the alternate screen, mouse capture, signals,
//! suspend, and the background thread that loads documents.

pub mod action;
pub mod annotate;
pub mod corpus_views;
pub mod document_view;
pub mod keymap;
pub mod state;
pub mod update;
pub mod views;

use std::io::{self, Stdout};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use rayon::prelude::*;

pub use state::{App, Options};

use crate::annotate::writer::Writer;
use crate::annotate::{Annotations, Codebook, Location};
use crate::config::Config;
use crate::ingest::Ingest;
use crate::model::{Document, PathWarning};

/// What the loading thread sends.
enum Loaded {
    Total(usize),
    Doc(Box<Document>, Option<Box<(Annotations, Location)>>),
    Warning(PathWarning),
    Done,
}

/// Puts the terminal into the reader's mode.
fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
}

/// Gives the terminal back: every exit path goes through here.
pub fn restore() {
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Starts loading in the background; documents arrive through the channel.
/// Even building the parser (its speaker matcher) happens there, so the
/// first frame waits for nothing.
fn spawn_loader(config: Config, paths: Vec<PathBuf>) -> mpsc::Receiver<Loaded> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let ingest = Ingest::new(&config);
        let (sources, warnings) = match ingest.discover(&paths) {
            Ok(found) => found,
            Err(e) => (
                Vec::new(),
                vec![PathWarning {
                    path: e.path.clone(),
                    message: e.error.to_string(),
                }],
            ),
        };
        let _ = tx.send(Loaded::Total(sources.len()));
        for w in warnings {
            let _ = tx.send(Loaded::Warning(w));
        }
        sources.par_iter().for_each_with(tx.clone(), |tx, source| {
            let msg = match ingest.load_source(source) {
                Ok(doc) => match crate::annotate::load_annotations(&doc) {
                    Ok(stored) => Loaded::Doc(Box::new(doc), Some(Box::new(stored))),
                    Err(e) => {
                        // Keep the bad file as it is: tags stay in memory.
                        let _ = tx.send(Loaded::Warning(PathWarning {
                            path: e.path.clone(),
                            message: format!(
                                "annotations not loaded, changes will not be saved: {}",
                                e.message
                            ),
                        }));
                        Loaded::Doc(Box::new(doc), None)
                    }
                },
                Err(w) => Loaded::Warning(w),
            };
            let _ = tx.send(msg);
        });
        let _ = tx.send(Loaded::Done);
    });
    rx
}

/// Runs the reader on `paths` (the bundled sample when empty) until the user
/// quits or a signal ends it.
pub fn run(
    paths: &[PathBuf],
    config: Config,
    keymap: keymap::KeyMap,
    options: Options,
    codebook: Codebook,
    author: String,
) -> io::Result<()> {
    // Fail before taking the terminal when a path does not exist.
    for path in paths {
        std::fs::metadata(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    }
    let term_flag = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&term_flag))?;
    signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&term_flag))?;
    signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&term_flag))?;

    let writer = Writer::spawn();
    let flusher = writer.flusher();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Annotations first, then the terminal.
        flusher.flush(Duration::from_secs(3));
        restore();
        previous(info);
    }));

    enter()?;
    let result = (|| {
        let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        terminal.clear()?;
        let mut app = App::new(keymap, options);
        app.set_codebook(codebook, author);
        app.set_writer(writer);
        app.loading = Some((0, 0));
        // First frame before anything is read.
        terminal.draw(|f| app.render(f))?;
        let rx = spawn_loader(config, paths.to_vec());
        let result = event_loop(&mut terminal, &mut app, &rx, &term_flag);
        // Quit, a signal or an error: write what is pending before leaving.
        if let Some(writer) = &app.notes.writer
            && !writer.flush(Duration::from_secs(5))
        {
            app.poll_writer();
            if let Some(status) = app.save_status() {
                eprintln!("floor: annotations {status}");
            }
        }
        result
    })();
    restore();
    result
}

/// Reads terminal events on a thread of its own. When the terminal goes away
/// (an SSH connection drops), reading may never return; the event loop then
/// still sees SIGHUP and ends, instead of being stuck inside a read.
fn spawn_input() -> mpsc::Receiver<Event> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if tx.send(ev).is_err() {
                break;
            }
        }
    });
    rx
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    rx: &mpsc::Receiver<Loaded>,
    term_flag: &AtomicBool,
) -> io::Result<()> {
    let mut dirty = true;
    let input = spawn_input();
    // Without a controlling terminal (setsid, other systems) there is no
    // hang-up to watch for this way.
    let had_tty = std::fs::File::open("/dev/tty").is_ok();
    loop {
        if term_flag.load(Ordering::Relaxed) {
            return Ok(());
        }
        // Take what the loader has, without waiting.
        while let Ok(msg) = rx.try_recv() {
            dirty = true;
            match msg {
                Loaded::Total(n) => app.loading = Some((0, n)),
                Loaded::Doc(doc, stored) => app.add_annotated(*doc, stored.map(|b| *b)),
                Loaded::Warning(w) => {
                    if let Some((done, _)) = &mut app.loading {
                        *done += 1;
                    }
                    app.warnings.push(w);
                }
                Loaded::Done => app.loading = None,
            }
        }
        if app.poll_writer() {
            dirty = true;
        }
        if dirty {
            terminal.draw(|f| app.render(f))?;
            dirty = false;
        }
        let timeout = if app.loading.is_some() || app.save_status().is_some_and(|s| s != "saved") {
            Duration::from_millis(20)
        } else {
            Duration::from_millis(200)
        };
        match input.recv_timeout(timeout) {
            // One event, then a frame: the tree's movement keys work on what
            // the last frame showed, so each key must see the frame before it.
            Ok(ev) => {
                app.handle_event(&ev);
                dirty = true;
            }
            // A terminal that hung up without a SIGHUP reaching us (floor
            // run under a wrapper such as strace) can no longer be opened.
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if had_tty && std::fs::File::open("/dev/tty").is_err() {
                    return Ok(());
                }
            }
            // The terminal is gone (the input thread ended on an error).
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        }
        if app.quit {
            return Ok(());
        }
        if app.suspend {
            app.suspend = false;
            restore();
            signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
            // Resumed with fg.
            enter()?;
            terminal.clear()?;
            dirty = true;
        }
    }
}
