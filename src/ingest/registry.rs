//! The speaker registry: canonical names of delegations and groups with their
//! aliases and adjectives, and finding them in running text.
//!
//! The built-in registry (`assets/registry.toml`) lists the UN member States,
//! observer States, the EU and the usual groups; the configuration adds to it
//! (`[[speaker]]` tables of the same shape), for example to make
//! "Ambassador Gafoor" the chair.
//!
//! One file over ~600 lines, one thing: the registry's entries and the
//! hashed name table that finds them in running text are built and read
//! by the same keys (about 640 lines of code, then their tests).

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;

use crate::config::SpeakerEntry;
use crate::model::Role;
use crate::text::fold::fold_str;
use crate::text::utf8::utf8_len;

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
    by_key: HashMap<String, usize, BuildWordHasher>,
    /// Case-insensitive names, aliases and adjectives.
    words: Names,
    /// Acronyms ("US", "EU", "UK") match only in capitals, so "us" is not the
    /// United States.
    acronyms: Names,
    /// `lookup` of each entry's name, known in advance.
    canonical: Vec<Option<usize>>,
    /// Each entry's name folded (lower case, no diacritics), for matching
    /// the stem of an adjective against it.
    folded_names: Vec<String>,
    /// Folded adjectives ("hongroise", "britanica") and the one entry each
    /// names; `None` when two entries share it.
    by_adjective: HashMap<String, Option<usize>, BuildWordHasher>,
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
        let mut index: HashMap<String, usize, BuildWordHasher> = HashMap::default();
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
        let mut by_key = HashMap::default();
        let mut words = Vec::new();
        let mut acronyms = Vec::new();
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
                    acronyms.push((name.clone(), i, adjective));
                    continue;
                }
                for variant in spelling_variants(name) {
                    words.push((variant, i, adjective));
                }
            }
        }
        let index = |names: &[(String, usize, bool)], ignore_case: bool| {
            Names::new(
                ignore_case,
                names.iter().map(|(n, i, a)| (n.as_str(), *i, *a)),
            )
        };
        let mut by_adjective: HashMap<String, Option<usize>, BuildWordHasher> = HashMap::default();
        for (i, entry) in entries.iter().enumerate() {
            for adjective in &entry.adjectives {
                by_adjective
                    .entry(fold_str(adjective))
                    .and_modify(|e| {
                        if *e != Some(i) {
                            *e = None;
                        }
                    })
                    .or_insert(Some(i));
            }
        }
        let mut registry = Self {
            words: index(&words, true),
            acronyms: index(&acronyms, false),
            folded_names: entries.iter().map(|e| fold_str(&e.name)).collect(),
            by_adjective,
            entries,
            by_key,
            canonical: Vec::new(),
        };
        registry.canonical = (0..registry.entries.len())
            .map(|i| registry.lookup(&registry.entries[i].name))
            .collect();
        registry
    }

    pub fn entries(&self) -> &[SpeakerEntry] {
        &self.entries
    }

    /// Entry `index`'s name, folded (lower case, no diacritics).
    pub fn folded_name(&self, index: usize) -> &str {
        &self.folded_names[index]
    }

    /// The entry a folded adjective of the registry names: `Some(None)`
    /// when it names two, `None` when it names none.
    pub fn adjective(&self, folded: &str) -> Option<Option<usize>> {
        self.by_adjective.get(folded).copied()
    }

    pub fn entry(&self, index: usize) -> &SpeakerEntry {
        &self.entries[index]
    }

    /// [`Registry::lookup`] of the name of entry `index` (itself, unless an
    /// earlier entry has that name as an alias).
    pub fn lookup_name_of(&self, index: usize) -> Option<usize> {
        self.canonical[index]
    }

    /// The entry a whole name refers to: "The Netherlands", "Iran", "UK".
    /// Case, diacritics, a leading "the", surrounding punctuation and
    /// no-break spaces do not matter.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        let mut buf = [0u8; 96];
        match ascii_name_key(name, &mut buf) {
            Some(key) => self.by_key.get(key).copied(),
            None => self.by_key.get(&folded_name_key(name)).copied(),
        }
    }

    /// Every registry name in `text`, in order, whole words only.
    ///
    /// Names are capitalised in running text, so matching is tried only where
    /// a word starts with a capital (or a non-ASCII letter): there, the
    /// longest name that the text starts with counts if it ends a word; else
    /// the longest acronym (matched in capitals only) if it ends a word.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        self.mentions_iter(text).collect()
    }

    /// [`Registry::mentions`] one at a time, for callers that stop at the
    /// first that fits.
    pub fn mentions_iter<'r, 't>(&'r self, text: &'t str) -> Mentions<'r, 't> {
        Mentions {
            registry: self,
            bytes: text.as_bytes(),
            at: 0,
        }
    }
}

