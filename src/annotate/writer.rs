//! The writer: a background thread that saves annotations, so no write
//! ever happens on the draw path.
//!
//! The reader hands over a document's annotations once ([`Writer::save`])
//! and after that only each change ([`Writer::edit`]): the thread applies
//! it to its own copy, so a change costs the reader the same whatever the
//! number of tags (no copy, and no reference counts shared with this
//! thread). The thread waits for a short quiet moment (at most
//! [`MAX_DELAY`] after the first change), then saves every changed document
//! through [`super::store::save`] (lock, reload, merge, atomic write). A
//! failed write stays pending and is retried every [`RETRY`].
//! [`Writer::flush`] writes everything now (quit, signals, panic).
//!
//! A change wakes the thread only when it waits with nothing to write;
//! otherwise it reads the change when it wakes to write. Waking a thread on
//! every change let the scheduler put it, or another process, in the
//! reader's place (a tagging key took 4 ms at p90 on a busy machine).
//!
//! One file over ~600 lines, one thing: about 450 lines of code (the
//! thread, its inbox and the [`Writer`] handle, which share the one lock
//! and the one wake-up rule above) and their tests.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::store::{self, Location};
use super::{Annotations, Edit, Tag};

/// Quiet time after a change before writing.
pub const QUIET: Duration = Duration::from_millis(150);
/// Longest time from a change to its write.
pub const MAX_DELAY: Duration = Duration::from_millis(600);
/// Time between retries of a failed write.
pub const RETRY: Duration = Duration::from_secs(2);

/// What the writer reports.
#[derive(Debug, Clone)]
pub enum WriteEvent {
    /// Written.
    Saved {
        document: String,
        generation: u64,
        /// Tags the file had that the writer's copy lacked (another process
        /// added them); the writer's copy has them now.
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
    /// Annotations handed over, at a time.
    Save(Box<Job>, Instant),
    Edit {
        document: String,
        edit: Edit,
        generation: u64,
        at: Instant,
    },
    Flush(Sender<bool>),
    Stop,
}

struct Job {
    location: Location,
    ann: Annotations,
    generation: u64,
}

/// Messages for the thread. A change does not wake the thread when it
/// already waits to write (it reads its messages then): waking a thread
/// lets the scheduler run it, or a third, in place of the reader.
struct Inbox {
    msgs: Vec<Msg>,
    /// The thread waits with nothing to write: a message must wake it.
    idle: bool,
    /// The thread runs (false once stopped).
    alive: bool,
}

struct Shared {
    inbox: Mutex<Inbox>,
    wake: Condvar,
}

impl Shared {
    /// Queues a message; false when the thread is gone.
    fn send(&self, msg: Msg, urgent: bool) -> bool {
        let mut inbox = self.inbox.lock().unwrap_or_else(PoisonError::into_inner);
        if !inbox.alive {
            return false;
        }
        inbox.msgs.push(msg);
        if urgent || inbox.idle {
            inbox.idle = false;
            drop(inbox);
            self.wake.notify_one();
        }
        true
    }

    /// Writes everything pending; true when all of it was written.
    fn flush(&self, timeout: Duration) -> bool {
        let (tx, rx) = mpsc::channel();
        if !self.send(Msg::Flush(tx), true) {
            return false;
        }
        rx.recv_timeout(timeout).unwrap_or(false)
    }

