//! The one fuzzy matcher of every picker (speakers, themes, the speaker and
//! theme indexes): `nucleo-matcher`, the matcher of helix and television,
//! which ranks by score (a name starting with the filter first, then a run
//! of letters above letters scattered through a name).
//!
//! Case is ignored and diacritics are normalised ("turk" finds "Türkiye");
//! each word of the filter must match (in any order, letters of a word in
//! order). An empty filter keeps every name in the order given.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

/// A name with where it came from.
struct Named<'a>(usize, &'a str);

impl AsRef<str> for Named<'_> {
    fn as_ref(&self) -> &str {
        self.1
    }
}

/// The indices of the names that match `filter`, best score first; names
/// with equal scores keep the order given.
pub fn rank<'a>(filter: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
    let pattern = Pattern::new(
        filter,
        CaseMatching::Ignore,
        Normalization::Smart,
        AtomKind::Fuzzy,
    );
    // A name that starts with what was typed comes first: people type the
    // start of a delegation's name ("german" for Germany, not for "France
    // and Germany").
    let mut config = Config::DEFAULT;
    config.prefer_prefix = true;
    let mut matcher = Matcher::new(config);
    pattern
        .match_list(
            names.into_iter().enumerate().map(|(i, n)| Named(i, n)),
            &mut matcher,
        )
        .into_iter()
        .map(|(named, _)| named.0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::rank;

    const NAMES: [&str; 5] = [
        "Germany",
        "Egypt",
        "Türkiye",
        "European Union",
        "Ambassador Gafoor",
    ];

    #[test]
    fn an_empty_filter_keeps_every_name_in_order() {
        assert_eq!(rank("", NAMES), [0, 1, 2, 3, 4]);
        assert_eq!(rank("  ", NAMES), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn letters_in_order_match_and_a_prefix_ranks_first() {
        // "eg": Egypt starts with it; Ambassador Gafoor and European Union
        // hold the letters apart, or not at all.
        let found = rank("eg", NAMES);
        assert_eq!(found.first(), Some(&1));
        assert!(!found.contains(&2));
        assert_eq!(rank("gfr", NAMES), [4]);
        let joint = ["France and Germany", "Germany"];
        assert_eq!(rank("german", joint), [1, 0]);
    }

    #[test]
    fn case_and_diacritics_are_ignored() {
        assert_eq!(rank("TURK", NAMES), [2]);
        assert_eq!(rank("türk", NAMES), [2]);
    }

    #[test]
    fn every_word_of_the_filter_must_match() {
        assert_eq!(rank("union euro", NAMES), [3]);
        assert!(rank("union egypt", NAMES).is_empty());
    }
}
