//! The speaker registry: canonical names of delegations and groups with their
//! aliases and adjectives, and finding them in running text.
//!
//! The built-in registry (`assets/registry.toml`) lists the UN member States,
//! observer States, the EU and the usual groups; the configuration adds to it
//! (`[[speaker]]` tables of the same shape), for example to make
//! "Ambassador Gafoor" the chair.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};
use serde::Deserialize;

use crate::config::SpeakerEntry;
use crate::model::Role;
use crate::text::fold::fold_str;

/// The same registry as data: (name, role, aliases, adjectives).
type BuiltinEntry = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);
const BUILTIN_ENTRIES: &[BuiltinEntry] = include!(concat!(env!("OUT_DIR"), "/registry.rs"));

fn role_from_name(name: &str) -> Role {
    Role::ALL
        .into_iter()
        .find(|r| r.as_str() == name)
        .unwrap_or(Role::Unknown)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    speaker: Vec<SpeakerEntry>,
}

/// A registry name found in running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index of the entry (see [`Registry::entry`]).
    pub entry: usize,
    /// Byte range of the words in the text searched.
    pub range: Range<usize>,
    /// Found through an adjective ("French") rather than a name.
    pub adjective: bool,
}

/// Canonical speakers with lookup by name and a matcher for running text.
#[derive(Debug, Clone)]
pub struct Registry {
    entries: Vec<SpeakerEntry>,
    by_key: HashMap<String, usize>,
    /// Case-insensitive names, aliases and adjectives.
    words: AhoCorasick,
    word_targets: Vec<(usize, bool)>,
    /// Acronyms ("US", "EU", "UK") match only in capitals, so "us" is not the
    /// United States.
    acronyms: AhoCorasick,
    acronym_targets: Vec<(usize, bool)>,
}

impl Registry {
    /// The built-in registry, compiled in from `assets/registry.toml` by the
    /// build script.
    pub fn builtin() -> Self {
        let entries = BUILTIN_ENTRIES
            .iter()
            .map(|(name, role, aliases, adjectives)| SpeakerEntry {
                name: name.to_string(),
                role: role_from_name(role),
                aliases: aliases.iter().map(|s| s.to_string()).collect(),
                adjectives: adjectives.iter().map(|s| s.to_string()).collect(),
            })
            .collect();
        Self::from_entries(entries)
    }

    /// A registry from the TOML text of a registry file.
    pub fn from_toml(source: &str) -> Result<Self, toml::de::Error> {
        let file: RegistryFile = toml::from_str(source)?;
        Ok(Self::from_entries(file.speaker))
    }

    /// A registry of these entries; a later entry with the name of an earlier
    /// one replaces its role and adds its aliases.
    pub fn from_entries(entries: Vec<SpeakerEntry>) -> Self {
        let mut merged: Vec<SpeakerEntry> = Vec::with_capacity(entries.len());
        let mut index: HashMap<String, usize> = HashMap::new();
        for entry in entries {
            let key = name_key(&entry.name);
            // An entry may extend one that is known under its name or one of
            // its aliases: `name = "Ambassador Gafoor", role = "chair"` or
            // `name = "Iran"`.
            match index.get(&key).copied() {
                Some(i) => {
                    let existing = &mut merged[i];
                    existing.role = entry.role;
                    for alias in &entry.aliases {
                        index.entry(name_key(alias)).or_insert(i);
                    }
                    existing.aliases.extend(entry.aliases);
                    existing.adjectives.extend(entry.adjectives);
                }
                None => {
                    let i = merged.len();
                    index.insert(key, i);
                    for alias in &entry.aliases {
                        index.entry(name_key(alias)).or_insert(i);
                    }
                    merged.push(entry);
                }
            }
        }
        Self::build(merged)
    }

    /// This registry with more entries (from the configuration) on top.
    pub fn extended(&self, more: &[SpeakerEntry]) -> Self {
        if more.is_empty() {
            return self.clone();
        }
        let mut all = self.entries.clone();
        all.extend(more.iter().cloned());
        Self::from_entries(all)
    }

