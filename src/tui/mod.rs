//! The terminal reader.
//!
//! [`state`] holds the state, [`action`] names every command, [`keymap`] maps
//! keys to actions, [`update`] applies actions, [`views`] draws, and
//! [`document_view`] wraps documents once per width. This module owns the
//! terminal: raw mode, the alternate screen, mouse capture, signals,
//! suspend, and the background thread that loads documents (at a lower
//! priority, [`background`]; the reader takes what arrives a bounded
//! amount per frame, [`loading`]).

pub mod action;
pub mod agreement;
pub mod annotate;
pub mod background;
pub mod coders;
pub mod corpus_keys;
pub mod corpus_search;
pub mod corpus_views;
pub mod cursor;
pub mod doc_picker;
pub mod doc_search;
pub mod document_view;
pub mod editing;
pub mod export_view;
pub mod help;
pub mod indexes;
pub mod keymap;
pub mod line_input;
pub mod list;
pub mod loading;
pub mod names;
pub mod notes;
pub mod pickers;
pub mod quit_guard;
pub mod results;
pub mod state;
pub mod table_view;
pub mod tagging;
pub mod theme;
pub mod update;
pub mod view_key;
pub mod views;
pub mod warnings;

use std::io::{self, BufWriter, Stdout};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{OnceLock, mpsc};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{execute, queue};
use rayon::prelude::*;

pub use state::{App, Options};

use crate::annotate::Codebook;
use crate::annotate::suggest::Suggester;
use crate::annotate::writer::{Flusher, Writer};
use crate::config::Config;
use crate::ingest::Ingest;
use crate::model::PathWarning;
use loading::Loaded;

/// The terminal, written through a buffer so that a frame goes out in one
/// write (each draw flushes it).
type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Puts the terminal into the reader's mode, on a cleared alternate screen.
/// The sequences go out with the next frame, in the same write. Nothing
/// here waits for the terminal to answer, so over a slow link the first
/// frame costs no round trip.
fn enter(terminal: &mut Term, mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    queue!(
        terminal.backend_mut(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        Clear(ClearType::All)
    )?;
    capture_mouse(terminal, mouse)
}

/// Turns mouse capture on or off (with the next frame's write). Off, the
/// terminal's own selection works, which is how text is copied over SSH.
fn capture_mouse(terminal: &mut Term, on: bool) -> io::Result<()> {
    if on {
        queue!(terminal.backend_mut(), EnableMouseCapture)
    } else {
        queue!(terminal.backend_mut(), DisableMouseCapture)
    }
}

/// Makes the next frame draw every cell, after the screen was cleared.
/// (`Terminal::clear` would first ask the terminal where its cursor is and
/// wait for the answer.)
fn redraw_all(terminal: &mut Term) -> io::Result<()> {
    let area = terminal.size()?.into();
    terminal.resize(area)
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

/// Starts loading in the background; the codebook, then the documents
/// arrive through the channel. Even parsing the codebook and building the
/// matchers (suggestion keywords, the parser's speakers) happens there, so
/// the first frame waits for nothing.
fn spawn_loader(
    config: Config,
    paths: Vec<PathBuf>,
    wake: mpsc::Sender<Wake>,
) -> mpsc::Receiver<Loaded> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        std::thread::sleep(background::FIRST_FRAME_GRACE);
        background::lower_this_thread();
        let codebook = Codebook::with_config(&config.theme);
        let suggester = Suggester::new(&codebook);
        let author = crate::annotate::author_name(&config.user.name);
        let _ = tx.send(Loaded::Codebook(Box::new((codebook, suggester, author))));
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
        let load = |tx: &mut mpsc::Sender<Loaded>, source: crate::ingest::Source| {
            let msg = match ingest.load_owned(source).map(|mut doc| {
                // Kept for the whole session.
                doc.shrink_to_fit();
                doc
            }) {
                Ok(doc) => match crate::annotate::load_annotations(&doc) {
                    Ok(stored) => Loaded::Doc(Box::new((doc, Ok(stored)))),
                    Err(e) => {
                        // Keep the bad file as it is: the document is
                        // read-only until it is repaired.
                        let _ = tx.send(Loaded::Warning(PathWarning {
                            path: e.path.clone(),
                            message: format!(
                                "annotations not loaded, read-only until repaired: {}",
                                e.message
                            ),
                        }));
                        Loaded::Doc(Box::new((doc, Err(e.to_string()))))
                    }
                },
                Err(w) => Loaded::Warning(w),
            };
            let _ = tx.send(msg);
        };
        let load_all = || sources.into_par_iter().for_each_with(tx.clone(), load);
        match background::pool() {
            Some(pool) => pool.install(load_all),
            None => load_all(),
        }
        let _ = tx.send(Loaded::Done);
        let _ = wake.send(Wake::LoadingDone);
    });
    rx
}

