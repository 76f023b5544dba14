//! The tree: folders ▸ documents ▸ agenda items ▸ turns.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use tui_tree_widget::{Tree, TreeItem};

use super::Theme;
use crate::tui::names::{self, Named};
use crate::tui::state::{App, Focus, NodeId};

/// Rebuilds the tree items when documents arrived or nodes opened or closed
/// (closed nodes show counts); after tag edits, makes again only the labels
/// of the turns they touched and of their agenda items.
pub(super) fn ensure_items(app: &mut App) {
    let key = (
        app.session.docs.len(),
        app.tree_state.opened().len(),
        app.session.version,
        tree_columns(app),
    );
    if app.tree_built == Some(key) {
        return;
    }
    let version = app.session.version;
    // Counts only for the documents whose turns are shown (open ones).
    let mut open = vec![false; app.session.docs.len()];
    for path in app.tree_state.opened() {
        if let Some(&NodeId::Doc(d)) = path.last()
            && let Some(o) = open.get_mut(d)
        {
            *o = true;
        }
    }
    for ((entry, doc), open) in app.session.anns.iter_mut().zip(&app.session.docs).zip(open) {
        if open && entry.counts.as_ref().is_none_or(|(v, _)| *v != version) {
            entry.counts = Some((version, entry.ann.counts_per_turn(doc)));
        }
    }
    let stale = std::mem::take(&mut app.tree_stale);
    if app
        .tree_built
        .is_some_and(|(docs, opened, _, width)| (docs, opened, width) == (key.0, key.1, key.3))
        && patch_turns(app, stale)
    {
        app.tree_built = Some(key);
        return;
    }
    let order = app.session.sorted_docs();
    let paths: Vec<(Vec<&str>, usize)> = order
        .iter()
        .map(|&d| (app.session.docs[d].id.split('/').collect(), d))
        .collect();
    let items = build_level(app, &paths, 0, &mut Vec::new());
    app.tree_items = items;
    app.tree_built = Some(key);
}

/// The columns the tree is drawn in.
fn tree_columns(app: &App) -> u16 {
    app.geometry().tree.map_or(app.size.width, |r| r.width)
}

/// A node's label at `depth` (the widget indents two columns a level and
/// draws a two-column open/closed mark): `name` then `suffix`, the name cut
/// with an ellipsis where the tree is too narrow.
fn fitted(app: &App, depth: usize, name: &str, suffix: &str) -> String {
    let room = usize::from(tree_columns(app)).saturating_sub(depth * 2 + 2);
    let ellipsis = if app.options.ascii { "..." } else { "…" };
    crate::text::fit(name, suffix, room, ellipsis)
}

/// The depth of a document's node: one level per folder of its id.
fn doc_depth(app: &App, d: usize) -> usize {
    app.session.docs[d].id.matches('/').count()
}

/// Makes again, in the built items, the labels of turns (document, turn)
/// and of their agenda items; false when a node is not where the document
/// puts it (the tree is then rebuilt).
fn patch_turns(app: &mut App, mut stale: Vec<(usize, usize)>) -> bool {
    stale.sort_unstable();
    stale.dedup();
    for (d, turn) in stale {
        // A closed document's turns are not made ([`closed_doc_item`]).
        if !app.tree_state.opened().contains(&app.doc_path(d)) {
            continue;
        }
        let Some((item, _)) = app.session.docs[d].turn_location(turn) else {
            return false;
        };
        let counts = counts_of(app, d);
        let title = app.session.docs[d].agenda_items[item].title.as_ref();
        let depth = doc_depth(app, d) + 1 + usize::from(title.is_some());
        let leaf = TreeItem::new_leaf(
            NodeId::Turn(d, turn),
            turn_label(app, d, turn, counts, depth),
        );
        let item_text = title.map(|title| {
            let first: usize = app.session.docs[d].agenda_items[..item]
                .iter()
                .map(|i| i.turns.len())
                .sum();
            let mut path = app.doc_path(d);
            path.push(NodeId::Item(d, item));
            let n = app.session.docs[d].agenda_items[item].turns.len();
            item_label(app, title, &path, counts, first..first + n, depth - 1)
        });
        let path = app.turn_path(d, turn);
        let Some((leaf_id, parent_path)) = path.split_last() else {
            return false;
        };
        let Some(parent) = node_mut(&mut app.tree_items, parent_path) else {
            return false;
        };
        let Some(i) = parent
            .children()
            .iter()
            .position(|c| c.identifier() == leaf_id)
        else {
            return false;
        };
        let Some(child) = parent.child_mut(i) else {
            return false;
        };
        *child = leaf;
        if let Some(text) = item_text {
            // The parent is the agenda item: its count changed.
            let children = parent.children().to_vec();
            match TreeItem::new(NodeId::Item(d, item), text, children) {
                Ok(node) => *parent = node,
                Err(_) => return false,
            }
        }
    }
    true
}