/// The registry names in a text, in order: see [`Registry::mentions`].
#[derive(Debug, Clone)]
pub struct Mentions<'r, 't> {
    registry: &'r Registry,
    bytes: &'t [u8],
    at: usize,
}

impl Iterator for Mentions<'_, '_> {
    type Item = Mention;

    fn next(&mut self) -> Option<Mention> {
        let bytes = self.bytes;
        let mut i = self.at;
        while i < bytes.len() {
            i = next_capital(bytes, i);
            if i >= bytes.len() {
                break;
            }
            if i > 0 && is_word_byte_before(bytes, i) {
                i += 1;
                continue;
            }
            let word_end = word_end(bytes, i);
            let word = &bytes[i..word_end];
            let hash = word_hash(word);
            let found = |names: &Names| {
                let (entry, end, adjective) = names.longest_at(bytes, i, word_end, hash)?;
                is_word_boundary(bytes, i, end).then_some(Mention {
                    entry,
                    range: i..end,
                    adjective,
                })
            };
            // An acronym's first word is in capitals, as the text's must be.
            let capitals = word.len() < 2 || word[1].is_ascii_uppercase();
            let hit = found(&self.registry.words)
                .or_else(|| capitals.then(|| found(&self.registry.acronyms)).flatten());
            match hit {
                Some(m) => {
                    self.at = m.range.end;
                    return Some(m);
                }
                // No word starts inside this one.
                None => i = word_end.max(i + 1),
            }
        }
        self.at = bytes.len();
        None
    }
}

/// The first position at or after `from` holding a capital ASCII letter or
/// the lead byte of a non-ASCII character (where a name may start), or the
/// end. Sixteen bytes are tested at once, which lower-case prose passes.
#[inline]
fn next_capital(bytes: &[u8], from: usize) -> usize {
    let may_start = |b: u8| b.is_ascii_uppercase() | (b >= 0xC0);
    let mut at = from;
    while at + 16 <= bytes.len() {
        let chunk = &bytes[at..at + 16];
        if chunk.iter().fold(false, |any, &b| any | may_start(b)) {
            break;
        }
        at += 16;
    }
    bytes[at..]
        .iter()
        .position(|&b| may_start(b))
        .map_or(bytes.len(), |i| at + i)
}

/// [`name_key`] of an ASCII name without allocating, in `buf`; `None` when
/// the name is not ASCII or longer than `buf` (then `name_key` decides).
fn ascii_name_key<'b>(name: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    if !name.is_ascii() || name.len() > buf.len() {
        return None;
    }
    // Lowercase words joined by single spaces (ASCII folds to lower case
    // and nothing else; the whitespace of `char::is_whitespace`)...
    let mut len = 0;
    let mut space = false;
    for &b in name.as_bytes() {
        if matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            space = len > 0;
            continue;
        }
        if space {
            buf[len] = b' ';
            len += 1;
            space = false;
        }
        buf[len] = b.to_ascii_lowercase();
        len += 1;
    }
    // ...without a leading "the" before another word...
    let mut start = if buf[..len].starts_with(b"the ") {
        4
    } else {
        0
    };
    // ...trimmed of punctuation but for a closing parenthesis, with
    // backquotes read as apostrophes.
    let keep = |b: u8| b.is_ascii_alphanumeric() || b == b')';
    while start < len && !keep(buf[start]) {
        start += 1;
    }
    while len > start && !keep(buf[len - 1]) {
        len -= 1;
    }
    let key = &mut buf[start..len];
    for b in key.iter_mut() {
        if *b == b'`' {
            *b = b'\'';
        }
    }
    std::str::from_utf8(key).ok()
}

/// The key a name is looked up by: folded case and diacritics, single spaces,
/// no leading "the", no surrounding punctuation.
pub fn name_key(name: &str) -> String {
    let mut buf = [0u8; 96];
    match ascii_name_key(name, &mut buf) {
        Some(key) => key.to_string(),
        None => folded_name_key(name),
    }
}