/// What wakes the event loop while it waits between frames.
enum Wake {
    /// A terminal event: a key, the mouse, a paste, a resize.
    Input(Event),
    /// The loading thread has sent its last message. The loop takes it at
    /// once instead of at the end of its wait (up to 20 ms while loading),
    /// so that "loading" leaves the status line the moment it is over.
    LoadingDone,
}

/// How long the event loop takes arriving documents before it draws and
/// reads a key again: well under the 50 ms a key may wait.
const INTAKE_BUDGET: Duration = Duration::from_millis(4);

/// How long a turn of the event loop searches for a corpus search still
/// under way before it looks for a key.
const SEARCH_BUDGET: Duration = Duration::from_millis(8);

/// How often the tree and the count are drawn again while documents
/// arrive and no key is pressed.
/// Each frame makes the tree's folders and documents again (10,000
/// documents: a few milliseconds of the reader's thread).
const LOADING_FRAME: Duration = Duration::from_millis(100);

/// How the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Every change on disk, or written to a side file.
    Kept,
    /// Changes were lost: the user abandoned them, or they could be
    /// neither saved nor written aside. The process exits non-zero.
    Lost,
    /// Nothing to read: no transcript in the paths given (said on stderr).
    /// The process exits non-zero.
    Empty,
}

/// Runs the reader on `paths` (the bundled sample when empty) until the user
/// quits or a signal ends it.
///
/// The first frame (the empty layout, with "loading") is drawn as soon as the
/// terminal is set up; everything else starts after it: the writer thread,
/// the codebook, discovering and parsing the documents.
pub fn run(
    paths: &[PathBuf],
    config: Config,
    keymap: keymap::KeyMap,
    options: Options,
) -> io::Result<Ended> {
    // Fail before taking the terminal when a path does not exist.
    for path in paths {
        std::fs::metadata(path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    }
    let term_flag = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&term_flag))?;
    signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&term_flag))?;
    signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&term_flag))?;

    // The writer starts after the first frame; the hook flushes it once set.
    let flusher: Arc<OnceLock<Flusher>> = Arc::default();
    let hook_flusher = Arc::clone(&flusher);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A file that panics its extractor becomes a warning; the reader goes on.
        if crate::ingest::formats::in_extraction() {
            return;
        }
        // Annotations first, then the terminal.
        if let Some(flusher) = hook_flusher.get() {
            flusher.flush(Duration::from_secs(3));
        }
        restore();
        previous(info);
    }));

    let mut terminal = Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
        1 << 16,
        io::stdout(),
    )))?;
    // A new terminal draws every cell of its first frame.
    let entered = enter(&mut terminal, options.mouse);
    let extensions = config.ingest.extensions.clone();
    // Exports go to the configured folder, else the current one, named in
    // full in the status line.
    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let export_dir = Some(match config.display.export_dir.as_str() {
        "" => here,
        dir => here.join(dir),
    });
    let result = entered.and_then(|()| {
        let mut app = App::without_suggester(keymap, options);
        app.views.export.dir = export_dir;
        app.loading = Some((0, 0));
        // First frame before anything is read.
        terminal.draw(|f| app.render(f))?;
        let (wake, woken) = mpsc::channel();
        let rx = spawn_loader(config, paths.to_vec(), wake.clone());
        let writer = Writer::spawn();
        let _ = flusher.set(writer.flusher());
        app.session.set_writer(writer);
        let result = event_loop(&mut terminal, &mut app, &rx, (wake, woken), &term_flag);
        // Quit, a signal or an error: write what is pending before leaving.
        // Changes the user abandoned are not waited for.
        if !app.abandoned
            && let Some(writer) = &app.session.writer
            && !writer.flush(Duration::from_secs(5))
        {
            app.poll_writer();
        }
        result.map(|()| app)
    });
    restore();
    let app = result?;
    if app.nothing_loaded {
        report_empty(paths, &extensions, &app.warnings);
        return Ok(Ended::Empty);
    }
    Ok(report_end(&app))
}

/// Says on stderr that the paths hold nothing floor reads, which files it
/// does read, and why each path found was not loaded.
fn report_empty(paths: &[PathBuf], extensions: &[String], warnings: &[PathWarning]) {
    let shown: Vec<String> = paths
        .iter()
        .map(|p| crate::export::report::one_line(&p.display().to_string()))
        .collect();
    let kinds: Vec<String> = extensions.iter().map(|e| format!(".{e}")).collect();
    eprintln!(
        "floor: no transcripts in {} (floor reads {})",
        shown.join(", "),
        kinds.join(", ")
    );
    for w in warnings {
        eprintln!(
            "floor: {}: {}",
            crate::export::report::one_line(&w.path.display().to_string()),
            crate::export::report::one_line(&w.message)
        );
    }
}

