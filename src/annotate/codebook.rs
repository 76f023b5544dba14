//! The codebook: the themes tags are made of.
//!
//! The default codebook (`assets/codebook.toml`) covers UN cyber diplomacy;
//! the configuration's `[[theme]]` tables add themes, change fields of known
//! ones or remove them ([`Codebook::with_config`]). Themes nest one level.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::config::ThemeEntry;

/// The bundled default codebook.
pub const DEFAULT_CODEBOOK: &str = include_str!("../../assets/codebook.toml");

/// A colour, `#RRGGBB` in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#RRGGBB` (the `#` may be left out).
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.strip_prefix('#').unwrap_or(s);
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// One theme of the codebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Stable id (`capacity-building`), used in annotation files and queries.
    pub id: String,
    pub label: String,
    /// A short marker shown inline without colour (`CB`).
    pub short: String,
    pub colour: Rgb,
    /// The key that picks the theme in the theme picker.
    pub key: Option<char>,
    pub description: String,
    /// Words and phrases that suggest the theme (case-insensitive, whole words).
    pub keywords: Vec<String>,
    /// The theme this one is nested under (one level only).
    pub parent: Option<String>,
}

/// A theme as written in `assets/codebook.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    id: String,
    label: String,
    #[serde(default)]
    short: Option<String>,
    colour: String,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    parent: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodebookFile {
    theme: Vec<ThemeFile>,
}

/// The themes in use, in display order (children follow their parent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Codebook {
    pub themes: Vec<Theme>,
}

impl Default for Codebook {
    fn default() -> Self {
        Codebook::parse(DEFAULT_CODEBOOK).expect("the bundled codebook parses")
    }
}

/// The initials of a label, for the inline marker: "Capacity building" → "CB".
pub fn initials(label: &str) -> String {
    let s: String = label
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|w| w.chars().next())
        .take(3)
        .flat_map(char::to_uppercase)
        .collect();
    if s.is_empty() { "?".into() } else { s }
}

fn single_key(s: &Option<String>) -> Option<char> {
    let s = s.as_deref()?;
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() && c != ' ' => Some(c),
        _ => None,
    }
}

/// The `[[theme]]` tables of a configuration with where their values are,
/// for [`check_theme_entries`].
#[derive(serde::Deserialize, Default)]
struct SpannedThemes {
    #[serde(default)]
    theme: Vec<SpannedTheme>,
}

#[derive(serde::Deserialize)]
struct SpannedTheme {
    id: Option<toml::Spanned<String>>,
    colour: Option<toml::Spanned<String>>,
    key: Option<toml::Spanned<String>>,
}

/// Checks the configuration's `[[theme]]` entries (`source`, the file's
/// text) as the reader would use them, so that nothing is dropped in
/// silence: a colour that is not `#RRGGBB`, a key that is not one
/// character, and one key given to two themes (the first would lose it)
/// are errors at their line.
pub fn check_theme_entries(
    path: &std::path::Path,
    source: &str,
) -> Result<(), crate::config::ConfigError> {
    use crate::config::ConfigError;
    let Ok(parsed) = toml::from_str::<SpannedThemes>(source) else {
        return Ok(()); // the configuration's own parse reports it
    };
    let id_of = |t: &SpannedTheme| {
        t.id.as_ref()
            .map_or("", |i| i.get_ref().as_str())
            .to_string()
    };
    let mut keys: Vec<(char, String, usize)> = Vec::new();
    for t in &parsed.theme {
        if let Some(colour) = &t.colour
            && Rgb::parse(colour.get_ref()).is_none()
        {
            return Err(ConfigError::at_span(
                path,
                source,
                colour.span(),
                format!(
                    "colour `{}` of theme `{}` is not #RRGGBB",
                    colour.get_ref(),
                    id_of(t)
                ),
            ));
        }
        let Some(key) = &t.key else { continue };
        let Some(c) = single_key(&Some(key.get_ref().clone())) else {
            return Err(ConfigError::at_span(
                path,
                source,
                key.span(),
                format!(
                    "key `{}` of theme `{}` must be one character",
                    key.get_ref(),
                    id_of(t)
                ),
            ));
        };
        if let Some((_, first, start)) = keys.iter().find(|(k, _, _)| *k == c) {
            let (line, _) = crate::config::line_column(source, *start);
            return Err(ConfigError::at_span(
                path,
                source,
                key.span(),
                format!(
                    "key `{c}` is given to two themes, `{first}` (line {line}) and `{}`; give one of them another key",
                    id_of(t)
                ),
            ));
        }
        keys.push((c, id_of(t), key.span().start));
    }
    Ok(())
}

