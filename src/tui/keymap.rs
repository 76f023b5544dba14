//! Keys to actions: the default map as data, the configuration's `[keys]`
//! merged over it, key names parsed and printed, and the help rows (and the
//! README's key table) generated from the same map.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::config::ConfigError;

/// One key with its modifiers, as bound in the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    /// Only Ctrl and Alt count; Shift is part of the character (`G`, `?`).
    pub modifiers: KeyModifiers,
}

impl Key {
    /// The key of a terminal key event, normalised for lookup.
    pub fn from_event(event: &KeyEvent) -> Key {
        let modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        Key { code, modifiers }
    }

    /// Parses a key name: `j`, `G`, `?`, `ctrl-d`, `alt-x`, `enter`, `pagedown`, `f1`.
    pub fn parse(name: &str) -> Option<Key> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = name;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                modifiers |= KeyModifiers::CONTROL;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                modifiers |= KeyModifiers::ALT;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() && c != ' ' => {
                if modifiers.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" | "shift-tab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "insert" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                f if f.starts_with('f') => {
                    let n: u8 = f[1..].parse().ok()?;
                    if !(1..=12).contains(&n) {
                        return None;
                    }
                    KeyCode::F(n)
                }
                _ => return None,
            },
        };
        Some(Key { code, modifiers })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("backtab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::Insert => f.write_str("insert"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pageup"),
            KeyCode::PageDown => f.write_str("pagedown"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The default bindings: each action and its keys, in help order.
pub const DEFAULT_KEYS: &[(Action, &[&str])] = &[
    (Action::Up, &["k", "up"]),
    (Action::Down, &["j", "down"]),
    (Action::PageUp, &["pageup"]),
    (Action::PageDown, &["pagedown", "space"]),
    (Action::HalfPageUp, &["ctrl-u"]),
    (Action::HalfPageDown, &["ctrl-d"]),
    (Action::Top, &["g", "home"]),
    (Action::Bottom, &["G", "end"]),
    (Action::Collapse, &["h", "left"]),
    (Action::Expand, &["l", "right"]),
    (Action::Open, &["enter"]),
    (Action::SwitchPane, &["tab", "backtab"]),
    (Action::ListUp, &["up", "ctrl-p"]),
    (Action::ListDown, &["down", "ctrl-n"]),
    (Action::ListPageUp, &["pageup"]),
    (Action::ListPageDown, &["pagedown"]),
    (Action::ListChoose, &["enter", "ctrl-m"]),
    (Action::ListClose, &["esc"]),
    (Action::SaveNote, &["ctrl-s"]),
    (Action::NextTurn, &["]"]),
    (Action::PrevTurn, &["["]),
    (Action::NextItem, &["}"]),
    (Action::PrevItem, &["{"]),
    (Action::Speakers, &["s"]),
    (Action::Search, &["/"]),
    (Action::NextHit, &["n"]),
    (Action::PrevHit, &["N"]),
    (Action::WordNext, &["w"]),
    (Action::WordPrev, &["b"]),
    (Action::WordEnd, &["e"]),
    (Action::SentenceNext, &[")"]),
    (Action::SentencePrev, &["("]),
    (Action::Select, &["v"]),
    (Action::SelectParagraph, &["V"]),
    (Action::Tag, &["t"]),
    (Action::Untag, &["x"]),
    (Action::Undo, &["u"]),
    (Action::Redo, &["ctrl-r"]),
    (Action::Note, &["a"]),
    (Action::Suggestions, &["z"]),
    (Action::AcceptSuggestion, &["y"]),
    (Action::AcceptTurnSuggestions, &["Y"]),
    (Action::DismissSuggestion, &["d"]),
    (Action::Reattribute, &["R"]),
    (Action::SplitTurn, &["|"]),
    (Action::MergeTurn, &["M"]),
    (Action::StartItem, &["A"]),
    (Action::TagDetails, &["i"]),
    (Action::CoderFilter, &["c"]),
    (Action::NextConflict, &["X"]),
    (Action::Agreement, &["D"]),
    (Action::CorpusSearch, &["F"]),
    (Action::SpeakerIndex, &["S"]),
    (Action::ThemeIndex, &["T"]),
    (Action::ThemeTable, &["C"]),
    (Action::Export, &["E"]),
    (Action::Documents, &["o"]),
    (Action::TreeWider, &[">"]),
    (Action::TreeNarrower, &["<"]),
    (Action::Warnings, &["W"]),
    (Action::Mouse, &["m"]),
    (Action::Help, &["?", "f1"]),
    (Action::Suspend, &["ctrl-z"]),
    (Action::Quit, &["q", "ctrl-c"]),
];

/// The key map in use: every action with its keys.
#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: Vec<(Action, Vec<Key>)>,
}