/// [`name_key`] of any name, through [`fold_str`].
fn folded_name_key(name: &str) -> String {
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

/// Registry names found by their first word: the names that can start at a
/// word of running text are those filed under that word, tried longest
/// first. A lookup hashes the word where it stands (no copy, no key
/// comparison: the candidates are compared with the text anyway), and
/// building is a hash-map insertion per name (two automata took
/// milliseconds to build at every start, for matches tried only at the few
/// capitalised words).
#[derive(Debug, Clone, Default)]
struct Names {
    /// Open addressing by [`word_hash`] of the first word, a power of two
    /// long; a slot with an empty list is free.
    slots: Vec<Slot>,
    /// The names of each slot, longest first, then in the order added.
    lists: Vec<u32>,
    names: Vec<Name>,
    ignore_case: bool,
    /// The longest first word filed: longer words are not looked up.
    longest_word: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    hash: u64,
    start: u32,
    len: u32,
}

#[derive(Debug, Clone)]
struct Name {
    /// ASCII-lowercased when matching ignores case.
    bytes: Box<[u8]>,
    first_word: usize,
    entry: usize,
    adjective: bool,
}

impl Names {
    /// The index of `names` (name, entry, adjective), matched ignoring ASCII
    /// case or not.
    fn new<'a>(ignore_case: bool, names: impl IntoIterator<Item = (&'a str, usize, bool)>) -> Self {
        let mut index = Self {
            ignore_case,
            ..Self::default()
        };
        let mut by_hash: HashMap<u64, Vec<u32>, BuildWordHasher> = HashMap::default();
        for (name, entry, adjective) in names {
            let mut bytes = name.as_bytes().to_vec();
            if ignore_case {
                bytes.make_ascii_lowercase();
            }
            let first_word = word_end(&bytes, 0);
            index.longest_word = index.longest_word.max(first_word);
            let i = u32::try_from(index.names.len()).expect("fewer than 2^32 names");
            by_hash
                .entry(word_hash(&bytes[..first_word]))
                .or_default()
                .push(i);
            index.names.push(Name {
                bytes: bytes.into(),
                first_word,
                entry,
                adjective,
            });
        }
        let size = (by_hash.len() * 2).next_power_of_two().max(2);
        index.slots = vec![Slot::default(); size];
        let mut hashes: Vec<u64> = by_hash.keys().copied().collect();
        hashes.sort_unstable();
        for hash in hashes {
            let mut list = by_hash.remove(&hash).unwrap_or_default();
            // As a leftmost-longest automaton picks them.
            list.sort_by_key(|&i| std::cmp::Reverse(index.names[i as usize].bytes.len()));
            let mut at = hash as usize & (size - 1);
            while index.slots[at].len != 0 {
                at = (at + 1) & (size - 1);
            }
            index.slots[at] = Slot {
                hash,
                start: index.lists.len() as u32,
                len: list.len() as u32,
            };
            index.lists.extend(list);
        }
        index
    }

    /// The longest name that `bytes[at..]` starts with, whose first word is
    /// `bytes[at..word_end]`: (entry, end, adjective).
    /// `hash` is the [`word_hash`] of the first word.
    fn longest_at(
        &self,
        bytes: &[u8],
        at: usize,
        word_end: usize,
        hash: u64,
    ) -> Option<(usize, usize, bool)> {
        let word = &bytes[at..word_end];
        if word.len() > self.longest_word || self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        let slot = loop {
            let slot = self.slots[i];
            if slot.len == 0 {
                return None;
            }
            if slot.hash == hash {
                break slot;
            }
            i = (i + 1) & mask;
        };
        let rest = &bytes[at..];
        self.lists[slot.start as usize..(slot.start + slot.len) as usize]
            .iter()
            .map(|&i| &self.names[i as usize])
            .find(|name| {
                // Same first word (its length, then the whole name compared).
                name.first_word == word.len()
                    && rest.len() >= name.bytes.len()
                    && if self.ignore_case {
                        rest[..name.bytes.len()].eq_ignore_ascii_case(&name.bytes)
                    } else {
                        rest[..name.bytes.len()] == *name.bytes
                    }
            })
            .map(|name| (name.entry, at + name.bytes.len(), name.adjective))
    }
}