    /// The messages queued, waiting for one while there are none: for as
    /// long as `due` (none: until one comes). Empty when the time is up.
    fn receive(&self, due: Option<Duration>) -> Vec<Msg> {
        let mut inbox = self.inbox.lock().unwrap_or_else(PoisonError::into_inner);
        if inbox.msgs.is_empty() {
            inbox.idle = due.is_none();
            inbox = match due {
                None => self
                    .wake
                    .wait_while(inbox, |i| i.msgs.is_empty())
                    .unwrap_or_else(PoisonError::into_inner),
                Some(due) => {
                    self.wake
                        .wait_timeout_while(inbox, due, |i| i.msgs.is_empty())
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
            };
            inbox.idle = false;
        }
        std::mem::take(&mut inbox.msgs)
    }

    /// The thread stops: later messages are refused, and flushes waiting
    /// for a reply get none.
    fn close(&self) {
        let mut inbox = self.inbox.lock().unwrap_or_else(PoisonError::into_inner);
        inbox.alive = false;
        inbox.msgs.clear();
    }
}

/// Closes the inbox when dropped.
struct Closed(Arc<Shared>);

impl Drop for Closed {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// Handle to the writer thread.
pub struct Writer {
    shared: Arc<Shared>,
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
        let shared = Arc::new(Shared {
            inbox: Mutex::new(Inbox {
                msgs: Vec::new(),
                idle: false,
                alive: true,
            }),
            wake: Condvar::new(),
        });
        let (etx, events) = mpsc::channel();
        let thread_shared = shared.clone();
        let handle = std::thread::Builder::new()
            .name("floor-writer".into())
            .spawn(move || {
                // Closed however the thread ends, a panic included.
                let closed = Closed(thread_shared);
                run(&closed.0, &etx);
            })
            .expect("spawn the writer thread");
        Writer {
            shared,
            events,
            handle: Some(handle),
        }
    }

    /// Hands over a document's annotations as they are now, to save; later
    /// changes can come as edits ([`Writer::edit`]).
    pub fn save(&self, location: Location, ann: Annotations, generation: u64) {
        let job = Job {
            location,
            ann,
            generation,
        };
        self.shared
            .send(Msg::Save(Box::new(job), Instant::now()), false);
    }

    /// A change to a document whose annotations were handed over with
    /// [`Writer::save`]: applied to the writer's copy, then saved.
    pub fn edit(&self, document: &str, edit: Edit, generation: u64) {
        self.shared.send(
            Msg::Edit {
                document: document.to_string(),
                edit,
                generation,
                at: Instant::now(),
            },
            false,
        );
    }

    /// What happened since the last call, without waiting.
    pub fn events(&self) -> Vec<WriteEvent> {
        self.events.try_iter().collect()
    }

    /// Writes everything pending now; true when all of it was written.
    pub fn flush(&self, timeout: Duration) -> bool {
        self.shared.flush(timeout)
    }