impl Default for KeyMap {
    fn default() -> Self {
        let bindings = Action::ALL
            .iter()
            .map(|&action| {
                let keys = DEFAULT_KEYS
                    .iter()
                    .find(|(a, _)| *a == action)
                    .map(|(_, keys)| {
                        keys.iter()
                            .map(|k| Key::parse(k).expect("default key names parse"))
                            .collect()
                    })
                    .unwrap_or_default();
                (action, keys)
            })
            .collect();
        KeyMap { bindings }
    }
}

impl KeyMap {
    /// The default map with the configuration's `[keys]` applied: each entry
    /// replaces the keys of its action, and the key leaves any other action
    /// of the same context (lists and pickers, or the panes).
    /// `source` is the configuration text, so errors name file and line.
    pub fn with_config(
        keys: &BTreeMap<String, toml::Spanned<String>>,
        path: &Path,
        source: &str,
    ) -> Result<KeyMap, ConfigError> {
        let mut map = KeyMap::default();
        for (name, value) in keys {
            let Some(action) = Action::from_name(name) else {
                // The span of a table key is not kept; find it in the text.
                let at = find_key_span(source, name).unwrap_or(value.span());
                return Err(ConfigError::at_span(
                    path,
                    source,
                    at,
                    format!("unknown action `{name}` in [keys] (see the help, `?`, for the names)"),
                ));
            };
            let Some(key) = Key::parse(value.get_ref()) else {
                return Err(ConfigError::at_span(
                    path,
                    source,
                    value.span(),
                    format!(
                        "unknown key name `{}` for `{name}` (examples: \"j\", \"G\", \"ctrl-d\", \"pagedown\", \"f1\")",
                        value.get_ref()
                    ),
                ));
            };
            for (other, keys) in &mut map.bindings {
                if other.in_lists() == action.in_lists() {
                    keys.retain(|k| *k != key);
                }
            }
            if let Some((_, keys)) = map.bindings.iter_mut().find(|(a, _)| *a == action) {
                *keys = vec![key];
            }
        }
        Ok(map)
    }

    /// The action of the panes bound to a key event.
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        self.lookup(event, false)
    }

    /// The list and picker action ([`Action::in_lists`]) bound to a key
    /// event.
    pub fn list_action(&self, event: &KeyEvent) -> Option<Action> {
        self.lookup(event, true)
    }

    fn lookup(&self, event: &KeyEvent, in_lists: bool) -> Option<Action> {
        let key = Key::from_event(event);
        self.bindings
            .iter()
            .find(|(action, keys)| action.in_lists() == in_lists && keys.contains(&key))
            .map(|(action, _)| *action)
    }

    /// The keys of an action.
    pub fn keys(&self, action: Action) -> &[Key] {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .map_or(&[], |(_, keys)| keys.as_slice())
    }

    /// The first key of an action as hints and the status line name it
    /// (the action's name when it has no key).
    pub fn key_name(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map_or_else(|| action.name().to_string(), ToString::to_string)
    }

    /// A hint from a template naming actions in braces (`{list-choose}
    /// jump`): each becomes the action's first key, the arrow keys as
    /// arrows, so that a hint says what the keys are wherever they were
    /// bound.
    pub fn hint(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            let key =
                Action::from_name(name).map_or_else(|| name.to_string(), |a| self.key_name(a));
            out.push_str(match key.as_str() {
                "down" => "↓",
                "up" => "↑",
                "left" => "←",
                "right" => "→",
                other => other,
            });
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The key table as Markdown, for the README.
    pub fn markdown_table(&self) -> String {
        let mut out = String::from("| key | action | what it does |\n|---|---|---|\n");
        for (action, keys) in &self.bindings {
            let keys = keys
                .iter()
                .map(|k| format!("`{}`", k.to_string().replace('|', "\\|")))
                .collect::<Vec<_>>()
                .join(" ");
            out.push_str(&format!(
                "| {keys} | `{}` | {} |\n",
                action.name(),
                action.description()
            ));
        }
        out
    }
}

