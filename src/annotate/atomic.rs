//! Atomic file writes and what they leave behind: a temporary file in the
//! same folder, fsync, rename over the target, fsync of the folder; the
//! temporary files of writers killed mid-save, removed by the next save in
//! that folder; and a file's fingerprint, to see that someone wrote it.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `contents` to `path` atomically: a temporary file in the same
/// folder, fsync, rename over `path`, fsync of the folder.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let temp = write_temp(path, contents)?;
    rename_into_place(&temp, path)
}

/// The temporary file beside `path` holding `contents`, synced to disk
/// (removed again if that fails).
pub(super) fn write_temp(path: &Path, contents: &[u8]) -> io::Result<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path.file_name().map_or_else(
        || "annotations".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let result = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(contents)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Renames a synced temporary file over `path`, then syncs the folder.
pub(super) fn rename_into_place(temp: &Path, path: &Path) -> io::Result<()> {
    if let Err(e) = fs::rename(temp, path) {
        let _ = fs::remove_file(temp);
        return Err(e);
    }
    if let Ok(d) = File::open(path.parent().unwrap_or(Path::new("."))) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// What tells that a file was written since it was read: its size, time
/// and inode (a writer that takes no lock, such as an editor, changes one).
pub(super) fn fingerprint(path: &Path) -> Option<(u64, Option<std::time::SystemTime>, u64)> {
    let m = fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    Some((m.len(), m.modified().ok(), inode))
}

/// Whether the process that named a temporary file `.NAME.PID.N.tmp` is
/// gone (Linux: no `/proc/PID`); elsewhere unknown, so no.
fn writer_is_gone(name: &str) -> bool {
    let mut parts = name.rsplit('.');
    let (Some("tmp"), Some(_n), Some(pid)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    pid != std::process::id()
        && Path::new("/proc/self").exists()
        && !Path::new("/proc").join(pid.to_string()).exists()
}

/// Removes temporary files left by a killed process: those of a process
/// that is gone, and any older than a minute (a save takes milliseconds).
pub fn clean_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.')
            && name.ends_with(".tmp")
            && (writer_is_gone(&name)
                || e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t.elapsed().is_ok_and(|d| d.as_secs() > 60)))
        {
            let _ = fs::remove_file(e.path());
        }
    }
}