/// The node at a path of ids.
fn node_mut<'a>(
    items: &'a mut [TreeItem<'static, NodeId>],
    path: &[NodeId],
) -> Option<&'a mut TreeItem<'static, NodeId>> {
    let (first, rest) = path.split_first()?;
    let i = items.iter().position(|n| n.identifier() == first)?;
    let mut node = &mut items[i];
    for id in rest {
        let j = node.children().iter().position(|n| n.identifier() == id)?;
        node = node.child_mut(j)?;
    }
    Some(node)
}

/// Tags and notes per turn of a document, as last counted.
fn counts_of(app: &App, d: usize) -> &[(usize, usize)] {
    app.session.anns[d]
        .counts
        .as_ref()
        .map_or(&[], |(_, c)| c.as_slice())
}

/// " [tags]" and a note mark.
fn count_suffix(app: &App, tags: usize, notes: usize) -> String {
    let note_mark = if app.options.ascii { " *" } else { " ✎" };
    let mut s = String::new();
    if tags > 0 {
        s.push_str(&format!(" [{tags}]"));
    }
    if notes > 0 {
        s.push_str(note_mark);
    }
    s
}

/// A turn in the tree: the speaker, for whom, tags and notes.
fn turn_label(app: &App, d: usize, turn: usize, counts: &[(usize, usize)], depth: usize) -> String {
    let Some(t) = app.session.docs[d].turns().nth(turn) else {
        return String::new();
    };
    turn_text(app, t, counts.get(turn).copied().unwrap_or_default(), depth)
}

fn turn_text(
    app: &App,
    turn: &crate::model::Turn,
    (tags, notes): (usize, usize),
    depth: usize,
) -> String {
    // A doubtful attribution is marked, so that it is checked first.
    let mut label = if turn.is_doubtful() {
        format!("? {}", turn.speaker)
    } else {
        turn.speaker.to_string()
    };
    if let Some(group) = turn.on_behalf_of() {
        label.push_str(" for ");
        label.push_str(group);
    }
    fitted(app, depth, &label, &count_suffix(app, tags, notes))
}

/// An agenda item in the tree: its title, its turns when closed, its tags.
fn item_label(
    app: &App,
    title: &str,
    path: &[NodeId],
    counts: &[(usize, usize)],
    turns: std::ops::Range<usize>,
    depth: usize,
) -> String {
    let open = app.tree_state.opened().contains(path);
    let n = turns.len();
    let tags: usize = counts.iter().skip(turns.start).take(n).map(|c| c.0).sum();
    let suffix = with_count(n, open) + &count_suffix(app, tags, 0);
    fitted(app, depth, title, &suffix)
}

/// " (n)" after a closed node: what it holds.
fn with_count(count: usize, open: bool) -> String {
    if open {
        String::new()
    } else {
        format!(" ({count})")
    }
}