    fn build(entries: Vec<SpeakerEntry>) -> Self {
        let mut by_key = HashMap::new();
        let mut word_patterns = Vec::new();
        let mut word_targets = Vec::new();
        let mut acronym_patterns = Vec::new();
        let mut acronym_targets = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let names = std::iter::once(&entry.name)
                .chain(&entry.aliases)
                .map(|n| (n, false))
                .chain(entry.adjectives.iter().map(|a| (a, true)));
            for (name, adjective) in names {
                if !adjective {
                    by_key.entry(name_key(name)).or_insert(i);
                }
                if is_acronym(name) {
                    acronym_patterns.push(name.clone());
                    acronym_targets.push((i, adjective));
                    continue;
                }
                for variant in spelling_variants(name) {
                    word_patterns.push(variant);
                    word_targets.push((i, adjective));
                }
            }
        }
        let build = |patterns: &[String], insensitive: bool| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(insensitive)
                // Built at every start: a DFA would scan faster but takes
                // tens of milliseconds to build.
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .start_kind(StartKind::Anchored)
                .build(patterns)
                .expect("registry patterns build")
        };
        Self {
            words: build(&word_patterns, true),
            acronyms: build(&acronym_patterns, false),
            entries,
            by_key,
            word_targets,
            acronym_targets,
        }
    }

    pub fn entries(&self) -> &[SpeakerEntry] {
        &self.entries
    }

    pub fn entry(&self, index: usize) -> &SpeakerEntry {
        &self.entries[index]
    }

    /// The entry a whole name refers to: "The Netherlands", "Iran", "UK".
    /// Case, diacritics, a leading "the", surrounding punctuation and
    /// no-break spaces do not matter.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.by_key.get(&name_key(name)).copied()
    }

    /// Every registry name in `text`, in order, whole words only.
    ///
    /// Names are capitalised in running text, so matching is tried only where
    /// a word starts with a capital (or a non-ASCII letter): an anchored
    /// search at a few positions instead of a scan of every byte.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        let mut found = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let starts_word =
                (b.is_ascii_uppercase() || b >= 0xC0) && (i == 0 || !is_word_byte_before(bytes, i));
            if !starts_word {
                i += 1;
                continue;
            }
            let input = Input::new(text)
                .span(i..bytes.len())
                .anchored(Anchored::Yes);
            let hit = [
                (&self.words, &self.word_targets),
                (&self.acronyms, &self.acronym_targets),
            ]
            .into_iter()
            .find_map(|(matcher, targets)| {
                let m = matcher.find(input.clone())?;
                is_word_boundary(bytes, m.start(), m.end()).then(|| {
                    let (entry, adjective) = targets[m.pattern().as_usize()];
                    Mention {
                        entry,
                        range: m.start()..m.end(),
                        adjective,
                    }
                })
            });
            match hit {
                Some(m) => {
                    i = m.range.end;
                    found.push(m);
                }
                None => i += 1,
            }
        }
        found
    }
}

/// The key a name is looked up by: folded case and diacritics, single spaces,
/// no leading "the", no surrounding punctuation.
pub fn name_key(name: &str) -> String {
    let folded = fold_str(name);
    let mut words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    let joined = words.join(" ");
    joined
        .trim_matches(|c: char| !c.is_alphanumeric() && c != ')')
        .replace(['’', '`'], "'")
}

fn is_acronym(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters) && name.chars().all(|c| c.is_ascii_uppercase() || c == '-')
}

/// The spellings of a name that running text may use: as written, without
/// diacritics, and with straight or curly apostrophes.
fn spelling_variants(name: &str) -> Vec<String> {
    let mut variants = vec![name.to_string()];
    if !name.is_ascii() {
        variants.push(name.to_lowercase());
        let folded = fold_str(name);
        if folded.is_ascii() {
            variants.push(folded);
        }
    }
    for v in variants.clone() {
        if v.contains('\'') {
            variants.push(v.replace('\'', "’"));
        } else if v.contains('’') {
            variants.push(v.replace('’', "'"));
        }
    }
    variants.sort();
    variants.dedup();
    variants
}

