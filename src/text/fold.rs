//! Case- and diacritic-insensitive matching for search.
//!
//! [`fold`] maps a text to a *folded* form — lower case, Latin letters
//! stripped of their diacritics — keeping, for every folded byte, the offset
//! of the original character it came from, so that matches found in the
//! folded form ([`find_all`]) can be highlighted in the original.
//!
//! Folding works character by character, without context, so folding a slice
//! of a text gives exactly the matching slice of the folded text. For each
//! character, in order:
//!
//! 1. [`char::to_lowercase`] (`İ` gives `i` plus a combining dot, dropped in 3).
//! 2. Latin letters with diacritics become their base letters: all of
//!    Latin-1 Supplement and Latin Extended-A (U+00C0–U+017F: `ü`→`u`,
//!    `ő`→`o`, `ł`→`l`, `ı`→`i`, `ß`→`ss`, `æ`→`ae`, `œ`→`oe`, `ĳ`→`ij`,
//!    `þ`→`th`, `ø`→`o`, `ð`→`d`), `ș` and `ț`, the pinyin and Vietnamese
//!    letters of Latin Extended-B and Latin Extended Additional, and the
//!    `ﬁ`-style ligatures. Also: Russian `ё`→`е`, Greek final `ς`→`σ`; curly
//!    apostrophes and quotes become `'` and `"`, no-break spaces a space,
//!    U+2010/U+2011 hyphens `-`.
//! 3. Combining marks are dropped: the combining diacritical blocks
//!    (U+0300–U+036F and its supplements), and Arabic harakat and tatweel.
//!
//! Everything else is kept as lowercased. ASCII-only text takes a fast path.

use std::ops::Range;

use memchr::memmem;

/// The folded form of `text` and, for each byte of the folded form, the byte offset in `text` of the char it came from.
///
/// `origin` has one more entry than `text` has bytes: the last is the length
/// of the original text, so `origin[i]..origin[j]` is always a valid range
/// of the original for folded positions `i <= j` that start characters.
/// `origin` never decreases.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Folded {
    pub text: String,
    pub origin: Vec<u32>,
}

/// Base letters for U+00C0–U+00FF; `.` marks the special cases handled in
/// [`latin_base`], `*` a character kept as it is (`×`, `÷`).
const LATIN_1: &str = "aaaaaa.ceeeeiiiidnooooo*ouuuuy..aaaaaa.ceeeeiiiidnooooo*ouuuuy.y";

/// Base letters for U+0100–U+017F (`.` for `ĳ` and `œ`, two letters each).
const LATIN_EXT_A: &str = concat!(
    "aaaaaaccccccccdd",
    "ddeeeeeeeeeegggg",
    "gggghhhhiiiiiiii",
    "ii..jjkkklllllll",
    "lllnnnnnnnnnoooo",
    "oo..rrrrrrssssss",
    "ssttttttuuuuuuuu",
    "uuuuwwyyyzzzzzzs",
);

/// Base letters for the Vietnamese block U+1EA0–U+1EF9.
const VIETNAMESE: &str = concat!(
    "aaaaaaaaaaaaaaaaaaaaaaaa",
    "eeeeeeeeeeeeeeee",
    "iiii",
    "oooooooooooooooooooooooo",
    "uuuuuuuuuuuuuu",
    "yyyyyyyy",
);

/// The base letters of a (lowercased) Latin letter with a diacritic or a
/// ligature, if it is one.
fn latin_base(c: char) -> Option<&'static str> {
    let table = |table: &'static str, first: u32| {
        let i = (c as u32 - first) as usize;
        &table[i..=i]
    };
    let base = match c {
        '\u{00C0}'..='\u{00FF}' => table(LATIN_1, 0xC0),
        '\u{0100}'..='\u{017F}' => table(LATIN_EXT_A, 0x100),
        '\u{1EA0}'..='\u{1EF9}' => table(VIETNAMESE, 0x1EA0),
        'ș' | 'Ș' => "s",
        'ț' | 'Ț' => "t",
        'ơ' | 'Ơ' => "o",
        'ư' | 'Ư' => "u",
        'ǎ' | 'Ǎ' => "a",
        'ǐ' | 'Ǐ' => "i",
        'ǒ' | 'Ǒ' => "o",
        '\u{01D3}'..='\u{01DC}' => "u", // ǔ ǖ ǘ ǚ ǜ and capitals
        'ǧ' | 'Ǧ' => "g",
        'ǩ' | 'Ǩ' => "k",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        _ => return None,
    };
    match base {
        "*" => None,
        "." => Some(match c {
            'æ' | 'Æ' => "ae",
            'ß' => "ss",
            'þ' | 'Þ' => "th",
            'ĳ' | 'Ĳ' => "ij",
            'œ' | 'Œ' => "oe",
            _ => unreachable!("no other special case in the Latin tables"),
        }),
        _ => Some(base),
    }
}