fn build_level(
    app: &App,
    entries: &[(Vec<&str>, usize)],
    depth: usize,
    path: &mut Vec<NodeId>,
) -> Vec<TreeItem<'static, NodeId>> {
    let mut out = Vec::new();
    let mut labels = doc_labels(app, entries, depth, path).into_iter();
    let mut i = 0;
    while i < entries.len() {
        let (parts, doc) = &entries[i];
        if parts.len() == depth + 1 {
            let label = labels.next().unwrap_or_default();
            out.push(doc_item(app, *doc, label, path));
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
        // A closed folder's documents are not shown: one empty child stands
        // for them (as for a closed document, [`closed_doc_item`]).
        let children = if open {
            build_level(app, &entries[i..j], depth + 1, path)
        } else {
            vec![TreeItem::new_leaf(folder.clone(), String::new())]
        };
        path.pop();
        let text = fitted(app, depth, name, &with_count(j - i, open));
        match TreeItem::new(folder.clone(), text.clone(), children) {
            Ok(item) => out.push(item),
            Err(_) => out.push(TreeItem::new_leaf(folder, text)),
        }
        i = j;
    }
    out
}

/// The labels of the documents directly in a level (in `entries`' order),
/// with their turns when closed, told apart where their titles would read
/// alike at the tree's width ([`crate::tui::names::told_apart`]).
fn doc_labels(
    app: &App,
    entries: &[(Vec<&str>, usize)],
    depth: usize,
    path: &mut Vec<NodeId>,
) -> Vec<String> {
    let named: Vec<Named> = entries
        .iter()
        .filter(|(parts, _)| parts.len() == depth + 1)
        .map(|&(_, d)| {
            let doc = &app.session.docs[d];
            path.push(NodeId::Doc(d));
            let open = app.tree_state.opened().contains(path);
            path.pop();
            Named {
                name: names::doc_name(doc).to_string(),
                tail: names::tail(doc),
                suffix: with_count(doc.turn_count(), open),
            }
        })
        .collect();
    let room = usize::from(tree_columns(app)).saturating_sub(depth * 2 + 2);
    let ellipsis = if app.options.ascii { "..." } else { "…" };
    names::told_apart(&named, room, ellipsis)
}

fn doc_item(
    app: &App,
    d: usize,
    label: String,
    path: &mut Vec<NodeId>,
) -> TreeItem<'static, NodeId> {
    let doc = &app.session.docs[d];
    let depth = path.len();
    path.push(NodeId::Doc(d));
    let open = app.tree_state.opened().contains(path);
    if !open {
        path.pop();
        return closed_doc_item(app, d, label);
    }
    let mut children = Vec::new();
    let mut t = 0;
    let counts = counts_of(app, d);
    for (i, item) in doc.agenda_items.iter().enumerate() {
        let turns: Vec<_> = item
            .turns
            .iter()
            .enumerate()
            .map(|(j, turn)| {
                let c = counts.get(t + j).copied().unwrap_or_default();
                let depth = depth + 1 + usize::from(item.title.is_some());
                TreeItem::new_leaf(NodeId::Turn(d, t + j), turn_text(app, turn, c, depth))
            })
            .collect();
        let n = turns.len();
        match &item.title {
            Some(title) => {
                path.push(NodeId::Item(d, i));
                let text = item_label(app, title, path, counts, t..t + n, depth + 1);
                path.pop();
                if let Ok(node) = TreeItem::new(NodeId::Item(d, i), text, turns) {
                    children.push(node);
                }
            }
            None => children.extend(turns),
        }
        t += n;
    }
    let orphans: Vec<TreeItem<'static, NodeId>> = app.session.anns[d]
        .ann
        .orphans()
        .map(|tag| {
            let quote = tag.target.quote.replace('\n', " ");
            let (open, close) = if app.options.ascii {
                ("\"", "\"")
            } else {
                ("“", "”")
            };
            TreeItem::new_leaf(
                NodeId::Orphan(d, tag.id.clone()),
                fitted(app, depth + 2, &format!("{open}{quote}"), close),
            )
        })
        .collect();
    if !orphans.is_empty() {
        let text = fitted(
            app,
            depth + 1,
            "orphaned tags",
            &format!(" ({})", orphans.len()),
        );
        if let Ok(node) = TreeItem::new(NodeId::Orphans(d), text, orphans) {
            children.push(node);
        }
    }
    path.pop();
    let text = label;
    TreeItem::new(NodeId::Doc(d), text.clone(), children)
        .unwrap_or_else(|_| TreeItem::new_leaf(NodeId::Doc(d), text))
}