/// Says on stderr (the terminal is restored) what did not reach the disk,
/// and writes it aside when nobody was asked (a signal ended the reader).
fn report_end(app: &App) -> Ended {
    for path in &app.rescued {
        eprintln!(
            "floor: unsaved annotations written to {}; merge them back with \
             `floor merge-file /dev/null ANNOTATION-FILE SIDE-FILE`",
            crate::export::report::one_line(&path.display().to_string())
        );
    }
    let unsaved = app.session.unsaved();
    if unsaved.is_empty() || !app.rescued.is_empty() {
        return Ended::Kept;
    }
    if app.abandoned {
        eprintln!(
            "floor: {} abandoned, not saved",
            crate::text::counted(unsaved.len(), "document's changes", "documents' changes")
        );
        return Ended::Lost;
    }
    match app.session.rescue_unsaved() {
        Ok(paths) => {
            for path in paths {
                eprintln!(
                    "floor: annotations could not be saved; written to {}",
                    crate::export::report::one_line(&path.display().to_string())
                );
            }
            Ended::Kept
        }
        Err((_, e)) => {
            eprintln!(
                "floor: annotations NOT saved: {}",
                crate::export::report::one_line(&e)
            );
            Ended::Lost
        }
    }
}

/// Reads terminal events on a thread of its own. When the terminal goes away
/// (an SSH connection drops), reading may never return; the event loop then
/// still sees SIGHUP and ends, instead of being stuck inside a read.
/// The thread holds the last sender of `wake` once loading is over, so the
/// channel closes when it ends.
fn spawn_input(wake: mpsc::Sender<Wake>) {
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if wake.send(Wake::Input(ev)).is_err() {
                break;
            }
        }
    });
}

/// Whether a corpus search is under way in the open search view. One
/// left by jumping to a hit waits; opening a view starts afresh.
fn searching(app: &App) -> bool {
    app.mode == state::Mode::Corpus && app.views.searching()
}

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    rx: &mpsc::Receiver<Loaded>,
    (wake, input): (mpsc::Sender<Wake>, mpsc::Receiver<Wake>),
    term_flag: &AtomicBool,
) -> io::Result<()> {
    let mut dirty = true;
    // A key was handled and its frame is not drawn yet.
    let mut answered = false;
    let mut last_draw = Instant::now();
    let mut mouse = app.options.mouse;
    spawn_input(wake);
    // Without a controlling terminal (setsid, other systems) there is no
    // hang-up to watch for this way.
    let had_tty = std::fs::File::open("/dev/tty").is_ok();
    loop {
        if term_flag.load(Ordering::Relaxed) {
            return Ok(());
        }
        // Take what the loader has, without waiting, for a bounded time:
        // a key is never answered after thousands of documents.
        // A key's frame first: what arrived meanwhile waits a turn.
        let taken = if answered {
            loading::Taken {
                messages: 0,
                more: app.loading.is_some(),
            }
        } else {
            app.take_loaded(rx, Instant::now() + INTAKE_BUDGET)
        };
        dirty |= taken.messages > 0;
        // The rest of a corpus search, a slice at a time between keys.
        if !answered && searching(app) {
            dirty |= app
                .views
                .search_more(&app.session, Instant::now() + SEARCH_BUDGET);
        }
        if app.poll_writer() {
            dirty = true;
        }
        // While documents arrive or a search runs, frames that only show
        // more of them are drawn at most every LOADING_FRAME (each costs the loading
        // threads a core's time); a key's frame goes out at once.
        let busy = app.loading.is_some() || searching(app);
        if dirty && (answered || !busy || last_draw.elapsed() >= LOADING_FRAME) {
            terminal.draw(|f| app.render(f))?;
            dirty = false;
            answered = false;
            last_draw = Instant::now();
        }
        let timeout = if taken.more || searching(app) {
            Duration::ZERO
        } else if app.loading.is_some() || app.session.save_status().is_some_and(|s| s != "saved") {
            Duration::from_millis(20)
        } else {
            Duration::from_millis(200)
        };
        let event = if timeout.is_zero() {
            input.try_recv().map_err(|e| match e {
                mpsc::TryRecvError::Empty => mpsc::RecvTimeoutError::Timeout,
                mpsc::TryRecvError::Disconnected => mpsc::RecvTimeoutError::Disconnected,
            })
        } else {
            input.recv_timeout(timeout)
        };
        match event {
            // One event, then a frame: the tree's movement keys work on what
            // the last frame showed, so each key must see the frame before it.
            Ok(Wake::Input(ev)) => {
                app.handle_event(&ev);
                dirty = true;
                answered = true;
            }
            // The next turn takes the last of the loading.
            Ok(Wake::LoadingDone) => {}
            // A terminal that hung up without a SIGHUP reaching us (floor
            // run under a wrapper such as strace) can no longer be opened.
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if !timeout.is_zero() && had_tty && std::fs::File::open("/dev/tty").is_err() {
                    return Ok(());
                }
            }
            // The terminal is gone (the input thread ended on an error).
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        }
        if app.quit {
            return Ok(());
        }
        if app.options.mouse != mouse {
            mouse = app.options.mouse;
            capture_mouse(terminal, mouse)?;
        }
        if app.suspend {
            app.suspend = false;
            restore();
            signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
            // Resumed with fg.
            enter(terminal, mouse)?;
            redraw_all(terminal)?;
            dirty = true;
        }
    }
}
