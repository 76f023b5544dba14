//! Configuration: its types, its defaults and loading it from a file.
//!
//! `config.example.toml` at the top of the repository documents every option
//! with its default; a test keeps it equal to [`Config::default`].

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::Role;

/// Everything a user can configure.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub user: UserConfig,
    pub ingest: IngestConfig,
    pub display: DisplayConfig,
    /// Speakers added to the built-in registry, or changes to known ones.
    pub speaker: Vec<SpeakerEntry>,
    /// The agenda vocabulary that agenda item titles are normalised against.
    pub agenda: Vec<AgendaEntry>,
    /// Key bindings: action name → key ("next-turn" = "J").
    pub keys: BTreeMap<String, toml::Spanned<String>>,
    /// Themes added to the default codebook, or changes to (or removal of)
    /// a default theme.
    pub theme: Vec<ThemeEntry>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            user: UserConfig::default(),
            ingest: IngestConfig::default(),
            display: DisplayConfig::default(),
            speaker: Vec::new(),
            agenda: default_agenda(),
            keys: BTreeMap::new(),
            theme: Vec::new(),
        }
    }
}

/// A `[[theme]]` table: a new theme, or changes to the theme of that id.
/// Fields left out keep the default codebook's value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeEntry {
    pub id: String,
    pub label: Option<String>,
    /// The marker shown inline without colour (default: the label's initials).
    pub short: Option<String>,
    /// `#RRGGBB`.
    pub colour: Option<String>,
    /// One character: the key that picks the theme in the theme picker.
    pub key: Option<String>,
    pub description: Option<String>,
    pub keywords: Option<Vec<String>>,
    /// Nest under this (top-level) theme; `""` makes it top-level.
    pub parent: Option<String>,
    /// Remove the theme (and the themes nested under it).
    #[serde(default)]
    pub remove: bool,
}

/// Who is annotating.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserConfig {
    /// Name recorded as the author of tags; empty means the login name.
    pub name: String,
}

/// How files become documents.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestConfig {
    /// File extensions loaded from folders (files named on the command line
    /// are always loaded).
    pub extensions: Vec<String>,
    /// Lines removed as web-site debris when a whole line matches one of these
    /// (case-insensitive; a trailing `*` matches any rest of the line).
    pub debris: Vec<String>,
    /// Keep extracted text of PDF, DOCX, HTML and caption files under the
    /// corpus's `.floor/cache/`, so they open at once the next time.
    pub cache: bool,
}

impl Default for IngestConfig {
    fn default() -> Self {
        Self {
            extensions: ["txt", "md", "pdf", "docx", "html", "htm", "vtt", "srt"]
                .map(String::from)
                .to_vec(),
            debris: DEFAULT_DEBRIS.iter().map(|s| s.to_string()).collect(),
            cache: true,
        }
    }
}

/// The debris patterns used unless the configuration gives its own.
pub const DEFAULT_DEBRIS: &[&str] = &[
    "Leave a Reply",
    "Leave a Comment",
    "Your email address will not be published*",
    "Back To Top",
    "Back to top of page",
    "skip to Main Content",
    "Skip to content",
    "Top of the page",
    "Dernière modification :*",
    "Share this:",
    "Share this article",
    "Print this page",
    "Cancel reply",
    "Required fields are marked *",
];

/// How the reader looks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DisplayConfig {
    /// Draw with ASCII characters only (for terminals without box drawing).
    pub ascii: bool,
    /// Capture the mouse in the reader (clicks, the wheel). Off: the
    /// terminal's own selection copies text, also over SSH.
    pub mouse: bool,
    /// Columns of the tree beside the text (0: three tenths of the width,
    /// 22 to 40 columns).
    pub tree_width: u16,
    /// Where the reader's export (`E`) writes; empty: the current folder.
    pub export_dir: String,
}

/// A speaker for the registry: a delegation, group or person.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeakerEntry {
    /// The canonical display name.
    pub name: String,
    #[serde(default)]
    pub role: Role,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Demonyms ("French") that name the entry in phrases such as "the French
    /// and German ministers".
    #[serde(default)]
    pub adjectives: Vec<String>,
}

/// One title of the agenda vocabulary and the words that mean it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaEntry {
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

