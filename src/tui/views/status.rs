//! The status line, and the search input when searching.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::Theme;
use crate::text::counted;
use crate::text::wrap::{display_width, truncate_to_width};
use crate::tui::action::Action;
use crate::tui::document_view::heading;
use crate::tui::state::{App, Mode};

pub(super) fn render(app: &mut App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let buf = frame.buffer_mut();
    buf.set_style(area, theme.status);
    let width = usize::from(area.width);
    let mut right = Vec::new();
    match app.loading {
        // Before the documents are counted.
        Some((_, 0)) => right.push(theme.deco("loading…").into_owned()),
        Some((done, total)) => right.push(format!(
            "loading {} / {}",
            crate::text::grouped(done),
            crate::text::grouped(total)
        )),
        None => {}
    }
    if let Some(hits) = app.search.status(app.session.selection.doc.is_some()) {
        right.push(hits);
    }
    if !app.warnings.is_empty() && app.session.selection.doc.is_some() {
        right.push(format!(
            "{} not loaded ({})",
            counted(app.warnings.len(), "path", "paths"),
            key_of(app, Action::Warnings)
        ));
    }
    // The open document cannot be edited (its annotation file is broken).
    if let Some(d) = app.session.selection.doc
        && let crate::annotate::ledger::SaveState::ReadOnly(_) = app.session.save_state(d)
    {
        right.push("read-only".into());
    }
    if app.coder_filter != crate::annotate::agree::CoderFilter::All {
        right.push(crate::export::report::one_line(&app.coder_filter.label()));
    }
    if let Some(saving) = app.session.save_status() {
        right.push(theme.deco(&saving).into_owned());
    }
    if let Some((_, id)) = &app.notes.reattach {
        let _ = id;
        right.push("re-attaching".into());
    }
    if app.notes.anchor.is_some() {
        right.push("selecting".into());
    }
    right.push(format!("{} help", key_of(app, Action::Help)));
    let dot = theme.deco(" · ");
    let right = format!(" {} ", right.join(&dot));

    if app.mode == Mode::Search {
        let prompt = "/";
        buf.set_string(area.x, area.y, prompt, theme.status);
        let right_w = display_width(&right).min(width / 2);
        let input = Rect {
            x: area.x + 1,
            width: area.width.saturating_sub(1 + right_w as u16),
            ..area
        };
        app.search.input.render(frame, input, theme.status);
        let buf = frame.buffer_mut();
        buf.set_string(
            area.x + area.width - right_w as u16,
            area.y,
            truncate_to_width(&right, right_w),
            theme.status,
        );
        return;
    }

    let mut left = Vec::new();
    if let Some(message) = &app.message {
        left.push(message.clone());
    } else if let Some(d) = app.session.selection.doc {
        let doc = &app.session.docs[d];
        left.push(doc.id.rsplit('/').next().unwrap_or(&doc.id).to_string());
        if let Some((item, index)) = app.session.docs[d].turn_location(app.session.selection.turn) {
            let item = &doc.agenda_items[item];
            if let Some(title) = &item.title {
                left.push(title.clone());
            }
            left.push(heading_short(&item.turns[index]));
        }
        let percent = app.percent();
        left.push(format!("{percent}%"));
    } else if !app.warnings.is_empty() {
        left.push(format!(
            "{} not loaded: {} shows why",
            counted(app.warnings.len(), "path", "paths"),
            key_of(app, Action::Warnings)
        ));
    } else {
        left.push(counted(app.session.docs.len(), "document", "documents"));
    }
    let left = format!(" {}", left.join(&dot));
    let right_w = display_width(&right).min(width);
    let left_w = width.saturating_sub(right_w);
    let ellipsis = theme.deco("…");
    let buf = frame.buffer_mut();
    buf.set_line(
        area.x,
        area.y,
        &Line::from(crate::text::fit(&left, " ", left_w, &ellipsis)),
        left_w as u16,
    );
    buf.set_string(
        area.x + left_w as u16,
        area.y,
        truncate_to_width(&right, right_w),
        theme.status,
    );
}

/// The first key of an action, as the status line names it.
fn key_of(app: &App, action: Action) -> String {
    app.keymap.key_name(action)
}

/// Speaker and, where set, the group: shorter than the heading.
fn heading_short(turn: &crate::model::Turn) -> String {
    match turn.on_behalf_of() {
        Some(group) => format!("{} for {group}", turn.speaker),
        None => {
            let h = heading(turn);
            h.split(" · ").next().unwrap_or(&h).to_string()
        }
    }
}
