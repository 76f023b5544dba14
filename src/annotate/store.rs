//! The annotation store: one TOML file per document.
//!
//! Files live under `<corpus>/.floor/<document id>.toml`; for the bundled
//! sample, or when the corpus folder cannot be written, under the user data
//! directory (`$FLOOR_DATA_DIR`, else `~/.local/share/floor`). Lists are
//! sorted and ids stable, so two people's files merge in git.
//!
//! A save takes a lock on the file, reads what is on disk, merges it by id
//! with what is in memory (the three-way [`super::merge`] of git's merge
//! driver, from what this process last read or wrote there), and writes
//! atomically: a temporary file in the same folder, fsync, rename, fsync
//! of the folder. A process killed at any moment leaves the old file or
//! the new one, never a part; its temporary file is removed by the next
//! save in that folder.
//!
//! One file over ~600 lines, one thing: the file format, where it lives,
//! and the load–merge–save cycle are the store's one contract with the
//! disk (about 550 lines of code, then their tests).

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::fs::{self, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

pub use super::atomic::{clean_temp_files, write_atomic};
use super::atomic::{fingerprint, rename_into_place, write_temp};
use super::merge::{self, Conflict};
use super::{Annotations, Correction, Record, Tag, TurnNote, content_hash};
use crate::model::Document;

/// The annotation file as stored.
#[derive(Debug, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    /// Format version.
    #[serde(default = "version_one")]
    version: u32,
    document: String,
    content_hash: String,
    #[serde(default, rename = "tag", skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Arc<Tag>>,
    #[serde(default, rename = "note", skip_serializing_if = "Vec::is_empty")]
    notes: Vec<Arc<TurnNote>>,
    #[serde(default, rename = "correction", skip_serializing_if = "Vec::is_empty")]
    corrections: Vec<Arc<Correction>>,
    #[serde(default, rename = "conflict", skip_serializing_if = "Vec::is_empty")]
    conflicts: Vec<Conflict>,
}

/// The format version this floor reads and writes.
pub const VERSION: u32 = 1;

fn version_one() -> u32 {
    VERSION
}

/// A problem reading or writing an annotation file.
#[derive(Debug)]
pub struct StoreError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for StoreError {}

