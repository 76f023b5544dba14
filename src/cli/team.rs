//! Teams sharing annotations through git: `floor merge-file` (git's merge
//! driver for annotation files, and the repair of a file that holds
//! conflict markers) and `floor git-setup` (which installs that driver in
//! a repository). The merge itself is [`crate::annotate::merge`].

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::Args;

use crate::annotate::merge::{self, merge3};
use crate::annotate::{Annotations, store};
use crate::text::counted;

use super::sanitize_path;

/// Exit 0 when the merge is clean; 1 when tags changed on both sides were
/// kept as two versions (git then marks the file conflicted, though it is
/// valid), or when a side cannot be read (OURS is left as it was).
#[derive(Debug, Args)]
pub struct MergeFileArgs {
    /// The common ancestor, ours and theirs (git's `%O %A %B`); the result
    /// is written to OURS.
    #[arg(num_args = 3, value_names = ["BASE", "OURS", "THEIRS"], required_unless_present = "resolve")]
    pub files: Vec<PathBuf>,
    /// Repair FILE, which holds git's conflict markers (merged without
    /// floor's driver): both sides are read and merged by id, in place.
    #[arg(long, value_name = "FILE", conflicts_with = "files")]
    pub resolve: Option<PathBuf>,
    /// The file's path in the repository (git's `%P`), for messages.
    #[arg(long, value_name = "PATH")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct GitSetupArgs {
    /// A folder inside the git repository (default: the current folder).
    #[arg(default_value = ".")]
    pub path: PathBuf,
}

/// The line `floor git-setup` writes to `.gitattributes`: annotation files
/// at any depth, under a `.floor` folder anywhere in the repository.
pub const ATTRIBUTES_LINE: &str = "**/.floor/**/*.toml merge=floor";

fn read_side(path: &Path) -> Result<Option<Annotations>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", sanitize_path(path)))?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    store::parse(&text, path)
        .map(Some)
        .map_err(|e| super::sanitize(&e.to_string()))
}

fn report(name: &str, merged: &Annotations) {
    if !merged.conflicts.is_empty() {
        eprintln!(
            "floor: {name}: {} kept with both versions (see `floor check`)",
            counted(merged.conflicts.len(), "conflict", "conflicts")
        );
    }
}

pub fn merge_file(args: &MergeFileArgs) -> io::Result<ExitCode> {
    if let Some(file) = &args.resolve {
        return resolve(file);
    }
    let [base, ours, theirs] = args.files.as_slice() else {
        eprintln!("floor merge-file: give BASE OURS THEIRS, or --resolve FILE");
        return Ok(ExitCode::from(2));
    };
    let name = args
        .name
        .as_deref()
        .map_or_else(|| sanitize_path(ours), super::sanitize);
    let sides = (read_side(base), read_side(ours), read_side(theirs));
    let (base, ours_ann, theirs_ann) = match sides {
        (Ok(b), Ok(o), Ok(t)) => (b, o, t),
        (b, o, t) => {
            for e in [b.err(), o.err(), t.err()].into_iter().flatten() {
                eprintln!("floor: {}", super::sanitize(&e.to_string()));
            }
            eprintln!("floor: {name}: not merged; the file is left as it was");
            return Ok(ExitCode::FAILURE);
        }
    };
    let empty = Annotations::default();
    let merged = merge3(
        base.as_ref(),
        ours_ann.as_ref().unwrap_or(&empty),
        theirs_ann.as_ref().unwrap_or(&empty),
    );
    store::write_atomic(ours, store::to_toml(&merged).as_bytes())?;
    // Git's protocol: non-zero when the merge needs a person. The file is
    // valid and holds both versions; git marks it conflicted until `git add`.
    let before = |a: &Option<Annotations>| a.as_ref().map_or(0, |a| a.conflicts.len());
    let new = merged.conflicts.len() > before(&ours_ann).max(before(&theirs_ann));
    if new {
        eprintln!(
            "floor: {name}: {} kept with both versions, no conflict markers; \
             see `floor check`, keep the version you want, then `git add` the file",
            counted(merged.conflicts.len(), "conflict", "conflicts")
        );
        return Ok(ExitCode::FAILURE);
    }
    report(&name, &merged);
    Ok(ExitCode::SUCCESS)
}

