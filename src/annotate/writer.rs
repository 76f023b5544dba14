//! The writer: a background thread that saves annotations, so no write
//! ever happens on the draw path.
//!
//! The reader hands over a snapshot after each change ([`Writer::save`],
//! cheap: the items are shared); the thread waits for a short quiet moment
//! (at most [`MAX_DELAY`] after the first change), then saves every pending
//! document through [`super::store::save`] (lock, reload, merge, atomic
//! write). A failed write stays pending and is retried every
//! [`RETRY`]. [`Writer::flush`] writes everything now (quit, signals,
//! panic).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::store::{self, Location};
use super::{Annotations, Tag};

/// Quiet time after a change before writing.
pub const QUIET: Duration = Duration::from_millis(150);
/// Longest time from a change to its write.
pub const MAX_DELAY: Duration = Duration::from_millis(600);
/// Time between retries of a failed write.
pub const RETRY: Duration = Duration::from_secs(2);

/// What the writer reports.
#[derive(Debug, Clone)]
pub enum WriteEvent {
    /// Written; `merged` includes what another process had added.
    Saved {
        document: String,
        generation: u64,
        merged: Box<Annotations>,
        /// The tags of `merged` the saved snapshot did not have (another
        /// process added them), so the reader need not compare every tag.
        new_tags: Vec<Arc<Tag>>,
        path: PathBuf,
    },
    /// Not written; kept and retried.
    Failed {
        document: String,
        generation: u64,
        error: String,
    },
}

enum Msg {
    Save(Box<Job>),
    Flush(Sender<bool>),
    Stop,
}

struct Job {
    location: Location,
    ann: Annotations,
    generation: u64,
}

/// Handle to the writer thread.
pub struct Writer {
    tx: Sender<Msg>,
    events: Receiver<WriteEvent>,
    handle: Option<JoinHandle<()>>,
}

impl Default for Writer {
    fn default() -> Self {
        Writer::spawn()
    }
}

impl Writer {
    /// Starts the writer thread.
    pub fn spawn() -> Writer {
        let (tx, rx) = mpsc::channel();
        let (etx, events) = mpsc::channel();
        let handle = std::thread::Builder::new()
            .name("floor-writer".into())
            .spawn(move || run(&rx, &etx))
            .expect("spawn the writer thread");
        Writer {
            tx,
            events,
            handle: Some(handle),
        }
    }

    /// Queues a snapshot of a document's annotations for saving.
    pub fn save(&self, location: Location, ann: Annotations, generation: u64) {
        let _ = self.tx.send(Msg::Save(Box::new(Job {
            location,
            ann,
            generation,
        })));
    }

    /// What happened since the last call, without waiting.
    pub fn events(&self) -> Vec<WriteEvent> {
        self.events.try_iter().collect()
    }

    /// Writes everything pending now; true when all of it was written.
    pub fn flush(&self, timeout: Duration) -> bool {
        let (tx, rx) = mpsc::channel();
        if self.tx.send(Msg::Flush(tx)).is_err() {
            return false;
        }
        rx.recv_timeout(timeout).unwrap_or(false)
    }

    /// A sender that can flush from another thread (a signal or panic hook).
    pub fn flusher(&self) -> Flusher {
        Flusher(self.tx.clone())
    }
}

/// Flushes the writer from anywhere.
#[derive(Clone)]
pub struct Flusher(Sender<Msg>);