/// A closed document: its turns are not shown, so they are not made (a
/// corpus of 10,000 documents has half a million; making them on every
/// arrival froze the reader). One empty child stands for them, so that the
/// node shows as closed; opening it rebuilds the tree with the real ones.
fn closed_doc_item(app: &App, d: usize, text: String) -> TreeItem<'static, NodeId> {
    let doc = &app.session.docs[d];
    // As `doc_item` makes them: titled agenda items, turns, orphans.
    let has_children = doc
        .agenda_items
        .iter()
        .any(|i| i.title.is_some() || !i.turns.is_empty())
        || app.session.anns[d].ann.orphans().next().is_some();
    if !has_children {
        return TreeItem::new_leaf(NodeId::Doc(d), text);
    }
    let stand_in = vec![TreeItem::new_leaf(NodeId::Doc(d), String::new())];
    TreeItem::new(NodeId::Doc(d), text.clone(), stand_in)
        .unwrap_or_else(|_| TreeItem::new_leaf(NodeId::Doc(d), text))
}

pub(super) fn render(app: &mut App, frame: &mut Frame, area: Rect, theme: &Theme) {
    ensure_items(app);
    if app.session.docs.is_empty() {
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::annotate::{self, Edit};
    use crate::config::Config;
    use crate::ingest::{Ingest, sample};
    use crate::tui::Options;
    use crate::tui::keymap::KeyMap;

    #[test]
    fn labels_patched_after_tag_edits_match_a_rebuilt_tree() {
        let ingest = Ingest::new(&Config::default());
        let docs = sample::sources()
            .iter()
            .map(|s| ingest.load_source(s).unwrap())
            .collect();
        let mut app = App::with_documents(docs, KeyMap::default(), Options::default());
        let titled = |app: &App, d: usize| {
            app.session.docs[d]
                .agenda_items
                .iter()
                .filter(|i| i.title.is_some())
                .count()
        };
        let d = (0..app.session.docs.len())
            .max_by_key(|&d| titled(&app, d))
            .unwrap();
        assert!(titled(&app, d) > 0);
        let path = app.doc_path(d);
        for i in 1..=path.len() {
            app.tree_state.open(path[..i].to_vec());
        }
        // One agenda item open, the others closed.
        let mut item = path.clone();
        item.push(NodeId::Item(d, 0));
        app.tree_state.open(item);
        ensure_items(&mut app);
        let starts: Vec<usize> = app.session.docs[d]
            .turns()
            .map(annotate::turn_text_start)
            .collect();
        let n = starts.len();
        for (k, t) in [0, n / 2, n - 1, n / 2, n / 3].into_iter().enumerate() {
            let text = &app.session.docs[d].text;
            let end = text.floor_char_boundary(starts[t] + 5);
            let mut tag = annotate::new_tag(
                &app.session.docs[d],
                starts[t]..end,
                vec!["norms".into()],
                "me",
            );
            if k == 4 {
                tag.note = "a note".into();
            }
            let tag = Arc::new(tag);
            app.edit(d, Edit::AddTag(tag.clone()));
            if k == 3 {
                app.edit(d, Edit::RemoveTag(tag));
            }
            let stale = std::mem::take(&mut app.tree_stale);
            assert!(!stale.is_empty());
            assert!(patch_turns(&mut app, stale), "edit {k}");
            let patched = format!("{:?}", app.tree_items);
            app.tree_built = None;
            ensure_items(&mut app);
            assert_eq!(patched, format!("{:?}", app.tree_items), "edit {k}");
        }
    }
}