fn is_word_boundary(bytes: &[u8], start: usize, end: usize) -> bool {
    let before_ok = start == 0 || !is_word_byte_before(bytes, start);
    let after_ok = end == bytes.len() || !is_word_byte_after(bytes, end);
    before_ok && after_ok
}

fn is_word_byte_before(bytes: &[u8], at: usize) -> bool {
    let b = bytes[at - 1];
    if b.is_ascii() {
        return b.is_ascii_alphanumeric();
    }
    // A non-ASCII letter (é) before the match: find the char it ends.
    let text = String::from_utf8_lossy(&bytes[at.saturating_sub(4)..at]);
    text.chars().last().is_some_and(char::is_alphanumeric)
}

fn is_word_byte_after(bytes: &[u8], at: usize) -> bool {
    let b = bytes[at];
    if b.is_ascii() {
        return b.is_ascii_alphanumeric();
    }
    let text = String::from_utf8_lossy(&bytes[at..(at + 4).min(bytes.len())]);
    text.chars().next().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(registry: &Registry, text: &str) -> Option<String> {
        registry
            .lookup(text)
            .map(|i| registry.entry(i).name.clone())
    }

    #[test]
    fn the_compiled_registry_equals_its_toml_source() {
        let source = include_str!("../../assets/registry.toml");
        let parsed = Registry::from_toml(source).unwrap();
        assert_eq!(parsed.entries(), Registry::builtin().entries());
        assert_eq!(
            parsed
                .entries()
                .iter()
                .filter(|e| e.role == Role::Delegation)
                .count(),
            193
        );
    }

    #[test]
    fn aliases_resolve_to_canonical_names() {
        let registry = Registry::builtin();
        let expect = [
            ("Iran", "Islamic Republic of Iran"),
            ("The Netherlands  ", "Netherlands"),
            ("The Netherlands\u{a0}\u{a0}", "Netherlands"),
            ("Russia", "Russian Federation"),
            ("UK", "United Kingdom"),
            ("Turkey", "Türkiye"),
            ("turkiye", "Türkiye"),
            ("the Republic of Korea", "Republic of Korea"),
            ("EU", "European Union"),
        ];
        for (alias, canonical) in expect {
            assert_eq!(
                name_of(&registry, alias).as_deref(),
                Some(canonical),
                "{alias}"
            );
        }
        assert_eq!(name_of(&registry, "Ambassador Gafoor"), None);
    }

    #[test]
    fn mentions_find_whole_words_and_respect_acronym_case() {
        let registry = Registry::builtin();
        let text = "Let us thank the US, Brazil’s team, the Republic of Korea and Nigeria.";
        let names: Vec<_> = registry
            .mentions(text)
            .into_iter()
            .map(|m| registry.entry(m.entry).name.clone())
            .collect();
        assert_eq!(
            names,
            ["United States", "Brazil", "Republic of Korea", "Nigeria"]
        );
    }

    #[test]
    fn adjectives_are_mentions_marked_as_such() {
        let registry = Registry::builtin();
        let found = registry.mentions("the French and German ministers");
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|m| m.adjective));
        assert_eq!(registry.entry(found[0].entry).name, "France");
    }

    #[test]
    fn configuration_entries_extend_the_registry() {
        let registry = Registry::builtin().extended(&[SpeakerEntry {
            name: "Ambassador Gafoor".into(),
            role: Role::Chair,
            aliases: vec!["Chair Gafoor".into()],
            adjectives: vec![],
        }]);
        let i = registry.lookup("chair gafoor").expect("alias known");
        assert_eq!(registry.entry(i).role, Role::Chair);
        assert_eq!(registry.entry(i).name, "Ambassador Gafoor");
    }
}