fn err(path: &Path, message: impl fmt::Display) -> StoreError {
    StoreError {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// Where a document's annotations are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// `<corpus>/.floor/<id>.toml` (for the sample, the data directory).
    pub primary: PathBuf,
    /// Under the user data directory, for a corpus that cannot be written.
    pub fallback: PathBuf,
}

/// The user data directory of floor: `$FLOOR_DATA_DIR`, else the platform's
/// (`~/.local/share/floor`).
pub fn data_dir() -> PathBuf {
    std::env::var_os("FLOOR_DATA_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs::data_dir().map(|d| d.join("floor")))
        .unwrap_or_else(|| std::env::temp_dir().join("floor-data"))
}

/// Longest file name part kept as it is: with `.toml.lock`, or a temporary
/// file's `.NAME.toml.PID.N.tmp`, it stays under the 255 bytes most file
/// systems allow.
const LONGEST_PART: usize = 200;

fn file_name(id: &str) -> PathBuf {
    let mut path = PathBuf::new();
    for part in id.split('/') {
        // Never leave the store folder.
        let part = if part == ".." || part == "." || part.is_empty() {
            "_".to_string()
        } else if part.len() > LONGEST_PART {
            // Shortened, and told apart from other long names by a hash.
            let cut = part.floor_char_boundary(LONGEST_PART - 17);
            let hash = xxhash_rust::xxh3::xxh3_64(part.as_bytes());
            format!("{}~{hash:016x}", &part[..cut])
        } else {
            part.to_string()
        };
        path.push(part);
    }
    let mut os = path.into_os_string();
    os.push(".toml");
    PathBuf::from(os)
}

/// The folder the document's id is relative to.
pub fn corpus_root(doc: &Document) -> Option<PathBuf> {
    if doc.path.to_string_lossy().starts_with("sample:") {
        return None;
    }
    let depth = doc.id.split('/').count();
    doc.path.ancestors().nth(depth).map(|p| {
        if p.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            p.to_path_buf()
        }
    })
}

/// The folder of a corpus's annotations in the data directory's `corpora/`:
/// the hash of the corpus folder's canonical path.
///
/// Every document asks, and making a path canonical reads the link of each
/// of its components (three system calls a document under `/tmp/a/b`,
/// 30,000 for 10,000 documents), so an absolute folder's key is worked out
/// once a process. A relative one depends on the working directory and is
/// worked out each time.
fn corpus_key(root: &Path) -> String {
    static KEYS: Mutex<Option<HashMap<PathBuf, String>>> = Mutex::new(None);
    let work_out = || {
        let absolute = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let key = content_hash(&absolute.to_string_lossy());
        key.trim_start_matches("xxh3:").to_string()
    };
    if root.is_relative() {
        return work_out();
    }
    let mut keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    keys.get_or_insert_with(HashMap::new)
        .entry(root.to_path_buf())
        .or_insert_with(work_out)
        .clone()
}

impl Location {
    /// Where the annotations of `doc` live.
    pub fn of(doc: &Document) -> Location {
        Location::with_data_dir(doc, &data_dir())
    }

    /// Where the annotations of `doc` live, given floor's data directory.
    pub fn with_data_dir(doc: &Document, data: &Path) -> Location {
        let name = file_name(&doc.id);
        match corpus_root(doc) {
            None => {
                let path = data.join("sample").join(&name);
                Location {
                    primary: path.clone(),
                    fallback: path,
                }
            }
            Some(root) => Location {
                fallback: data.join("corpora").join(corpus_key(&root)).join(&name),
                primary: root.join(".floor").join(&name),
            },
        }
    }

    /// The file to read: the primary if it exists, else the fallback if it
    /// exists.
    pub fn existing(&self) -> Option<&Path> {
        [&self.primary, &self.fallback]
            .into_iter()
            .find(|p| p.is_file())
            .map(PathBuf::as_path)
    }
}

/// Parses an annotation file's text.
pub fn parse(source: &str, path: &Path) -> Result<Annotations, StoreError> {
    let file: FileFormat = toml::from_str(source).map_err(|e| {
        // Markers are only what broke the file: a note may hold a line
        // of `=======` in a multi-line string.
        if let Some(line) = merge::first_marker_line(source) {
            return err(
                path,
                format!(
                    "line {line}: git conflict markers (merged without floor's merge driver); \
                     repair with `floor merge-file --resolve {}`",
                    path.display()
                ),
            );
        }
        let (line, col) = e
            .span()
            .map_or((0, 0), |s| crate::config::line_column(source, s.start));
        err(
            path,
            format!("line {line}, column {col}: {}", e.message().trim()),
        )
    })?;
    if file.version != VERSION {
        let line = source
            .lines()
            .position(|l| l.trim_start().starts_with("version"))
            .map_or(1, |i| i + 1);
        return Err(err(
            path,
            format!(
                "line {line}: annotation file version {}; this floor reads version {VERSION} \
                 (use the floor that wrote it, or a newer one)",
                file.version
            ),
        ));
    }
    let mut ann = Annotations {
        document: file.document,
        content_hash: file.content_hash,
        tags: file.tags,
        notes: file.notes,
        corrections: file.corrections,
        loaded_ids: Arc::default(),
        conflicts: file.conflicts,
        ..Annotations::default()
    };
    ann.sort();
    Ok(ann)
}

/// The file text of annotations: a comment line, then sorted TOML.
pub fn to_toml(ann: &Annotations) -> String {
    let file = FileFormat {
        version: VERSION,
        document: ann.document.clone(),
        content_hash: ann.content_hash.clone(),
        tags: ann.tags.clone(),
        notes: ann.notes.clone(),
        corrections: ann.corrections.clone(),
        conflicts: ann.conflicts.clone(),
    };
    let body = toml::to_string(&file).expect("annotations serialise");
    format!("# floor annotations: tags, notes and corrections of one document.\n{body}")
}

/// Reads the file at `path` (None when it does not exist).
pub fn read(path: &Path) -> Result<Option<Annotations>, StoreError> {
    match fs::read_to_string(path) {
        Ok(source) => parse(&source, path).map(Some),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(err(path, format!("cannot read: {e}"))),
    }
}

/// Loads the annotations of a document, re-anchored on its current text
/// (none stored: empty annotations). The ids loaded are remembered so a
/// later save knows what it deleted.
pub fn load_annotations(doc: &Document) -> Result<(Annotations, Location), StoreError> {
    let location = Location::of(doc);
    let mut ann = match location.existing() {
        Some(path) => match read(path)? {
            Some(ann) => {
                remember(path, &ann);
                ann
            }
            None => Annotations::new(doc),
        },
        // Nothing stored: nothing to re-anchor.
        None => return Ok((Annotations::new(doc), location)),
    };
    ann.document = doc.id.clone();
    ann.reanchor(&doc.text);
    ann.loaded_ids = Arc::new(ids(&ann));
    Ok((ann, location))
}

/// Every id in the annotations.
pub fn ids(ann: &Annotations) -> BTreeSet<String> {
    ann.tags
        .iter()
        .map(|t| t.id.clone())
        .chain(ann.notes.iter().map(|n| n.id.clone()))
        .chain(ann.corrections.iter().map(|c| c.id.clone()))
        .collect()
}

/// What this process last read from or wrote to each annotation file: the
/// common base of a save's three-way merge, so a change made on disk by
/// another writer since is told apart from one made here.
static SEEN: Mutex<Option<HashMap<PathBuf, Annotations>>> = Mutex::new(None);

fn remember(path: &Path, ann: &Annotations) {
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    seen.get_or_insert_with(HashMap::new)
        .insert(path.to_path_buf(), ann.clone());
}

fn seen(path: &Path) -> Option<Annotations> {
    let seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    seen.as_ref()?.get(path).cloned()
}

/// The base of one list: what was last seen of the ids this process had
/// (`known`); for an id both here and on disk but not seen, the older of
/// the two (the newer is the change); for a known id only on disk, the
/// disk's (so its absence here is a deletion).
fn base_list<T: Record + Clone>(
    known: &BTreeSet<String>,
    seen: &[Arc<T>],
    ours: &[Arc<T>],
    disk: &[Arc<T>],
) -> Vec<Arc<T>> {
    let mut out: Vec<Arc<T>> = seen
        .iter()
        .filter(|x| known.contains(x.id()))
        .cloned()
        .collect();
    let have: BTreeSet<String> = out.iter().map(|x| x.id().to_string()).collect();
    let ours_by_id: HashMap<&str, &Arc<T>> = ours.iter().map(|x| (x.id(), x)).collect();
    for d in disk.iter().filter(|d| !have.contains(d.id())) {
        match ours_by_id.get(d.id()) {
            Some(o) if o.modified() < d.modified() => out.push((*o).clone()),
            Some(_) => out.push(d.clone()),
            None if known.contains(d.id()) => out.push(d.clone()),
            None => {}
        }
    }
    out
}

/// Merges what is on disk into what is in memory, by id, through the
/// three-way merge of [`super::merge`]. `known` are the ids this process
/// has had: an item on disk that is missing here was deleted here only if
/// its id is known, else another writer added it; `seen` is what this
/// process last read or wrote at that path.
pub fn merge(known: &BTreeSet<String>, ours: &Annotations, disk: &Annotations) -> Annotations {
    merge_seen(known, None, ours, disk)
}

fn merge_seen(
    known: &BTreeSet<String>,
    seen: Option<&Annotations>,
    ours: &Annotations,
    disk: &Annotations,
) -> Annotations {
    let empty = Annotations::default();
    let seen = seen.unwrap_or(&empty);
    let base = Annotations {
        document: seen.document.clone(),
        content_hash: seen.content_hash.clone(),
        tags: base_list(known, &seen.tags, &ours.tags, &disk.tags),
        notes: base_list(known, &seen.notes, &ours.notes, &disk.notes),
        corrections: base_list(
            known,
            &seen.corrections,
            &ours.corrections,
            &disk.corrections,
        ),
        ..Annotations::default()
    };
    let mut out = merge::merge3(Some(&base), ours, disk);
    // The document is the one in memory: its text is what targets point to.
    out.document = ours.document.clone();
    out.content_hash = ours.content_hash.clone();
    out
}

/// What `floor check` reports about a document's stored annotations, as
/// `file:line: message` lines: orphaned tags (one line for all), each open
/// merge conflict, and each id held more than once. `path` is the file
/// they were read from (its text gives the lines).
pub fn problems(ann: &Annotations, path: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let shown = path.display();
    let text = fs::read_to_string(path).unwrap_or_default();
    let line_of = |id: &str| {
        let needle = format!("id = {}", toml_string(id));
        text.lines()
            .position(|l| l.trim() == needle)
            .map_or(1, |i| i + 1)
    };
    let orphans: Vec<&Arc<Tag>> = ann.orphans().collect();
    if let Some(first) = orphans.first() {
        out.push(format!(
            "{shown}:{}: {} (their text is gone from the transcript; kept in the file)",
            line_of(&first.id),
            crate::text::counted(orphans.len(), "orphaned tag", "orphaned tags")
        ));
    }
    let ids = ids(ann);
    for c in ann.conflicts.iter().filter(|c| c.is_open(&ids)) {
        let what = if c.versions.len() > 1 {
            format!(
                "versions {} kept; delete the one you do not want",
                c.versions.join(" and ")
            )
        } else {
            "kept; delete it, or keep it and remove its [[conflict]] entry".to_string()
        };
        out.push(format!(
            "{shown}:{}: merge conflict: {} {} {}: {what}",
            line_of(&c.id),
            c.kind,
            c.id,
            c.reason
        ));
    }
    let mut seen = BTreeSet::new();
    let all = ann
        .tags
        .iter()
        .map(|t| t.id.as_str())
        .chain(ann.notes.iter().map(|n| n.id.as_str()))
        .chain(ann.corrections.iter().map(|c| c.id.as_str()));
    let mut twice = BTreeSet::new();
    for id in all {
        if !seen.insert(id) {
            twice.insert(id);
        }
    }
    for id in twice {
        out.push(format!(
            "{shown}:{}: id {id} is held more than once (each copy is kept)",
            line_of(id)
        ));
    }
    out
}

/// `s` as a TOML basic string, as the file writes it.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn is_unwritable(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Saves annotations: lock, read the file, merge by id, write atomically.
/// Returns the merged annotations (with what another process added) and
/// the path written. `known` are the ids this process has had.
pub fn save(
    location: &Location,
    ours: &Annotations,
    known: &BTreeSet<String>,
) -> Result<(Annotations, PathBuf), StoreError> {
    // Keep writing where the file already is; else try the corpus, then the
    // data directory.
    let candidates: Vec<&PathBuf> = match location.existing() {
        Some(p) if p == location.fallback => vec![&location.fallback],
        _ => vec![&location.primary, &location.fallback],
    };
    let mut last = None;
    for path in candidates {
        match save_at(path, ours, known) {
            Ok(merged) => return Ok((merged, path.clone())),
            Err((e, unwritable)) => {
                last = Some(e);
                if !unwritable {
                    break;
                }
            }
        }
    }
    Err(last.unwrap_or_else(|| err(&location.primary, "no place to save")))
}

/// Lock files stay beside the annotation files (removing one would race
/// with another process taking it); a `.gitignore` in the `.floor` folder
/// keeps them out of the commits that share annotations. Best effort.
fn ignore_lock_files(dir: &Path) {
    let Some(floor_dir) = dir
        .ancestors()
        .find(|d| d.file_name().is_some_and(|n| n == ".floor"))
    else {
        return;
    };
    let ignore = floor_dir.join(".gitignore");
    if !ignore.exists() {
        let _ = fs::write(ignore, "# floor's lock files\n*.lock\n");
    }
}

/// Removes the temporary files of killed writers from `dir`, at the first
/// save there of this process: a folder of a thousand annotation files is
/// not listed again at each of a thousand saves.
fn clean_once(dir: &Path) {
    static CLEANED: Mutex<Option<BTreeSet<PathBuf>>> = Mutex::new(None);
    let mut cleaned = CLEANED.lock().unwrap_or_else(|e| e.into_inner());
    if cleaned
        .get_or_insert_with(BTreeSet::new)
        .insert(dir.to_path_buf())
    {
        clean_temp_files(dir);
    }
}

fn save_at(
    path: &Path,
    ours: &Annotations,
    known: &BTreeSet<String>,
) -> Result<Annotations, (StoreError, bool)> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| {
        (
            err(path, format!("cannot create folder: {e}")),
            is_unwritable(&e),
        )
    })?;
    ignore_lock_files(dir);
    let lock_path = path.with_extension("toml.lock");
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| (err(path, format!("cannot lock: {e}")), is_unwritable(&e)))?;
    lock.lock()
        .map_err(|e| (err(path, format!("cannot lock: {e}")), false))?;
    clean_once(dir);
    let cannot_write = |e: io::Error| (err(path, format!("cannot write: {e}")), is_unwritable(&e));
    // A writer without the lock (a hand edit) that lands while this save
    // merges is seen before the rename, and merged in its turn.
    let mut attempts = 0;
    loop {
        let before = fingerprint(path);
        let disk = read(path).map_err(|e| (e, false))?;
        let mut merged = match &disk {
            Some(disk) => merge_seen(known, seen(path).as_ref(), ours, disk),
            None => ours.clone(),
        };
        merged.sort();
        merged.prune_conflicts();
        if disk.is_none() && merged.is_empty() {
            return Ok(merged);
        }
        let temp = write_temp(path, to_toml(&merged).as_bytes()).map_err(cannot_write)?;
        if attempts < 10 && fingerprint(path) != before {
            attempts += 1;
            let _ = fs::remove_file(&temp);
            continue;
        }
        rename_into_place(&temp, path).map_err(cannot_write)?;
        remember(path, &merged);
        drop(lock);
        return Ok(merged);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::new_tag;

    fn doc() -> Document {
        Document {
            id: "a/b".into(),
            path: PathBuf::from("/corpus/a/b.txt"),
            text: "The Chair: we start.\nGermany: capacity building matters.\n".into(),
            ..Document::default()
        }
    }

    #[test]
    fn location_is_under_the_corpus() {
        let l = Location::of(&doc());
        assert_eq!(l.primary, PathBuf::from("/corpus/.floor/a/b.toml"));
    }

    #[test]
    fn file_round_trips_with_quotes() {
        let d = doc();
        let mut ann = Annotations::new(&d);
        let mut tag = new_tag(&d, 30..47, vec!["capacity-building".into()], "ana");
        tag.note = "Line one\nline \"two\"".into();
        ann.insert_tag(Arc::new(tag));
        let text = to_toml(&ann);
        assert!(text.contains("quote = \"capacity building\""), "{text}");
        let back = parse(&text, Path::new("x.toml")).unwrap();
        assert_eq!(back.tags, ann.tags);
        assert_eq!(back.content_hash, ann.content_hash);
    }

    #[test]
    fn merge_keeps_foreign_and_drops_deleted() {
        let d = doc();
        let a = Arc::new(new_tag(&d, 0..3, vec!["norms".into()], "a"));
        let b = Arc::new(new_tag(&d, 4..9, vec!["norms".into()], "b"));
        let c = Arc::new(new_tag(&d, 10..12, vec!["norms".into()], "c"));
        let mut ours = Annotations::new(&d);
        ours.insert_tag(a.clone());
        let mut disk = Annotations::new(&d);
        disk.insert_tag(b.clone());
        disk.insert_tag(c.clone());
        // We had c and deleted it; b is new from someone else.
        let known: BTreeSet<String> = [a.id.clone(), c.id.clone()].into();
        let merged = merge(&known, &ours, &disk);
        let ids: Vec<&str> = merged.tags.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, vec![a.id.as_str(), b.id.as_str()]);
    }

    #[test]
    fn a_hand_edit_between_saves_is_merged_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = doc();
        d.path = dir.path().join("a/b.txt");
        let l = Location::of(&d);
        let mut ann = Annotations::new(&d);
        let x = Arc::new(new_tag(&d, 0..3, vec!["norms".into()], "me"));
        ann.insert_tag(x.clone());
        save(&l, &ann, &BTreeSet::new()).unwrap();
        let (mut ours, _) = load_annotations(&d).unwrap();
        // By hand: a new tag, and a note on x.
        let mut disk = read(&l.primary).unwrap().unwrap();
        let hand = Arc::new(new_tag(&d, 4..9, vec!["norms".into()], "hand"));
        disk.insert_tag(hand.clone());
        let mut noted = (*x).clone();
        noted.note = "by hand".into();
        disk.insert_tag(Arc::new(noted));
        write_atomic(&l.primary, to_toml(&disk).as_bytes()).unwrap();
        // Here: another tag, and x untouched.
        let y = Arc::new(new_tag(&d, 10..12, vec!["norms".into()], "me"));
        ours.insert_tag(y.clone());
        let known = (*ours.loaded_ids).clone();
        let (merged, _) = save(&l, &ours, &known).unwrap();
        let mut on_disk = read(&l.primary).unwrap().unwrap();
        assert_eq!(on_disk.tags, merged.tags);
        assert_eq!(on_disk.tags.len(), 3);
        assert!(on_disk.conflicts.is_empty());
        assert_eq!(on_disk.tag(&x.id).unwrap().note, "by hand");
        assert!(on_disk.tag(&hand.id).is_some() && on_disk.tag(&y.id).is_some());
        // Deleted here after that: gone from the file.
        let mut ours = merged;
        ours.remove_tags(&hand.id);
        let known = ids(&on_disk);
        save(&l, &ours, &known).unwrap();
        assert!(read(&l.primary).unwrap().unwrap().tag(&hand.id).is_none());
    }

    #[test]
    fn long_names_get_a_short_hashed_file_name() {
        let long = "x".repeat(300);
        let other = format!("{}y", "x".repeat(299));
        let a = file_name(&format!("dir/{long}"));
        let b = file_name(&format!("dir/{other}"));
        assert_ne!(a, b);
        for p in [&a, &b] {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.len() + ".lock".len() + 30 < 255, "{name}");
        }
        assert_eq!(file_name("short/name"), PathBuf::from("short/name.toml"));
    }

    #[test]
    fn a_note_with_a_line_like_a_marker_is_a_note() {
        let d = doc();
        let mut ann = Annotations::new(&d);
        let mut tag = new_tag(&d, 0..3, vec!["norms".into()], "a");
        tag.note = "Heading\n=======\n<<<<<<< not a marker\nend".into();
        ann.insert_tag(Arc::new(tag));
        let text = to_toml(&ann);
        let back = parse(&text, Path::new("x.toml")).unwrap();
        assert_eq!(back.tags, ann.tags);
    }

    #[test]
    fn a_file_of_another_version_or_with_markers_is_refused_with_its_line() {
        let e = parse(
            "# c\nversion = 2\ndocument = \"d\"\ncontent_hash = \"h\"\n",
            Path::new("f.toml"),
        )
        .unwrap_err();
        assert!(
            e.message.starts_with("line 2: annotation file version 2"),
            "{e}"
        );
        let e = parse("document = \"d\"\n<<<<<<< ours\n", Path::new("f.toml")).unwrap_err();
        assert!(e.message.starts_with("line 2: git conflict markers"), "{e}");
    }

    #[test]
    fn atomic_save_and_reload() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = doc();
        d.path = dir.path().join("a/b.txt");
        let l = Location::of(&d);
        let mut ann = Annotations::new(&d);
        ann.insert_tag(Arc::new(new_tag(&d, 0..3, vec!["norms".into()], "a")));
        let (merged, path) = save(&l, &ann, &BTreeSet::new()).unwrap();
        assert_eq!(path, dir.path().join(".floor/a/b.toml"));
        assert_eq!(merged.tags.len(), 1);
        let (loaded, _) = load_annotations(&d).unwrap();
        assert_eq!(loaded.tags, ann.tags);
        assert!(loaded.loaded_ids.contains(&ann.tags[0].id));
        let ignore = std::fs::read_to_string(dir.path().join(".floor/.gitignore")).unwrap();
        assert!(ignore.lines().any(|l| l == "*.lock"), "{ignore}");
    }
}
