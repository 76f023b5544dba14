//! What the loading thread sends the reader, and how the reader takes it:
//! a bounded amount per frame, so that a key never waits behind thousands
//! of arriving documents.
//!
//! The loading thread ([`super::spawn_loader`]) parses documents on lower
//! priority threads and sends each as a [`Loaded`] message; the event loop
//! calls [`App::take_loaded`] once per turn with a deadline, draws, and
//! reads a key. Tests drive the same path with a channel of their own.

use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Instant;

use super::state::App;
use crate::annotate::suggest::Suggester;
use crate::annotate::{Annotations, Codebook, Location};
use crate::model::{Document, PathWarning};

/// A document's annotations as read from its file, and where they go.
pub type Stored = (Annotations, Location);

/// One message of the loading thread.
pub enum Loaded {
    /// The codebook, its suggestion matcher and the author of new tags,
    /// before any document.
    Codebook(Box<(Codebook, Suggester, String)>),
    /// How many documents were found (loading counts up to it).
    Total(usize),
    /// A document and its stored annotations (why not, when they could not
    /// be read).
    Doc(Box<(Document, Result<Stored, String>)>),
    /// A path that was not loaded, or an annotation file not read.
    Warning(PathWarning),
    /// Every document was sent.
    Done,
}

/// What [`App::take_loaded`] found in the channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taken {
    /// How many messages were taken.
    pub messages: usize,
    /// Whether messages may still be waiting (the deadline came first).
    pub more: bool,
}

impl App {
    /// Takes what the loading thread has sent, without waiting, until the
    /// channel is empty or `deadline` has passed (at least one message is
    /// taken when there is one), so that the caller can draw and answer a
    /// key before taking more.
    pub fn take_loaded(&mut self, rx: &Receiver<Loaded>, deadline: Instant) -> Taken {
        let mut messages = 0;
        loop {
            if messages > 0 && Instant::now() >= deadline {
                return Taken {
                    messages,
                    more: true,
                };
            }
            match rx.try_recv() {
                Ok(msg) => {
                    self.take_one(msg);
                    messages += 1;
                }
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => {
                    return Taken {
                        messages,
                        more: false,
                    };
                }
            }
        }
    }

    /// Takes one message: the document joins the session and the tree,
    /// the count in the status line goes up.
    pub fn take_one(&mut self, msg: Loaded) {
        match msg {
            Loaded::Codebook(loaded) => {
                let (codebook, suggester, author) = *loaded;
                self.session.codebook = codebook;
                self.session.suggester = Some(suggester);
                self.session.author = author;
            }
            Loaded::Total(n) => {
                self.loading = Some((0, n));
                self.session.reserve(n);
                self.texts.reserve_exact(n);
            }
            Loaded::Doc(loaded) => {
                let (doc, stored) = *loaded;
                match stored {
                    Ok(stored) => self.add_annotated(doc, Some(stored)),
                    Err(reason) => {
                        self.add_annotated(doc, None);
                        let d = self.session.docs.len() - 1;
                        self.session.read_only(d, reason);
                    }
                }
            }
            Loaded::Warning(w) => {
                if let Some((done, _)) = &mut self.loading {
                    *done += 1;
                }
                self.warnings.push(w);
            }
            Loaded::Done => self.finished_loading(),
        }
    }
}