impl Flusher {
    /// Writes everything pending; true when all of it was written.
    pub fn flush(&self, timeout: Duration) -> bool {
        let (tx, rx) = mpsc::channel();
        if self.0.send(Msg::Flush(tx)).is_err() {
            return false;
        }
        rx.recv_timeout(timeout).unwrap_or(false)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

struct State {
    pending: BTreeMap<String, Job>,
    known: HashMap<String, BTreeSet<String>>,
    /// The last snapshot of each document: its items' ids are in `known`.
    last: HashMap<String, Annotations>,
    first_change: Option<Instant>,
    last_change: Instant,
    failed_at: Option<Instant>,
}

fn run(rx: &Receiver<Msg>, events: &Sender<WriteEvent>) {
    let mut st = State {
        pending: BTreeMap::new(),
        known: HashMap::new(),
        last: HashMap::new(),
        first_change: None,
        last_change: Instant::now(),
        failed_at: None,
    };
    loop {
        let timeout = match (st.first_change, st.failed_at) {
            (_, Some(failed)) => RETRY.saturating_sub(failed.elapsed()),
            (Some(first), None) => {
                let quiet = QUIET.saturating_sub(st.last_change.elapsed());
                let max = MAX_DELAY.saturating_sub(first.elapsed());
                quiet.min(max)
            }
            (None, None) => Duration::from_secs(3600),
        };
        match rx.recv_timeout(timeout) {
            Ok(Msg::Save(job)) => {
                let known = st.known.entry(job.ann.document.clone()).or_default();
                // The snapshot before this one: still pending, or written.
                let last = match st.pending.get(&job.ann.document) {
                    Some(p) => Some(&p.ann),
                    None => st.last.get(&job.ann.document),
                };
                remember_ids(known, last, &job.ann);
                st.pending.insert(job.ann.document.clone(), *job);
                st.first_change.get_or_insert_with(Instant::now);
                st.last_change = Instant::now();
            }
            Ok(Msg::Flush(reply)) => {
                let ok = write_all(&mut st, events);
                let _ = reply.send(ok);
            }
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => {
                write_all(&mut st, events);
                return;
            }
            Err(RecvTimeoutError::Timeout) => {
                if st.failed_at.is_some_and(|f| f.elapsed() < RETRY) {
                    continue;
                }
                write_all(&mut st, events);
            }
        }
    }
}

/// Adds the ids of a snapshot (and the ids it was loaded with) to `known`.
/// Items shared with the last snapshot (the same `Arc`) are known already,
/// so a snapshot after one edit costs a walk over pointers, not a copy of
/// every id.
fn remember_ids(known: &mut BTreeSet<String>, last: Option<&Annotations>, ann: &Annotations) {
    let mut add = |id: &str| {
        if !known.contains(id) {
            known.insert(id.to_string());
        }
    };
    if !last.is_some_and(|l| Arc::ptr_eq(&l.loaded_ids, &ann.loaded_ids)) {
        for id in ann.loaded_ids.iter() {
            add(id);
        }
    }
    let prev = last.map_or(&[][..], |l| l.tags.as_slice());
    let mut j = 0;
    for t in &ann.tags {
        let key = super::tag_key(t);
        while j < prev.len() && super::tag_key(&prev[j]) < key {
            j += 1;
        }
        let shared = prev[j..]
            .iter()
            .take_while(|p| super::tag_key(p) == key)
            .any(|p| Arc::ptr_eq(p, t));
        if !shared {
            add(&t.id);
        }
    }
    for n in &ann.notes {
        add(&n.id);
    }
    for c in &ann.corrections {
        add(&c.id);
    }
}

fn write_all(st: &mut State, events: &Sender<WriteEvent>) -> bool {
    let mut failed = BTreeMap::new();
    for (doc, job) in std::mem::take(&mut st.pending) {
        let empty = BTreeSet::new();
        let known = st.known.get(&doc).unwrap_or(&empty);
        match store::save(&job.location, &job.ann, known) {
            Ok((merged, path)) => {
                let ours: HashSet<&str> = job.ann.tags.iter().map(|t| t.id.as_str()).collect();
                let new_tags = merged
                    .tags
                    .iter()
                    .filter(|t| !ours.contains(t.id.as_str()))
                    .cloned()
                    .collect();
                drop(ours);
                st.last.insert(doc.clone(), job.ann);
                let _ = events.send(WriteEvent::Saved {
                    document: doc,
                    generation: job.generation,
                    merged: Box::new(merged),
                    new_tags,
                    path,
                });
            }
            Err(e) => {
                let _ = events.send(WriteEvent::Failed {
                    document: doc.clone(),
                    generation: job.generation,
                    error: e.to_string(),
                });
                failed.insert(doc, job);
            }
        }
    }
    let ok = failed.is_empty();
    st.pending = failed;
    st.first_change = (!ok).then(Instant::now);
    st.failed_at = (!ok).then(Instant::now);
    ok
}
