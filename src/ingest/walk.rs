//! Finding documents in folders: which files are documents, their ids, and
//! what a hostile folder must not do to the loader.
//!
//! The walk is `walkdir`'s, without following links, so that the kind of
//! each entry comes from its folder listing (no `stat` per file: a corpus
//! has thousands). Links are looked at one by one:
//! - a link to a folder is walked once: a link back to a folder already
//!   met above it is a loop, reported and not followed; a second link to
//!   a folder is not walked again;
//! - FIFOs, sockets, devices and dangling links are skipped with a warning
//!   each, and never opened (opening a FIFO blocks); a path named on the
//!   command line that is not a file or folder is refused;
//! - hidden entries (`.floor`, `.git`) are not documents;
//! - ids are the path under the root without extension; bytes of a name
//!   that are not UTF-8 are escaped (`caf%E9`), so two such names never
//!   share an id (and an annotation file).

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs::FileType;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{LoadError, Source};
use crate::model::PathWarning;

/// A file or folder name as it appears in an id: UTF-8 as it is, any other
/// byte as `%XX`.
pub fn name_for_id(name: &OsStr) -> String {
    if let Some(s) = name.to_str() {
        return s.to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// What a non-regular, non-folder entry is, in words.
fn special_kind(kind: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    let _ = kind;
    "not a regular file"
}

/// The source for a file named on the command line: its id is its name
/// without extension. Anything but a regular file or folder is refused
/// (a FIFO would block the loader forever).
pub fn named_path(path: &Path) -> Result<Option<Source>, LoadError> {
    let meta = std::fs::metadata(path).map_err(|error| LoadError {
        path: path.to_path_buf(),
        error,
    })?;
    if meta.is_dir() {
        return Ok(None);
    }
    if !meta.is_file() {
        return Err(LoadError {
            path: path.to_path_buf(),
            error: std::io::Error::other(format!(
                "{}, not a document; refused",
                special_kind(meta.file_type())
            )),
        });
    }
    let name = path.file_name().map(name_for_id).unwrap_or_default();
    let (stem, _) = split_extension(&name);
    Ok(Some(Source {
        id: stem.to_string(),
        path: path.to_path_buf(),
        embedded: None,
    }))
}

/// A name's stem and extension (after the last dot, if any).
fn split_extension(name: &str) -> (&str, Option<&str>) {
    match name.rfind('.') {
        Some(dot) if dot > 0 => (&name[..dot], Some(&name[dot + 1..])),
        _ => (name, None),
    }
}

/// Hands each document under `root` (with one of `extensions`) to `found`,
/// and what was skipped to `warnings`.
pub fn folder(
    root: &Path,
    extensions: &[String],
    found: &mut dyn FnMut(Source),
    warnings: &mut Vec<PathWarning>,
) {
    let mut walk = Walk {
        extensions,
        found,
        warnings,
        folders: HashMap::new(),
    };
    walk.tree(root, "");
}

/// One walk: the folders met so far (by device and inode, with the path
/// they were met at), so that a link back to one is a loop and a second
/// link to one is not walked twice.
struct Walk<'a, 'b> {
    extensions: &'a [String],
    found: &'b mut dyn FnMut(Source),
    warnings: &'b mut Vec<PathWarning>,
    folders: HashMap<(u64, u64), PathBuf>,
}

impl Walk<'_, '_> {
    fn warn(&mut self, path: &Path, message: String) {
        self.warnings.push(PathWarning {
            path: path.to_path_buf(),
            message,
        });
    }

    /// Whether the folder at `path` is met for the first time (else says
    /// why it is not walked again).
    fn first_visit(&mut self, path: &Path) -> bool {
        let Some(key) = folder_key(path) else {
            return true;
        };
        match self.folders.get(&key) {
            None => {
                self.folders.insert(key, path.to_path_buf());
                true
            }
            Some(earlier) => {
                // Reached again below itself: only a link can do that.
                let message = if path.starts_with(earlier) {
                    format!(
                        "symlink loop (leads back to {}); not followed",
                        earlier.display()
                    )
                } else {
                    "the same folder as one already loaded (through a link); not walked again"
                        .to_string()
                };
                self.warn(path, message);
                false
            }
        }
    }

    /// Walks the folder `top` (ids starting with `prefix`) without
    /// following links: a file's kind comes from its folder entry, so a
    /// regular file costs no `stat`. A link is looked at on its own
    /// ([`Walk::link`]).
    fn tree(&mut self, top: &Path, prefix: &str) {
        if !self.first_visit(top) {
            return;
        }
        let mut entries = WalkDir::new(top).into_iter().filter_entry(|e| {
            e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b".")
        });
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().unwrap_or(top).to_path_buf();
                    let reason = e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string);
                    self.warn(&path, format!("cannot read: {reason}"));
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            let id = id_under(top, entry.path(), prefix);
            let kind = entry.file_type();
            if kind.is_dir() {
                if !self.first_visit(entry.path()) {
                    entries.skip_current_dir();
                }
            } else if kind.is_symlink() {
                self.link(entry.path(), &id);
            } else {
                self.file(entry.path(), kind, &id);
            }
        }
    }

    /// A link: to a folder, walked once (a loop is reported); to a file,
    /// taken as one; dangling, skipped with a warning.
    fn link(&mut self, path: &Path, id: &str) {
        match std::fs::metadata(path) {
            Err(_) => self.warn(path, "dangling link; skipped".into()),
            Ok(m) if m.is_dir() => self.tree(path, &format!("{id}/")),
            Ok(m) => self.file(path, m.file_type(), id),
        }
    }

    fn file(&mut self, path: &Path, kind: FileType, id: &str) {
        if !kind.is_file() {
            let message = format!("{}; skipped, never opened", special_kind(kind));
            self.warn(path, message);
            return;
        }
        let (stem, extension) = split_extension(id);
        let wanted = extension.is_some_and(|e| {
            !e.contains('/') && self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e))
        });
        if wanted {
            (self.found)(Source {
                id: stem.to_string(),
                path: path.to_path_buf(),
                embedded: None,
            });
        }
    }
}

