//! The one list of the reader (the speaker and theme pickers, search
//! results, the speaker and theme indexes, the table, export formats, the
//! help's scroll): an action moves the selection, clamped to the list
//! ([`step`], [`moved`]), and the entries in view are laid out one per row
//! with the selected one visible ([`visible`], [`rows`]), or over several
//! rows under headings ([`rows_around`]). Views draw each
//! entry's row in its own words.

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::action::Action;
use super::keymap::KeyMap;

/// How far an action moves a selection in a list whose page holds `page`
/// entries; None for an action that does not move in lists. List actions
/// work while a filter is typed; the panes' moves (`j`, `k`, `g`, `G`, ...)
/// also work once the list has the keys.
pub fn step(action: Action, page: usize) -> Option<isize> {
    let page = page.max(1) as isize;
    Some(match action {
        Action::ListUp | Action::Up => -1,
        Action::ListDown | Action::Down => 1,
        Action::ListPageUp | Action::PageUp => -page,
        Action::ListPageDown | Action::PageDown => page,
        Action::HalfPageUp => -(page / 2).max(1),
        Action::HalfPageDown => (page / 2).max(1),
        Action::Top => isize::MIN / 2,
        Action::Bottom => isize::MAX / 2,
        _ => return None,
    })
}

/// What a key means to a list of the corpus views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKey {
    /// `list-close`.
    Close,
    /// `list-choose`.
    Choose,
    /// A move by this many entries.
    Move(isize),
    /// Anything else: the list's own keys, or typing.
    Other,
}

/// What a key means to a list with `page` entries in view: the list
/// actions always; the panes' moves (`j`, `k`, `g`, `G`, ...) too once the
/// list has the keys, when nothing is being typed (`typing` false).
pub fn list_key(keymap: &KeyMap, key: &KeyEvent, typing: bool, page: usize) -> ListKey {
    let listed = keymap.list_action(key);
    match listed {
        Some(Action::ListClose) => return ListKey::Close,
        Some(Action::ListChoose) => return ListKey::Choose,
        _ => {}
    }
    listed
        .or_else(|| (!typing).then(|| keymap.action(key)).flatten())
        .and_then(|action| step(action, page))
        .map_or(ListKey::Other, ListKey::Move)
}

/// `selected` moved by `delta` in a list of `len` entries, kept inside it.
pub fn moved(selected: usize, len: usize, delta: isize) -> usize {
    let max = len.saturating_sub(1) as isize;
    (selected as isize).saturating_add(delta).clamp(0, max) as usize
}

/// The entries a list of `len` shows in `height` rows so that `selected`
/// is in view: the one scrolling rule of every list drawn.
pub fn visible(len: usize, selected: usize, height: usize) -> std::ops::Range<usize> {
    let h = height.max(1);
    let first = if len <= h {
        0
    } else {
        selected.saturating_sub(h - 1).min(len - h)
    };
    first..(first + height).min(len)
}

/// The rows of a list of `len` entries drawn in `area` with `selected` in
/// view: each entry in view with its one-row rectangle, top down.
pub fn rows(len: usize, selected: usize, area: Rect) -> impl Iterator<Item = (usize, Rect)> {
    visible(len, selected, usize::from(area.height))
        .zip(area.y..)
        .map(move |(i, y)| {
            (
                i,
                Rect {
                    y,
                    height: 1,
                    ..area
                },
            )
        })
}

/// The rows of a list drawn in `area` whose entries take several rows
/// under group headings (the search results, the indexes): `len` rows in
/// all, the selected entry on rows `selected`, shown with up to `context`
/// rows above it (its headings) when they fit.
pub fn rows_around(
    len: usize,
    selected: std::ops::Range<usize>,
    context: usize,
    area: Rect,
) -> impl Iterator<Item = (usize, Rect)> {
    let h = usize::from(area.height);
    let first = if len <= h {
        0
    } else {
        let wanted = selected.start.saturating_sub(context);
        wanted.max(selected.end.saturating_sub(h)).min(len - h)
    };
    (first..(first + h).min(len))
        .zip(area.y..)
        .map(move |(i, y)| {
            (
                i,
                Rect {
                    y,
                    height: 1,
                    ..area
                },
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stay_inside_the_list() {
        assert_eq!(moved(0, 5, -1), 0);
        assert_eq!(moved(0, 5, 1), 1);
        assert_eq!(moved(3, 5, 10), 4);
        assert_eq!(moved(3, 0, 1), 0);
        assert_eq!(moved(2, 5, step(Action::Top, 10).unwrap()), 0);
        assert_eq!(moved(2, 5, step(Action::Bottom, 10).unwrap()), 4);
        assert_eq!(step(Action::ListPageDown, 7), Some(7));
        assert_eq!(step(Action::Tag, 7), None);
        assert_eq!(visible(3, 2, 10), 0..3);
        assert_eq!(visible(10, 0, 4), 0..4);
        assert_eq!(visible(10, 5, 4), 2..6);
        assert_eq!(visible(10, 9, 4), 6..10);
        let area = Rect::new(2, 5, 8, 3);
        let placed: Vec<(usize, u16)> = rows(10, 9, area).map(|(i, r)| (i, r.y)).collect();
        assert_eq!(placed, vec![(7, 5), (8, 6), (9, 7)]);
        assert!(rows(10, 9, area).all(|(_, r)| r.height == 1 && r.x == 2 && r.width == 8));
        assert_eq!(rows(0, 0, area).count(), 0);
        // Entries of two rows under headings: the selected one with its
        // heading above, or at the bottom when that is the end.
        let around = |sel: std::ops::Range<usize>| -> Vec<usize> {
            rows_around(10, sel, 2, area).map(|(i, _)| i).collect()
        };
        assert_eq!(around(0..2), [0, 1, 2]);
        assert_eq!(around(5..7), [4, 5, 6]);
        assert_eq!(around(8..10), [7, 8, 9]);
        assert_eq!(rows_around(2, 1..2, 2, area).count(), 2);
    }
}
