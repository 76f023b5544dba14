//! The tree: folders ▸ documents ▸ agenda items ▸ turns.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use tui_tree_widget::{Tree, TreeItem};

use super::Theme;
use crate::tui::state::{App, Focus, NodeId};

/// Rebuilds the tree items when documents arrived or nodes opened or closed
/// (closed nodes show counts).
pub(super) fn ensure_items(app: &mut App) {
    let key = (
        app.docs.len(),
        app.tree_state.opened().len(),
        app.notes.version,
    );
    if app.tree_built == Some(key) {
        return;
    }
    let version = app.notes.version;
    for (entry, doc) in app.notes.docs.iter_mut().zip(&app.docs) {
        if entry.counts.as_ref().is_none_or(|(v, _)| *v != version) {
            entry.counts = Some((version, entry.ann.counts_per_turn(doc)));
        }
    }
    let order = app.sorted_docs();
    let paths: Vec<(Vec<&str>, usize)> = order
        .iter()
        .map(|&d| (app.docs[d].id.split('/').collect(), d))
        .collect();
    let items = build_level(app, &paths, 0, &mut Vec::new());
    app.tree_items = items;
    app.tree_built = Some(key);
}

fn with_count(name: &str, count: usize, open: bool) -> String {
    if open {
        name.to_string()
    } else {
        format!("{name} ({count})")
    }
}

fn build_level(
    app: &App,
    entries: &[(Vec<&str>, usize)],
    depth: usize,
    path: &mut Vec<NodeId>,
) -> Vec<TreeItem<'static, NodeId>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let (parts, doc) = &entries[i];
        if parts.len() == depth + 1 {
            out.push(doc_item(app, *doc, path));
            i += 1;
            continue;
        }
        let name = parts[depth];
        let mut j = i;
        while j < entries.len() && entries[j].0.len() > depth + 1 && entries[j].0[depth] == name {
            j += 1;
        }
        let folder = NodeId::Folder(parts[..=depth].join("/"));
        path.push(folder.clone());
        let open = app.tree_state.opened().contains(path);
        let children = build_level(app, &entries[i..j], depth + 1, path);
        path.pop();
        let text = with_count(name, j - i, open);
        match TreeItem::new(folder.clone(), text.clone(), children) {
            Ok(item) => out.push(item),
            Err(_) => out.push(TreeItem::new_leaf(folder, text)),
        }
        i = j;
    }
    out
}

fn doc_item(app: &App, d: usize, path: &mut Vec<NodeId>) -> TreeItem<'static, NodeId> {
    let doc = &app.docs[d];
    let name = doc.id.rsplit('/').next().unwrap_or(&doc.id);
    path.push(NodeId::Doc(d));
    let open = app.tree_state.opened().contains(path);
    let mut children = Vec::new();
    let mut t = 0;
    let counts: &[(usize, usize)] = app.notes.docs[d]
        .counts
        .as_ref()
        .map_or(&[], |(_, c)| c.as_slice());
    let note_mark = if app.options.ascii { " *" } else { " ✎" };
    let suffix = |tags: usize, notes: usize| {
        let mut s = String::new();
        if tags > 0 {
            s.push_str(&format!(" [{tags}]"));
        }
        if notes > 0 {
            s.push_str(note_mark);
        }
        s
    };
    for (i, item) in doc.agenda_items.iter().enumerate() {
        let turns: Vec<_> = item
            .turns
            .iter()
            .enumerate()
            .map(|(j, turn)| {
                let mut label = turn.speaker.clone();
                if let Some(group) = &turn.on_behalf_of {
                    label.push_str(" for ");
                    label.push_str(group);
                }
                let (tags, notes) = counts.get(t + j).copied().unwrap_or_default();
                label.push_str(&suffix(tags, notes));
                TreeItem::new_leaf(NodeId::Turn(d, t + j), label)
            })
            .collect();
        let n = turns.len();
        match &item.title {
            Some(title) => {
                path.push(NodeId::Item(d, i));
                let item_open = app.tree_state.opened().contains(path);
                path.pop();
                let tags: usize = counts.iter().skip(t).take(n).map(|c| c.0).sum();
                let text = with_count(title, n, item_open) + &suffix(tags, 0);
                if let Ok(node) = TreeItem::new(NodeId::Item(d, i), text, turns) {
                    children.push(node);
                }
            }
            None => children.extend(turns),
        }
        t += n;
    }
    let orphans: Vec<TreeItem<'static, NodeId>> = app.notes.docs[d]
        .ann
        .orphans()
        .map(|tag| {
            let quote = tag.target.quote.replace('\n', " ");
            let quote = crate::text::wrap::truncate_to_width(&quote, 40);
            let (open, close) = if app.options.ascii {
                ("\"", "\"")
            } else {
                ("“", "”")
            };
            TreeItem::new_leaf(
                NodeId::Orphan(d, tag.id.clone()),
                format!("{open}{quote}{close}"),
            )
        })
        .collect();
    if !orphans.is_empty() {
        let text = format!("orphaned tags ({})", orphans.len());
        if let Ok(node) = TreeItem::new(NodeId::Orphans(d), text, orphans) {
            children.push(node);
        }
    }
    path.pop();
    let text = with_count(name, app.turn_count(d), open);
    TreeItem::new(NodeId::Doc(d), text.clone(), children)
        .unwrap_or_else(|_| TreeItem::new_leaf(NodeId::Doc(d), text))
}

pub(super) fn render(app: &mut App, frame: &mut Frame, area: Rect, theme: &Theme) {
    ensure_items(app);
    if app.docs.is_empty() {
        let note = if app.loading.is_some() {
            theme.deco("loading…")
        } else {
            "no documents".into()
        };
        frame.render_widget(Line::from(note).style(theme.dim), area);
        return;
    }
    let highlight = if app.focus == Focus::Tree {
        theme.tree_focused
    } else {
        theme.tree_unfocused
    };
    let Ok(tree) = Tree::new(&app.tree_items) else {
        return;
    };
    let tree = tree
        .highlight_style(highlight)
        .node_open_symbol(theme.open_symbol)
        .node_closed_symbol(theme.closed_symbol)
        .node_no_children_symbol("  ");
    frame.render_stateful_widget(tree, area, &mut app.tree_state);
}