impl Codebook {
    /// Parses a codebook file (`[[theme]]` tables).
    pub fn parse(source: &str) -> Result<Codebook, String> {
        let file: CodebookFile = toml::from_str(source).map_err(|e| e.to_string())?;
        let themes = file
            .theme
            .into_iter()
            .map(|t| {
                let colour = Rgb::parse(&t.colour)
                    .ok_or_else(|| format!("theme {}: colour must be #RRGGBB", t.id))?;
                Ok(Theme {
                    short: t.short.unwrap_or_else(|| initials(&t.label)),
                    key: single_key(&t.key),
                    id: t.id,
                    label: t.label,
                    colour,
                    description: t.description,
                    keywords: t.keywords,
                    parent: t.parent,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let mut book = Codebook { themes };
        book.normalise();
        Ok(book)
    }

    /// The default codebook with the configuration's `[[theme]]` entries
    /// applied: an entry with a known id changes the fields it gives (or
    /// removes the theme with `remove = true`), an unknown id adds a theme.
    pub fn with_config(entries: &[ThemeEntry]) -> Codebook {
        let mut book = Codebook::default();
        book.apply(entries);
        book
    }

    /// Applies configuration entries to this codebook.
    pub fn apply(&mut self, entries: &[ThemeEntry]) {
        for entry in entries {
            if entry.remove {
                self.themes
                    .retain(|t| t.id != entry.id && t.parent.as_deref() != Some(&entry.id));
                continue;
            }
            let i = match self.themes.iter().position(|t| t.id == entry.id) {
                Some(i) => i,
                None => {
                    let label = entry.label.clone().unwrap_or_else(|| entry.id.clone());
                    self.themes.push(Theme {
                        id: entry.id.clone(),
                        short: initials(&label),
                        label,
                        colour: Rgb(0x80, 0x80, 0x80),
                        key: None,
                        description: String::new(),
                        keywords: Vec::new(),
                        parent: None,
                    });
                    self.themes.len() - 1
                }
            };
            let theme = &mut self.themes[i];
            if let Some(label) = &entry.label {
                theme.label = label.clone();
                if entry.short.is_none() {
                    theme.short = initials(label);
                }
            }
            if let Some(short) = &entry.short {
                theme.short = short.clone();
            }
            if let Some(colour) = entry.colour.as_deref().and_then(Rgb::parse) {
                theme.colour = colour;
            }
            if let Some(key) = single_key(&entry.key) {
                theme.key = Some(key);
            }
            if let Some(d) = &entry.description {
                theme.description = d.clone();
            }
            if let Some(k) = &entry.keywords {
                theme.keywords = k.clone();
            }
            if let Some(p) = &entry.parent {
                theme.parent = (!p.is_empty()).then(|| p.clone());
            }
            // A key given here leaves any other theme.
            if let Some(key) = single_key(&entry.key) {
                let id = entry.id.clone();
                for t in &mut self.themes {
                    if t.id != id && t.key == Some(key) {
                        t.key = None;
                    }
                }
            }
        }
        self.normalise();
    }

    /// Parents must exist and be top-level (one level of nesting); children
    /// follow their parent.
    fn normalise(&mut self) {
        let top: Vec<String> = self
            .themes
            .iter()
            .filter(|t| t.parent.is_none())
            .map(|t| t.id.clone())
            .collect();
        for t in &mut self.themes {
            if t.parent
                .as_ref()
                .is_some_and(|p| !top.contains(p) || *p == t.id)
            {
                t.parent = None;
            }
        }
        let mut ordered = Vec::with_capacity(self.themes.len());
        for parent in self.themes.iter().filter(|t| t.parent.is_none()) {
            ordered.push(parent.clone());
            for child in self
                .themes
                .iter()
                .filter(|t| t.parent.as_deref() == Some(&parent.id))
            {
                ordered.push(child.clone());
            }
        }
        self.themes = ordered;
    }

    /// The theme of an id.
    pub fn get(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// The index of a theme id.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.themes.iter().position(|t| t.id == id)
    }

    /// The theme of a shortcut key.
    pub fn by_key(&self, key: char) -> Option<&Theme> {
        self.themes.iter().find(|t| t.key == Some(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_codebook_has_the_issue_themes() {
        let book = Codebook::default();
        for id in [
            "capacity-building",
            "stakeholders",
            "international-law",
            "norms",
            "cbms",
            "threats",
            "institutional-dialogue",
            "critical-infrastructure",
            "human-rights",
            "gender",
            "cybercrime",
            "digital-divide",
        ] {
            let t = book.get(id).unwrap_or_else(|| panic!("{id}"));
            assert!(t.key.is_some() && !t.keywords.is_empty() && !t.description.is_empty());
        }
        let poa = book.get("institutional-dialogue").unwrap();
        for k in ["Programme of Action", "Program of Action", "PoA"] {
            assert!(poa.keywords.iter().any(|w| w == k), "{k}");
        }
        let mut keys: Vec<char> = book.themes.iter().filter_map(|t| t.key).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "shortcut keys are unique");
        assert_eq!(
            book.get("ransomware").unwrap().parent.as_deref(),
            Some("threats")
        );
    }

    #[test]
    fn configuration_adds_changes_and_removes() {
        let entries = vec![
            ThemeEntry {
                id: "gender".into(),
                remove: true,
                ..ThemeEntry::default()
            },
            ThemeEntry {
                id: "norms".into(),
                colour: Some("#000001".into()),
                key: Some("c".into()),
                ..ThemeEntry::default()
            },
            ThemeEntry {
                id: "ai".into(),
                label: Some("Artificial intelligence".into()),
                parent: Some("threats".into()),
                ..ThemeEntry::default()
            },
        ];
        let book = Codebook::with_config(&entries);
        assert!(book.get("gender").is_none());
        assert_eq!(book.get("norms").unwrap().colour, Rgb(0, 0, 1));
        assert_eq!(book.by_key('c').unwrap().id, "norms");
        assert_eq!(book.get("capacity-building").unwrap().key, None);
        let ai = book.get("ai").unwrap();
        assert_eq!(ai.short, "AI");
        assert_eq!(ai.parent.as_deref(), Some("threats"));
        let threats = book.index("threats").unwrap();
        assert!(book.index("ai").unwrap() > threats);
    }

    #[test]
    fn colours_round_trip() {
        assert_eq!(Rgb::parse("#2E8B57"), Some(Rgb(0x2e, 0x8b, 0x57)));
        assert_eq!(Rgb(0x2e, 0x8b, 0x57).to_string(), "#2E8B57");
        assert_eq!(Rgb::parse("#12345"), None);
    }
}