/// Whether `c` is dropped from the folded form.
fn is_dropped(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'       // combining diacritical marks
        | '\u{1AB0}'..='\u{1AFF}'     // … extended
        | '\u{1DC0}'..='\u{1DFF}'     // … supplement
        | '\u{20D0}'..='\u{20FF}'     // … for symbols
        | '\u{FE20}'..='\u{FE2F}'     // combining half marks
        | '\u{0610}'..='\u{061A}'     // Arabic signs
        | '\u{0640}'                  // Arabic tatweel
        | '\u{064B}'..='\u{065F}'     // Arabic harakat
        | '\u{0670}'                  // Arabic superscript alef
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}')
}

/// Appends the folded form of one (already lowercased) character.
fn push_lower(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
    } else if is_dropped(c) {
        // Nothing: marks fold away.
    } else if let Some(base) = latin_base(c) {
        out.push_str(base);
    } else {
        out.push(match c {
            'ё' => 'е',
            'ς' => 'σ',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
            '\u{2010}' | '\u{2011}' => '-',
            c => c,
        });
    }
}

/// Appends the folded form of `c` (what [`fold_str`] gives for it).
pub fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        for l in c.to_lowercase() {
            push_lower(l, out);
        }
    }
}

/// Folds `text` for matching, recording where each folded byte came from.
///
/// # Panics
///
/// If `text` is 4 GiB or longer (offsets are stored as `u32`).
pub fn fold(text: &str) -> Folded {
    let len = u32::try_from(text.len()).expect("text too long to fold (4 GiB or more)");
    if text.is_ascii() {
        return Folded {
            text: text.to_ascii_lowercase(),
            origin: (0..=len).collect(),
        };
    }
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        push_folded(c, &mut folded);
        // `i < len`, so it fits.
        origin.resize(folded.len(), i as u32);
    }
    origin.push(len);
    Folded {
        text: folded,
        origin,
    }
}

/// The folded form of `s` alone, for queries: equal to `fold(s).text`.
pub fn fold_str(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut folded = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(c, &mut folded);
    }
    folded
}