/// The id of `path` under the walk's `top`: `prefix`, then each part of the
/// path below `top` as in [`name_for_id`], joined by `/`.
fn id_under(top: &Path, path: &Path, prefix: &str) -> String {
    let mut id = prefix.to_string();
    if let Ok(rel) = path.strip_prefix(top) {
        for (i, part) in rel.components().enumerate() {
            if i > 0 {
                id.push('/');
            }
            id.push_str(&name_for_id(part.as_os_str()));
        }
    }
    id
}

/// The device and inode of a folder, to walk it once however many links
/// lead to it (None where the platform has no such numbers).
fn folder_key(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some((m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    fn walk(root: &Path) -> (Vec<String>, Vec<String>) {
        let mut ids = Vec::new();
        let mut warnings = Vec::new();
        folder(
            root,
            &["txt".to_string()],
            &mut |s| ids.push(s.id),
            &mut warnings,
        );
        ids.sort();
        let warnings = warnings
            .iter()
            .map(|w| {
                let rel = w.path.strip_prefix(root).unwrap_or(&w.path);
                format!("{}: {}", rel.display(), w.message)
            })
            .collect();
        (ids, warnings)
    }

    #[test]
    fn names_that_are_not_utf8_keep_distinct_ids() {
        assert_eq!(name_for_id(OsStr::from_bytes(b"caf\xe9")), "caf%E9");
        assert_eq!(name_for_id(OsStr::from_bytes(b"caf\xe8")), "caf%E8");
        assert_eq!(name_for_id(OsStr::new("café")), "café");
        let dir = tempfile::tempdir().unwrap();
        for name in [&b"caf\xe9.txt"[..], b"caf\xe8.txt", b"plain.txt"] {
            std::fs::write(dir.path().join(OsStr::from_bytes(name)), "text").unwrap();
        }
        let (ids, warnings) = walk(dir.path());
        assert_eq!(ids, vec!["caf%E8", "caf%E9", "plain"]);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn loops_fifos_and_dangling_links_are_warned_about_and_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("a.txt"), "a").unwrap();
        std::fs::write(root.join("sub/b.txt"), "b").unwrap();
        std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
        std::os::unix::fs::symlink("nowhere.txt", root.join("gone.txt")).unwrap();
        std::os::unix::fs::symlink("sub", root.join("again")).unwrap();
        std::fs::create_dir_all(root.join(".floor")).unwrap();
        std::fs::write(root.join(".floor/hidden.txt"), "x").unwrap();
        let fifo = std::process::Command::new("mkfifo")
            .arg(root.join("pipe.txt"))
            .status()
            .is_ok_and(|s| s.success());
        let (ids, warnings) = walk(root);
        // The folder linked twice is walked once (by whichever name the
        // walk met first).
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(ids.contains(&"a".to_string()));
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("up: symlink loop (leads back to")),
            "{warnings:?}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w == "gone.txt: dangling link; skipped"),
            "{warnings:?}"
        );
        assert!(
            warnings.iter().any(|w| w.contains("not walked again")),
            "{warnings:?}"
        );
        if fifo {
            assert!(
                warnings
                    .iter()
                    .any(|w| w == "pipe.txt: a FIFO; skipped, never opened"),
                "{warnings:?}"
            );
            let refused = named_path(&root.join("pipe.txt")).unwrap_err();
            assert!(
                refused
                    .to_string()
                    .contains("a FIFO, not a document; refused")
            );
        }
    }

    #[test]
    fn a_named_file_keeps_its_stem_as_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meeting.9.txt");
        std::fs::write(&path, "x").unwrap();
        assert_eq!(named_path(&path).unwrap().unwrap().id, "meeting.9");
        assert!(named_path(dir.path()).unwrap().is_none());
    }
}