/// A hash of a word that ignores ASCII case: FxHash (as in rustc) of the
/// word's bytes with bit 5 set, then the finaliser of MurmurHash3 (so that
/// the low bits, which pick the slot, depend on the whole word). Setting bit
/// 5 lowercases ASCII letters, keeps digits, and merges some non-ASCII bytes,
/// which only makes rare candidates that the comparison rejects.
fn word_hash(word: &[u8]) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let add = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let mut h = add(0, word.len() as u64);
    let mut chunks = word.chunks_exact(8);
    for chunk in &mut chunks {
        h = add(
            h,
            u64::from_le_bytes(chunk.try_into().expect("8 bytes")) | LOWER,
        );
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        h = add(
            h,
            u64::from_le_bytes(last) | (LOWER >> (8 * (8 - rest.len()))),
        );
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// The end of the word starting at `at`: letters and digits, non-ASCII ones
/// included (as `is_word_byte_after` counts them).
fn word_end(bytes: &[u8], at: usize) -> usize {
    let mut k = at;
    while let Some(&b) = bytes.get(k) {
        if b.is_ascii_alphanumeric() {
            k += 1;
        } else if !b.is_ascii() && is_word_byte_after(bytes, k) {
            // The text is valid UTF-8, so `b` leads a sequence.
            k += utf8_len(b).unwrap_or(1);
        } else {
            break;
        }
    }
    k.min(bytes.len())
}

/// FxHash (as in rustc) with a final mix, for the short words of the name
/// index: SipHash's protection against chosen keys is not needed for a
/// fixed set of names, and a lookup per capitalised word should cost a few
/// nanoseconds. Without the final mix the low bits, which pick the bucket,
/// would depend on the first letters of a word alone.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

type BuildWordHasher = std::hash::BuildHasherDefault<WordHasher>;

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn finish(&self) -> u64 {
        // The finaliser of MurmurHash3.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
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
    use proptest::prelude::*;

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

    /// The matcher `mentions` used before the name index: an anchored
    /// leftmost-longest automaton tried at each capitalised word.
    fn automaton_mentions(registry: &Registry, text: &str) -> Vec<Mention> {
        use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
        let mut words = (Vec::new(), Vec::new());
        let mut acronyms = (Vec::new(), Vec::new());
        for (i, entry) in registry.entries().iter().enumerate() {
            let names = std::iter::once(&entry.name)
                .chain(&entry.aliases)
                .map(|n| (n, false))
                .chain(entry.adjectives.iter().map(|a| (a, true)));
            for (name, adjective) in names {
                if is_acronym(name) {
                    acronyms.0.push(name.clone());
                    acronyms.1.push((i, adjective));
                } else {
                    for variant in spelling_variants(name) {
                        words.0.push(variant);
                        words.1.push((i, adjective));
                    }
                }
            }
        }
        let build = |patterns: &[String], insensitive: bool| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(insensitive)
                .start_kind(StartKind::Anchored)
                .build(patterns)
                .unwrap()
        };
        let matchers = [
            (build(&words.0, true), words.1),
            (build(&acronyms.0, false), acronyms.1),
        ];
        let bytes = text.as_bytes();
        let mut found = Vec::new();
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
            let hit = matchers.iter().find_map(|(matcher, targets)| {
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

    #[test]
    fn mentions_agree_with_an_anchored_automaton() {
        let registry = Registry::builtin();
        let mut texts: Vec<String> = crate::ingest::sample::sources()
            .iter()
            .map(|s| String::from_utf8_lossy(s.embedded.unwrap()).into_owned())
            .collect();
        texts.extend(
            [
                "Nigeria, Niger, Nigerian and NIGERIA; the US, us, USA and US-EU talks.",
                "Côte d’Ivoire, Cote d'Ivoire, CÔTE D’IVOIRE, Türkiye’s, TÜRKIYE, Türkiyes.",
                "Guinea-Bissau, Guinea, Papua New Guinea, Equatorial Guinea-ish, GuineaX.",
                "The Democratic People’s Republic of Korea and the Republic of Korea's.",
                "United States of America, United States, United Kingdom of, UK’s, EU’s.",
                "Éire, Ängland, “France”, «Germany», (Brazil), [Chile], Mexico2, 2Peru.",
                "Bosnia and Herzegovina and Trinidad and Tobago, Saint Kitts and Nevis.",
            ]
            .map(String::from),
        );
        for text in &texts {
            assert_eq!(
                registry.mentions(text),
                automaton_mentions(&registry, text),
                "{text}"
            );
        }
    }

    /// Registry names, in their case or in capitals or lower case.
    fn name_piece() -> impl Strategy<Value = String> {
        let registry = Registry::builtin();
        let names: Vec<String> = registry
            .entries()
            .iter()
            .flat_map(|e| {
                std::iter::once(e.name.clone())
                    .chain(e.aliases.iter().cloned())
                    .chain(e.adjectives.iter().cloned())
            })
            .collect();
        (prop::sample::select(names), 0..4u8).prop_map(|(name, case)| match case {
            0 => name.to_uppercase(),
            1 => name.to_lowercase(),
            2 => name.chars().take(name.len() / 2).collect(),
            _ => name,
        })
    }

    fn joiner() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            " ", ", ", "-", "’s ", "'s ", "n ", "s", ".", "é", "É", "2", "“", " and ", "of ",
            " the ", "(", ") ", "\u{a0}", "x",
        ])
    }

    proptest::proptest! {
        #[test]
        fn mentions_agree_with_the_automaton_on_names_strung_together(
            pieces in prop::collection::vec((name_piece(), joiner()), 0..12)
        ) {
            let registry = Registry::builtin();
            let text: String = pieces.iter().map(|(n, j)| format!("{n}{j}")).collect();
            proptest::prop_assert_eq!(
                registry.mentions(&text),
                automaton_mentions(&registry, &text)
            );
        }

        #[test]
        fn ascii_name_key_is_name_key(name in "(?:[tThHeE]{0,4}|[ \t`.,()'-]|[a-zA-Z]{1,3}){0,8}") {
            let mut buf = [0u8; 96];
            let key = folded_name_key(&name);
            proptest::prop_assert_eq!(ascii_name_key(&name, &mut buf), Some(key.as_str()));
        }
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