fn default_agenda() -> Vec<AgendaEntry> {
    let entry = |title: &str, aliases: &[&str]| AgendaEntry {
        title: title.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        entry(
            "Existing and potential threats",
            &["threats", "existing and emerging threats"],
        ),
        entry(
            "Rules, norms and principles",
            &[
                "norms",
                "rules, norms and principles of responsible state behaviour",
            ],
        ),
        entry("International law", &["how international law applies"]),
        entry(
            "Confidence-building measures",
            &["confidence building measures", "CBMs"],
        ),
        entry("Capacity building", &["capacity-building"]),
        entry(
            "Regular institutional dialogue",
            &[
                "institutional dialogue",
                "regular institutional dialogue with the broad participation of states",
            ],
        ),
    ]
}

/// A configuration file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line and column of the problem, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// An error at a byte span of the file's text.
    pub fn at_span(
        path: &Path,
        source: &str,
        span: std::ops::Range<usize>,
        message: String,
    ) -> Self {
        let (line, column) = line_column(source, span.start);
        Self {
            path: path.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message,
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..source.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl Config {
    /// Parses configuration text; `path` names the file in errors.
    pub fn parse(source: &str, path: &Path) -> Result<Self, ConfigError> {
        toml::from_str::<Config>(source).map_err(|e| {
            let message = e.message().trim().to_string();
            match e.span() {
                Some(span) => ConfigError::at_span(path, source, span, message),
                None => ConfigError {
                    path: path.to_path_buf(),
                    line: None,
                    column: None,
                    message,
                },
            }
        })
    }

    /// Loads the configuration: `explicit` if given (it must exist), else
    /// `$XDG_CONFIG_HOME/floor/config.toml` (or the platform's equivalent) if
    /// it exists, else the defaults.
    pub fn load(explicit: Option<&Path>) -> Result<(Self, Option<PathBuf>), ConfigError> {
        let (path, required) = match explicit {
            Some(path) => (path.to_path_buf(), true),
            None => match default_path() {
                Some(path) => (path, false),
                None => return Ok((Self::default(), None)),
            },
        };
        match std::fs::read_to_string(&path) {
            Ok(source) => Ok((Self::parse(&source, &path)?, Some(path))),
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
                Ok((Self::default(), None))
            }
            Err(e) => Err(ConfigError {
                path,
                line: None,
                column: None,
                message: format!("cannot read the configuration file: {e}"),
            }),
        }
    }
}

/// Where floor looks for its configuration when no `--config` is given.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(dirs::config_dir)?;
    Some(base.join("floor").join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_file_documents_exactly_the_defaults() {
        let example = include_str!("../config.example.toml");
        let parsed = Config::parse(example, Path::new("config.example.toml")).unwrap();
        // The example shows how to add a speaker and a key binding; both are
        // additions, not defaults.
        let expected = Config {
            speaker: parsed.speaker.clone(),
            keys: parsed.keys.clone(),
            theme: parsed.theme.clone(),
            ..Config::default()
        };
        assert_eq!(parsed, expected);
        assert!(
            !parsed.speaker.is_empty(),
            "the example shows a speaker entry"
        );
        assert!(!parsed.theme.is_empty(), "the example shows a theme entry");
        // The codebook the example describes is the bundled one plus its entries.
        let book = crate::annotate::Codebook::with_config(&parsed.theme);
        assert!(book.get("ai").is_some());
        assert_eq!(
            book.themes.len(),
            crate::annotate::Codebook::default().themes.len() + 1
        );
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let source = "[user]\nname = \"A\"\n\n[ingest]\nextensions = 3\n";
        let err = Config::parse(source, Path::new("/tmp/floor.toml")).unwrap_err();
        assert_eq!(err.line, Some(5));
        assert_eq!(err.column, Some(14));
        let shown = err.to_string();
        assert!(shown.starts_with("/tmp/floor.toml:5:14: "), "{shown}");
        assert!(shown.contains("sequence"), "{shown}");
    }

    #[test]
    fn unknown_options_are_errors() {
        let err = Config::parse("[ingest]\ndebri = []\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("unknown field"), "{}", err.message);
    }

    #[test]
    fn partial_files_keep_other_defaults() {
        let config = Config::parse("[user]\nname = \"Ana\"\n", Path::new("c.toml")).unwrap();
        assert_eq!(config.user.name, "Ana");
        assert_eq!(config.ingest, IngestConfig::default());
        assert_eq!(config.agenda, default_agenda());
    }

    #[test]
    fn an_explicit_missing_file_is_an_error() {
        let err = Config::load(Some(Path::new("/nonexistent/floor.toml"))).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/floor.toml"));
    }
}
