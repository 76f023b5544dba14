//! The module dependency rules of ARCHITECTURE.md, read from the sources:
//! the core never names `tui` or `cli`, the reader never names `cli`, and
//! the top-level modules form no cycle.
//!
//! A module depends on another when one of its files names it through
//! `crate::NAME` outside comments. `cargo test --test architecture --
//! --nocapture` prints the drawing (Graphviz `dot`) of what it found.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Modules of the core: no terminal, no command line.
const CORE: [&str; 9] = [
    "model", "text", "config", "geometry", "ingest", "annotate", "search", "export", "session",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`lib` for lib.rs,
/// `main` for main.rs).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules a source names through `crate::`, outside
/// comments (doc links included: they are no dependency) and outside its
/// unit tests (which stand at the end of a file, after `#[cfg(test)]`).
fn named_modules(source: &str) -> BTreeSet<String> {
    names_after(source, "crate::")
}

/// The names that follow `prefix` in a source, outside comments and unit
/// tests.
fn names_after(source: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in source.lines() {
        if line.trim() == "#[cfg(test)]" {
            break;
        }
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let mut rest = code;
        while let Some(i) = rest.find(prefix) {
            let after = &rest[i + prefix.len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
            rest = after;
        }
    }
    out
}

/// The reader's modules (`src/tui/*.rs`, and `views` for `src/tui/views/`)
/// → the reader's modules each names.
fn reader_dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let tui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let mut files = Vec::new();
    rust_files(&tui, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&tui).unwrap();
        let in_views = rel.components().count() > 1;
        let module = if in_views {
            "views".to_string()
        } else {
            rel.to_string_lossy().trim_end_matches(".rs").to_string()
        };
        if module == "mod" {
            continue;
        }
        let source = std::fs::read_to_string(&file).unwrap();
        let mut names = names_after(&source, "crate::tui::");
        names.extend(names_after(
            &source,
            if in_views {
                "super::super::"
            } else {
                "super::"
            },
        ));
        let deps = graph.entry(module.clone()).or_default();
        deps.extend(names.into_iter().filter(|n| *n != module));
    }
    graph
}

/// Module → the modules it names (itself left out).
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let module = module_of(&src, &file);
        let source = std::fs::read_to_string(&file).unwrap();
        let deps = graph.entry(module.clone()).or_default();
        for name in named_modules(&source) {
            if name != module {
                deps.insert(name);
            }
        }
    }
    graph
}

fn dot(graph: &BTreeMap<String, BTreeSet<String>>) -> String {
    let mut out = String::from("digraph floor {\n");
    for (from, tos) in graph {
        for to in tos {
            out.push_str(&format!("  {from} -> {to};\n"));
        }
    }
    out.push_str("}\n");
    out
}

/// A cycle through `start`, if any (depth-first).
fn cycle_from(
    graph: &BTreeMap<String, BTreeSet<String>>,
    start: &str,
    path: &mut Vec<String>,
) -> Option<Vec<String>> {
    let here = path.last().unwrap().clone();
    for next in graph.get(&here).into_iter().flatten() {
        if next == start {
            let mut cycle = path.clone();
            cycle.push(next.clone());
            return Some(cycle);
        }
        if !path.contains(next) {
            path.push(next.clone());
            if let Some(c) = cycle_from(graph, start, path) {
                return Some(c);
            }
            path.pop();
        }
    }
    None
}

#[test]
fn the_core_names_neither_the_reader_nor_the_command_line() {
    let graph = dependencies();
    println!("{}", dot(&graph));
    let mut wrong = Vec::new();
    for (from, tos) in &graph {
        let core = CORE.contains(&from.as_str());
        for to in tos {
            if (core && (to == "tui" || to == "cli")) || (from == "tui" && to == "cli") {
                wrong.push(format!("{from} -> {to}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows pointing outward: {wrong:?}\n{}",
        dot(&graph)
    );
    // Every module of src/ is classified: a new one must be placed.
    for module in graph.keys() {
        assert!(
            CORE.contains(&module.as_str())
                || ["tui", "cli", "lib", "main"].contains(&module.as_str()),
            "src/{module} is neither core nor tui/cli: add it to CORE or to ARCHITECTURE.md's map"
        );
    }
}

#[test]
fn the_top_level_modules_form_no_cycle() {
    let graph = dependencies();
    for start in graph.keys() {
        let mut path = vec![start.clone()];
        if let Some(cycle) = cycle_from(&graph, start, &mut path) {
            panic!("import cycle: {}\n{}", cycle.join(" -> "), dot(&graph));
        }
    }
}

/// The reader's modules import each other without a cycle: the state
/// names the types of the overlays, and the files that work on the state
/// name the state, never the other way round.
#[test]
fn the_readers_modules_form_no_cycle() {
    let graph = reader_dependencies();
    assert!(graph.contains_key("state") && graph.contains_key("views"));
    for start in graph.keys() {
        let mut path = vec![start.clone()];
        if let Some(cycle) = cycle_from(&graph, start, &mut path) {
            panic!(
                "import cycle in src/tui: {}\n{}",
                cycle.join(" -> "),
                dot(&graph)
            );
        }
    }
}

#[test]
fn the_reading_of_sources_finds_what_it_should() {
    let found = named_modules(
        "use crate::model::Document;\n// crate::tui in a comment\nlet x = crate::ingest::X; /// [`crate::cli`]\n#[cfg(test)]\nuse crate::export;\n",
    );
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["ingest", "model"]);
}
