//! The extraction cache: `<corpus>/.floor/cache/<hash>.json`, one file per
//! extracted file, keyed by the XXH3 hash of the file's bytes, its format
//! and [`EXTRACTOR_VERSION`], so a folder of PDFs opens the second time as
//! fast as text, and a newer extractor makes its text again.
//!
//! The cache is only an acceleration: a cache file that cannot be read or
//! written is ignored (a read-only corpus simply extracts every time).

use std::path::{Path, PathBuf};

use super::{EXTRACTOR_VERSION, Extracted, Format};

/// The name of the cache file for `bytes` of `format`.
pub fn key(format: Format, bytes: &[u8]) -> String {
    format!(
        "{}-v{EXTRACTOR_VERSION}-{:016x}.json",
        format.name(),
        xxhash_rust::xxh3::xxh3_64(bytes)
    )
}

/// The cache folder of a corpus root.
pub fn folder(root: &Path) -> PathBuf {
    root.join(".floor").join("cache")
}

/// The corpus root of a source: its path without the folders of its id
/// (`session-2/meeting-9` under `corpus/` is `corpus/session-2/meeting-9.pdf`).
pub fn root_of(path: &Path, id: &str) -> PathBuf {
    let depth = id.matches('/').count() + 1;
    path.ancestors().nth(depth).map_or_else(
        || PathBuf::from("."),
        |p| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p.to_path_buf()
            }
        },
    )
}

/// The cached extraction of `bytes`, if there is a readable one.
pub fn load(folder: &Path, format: Format, bytes: &[u8]) -> Option<Extracted> {
    let data = std::fs::read(folder.join(key(format, bytes))).ok()?;
    serde_json::from_slice(&data).ok()
}

/// Stores an extraction; failures are ignored (see the module doc).
pub fn store(folder: &Path, format: Format, bytes: &[u8], extracted: &Extracted) {
    let Ok(json) = serde_json::to_vec(extracted) else {
        return;
    };
    if std::fs::create_dir_all(folder).is_err() {
        return;
    }
    let path = folder.join(key(format, bytes));
    // Another thread or floor may write the same key: each writes its own
    // temporary file and the rename replaces whole files only.
    let temp = folder.join(format!(
        ".{}.{}.{:?}.tmp",
        key(format, bytes),
        std::process::id(),
        std::thread::current().id()
    ));
    if std::fs::write(&temp, json).is_ok() && std::fs::rename(&temp, &path).is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}

/// Extracts `bytes`, from the cache under `root` when it holds them.
pub fn extract_cached(
    root: Option<&Path>,
    format: Format,
    bytes: &[u8],
) -> Result<Extracted, String> {
    let folder = root.map(folder);
    if let Some(folder) = &folder
        && let Some(hit) = load(folder, format, bytes)
    {
        return Ok(hit);
    }
    let extracted = super::extract(format, bytes)?;
    if let Some(folder) = &folder {
        store(folder, format, bytes, &extracted);
    }
    Ok(extracted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_strip_the_folders_of_the_id() {
        assert_eq!(
            root_of(Path::new("c/s2/m9.pdf"), "s2/m9"),
            PathBuf::from("c")
        );
        assert_eq!(root_of(Path::new("m9.pdf"), "m9"), PathBuf::from("."));
        assert_eq!(root_of(Path::new("/a/m9.pdf"), "m9"), PathBuf::from("/a"));
    }

    #[test]
    fn a_second_extraction_comes_from_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let vtt = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>Hello.\n";
        let first = extract_cached(Some(dir.path()), Format::WebVtt, vtt).unwrap();
        let cached = load(&folder(dir.path()), Format::WebVtt, vtt).unwrap();
        assert_eq!(first, cached);
    }
}