/// The byte span of a bare key `name` in the `[keys]` table of `source`.
fn find_key_span(source: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let table = source.find("[keys]")?;
    let mut offset = table;
    for line in source[table..].split_inclusive('\n') {
        let trimmed = line.trim_start();
        let key = trimmed
            .split('=')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        if key == name {
            let start = offset + (line.len() - trimmed.len());
            return Some(start..start + name.len());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_round_trip() {
        for name in [
            "j", "G", "?", "ctrl-d", "alt-x", "enter", "pagedown", "f1", "space", "]", "{",
        ] {
            let key = Key::parse(name).unwrap();
            assert_eq!(key.to_string(), name);
        }
        assert_eq!(Key::parse("Ctrl-D"), Key::parse("ctrl-d"));
        assert_eq!(Key::parse("nonsense"), None);
        assert_eq!(Key::parse("f13"), None);
    }

    #[test]
    fn list_keys_are_looked_up_apart_and_can_be_rebound() {
        let event = |code, modifiers| KeyEvent::new(code, modifiers);
        let up = event(KeyCode::Up, KeyModifiers::NONE);
        let map = KeyMap::default();
        assert_eq!(map.action(&up), Some(Action::Up));
        assert_eq!(map.list_action(&up), Some(Action::ListUp));
        let source = "[keys]\nlist-up = \"ctrl-k\"\n";
        #[derive(serde::Deserialize)]
        struct File {
            keys: BTreeMap<String, toml::Spanned<String>>,
        }
        let file: File = toml::from_str(source).unwrap();
        let map = KeyMap::with_config(&file.keys, Path::new("c.toml"), source).unwrap();
        let ctrl_k = event(KeyCode::Char('k'), KeyModifiers::CONTROL);
        assert_eq!(map.list_action(&ctrl_k), Some(Action::ListUp));
        assert_eq!(
            map.list_action(&up),
            None,
            "the binding replaces the defaults"
        );
        assert_eq!(
            map.action(&up),
            Some(Action::Up),
            "the panes keep their keys"
        );
    }

    #[test]
    fn hints_name_the_keys_of_the_key_map() {
        let keymap = KeyMap::default();
        assert_eq!(
            keymap.hint(
                "{down} {up} move · {list-down}{list-up} · {list-choose} jump · {list-close}"
            ),
            "j k move · ↓↑ · enter jump · esc"
        );
        let mut keys = BTreeMap::new();
        keys.insert(
            "list-choose".to_string(),
            toml::Spanned::new(0..0, "tab".to_string()),
        );
        let rebound = KeyMap::with_config(&keys, Path::new("floor.toml"), "").unwrap();
        assert_eq!(rebound.hint("{list-choose} jump"), "tab jump");
    }

    #[test]
    fn every_action_has_a_default_key() {
        let map = KeyMap::default();
        for &action in Action::ALL {
            assert!(!map.keys(action).is_empty(), "{action:?}");
        }
    }
}
