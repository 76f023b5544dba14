//! The look of the reader, apart from the views so that components (the
//! pickers, the help, the document picker) can draw themselves with it:
//! [`Theme`], the styles and symbols of 16 colours or none, Unicode or
//! ASCII; and the frame every popup is drawn in ([`centred`], [`popup`],
//! [`filter_popup`]).

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear};

/// The styles and symbols of one look: 16 colours or none, Unicode or ASCII.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub heading: Style,
    pub heading_current: Style,
    pub item: Style,
    pub mark: Style,
    pub hit: Style,
    pub hit_current: Style,
    pub tree_focused: Style,
    pub tree_unfocused: Style,
    pub status: Style,
    pub separator: Style,
    pub dim: Style,
    pub mark_symbol: &'static str,
    pub separator_symbol: &'static str,
    pub open_symbol: &'static str,
    pub closed_symbol: &'static str,
    pub border: border::Set<'static>,
    /// Whether colours are used (tags in their theme colour).
    pub colour: bool,
    pub cursor: Style,
    pub selection: Style,
    /// The gutter bar of tagged rows.
    pub bar_symbol: &'static str,
    pub note_symbol: &'static str,
    /// Decorations in ASCII only (see [`Theme::deco`]).
    pub ascii: bool,
}

/// The ASCII stand-in of a decoration character floor draws (separators,
/// ellipses, arrows, tree and note marks), None for any other character.
pub fn ascii_fallback(c: char) -> Option<&'static str> {
    Some(match c {
        '·' | '—' | '–' => "-",
        '…' => "...",
        '↑' => "^",
        '↓' | '▾' => "v",
        '←' => "<",
        '→' | '▸' => ">",
        '│' | '┃' | '▌' => "|",
        '✎' => "*",
        '×' => "x",
        '“' | '”' => "\"",
        _ => return None,
    })
}

const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    /// The look with colours (`color`, false under `NO_COLOR`) or not,
    /// in ASCII (`ascii`) or Unicode.
    pub fn new(color: bool, ascii: bool) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let (symbols_mark, sep, open, closed, border) = if ascii {
            ("|", "|", "- ", "+ ", ASCII_BORDER)
        } else {
            ("▌", "│", "▾ ", "▸ ", border::ROUNDED)
        };
        let base = Theme {
            heading: bold,
            heading_current: bold.add_modifier(Modifier::UNDERLINED),
            item: bold.add_modifier(Modifier::UNDERLINED),
            mark: Style::new(),
            hit: Style::new().add_modifier(Modifier::REVERSED),
            hit_current: Style::new()
                .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
            tree_focused: Style::new().add_modifier(Modifier::REVERSED),
            tree_unfocused: bold.add_modifier(Modifier::UNDERLINED),
            status: Style::new().add_modifier(Modifier::REVERSED),
            separator: Style::new(),
            dim: Style::new(),
            mark_symbol: symbols_mark,
            separator_symbol: sep,
            open_symbol: open,
            closed_symbol: closed,
            border,
            colour: false,
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            selection: Style::new().add_modifier(Modifier::REVERSED),
            bar_symbol: if ascii { "|" } else { "┃" },
            note_symbol: if ascii { "*" } else { "✎" },
            ascii,
        };
        if !color {
            return base;
        }
        Theme {
            heading: bold.fg(Color::Cyan),
            heading_current: bold.fg(Color::Yellow),
            item: bold.fg(Color::Magenta),
            mark: Style::new().fg(Color::Yellow),
            hit: Style::new().fg(Color::Black).bg(Color::Yellow),
            hit_current: bold.fg(Color::Black).bg(Color::LightRed),
            tree_focused: bold.fg(Color::White).bg(Color::Blue),
            tree_unfocused: bold.fg(Color::Blue),
            status: Style::new().fg(Color::White).bg(Color::Blue),
            separator: Style::new().fg(Color::DarkGray),
            dim: Style::new().fg(Color::DarkGray),
            colour: true,
            selection: Style::new().bg(Color::DarkGray),
            ..base
        }
    }
}

impl Theme {
    /// One of floor's own strings (a hint, a separator, a note), as this
    /// theme draws it: in ASCII mode each decoration character becomes its
    /// ASCII stand-in ([`ascii_fallback`]). Document text does not go
    /// through here.
    pub fn deco<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if !self.ascii || s.is_ascii() {
            return Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len() + 4);
        for c in s.chars() {
            match ascii_fallback(c) {
                Some(ascii) => out.push_str(ascii),
                None => out.push(c),
            }
        }
        Cow::Owned(out)
    }
}

/// Row `i` of `area`.
pub fn line_at(area: Rect, i: u16) -> Rect {
    Rect {
        y: area.y + i,
        height: 1,
        ..area
    }
}

/// `text` cut to the row `rect`, in `style`.
pub fn put(frame: &mut Frame, rect: Rect, text: &str, style: Style) {
    let text = crate::text::wrap::truncate_to_width(text, usize::from(rect.width));
    frame
        .buffer_mut()
        .set_stringn(rect.x, rect.y, text, usize::from(rect.width), style);
}

/// A centred rectangle at most `width`×`height` inside `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// The bordered block of a popup, its title in bold.
pub fn popup<'a>(title: &'a str, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .border_set(theme.border)
        .title(Line::from(format!(" {title} ")).style(Style::new().add_modifier(Modifier::BOLD)))
}

/// A centred popup with a filter line on top: returns the area left for
/// the list below it (None when nothing fits).
pub fn filter_popup(
    frame: &mut Frame,
    area: Rect,
    (width, height): (u16, u16),
    title: &str,
    filter: &str,
    theme: &Theme,
) -> Option<Rect> {
    let rect = centred(area, width, height);
    frame.render_widget(Clear, rect);
    let block = popup(title, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height == 0 {
        return None;
    }
    frame.buffer_mut().set_line(
        inner.x,
        inner.y,
        &Line::from(format!(" > {filter}")),
        inner.width,
    );
    Some(Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    })
}
