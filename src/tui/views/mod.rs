//! Drawing: each view reads the state and draws into the frame; nothing here
//! does I/O or changes what the reader shows.

mod corpus;
mod overlays;
mod status;
mod text;
mod tree;

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use super::state::{App, Mode, Options};

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
    pub fn new(options: Options) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let (symbols_mark, sep, open, closed, border) = if options.ascii {
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
            bar_symbol: if options.ascii { "|" } else { "┃" },
            note_symbol: if options.ascii { "*" } else { "✎" },
            ascii: options.ascii,
        };
        if !options.color {
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

impl App {
    /// Draws the whole reader into the frame.
    pub fn render(&mut self, frame: &mut Frame) {
        let area = frame.area();
        if self.size != area {
            self.size = area;
        }
        self.ensure_layout();
        self.clamp_scroll();
        let theme = Theme::new(self.options);
        let g = self.geometry();
        if g.too_small {
            overlays::too_small(frame, area, &theme);
            return;
        }
        if let Some(rect) = g.tree {
            tree::render(self, frame, rect, &theme);
        }
        if let Some(rect) = g.separator {
            let buf = frame.buffer_mut();
            for y in rect.top()..rect.bottom() {
                buf[(rect.x, y)]
                    .set_symbol(theme.separator_symbol)
                    .set_style(theme.separator);
            }
        }
        if let Some(rect) = g.text {
            text::render(self, frame, rect, &theme);
        }
        status::render(self, frame, g.status, &theme);
        match self.mode {
            Mode::Help => overlays::help(self, frame, area, &theme),
            Mode::SpeakerPicker => overlays::picker(self, frame, area, &theme),
            Mode::ThemePicker => overlays::theme_picker(self, frame, area, &theme),
            Mode::Note => overlays::note(self, frame, area, &theme),
            Mode::Prompt => overlays::prompt(self, frame, area, &theme),
            Mode::Corpus => corpus::render(self, frame, area, &theme),
            Mode::Quit => overlays::quit_guard(self, frame, area, &theme),
            Mode::Agreement => overlays::agreement(self, frame, area, &theme),
            Mode::Normal | Mode::Search => {}
        }
    }
}