fn resolve(file: &Path) -> io::Result<ExitCode> {
    let shown = sanitize_path(file);
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("floor: {shown}: cannot read: {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    if merge::first_marker_line(&text).is_none() {
        println!("{shown}: no conflict markers; nothing to do");
        return Ok(ExitCode::SUCCESS);
    }
    let sides = match merge::split_markers(&text) {
        Ok(s) => s,
        Err((line, what)) => {
            eprintln!("floor: {shown}:{line}: {what}; repair the markers by hand");
            return Ok(ExitCode::FAILURE);
        }
    };
    let parse = |side: &str, which: &str| {
        store::parse(side, file).map_err(|e| {
            format!(
                "{which} side of {shown} is not a valid annotation file: {}",
                super::sanitize(&e.message)
            )
        })
    };
    let base = sides.base.as_deref().map(|b| parse(b, "the base"));
    let merged = match (
        parse(&sides.ours, "our"),
        parse(&sides.theirs, "their"),
        base,
    ) {
        (Ok(o), Ok(t), None) => merge3(None, &o, &t),
        (Ok(o), Ok(t), Some(Ok(b))) => merge3(Some(&b), &o, &t),
        (o, t, b) => {
            for e in [o.err(), t.err(), b.and_then(Result::err)]
                .into_iter()
                .flatten()
            {
                eprintln!("floor: {}", super::sanitize(&e.to_string()));
            }
            return Ok(ExitCode::FAILURE);
        }
    };
    store::write_atomic(file, store::to_toml(&merged).as_bytes())?;
    println!(
        "{shown}: merged, {}, {}, {}",
        counted(merged.tags.len(), "tag", "tags"),
        counted(merged.notes.len(), "note", "notes"),
        counted(merged.conflicts.len(), "conflict", "conflicts")
    );
    report(&shown, &merged);
    Ok(ExitCode::SUCCESS)
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The shell word for the driver command: floor's own path, quoted.
fn shell_quoted(path: &Path) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', r"'\''"))
}

pub fn git_setup(args: &GitSetupArgs) -> io::Result<ExitCode> {
    let top = match git(&args.path, &["rev-parse", "--show-toplevel"]) {
        Ok(top) => PathBuf::from(top),
        Err(e) => {
            eprintln!(
                "floor git-setup: {} is not in a git repository ({e})",
                sanitize_path(&args.path)
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    let attributes = top.join(".gitattributes");
    let existing = match std::fs::read_to_string(&attributes) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    if existing.lines().any(|l| l.trim() == ATTRIBUTES_LINE) {
        println!("{}: already set", sanitize_path(&attributes));
    } else {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str("# floor's annotation files merge by id (floor merge-file).\n");
        text.push_str(ATTRIBUTES_LINE);
        text.push('\n');
        std::fs::write(&attributes, text)?;
        println!(
            "{}: {ATTRIBUTES_LINE} (commit it, so every clone has it)",
            sanitize_path(&attributes)
        );
    }
    let exe = std::env::current_exe()?;
    let driver = format!("{} merge-file %O %A %B --name %P", shell_quoted(&exe));
    for (key, value) in [
        ("merge.floor.name", "floor annotations, merged by id"),
        ("merge.floor.driver", driver.as_str()),
    ] {
        if let Err(e) = git(&top, &["config", "--local", key, value]) {
            eprintln!("floor git-setup: cannot set {key}: {e}");
            return Ok(ExitCode::FAILURE);
        }
    }
    println!(
        "git config merge.floor.driver = {}",
        super::sanitize(&driver)
    );
    println!("Each clone runs `floor git-setup` once: git does not share its configuration.");
    Ok(ExitCode::SUCCESS)
}