    /// A sender that can flush from another thread (a signal or panic hook).
    pub fn flusher(&self) -> Flusher {
        Flusher(self.shared.clone())
    }
}

/// Flushes the writer from anywhere.
#[derive(Clone)]
pub struct Flusher(Arc<Shared>);

impl Flusher {
    /// Writes everything pending; true when all of it was written.
    pub fn flush(&self, timeout: Duration) -> bool {
        self.0.flush(timeout)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.shared.send(Msg::Stop, true);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// The writer's copy of a document's annotations.
struct Doc {
    job: Job,
    /// Changed since the last write (or the write failed).
    pending: bool,
    /// Every id this process has had: what a save may treat as deleted when
    /// the copy no longer has it.
    known: BTreeSet<String>,
}

struct State {
    docs: BTreeMap<String, Doc>,
    first_change: Option<Instant>,
    last_change: Option<Instant>,
    failed_at: Option<Instant>,
}

impl State {
    fn changed(&mut self, at: Instant) {
        self.first_change.get_or_insert(at);
        self.last_change = Some(self.last_change.map_or(at, |last| last.max(at)));
    }

    /// How long until the next write: a retry, or a quiet moment after the
    /// last change (at most [`MAX_DELAY`] after the first); None when
    /// nothing waits.
    fn due(&self) -> Option<Duration> {
        match (self.first_change, self.failed_at) {
            (_, Some(failed)) => Some(RETRY.saturating_sub(failed.elapsed())),
            (Some(first), None) => {
                let last = self.last_change.unwrap_or(first);
                let quiet = QUIET.saturating_sub(last.elapsed());
                let max = MAX_DELAY.saturating_sub(first.elapsed());
                Some(quiet.min(max))
            }
            (None, None) => None,
        }
    }
}

fn run(shared: &Shared, events: &Sender<WriteEvent>) {
    let mut st = State {
        docs: BTreeMap::new(),
        first_change: None,
        last_change: None,
        failed_at: None,
    };
    loop {
        let due = st.due();
        if due == Some(Duration::ZERO) {
            write_all(&mut st, events);
            continue;
        }
        for msg in shared.receive(due) {
            match msg {
                Msg::Save(job, at) => {
                    let doc = st
                        .docs
                        .entry(job.ann.document.clone())
                        .or_insert_with(|| Doc {
                            job: Job {
                                location: job.location.clone(),
                                ann: Annotations::default(),
                                generation: 0,
                            },
                            pending: false,
                            known: BTreeSet::new(),
                        });
                    remember_all(&mut doc.known, &job.ann);
                    doc.job = *job;
                    doc.pending = true;
                    st.changed(at);
                }
                Msg::Edit {
                    document,
                    edit,
                    generation,
                    at,
                } => {
                    // Without a copy (never handed over) there is nothing to
                    // apply the edit to; the reader always hands over first.
                    if let Some(doc) = st.docs.get_mut(&document) {
                        remember_edit(&mut doc.known, &edit);
                        doc.job.ann.apply(&edit);
                        doc.job.generation = generation;
                        doc.pending = true;
                        st.changed(at);
                    }
                }
                Msg::Flush(reply) => {
                    let ok = write_all(&mut st, events);
                    let _ = reply.send(ok);
                }
                Msg::Stop => {
                    write_all(&mut st, events);
                    return;
                }
            }
        }
    }
}

/// Adds every id of annotations handed over (and the ids they were loaded
/// with) to `known`.
fn remember_all(known: &mut BTreeSet<String>, ann: &Annotations) {
    let ids = ann
        .loaded_ids
        .iter()
        .chain(ann.tags.iter().map(|t| &t.id))
        .chain(ann.notes.iter().map(|n| &n.id))
        .chain(ann.corrections.iter().map(|c| &c.id));
    for id in ids {
        if !known.contains(id) {
            known.insert(id.clone());
        }
    }
}

/// Adds the ids an edit adds, changes or removes to `known`: a removed
/// item was ours, so a save drops it from the file too.
fn remember_edit(known: &mut BTreeSet<String>, edit: &Edit) {
    let mut add = |id: &str| {
        if !known.contains(id) {
            known.insert(id.to_string());
        }
    };
    match edit {
        Edit::AddTag(t) | Edit::RemoveTag(t) => add(&t.id),
        Edit::ChangeTag(a, b) => {
            add(&a.id);
            add(&b.id);
        }
        Edit::AddNote(n) | Edit::RemoveNote(n) => add(&n.id),
        Edit::ChangeNote(a, b) => {
            add(&a.id);
            add(&b.id);
        }
        Edit::AddCorrection(c) | Edit::RemoveCorrection(c) => add(&c.id),
        Edit::Batch(edits) => {
            for e in edits {
                remember_edit(known, e);
            }
        }
    }
}

fn write_all(st: &mut State, events: &Sender<WriteEvent>) -> bool {
    let mut ok = true;
    for (name, doc) in st.docs.iter_mut().filter(|(_, d)| d.pending) {
        let job = &mut doc.job;
        match store::save(&job.location, &job.ann, &doc.known) {
            Ok((merged, path)) => {
                let ours: HashSet<&str> = job.ann.tags.iter().map(|t| t.id.as_str()).collect();
                let new_tags: Vec<Arc<Tag>> = merged
                    .tags
                    .iter()
                    .filter(|t| !ours.contains(t.id.as_str()))
                    .cloned()
                    .collect();
                drop(ours);
                // What the file holds now is this copy from now on: another
                // process's tags and changes (and both versions of a
                // conflict) are kept by later saves, and dropped once
                // deleted here. Keeping the old copy would make the next
                // save see their change as one undone here.
                for id in store::ids(&merged) {
                    if !doc.known.contains(&id) {
                        doc.known.insert(id);
                    }
                }
                job.ann = merged;
                doc.pending = false;
                let _ = events.send(WriteEvent::Saved {
                    document: name.clone(),
                    generation: job.generation,
                    new_tags,
                    path,
                });
            }
            Err(e) => {
                ok = false;
                let _ = events.send(WriteEvent::Failed {
                    document: name.clone(),
                    generation: job.generation,
                    error: e.to_string(),
                });
            }
        }
    }
    st.first_change = (!ok).then(Instant::now);
    st.last_change = None;
    st.failed_at = (!ok).then(Instant::now);
    ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::new_tag;
    use crate::model::Document;

    fn setup() -> (tempfile::TempDir, Document, Location) {
        let dir = tempfile::tempdir().unwrap();
        let doc = Document {
            id: "meeting".into(),
            text: "one two three four five six seven eight nine ten".into(),
            ..Document::default()
        };
        let location = Location {
            primary: dir.path().join(".floor/meeting.toml"),
            fallback: dir.path().join("fallback/meeting.toml"),
        };
        (dir, doc, location)
    }

    fn on_disk(location: &Location) -> Annotations {
        store::read(&location.primary).unwrap().unwrap()
    }

    fn saved(writer: &Writer) -> Vec<WriteEvent> {
        assert!(writer.flush(Duration::from_secs(10)));
        writer.events()
    }

    #[test]
    fn the_first_save_in_a_folder_removes_stale_temporary_files() {
        let (_dir, doc, location) = setup();
        let folder = location.primary.parent().unwrap();
        std::fs::create_dir_all(folder).unwrap();
        let stale = folder.join(".meeting.toml.99.0.tmp");
        let fresh = folder.join(".meeting.toml.99.1.tmp");
        for p in [&stale, &fresh] {
            std::fs::write(p, "partial").unwrap();
        }
        let old = std::time::SystemTime::now() - Duration::from_secs(600);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let writer = Writer::spawn();
        let mut ann = Annotations::new(&doc);
        ann.apply(&Edit::AddTag(Arc::new(new_tag(
            &doc,
            0..3,
            vec!["norms".into()],
            "me",
        ))));
        writer.save(location.clone(), ann, 1);
        saved(&writer);
        assert!(
            !stale.exists(),
            "a killed process's file older than a minute goes"
        );
        assert!(
            fresh.exists(),
            "a file another process may be writing stays"
        );
    }

    #[test]
    fn edits_after_the_copy_are_saved_as_applied() {
        let (_dir, doc, location) = setup();
        let writer = Writer::spawn();
        let mut ann = Annotations::new(&doc);
        let a = Arc::new(new_tag(&doc, 0..3, vec!["norms".into()], "me"));
        ann.apply(&Edit::AddTag(a.clone()));
        writer.save(location.clone(), ann.clone(), 1);
        let b = Arc::new(new_tag(&doc, 4..7, vec!["norms".into()], "me"));
        let mut b2 = (*b).clone();
        b2.note = "a note".into();
        let c = Arc::new(new_tag(&doc, 8..13, vec!["threats".into()], "me"));
        let edits = [
            Edit::AddTag(b.clone()),
            Edit::AddTag(c.clone()),
            Edit::ChangeTag(b, Arc::new(b2)),
            Edit::RemoveTag(a),
        ];
        for (g, e) in edits.iter().enumerate() {
            ann.apply(e);
            writer.edit(&doc.id, e.clone(), g as u64 + 2);
        }
        let events = saved(&writer);
        assert!(matches!(
            events.last(),
            Some(WriteEvent::Saved { generation: 5, new_tags, .. }) if new_tags.is_empty()
        ));
        assert_eq!(on_disk(&location).tags, ann.tags);
        // Undo of the removal, through an edit only.
        let back = Edit::RemoveTag(ann.tags[0].clone()).inverse();
        let removed = Edit::RemoveTag(ann.tags[0].clone());
        ann.apply(&removed);
        writer.edit(&doc.id, removed, 6);
        ann.apply(&back);
        writer.edit(&doc.id, back, 7);
        saved(&writer);
        assert_eq!(on_disk(&location).tags, ann.tags);
    }

    #[test]
    fn edits_are_saved_without_a_flush() {
        let (_dir, doc, location) = setup();
        let writer = Writer::spawn();
        let mut ann = Annotations::new(&doc);
        writer.save(location.clone(), ann.clone(), 1);
        // Edits while the thread waits to write do not wake it; it reads
        // them when it writes.
        for (g, start) in [0, 4, 8, 14].into_iter().enumerate() {
            let tag = Arc::new(new_tag(&doc, start..start + 3, vec!["norms".into()], "me"));
            ann.apply(&Edit::AddTag(tag.clone()));
            writer.edit(&doc.id, Edit::AddTag(tag), g as u64 + 2);
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut generation = 0;
        while generation < 5 && Instant::now() < deadline {
            for e in writer.events() {
                if let WriteEvent::Saved { generation: g, .. } = e {
                    generation = generation.max(g);
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(generation, 5);
        assert_eq!(on_disk(&location).tags, ann.tags);
        drop(writer);
    }

    #[test]
    fn a_stopped_writer_refuses_flushes() {
        let writer = Writer::spawn();
        let flusher = writer.flusher();
        assert!(flusher.flush(Duration::from_secs(10)));
        drop(writer);
        assert!(!flusher.flush(Duration::from_secs(10)));
    }

    #[test]
    fn another_process_change_is_not_undone_by_a_later_save() {
        let (_dir, doc, location) = setup();
        let writer = Writer::spawn();
        let mut ann = Annotations::new(&doc);
        let x = Arc::new(new_tag(&doc, 0..3, vec!["norms".into()], "me"));
        ann.apply(&Edit::AddTag(x.clone()));
        writer.save(location.clone(), ann.clone(), 1);
        saved(&writer);
        // Another process writes a note on x.
        let mut other = on_disk(&location);
        let mut noted = (*x).clone();
        noted.note = "theirs".into();
        noted.modified = "2099-01-01T00:00:00.000Z".into();
        other.insert_tag(Arc::new(noted));
        store::write_atomic(&location.primary, store::to_toml(&other).as_bytes()).unwrap();
        // Two saves here, of other tags: x keeps their note.
        for (g, start) in [(2, 4), (3, 8)] {
            let t = Arc::new(new_tag(&doc, start..start + 3, vec!["norms".into()], "me"));
            writer.edit(&doc.id, Edit::AddTag(t), g);
            saved(&writer);
            let mut disk = on_disk(&location);
            assert_eq!(disk.tag(&x.id).unwrap().note, "theirs");
            assert!(disk.conflicts.is_empty());
        }
    }

    #[test]
    fn another_process_tags_are_kept_until_deleted_here() {
        let (_dir, doc, location) = setup();
        let writer = Writer::spawn();
        let mut ann = Annotations::new(&doc);
        let ours = Arc::new(new_tag(&doc, 0..3, vec!["norms".into()], "me"));
        ann.apply(&Edit::AddTag(ours));
        writer.save(location.clone(), ann.clone(), 1);
        saved(&writer);
        // Another process adds a tag to the file.
        let mut other = on_disk(&location);
        let theirs = Arc::new(new_tag(&doc, 14..19, vec!["norms".into()], "them"));
        other.insert_tag(theirs.clone());
        store::write_atomic(&location.primary, store::to_toml(&other).as_bytes()).unwrap();
        // A change here keeps it, and reports it.
        let mine = Arc::new(new_tag(&doc, 4..7, vec!["norms".into()], "me"));
        writer.edit(&doc.id, Edit::AddTag(mine.clone()), 2);
        let events = saved(&writer);
        let Some(WriteEvent::Saved { new_tags, .. }) = events.last() else {
            panic!("{events:?}");
        };
        assert_eq!(new_tags, &vec![theirs.clone()]);
        assert_eq!(on_disk(&location).tags.len(), 3);
        // Deleted here: gone from the file too.
        writer.edit(&doc.id, Edit::RemoveTag(theirs.clone()), 3);
        saved(&writer);
        let disk = on_disk(&location);
        assert_eq!(disk.tags.len(), 2);
        assert!(disk.tags.iter().all(|t| t.id != theirs.id));
    }
}