/// Byte ranges in `text` (original offsets) of every non-overlapping occurrence of `needle` (given already folded) in folded text.
///
/// Occurrences are found left to right. An occurrence counts only if it
/// covers whole original characters: `s` does not match half of the `ss`
/// that `ß` folds to. Each range starts at the original character of the
/// first matched byte and ends where the next kept character begins, so it
/// takes in combining marks that follow the last matched letter (`cafe`
/// matches all of `cafe\u{301}`); `fold_str(&text[range]) == needle`
/// always. An empty `needle` matches nothing.
pub fn find_all(folded: &Folded, needle: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    if needle.is_empty() {
        return found;
    }
    let hay = folded.text.as_bytes();
    let origin = &folded.origin;
    debug_assert_eq!(origin.len(), hay.len() + 1, "origin needs its end entry");
    let finder = memmem::Finder::new(needle.as_bytes());
    let mut pos = 0;
    while let Some(at) = finder.find(&hay[pos..]) {
        let start = pos + at;
        let end = start + needle.len();
        let starts_char = start == 0 || origin[start - 1] != origin[start];
        let ends_char = origin[end - 1] != origin[end];
        if starts_char && ends_char {
            found.push(origin[start] as usize..origin[end] as usize);
            pos = end;
        } else {
            pos = start + 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn find<'a>(text: &'a str, query: &str) -> Vec<&'a str> {
        find_all(&fold(text), &fold_str(query))
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold_str("Türkiye"), "turkiye");
        assert_eq!(fold_str("PROGRAMME"), "programme");
        assert_eq!(fold_str("Côte d’Ivoire"), "cote d'ivoire");
        assert_eq!(fold_str("Ærø"), "aero");
        assert_eq!(fold_str("Straße"), "strasse");
        assert_eq!(fold_str("Œuvre"), "oeuvre");
        assert_eq!(fold_str("Łódź"), "lodz");
        assert_eq!(fold_str("București, Țară"), "bucuresti, tara");
        assert_eq!(fold_str("Győr, Műegyetem"), "gyor, muegyetem");
        assert_eq!(fold_str("Ēā īū ė ę č š ž"), "ea iu e e c s z");
        assert_eq!(fold_str("Việt Nam"), "viet nam");
        assert_eq!(fold_str("İstanbul ıi"), "istanbul ii");
        assert_eq!(fold_str("e\u{301}te\u{301}"), "ete");
        assert_eq!(fold_str("ÉLYSÉE × ÷"), "elysee × ÷");
        assert_eq!(fold_str("Ёлка ΣΟΦΟΣ"), "елка σοφοσ");
        assert_eq!(fold_str("مُتَّحِدَة"), "متحدة");
        assert_eq!(fold_str("ﬁnance"), "finance");
        assert_eq!(fold_str("10\u{a0}000"), "10 000");
        assert_eq!(fold_str("联合国"), "联合国");
    }

    #[test]
    fn fold_records_origins() {
        let f = fold("Tür");
        assert_eq!(f.text, "tur");
        assert_eq!(f.origin, [0, 1, 3, 4]);
        let f = fold("ßA");
        assert_eq!(f.text, "ssa");
        assert_eq!(f.origin, [0, 0, 2, 3]);
        let f = fold("ABC");
        assert_eq!(f.text, "abc");
        assert_eq!(f.origin, [0, 1, 2, 3]);
        assert_eq!(
            fold(""),
            Folded {
                text: String::new(),
                origin: vec![0]
            }
        );
    }

    #[test]
    fn finds_with_original_ranges() {
        let text = "The representative of Türkiye said";
        let ranges = find_all(&fold(text), "turkiye");
        assert_eq!(ranges, vec![Range { start: 22, end: 30 }]);
        assert_eq!(&text[22..30], "Türkiye");

        assert_eq!(
            find("the PROGRAMME of the programme", "programme"),
            ["PROGRAMME", "programme"]
        );
        assert_eq!(
            find("Côte d'Ivoire and Côte d’Ivoire", "cote d'ivoire"),
            ["Côte d'Ivoire", "Côte d’Ivoire"]
        );
        assert_eq!(find("Straße and strasse", "STRASSE"), ["Straße", "strasse"]);
        // Combining marks after the match are part of it.
        assert_eq!(find("un cafe\u{301} noir", "cafe"), ["cafe\u{301}"]);
        assert_eq!(find("cafe\u{301}", "café"), ["cafe\u{301}"]);
        // Half of an expansion is not a match.
        assert_eq!(find("ß", "s"), Vec::<&str>::new());
        assert_eq!(find("sß", "ss"), ["ß"]);
        // Non-overlapping, left to right.
        assert_eq!(find_all(&fold("aaaa"), "aa"), [0..2, 2..4]);
        assert!(find_all(&fold("abc"), "").is_empty());
        assert!(find_all(&fold(""), "a").is_empty());
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            Just("a"),
            Just("S"),
            Just("s"),
            Just("ss"),
            Just("ß"),
            Just("ẞ"),
            Just("Ü"),
            Just("ü"),
            Just("u\u{308}"),
            Just("\u{301}"),
            Just("æ"),
            Just("AE"),
            Just("İ"),
            Just("ı"),
            Just("i"),
            Just("’"),
            Just("'"),
            Just("\u{a0}"),
            Just(" "),
            Just("ﬃ"),
            Just("f"),
            Just("Σ"),
            Just("ς"),
            Just("ё"),
            Just("مُ"),
            Just("联"),
        ];
        prop_oneof![
            prop::collection::vec(pieces, 0..30).prop_map(|v| v.concat()),
            any::<String>(),
        ]
    }

    fn char_bounds(s: &str) -> Vec<usize> {
        s.char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .collect()
    }

    proptest! {
        #[test]
        fn fold_is_consistent(text in text_strategy()) {
            let f = fold(&text);
            prop_assert_eq!(&f.text, &fold_str(&text));
            prop_assert_eq!(f.origin.len(), f.text.len() + 1);
            prop_assert!(f.origin.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(f.origin.iter().all(|&o| text.is_char_boundary(o as usize)));
        }

        #[test]
        fn matches_map_back(
            text in text_strategy(),
            a in any::<prop::sample::Index>(),
            b in any::<prop::sample::Index>(),
        ) {
            let bounds = char_bounds(&text);
            let (a, b) = (a.get(&bounds), b.get(&bounds));
            let (a, b) = (*a.min(b), *a.max(b));
            let needle = fold_str(&text[a..b]);
            let folded = fold(&text);
            let ranges = find_all(&folded, &needle);
            if needle.is_empty() {
                prop_assert!(ranges.is_empty());
                return Ok(());
            }
            prop_assert!(!ranges.is_empty(), "the needle's own occurrence is found");
            let mut last = 0;
            for r in ranges {
                prop_assert!(r.start >= last && r.start < r.end);
                last = r.end;
                prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                prop_assert_eq!(&fold_str(&text[r]), &needle);
            }
        }
    }
}
